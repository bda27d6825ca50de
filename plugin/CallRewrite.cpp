// Calls inside transactions: the runtime's allocator and memory functions,
// pure functions as they are, and everything else either an error (atomic)
// or a switch to irrevocable execution just before the call (relaxed).
#include "Calls.h"
#include "Edits.h"
#include "Instrumenter.h"
#include "Printer.h"
#include "State.h"
#include "Sites.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace stmpass {

using namespace clang;

void Instrumenter::irrevocable(Expr *Whole, bool Serial, SourceLocation Loc,
                               const std::string &What) {
  markWrites();
  markUnsafe(Loc, What);
  unsigned B, E;
  if (!range(Whole, B, E))
    return;
  std::string Site = site(SiteKind::Irrevocable, Loc, What);
  Ed->replace(B, E,
             "(stm_become_irrevocable(" + tx() + ", " +
                 (Serial ? Abi.IrrSerial : Abi.IrrInstrumented) + ", " + Site + "), " +
                 Pr->render(B, E) + ")");
}

// A call to a transaction_may_cancel_outer function must be inside an
// [[outer]] atomic transaction (which it may cancel), or inside another
// such function.
void Instrumenter::mayCancelOuterCall(CallExpr *CE, const FunctionDecl *Callee) {
  bool May = false;
  for (const FunctionDecl *R : Callee->redecls())
    May = May || tmAttribute(R) == "may_cancel_outer";
  if (!May)
    return;
  Transaction *Outermost = Stack.front();
  if (Outermost->Clone) {
    bool CallerMay = false;
    for (const FunctionDecl *R : Fn->redecls())
      CallerMay = CallerMay || tmAttribute(R) == "may_cancel_outer";
    if (CallerMay)
      return;
    Outermost = Stack.size() > 1 ? Stack[1] : nullptr;
  }
  if (Outermost && Outermost->Kind == TxKind::Atomic && Outermost->Outer) {
    Outermost->MayCancel = true;
    return;
  }
  error(CE->getBeginLoc(), "function with transaction_may_cancel_outer attribute not within "
                           "outer transaction");
}

void Instrumenter::call(CallExpr *CE, bool Used) {
  rv(CE->getCallee());
  for (Expr *A : CE->arguments())
    rv(A);
  if (!inTx())
    return;
  // transaction_wrap: the wrapper stands in for the function, then is
  // treated like any callee.
  if (const FunctionDecl *Orig = CE->getDirectCallee()) {
    auto W = tmWrappers().find(Orig->getCanonicalDecl());
    auto *DR = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts());
    int T = DR ? tok(DR->getLocation()) : -1;
    if (W != tmWrappers().end() && T >= 0) {
      Ed->replace(T, T, W->second->getName().str());
      DR->setDecl(W->second);
    }
  }
  CallInfo I = classifyCall(CE, SM);
  if (I.Callee)
    mayCancelOuterCall(CE, I.Callee);
  SourceLocation Loc = CE->getBeginLoc();
  // The name as written (clang resolves __sync_fetch_and_add to a sized
  // variant).
  std::string Name = I.Callee ? text(CE->getCallee()) : std::string("(indirect)");
  switch (I.Class) {
  case CallClass::Pure:
    return;
  case CallClass::Alloc:
  case CallClass::MemRange: {
    markWrites();
    unsigned B, E;
    if (!range(CE, B, E))
      return;
    std::string Text = I.Runtime + "(" + tx();
    for (unsigned A = 0; A < I.RuntimeArgs; ++A)
      Text += ", " + render(CE->getArg(A));
    Text += ", " + site(SiteKind::Call, Loc, text(CE)) + ")";
    return Ed->replace(B, E, Text);
  }
  case CallClass::Output:
    if (!cur().relaxed())
      return error(Loc, "unsafe function call '" + Name + "' within atomic transaction");
    return irrevocable(CE, false, Loc, Name);
  case CallClass::SameFile: {
    CloneInfo *C = clone(const_cast<FunctionDecl *>(I.Callee));
    if (C->NotCloneable.empty())
      return cloneCall(CE, C);
    if (!cur().relaxed())
      return error(Loc, "stmpass: '" + Name + "' cannot be called inside an atomic "
                        "transaction: " + C->NotCloneable);
    return irrevocable(CE, true, Loc, Name);
  }
  case CallClass::SafeExtern:
    if (!cur().relaxed())
      return error(Loc, "stmpass: calls to transaction_safe function '" + Name +
                            "' defined in another file are not supported yet");
    return irrevocable(CE, true, Loc, Name);
  case CallClass::Indirect:
    if (!cur().relaxed())
      return error(Loc, "stmpass: indirect function calls inside atomic transactions are "
                        "not supported yet");
    return irrevocable(CE, true, Loc, text(CE->getCallee()));
  case CallClass::Callable:
    if (I.Callee && cur().relaxed()) {
      CloneInfo *C = clone(const_cast<FunctionDecl *>(I.Callee));
      if (C->NotCloneable.empty())
        return cloneCall(CE, C);
    }
    [[fallthrough]];
  case CallClass::Unsafe:
    if (!cur().relaxed())
      return error(Loc, "unsafe function call '" + Name + "' within atomic transaction");
    return irrevocable(CE, true, Loc, Name);
  }
}

} // namespace stmpass
