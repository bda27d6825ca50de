// Leaving a transaction by break, continue, return or goto commits it
// first; entering one by goto or a case label is an error.
#include "Edits.h"
#include "Instrumenter.h"
#include "Printer.h"
#include "TokenLog.h"
#include "TypeText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

namespace stmpass {

using namespace clang;

// Commit the innermost Levels transactions, innermost first.
std::string Instrumenter::commits(size_t Levels) {
  std::string S;
  for (size_t I = 0; I < Levels; ++I)
    S += "stm_commit(" + Stack[Stack.size() - 1 - I]->txVar() + "); ";
  return S;
}

bool Instrumenter::crossesExpression(size_t Levels, SourceLocation Loc, const char *What) {
  for (size_t I = 0; I < Levels; ++I)
    if (Stack[Stack.size() - 1 - I]->ExprForm) {
      error(Loc, llvm::Twine("stmpass: ") + What +
                     " out of a transaction expression is not supported");
      return true;
    }
  return false;
}

// The `;` that ends a jump statement (its last token is the keyword or
// the label or the expression).
static int semicolonAfter(const TokenLog &Log, int Last) {
  if (Last < 0 || (unsigned)Last + 1 >= Log.size() || !Log[Last + 1].is(tok::semi))
    return -1;
  return Last + 1;
}

void Instrumenter::jumpOut(Stmt *S, bool IsBreak) {
  const Breakable *Target = nullptr;
  for (size_t I = Breaks.size(); I-- > 0;)
    if (IsBreak || Breaks[I].Loop) {
      Target = &Breaks[I];
      break;
    }
  if (!Target || Target->Depth >= Stack.size())
    return;
  size_t Levels = Stack.size() - Target->Depth;
  if (crossesExpression(Levels, S->getBeginLoc(), IsBreak ? "break" : "continue"))
    return;
  int K = tok(S->getBeginLoc()), Semi = semicolonAfter(Log, K);
  if (K < 0 || Semi < 0)
    return error(S->getBeginLoc(), "stmpass: internal error: cannot rewrite this jump");
  Ed->replace(K, Semi, "{ " + commits(Levels) + (IsBreak ? "break; }" : "continue; }"));
}

void Instrumenter::returnStmt(ReturnStmt *R) {
  size_t Levels = realLevels(); // a clone's return leaves no transaction
  if (!Levels)
    return;
  if (crossesExpression(Levels, R->getBeginLoc(), "return"))
    return;
  int K = tok(R->getReturnLoc());
  int Semi = semicolonAfter(Log, tok(R->getEndLoc()));
  if (K < 0 || Semi < 0)
    return error(R->getBeginLoc(), "stmpass: internal error: cannot rewrite this return");
  Expr *V = R->getRetValue();
  if (!V)
    return Ed->replace(K, Semi, "{ " + commits(Levels) + "return; }");
  QualType RT = Fn->getReturnType();
  std::string Value = render(V);
  if (RT->isVoidType())
    return Ed->replace(K, Semi, "{ " + Value + "; " + commits(Levels) + "return; }");
  // The value is computed inside the transaction, then it commits.
  std::string Tmp = fresh("__stm_ret");
  Ed->replace(K, Semi,
             "{ " + declare(RT.getUnqualifiedType(), Tmp, Ctx, Value) + " = (" + Value +
                 "); " + commits(Levels) + "return " + Tmp + "; }");
}

void Instrumenter::switchCase(SwitchCase *SC) {
  if (SwitchPaths.empty() || SwitchPaths.back() == Stack)
    return;
  error(SC->getKeywordLoc(), "stmpass: case label jumps into a transaction");
}

void Instrumenter::resolveGotos() {
  for (const PendingGoto &G : Gotos) {
    auto It = LabelPaths.find(G.G->getLabel());
    if (It == LabelPaths.end())
      continue; // an undefined label: clang has said so
    const std::vector<Transaction *> &LP = It->second;
    bool Prefix = LP.size() <= G.Path.size() &&
                  std::equal(LP.begin(), LP.end(), G.Path.begin());
    if (!Prefix) {
      error(G.G->getGotoLoc(), "stmpass: goto into a transaction");
      continue;
    }
    size_t Levels = G.Path.size() - LP.size();
    if (!Levels)
      continue;
    std::vector<Transaction *> Saved = Stack;
    Stack = G.Path;
    if (!crossesExpression(Levels, G.G->getGotoLoc(), "goto")) {
      int K = tok(G.G->getGotoLoc()), Semi = semicolonAfter(Log, tok(G.G->getLabelLoc()));
      if (K < 0 || Semi < 0)
        error(G.G->getGotoLoc(), "stmpass: internal error: cannot rewrite this goto");
      else
        Ed->replace(K, Semi,
                   "{ " + commits(Levels) + "goto " + G.G->getLabel()->getName().str() + "; }");
    }
    Stack = Saved;
  }
  for (const AddrLabelExpr *A : LabelAddresses) {
    auto It = LabelPaths.find(A->getLabel());
    if (It != LabelPaths.end() && !It->second.empty())
      error(A->getBeginLoc(), "stmpass: the address of a label inside a transaction cannot be "
                              "taken");
  }
}

} // namespace stmpass
