// Instrumentation of the transactions of a translation unit: walks every
// function of the nested pass's AST and records, as edits to the token
// stream, the generated code for each transaction (begin, commit, saved
// locals), each barrier, each exit from a transaction, and the
// diagnostics for what cannot be compiled safely.
#ifndef STMPASS_INSTRUMENTER_H
#define STMPASS_INSTRUMENTER_H

#include "Locals.h"
#include "Sites.h"
#include "TxCodegen.h"
#include "TxRegions.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Twine.h"

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CompoundAssignOperator;
class DiagnosticsEngine;
class Expr;
class FunctionDecl;
class GotoStmt;
class IfStmt;
class LabelDecl;
class ParenExpr;
class Preprocessor;
class ReturnStmt;
class SourceManager;
class Stmt;
class SwitchCase;
class TranslationUnitDecl;
class UnaryOperator;
class BinaryOperator;
class ImplicitCastExpr;
class Decl;
class VarDecl;
class AddrLabelExpr;
class ArraySubscriptExpr;
class ForStmt;
} // namespace clang

namespace stmpass {

class Edits;
class KeywordForms;
class Printer;
class SiteTable;
class TokenLog;

// A transactional clone of a function defined in this file (Clones.cpp).
struct CloneInfo {
  clang::FunctionDecl *Def = nullptr;
  std::string Name;           // _ZGTt<len><name>, as docs/ABI.md says
  bool Static = false;        // internal linkage
  std::string NotCloneable;   // why not, or empty
  bool Unsafe = false;        // does something only a relaxed transaction may
  clang::SourceLocation UnsafeLoc;
  std::string UnsafeWhat;
  std::vector<std::pair<CloneInfo *, clang::SourceLocation>> Calls; // clones it calls
  bool Queued = false;
  // Not required (made only because the address is taken, or for a task):
  // what cannot be cloned then drops the clone instead of failing.
  bool Required = true;
  std::vector<std::pair<clang::SourceLocation, std::string>> Errors;
  bool Emitted = false;
};

class Instrumenter {
public:
  Instrumenter(clang::ASTContext &Ctx, clang::Preprocessor &PP, const TokenLog &Log,
               const KeywordForms &Forms, Edits &Ed, const Printer &Pr, SiteTable &Sites,
               const AbiConstants &Abi);

  void run(clang::TranslationUnitDecl *TU);

  bool failed() const { return Failed; }
  // Marker artefacts: locations whose clang warnings are to be dropped.
  const llvm::DenseSet<unsigned> &suppressed() const { return Suppress; }
  // File-scope helpers the generated code uses (bit-field accessors).
  std::string helpers() const;
  // File-scope code for the end: the clone table and its registration.
  std::string trailer() const;

private:
  // ---- where we are
  bool inTx() const { return !Stack.empty(); }
  Transaction &cur() { return *Stack.back(); }
  std::string tx() const { return Stack.back()->txVar(); }
  void markWrites();

  // ---- walkers
  void function(clang::FunctionDecl *FD, CloneInfo *AsClone = nullptr);
  void stmt(clang::Stmt *S);
  void decl(clang::Decl *D, std::string *After = nullptr);
  void logInitialised(clang::VarDecl *V, std::string *After);
  std::string logCall(const clang::VarDecl *V, const std::string &Src);
  void rv(clang::Expr *E, bool Used = true);
  void lvalueParts(clang::Expr *L);

  // ---- values already read, memory allocated here (Available.cpp)
  // A load of V->f or *V (V a local pointer whose address is never taken)
  // whose value an earlier load in the same transaction left in a local,
  // with no write, call or change of V in between on any path.
  using CacheKey = std::pair<const clang::VarDecl *, const clang::ValueDecl *>;
  struct Cached {
    std::string Var;
    bool Ready; // its load is complete (a sequence point followed it)
  };
  using AvailSet = std::map<CacheKey, Cached>;
  bool cacheKey(const clang::Expr *L, CacheKey &K);
  bool cacheableType(clang::QualType T);
  // Local pointers to memory this transaction allocated that nothing else
  // can reach yet (the value never went anywhere): accessed without
  // barriers.
  using FreshSet = std::set<const clang::VarDecl *>;
  struct Flow {
    AvailSet Avail;
    FreshSet Fresh;
  };
  void promote();                 // a sequence point at the top of a full expression
  void forgetAll();               // a write, call, label...
  void forgetVar(const clang::VarDecl *V); // V changes
  void join(const Flow &Other);   // control flow merges
  void enterLoop(const clang::Stmt *Loop);

  // ---- scan loops read through one snapshot (Snapshot.cpp)
  struct SnapLoop {
    std::set<const clang::ArraySubscriptExpr *> Targets; // reads of A[i] to rewrite
    std::function<std::string(const std::string &)> Text; // the snapshot element for an index
    size_t Done = 0;
  };
  bool snapshotLoop(clang::ForStmt *FS);
  // A for loop's init and condition, up to its body; then, after the
  // body, its increment (Instrumenter.cpp).  Head is the flow at the top.
  Flow forHead(clang::ForStmt *FS);
  void forTail(clang::ForStmt *FS, const Flow &Head);
  bool snapshotRead(clang::Expr *L);
  SnapLoop *Snap_ = nullptr; // the scan loop whose body is being walked
  unsigned WriteMarks = 0;   // markWrites() calls, to check that such a body writes nothing
  void fullExpr(clang::Expr *E, bool Used = true);
  void rvCond(clang::Expr *E, Flow &True); // True: the state where E is true
  bool freshBase(const clang::Expr *L);
  void noteFresh(const clang::VarDecl *V, const clang::Expr *Init);
  Flow F;
  bool SeqTop = false;  // at the top of a full expression (only &&, ||, ?:, comma above)
  bool AccessBase = false; // rv() of the base of V->f or *V
  std::string CacheDecls;  // declarations of the function's cache locals

  // ---- transactions
  void txStmt(clang::IfStmt *If, TxKind K);
  void txExpr(clang::ParenExpr *P, TxKind K, clang::Expr *Value, bool Used);
  void cancelStmt(clang::IfStmt *If);
  Transaction &newTx(TxKind K, clang::SourceLocation MarkerLoc);
  bool outerAttribute(unsigned From, unsigned To, bool &Outer);
  std::string prologue(Transaction &T, const std::string &Extra);
  std::string beginSite(Transaction &T);

  // ---- accesses (Access.cpp)
  enum class AccessKind {
    Shared, Private, ThreadLocal, Errno, Immutable, Volatile, Atomic, Unsupported
  };
  struct Access {
    AccessKind Kind;
    const clang::VarDecl *Var = nullptr;
  };
  Access classify(const clang::Expr *L);
  void load(clang::ImplicitCastExpr *IC);
  void assign(clang::BinaryOperator *BO, bool Used);
  void compoundAssign(clang::CompoundAssignOperator *CA, bool Used);
  void incDec(clang::UnaryOperator *UO, bool Used);
  // Bookkeeping for a write to a non-shared lvalue; false if it is unsafe.
  bool plainWrite(const Access &A, clang::Expr *L, clang::Expr *Whole);
  void markSaved(const clang::VarDecl *V);
  void logCompoundLiteral(clang::Expr *L);
  void unsafeAccess(clang::Expr *Whole, const Access &A);
  AccessType accessType(const clang::Expr *L);
  unsigned knownAlignment(const clang::Expr *L);
  BitField bitField(const clang::Expr *L, std::string &RecordAddr);

  // ---- calls (CallRewrite.cpp)
  void call(clang::CallExpr *CE, bool Used);
  void mayCancelOuterCall(clang::CallExpr *CE, const clang::FunctionDecl *Callee);
  void indirectCall(clang::CallExpr *CE);
  void externCloneCall(clang::CallExpr *CE, const clang::FunctionDecl *FD);
  void irrevocable(clang::Expr *Whole, bool Serial, clang::SourceLocation Loc,
                   const std::string &What);

  // ---- clones (Clones.cpp)
  CloneInfo *clone(clang::FunctionDecl *Def, bool Required = true);
  void cloneCall(clang::CallExpr *CE, CloneInfo *C);
  void markUnsafe(clang::SourceLocation L, const std::string &What);
  void emitClones();
  void emitClone(CloneInfo &C);
  void checkAtomicCalls();
  void findAddressTaken(clang::TranslationUnitDecl *TU);
  Transaction *innermostReal();
  size_t realLevels();

  // ---- exits (Exits.cpp)
  struct Breakable {
    const clang::Stmt *S;
    bool Loop;
    size_t Depth;
  };
  void jumpOut(clang::Stmt *S, bool IsBreak);
  void returnStmt(clang::ReturnStmt *R);
  void switchCase(clang::SwitchCase *SC);
  void resolveGotos();
  std::string commits(size_t Levels);
  bool crossesExpression(size_t Levels, clang::SourceLocation Loc, const char *What);

  // ---- tokens and text
  int tok(clang::SourceLocation L);
  bool range(const clang::Stmt *S, unsigned &B, unsigned &E);
  std::string render(const clang::Stmt *S);
  std::string text(const clang::Stmt *S); // the user's spelling, for sites
  std::string site(SiteKind K, clang::SourceLocation L, const std::string &Text);
  void error(clang::SourceLocation L, const llvm::Twine &Msg);
  clang::SourceLocation userLoc(clang::SourceLocation L);
  std::string fresh(const char *Stem) { return Stem + std::to_string(NextName++); }

  clang::ASTContext &Ctx;
  clang::Preprocessor &PP;
  clang::SourceManager &SM;
  clang::DiagnosticsEngine &Diags;
  const TokenLog &Log;
  const KeywordForms &Forms;
  // The edits being made: the file's, or a clone's (Clones.cpp).
  Edits *Ed;
  const Printer *Pr;
  Edits *const FileEd; // the file's own edits (file-scope declarations)
  SiteTable &Sites;
  const AbiConstants &Abi;
  CodeText Code;

  bool Failed = false;
  unsigned NextTx = 0, NextName = 0;
  bool NeedBitFieldHelpers = false;
  bool NeedCloneCallHelper = false;
  bool NeedLoggedHelper = false;
  llvm::DenseSet<unsigned> Suppress;

  // Clones.
  std::map<const clang::FunctionDecl *, CloneInfo> Clones;
  std::vector<CloneInfo *> CloneQueue;
  CloneInfo *CurrentClone = nullptr; // the clone being generated
  struct AtomicCall {
    clang::SourceLocation Loc;
    CloneInfo *Callee;
  };
  std::vector<AtomicCall> AtomicCalls;
  // Functions whose address the file takes (their clones are registered
  // for calls through pointers, stm_add_task included).
  std::set<const clang::FunctionDecl *> AddressTaken;
  std::set<const clang::FunctionDecl *> ExternClones; // declared already
  std::set<std::pair<unsigned, std::string>> Reported;

  // Per function.
  clang::FunctionDecl *Fn = nullptr;
  std::string FnName;
  EscapeInfo Esc;
  std::deque<Transaction> Txs;
  std::vector<Transaction *> Stack;
  std::vector<Breakable> Breaks;
  const clang::Stmt *ForInit = nullptr; // the init of the for being walked
  std::vector<std::vector<Transaction *>> SwitchPaths;
  llvm::DenseMap<const clang::VarDecl *, Transaction *> DeclaredIn;
  llvm::DenseMap<const clang::LabelDecl *, std::vector<Transaction *>> LabelPaths;
  struct PendingGoto {
    clang::GotoStmt *G;
    std::vector<Transaction *> Path;
  };
  std::vector<PendingGoto> Gotos;
  std::vector<const clang::AddrLabelExpr *> LabelAddresses;
};

} // namespace stmpass

#endif
