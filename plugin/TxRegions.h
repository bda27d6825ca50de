// Transactions as they appear in the nested pass's AST, and the state the
// instrumentation keeps for each.
#ifndef STMPASS_TXREGIONS_H
#define STMPASS_TXREGIONS_H

#include "Markers.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/SetVector.h"

#include <string>

namespace clang {
class CompoundStmt;
class Expr;
class IfStmt;
class ParenExpr;
class Stmt;
class ValueDecl;
} // namespace clang

namespace stmpass {

struct Transaction {
  TxKind Kind = TxKind::Atomic;
  bool ExprForm = false;
  bool Outer = false;                  // [[outer]]
  clang::Stmt *Node = nullptr;         // the marker IfStmt or ParenExpr
  clang::Stmt *Body = nullptr;         // statement form
  clang::Expr *Value = nullptr;        // expression form
  Transaction *Parent = nullptr;       // enclosing transaction in the function
  bool Clone = false;                  // the frame of a transactional clone
  unsigned Id = 0;
  clang::SourceLocation KeywordLoc;

  bool MayCancel = false;
  bool CancelInside = false;           // some __transaction_cancel in its body
  bool Writes = false;                 // shared writes, allocation, irrevocable code
  llvm::SetVector<const clang::ValueDecl *> Saved; // locals and thread-locals written
  std::string ErrnoText;               // non-empty: errno is written

  bool relaxed() const { return Kind != TxKind::Atomic; }
  std::string txVar() const {
    return (Clone ? "__stm_txc_" : "__stm_tx_") + std::to_string(Id);
  }
  std::string roVar() const { return "__stm_ro_" + std::to_string(Id); }
  std::string jbVar() const { return "__stm_jb_" + std::to_string(Id); }
  std::string afterLabel() const { return "__stm_after_" + std::to_string(Id); }
};

// Recognise the markers (see Markers.h).
bool isTxStmt(const clang::IfStmt *If, TxKind &Kind);
bool isCancelStmt(const clang::IfStmt *If);
// Sets Value to the user's expression.
bool isTxExpr(const clang::ParenExpr *P, TxKind &Kind, clang::Expr *&Value);
// Any marker call (used to find the end of marker tokens).
bool isMarkerCall(const clang::Expr *E);

} // namespace stmpass

#endif
