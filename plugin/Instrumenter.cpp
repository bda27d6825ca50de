#include "Instrumenter.h"
#include "Calls.h"
#include "Edits.h"
#include "KeywordForms.h"
#include "Printer.h"
#include "Sites.h"
#include "TokenLog.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"

namespace stmpass {

using namespace clang;

Instrumenter::Instrumenter(ASTContext &Ctx, Preprocessor &PP, const TokenLog &Log,
                           const KeywordForms &Forms, Edits &Ed, const Printer &Pr,
                           SiteTable &Sites, const AbiConstants &Abi)
    : Ctx(Ctx), PP(PP), SM(PP.getSourceManager()), Diags(PP.getDiagnostics()), Log(Log),
      Forms(Forms), Ed(&Ed), Pr(&Pr), FileEd(&Ed), Sites(Sites), Abi(Abi), Code(Ctx) {}

void Instrumenter::error(SourceLocation L, const llvm::Twine &Msg) {
  if (CurrentClone && !CurrentClone->Required) {
    CurrentClone->Errors.push_back({L, Msg.str()});
    return;
  }
  Failed = true;
  // A function is walked again for its clone: report things once.
  if (!Reported.insert({L.getRawEncoding(), Msg.str()}).second)
    return;
  unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
  Diags.Report(L, ID) << Msg.str();
}

// ---- tokens -------------------------------------------------------------

int Instrumenter::tok(SourceLocation L) { return Log.indexOf(L); }

bool Instrumenter::range(const Stmt *S, unsigned &B, unsigned &E) {
  int IB = tok(S->getBeginLoc()), IE = tok(S->getEndLoc());
  if (IB < 0 || IE < 0 || IE < IB) {
    error(S->getBeginLoc(), "stmpass: internal error: cannot find the tokens of this "
                            "construct in the preprocessed text");
    return false;
  }
  B = IB;
  E = IE;
  return true;
}

std::string Instrumenter::render(const Stmt *S) {
  unsigned B, E;
  if (!range(S, B, E))
    return "0";
  return Pr->render(B, E);
}

// The user's spelling of an expression: where it is written when that is
// a macro argument (`b` in TM_ATOMIC_ADD(b, 5)), else the macro use.
std::string Instrumenter::text(const Stmt *S) {
  if (auto *E = dyn_cast<Expr>(S))
    S = E->IgnoreParens();
  SourceLocation B = S->getBeginLoc(), E = S->getEndLoc();
  if (B.isMacroID() && E.isMacroID() && SM.isMacroArgExpansion(B) &&
      SM.isMacroArgExpansion(E)) {
    SourceLocation SB = SM.getSpellingLoc(B), SE = SM.getSpellingLoc(E);
    if (SM.getFileID(SB) == SM.getFileID(SE) && !SM.isBeforeInTranslationUnit(SE, SB))
      return Lexer::getSourceText(CharSourceRange::getTokenRange(SB, SE), SM,
                                  Ctx.getLangOpts())
          .str();
  }
  CharSourceRange R = SM.getExpansionRange(S->getSourceRange());
  return Lexer::getSourceText(R, SM, Ctx.getLangOpts()).str();
}

std::string Instrumenter::site(SiteKind K, SourceLocation L, const std::string &Text) {
  return Sites.add(K, L, Text, FnName);
}

void Instrumenter::markWrites() {
  ++WriteMarks;
  for (Transaction *T : Stack)
    T->Writes = true;
  forgetAll(); // nothing read before is known to be unchanged
}

// A keyword that reached a macro as an argument is reported where the
// argument is written.
SourceLocation Instrumenter::userLoc(SourceLocation L) {
  while (L.isMacroID() && SM.isMacroArgExpansion(L))
    L = SM.getImmediateSpellingLoc(L);
  return L;
}

// ---- driver -------------------------------------------------------------

void Instrumenter::run(TranslationUnitDecl *TU) {
  findAddressTaken(TU);
  std::vector<FunctionDecl *> Declared;
  for (Decl *D : TU->decls())
    if (auto *FD = dyn_cast<FunctionDecl>(D))
      if (FD->doesThisDeclarationHaveABody()) {
        function(FD);
        // transaction_safe/callable functions have a clone whether or not
        // this file calls them: other files may (docs/ABI.md).
        std::string A = tmAttribute(FD);
        for (const FunctionDecl *R : FD->redecls())
          if (A.empty())
            A = tmAttribute(R);
        if (A == "safe" || A == "callable")
          Declared.push_back(FD);
      }
  for (FunctionDecl *FD : Declared)
    clone(FD); // one that cannot be cloned is reported where it is called
  // Functions whose address is taken may be called through a pointer in a
  // transaction: they get clones, registered in the file's table.
  for (Decl *D : TU->decls())
    if (auto *FD = dyn_cast<FunctionDecl>(D))
      if (FD->doesThisDeclarationHaveABody() && !FD->isMain() &&
          AddressTaken.count(FD->getCanonicalDecl()) &&
          !SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
        clone(FD, /*Required=*/false);
  emitClones();
  checkAtomicCalls();
  for (FunctionDecl *FD : Declared) {
    CloneInfo *C = clone(FD);
    std::string A;
    for (const FunctionDecl *R : FD->redecls())
      if (A.empty())
        A = tmAttribute(R);
    if (A == "safe" && C->NotCloneable.empty() && C->Unsafe)
      error(C->UnsafeLoc, "unsafe '" + C->UnsafeWhat + "' in transaction_safe function '" +
                              FD->getName() + "'");
  }
}

// Walk a function: as itself, or (AsClone) as the body of its clone,
// which runs entirely inside the caller's transaction.
void Instrumenter::function(FunctionDecl *FD, CloneInfo *AsClone) {
  Fn = FD;
  FnName = FD->getNameAsString();
  Esc.compute(FD);
  Txs.clear();
  Stack.clear();
  Breaks.clear();
  SwitchPaths.clear();
  DeclaredIn.clear();
  LabelPaths.clear();
  Gotos.clear();
  LabelAddresses.clear();
  F = Flow();
  SeqTop = AccessBase = false;
  CacheDecls.clear();
  if (AsClone) {
    Txs.emplace_back();
    Transaction &Frame = Txs.back();
    Frame.Clone = true;
    Frame.Kind = TxKind::Relaxed; // what is unsafe becomes irrevocable...
    Frame.Id = NextTx++;          // ...and atomic callers are checked later
    Stack.push_back(&Frame);
  }
  stmt(FD->getBody());
  resolveGotos();
  int Body = tok(FD->getBody()->getBeginLoc());
  if (!CacheDecls.empty() && Body >= 0)
    Ed->insertAfter(Body, " " + CacheDecls);
}

// ---- statements ---------------------------------------------------------

void Instrumenter::stmt(Stmt *S) {
  if (!S)
    return;
  if (auto *E = dyn_cast<Expr>(S)) {
    fullExpr(E, /*Used=*/false);
    return;
  }
  switch (S->getStmtClass()) {
  case Stmt::IfStmtClass: {
    auto *If = cast<IfStmt>(S);
    TxKind K;
    if (isTxStmt(If, K))
      return txStmt(If, K);
    if (isCancelStmt(If)) {
      forgetAll();
      return cancelStmt(If);
    }
    stmt(If->getInit());
    Flow True;
    rvCond(If->getCond(), True);
    Flow Any = F;
    F = True;
    stmt(If->getThen());
    Flow AfterThen = F;
    F = Any;
    stmt(If->getElse());
    join(AfterThen);
    return;
  }
  case Stmt::CompoundStmtClass:
    for (Stmt *C : cast<CompoundStmt>(S)->body())
      stmt(C);
    return;
  case Stmt::DeclStmtClass: {
    auto *DS = cast<DeclStmt>(S);
    std::string After;
    for (Decl *D : DS->decls())
      decl(D, &After);
    if (!After.empty()) {
      // Arrays initialised here: their bytes are logged by a declaration
      // after this one (a for-init cannot have one).
      int Last = tok(DS->getEndLoc());
      if (DS == ForInit || Last < 0 || !Log[Last].is(tok::semi))
        error(DS->getBeginLoc(),
              "stmpass: an initialised array whose address is taken cannot be declared "
              "here inside a transaction; declare it in its own statement");
      else
        Ed->insertAfter(Last, After);
    }
    return;
  }
  case Stmt::WhileStmtClass: {
    auto *W = cast<WhileStmt>(S);
    enterLoop(W);
    Flow Head = F, True;
    rvCond(W->getCond(), True);
    F = True;
    Breaks.push_back({W, true, Stack.size()});
    stmt(W->getBody());
    Breaks.pop_back();
    F = Head;
    return;
  }
  case Stmt::DoStmtClass: {
    auto *D = cast<DoStmt>(S);
    enterLoop(D);
    Flow Head = F, True;
    Breaks.push_back({D, true, Stack.size()});
    stmt(D->getBody());
    Breaks.pop_back();
    F = Head; // `continue` comes here from anywhere in the body
    rvCond(D->getCond(), True);
    F = Head;
    return;
  }
  case Stmt::ForStmtClass: {
    auto *FS = cast<ForStmt>(S);
    if (snapshotLoop(FS))
      return;
    Flow Head = forHead(FS);
    stmt(FS->getBody());
    forTail(FS, Head);
    return;
  }
  case Stmt::SwitchStmtClass: {
    auto *Sw = cast<SwitchStmt>(S);
    stmt(Sw->getInit());
    fullExpr(Sw->getCond());
    forgetAll();
    Breaks.push_back({Sw, false, Stack.size()});
    SwitchPaths.push_back(Stack);
    stmt(Sw->getBody());
    SwitchPaths.pop_back();
    Breaks.pop_back();
    forgetAll();
    return;
  }
  case Stmt::CaseStmtClass:
  case Stmt::DefaultStmtClass:
    forgetAll();
    switchCase(cast<SwitchCase>(S));
    stmt(cast<SwitchCase>(S)->getSubStmt());
    return;
  case Stmt::BreakStmtClass:
    return jumpOut(S, true);
  case Stmt::ContinueStmtClass:
    return jumpOut(S, false);
  case Stmt::ReturnStmtClass: {
    auto *R = cast<ReturnStmt>(S);
    fullExpr(R->getRetValue());
    return returnStmt(R);
  }
  case Stmt::GotoStmtClass:
    Gotos.push_back({cast<GotoStmt>(S), Stack});
    return;
  case Stmt::IndirectGotoStmtClass:
    if (inTx())
      error(S->getBeginLoc(), "stmpass: computed goto inside a transaction is not supported");
    rv(cast<IndirectGotoStmt>(S)->getTarget());
    return;
  case Stmt::LabelStmtClass: {
    auto *L = cast<LabelStmt>(S);
    forgetAll();
    LabelPaths[L->getDecl()] = Stack;
    stmt(L->getSubStmt());
    return;
  }
  case Stmt::AttributedStmtClass:
    stmt(cast<AttributedStmt>(S)->getSubStmt());
    return;
  case Stmt::NullStmtClass:
    return;
  case Stmt::GCCAsmStmtClass:
  case Stmt::MSAsmStmtClass: {
    forgetAll();
    for (Stmt *C : S->children())
      rv(cast<Expr>(C));
    if (!inTx())
      return;
    if (!cur().relaxed()) {
      error(S->getBeginLoc(), "asm not allowed in atomic transaction");
      return;
    }
    unsigned B, E;
    if (!range(S, B, E))
      return;
    unsigned Semi = E + 1;
    if (Semi >= Log.size() || !Log[Semi].is(tok::semi))
      Semi = E;
    markWrites();
    markUnsafe(S->getBeginLoc(), "asm");
    std::string Site = site(SiteKind::Irrevocable, S->getBeginLoc(), "asm");
    Ed->replace(B, Semi,
               "{ stm_become_irrevocable(" + tx() + ", " + Abi.IrrSerial + ", " + Site +
                   "); " + Pr->render(B, Semi) + " }");
    return;
  }
  default:
    forgetAll();
    if (inTx()) {
      error(S->getBeginLoc(), llvm::Twine("stmpass: statement '") + S->getStmtClassName() +
                                  "' inside a transaction is not supported");
      return;
    }
    for (Stmt *C : S->children())
      stmt(C);
    return;
  }
}

// Size expressions of variably modified types are evaluated where the
// declaration is.
static void vlaSizes(TypeLoc TL, std::vector<Expr *> &Out) {
  while (!TL.isNull()) {
    // The type's size expression is the converted one (the TypeLoc's is
    // the lvalue as written).
    if (auto VA = TL.getAs<VariableArrayTypeLoc>())
      Out.push_back(VA.getTypePtr()->getSizeExpr());
    TL = TL.getNextTypeLoc();
  }
}

void Instrumenter::decl(Decl *D, std::string *After) {
  if (auto *V = dyn_cast<VarDecl>(D)) {
    DeclaredIn[V] = inTx() ? &cur() : nullptr;
    if (!V->hasLocalStorage())
      return; // a static's initializer is not executed here
    if (TypeSourceInfo *TSI = V->getTypeSourceInfo()) {
      std::vector<Expr *> Sizes;
      vlaSizes(TSI->getTypeLoc(), Sizes);
      for (Expr *E : Sizes)
        rv(E);
    }
    fullExpr(V->getInit());
    noteFresh(V, V->getInit());
    if (inTx() && V->getInit() && Esc.escapes(V))
      logInitialised(V, After);
    return;
  }
  if (auto *T = dyn_cast<TypedefNameDecl>(D))
    if (TypeSourceInfo *TSI = T->getTypeSourceInfo()) {
      std::vector<Expr *> Sizes;
      vlaSizes(TSI->getTypeLoc(), Sizes);
      for (Expr *E : Sizes)
        rv(E);
    }
}

// A local declared inside a transaction (or a clone) whose address is
// taken is read and written through barriers, but its initialisation
// writes memory directly.  The write log may still hold an entry for the
// same address from an earlier lifetime (a previous loop iteration, the
// frame of a clone that has returned), which the barriers would then read
// instead of the new value: so the initial value goes into the log too.
std::string Instrumenter::logCall(const VarDecl *V, const std::string &Src) {
  markWrites();
  std::string Name = V->getNameAsString();
  return "stm_write_bytes(" + tx() + ", (void *)&" + Name + ", " + Src + ", sizeof " + Name +
         ", " + site(SiteKind::Write, V->getLocation(), Name) + ")";
}

void Instrumenter::logInitialised(VarDecl *V, std::string *After) {
  if (V->getType()->isArrayType()) {
    if (!After) {
      error(V->getLocation(), "stmpass: internal error: initialised array outside a "
                              "declaration statement");
      return;
    }
    *After += " int " + fresh("__stm_lg") + " = (" + logCall(V, "(const void *)&" +
              V->getNameAsString()) + ", 0);";
    return;
  }
  unsigned B, E;
  if (!range(V->getInit(), B, E))
    return;
  std::string T = fresh("__stm_in");
  Ed->replace(B, E, "__extension__ ({ __typeof__(" + V->getNameAsString() + ") " + T + " = " +
                        Pr->render(B, E) + "; " + logCall(V, "&" + T) + "; " + T + "; })");
}

// ---- transactions -------------------------------------------------------

Transaction &Instrumenter::newTx(TxKind K, SourceLocation MarkerLoc) {
  Txs.emplace_back();
  Transaction &T = Txs.back();
  T.Kind = K;
  T.Id = NextTx++;
  T.Parent = inTx() ? &cur() : nullptr;
  const KeywordOccurrence *O = Forms.occurrenceOf(MarkerLoc);
  T.KeywordLoc = userLoc(O ? O->Loc : SM.getExpansionLoc(MarkerLoc));
  if (T.Parent && T.Parent->Clone && K != TxKind::Atomic)
    markUnsafe(T.KeywordLoc, KeywordName[(unsigned)K]);
  else if (T.Parent && T.Parent->Kind == TxKind::Atomic && K != TxKind::Atomic)
    error(T.KeywordLoc, "relaxed transaction in atomic transaction");
  return T;
}

// Tokens [From, To] between the marker and the block: nothing, or the
// user's `[[outer]]`.
bool Instrumenter::outerAttribute(unsigned From, unsigned To, bool &Outer) {
  Outer = false;
  if (From > To)
    return true;
  static const tok::TokenKind Want[] = {tok::l_square, tok::l_square, tok::identifier,
                                        tok::r_square, tok::r_square};
  if (To - From + 1 == 5) {
    bool Match = true;
    for (unsigned I = 0; I < 5; ++I)
      Match = Match && Log[From + I].is(Want[I]);
    if (Match && Log[From + 2].getIdentifierInfo()->getName() == "outer") {
      Outer = true;
      for (unsigned I = From; I <= To; ++I)
        Suppress.insert(Log[I].getLocation().getRawEncoding());
      return true;
    }
  }
  error(Log[From].getLocation(), "stmpass: only [[outer]] may follow a transaction keyword");
  return false;
}

std::string Instrumenter::beginSite(Transaction &T) {
  return site(SiteKind::Begin, T.KeywordLoc, KeywordName[(unsigned)T.Kind]);
}

// The code before the transaction's body: checkpoint, saved locals, begin.
std::string Instrumenter::prologue(Transaction &T, const std::string &Extra) {
  std::string TX = T.txVar(), JB = T.jbVar();
  std::string Decls = "stm_tx_t *const " + TX + " = " +
                      (T.Parent ? T.Parent->txVar() : std::string("stm_tx_self()")) +
                      "; __stm_jmp_buf_t " + JB + "; ";
  std::string Copies, Restores;
  unsigned K = 0;
  for (const ValueDecl *VD : T.Saved) {
    std::string Save = "__stm_sv" + std::to_string(T.Id) + "_" + std::to_string(K++);
    std::string Name = VD->getNameAsString();
    QualType Ty = VD->getType();
    auto *V = dyn_cast<VarDecl>(VD);
    if (V && V->getStorageClass() == SC_Register) {
      Decls += Code.declare(Ty, Save, Name) + " = " + Name + "; ";
      Restores += Name + " = " + Save + "; ";
      continue;
    }
    // Bytes, not values: the local may not be initialised yet (and a
    // struct may have const members); optimisers see through memcpy.
    Decls += Code.declare(Ty, Save, Name) + "; ";
    Copies += "__builtin_memcpy(&" + Save + ", &" + Name + ", sizeof " + Save + "); ";
    Restores += "__builtin_memcpy(&" + Name + ", &" + Save + ", sizeof " + Save + "); ";
  }
  if (!T.ErrnoText.empty()) {
    std::string Save = "__stm_sv" + std::to_string(T.Id) + "_errno";
    Decls += "int " + Save + " = " + T.ErrnoText + "; ";
    Restores += T.ErrnoText + " = " + Save + "; ";
  }
  std::string Attr = T.Kind == TxKind::Atomic ? Abi.Atomic : Abi.Relaxed;
  if (T.MayCancel)
    Attr += "|" + Abi.MayCancel;
  if (!T.Writes)
    Attr += "|" + Abi.ReadOnly;
  if (T.Outer)
    Attr += "|" + Abi.Outer;
  Attr += "|" + Abi.CheckpointAttr; // which setjmp took the checkpoint (abi.h)
  std::string Cancelled =
      T.ExprForm ? std::string() : "if (stm_cancelled(" + TX + ")) goto " + T.afterLabel() + "; ";
  std::string Buf = "(stm_jmp_t)(void *)&" + JB;
  std::string Ro; // read-only: the block's own loads go unlogged (abi.h, stm_loadm_*)
  if (!T.Parent)
    Ro = std::string("const int ") + T.roVar() + " __attribute__((__unused__)) = " +
         (T.Writes ? "0" : "1") + "; ";
  return Decls + Extra + Ro + Copies + "if (" + Abi.Checkpoint + "(" + Buf + ")) { " + Restores + Cancelled +
         "} stm_begin(" + TX + ", " + Buf + ", " + Attr + ", " + beginSite(T) + "); ";
}

Instrumenter::Flow Instrumenter::forHead(ForStmt *FS) {
  ForInit = FS->getInit();
  stmt(FS->getInit());
  ForInit = nullptr;
  enterLoop(FS);
  Flow Head = F, True;
  rvCond(FS->getCond(), True);
  F = True;
  Breaks.push_back({FS, true, Stack.size()});
  return Head;
}

void Instrumenter::forTail(ForStmt *FS, const Flow &Head) {
  Breaks.pop_back();
  F = Head; // `continue` comes to the increment from anywhere in the body
  fullExpr(FS->getInc(), false);
  F = Head;
}

// Whether a cancel may run inside S (a cancel marker or a call to a
// transaction_may_cancel_outer function), before S is walked.
static bool hasCancel(const Stmt *S) {
  if (!S)
    return false;
  if (auto *If = dyn_cast<IfStmt>(S); If && isCancelStmt(If))
    return true;
  if (auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      for (const FunctionDecl *R : FD->redecls())
        if (tmAttribute(R) == "may_cancel_outer")
          return true;
  for (const Stmt *C : S->children())
    if (hasCancel(C))
      return true;
  return false;
}

void Instrumenter::txStmt(IfStmt *If, TxKind K) {
  Transaction &T = newTx(K, If->getIfLoc());
  T.Node = If;
  T.Body = If->getThen();
  int IfTok = tok(If->getIfLoc()), RParen = tok(If->getRParenLoc());
  unsigned BB, BE;
  if (IfTok < 0 || RParen < 0 || !range(T.Body, BB, BE))
    return;
  if (!isa<CompoundStmt>(T.Body) || !Log[BB].is(tok::l_brace)) {
    error(T.KeywordLoc, llvm::Twine("expected '{' after ") + KeywordName[(unsigned)K]);
    return;
  }
  if (!outerAttribute(RParen + 1, BB - 1, T.Outer))
    return;
  if (T.Outer && K != TxKind::Atomic)
    error(T.KeywordLoc, "[[outer]] is only valid on __transaction_atomic");
  if (T.Outer && T.Parent)
    error(T.KeywordLoc, "outer transaction in transaction");
  if (If->getElse())
    Suppress.insert(If->getElseLoc().getRawEncoding()); // -Wdangling-else

  T.CancelInside = hasCancel(T.Body);
  forgetAll();
  Stack.push_back(&T);
  stmt(T.Body);
  Stack.pop_back();
  forgetAll();

  Ed->replace(IfTok, BB - 1, "{ " + prologue(T, ""));
  Ed->insertBefore(BE, "stm_commit(" + T.txVar() + "); ");
  Ed->insertAfter(BE, " " + T.afterLabel() + ": ; }");

  // A dangling `else` the parser bound to the marker belongs to the
  // user's enclosing `if`: outside this transaction.
  stmt(If->getElse());
}

void Instrumenter::txExpr(ParenExpr *P, TxKind K, Expr *Value, bool Used) {
  Transaction &T = newTx(K, P->getBeginLoc());
  T.Node = P;
  T.Value = Value;
  T.ExprForm = true;
  forgetAll();
  Stack.push_back(&T);
  rv(Value, Used);
  Stack.pop_back();
  forgetAll();
  unsigned B, E;
  if (!range(P, B, E))
    return;
  std::string V = render(Value);
  QualType RT = P->getType();
  std::string Result, Assign = "(void)", Yield;
  if (Used && !RT->isVoidType()) {
    std::string R = "__stm_r" + std::to_string(T.Id);
    Result = Code.declare(RT, R, V) + "; ";
    Assign = R + " = ";
    Yield = R + "; ";
  }
  Ed->replace(B, E, "__extension__ ({ " + prologue(T, Result) + Assign + "(" + V +
                       "); stm_commit(" + T.txVar() + "); " + Yield + "})");
}

void Instrumenter::cancelStmt(IfStmt *If) {
  int IfTok = tok(If->getIfLoc()), RParen = tok(If->getRParenLoc());
  int Semi = tok(If->getThen()->getEndLoc());
  if (IfTok < 0 || RParen < 0 || Semi < 0 || !Log[Semi].is(tok::semi)) {
    error(If->getIfLoc(), "expected ';' after __transaction_cancel");
    return;
  }
  // The keyword: the marker's `if` comes straight from its expansion
  // (possibly carried into another macro as an argument).
  SourceLocation Loc = If->getIfLoc();
  while (Loc.isMacroID() && SM.isMacroArgExpansion(Loc))
    Loc = SM.getImmediateSpellingLoc(Loc);
  Loc = userLoc(SM.getImmediateExpansionRange(Loc).getBegin());
  Suppress.insert(Log[Semi].getLocation().getRawEncoding()); // -Wempty-body
  if (If->getElse())
    Suppress.insert(If->getElseLoc().getRawEncoding());
  bool Outer = false;
  if (!outerAttribute(RParen + 1, Semi - 1, Outer))
    return;

  // A transaction_may_cancel_outer function may cancel its caller's
  // outermost transaction from outside any transaction of its own.
  bool MayCancelOuter = false;
  for (const FunctionDecl *R : Fn->redecls())
    MayCancelOuter = MayCancelOuter || tmAttribute(R) == "may_cancel_outer";
  bool Own = inTx() && !(Stack.size() == 1 && cur().Clone);
  Transaction *Target = nullptr;
  bool Caller = false; // the transaction to cancel is the caller's
  if (Outer && MayCancelOuter && !Own) {
    Caller = true;
  } else if (!Own && !inTx()) {
    error(Loc, "__transaction_cancel not within __transaction_atomic");
  } else if (!Own) {
    error(Loc, "stmpass: __transaction_cancel outside a transaction in a function called "
               "from one is not supported");
  } else if (cur().relaxed()) {
    error(Loc, "__transaction_cancel within a __transaction_relaxed");
  } else if (cur().ExprForm) {
    error(Loc, "stmpass: __transaction_cancel inside a transaction expression is not "
               "supported");
  } else if (Outer) {
    Target = Stack.front()->Clone && Stack.size() > 1 ? Stack[1] : Stack.front();
    if (Target->Kind != TxKind::Atomic || !Target->Outer) {
      if (MayCancelOuter && Stack.front()->Clone) {
        Caller = true;
      } else {
        error(Loc, "outer __transaction_cancel not within outer __transaction_atomic");
      }
      Target = nullptr;
    }
  } else {
    Target = &cur();
  }
  if (Target)
    Target->MayCancel = true;
  if (Target || Caller) {
    std::string Site = site(SiteKind::Cancel, Loc, Outer ? "__transaction_cancel [[outer]]"
                                                         : "__transaction_cancel");
    std::string TX = inTx() ? tx() : std::string("stm_tx_self()");
    Ed->replace(IfTok, Semi,
                "stm_cancel(" + TX + ", " + (Outer ? "1" : "0") + ", " + Site + ");");
  }
  stmt(If->getElse());
}

std::string Instrumenter::helpers() const {
  return CodeText::checkpointDeclarations() +
         (NeedBitFieldHelpers ? CodeText::bitFieldHelpers() : std::string()) +
         (NeedCloneCallHelper ? CodeText::cloneCallHelper(Abi) : std::string()) +
         (NeedLoggedHelper ? CodeText::loggedHelper() : std::string());
}

} // namespace stmpass
