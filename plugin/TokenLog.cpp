#include "TokenLog.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"

namespace stmpass {

using namespace clang;

// Reads a pragma's text where the lexer stands when the PragmaDirective
// callback runs: just after `#pragma`, or at the start of the buffer that
// holds a _Pragma's destringized operand.
static std::string restOfLine(const char *P, const char *End) {
  std::string S;
  while (P < End && *P != '\n' && *P != '\r' && *P != '\0') {
    if (*P == '\\' && P + 1 < End && (P[1] == '\n' || P[1] == '\r')) {
      P += (P[1] == '\r' && P + 2 < End && P[2] == '\n') ? 3 : 2;
      S += ' ';
      continue;
    }
    S += *P++;
  }
  // Trim, and drop a trailing // comment (block comments are rare here).
  std::string::size_type Cut = S.find("//");
  if (Cut != std::string::npos)
    S.erase(Cut);
  while (!S.empty() && (S.back() == ' ' || S.back() == '\t'))
    S.pop_back();
  std::string::size_type B = S.find_first_not_of(" \t");
  return B == std::string::npos ? std::string() : S.substr(B);
}

// Pragmas that only the preprocessor or the diagnostics engine act on: the
// rewritten text is already preprocessed, and `GCC system_header` there
// would even change what counts as the user's code.
static bool preprocessorOnly(StringRef Text) {
  StringRef First = Text.take_while([](char C) { return C != ' ' && C != '\t' && C != '('; });
  StringRef Rest = Text.drop_front(First.size()).ltrim();
  if (First == "GCC" || First == "clang" || First == "STDC") {
    StringRef Second = Rest.take_while([](char C) { return C != ' ' && C != '\t' && C != '('; });
    return llvm::is_contained({"system_header", "poison", "dependency", "warning", "error",
                               "diagnostic", "__debug", "max_tokens_here",
                               "max_tokens_total", "deprecated", "restrict_expansion",
                               "final", "push_options", "pop_options", "reset_options"},
                              Second);
  }
  return llvm::is_contained({"once", "push_macro", "pop_macro", "system_header", "poison",
                             "message", "include_alias", "mark", "region", "endregion",
                             "warning", "error", "execution_character_set", "ident"},
                            First);
}

class TokenLogCallbacks : public PPCallbacks {
public:
  TokenLogCallbacks(TokenLog &Log, Preprocessor &PP) : Log(Log), PP(PP) {}

  void PragmaDirective(SourceLocation Loc, PragmaIntroducerKind Introducer) override {
    auto *L = static_cast<Lexer *>(PP.getCurrentLexer());
    if (!L)
      return;
    const char *P = L->getBufferLocation();
    StringRef Buf = L->getBuffer();
    const char *End = Buf.data() + Buf.size();
    if (P < Buf.data() || P > End)
      return;
    std::string Text = restOfLine(P, End);
    if (!Text.empty() && !preprocessorOnly(Text))
      Log.Pragmas.push_back({(unsigned)Log.Toks.size(), Text});
    SourceManager &SM = PP.getSourceManager();
    std::pair<FileID, unsigned> D = SM.getDecomposedLoc(L->getSourceLocation(P));
    Log.PragmaFile = D.first;
    Log.PragmaBegin = D.second;
    const char *Eol = P;
    while (Eol < End && *Eol != '\n' && *Eol != '\0') {
      if (*Eol == '\\' && Eol + 1 < End && (Eol[1] == '\n' || Eol[1] == '\r'))
        ++Eol;
      ++Eol;
    }
    Log.PragmaEnd = D.second + (Eol - P);
  }

  void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                   SrcMgr::CharacteristicKind, FileID PrevFID) override {
    SourceManager &SM = PP.getSourceManager();
    if (Reason == EnterFile) {
      OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getFileID(Loc));
      if (FE && !Log.SeenAbiHeader && FE->getName() == Log.AbiHeader) {
        Log.InAbiHeader = true;
        Log.SeenAbiHeader = true;
      }
    } else if (Reason == ExitFile && Log.InAbiHeader) {
      OptionalFileEntryRef FE = SM.getFileEntryRefForID(PrevFID);
      if (FE && FE->getName() == Log.AbiHeader) {
        Log.InAbiHeader = false;
        Log.PreludeEnd = Log.Toks.size();
      }
    }
  }

private:
  TokenLog &Log;
  Preprocessor &PP;
};

void TokenLog::attach(Preprocessor &ThePP, const std::string &Abi) {
  PP = &ThePP;
  AbiHeader = Abi;
  ThePP.setTokenWatcher([this](const Token &T) {
    if (T.is(tok::eof))
      return;
    if (T.isAnnotation()) {
      // Pragmas come back as annotation tokens; their text is recorded by
      // the callback.  Anything else cannot be printed as C.
      if (!StringRef(tok::getTokenName(T.getKind())).starts_with("annot_pragma"))
        BadAnnots.push_back(T);
      return;
    }
    if (PragmaFile.isValid()) {
      std::pair<FileID, unsigned> D =
          PP->getSourceManager().getDecomposedLoc(PP->getSourceManager().getSpellingLoc(T.getLocation()));
      if (D.first == PragmaFile && D.second >= PragmaBegin && D.second < PragmaEnd)
        return; // part of the pragma, printed as its text
    }
    Toks.push_back(T);
  });
  ThePP.addPPCallbacks(std::make_unique<TokenLogCallbacks>(*this, ThePP));
}

int TokenLog::indexOf(SourceLocation Loc) const {
  for (; Indexed < Toks.size(); ++Indexed)
    Index[Toks[Indexed].getLocation().getRawEncoding()] = Indexed;
  auto It = Index.find(Loc.getRawEncoding());
  return It == Index.end() ? -1 : (int)It->second;
}

bool TokenLog::isPredefined(unsigned I) const {
  SourceManager &SM = PP->getSourceManager();
  SourceLocation L = SM.getExpansionLoc(Toks[I].getLocation());
  return SM.getFileID(L) == PP->getPredefinesFileID();
}

} // namespace stmpass
