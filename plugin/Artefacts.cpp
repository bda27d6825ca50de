#include "Artefacts.h"
#include "Markers.h"
#include "TokenLog.h"
#include "TxRegions.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace stmpass {

using namespace clang;

static void walk(const Stmt *S, llvm::DenseSet<unsigned> &Out) {
  if (!S)
    return;
  if (auto *If = dyn_cast<IfStmt>(S)) {
    TxKind K;
    if (If->getElse() && (isTxStmt(If, K) || isCancelStmt(If)))
      Out.insert(If->getElseLoc().getRawEncoding());
  }
  for (const Stmt *C : S->children())
    walk(C, Out);
}

void collectArtefacts(const TokenLog &Log, TranslationUnitDecl *TU,
                      llvm::DenseSet<unsigned> &Out) {
  auto Loc = [&](unsigned I) { return Log[I].getLocation().getRawEncoding(); };
  for (unsigned I = 0; I + 6 < Log.size(); ++I) {
    const Token &T = Log[I];
    if (!T.is(tok::identifier) || Log.isPredefined(I))
      continue;
    StringRef N = T.getIdentifierInfo()->getName();
    bool Cancel = N == CancelMarker;
    bool Stmt = false;
    for (unsigned K = 0; K < NumTxKinds; ++K)
      Stmt = Stmt || N == StmtMarker[K];
    if (!Cancel && !Stmt)
      continue;
    // `M ( ) , 1 )` then the user's tokens.
    unsigned Next = I + 6;
    if (Next + 4 < Log.size() && Log[Next].is(tok::l_square) &&
        Log[Next + 1].is(tok::l_square) && Log[Next + 2].is(tok::identifier) &&
        Log[Next + 2].getIdentifierInfo()->getName() == "outer" &&
        Log[Next + 3].is(tok::r_square) && Log[Next + 4].is(tok::r_square)) {
      for (unsigned J = Next; J < Next + 5; ++J)
        Out.insert(Loc(J));
      Next += 5;
    }
    if (Cancel && Next < Log.size() && Log[Next].is(tok::semi))
      Out.insert(Loc(Next));
  }
  for (Decl *D : TU->decls())
    if (auto *FD = dyn_cast<FunctionDecl>(D))
      if (FD->doesThisDeclarationHaveABody())
        walk(FD->getBody(), Out);
}

} // namespace stmpass
