// What a call inside a transaction is, for instrumentation and checks.
#ifndef STMPASS_CALLS_H
#define STMPASS_CALLS_H

#include <string>

namespace clang {
class ASTContext;
class CallExpr;
class SourceManager;
class Decl;
class FunctionDecl;
} // namespace clang

namespace stmpass {

enum class CallClass {
  Pure,        // no shared memory effect: called as it is
  Alloc,       // malloc/calloc/realloc/free: the runtime's versions
  MemRange,    // memcpy/memmove/memset, strcpy...: the runtime's versions (they write)
  LibRead,     // strlen, strcmp, memchr, atoi...: the runtime's versions (read only)
  Output,      // known output functions: irrevocable (instrumented) in relaxed
  Unsafe,      // unknown effects (extern, asm-like builtins, atomics)
  SameFile,    // a function whose body is in this translation unit
  SafeExtern,  // transaction_safe, defined elsewhere
  Callable,    // transaction_callable / transaction_unsafe
  Indirect,    // through a pointer
};

struct CallInfo {
  CallClass Class;
  const clang::FunctionDecl *Callee = nullptr;
  std::string Runtime; // for Alloc/MemRange: the runtime function
  unsigned RuntimeArgs = 0; // how many of the call's arguments it takes
  std::string Name;    // for messages
  std::string Why;     // for Unsafe known libc functions: the reason, for the error
  // A fortified inline wrapper (glibc's strcpy at -D_FORTIFY_SOURCE): the
  // object-size builtin its body passes to __builtin___X_chk, and its type;
  // the call becomes stm_X_chk with that size of the destination.
  std::string ObjSizeFn;
  long ObjSizeType = -1;
};

CallInfo classifyCall(const clang::CallExpr *CE, const clang::SourceManager &SM,
                      const clang::ASTContext &Ctx);

// The first declaration of FD written in the source.  (getFirstDecl() may be
// the implicit declaration clang makes of a library builtin, e.g. `log`, at
// the name of the user's first declaration.)
const clang::FunctionDecl *firstWrittenDecl(const clang::FunctionDecl *FD,
                                            const clang::SourceManager &SM);

// The TM attribute (without "transaction_") a declaration carries, or "".
std::string tmAttribute(const clang::Decl *D);

} // namespace stmpass

#endif
