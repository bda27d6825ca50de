#include "Prelude.h"
#include "Markers.h"

#include "clang/Basic/TargetInfo.h"

namespace stmpass {

using clang::TargetInfo;

static void define(std::string &S, const std::string &Name, const std::string &Body) {
  S += "#define " + Name + " " + Body + "\n";
}

std::string buildPrelude(const TargetInfo &TI, const std::string &AbiHeader) {
  std::string S = "# 1 \"<stmpass prelude>\" 3\n";
  for (unsigned K = 0; K < NumTxKinds; ++K) {
    define(S, KeywordName[K], Dispatcher[K]);
    define(S, Dispatcher[K], StmtMacro[K]);
    define(S, DispatchToStmt[K], StmtMacro[K]);
    define(S, DispatchToExpr[K], ExprMacro[K]);
    // `, 1`: flow analysis (uninitialised use, missing return) sees a block
    // that always runs, as it does at run time.
    define(S, StmtMacro[K], std::string("if (") + StmtMarker[K] + "(), 1)");
    define(S, std::string(ExprMacro[K]) + "(...)",
           std::string("(") + ExprMarker[K] + "(), (__VA_ARGS__))");
    S += std::string("void ") + StmtMarker[K] + "(void);\n";
    S += std::string("void ") + ExprMarker[K] + "(void);\n";
  }
  define(S, CancelKeyword, std::string("if (") + CancelMarker + "(), 1)");
  S += std::string("__attribute__((__noreturn__)) void ") + CancelMarker + "(void);\n";

  // The ABI header without libc: the integer types it needs as macros
  // (see the comment in stm/abi.h).  Built-in macros may be missing when
  // the input is already preprocessed, hence the fallbacks.
  struct TypeMacro {
    const char *Name;
    TargetInfo::IntType Type;
  };
  const TypeMacro Types[] = {
      {"int8_t", TI.getIntTypeByWidth(8, true)},
      {"uint8_t", TI.getIntTypeByWidth(8, false)},
      {"int16_t", TI.getIntTypeByWidth(16, true)},
      {"uint16_t", TI.getIntTypeByWidth(16, false)},
      {"int32_t", TI.getIntTypeByWidth(32, true)},
      {"uint32_t", TI.getIntTypeByWidth(32, false)},
      {"int64_t", TI.getInt64Type()},
      {"uint64_t", TI.getUInt64Type()},
      {"intptr_t", TI.getIntPtrType()},
      {"uintptr_t", TI.getUIntPtrType()},
      {"size_t", TI.getSizeType()},
      {"ptrdiff_t", TI.getPtrDiffType(clang::LangAS::Default)},
  };
  define(S, "STM_ABI_NO_LIBC", "1");
  // Typed barriers only for naturally aligned lvalues (Access.cpp,
  // knownAlignment): the header's alignment test can go.
  define(S, "STM_ABI_TYPED_ALIGNED", "1");
  for (const TypeMacro &T : Types)
    define(S, T.Name, TargetInfo::getTypeName(T.Type));
  const char *Atomics[] = {"__ATOMIC_RELAXED", "__ATOMIC_CONSUME", "__ATOMIC_ACQUIRE",
                           "__ATOMIC_RELEASE", "__ATOMIC_ACQ_REL", "__ATOMIC_SEQ_CST"};
  for (unsigned I = 0; I < 6; ++I)
    S += std::string("#ifndef ") + Atomics[I] + "\n#define " + Atomics[I] + " " +
         std::to_string(I) + "\n#endif\n";
  S += "#include \"" + AbiHeader + "\"\n";
  for (const TypeMacro &T : Types)
    S += std::string("#undef ") + T.Name + "\n";
  S += "#undef STM_ABI_NO_LIBC\n#undef STM_ABI_TYPED_ALIGNED\n";
  S += "# 1 \"<built-in>\" 3\n";
  return S;
}

std::string insertPrelude(const std::string &Predefines, const std::string &Prelude) {
  static const char CommandLine[] = "# 1 \"<command line>\" 1\n";
  std::string::size_type At = Predefines.find(CommandLine);
  if (At == std::string::npos)
    return Predefines + "\n" + Prelude;
  std::string S = Predefines;
  S.insert(At, Prelude);
  return S;
}

} // namespace stmpass
