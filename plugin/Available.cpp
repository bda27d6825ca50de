// Two facts the instrumentation tracks along the evaluation order of a
// function, so that some accesses need no barrier:
//
// * Available loads.  In a transaction, a second load of V->f (or *V),
//   where V is a local pointer whose address is never taken, returns what
//   the first returned as long as V is unchanged and nothing was written
//   or called in between: the first read is in the read log, so a change
//   by another thread aborts the transaction at the next validation
//   (opacity), and no write of ours can intervene (read-own-write).  The
//   first load then also stores its value in a local (__stm_cN) and the
//   second reads that.  Loads made available only at sequence points at
//   the top of a full expression (&&, ||, ?:, comma) or at statement ends,
//   so the local is always assigned before it is read.
// * Fresh allocations.  A local pointer V assigned the result of malloc or
//   calloc in a transaction points to a block no other thread can reach
//   until V's value goes somewhere (stored, passed, compared, returned);
//   until then V->f and *V are accessed directly, like the transaction's
//   own locals.  After that every access goes through barriers again, so
//   plain and logged accesses to the block never mix.
//
// Both are forgotten at joins where they do not hold on every path, at
// labels and case labels, at loop heads for what the loop changes, and at
// the start and end of every transaction.
#include "Calls.h"
#include "Instrumenter.h"
#include "TypeText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

namespace stmpass {

using namespace clang;

static const VarDecl *localPointer(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  auto *DR = dyn_cast<DeclRefExpr>(E);
  auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || V->getTLSKind() != VarDecl::TLS_None ||
      V->getType().isVolatileQualified() || !V->getType()->isPointerType())
    return nullptr;
  return V;
}

// The pointer variable of V->f or *V.
static const VarDecl *accessBase(const Expr *L, const ValueDecl *&Member) {
  L = selected(L);
  if (auto *ME = dyn_cast<MemberExpr>(L)) {
    if (!ME->isArrow())
      return nullptr;
    Member = ME->getMemberDecl();
    if (auto *FD = dyn_cast<FieldDecl>(Member); !FD || FD->isBitField())
      return nullptr;
    return localPointer(ME->getBase());
  }
  if (auto *UO = dyn_cast<UnaryOperator>(L); UO && UO->getOpcode() == UO_Deref) {
    Member = nullptr;
    return localPointer(UO->getSubExpr());
  }
  return nullptr;
}

// A type the cache local can be declared with at the top of the function:
// nothing in it is declared inside a function.
static bool fileScopeType(QualType T) {
  while (true) {
    const Type *P = T.getTypePtr();
    if (const auto *TT = dyn_cast<TypedefType>(P))
      return TT->getDecl()->getDeclContext()->getRedeclContext()->isTranslationUnit();
    if (const auto *ET = dyn_cast<ElaboratedType>(P)) {
      T = ET->getNamedType();
      continue;
    }
    if (const auto *PT = dyn_cast<ParenType>(P)) {
      T = PT->getInnerType();
      continue;
    }
    if (const auto *PT = dyn_cast<PointerType>(P)) {
      T = PT->getPointeeType();
      continue;
    }
    if (isa<BuiltinType>(P))
      return true;
    if (const auto *TT = dyn_cast<TagType>(P))
      return TT->getDecl()->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
             TT->getDecl()->getIdentifier();
    return false;
  }
}

bool Instrumenter::cacheableType(QualType T) {
  T = T.getUnqualifiedType();
  if (!fileScopeType(T) || T->isAtomicType())
    return false;
  std::string D = declare(T, "x", Ctx, "");
  return D.find("__typeof__") == std::string::npos;
}

bool Instrumenter::cacheKey(const Expr *L, CacheKey &K) {
  const ValueDecl *M = nullptr;
  const VarDecl *V = accessBase(L, M);
  if (!V || Esc.escapes(V))
    return false;
  K = {V, M};
  return true;
}

bool Instrumenter::freshBase(const Expr *L) {
  const ValueDecl *M = nullptr;
  const VarDecl *V = accessBase(L, M);
  return V && F.Fresh.count(V);
}

void Instrumenter::noteFresh(const VarDecl *V, const Expr *Init) {
  forgetVar(V);
  if (!V || !inTx() || Esc.escapes(V) || !Init)
    return;
  auto *CE = dyn_cast<CallExpr>(Init->IgnoreParenCasts());
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier() || FD->getBuiltinID() == 0)
    return;
  StringRef N = FD->getName();
  if (N != "malloc" && N != "calloc" && N != "__builtin_malloc" && N != "__builtin_calloc")
    return;
  // Only libc's, which the call became stm_malloc/stm_calloc for: a user's
  // own `malloc` (defined here, cloned) may return memory others reach.
  CallInfo I = classifyCall(CE, SM, Ctx);
  if (I.Class == CallClass::Alloc && (I.Runtime == "stm_malloc" || I.Runtime == "stm_calloc"))
    F.Fresh.insert(V);
}

void Instrumenter::promote() {
  for (auto &KV : F.Avail)
    KV.second.Ready = true;
}

void Instrumenter::forgetAll() {
  F.Avail.clear();
  F.Fresh.clear();
}

void Instrumenter::forgetVar(const VarDecl *V) {
  if (!V)
    return;
  for (auto It = F.Avail.begin(); It != F.Avail.end();)
    It = It->first.first == V ? F.Avail.erase(It) : std::next(It);
  F.Fresh.erase(V);
}

void Instrumenter::join(const Flow &O) {
  for (auto It = F.Avail.begin(); It != F.Avail.end();) {
    auto J = O.Avail.find(It->first);
    if (J == O.Avail.end() || J->second.Var != It->second.Var) {
      It = F.Avail.erase(It);
      continue;
    }
    It->second.Ready = It->second.Ready && J->second.Ready;
    ++It;
  }
  for (auto It = F.Fresh.begin(); It != F.Fresh.end();)
    It = O.Fresh.count(*It) ? std::next(It) : F.Fresh.erase(It);
}

namespace {
// What a loop may change: the locals it assigns or declares, the pointers
// it mentions at all (a fresh block may escape in a later iteration), and
// whether it writes through pointers, calls or does an atomic operation
// (then everything).  The state after the loop is the one at its head, so
// this must cover everything the body forgets, and the head must be the
// only way in (a label or a case label in the body is another: then
// everything too).
struct LoopEffects {
  bool All = false;
  std::set<const VarDecl *> Vars;
  void lhs(const Expr *L) {
    L = selected(L)->IgnoreParenImpCasts();
    if (auto *DR = dyn_cast<DeclRefExpr>(L))
      if (auto *V = dyn_cast<VarDecl>(DR->getDecl()); V && V->hasLocalStorage()) {
        Vars.insert(V);
        return;
      }
    All = true;
  }
  void walk(const Stmt *S) {
    if (!S || All)
      return;
    if (auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
      lhs(BO->getLHS());
    else if (auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->isIncrementDecrementOp())
      lhs(UO->getSubExpr());
    else if (isa<CallExpr>(S) || isa<AsmStmt>(S) || isa<LabelStmt>(S) || isa<StmtExpr>(S) ||
             isa<AtomicExpr>(S) || // __atomic_store_n and the like write, but are no call
             isa<SwitchCase>(S))   // a case label may enter the body past what was read
      All = true;
    else if (auto *DR = dyn_cast<DeclRefExpr>(S)) {
      if (auto *V = dyn_cast<VarDecl>(DR->getDecl()))
        Vars.insert(V);
    } else if (auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (auto *V = dyn_cast<VarDecl>(D))
          Vars.insert(V);
    }
    for (const Stmt *C : S->children())
      walk(C);
  }
};
} // namespace

void Instrumenter::enterLoop(const Stmt *Loop) {
  LoopEffects E;
  E.walk(Loop);
  if (E.All)
    return forgetAll();
  for (const VarDecl *V : E.Vars)
    forgetVar(V);
}

void Instrumenter::fullExpr(Expr *E, bool Used) {
  if (!E)
    return;
  bool Saved = SeqTop;
  SeqTop = true;
  rv(E, Used);
  SeqTop = Saved;
  promote();
}

// The condition of if, while, do, for: a full expression.  True receives
// the state in which it was true (the loads of both sides of && count).
void Instrumenter::rvCond(Expr *E, Flow &True) {
  if (!E) {
    True = F;
    return;
  }
  auto *BO = dyn_cast<BinaryOperator>(selected(E));
  if (BO && BO->getOpcode() == BO_LAnd) {
    Flow T1;
    rvCond(BO->getLHS(), T1);
    Flow Any = F; // after the left side, whatever it gave
    F = T1;
    rvCond(BO->getRHS(), True);
    Flow AfterRight = F;
    F = Any;
    join(AfterRight);
    return;
  }
  fullExpr(E);
  True = F;
}

} // namespace stmpass
