// Transactional clones of the functions a transaction calls, when their
// bodies are in this translation unit: a copy of the function, under
// GCC's name _ZGTt<len><name> and with the original's signature (ABI.md),
// whose every access goes through the barriers of the caller's
// transaction (its descriptor comes from stm_tx_current(), stm__self).  Like GCC, a
// visible body needs no attribute; what it does that only a relaxed
// transaction may do (I/O, unknown calls, asm) makes it unsafe, and an
// atomic transaction calling it (directly or through other clones) is an
// error at the call.
#include "Edits.h"
#include "Calls.h"
#include "Instrumenter.h"
#include "Printer.h"
#include "TokenLog.h"
#include "TypeText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"

namespace stmpass {

using namespace clang;

Transaction *Instrumenter::innermostReal() {
  for (size_t I = Stack.size(); I-- > 0;)
    if (!Stack[I]->Clone)
      return Stack[I];
  return nullptr;
}

// Transactions begun in this function, above a clone's frame.
size_t Instrumenter::realLevels() {
  size_t N = 0;
  for (size_t I = Stack.size(); I-- > 0 && !Stack[I]->Clone;)
    ++N;
  return N;
}

void Instrumenter::markUnsafe(SourceLocation L, const std::string &What) {
  if (CurrentClone && !CurrentClone->Unsafe) {
    CurrentClone->Unsafe = true;
    CurrentClone->UnsafeLoc = L;
    CurrentClone->UnsafeWhat = What;
  }
}

static bool hasStaticLocal(const Stmt *S) {
  if (!S)
    return false;
  if (auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (auto *V = dyn_cast<VarDecl>(D))
        if (V->isStaticLocal())
          return true;
  for (const Stmt *C : S->children())
    if (hasStaticLocal(C))
      return true;
  return false;
}

CloneInfo *Instrumenter::clone(FunctionDecl *Def, bool Required) {
  auto Inserted = Clones.try_emplace(Def->getCanonicalDecl());
  CloneInfo &C = Inserted.first->second;
  if (!Inserted.second) {
    if (Required && !C.Required) {
      C.Required = true;
      // Made tentatively and dropped: now its problems are errors.
      for (auto &E : C.Errors)
        error(E.first, E.second);
    }
    return &C;
  }
  C.Def = Def;
  C.Required = Required;
  std::string N = Def->getName().str();
  C.Name = "_ZGTt" + std::to_string(N.size()) + N;
  // Internal linkage unless the original is an ordinary external
  // definition (another file may then call the clone by name).
  C.Static = !Def->isExternallyVisible() || Def->isInlineSpecified() || Def->isInlined();
  if (hasStaticLocal(Def->getBody()))
    C.NotCloneable = "it has static local variables (one copy would not be shared by "
                     "its clone)";
  else if (Def->hasAttr<ConstructorAttr>() || Def->hasAttr<DestructorAttr>() ||
           Def->hasAttr<AliasAttr>() || Def->hasAttr<IFuncAttr>() ||
           Def->hasAttr<SectionAttr>())
    C.NotCloneable = "its attributes (constructor, alias, section...) cannot be copied";
  else if (typeName(Def->getType(), Ctx).empty())
    C.NotCloneable = "its type cannot be written in C";
  if (C.NotCloneable.empty()) {
    C.Queued = true;
    CloneQueue.push_back(&C);
  }
  return &C;
}

void Instrumenter::cloneCall(CallExpr *CE, CloneInfo *C) {
  auto *DR = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts());
  int T = DR ? tok(DR->getLocation()) : -1;
  if (T < 0)
    return error(CE->getBeginLoc(), "stmpass: internal error: cannot find the callee");
  Ed->replace(T, T, C->Name);
  markWrites(); // the clone may write (and the caller's cached reads end here)
  // Who must be safe: an atomic transaction's callees; a clone's callees
  // are safe when it is.
  Transaction *Real = innermostReal();
  if (Real && Real == Stack.back() && Real->Kind == TxKind::Atomic)
    AtomicCalls.push_back({CE->getBeginLoc(), C});
  else if (Stack.back()->Clone && CurrentClone)
    CurrentClone->Calls.push_back({C, CE->getBeginLoc()});
  else if (Real && Real->Kind == TxKind::Atomic)
    AtomicCalls.push_back({CE->getBeginLoc(), C});
}

void Instrumenter::emitClones() {
  while (!CloneQueue.empty()) {
    CloneInfo *C = CloneQueue.back();
    CloneQueue.pop_back();
    emitClone(*C);
  }
}

// The clone: the definition's tokens again, under the clone's name, with
// its own edits, placed right after the definition; a declaration before
// the function's first declaration lets earlier code call it.
void Instrumenter::emitClone(CloneInfo &C) {
  FunctionDecl *FD = C.Def;
  int BT = tok(FD->getBeginLoc()), ET = tok(FD->getEndLoc());
  if (BT < 0 || ET < BT)
    return error(FD->getLocation(), "stmpass: internal error: cannot find this function's "
                                    "tokens");
  unsigned B = BT, E = ET;
  int Name = tok(FD->getLocation());
  int Body = tok(FD->getBody()->getBeginLoc());
  if (Name < 0 || Body < 0 || !Log[Body].is(tok::l_brace))
    return error(FD->getLocation(), "stmpass: internal error: cannot clone this function");

  Edits *MainEd = Ed;
  const Printer *MainPr = Pr;
  Edits CloneEd;
  Printer ClonePr(Log, PP, CloneEd);
  Ed = &CloneEd;
  Pr = &ClonePr;
  CurrentClone = &C;
  function(FD, &C);
  std::string Frame = Txs.front().txVar();
  // Parameters whose address is taken are read through barriers: log the
  // values the call gave them (see logInitialised).
  std::string ParamLogs;
  Stack.push_back(&Txs.front());
  for (ParmVarDecl *P : FD->parameters())
    if (P->getIdentifier() && Esc.escapes(P))
      ParamLogs += " int " + fresh("__stm_lg") + " = (" +
                   logCall(P, "(const void *)&" + P->getNameAsString()) + ", 0);";
  Stack.pop_back();
  CurrentClone = nullptr;
  Ed = MainEd;
  Pr = MainPr;
  C.Emitted = true;
  if (!C.Errors.empty()) {
    C.NotCloneable = "its clone cannot be made: " + C.Errors.front().second;
    return;
  }

  CloneEd.replace(Name, Name, C.Name);
  // A clone runs inside a transaction: the thread is registered.
  CloneEd.insertAfter(Body, " stm_tx_t *const " + Frame + " = stm_tx_current();" + ParamLogs);
  // `extern` (of an inline definition) goes: the clone is static.
  for (unsigned I = B; I < (unsigned)Name; ++I)
    if (C.Static && Log[I].is(tok::kw_extern))
      CloneEd.replace(I, I, "");
  std::string Text = ClonePr.render(B, E);
  bool StaticWritten = false;
  for (unsigned I = B; I < (unsigned)Name; ++I)
    StaticWritten = StaticWritten || Log[I].is(tok::kw_static);
  if (C.Static && !StaticWritten)
    Text = "static " + Text;

  SourceLocation Start = SM.getExpansionLoc(FD->getBeginLoc());
  PresumedLoc P = SM.getPresumedLoc(Start);
  std::string Marker = "\n# " + std::to_string(P.getLine()) + " " +
                       Printer::quote(P.getFilename()) +
                       (SM.isInSystemHeader(Start) ? " 3" : "") + "\n";
  Ed->insertAfter(E, Marker + Text + "\n");

  const FunctionDecl *First = firstWrittenDecl(FD, SM);
  int FirstTok = tok(First->getBeginLoc());
  if (FirstTok < 0)
    FirstTok = B;
  Ed->insertBefore(FirstTok, std::string(C.Static ? "static " : "extern ") +
                                 declare(FD->getType(), C.Name, Ctx, "0") + "; ");
}

// Library functions that take a callback and never call it inside a
// transaction: passing a function to them does not need its clone.  (Not
// qsort: inside a transaction stm_qsort calls the comparator's clone.)
static bool nonTransactionalCallbackUser(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return false;
  StringRef N = FD->getName();
  return N == "pthread_create" || N == "pthread_once" || N == "pthread_key_create" ||
         N == "atexit" || N == "at_quick_exit" || N == "signal" ||
         N == "bsearch" || N == "pthread_atfork" || N == "on_exit";
}

// Functions named other than as a direct callee: their address is taken.
static void addressTaken(const Stmt *S, std::set<const FunctionDecl *> &Out) {
  if (!S)
    return;
  if (auto *CE = dyn_cast<CallExpr>(S)) {
    const Expr *Callee = CE->getCallee()->IgnoreParenImpCasts();
    bool Skip = nonTransactionalCallbackUser(CE);
    for (const Stmt *C : S->children()) {
      if (C == CE->getCallee() && isa<DeclRefExpr>(Callee))
        continue;
      if (Skip && isa<Expr>(C) &&
          isa<DeclRefExpr>(cast<Expr>(C)->IgnoreParenImpCasts()))
        continue; // a function passed to pthread_create & co.
      addressTaken(C, Out);
    }
    return;
  }
  if (auto *DR = dyn_cast<DeclRefExpr>(S))
    if (auto *FD = dyn_cast<FunctionDecl>(DR->getDecl()))
      Out.insert(FD->getCanonicalDecl());
  for (const Stmt *C : S->children())
    addressTaken(C, Out);
}

void Instrumenter::findAddressTaken(TranslationUnitDecl *TU) {
  for (Decl *D : TU->decls()) {
    if (auto *FD = dyn_cast<FunctionDecl>(D))
      addressTaken(FD->getBody(), AddressTaken);
    else if (auto *V = dyn_cast<VarDecl>(D))
      addressTaken(V->getInit(), AddressTaken);
  }
}

// The clones that calls through pointers may need (external functions, and
// static ones whose address is taken), in a table the runtime looks such
// calls up in (stm_clone_lookup), registered when the object is loaded and
// withdrawn when it is unloaded.
std::string Instrumenter::trailer() const {
  std::string Entries;
  unsigned N = 0;
  for (const auto &KV : Clones) {
    const CloneInfo &C = KV.second;
    // A static function is reached through a pointer only if this file
    // takes its address; an external one may be from anywhere.
    if (!C.NotCloneable.empty() || (C.Static && !AddressTaken.count(C.Def->getCanonicalDecl())))
      continue;
    Entries += "  {(void *)" + C.Def->getName().str() + ", (void *)" + C.Name + "},\n";
    ++N;
  }
  if (!N)
    return std::string();
  return "static const stm_clone_entry_t __stm_clones[" + std::to_string(N) + "] = {\n" +
         Entries + "};\n"
         "__attribute__((__constructor__)) static void __stm_register_clones(void) {\n"
         "  stm_register_clones(__stm_clones, " + std::to_string(N) + ");\n}\n"
         "__attribute__((__destructor__)) static void __stm_deregister_clones(void) {\n"
         "  stm_deregister_clones(__stm_clones, " + std::to_string(N) + ");\n}\n";
}

// An atomic transaction may only call clones that are safe, transitively.
void Instrumenter::checkAtomicCalls() {
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (auto &KV : Clones) {
      CloneInfo &C = KV.second;
      if (C.Unsafe)
        continue;
      for (auto &Call : C.Calls)
        if (Call.first->Unsafe || !Call.first->NotCloneable.empty()) {
          C.Unsafe = true;
          C.UnsafeLoc = Call.second;
          C.UnsafeWhat = Call.first->Def->getName().str();
          Changed = true;
          break;
        }
    }
  }
  unsigned Note = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  for (const AtomicCall &A : AtomicCalls) {
    if (!A.Callee->Unsafe)
      continue;
    std::string Name = A.Callee->Def->getName().str();
    std::string Msg = "unsafe function call '" + Name + "' within atomic transaction";
    if (Reported.count({A.Loc.getRawEncoding(), Msg}))
      continue;
    error(A.Loc, Msg);
    Diags.Report(A.Callee->UnsafeLoc, Note)
        << ("'" + Name + "' is unsafe because of '" + A.Callee->UnsafeWhat + "' here");
  }
}

} // namespace stmpass
