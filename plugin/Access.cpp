// Expressions inside transactions: every read and write of memory that
// other threads may share becomes a barrier of the right width and type.
#include "Edits.h"
#include "Instrumenter.h"
#include "Printer.h"
#include "Sites.h"
#include "TokenLog.h"
#include "TypeText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/TypeLoc.h"

#include <algorithm>

namespace stmpass {

using namespace clang;

// ---- walking ------------------------------------------------------------

void Instrumenter::rv(Expr *E, bool Used) {
  if (!E)
    return;
  // Only &&, ||, ?: and comma keep a subexpression at the top of its full
  // expression (where their sequence points make earlier loads available).
  struct KeepTop {
    bool &Ref, Old;
    ~KeepTop() { Ref = Old; }
  } Keep{SeqTop, SeqTop};
  bool Base = AccessBase;
  AccessBase = false;
  if (auto *BO = dyn_cast<BinaryOperator>(E);
      !isa<ParenExpr>(E) && !isa<ConditionalOperator>(E) &&
      !(BO && (BO->isLogicalOp() || BO->getOpcode() == BO_Comma)))
    SeqTop = false;
  if (auto *P = dyn_cast<ParenExpr>(E)) {
    TxKind K;
    Expr *Value;
    if (isTxExpr(P, K, Value))
      return txExpr(P, K, Value, Used);
    AccessBase = Base;
    return rv(P->getSubExpr(), Used);
  }
  if (E->isGLValue())
    return lvalueParts(E);

  switch (E->getStmtClass()) {
  case Stmt::ImplicitCastExprClass: {
    auto *IC = cast<ImplicitCastExpr>(E);
    switch (IC->getCastKind()) {
    case CK_LValueToRValue:
    case CK_AtomicToNonAtomic:
      if (!Base) // the pointer's value goes somewhere: the block is reachable
        if (auto *DR = dyn_cast<DeclRefExpr>(selected(IC->getSubExpr())))
          if (auto *V = dyn_cast<VarDecl>(DR->getDecl()))
            F.Fresh.erase(V);
      return load(IC);
    case CK_ArrayToPointerDecay:
      lvalueParts(IC->getSubExpr());
      return logCompoundLiteral(IC->getSubExpr());
    case CK_FunctionToPointerDecay:
    case CK_BuiltinFnToFnPtr:
      return lvalueParts(IC->getSubExpr());
    default:
      return rv(IC->getSubExpr(), Used);
    }
  }
  case Stmt::CStyleCastExprClass: {
    auto *CE = cast<CStyleCastExpr>(E);
    return rv(CE->getSubExpr(), CE->getCastKind() != CK_ToVoid);
  }
  case Stmt::UnaryOperatorClass: {
    auto *UO = cast<UnaryOperator>(E);
    if (UO->getOpcode() == UO_AddrOf) {
      lvalueParts(UO->getSubExpr());
      return logCompoundLiteral(UO->getSubExpr());
    }
    if (UO->isIncrementDecrementOp())
      return incDec(UO, Used);
    return rv(UO->getSubExpr());
  }
  case Stmt::BinaryOperatorClass: {
    auto *BO = cast<BinaryOperator>(E);
    if (BO->getOpcode() == BO_Assign)
      return assign(BO, Used);
    if (BO->getOpcode() == BO_Comma) {
      rv(BO->getLHS(), false);
      if (SeqTop)
        promote();
      return rv(BO->getRHS(), Used);
    }
    rv(BO->getLHS());
    if (BO->isLogicalOp()) { // the right side may not run
      if (SeqTop)
        promote();
      Flow Before = F;
      rv(BO->getRHS());
      Flow After = F;
      F = Before;
      return join(After);
    }
    return rv(BO->getRHS());
  }
  case Stmt::CompoundAssignOperatorClass:
    return compoundAssign(cast<CompoundAssignOperator>(E), Used);
  case Stmt::ConditionalOperatorClass: {
    auto *CO = cast<ConditionalOperator>(E);
    rv(CO->getCond());
    if (SeqTop)
      promote();
    Flow Before = F;
    rv(CO->getTrueExpr());
    Flow AfterTrue = F;
    F = Before;
    rv(CO->getFalseExpr());
    return join(AfterTrue);
  }
  case Stmt::BinaryConditionalOperatorClass: {
    auto *BC = cast<BinaryConditionalOperator>(E);
    rv(BC->getCommon());
    Flow Before = F;
    rv(BC->getFalseExpr());
    return join(Before);
  }
  case Stmt::CallExprClass:
    return call(cast<CallExpr>(E), Used);
  case Stmt::StmtExprClass: {
    forgetAll(); // its statements' sequence points are not the enclosing expression's
    CompoundStmt *CS = cast<StmtExpr>(E)->getSubStmt();
    for (Stmt *S : CS->body()) {
      if (S == CS->body_back())
        if (auto *Last = dyn_cast<Expr>(S)) {
          rv(Last, Used);
          return forgetAll();
        }
      stmt(S);
    }
    return forgetAll();
  }
  case Stmt::InitListExprClass: {
    auto *IL = cast<InitListExpr>(E);
    if (IL->getSyntacticForm())
      IL = IL->getSyntacticForm();
    for (Expr *I : IL->inits())
      rv(I);
    return;
  }
  case Stmt::DesignatedInitExprClass:
    return rv(cast<DesignatedInitExpr>(E)->getInit());
  case Stmt::GenericSelectionExprClass: {
    auto *G = cast<GenericSelectionExpr>(E);
    if (!G->isResultDependent())
      rv(G->getResultExpr(), Used);
    return;
  }
  case Stmt::ChooseExprClass:
    return rv(cast<ChooseExpr>(E)->getChosenSubExpr(), Used);
  case Stmt::AddrLabelExprClass:
    LabelAddresses.push_back(cast<AddrLabelExpr>(E));
    return;
  case Stmt::VAArgExprClass:
    if (inTx())
      error(E->getBeginLoc(), "stmpass: va_arg inside a transaction is not supported");
    return lvalueParts(cast<VAArgExpr>(E)->getSubExpr());
  case Stmt::AtomicExprClass: {
    for (Stmt *C : E->children())
      rv(cast<Expr>(C));
    if (!inTx())
      return;
    if (!cur().relaxed())
      return error(E->getBeginLoc(), "unsafe atomic operation within atomic transaction");
    return irrevocable(E, true, E->getBeginLoc(), text(E));
  }
  case Stmt::BlockExprClass:
    if (inTx())
      error(E->getBeginLoc(), "stmpass: blocks inside a transaction are not supported");
    return;
  case Stmt::UnaryExprOrTypeTraitExprClass: {
    // sizeof of a variable length array type evaluates its operand and the
    // array's size expressions (sizeof(int[*p]) reads *p): those are
    // rewritten like any other.  Only the array dimensions, which are
    // always evaluated (a pointer to one, sizeof(int (*)[*p]), may or may
    // not be: left alone, as before).
    auto *UE = cast<UnaryExprOrTypeTraitExpr>(E);
    if (UE->getKind() != UETT_SizeOf || !UE->getTypeOfArgument()->isVariableArrayType())
      return;
    if (!UE->isArgumentType())
      return rv(UE->getArgumentExpr());
    if (TypeSourceInfo *TSI = UE->getArgumentTypeInfo())
      for (TypeLoc TL = TSI->getTypeLoc(); !TL.isNull(); TL = TL.getNextTypeLoc()) {
        if (auto VA = TL.getAs<VariableArrayTypeLoc>())
          rv(VA.getTypePtr()->getSizeExpr());
        else if (!TL.getAs<ArrayTypeLoc>() && !TL.getAs<ParenTypeLoc>() &&
                 !TL.getAs<QualifiedTypeLoc>())
          break;
      }
    return;
  }
  // Unevaluated or constant: never rewritten.
  case Stmt::OffsetOfExprClass:
  case Stmt::TypeTraitExprClass:
  case Stmt::ConstantExprClass:
  case Stmt::OpaqueValueExprClass:
  case Stmt::ImplicitValueInitExprClass:
  case Stmt::NoInitExprClass:
  case Stmt::IntegerLiteralClass:
  case Stmt::FloatingLiteralClass:
  case Stmt::CharacterLiteralClass:
  case Stmt::ImaginaryLiteralClass:
  case Stmt::FixedPointLiteralClass:
  case Stmt::SourceLocExprClass:
  case Stmt::RecoveryExprClass:
    return;
  default:
    for (Stmt *C : E->children())
      if (auto *CE = dyn_cast_or_null<Expr>(C))
        rv(CE);
    return;
  }
}

void Instrumenter::lvalueParts(Expr *L) {
  if (!L)
    return;
  L = selected(L);
  if (auto *ME = dyn_cast<MemberExpr>(L)) {
    if (ME->isArrow() || !ME->getBase()->isGLValue()) {
      AccessBase = ME->isArrow();
      return rv(ME->getBase());
    }
    return lvalueParts(ME->getBase());
  }
  if (auto *AS = dyn_cast<ArraySubscriptExpr>(L)) {
    rv(AS->getLHS());
    return rv(AS->getRHS());
  }
  if (auto *UO = dyn_cast<UnaryOperator>(L)) {
    if (UO->getOpcode() == UO_Real || UO->getOpcode() == UO_Imag)
      return lvalueParts(UO->getSubExpr());
    AccessBase = UO->getOpcode() == UO_Deref;
    return rv(UO->getSubExpr());
  }
  if (auto *CL = dyn_cast<CompoundLiteralExpr>(L))
    return rv(CL->getInitializer());
  if (auto *IC = dyn_cast<ImplicitCastExpr>(L))
    return lvalueParts(IC->getSubExpr());
  if (auto *PE = dyn_cast<PredefinedExpr>(L)) {
    // __func__ in a clone still names the original function.
    int T = tok(PE->getLocation());
    if (CurrentClone && T >= 0 && PE->getFunctionName())
      Ed->replace(T, T, Printer::quote(PE->getFunctionName()->getString().str()));
    return;
  }
  if (isa<DeclRefExpr>(L) || isa<StringLiteral>(L))
    return;
  if (!L->isGLValue())
    return rv(L);
  for (Stmt *C : L->children())
    if (auto *CE = dyn_cast_or_null<Expr>(C))
      rv(CE);
}

// ---- classification -----------------------------------------------------

// The object an lvalue is part of, when it is not reached through a
// pointer: a DeclRefExpr, a compound literal, a string literal...
static const Expr *rootObject(const Expr *E) {
  while (true) {
    E = selected(E);
    if (auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
    } else if (auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      auto *D = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
      if (!D || D->getCastKind() != CK_ArrayToPointerDecay)
        return nullptr;
      E = D->getSubExpr();
    } else if (auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_Real && UO->getOpcode() != UO_Imag)
        return nullptr;
      E = UO->getSubExpr();
    } else if (auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      if (IC->getCastKind() != CK_NoOp && IC->getCastKind() != CK_LValueBitCast)
        return nullptr;
      E = IC->getSubExpr();
    } else {
      return E;
    }
  }
}

// A compound literal whose address is taken inside a transaction is then
// accessed through the barriers (by whoever gets the pointer), but it is
// initialised in memory, and the write log may still hold its address from
// an earlier evaluation (a loop): the literal becomes
// `(*(T *)__stm_logged(tx, &(T){...}, sizeof (T), site))`, the same object
// with its initial bytes logged (see logInitialised).
void Instrumenter::logCompoundLiteral(Expr *L) {
  if (!inTx())
    return;
  auto *CL = dyn_cast_or_null<CompoundLiteralExpr>(rootObject(L));
  if (!CL || CL->isFileScope())
    return;
  unsigned B, E;
  if (!range(CL, B, E))
    return;
  markWrites();
  NeedLoggedHelper = true;
  std::string Text = Pr->render(B, E);
  std::string Ptr = typeName(Ctx.getPointerType(CL->getType()), Ctx);
  if (Ptr.empty())
    Ptr = "__typeof__(&" + Text + ")";
  Ed->replace(B, E, "(*(" + Ptr + ")__stm_logged(" + tx() + ", &" + Text + ", sizeof " + Text +
                        ", " + site(SiteKind::Write, CL->getBeginLoc(), text(CL)) + "))");
}

static bool isErrno(const Expr *L) {
  auto *UO = dyn_cast<UnaryOperator>(selected(L));
  if (!UO || UO->getOpcode() != UO_Deref)
    return false;
  auto *CE = dyn_cast<CallExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier())
    return false;
  StringRef N = FD->getName();
  return N == "__errno_location" || N == "__error" || N == "_errno";
}

// Vector elements have no address, so no barrier can name them.
static bool vectorElement(const Expr *L) {
  L = selected(L);
  if (isa<ExtVectorElementExpr>(L) || isa<MatrixSubscriptExpr>(L))
    return true;
  if (auto *AS = dyn_cast<ArraySubscriptExpr>(L))
    return AS->getBase()->getType()->isVectorType();
  return false;
}

Instrumenter::Access Instrumenter::classify(const Expr *L) {
  if (vectorElement(L))
    return {AccessKind::Unsupported};
  QualType T = L->getType();
  if (T.isVolatileQualified())
    return {AccessKind::Volatile};
  if (T->isAtomicType())
    return {AccessKind::Atomic};
  if (isErrno(L))
    return {AccessKind::Errno};
  if (freshBase(L)) // allocated by this transaction, reachable from nowhere else
    return {AccessKind::Private};
  const Expr *Root = rootObject(L);
  if (!Root)
    return {AccessKind::Shared};
  if (auto *DR = dyn_cast<DeclRefExpr>(Root)) {
    const auto *V = dyn_cast<VarDecl>(DR->getDecl());
    if (!V)
      return {AccessKind::Immutable};
    if (V->getTLSKind() != VarDecl::TLS_None)
      return {AccessKind::ThreadLocal, V};
    if (V->hasLocalStorage())
      return Esc.escapes(V) ? Access{AccessKind::Shared} : Access{AccessKind::Private, V};
    if (V->getType().isConstQualified())
      return {AccessKind::Immutable};
    return {AccessKind::Shared};
  }
  if (isa<CompoundLiteralExpr>(Root)) // created by the transaction itself
    return {AccessKind::Private};
  if (isa<StringLiteral>(Root) || isa<PredefinedExpr>(Root))
    return {AccessKind::Immutable};
  return {AccessKind::Shared};
}

unsigned Instrumenter::knownAlignment(const Expr *L) {
  L = selected(L);
  auto typeAlign = [&](QualType T) -> unsigned {
    if (T->isIncompleteType())
      return 1;
    return Ctx.getTypeAlignInChars(T).getQuantity();
  };
  if (auto *DR = dyn_cast<DeclRefExpr>(L))
    return Ctx.getDeclAlign(DR->getDecl()).getQuantity();
  if (auto *ME = dyn_cast<MemberExpr>(L)) {
    auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return typeAlign(L->getType());
    unsigned Base = ME->isArrow() ? typeAlign(ME->getBase()->getType()->getPointeeType())
                                  : knownAlignment(ME->getBase());
    const ASTRecordLayout &RL = Ctx.getASTRecordLayout(FD->getParent());
    Base = std::min<unsigned>(Base, RL.getAlignment().getQuantity());
    uint64_t Off = Ctx.getFieldOffset(FD) / 8;
    if (Off)
      Base = std::min<uint64_t>(Base, Off & -Off);
    return Base;
  }
  if (auto *AS = dyn_cast<ArraySubscriptExpr>(L)) {
    uint64_t Size = Ctx.getTypeSizeInChars(L->getType()).getQuantity();
    const Expr *B = AS->getBase()->IgnoreParens();
    unsigned BA;
    auto *D = dyn_cast<ImplicitCastExpr>(B);
    if (D && D->getCastKind() == CK_ArrayToPointerDecay)
      BA = knownAlignment(D->getSubExpr());
    else
      BA = typeAlign(B->getType()->getPointeeType());
    return Size ? std::min<uint64_t>(BA, Size & -Size) : BA;
  }
  return typeAlign(L->getType());
}

AccessType Instrumenter::accessType(const Expr *L) {
  AccessType K = Code.typeClass(L->getType());
  if (K != AccessType::Bytes && knownAlignment(L) < Code.naturalSize(K))
    return AccessType::Bytes;
  return K;
}

// A named object with constant subscripts: its address can be written
// twice (load, then store) without evaluating anything twice.
static bool simpleLvalue(const Expr *L, const ASTContext &Ctx) {
  const Expr *Root = rootObject(L);
  if (!Root || !isa<DeclRefExpr>(Root) || L->HasSideEffects(Ctx))
    return false;
  for (const Expr *E = selected(L); E != Root;) {
    if (auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      if (!AS->getIdx()->isIntegerConstantExpr(Ctx))
        return false;
      E = cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens())->getSubExpr()->IgnoreParens();
    } else if (auto *ME = dyn_cast<MemberExpr>(E)) {
      E = ME->getBase()->IgnoreParens();
    } else if (auto *UO = dyn_cast<UnaryOperator>(E)) {
      E = UO->getSubExpr()->IgnoreParens();
    } else if (auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      E = IC->getSubExpr()->IgnoreParens();
    } else {
      return false;
    }
  }
  return true;
}

BitField Instrumenter::bitField(const Expr *L, std::string &Rec) {
  BitField B;
  auto *ME = dyn_cast<MemberExpr>(selected(L));
  auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!FD || !FD->isBitField())
    return B;
  uint64_t Off = Ctx.getFieldOffset(FD);
  B.Valid = true;
  B.Width = FD->getBitWidthValue(Ctx);
  B.ByteOffset = Off / 8;
  B.Shift = Off % 8;
  B.Bytes = (B.Shift + B.Width + 7) / 8;
  B.Signed = FD->getType()->isSignedIntegerOrEnumerationType();
  std::string Base = render(ME->getBase());
  Rec = ME->isArrow() ? "(" + Base + ")" : "&(" + Base + ")";
  NeedBitFieldHelpers = true;
  return B;
}

// ---- reads and writes ---------------------------------------------------

void Instrumenter::load(ImplicitCastExpr *IC) {
  Expr *L = selected(IC->getSubExpr());
  lvalueParts(L);
  if (!inTx())
    return;
  Access A = classify(L);
  if (A.Kind == AccessKind::Volatile || A.Kind == AccessKind::Atomic ||
      A.Kind == AccessKind::Unsupported)
    return unsafeAccess(IC, A);
  if (A.Kind != AccessKind::Shared)
    return;
  if (snapshotRead(L)) // A[i] in a scan loop (Snapshot.cpp)
    return;
  unsigned B, E;
  if (!range(L, B, E))
    return;
  CacheKey K;
  std::string Cache;
  if (accessType(L) != AccessType::Bytes && cacheKey(L, K)) {
    auto It = F.Avail.find(K);
    if (It != F.Avail.end() && It->second.Ready)
      return Ed->replace(B, E, "(" + It->second.Var + ")"); // read before, unchanged
    if (It == F.Avail.end() && cacheableType(L->getType())) {
      Cache = fresh("__stm_c");
      CacheDecls += declare(L->getType().getUnqualifiedType(), Cache, Ctx, "") +
                    " __attribute__((__unused__)); ";
      F.Avail[K] = {Cache, false};
    }
  }
  std::string Site = site(SiteKind::Read, L->getBeginLoc(), text(L));
  std::string Rec;
  BitField BF = bitField(L, Rec);
  if (BF.Valid) {
    Ed->replace(B, E, Code.bitLoad(BF, L->getType(), Code.bitAddress(BF, Rec), tx(), Site));
    return;
  }
  std::string X = Pr->render(B, E);
  AccessType AT = accessType(L);
  std::string Load;
  if (AT != AccessType::Bytes && !Stack.front()->Clone) {
    // In the function's outermost transaction: stm_loadm_*, unlogged if that
    // transaction turns out read-only (its prologue defines the constant).
    Load = Code.load(AT, L->getType(), "&(" + X + ")", Stack.front()->roVar() + ", " + tx(),
                     Site, X);
    std::string::size_type At = Load.find("stm_load_");
    if (At != std::string::npos)
      Load.replace(At, 9, "stm_loadm_");
  } else {
    Load = Code.load(AT, L->getType(), "&(" + X + ")", tx(), Site, X);
  }
  Ed->replace(B, E, Cache.empty() ? Load : "(" + Cache + " = " + Load + ")");
}

void Instrumenter::markSaved(const VarDecl *V) {
  if (V->getTLSKind() != VarDecl::TLS_None) {
    for (Transaction *T : Stack)
      T->Saved.insert(V);
    return;
  }
  Transaction *Home = DeclaredIn.lookup(V);
  for (size_t I = Stack.size(); I-- > 0;) {
    if (Stack[I] == Home)
      break;
    Stack[I]->Saved.insert(V);
  }
}

bool Instrumenter::plainWrite(const Access &A, Expr *L, Expr *Whole) {
  switch (A.Kind) {
  case AccessKind::Private:
  case AccessKind::ThreadLocal:
    if (A.Var) {
      markSaved(A.Var);
      forgetVar(A.Var); // what was read through it may not be what it points to now
    }
    // A thread-local variable, a fresh block or a compound literal is
    // written in place, with no barrier, but a local pointer may point
    // into it (p = &tls; p = &fresh->f): reads cached through any pointer
    // may no longer hold.  Only a non-escaping local is unreachable.
    if (A.Kind == AccessKind::ThreadLocal || !A.Var)
      F.Avail.clear();
    return true;
  case AccessKind::Errno: {
    F.Avail.clear(); // int *e = &errno: *e cached before is stale
    std::string T = "(" + render(L) + ")";
    for (Transaction *X : Stack)
      X->ErrnoText = T;
    return true;
  }
  case AccessKind::Volatile:
  case AccessKind::Atomic:
  case AccessKind::Unsupported:
    unsafeAccess(Whole, A);
    return false;
  default:
    return true;
  }
}

void Instrumenter::unsafeAccess(Expr *Whole, const Access &A) {
  if (A.Kind == AccessKind::Unsupported)
    return error(Whole->getBeginLoc(), "stmpass: access to a vector element inside a "
                                       "transaction is not supported");
  const char *What = A.Kind == AccessKind::Volatile ? "volatile" : "_Atomic";
  if (!cur().relaxed())
    return error(Whole->getBeginLoc(),
                 llvm::Twine(What) + " access within atomic transaction");
  irrevocable(Whole, true, Whole->getBeginLoc(), std::string(What) + " access");
}

void Instrumenter::assign(BinaryOperator *BO, bool Used) {
  Expr *L = selected(BO->getLHS()), *R = BO->getRHS();
  lvalueParts(L);
  rv(R);
  if (!inTx())
    return;
  Access A = classify(L);
  if (A.Kind != AccessKind::Shared) {
    // p = malloc(n) makes p fresh only when the assignment's value goes
    // nowhere else (q = p = malloc(n) would leave q pointing to the block).
    if (plainWrite(A, L, BO) && A.Var && isa<DeclRefExpr>(selected(L)))
      noteFresh(A.Var, Used ? nullptr : R);
    return;
  }
  markWrites();
  unsigned B, E, LB, LE;
  if (!range(BO, B, E) || !range(L, LB, LE))
    return;
  QualType T = L->getType();
  std::string Site = site(SiteKind::Write, L->getBeginLoc(), text(L));
  std::string V = render(R);
  std::string Rec;
  BitField BF = bitField(L, Rec);
  if (BF.Valid) {
    if (!Used)
      return Ed->replace(B, E, Code.bitStore(BF, T, Code.bitAddress(BF, Rec), V, tx(), Site));
    std::string P = Code.fresh("__stm_p");
    std::string RSite = site(SiteKind::Read, L->getBeginLoc(), text(L));
    return Ed->replace(B, E,
                      "__extension__ ({ char *" + P + " = " + Code.bitAddress(BF, Rec) + "; " +
                          Code.bitStore(BF, T, P, V, tx(), Site) + "; " +
                          Code.bitLoad(BF, T, P, tx(), RSite) + "; })");
  }
  std::string X = Pr->render(LB, LE);
  AccessType K = accessType(L);
  if (!Used)
    return Ed->replace(B, E, Code.store(K, T, "&(" + X + ")", V, tx(), Site, X));
  std::string Vn = Code.fresh("__stm_v");
  Ed->replace(B, E,
             "__extension__ ({ " + Code.declare(T, Vn, X) + " = " + Code.convert(T, V) + "; " +
                 Code.store(K, T, "&(" + X + ")", Vn, tx(), Site, X) + "; " + Vn + "; })");
}

// L op= R and ++/--: the address is computed once, then read and written
// through the barriers.
void Instrumenter::compoundAssign(CompoundAssignOperator *CA, bool Used) {
  Expr *L = selected(CA->getLHS()), *R = CA->getRHS();
  lvalueParts(L);
  rv(R);
  if (!inTx())
    return;
  Access A = classify(L);
  if (A.Kind != AccessKind::Shared)
    return (void)plainWrite(A, L, CA);
  markWrites();
  unsigned B, E, LB, LE;
  if (!range(CA, B, E) || !range(L, LB, LE))
    return;
  QualType T = L->getType();
  std::string Op =
      BinaryOperator::getOpcodeStr(BinaryOperator::getOpForCompoundAssignment(CA->getOpcode()))
          .str();
  std::string RSite = site(SiteKind::Read, L->getBeginLoc(), text(L));
  std::string WSite = site(SiteKind::Write, L->getBeginLoc(), text(L));
  std::string V = render(R);
  std::string P = Code.fresh("__stm_p"), Vn = Code.fresh("__stm_v");
  std::string Rec;
  BitField BF = bitField(L, Rec);
  if (BF.Valid) {
    std::string Tail = Used ? Code.bitLoad(BF, T, P, tx(), RSite) + "; " : std::string();
    return Ed->replace(
        B, E,
        "__extension__ ({ char *" + P + " = " + Code.bitAddress(BF, Rec) + "; " +
            Code.declare(T, Vn, "0") + " = " +
            Code.convert(T, Code.bitLoad(BF, T, P, tx(), RSite) + " " + Op + " (" + V + ")") +
            "; " + Code.bitStore(BF, T, P, Vn, tx(), WSite) + "; " + Tail + "})");
  }
  std::string X = Pr->render(LB, LE);
  AccessType K = accessType(L);
  if (!Used && simpleLvalue(L, Ctx)) {
    std::string A = "&(" + X + ")";
    return Ed->replace(B, E,
                      Code.store(K, T, A,
                                 Code.load(K, T, A, tx(), RSite, X) + " " + Op + " (" + V + ")",
                                 tx(), WSite, X));
  }
  QualType PT = Ctx.getPointerType(T.getUnqualifiedType());
  Ed->replace(B, E,
             "__extension__ ({ " + Code.declare(PT, P, "&(" + X + ")") + " = &(" + X + "); " +
                 Code.declare(T, Vn, X) + " = " +
                 Code.convert(T, Code.load(K, T, P, tx(), RSite, "*" + P) + " " + Op + " (" +
                                     V + ")") +
                 "; " + Code.store(K, T, P, Vn, tx(), WSite, "*" + P) + "; " +
                 (Used ? Vn + "; " : std::string()) + "})");
}

void Instrumenter::incDec(UnaryOperator *UO, bool Used) {
  Expr *L = selected(UO->getSubExpr());
  lvalueParts(L);
  if (!inTx())
    return;
  Access A = classify(L);
  if (A.Kind != AccessKind::Shared)
    return (void)plainWrite(A, L, UO);
  markWrites();
  unsigned B, E, LB, LE;
  if (!range(UO, B, E) || !range(L, LB, LE))
    return;
  QualType T = L->getType();
  std::string Op = UO->isIncrementOp() ? " + 1" : " - 1";
  bool Old = UO->isPostfix() && Used; // the value before the update
  std::string RSite = site(SiteKind::Read, L->getBeginLoc(), text(L));
  std::string WSite = site(SiteKind::Write, L->getBeginLoc(), text(L));
  std::string P = Code.fresh("__stm_p"), Vn = Code.fresh("__stm_v");
  std::string Rec;
  BitField BF = bitField(L, Rec);
  if (BF.Valid) {
    std::string Head = "__extension__ ({ char *" + P + " = " + Code.bitAddress(BF, Rec) + "; " +
                       Code.declare(T, Vn, "0") + " = " + Code.bitLoad(BF, T, P, tx(), RSite) +
                       "; ";
    std::string Tail = Old ? Vn + "; "
                           : Used ? Code.bitLoad(BF, T, P, tx(), RSite) + "; " : std::string();
    return Ed->replace(B, E,
                      Head + Code.bitStore(BF, T, P, Vn + Op, tx(), WSite) + "; " + Tail + "})");
  }
  std::string X = Pr->render(LB, LE);
  AccessType K = accessType(L);
  if (!Old && !Used && simpleLvalue(L, Ctx)) {
    std::string A = "&(" + X + ")";
    return Ed->replace(
        B, E, Code.store(K, T, A, Code.load(K, T, A, tx(), RSite, X) + Op, tx(), WSite, X));
  }
  QualType PT = Ctx.getPointerType(T.getUnqualifiedType());
  std::string Head = "__extension__ ({ " + Code.declare(PT, P, "&(" + X + ")") + " = &(" + X +
                     "); " + Code.declare(T, Vn, X) + " = " +
                     Code.load(K, T, P, tx(), RSite, "*" + P) + "; ";
  if (Old)
    return Ed->replace(B, E,
                      Head + Code.store(K, T, P, Vn + Op, tx(), WSite, "*" + P) + "; " + Vn +
                          "; })");
  Ed->replace(B, E,
             Head + Vn + " = " + Code.convert(T, Vn + Op) + "; " +
                 Code.store(K, T, P, Vn, tx(), WSite, "*" + P) + "; " +
                 (Used ? Vn + "; " : std::string()) + "})");
}

} // namespace stmpass
