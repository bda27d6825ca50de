#include "TxRegions.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

namespace stmpass {

using namespace clang;

static const CallExpr *markerCallOfComma(const Expr *E) {
  auto *BO = dyn_cast_or_null<BinaryOperator>(E ? E->IgnoreParens() : nullptr);
  if (!BO || BO->getOpcode() != BO_Comma)
    return nullptr;
  return dyn_cast<CallExpr>(BO->getLHS()->IgnoreParenImpCasts());
}

static StringRef calleeName(const CallExpr *CE) {
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  return FD && FD->getIdentifier() ? FD->getName() : StringRef();
}

bool isMarkerCall(const Expr *E) {
  auto *CE = dyn_cast_or_null<CallExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
  return calleeName(CE).starts_with("__stmpass_");
}

bool isTxStmt(const IfStmt *If, TxKind &Kind) {
  StringRef N = calleeName(markerCallOfComma(If->getCond()));
  for (unsigned K = 0; K < NumTxKinds; ++K)
    if (N == StmtMarker[K]) {
      Kind = (TxKind)K;
      return true;
    }
  return false;
}

bool isCancelStmt(const IfStmt *If) {
  return calleeName(markerCallOfComma(If->getCond())) == CancelMarker;
}

bool isTxExpr(const ParenExpr *P, TxKind &Kind, Expr *&Value) {
  auto *BO = dyn_cast<BinaryOperator>(P->getSubExpr());
  if (!BO || BO->getOpcode() != BO_Comma)
    return false;
  StringRef N = calleeName(dyn_cast<CallExpr>(BO->getLHS()->IgnoreParenImpCasts()));
  for (unsigned K = 0; K < NumTxKinds; ++K)
    if (N == ExprMarker[K]) {
      Kind = (TxKind)K;
      Value = BO->getRHS();
      if (auto *Inner = dyn_cast<ParenExpr>(Value))
        Value = Inner->getSubExpr();
      return true;
    }
  return false;
}

} // namespace stmpass
