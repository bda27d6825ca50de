// Array-scan loops read through one snapshot (docs/PLUGIN.md, "Scan
// loops").  Inside a transaction or a clone,
//
//     for (INIT; i < E; i++) BODY
//
// where BODY reads A[i] on every iteration (unconditionally) and writes no
// shared memory, calls nothing and cannot leave the loop early, reads the
// elements [i, E) with one stm_read_snapshot before the loop (the bytes as
// the transaction sees them, docs/ABI.md) and the loop reads them from that
// private copy with no barrier:
//
//     { INIT-declaration  const T *__stm_snapN; I __stm_loN;  INIT-expression;
//       __stm_snapN = (i < E) ? (const T *)stm_read_snapshot(tx, &(A)[i],
//                         ((size_t)(I)(E) - (size_t)i) * sizeof(T), site) : 0;
//       __stm_loN = i;
//       for (; i < E; i++) BODY-with-A[i]-read-as-(__stm_snapN[(i) - __stm_loN])
//       if (__stm_snapN) stm_snapshot_release(tx, __stm_snapN); }
//
// Why it is the same program: the loop runs exactly the iterations i0 ..
// E-1 (i and E do not change in BODY, E is a constant or an unassigned
// local whose address is never taken, no break/return/goto/continue, and
// i < E compares in i's own type, or E is a constant that i's type holds,
// so i++ cannot overflow), and each reads A[i], so the snapshot reads no
// element the loop would not (and, when the loop runs no iteration,
// nothing).  The condition and INIT are the user's own text.
// BODY writes nothing shared and calls nothing, so the transaction's view
// of A cannot change during the loop (a later read that extends the
// snapshot validates the logged reads, the snapshot's included; an
// unlogged read-only attempt never extends).  A is a file-scope or static
// array or a local pointer that BODY does not assign, declared before the
// loop, so &(A)[i] names the same elements before the loop.
// Anything else: the ordinary per-access barriers.
#include "Edits.h"
#include "Instrumenter.h"
#include "Printer.h"
#include "TokenLog.h"
#include "TypeText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"

#include <optional>
#include <set>
#include <vector>

namespace stmpass {

using namespace clang;

namespace {

const VarDecl *varOf(const Expr *E) {
  auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
}

// Everything the body of a candidate loop does that matters here.
struct BodyScan {
  const EscapeInfo &Esc;
  const VarDecl *I;
  bool Bad = false;
  struct Read {
    const ArraySubscriptExpr *AS;
    bool Conditional;
  };
  std::vector<Read> Reads;                    // A[i] (or A[i].f...) read as a value
  std::set<const ArraySubscriptExpr *> Taken; // ... of those
  std::vector<const ArraySubscriptExpr *> Others; // any other x[i]
  std::set<const VarDecl *> Assigned;

  BodyScan(const EscapeInfo &Esc, const VarDecl *I) : Esc(Esc), I(I) {}

  bool indexIsI(const ArraySubscriptExpr *AS) const { return varOf(AS->getIdx()) == I; }

  // Assignments only to locals whose address is never taken (no barrier).
  void lhs(const Expr *L) {
    const VarDecl *V = varOf(selected(L));
    if (!V || !isa<DeclRefExpr>(selected(L)->IgnoreParens()) || !V->hasLocalStorage() ||
        Esc.escapes(V) || V->getType().isVolatileQualified())
      Bad = true;
    else
      Assigned.insert(V);
  }

  void stmt(const Stmt *S, bool Cond) {
    if (!S || Bad)
      return;
    if (auto *E = dyn_cast<Expr>(S))
      return expr(E, Cond);
    switch (S->getStmtClass()) {
    case Stmt::CompoundStmtClass:
      for (const Stmt *C : cast<CompoundStmt>(S)->body())
        stmt(C, Cond);
      return;
    case Stmt::NullStmtClass:
      return;
    case Stmt::DeclStmtClass:
      for (const Decl *D : cast<DeclStmt>(S)->decls()) {
        if (auto *V = dyn_cast<VarDecl>(D)) {
          if (V->getType()->isVariablyModifiedType() || Esc.escapes(V) ||
              V->getType().isVolatileQualified()) {
            Bad = true;
            return;
          }
          if (V->hasLocalStorage())
            if (const Expr *Init = V->getInit())
              expr(Init, Cond);
        } else if (auto *T = dyn_cast<TypedefNameDecl>(D)) {
          if (T->getUnderlyingType()->isVariablyModifiedType())
            Bad = true;
        } else if (!isa<TagDecl>(D)) {
          Bad = true;
        }
      }
      return;
    case Stmt::IfStmtClass: {
      auto *If = cast<IfStmt>(S);
      if (If->getInit() || If->getConditionVariable()) {
        Bad = true;
        return;
      }
      expr(If->getCond(), Cond); // a transaction marker is a call: refused there
      stmt(If->getThen(), true);
      stmt(If->getElse(), true);
      return;
    }
    default: // loops, switch, jumps, labels, asm, attributes...
      Bad = true;
      return;
    }
  }

  void expr(const Expr *E, bool Cond) {
    if (!E || Bad)
      return;
    if (E->getType().isVolatileQualified() || E->getType()->isAtomicType()) {
      Bad = true;
      return;
    }
    switch (E->getStmtClass()) {
    case Stmt::ImplicitCastExprClass: {
      auto *IC = cast<ImplicitCastExpr>(E);
      if (IC->getCastKind() == CK_LValueToRValue) {
        const Expr *X = selected(IC->getSubExpr());
        if (X->getType().isVolatileQualified()) {
          Bad = true;
          return;
        }
        while (auto *ME = dyn_cast<MemberExpr>(X)) {
          if (ME->isArrow())
            break;
          X = selected(ME->getBase());
        }
        if (auto *AS = dyn_cast<ArraySubscriptExpr>(X); AS && indexIsI(AS) &&
                                                         Taken.insert(AS).second)
          Reads.push_back({AS, Cond});
      }
      return expr(IC->getSubExpr(), Cond);
    }
    case Stmt::ArraySubscriptExprClass: {
      auto *AS = cast<ArraySubscriptExpr>(E);
      if (indexIsI(AS) && !Taken.count(AS))
        Others.push_back(AS);
      expr(AS->getLHS(), Cond);
      return expr(AS->getRHS(), Cond);
    }
    case Stmt::UnaryOperatorClass: {
      auto *UO = cast<UnaryOperator>(E);
      if (UO->getOpcode() == UO_AddrOf) {
        Bad = true;
        return;
      }
      if (UO->isIncrementDecrementOp())
        lhs(UO->getSubExpr());
      return expr(UO->getSubExpr(), Cond);
    }
    case Stmt::BinaryOperatorClass:
    case Stmt::CompoundAssignOperatorClass: {
      auto *BO = cast<BinaryOperator>(E);
      if (BO->isAssignmentOp())
        lhs(BO->getLHS());
      expr(BO->getLHS(), Cond);
      return expr(BO->getRHS(), Cond || BO->isLogicalOp());
    }
    case Stmt::ConditionalOperatorClass: {
      auto *CO = cast<ConditionalOperator>(E);
      expr(CO->getCond(), Cond);
      expr(CO->getTrueExpr(), true);
      return expr(CO->getFalseExpr(), true);
    }
    case Stmt::BinaryConditionalOperatorClass: {
      auto *BC = cast<BinaryConditionalOperator>(E);
      expr(BC->getCommon(), Cond);
      return expr(BC->getFalseExpr(), true);
    }
    case Stmt::GenericSelectionExprClass: {
      auto *G = cast<GenericSelectionExpr>(E);
      if (G->isResultDependent()) {
        Bad = true;
        return;
      }
      return expr(G->getResultExpr(), Cond);
    }
    case Stmt::ChooseExprClass:
      return expr(cast<ChooseExpr>(E)->getChosenSubExpr(), Cond);
    case Stmt::UnaryExprOrTypeTraitExprClass: {
      // Unevaluated, unless of a variable length array type.
      auto *UE = cast<UnaryExprOrTypeTraitExpr>(E);
      if (UE->getTypeOfArgument()->isVariablyModifiedType())
        Bad = true;
      return;
    }
    case Stmt::ParenExprClass:
    case Stmt::CStyleCastExprClass:
    case Stmt::MemberExprClass:
    case Stmt::DeclRefExprClass:
    case Stmt::IntegerLiteralClass:
    case Stmt::FloatingLiteralClass:
    case Stmt::CharacterLiteralClass:
    case Stmt::StringLiteralClass:
    case Stmt::PredefinedExprClass:
    case Stmt::ConstantExprClass:
    case Stmt::InitListExprClass:
    case Stmt::ImplicitValueInitExprClass:
    case Stmt::DesignatedInitExprClass:
    case Stmt::OffsetOfExprClass:
      for (const Stmt *C : E->children())
        if (auto *CE = dyn_cast_or_null<Expr>(C))
          expr(CE, Cond);
      return;
    default: // calls, statement expressions, compound literals, atomics...
      Bad = true;
      return;
    }
  }
};

// The array or local pointer of A[i]: a file-scope or static array
// (not thread-local), or a local pointer whose address is never taken.
const VarDecl *scanBase(const ArraySubscriptExpr *AS, const EscapeInfo &Esc) {
  const Expr *B = AS->getBase()->IgnoreParens();
  if (auto *D = dyn_cast<ImplicitCastExpr>(B); D && D->getCastKind() == CK_ArrayToPointerDecay) {
    auto *DR = dyn_cast<DeclRefExpr>(D->getSubExpr()->IgnoreParens());
    auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
    if (!V || V->hasLocalStorage() || V->getTLSKind() != VarDecl::TLS_None ||
        V->getType()->isVariablyModifiedType())
      return nullptr;
    return V;
  }
  auto *IC = dyn_cast<ImplicitCastExpr>(B);
  if (!IC || IC->getCastKind() != CK_LValueToRValue)
    return nullptr;
  auto *DR = dyn_cast<DeclRefExpr>(IC->getSubExpr()->IgnoreParens());
  auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || !V->getType()->isPointerType() || Esc.escapes(V) ||
      V->getType().isVolatileQualified())
    return nullptr;
  return V;
}

} // namespace

// The loop's tokens: `for` ( INIT ; COND ; INC ) BODY [;]
bool Instrumenter::snapshotLoop(ForStmt *FS) {
  if (!inTx() || !FS->getCond() || !FS->getInc() || !FS->getBody() ||
      FS->getConditionVariable())
    return false;
  // i < E, with no conversion of i.
  auto *Cmp = dyn_cast<BinaryOperator>(selected(FS->getCond()));
  if (!Cmp || Cmp->getOpcode() != BO_LT)
    return false;
  const VarDecl *I = varOf(Cmp->getLHS());
  if (!I || !isa<DeclRefExpr>(selected(Cmp->getLHS()->IgnoreImpCasts())) ||
      !I->hasLocalStorage() || Esc.escapes(I) || I->getType().isVolatileQualified())
    return false;
  QualType IT = I->getType().getCanonicalType().getUnqualifiedType();
  auto *BT = dyn_cast<BuiltinType>(IT.getTypePtr());
  if (!BT || !BT->isInteger() || IT->isBooleanType() || Ctx.isPromotableIntegerType(IT) ||
      Ctx.getTypeSize(IT) > 64)
    return false;
  // The compare is made in i's own type, or E is a constant in [0, max of
  // i's type] and the compare's type is at least as wide: then i < E holds
  // exactly for 0 <= i < E when that type is unsigned (a negative i
  // becomes large), and as written when it is signed; either way i++
  // cannot overflow inside the loop and (size_t)(I)(E) is E.
  QualType CT = Cmp->getLHS()->getType().getCanonicalType().getUnqualifiedType();
  if (!Ctx.hasSameType(CT, IT)) {
    std::optional<llvm::APSInt> V = Cmp->getRHS()->getIntegerConstantExpr(Ctx);
    if (!V || !CT->isIntegerType() || Ctx.getTypeSize(CT) < Ctx.getTypeSize(IT) || V->isNegative())
      return false;
    llvm::APSInt Max = llvm::APSInt::getMaxValue(Ctx.getTypeSize(IT), IT->isUnsignedIntegerType());
    if (llvm::APSInt::compareValues(*V, Max) > 0)
      return false;
  }
  const Expr *Bound = Cmp->getRHS()->IgnoreParenImpCasts();
  const VarDecl *EV = nullptr;
  if (!Bound->isIntegerConstantExpr(Ctx)) {
    if (!Ctx.hasSameType(CT, IT))
      return false;
    EV = varOf(Bound);
    if (!EV || !isa<DeclRefExpr>(Bound) || EV == I || !EV->hasLocalStorage() ||
        Esc.escapes(EV) || EV->getType().isVolatileQualified() ||
        !EV->getType()->isIntegerType())
      return false;
  }
  // i++, ++i, i += 1.
  const Expr *Inc = selected(FS->getInc());
  if (auto *UO = dyn_cast<UnaryOperator>(Inc)) {
    if (!UO->isIncrementOp() || varOf(UO->getSubExpr()) != I ||
        !isa<DeclRefExpr>(UO->getSubExpr()->IgnoreParens()))
      return false;
  } else if (auto *CA = dyn_cast<CompoundAssignOperator>(Inc)) {
    std::optional<llvm::APSInt> One = CA->getRHS()->getIntegerConstantExpr(Ctx);
    if (CA->getOpcode() != BO_AddAssign || varOf(CA->getLHS()) != I ||
        !isa<DeclRefExpr>(CA->getLHS()->IgnoreParens()) || !One || *One != 1)
      return false;
  } else {
    return false;
  }
  // The body.
  BodyScan Scan(Esc, I);
  Scan.stmt(FS->getBody(), false);
  if (Scan.Bad || Scan.Assigned.count(I) || (EV && Scan.Assigned.count(EV)))
    return false;
  const ArraySubscriptExpr *First = nullptr;
  const VarDecl *Base = nullptr;
  for (const BodyScan::Read &R : Scan.Reads)
    if (!R.Conditional && (Base = scanBase(R.AS, Esc))) {
      First = R.AS;
      break;
    }
  if (!First || Scan.Assigned.count(Base))
    return false;
  // Declared before the body: in scope where the snapshot is taken.
  SourceLocation BodyBegin = FS->getBody()->getBeginLoc();
  for (const VarDecl *V : {I, EV, Base})
    if (V && !SM.isBeforeInTranslationUnit(V->getLocation(), BodyBegin))
      return false;
  // The element type: complete, not an array, shared (a barrier today).
  QualType T = First->getType();
  if (T.isVolatileQualified() || T->isAtomicType() || T->isIncompleteType() ||
      T->isArrayType() || T->isVariablyModifiedType() || !(T->isScalarType() || T->isRecordType()) ||
      Ctx.getTypeSizeInChars(T).isZero() || classify(First).Kind != AccessKind::Shared)
    return false;
  if (const RecordDecl *RD = T->getAsRecordDecl(); RD && RD->hasVolatileMember())
    return false; // the copy would read it
  auto sameBase = [&](const ArraySubscriptExpr *AS) { return scanBase(AS, Esc) == Base; };
  for (const ArraySubscriptExpr *AS : Scan.Others)
    if (sameBase(AS)) // &A[i], A[i] = ..., A[i].array: not a plain read
      return false;
  std::string IType = typeName(IT, Ctx), SizeType = typeName(Ctx.getSizeType(), Ctx);
  if (IType.empty() || SizeType.empty())
    return false;

  // Tokens: for ( INIT ; COND ; INC ) BODY, BODY ending with } or ;.
  int ForTok = tok(FS->getForLoc()), LP = tok(FS->getLParenLoc()), RP = tok(FS->getRParenLoc());
  int BodyB = tok(BodyBegin), BodyE = tok(FS->getBody()->getEndLoc());
  if (ForTok < 0 || LP < 0 || RP < 0 || BodyB < 0 || BodyE < 0 || LP <= ForTok || RP <= LP ||
      BodyB <= RP || BodyE < BodyB)
    return false;
  if (isa<CompoundStmt>(FS->getBody())) {
    if (!Log[BodyE].is(tok::r_brace))
      return false;
  } else {
    if ((unsigned)BodyE + 1 >= Log.size() || !Log[BodyE + 1].is(tok::semi))
      return false;
    ++BodyE;
  }
  int Semi1 = -1, Semi2 = -1, Depth = 0;
  for (int K = LP + 1; K < RP; ++K) {
    const Token &Tk = Log[K];
    if (Tk.isOneOf(tok::l_paren, tok::l_brace, tok::l_square))
      ++Depth;
    else if (Tk.isOneOf(tok::r_paren, tok::r_brace, tok::r_square))
      --Depth;
    else if (Depth == 0 && Tk.is(tok::semi))
      (Semi1 < 0 ? Semi1 : Semi2) = K;
  }
  if (Semi1 < 0 || Semi2 < 0)
    return false;
  unsigned EB, EE;
  if (!range(Cmp->getRHS(), EB, EE))
    return false;

  // Walk the loop as usual, with A[i]'s reads going to the snapshot.
  std::string Snap = fresh("__stm_snap"), Lo = fresh("__stm_lo");
  std::string Site = site(SiteKind::Read, First->getBeginLoc(), text(First));
  unsigned BB, BE;
  if (!range(First->getBase(), BB, BE))
    return false;
  std::string BaseText = Pr->render(BB, BE);
  // The snapshot's pointer type.  A builtin element type is spelled as its
  // canonical name; any other as __typeof__ of an element of A: a name
  // could be shadowed at the loop (a local struct tag or typedef, or a
  // variable declared by INIT: `const struct P *` would be the local P,
  // of another size), and "T *name" is no declaration when T is a pointer
  // to a function or an array.
  std::string PtrType;
  if (T.getCanonicalType()->isBuiltinType())
    PtrType = typeName(Ctx.getPointerType(T.getCanonicalType().getUnqualifiedType().withConst()), Ctx);
  else
    PtrType = std::string(T.isConstQualified() ? "" : "const ") + "__typeof__((" + BaseText +
              ")[0]) *";
  if (PtrType.empty())
    return false;
  std::string IName = I->getNameAsString();

  Flow Head = forHead(FS);
  SnapLoop S;
  for (const BodyScan::Read &R : Scan.Reads)
    if (sameBase(R.AS))
      S.Targets.insert(R.AS);
  S.Text = [Snap, Lo](const std::string &Idx) {
    return "(" + Snap + "[(" + Idx + ") - " + Lo + "])";
  };
  SnapLoop *Saved = Snap_;
  Snap_ = &S;
  unsigned Marks = WriteMarks;
  bool WasFailed = Failed;
  stmt(FS->getBody());
  Snap_ = Saved;
  forTail(FS, Head);
  if (WriteMarks != Marks || S.Done != S.Targets.size()) {
    if (!WasFailed)
      error(FS->getForLoc(), "stmpass: internal error: a scan loop read through a snapshot "
                             "writes, or some of its reads were not rewritten");
    return true;
  }

  bool InitDecl = FS->getInit() && isa<DeclStmt>(FS->getInit());
  std::string Out = "{ ";
  if (InitDecl)
    Out += Pr->render(LP + 1, Semi1) + " ";
  Out += PtrType + Snap + "; " + IType + " " + Lo + "; ";
  if (!InitDecl && Semi1 > LP + 1)
    Out += Pr->render(LP + 1, Semi1 - 1) + "; ";
  std::string Cond = Pr->render(Semi1 + 1, Semi2 - 1);
  std::string IncText = Pr->render(Semi2 + 1, RP - 1);
  std::string Bnd = Pr->render(EB, EE);
  Out += Snap + " = (" + Cond + ") ? (" + PtrType + ")stm_read_snapshot(" + tx() +
         ", (const void *)&(" + BaseText + ")[" + IName + "], ((" + SizeType + ")(" + IType +
         ")(" + Bnd + ") - (" + SizeType + ")" + IName + ") * " +
         std::to_string(Ctx.getTypeSizeInChars(T).getQuantity()) + "u, " + Site + ") : 0; " +
         Lo + " = " + IName + "; for (; " + Cond + "; " + IncText;
  Out += Pr->render(RP, BodyE); // from `)`: the body keeps its lines
  Out += " if (" + Snap + ") stm_snapshot_release(" + tx() + ", " + Snap + "); }";
  Ed->replace(ForTok, BodyE, Out);
  return true;
}

// In a scan loop's body: a read of A[i] or A[i].f... is a plain read of
// the snapshot.
bool Instrumenter::snapshotRead(Expr *L) {
  if (!Snap_)
    return false;
  const Expr *X = selected(L);
  while (auto *ME = dyn_cast<MemberExpr>(X)) {
    if (ME->isArrow())
      break;
    X = selected(ME->getBase());
  }
  auto *AS = dyn_cast<ArraySubscriptExpr>(X);
  if (!AS || !Snap_->Targets.count(AS))
    return false;
  unsigned B, E, IB, IE;
  if (!range(AS, B, E) || !range(AS->getIdx(), IB, IE))
    return false;
  Ed->replace(B, E, Snap_->Text(Pr->render(IB, IE)));
  Snap_->Done++;
  return true;
}

} // namespace stmpass
