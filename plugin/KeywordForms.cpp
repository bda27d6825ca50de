#include "KeywordForms.h"
#include "TokenLog.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

namespace stmpass {

using namespace clang;

static std::string fileAndOffset(const SourceManager &SM, SourceLocation L) {
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(L);
  return SM.getBufferName(L).str() + ":" + std::to_string(D.second);
}

class KeywordWatcher : public PPCallbacks {
public:
  KeywordWatcher(KeywordForms &Forms, Preprocessor &PP) : Forms(Forms), PP(PP) {
    for (unsigned K = 0; K < NumTxKinds; ++K) {
      Keyword[K] = PP.getIdentifierInfo(KeywordName[K]);
      Dispatch[K] = PP.getIdentifierInfo(Dispatcher[K]);
      ToStmt[K] = PP.getIdentifierInfo(DispatchToStmt[K]);
      ToExpr[K] = PP.getIdentifierInfo(DispatchToExpr[K]);
    }
  }

  void MacroExpands(const Token &Name, const MacroDefinition &MD, SourceRange,
                    const MacroArgs *) override {
    const IdentifierInfo *II = Name.getIdentifierInfo();
    unsigned K = 0;
    while (K < NumTxKinds && II != Keyword[K])
      ++K;
    if (K == NumTxKinds)
      return;
    SourceManager &SM = PP.getSourceManager();
    SourceLocation L = Name.getLocation();
    std::string Key = fileAndOffset(SM, SM.getSpellingLoc(L)) + "|" +
                      fileAndOffset(SM, SM.getExpansionLoc(L));
    Key += "#" + std::to_string(Seen[Key]++);
    bool Expr = Forms.ExprKeys.count(Key) != 0;
    // Point the dispatcher at the variant this occurrence needs; the
    // keyword's own expansion (the dispatcher's name) is lexed next.
    if (MacroInfo *Want = PP.getMacroInfo(Expr ? ToExpr[K] : ToStmt[K]))
      if (PP.getMacroInfo(Dispatch[K]) != Want)
        PP.appendDefMacroDirective(Dispatch[K], Want, L);
    Forms.ByLoc[L.getRawEncoding()] = Forms.Occurrences.size();
    Forms.Occurrences.push_back({(TxKind)K, L, Key, Expr});
  }

private:
  KeywordForms &Forms;
  Preprocessor &PP;
  IdentifierInfo *Keyword[NumTxKinds], *Dispatch[NumTxKinds], *ToStmt[NumTxKinds],
      *ToExpr[NumTxKinds];
  std::map<std::string, unsigned> Seen;
};

void KeywordForms::attach(Preprocessor &ThePP) {
  PP = &ThePP;
  ThePP.addPPCallbacks(std::make_unique<KeywordWatcher>(*this, ThePP));
}

const KeywordOccurrence *KeywordForms::occurrenceOf(SourceLocation L) const {
  const SourceManager &SM = PP->getSourceManager();
  while (L.isValid()) {
    auto It = ByLoc.find(L.getRawEncoding());
    if (It != ByLoc.end())
      return &Occurrences[It->second];
    if (!L.isMacroID())
      break;
    // Through macro arguments to where they were written, through other
    // expansions to the macro's name.
    L = SM.isMacroArgExpansion(L) ? SM.getImmediateSpellingLoc(L)
                                  : SM.getImmediateExpansionRange(L).getBegin();
  }
  return nullptr;
}

std::set<std::string> KeywordForms::misparsedExpressions(const TokenLog &Log) const {
  std::set<std::string> Keys;
  const IdentifierInfo *Marker[NumTxKinds];
  for (unsigned K = 0; K < NumTxKinds; ++K)
    Marker[K] = PP->getIdentifierInfo(StmtMarker[K]);
  for (unsigned I = 0; I + 6 < Log.size(); ++I) {
    const Token &T = Log[I];
    if (!T.is(tok::identifier))
      continue;
    const IdentifierInfo *II = T.getIdentifierInfo();
    if (II != Marker[0] && II != Marker[1] && II != Marker[2])
      continue;
    // `if ( M ( ) , 1 )` -- the user's token follows the last `)`.
    if (Log[I + 6].is(tok::l_paren))
      if (const KeywordOccurrence *O = occurrenceOf(T.getLocation()))
        Keys.insert(O->Key);
  }
  return Keys;
}

} // namespace stmpass
