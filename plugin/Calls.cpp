#include "Calls.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

namespace stmpass {

using namespace clang;

const FunctionDecl *firstWrittenDecl(const FunctionDecl *FD, const SourceManager &SM) {
  const FunctionDecl *Best = nullptr;
  for (const FunctionDecl *R : FD->redecls())
    if (!R->isImplicit() && R->getBeginLoc().isValid() &&
        (!Best || SM.isBeforeInTranslationUnit(R->getBeginLoc(), Best->getBeginLoc())))
      Best = R;
  return Best ? Best : FD->getFirstDecl();
}

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


namespace {
struct KnownFn {
  const char *Name, *Runtime;
  unsigned Args;
  CallClass Class;
  bool Chk; // has __builtin___<name>_chk / __<name>_chk forms
};
} // namespace

static const KnownFn KnownFns[] = {
    {"malloc", "stm_malloc", 1, CallClass::Alloc, false},
    {"calloc", "stm_calloc", 2, CallClass::Alloc, false},
    {"realloc", "stm_realloc", 2, CallClass::Alloc, false},
    {"free", "stm_free", 1, CallClass::Alloc, false},
    {"strdup", "stm_strdup", 1, CallClass::Alloc, false},
    {"strndup", "stm_strndup", 2, CallClass::Alloc, false},
    {"__strdup", "stm_strdup", 1, CallClass::Alloc, false},
    {"__strndup", "stm_strndup", 2, CallClass::Alloc, false},
    {"memcpy", "stm_memcpy", 3, CallClass::MemRange, true},
    {"memmove", "stm_memmove", 3, CallClass::MemRange, true},
    {"memset", "stm_memset", 3, CallClass::MemRange, true},
    {"strcpy", "stm_strcpy", 2, CallClass::MemRange, true},
    {"stpcpy", "stm_stpcpy", 2, CallClass::MemRange, true},
    {"strncpy", "stm_strncpy", 3, CallClass::MemRange, true},
    {"strcat", "stm_strcat", 2, CallClass::MemRange, true},
    {"strncat", "stm_strncat", 3, CallClass::MemRange, true},
    // They write *endptr (and errno).
    {"strtol", "stm_strtol", 3, CallClass::MemRange, false},
    {"strtoul", "stm_strtoul", 3, CallClass::MemRange, false},
    {"strtoll", "stm_strtoll", 3, CallClass::MemRange, false},
    {"strtoull", "stm_strtoull", 3, CallClass::MemRange, false},
    {"strtod", "stm_strtod", 2, CallClass::MemRange, false},
    {"strtof", "stm_strtof", 2, CallClass::MemRange, false},
    {"strlen", "stm_strlen", 1, CallClass::LibRead, false},
    {"strnlen", "stm_strnlen", 2, CallClass::LibRead, false},
    {"strcmp", "stm_strcmp", 2, CallClass::LibRead, false},
    {"strncmp", "stm_strncmp", 3, CallClass::LibRead, false},
    {"memcmp", "stm_memcmp", 3, CallClass::LibRead, false},
    {"bcmp", "stm_memcmp", 3, CallClass::LibRead, false},
    {"strchr", "stm_strchr", 2, CallClass::LibRead, false},
    {"strrchr", "stm_strrchr", 2, CallClass::LibRead, false},
    {"index", "stm_strchr", 2, CallClass::LibRead, false},
    {"rindex", "stm_strrchr", 2, CallClass::LibRead, false},
    {"memchr", "stm_memchr", 3, CallClass::LibRead, false},
    {"strstr", "stm_strstr", 2, CallClass::LibRead, false},
    {"strspn", "stm_strspn", 2, CallClass::LibRead, false},
    {"strcspn", "stm_strcspn", 2, CallClass::LibRead, false},
    {"strpbrk", "stm_strpbrk", 2, CallClass::LibRead, false},
    {"atoi", "stm_atoi", 1, CallClass::LibRead, false},
    {"atol", "stm_atol", 1, CallClass::LibRead, false},
    {"atoll", "stm_atoll", 1, CallClass::LibRead, false},
    {"atof", "stm_atof", 1, CallClass::LibRead, false},
};

// NAME, __builtin_NAME, and for Chk entries __builtin___NAME_chk and
// __NAME_chk.
static const KnownFn *lookupKnown(StringRef N, bool &Chk) {
  Chk = false;
  if (N.consume_front("__builtin___") || (N.starts_with("__") && N.ends_with("_chk") &&
                                          N.consume_front("__"))) {
    if (!N.consume_back("_chk"))
      return nullptr;
    Chk = true;
  } else {
    N.consume_front("__builtin_");
  }
  for (const KnownFn &K : KnownFns)
    if (N == K.Name && (!Chk || K.Chk))
      return &K;
  return nullptr;
}

// libc functions deliberately unsafe (an error in atomic transactions,
// serial irrevocable in relaxed ones), with the reason given in the error.
static const char *unsafeLibReason(StringRef N) {
  N.consume_front("__builtin_");
  if (N.consume_back("_chk"))
    N.consume_front("__");
  return llvm::StringSwitch<const char *>(N)
      .Cases("qsort_r", "bsearch", "lfind", "lsearch",
             "it calls its comparison function and accesses the array outside the "
             "transaction")
      .Cases("tsearch", "tfind", "tdelete", "twalk", "twalk_r",
             "it calls its comparison function and accesses the tree outside the transaction")
      .Cases("read", "pread", "readv", "fread", "fgets", "gets", "getline", "getdelim",
             "input writes its buffer outside the transaction")
      .Cases("getchar", "getc", "fgetc", "ungetc", "scanf", "fscanf", "vscanf", "vfscanf",
             "input cannot be undone")
      .Cases("sprintf", "snprintf", "vsprintf", "vsnprintf", "asprintf", "vasprintf",
             "it writes its buffer outside the transaction")
      .Cases("sscanf", "vsscanf", "it writes through its pointers outside the transaction")
      .Cases("strtok", "strerror", "getenv", "setenv", "putenv", "rand", "srand",
             "it uses hidden static state")
      .Cases("fopen", "fclose", "open", "close", "system", "fork",
             "it has effects outside memory")
      .Default(nullptr);
}

// In the body of a fortified wrapper of Name (a system header's inline
// function), the call __builtin___<Name>_chk(dest, ..., OBJSIZE(dest, T)):
// OBJSIZE's name and T.
static bool fortifiedObjSize(const Stmt *S, StringRef Name, const ASTContext &Ctx,
                             std::string &Fn, long &Type) {
  if (!S)
    return false;
  if (auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *F = CE->getDirectCallee())
      if (F->getIdentifier() && F->getName() == ("__builtin___" + Name + "_chk").str() &&
          CE->getNumArgs()) {
        auto *OS = dyn_cast<CallExpr>(CE->getArg(CE->getNumArgs() - 1)->IgnoreParenImpCasts());
        const FunctionDecl *OF = OS ? OS->getDirectCallee() : nullptr;
        if (!OF || !OF->getIdentifier() || OS->getNumArgs() != 2 ||
            (OF->getName() != "__builtin_object_size" &&
             OF->getName() != "__builtin_dynamic_object_size"))
          return false;
        Expr::EvalResult R;
        if (!OS->getArg(1)->EvaluateAsInt(R, Ctx))
          return false;
        Fn = OF->getName().str();
        Type = (long)R.Val.getInt().getExtValue();
        return true;
      }
  for (const Stmt *C : S->children())
    if (fortifiedObjSize(C, Name, Ctx, Fn, Type))
      return true;
  return false;
}

// A function none of the lists covers: by its TM attribute.
static CallInfo userExtern(CallInfo &I, const FunctionDecl *FD, const std::string &A, bool Body,
                           const FunctionDecl *Def) {
  (void)FD;
  if (A == "callable" || A == "unsafe") {
    I.Class = CallClass::Callable;
    if (A == "callable" && Body)
      I.Callee = Def; // relaxed transactions call its clone
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

CallInfo classifyCall(const CallExpr *CE, const SourceManager &SM, const ASTContext &Ctx) {
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
  // The lists below name libc's functions: trusted only for libc's own
  // declarations (one in a system header, or one clang takes for the
  // library builtin, i.e. with its type), names reserved to the
  // implementation, and libstm's API.  A user's function called `index`,
  // `log` or `trap` is not libc's.
  bool Lib = FD->getBuiltinID() != 0 || N.starts_with("__") || N.starts_with("stm_");
  for (const FunctionDecl *R : FD->redecls())
    Lib = Lib || SM.isInSystemHeader(SM.getExpansionLoc(R->getLocation()));
  if (!Lib)
    return userExtern(I, FD, A, Body, Def);

  // libc functions the runtime has transactional versions of (also their
  // __builtin_ forms, and the _chk forms _FORTIFY_SOURCE produces, which
  // check the object size like glibc's).  A fortified inline wrapper in a system
  // header counts as the function it wraps.
  bool Chk;
  if (const KnownFn *K = lookupKnown(N, Chk); K && CE->getNumArgs() >= K->Args + Chk) {
    I.Class = K->Class;
    I.Runtime = K->Runtime;
    I.RuntimeArgs = K->Args;
    if (Chk) { // the object size is passed on and checked
      I.Runtime += "_chk";
      I.RuntimeArgs++;
    } else if (K->Chk && Body &&
               fortifiedObjSize(Def->getBody(), N, Ctx, I.ObjSizeFn, I.ObjSizeType)) {
      I.Runtime += "_chk"; // the size is computed at the call (CallRewrite.cpp)
    }
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
  if (const char *Why = unsafeLibReason(N)) {
    I.Class = CallClass::Unsafe;
    I.Why = Why;
    return I;
  }
  if (FD->getBuiltinID() && N.starts_with("__builtin_") && A != "callable" && A != "unsafe") {
    I.Class = CallClass::Unsafe;
    return I;
  }
  return userExtern(I, FD, A, Body, Def);
}

} // namespace stmpass
