// Calls inside transactions: the runtime's allocator and memory functions,
// pure functions as they are, and everything else either an error (atomic)
// or a switch to irrevocable execution just before the call (relaxed).
#include "Calls.h"
#include "Edits.h"
#include "Instrumenter.h"
#include "Printer.h"
#include "State.h"
#include "TypeText.h"
#include "Sites.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

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

// A transaction_safe (or, from relaxed code, transaction_callable)
// function of another file: its file was compiled with the plugin and
// defines the clone under the ABI's name, which a declaration here names;
// a file that was not is a link error naming the clone.
void Instrumenter::externCloneCall(CallExpr *CE, const FunctionDecl *FD) {
  auto *DR = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts());
  int T = DR ? tok(DR->getLocation()) : -1;
  std::string N = FD->getName().str();
  std::string Clone = "_ZGTt" + std::to_string(N.size()) + N;
  if (T < 0)
    return error(CE->getBeginLoc(), "stmpass: internal error: cannot find the callee");
  std::string Decl = declare(FD->getType(), Clone, Ctx, "");
  if (Decl.find("__typeof__") != std::string::npos)
    return error(CE->getBeginLoc(), "stmpass: the type of '" + N + "' cannot be written in C");
  Ed->replace(T, T, Clone);
  markWrites(); // it may write (and the caller's cached reads end here)
  const FunctionDecl *First = firstWrittenDecl(FD, SM);
  int FirstTok = tok(First->getBeginLoc());
  if (FirstTok >= 0 && ExternClones.insert(FD->getCanonicalDecl()).second)
    FileEd->insertBefore(FirstTok, "extern " + Decl + "; ");
}

// The TM attribute of what a call goes through: the pointer variable or
// field, or a typedef of its type.
static std::string pointerAttribute(const Expr *Callee) {
  const Expr *E = Callee->IgnoreParenImpCasts();
  if (auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
    E = UO->getSubExpr()->IgnoreParenImpCasts();
  const Decl *D = nullptr;
  if (auto *DR = dyn_cast<DeclRefExpr>(E))
    D = DR->getDecl();
  else if (auto *ME = dyn_cast<MemberExpr>(E))
    D = ME->getMemberDecl();
  std::string A = tmAttribute(D);
  for (QualType T = E->getType(); A.empty();) {
    const auto *TT = T->getAs<TypedefType>();
    if (!TT)
      break;
    A = tmAttribute(TT->getDecl());
    T = TT->getDecl()->getUnderlyingType();
  }
  return A;
}

// A call through a pointer runs the target's registered clone
// (stm_clone_lookup); without one, the transaction goes serial first, or,
// if it may cancel (which irrevocability would forbid), stops with an error
// naming the site.
void Instrumenter::indirectCall(CallExpr *CE) {
  SourceLocation Loc = CE->getBeginLoc();
  std::string A = pointerAttribute(CE->getCallee());
  if (A == "pure") {
    F.Avail.clear(); // it may write in place (see Pure in call())
    return;
  }
  if ((A == "unsafe" || A == "callable") && !cur().relaxed())
    return error(Loc, "unsafe indirect function call within atomic transaction");
  if (A == "unsafe")
    return irrevocable(CE, true, Loc, text(CE->getCallee()));
  unsigned B, E;
  if (!range(CE->getCallee(), B, E))
    return;
  bool MayCancel = false;
  for (Transaction *T : Stack)
    MayCancel = MayCancel || T->MayCancel || T->CancelInside;
  markWrites(); // the target may write; unknown here
  NeedCloneCallHelper = true;
  std::string F = Pr->render(B, E);
  Ed->replace(B, E,
              "((__typeof__(&*(" + F + ")))__stm_clone_or_serial(" + tx() + ", (void *)(&*(" +
                  F + ")), " + (MayCancel ? "1" : "0") + ", " +
                  site(SiteKind::Call, Loc, text(CE->getCallee())) + "))");
}

void Instrumenter::call(CallExpr *CE, bool Used) {
  rv(CE->getCallee());
  for (Expr *A : CE->arguments())
    rv(A);
  // A task function defined here runs as its registered clone
  // (docs/TASKS.md).
  if (const FunctionDecl *Callee = CE->getDirectCallee())
    if (Callee->getIdentifier() && Callee->getName() == "stm_add_task" && CE->getNumArgs())
      if (auto *DR = dyn_cast<DeclRefExpr>(CE->getArg(0)->IgnoreParenImpCasts()))
        if (auto *Task = dyn_cast<FunctionDecl>(DR->getDecl())) {
          const FunctionDecl *Def = nullptr;
          if (Task->hasBody(Def)) // without a clone the task runs serially
            clone(const_cast<FunctionDecl *>(Def), /*Required=*/false);
        }
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
  CallInfo I = classifyCall(CE, SM, Ctx);
  if (I.Callee)
    mayCancelOuterCall(CE, I.Callee);
  SourceLocation Loc = CE->getBeginLoc();
  // The name as written (clang resolves __sync_fetch_and_add to a sized
  // variant).
  std::string Name = I.Callee ? text(CE->getCallee()) : std::string("(indirect)");
  // A callee written inside a macro: the text is the macro's use.  Name the
  // function, as GCC does (`MANAGER_ADD_CAR(m, id, n, p)` calls
  // manager_addCar), unless it is a libc fortify builtin that the macro
  // stands for (glibc's `#define snprintf(...) __builtin___snprintf_chk(...)`):
  // then the macro's name as written.
  bool Identifier = !Name.empty() && isAsciiIdentifierStart(Name[0]);
  for (char Ch : Name)
    Identifier = Identifier && isAsciiIdentifierContinue(Ch);
  if (I.Callee && !Identifier && I.Callee->getIdentifier()) {
    Name = I.Callee->getName().str();
    if (StringRef(Name).starts_with("__builtin")) {
      SourceLocation X = SM.getExpansionLoc(CE->getCallee()->getBeginLoc());
      Name = Lexer::getSourceText(CharSourceRange::getTokenRange(X, X), SM, Ctx.getLangOpts()).str();
    }
  }
  switch (I.Class) {
  case CallClass::Pure:
    // Not a transactional write, but a pure function may still write
    // memory in place (modf's and frexp's out-parameters, a user's
    // transaction_pure function): reads cached before may be stale.
    F.Avail.clear();
    return;
  case CallClass::Alloc:
  case CallClass::MemRange:
  case CallClass::LibRead: {
    // strlen("abc"), strcmp of constant strings: folded by clang, no memory
    // the transaction could see change.
    if (I.Class == CallClass::LibRead && CE->isEvaluatable(Ctx))
      return;
    if (I.Class != CallClass::LibRead)
      markWrites();
    unsigned B, E;
    if (!range(CE, B, E))
      return;
    std::string Text = I.Runtime + "(" + tx();
    for (unsigned A = 0; A < I.RuntimeArgs; ++A)
      Text += ", " + render(CE->getArg(A));
    // A fortified wrapper's object size, of the destination as the wrapper
    // sees it once inlined; the operand is not evaluated.
    if (!I.ObjSizeFn.empty())
      Text += ", " + I.ObjSizeFn + "((" + render(CE->getArg(0)) + "), " +
              std::to_string(I.ObjSizeType) + ")";
    Text += ", " + site(SiteKind::Call, Loc, text(CE)) + ")";
    return Ed->replace(B, E, Text);
  }
  case CallClass::Output:
    if (!cur().relaxed())
      return error(Loc, "unsafe function call '" + Name + "' within atomic transaction");
    return irrevocable(CE, false, Loc, Name);
  case CallClass::SameFile: {
    CloneInfo *C = clone(const_cast<FunctionDecl *>(I.Callee),
                         !CurrentClone || CurrentClone->Required);
    if (C->NotCloneable.empty())
      return cloneCall(CE, C);
    if (!cur().relaxed())
      return error(Loc, "stmpass: '" + Name + "' cannot be called inside an atomic "
                        "transaction: " + C->NotCloneable);
    return irrevocable(CE, true, Loc, Name);
  }
  case CallClass::SafeExtern:
    return externCloneCall(CE, I.Callee);
  case CallClass::Indirect:
    return indirectCall(CE);
  case CallClass::Callable:
    if (I.Callee && cur().relaxed()) {
      if (!I.Callee->hasBody())
        return externCloneCall(CE, I.Callee); // its file made the clone
      CloneInfo *C = clone(const_cast<FunctionDecl *>(I.Callee),
                           !CurrentClone || CurrentClone->Required);
      if (C->NotCloneable.empty())
        return cloneCall(CE, C);
    }
    [[fallthrough]];
  case CallClass::Unsafe:
    if (!cur().relaxed())
      return error(Loc, "unsafe function call '" + Name + "' within atomic transaction" +
                            (I.Why.empty() ? std::string() : ": " + I.Why));
    return irrevocable(CE, true, Loc, Name);
  }
}

} // namespace stmpass
