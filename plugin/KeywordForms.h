// Statement or expression form of each transaction keyword occurrence.
//
// `__transaction_atomic { ... }` and `__transaction_atomic (expr)` need
// different expansions, but an object-like macro cannot look at the next
// token.  Each keyword therefore expands to a dispatcher macro whose
// definition is switched, just before each occurrence expands, to the
// statement or the expression variant.  The first parse assumes the
// statement form everywhere; if some keyword turns out to be followed by
// `(`, the file is parsed again with those occurrences switched.
// Occurrences are identified by where they are spelled and expanded, which
// does not depend on how earlier occurrences expanded.
#ifndef STMPASS_KEYWORDFORMS_H
#define STMPASS_KEYWORDFORMS_H

#include "Markers.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"

#include <set>
#include <string>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace stmpass {

class TokenLog;

struct KeywordOccurrence {
  TxKind Kind;
  clang::SourceLocation Loc; // the keyword token
  std::string Key;
  bool ExprForm;
};

class KeywordForms {
public:
  explicit KeywordForms(const std::set<std::string> &ExprKeys) : ExprKeys(ExprKeys) {}

  // Install the per-occurrence switch on PP.
  void attach(clang::Preprocessor &PP);

  const std::vector<KeywordOccurrence> &occurrences() const { return Occurrences; }

  // Keys of the occurrences parsed as statements but followed by `(`.
  std::set<std::string> misparsedExpressions(const TokenLog &Log) const;

  // The occurrence a marker token came from (walking up its expansions).
  const KeywordOccurrence *occurrenceOf(clang::SourceLocation MarkerLoc) const;

private:
  friend class KeywordWatcher;
  const std::set<std::string> &ExprKeys;
  std::vector<KeywordOccurrence> Occurrences;
  llvm::DenseMap<unsigned, unsigned> ByLoc;
  clang::Preprocessor *PP = nullptr;
};

} // namespace stmpass

#endif
