#include "Calls.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

namespace stmpass {

using namespace clang;

std::string tmAttribute(const Decl *D) {
  if (!D)
    return std::string();
  for (const AnnotateAttr *A : D->specific_attrs<AnnotateAttr>()) {
    StringRef N = A->getAnnotation();
    if (N.consume_front("stm.transaction_"))
      return N.str();
  }
  return std::string();
}

// Functions that read nothing shared through pointers and write nothing
// the transaction could observe (math, character classes, failing asserts).
static bool isPureName(StringRef N) {
  N.consume_front("__builtin_");
  static const char *const Pure[] = {
      "abs", "labs", "llabs", "imaxabs", "div", "ldiv", "lldiv",
      "__errno_location", "__ctype_b_loc", "__ctype_tolower_loc", "__ctype_toupper_loc",
      "toupper", "tolower", "isalnum", "isalpha", "isblank", "iscntrl", "isdigit",
      "isgraph", "islower", "isprint", "ispunct", "isspace", "isupper", "isxdigit",
      "abort", "__assert_fail", "__assert_perror_fail", "__assert", "__stack_chk_fail",
      "expect", "expect_with_probability", "assume", "assume_aligned", "unreachable",
      "trap", "debugtrap", "constant_p", "object_size", "dynamic_object_size", "prefetch",
      "classify_type", "return_address", "frame_address", "alloca",
      "alloca_with_align", "huge_val", "huge_valf", "huge_vall", "inf", "inff", "infl",
      "nan", "nanf", "nanl", "isnan", "isinf", "isfinite", "isnormal", "isinf_sign",
      "fpclassify", "signbit", "signbitf", "signbitl", "isgreater", "isgreaterequal",
      "isless", "islessequal", "islessgreater", "isunordered",
      // libstm's own API, transaction-aware (stm_add_task buffers the task
      // until the transaction commits: docs/TASKS.md).
      "stm_add_task", "stm_version"};
  for (const char *P : Pure)
    if (N == P)
      return true;
  // Families: bit operations and <math.h>, with their f/l variants.
  static const char *const Prefix[] = {"bswap", "clz", "ctz", "popcount", "parity", "ffs",
                                       "clrsb", "bitreverse", "rotateleft", "rotateright"};
  for (const char *P : Prefix)
    if (N.starts_with(P))
      return true;
  StringRef M = N;
  if (M.size() > 1 && (M.ends_with("f") || M.ends_with("l")))
    M = M.drop_back();
  static const char *const Math[] = {
      "fabs", "sqrt", "cbrt", "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
      "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "exp", "exp2", "expm1", "log",
      "log2", "log10", "log1p", "logb", "pow", "floor", "ceil", "round", "trunc", "rint",
      "nearbyint", "lround", "llround", "lrint", "llrint", "fmod", "remainder", "fmin",
      "fmax", "fdim", "fma", "hypot", "copysign", "erf", "erfc", "tgamma", "ldexp",
      "scalbn", "scalbln", "ilogb", "nextafter"};
  for (const char *P : Math)
    if (M == P)
      return true;
  return false;
}

static bool isOutputName(StringRef N) {
  N.consume_front("__builtin_");
  return llvm::StringSwitch<bool>(N)
      .Cases("printf", "fprintf", "vprintf", "vfprintf", "dprintf", "vdprintf", true)
      .Cases("puts", "fputs", "putchar", "putc", "fputc", "fwrite", "fflush", true)
      .Cases("perror", "write", "writev", "pwrite", "putwchar", "putwc", "fputwc", true)
      .Cases("wprintf", "fwprintf", "vwprintf", "vfwprintf", "fputws", true)
      .Cases("__printf_chk", "__fprintf_chk", "__vprintf_chk", "__vfprintf_chk", true)
      .Cases("__dprintf_chk", "__vdprintf_chk", "_IO_putc", "putchar_unlocked", true)
      .Cases("putc_unlocked", "fputc_unlocked", "fwrite_unlocked", "fputs_unlocked", true)
      .Cases("syslog", "vsyslog", "__syslog_chk", "__vsyslog_chk", true)
      .Default(false);
}

CallInfo classifyCall(const CallExpr *CE, const SourceManager &SM) {
  CallInfo I;
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD) {
    I.Class = CallClass::Indirect;
    return I;
  }
  I.Callee = FD;
  I.Name = FD->getName().str();
  StringRef N = FD->getName();

  // Attributes first: the user's redeclaration wins (STAMP declares
  // assert-like helpers transaction_pure).
  std::string A;
  for (const FunctionDecl *R : FD->redecls())
    if (A.empty())
      A = tmAttribute(R);
  // Except for libc's qsort, which GCC programs declare transaction_pure to
  // sort inside transactions (GCC's libitm writes in place): it writes its
  // array, which may hold this transaction's writes, still only in the log.
  if (N == "qsort" && CE->getNumArgs() == 4 && !FD->hasBody()) {
    I.Class = CallClass::MemRange;
    I.Runtime = "stm_qsort";
    I.RuntimeArgs = 4;
    return I;
  }
  if (A == "pure") {
    I.Class = CallClass::Pure;
    return I;
  }

  struct Map {
    const char *Name, *Runtime;
    unsigned Args;
    CallClass Class;
  };
  static const Map Known[] = {
      {"malloc", "stm_malloc", 1, CallClass::Alloc},
      {"calloc", "stm_calloc", 2, CallClass::Alloc},
      {"realloc", "stm_realloc", 2, CallClass::Alloc},
      {"free", "stm_free", 1, CallClass::Alloc},
      {"memcpy", "stm_memcpy", 3, CallClass::MemRange},
      {"memmove", "stm_memmove", 3, CallClass::MemRange},
      {"memset", "stm_memset", 3, CallClass::MemRange},
      {"__builtin_malloc", "stm_malloc", 1, CallClass::Alloc},
      {"__builtin_calloc", "stm_calloc", 2, CallClass::Alloc},
      {"__builtin_realloc", "stm_realloc", 2, CallClass::Alloc},
      {"__builtin_free", "stm_free", 1, CallClass::Alloc},
      {"__builtin_memcpy", "stm_memcpy", 3, CallClass::MemRange},
      {"__builtin_memmove", "stm_memmove", 3, CallClass::MemRange},
      {"__builtin_memset", "stm_memset", 3, CallClass::MemRange},
      // _FORTIFY_SOURCE: the object size is checked by the runtime's bounds.
      {"__builtin___memcpy_chk", "stm_memcpy", 3, CallClass::MemRange},
      {"__builtin___memmove_chk", "stm_memmove", 3, CallClass::MemRange},
      {"__builtin___memset_chk", "stm_memset", 3, CallClass::MemRange},
      {"__memcpy_chk", "stm_memcpy", 3, CallClass::MemRange},
      {"__memmove_chk", "stm_memmove", 3, CallClass::MemRange},
      {"__memset_chk", "stm_memset", 3, CallClass::MemRange},
  };
  for (const Map &M : Known)
    if (N == M.Name && CE->getNumArgs() >= M.Args) {
      I.Class = M.Class;
      I.Runtime = M.Runtime;
      I.RuntimeArgs = M.Args;
      return I;
    }

  // The user's own function, whatever its name: cloned.  (Library names
  // below are trusted only for library code: system headers or no body.)
  const FunctionDecl *Def = nullptr;
  bool Body = FD->hasBody(Def);
  if (Body && !SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())) &&
      A != "callable" && A != "unsafe") {
    I.Class = CallClass::SameFile;
    I.Callee = Def;
    return I;
  }
  if (isPureName(N)) {
    I.Class = CallClass::Pure;
    return I;
  }
  if (isOutputName(N)) {
    I.Class = CallClass::Output;
    return I;
  }
  if (A == "callable" || A == "unsafe") {
    I.Class = CallClass::Callable;
    if (A == "callable" && Body)
      I.Callee = Def; // relaxed transactions call its clone
    return I;
  }
  if (FD->getBuiltinID() && N.starts_with("__builtin_")) {
    I.Class = CallClass::Unsafe;
    return I;
  }
  if (Body) {
    I.Class = CallClass::SameFile;
    I.Callee = Def;
    return I;
  }
  I.Class = A == "safe" ? CallClass::SafeExtern : CallClass::Unsafe;
  return I;
}

} // namespace stmpass
