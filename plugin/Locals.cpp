#include "Locals.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

namespace stmpass {

using namespace clang;

const Expr *selected(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (auto *G = dyn_cast<GenericSelectionExpr>(E); G && !G->isResultDependent())
      E = G->getResultExpr();
    else if (auto *C = dyn_cast<ChooseExpr>(E); C && !C->isConditionDependent())
      E = C->getChosenSubExpr();
    else
      return E;
  }
}

Expr *selected(Expr *E) { return const_cast<Expr *>(selected(static_cast<const Expr *>(E))); }

const VarDecl *rootVariable(const Expr *E) {
  while (E) {
    E = selected(E);
    if (auto *DR = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DR->getDecl());
    if (auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
      continue;
    }
    if (auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      auto *Decay = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
      if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
        return nullptr;
      E = Decay->getSubExpr();
      continue;
    }
    if (auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_Real || UO->getOpcode() == UO_Imag) {
        E = UO->getSubExpr();
        continue;
      }
      return nullptr;
    }
    if (auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      if (IC->getCastKind() == CK_NoOp || IC->getCastKind() == CK_LValueBitCast) {
        E = IC->getSubExpr();
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

namespace {
// A plain walk over the body (no RecursiveASTVisitor: less to compile).
class EscapeWalk {
public:
  explicit EscapeWalk(llvm::DenseSet<const VarDecl *> &Out) : Out(Out) {}

  void walk(const Stmt *S) {
    if (!S)
      return;
    if (isa<UnaryExprOrTypeTraitExpr>(S))
      return; // sizeof, _Alignof: unevaluated
    if (auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (auto *V = dyn_cast<VarDecl>(D)) {
          // Variably modified objects live below the frame's fixed part;
          // keep them on the barrier path.
          if (V->hasLocalStorage() && V->getType()->isVariablyModifiedType())
            Out.insert(V);
          walk(V->getInit());
        }
      return;
    }
    if (auto *UO = dyn_cast<UnaryOperator>(S))
      if (UO->getOpcode() == UO_AddrOf)
        escape(UO->getSubExpr());
    if (auto *AS = dyn_cast<ArraySubscriptExpr>(S))
      Harmless.insert(AS->getBase()->IgnoreParens());
    if (auto *IC = dyn_cast<ImplicitCastExpr>(S))
      if (IC->getCastKind() == CK_ArrayToPointerDecay && !Harmless.count(IC))
        escape(IC->getSubExpr());
    for (const Stmt *C : S->children())
      walk(C);
  }

private:
  void escape(const Expr *E) {
    if (const VarDecl *V = rootVariable(E))
      if (V->hasLocalStorage())
        Out.insert(V);
  }
  llvm::DenseSet<const VarDecl *> &Out;
  llvm::DenseSet<const Expr *> Harmless;
};
} // namespace

void EscapeInfo::compute(const FunctionDecl *FD) {
  Escaped.clear();
  if (!FD->hasBody())
    return;
  EscapeWalk(Escaped).walk(FD->getBody());
}

} // namespace stmpass
