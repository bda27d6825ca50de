// Which automatic variables of a function have their address taken.  Such a
// variable may be reached through a pointer inside a transaction, so every
// access to it there goes through barriers; the others are accessed
// directly and, when the transaction writes them, saved and restored.
#ifndef STMPASS_LOCALS_H
#define STMPASS_LOCALS_H

#include "llvm/ADT/DenseSet.h"

namespace clang {
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace stmpass {

class EscapeInfo {
public:
  void compute(const clang::FunctionDecl *FD);
  bool escapes(const clang::VarDecl *V) const { return Escaped.count(V) != 0; }

private:
  llvm::DenseSet<const clang::VarDecl *> Escaped;
};

// E without parentheses, _Generic and __builtin_choose_expr: the
// expression that is actually evaluated.
const clang::Expr *selected(const clang::Expr *E);
clang::Expr *selected(clang::Expr *E);

// The variable an lvalue designates part of (x in x, x.f, x[i] for an
// array x, __real__ x), or null when the lvalue goes through a pointer.
const clang::VarDecl *rootVariable(const clang::Expr *LValue);

} // namespace stmpass

#endif
