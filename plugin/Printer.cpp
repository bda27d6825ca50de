#include "Printer.h"
#include "Edits.h"
#include "TokenLog.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>

namespace stmpass {

using namespace clang;

std::string Printer::quote(const std::string &S) {
  std::string Q = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      Q += '\\';
    if (C == '\n') {
      Q += "\\n";
      continue;
    }
    Q += C;
  }
  return Q + "\"";
}

std::string Printer::tokenText(unsigned I) const { return PP.getSpelling(Log[I]); }

unsigned Printer::presumedLine(unsigned I) const {
  const SourceManager &SM = PP.getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Log[I].getLocation()));
  return P.isValid() ? P.getLine() : 0;
}

// Whether text ending in A and text starting with B would lex differently
// when written without a space between them.
static bool glue(char A, char B) {
  auto Ident = [](char C) {
    return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || (C >= '0' && C <= '9') ||
           C == '_' || C == '$';
  };
  auto Punct = [](char C) { return C && std::strchr("+-*/%&|^<>=!.#:", C); };
  if (A == 0 || B == 0)
    return false;
  if (Ident(A) && (Ident(B) || B == '"' || B == '\''))
    return true;
  if (A >= '0' && A <= '9' && B == '.')
    return true;
  if (A == '.' && B >= '0' && B <= '9')
    return true;
  return Punct(A) && Punct(B);
}

// Generated text gets a space before it unless that is plainly useless.
static bool needSpace(char A, char B) {
  if (A == 0 || A == ' ' || A == '\n' || B == ' ' || B == '\n')
    return false;
  if (A == '(' || A == '[' || B == ')' || B == ']' || B == ',' || B == ';')
    return glue(A, B);
  return true;
}

static void append(std::string &S, const std::string &T) {
  if (T.empty())
    return;
  if (!S.empty() && needSpace(S.back(), T.front()))
    S += ' ';
  S += T;
}

static std::string pragmaText(const std::string &Body) {
  return "_Pragma(" + Printer::quote(Body) + ")";
}

std::string Printer::render(unsigned B, unsigned E) const {
  std::string S;
  unsigned LastLine = presumedLine(B);
  const std::vector<PragmaRecord> &Pr = Log.pragmas();
  auto P = std::lower_bound(Pr.begin(), Pr.end(), B + 1,
                            [](const PragmaRecord &R, unsigned I) { return R.Before < I; });
  for (unsigned I = B; I <= E; ++I) {
    if (I > B) {
      for (; P != Pr.end() && P->Before == I; ++P)
        append(S, pragmaText(P->Text));
      if (const std::string *T = Ed.before(I))
        append(S, *T);
    }
    unsigned Line = presumedLine(I);
    if (Line > LastLine) {
      S.append(std::min(Line - LastLine, 8u), '\n');
      LastLine = Line;
    }
    if (auto *R = Ed.replacementAt(I, E)) {
      append(S, R->second);
      I = R->first;
      LastLine = std::max(LastLine, presumedLine(I));
    } else {
      std::string T = tokenText(I);
      if (!S.empty() && S.back() != '\n' && S.back() != ' ' &&
          (Log[I].hasLeadingSpace() || glue(S.back(), T.front())))
        S += ' ';
      S += T;
    }
    if (I < E)
      if (const std::string *T = Ed.after(I))
        append(S, *T);
  }
  return S;
}

namespace {
// Output position, in the user's presumed coordinates.
struct Cursor {
  explicit Cursor(llvm::raw_ostream &OS) : OS(OS) {}
  llvm::raw_ostream &OS;
  std::string File;
  bool System = false;
  unsigned Line = 0, Col = 1;
  char Last = 0;

  void put(const std::string &T) { emit(T, needSpace(Last, T.front())); }
  // An original token: Placed when it stands at its own column right
  // after the previous original token, as in the source.
  void token(const std::string &T, bool LeadingSpace, bool Placed) {
    emit(T, !Placed && (LeadingSpace || glue(Last, T.front())));
  }
  void emit(const std::string &T, bool Space) {
    if (T.empty())
      return;
    if (Space && Last != ' ' && Last != 0) {
      OS << ' ';
      ++Col;
    }
    OS << T;
    size_t NL = T.rfind('\n');
    if (NL == std::string::npos) {
      Col += T.size();
    } else {
      Line += std::count(T.begin(), T.end(), '\n');
      Col = T.size() - NL;
    }
    Last = T.back();
  }
  void newline() {
    OS << '\n';
    ++Line;
    Col = 1;
    Last = 0;
  }
  void marker(const std::string &F, unsigned L, bool Sys) {
    if (Last != 0)
      OS << '\n';
    OS << "# " << L << " " << Printer::quote(F) << (Sys ? " 3" : "") << "\n";
    File = F;
    System = Sys;
    Line = L;
    Col = 1;
    Last = 0;
  }
  // Move to a token's line and column; true if it is exactly there.
  bool moveTo(const std::string &F, unsigned L, unsigned C, bool Sys) {
    if (F != File || Sys != System || L < Line || L > Line + 8)
      marker(F, L, Sys);
    while (Line < L)
      newline();
    if (C > Col) {
      OS.indent(C - Col);
      Col = C;
      Last = ' ';
    }
    return C == Col;
  }
};
} // namespace

void Printer::printAll(llvm::raw_ostream &OS, const std::string &FileScope,
                       const std::string &Trailer) const {
  const SourceManager &SM = PP.getSourceManager();
  Cursor Out(OS);
  const std::vector<PragmaRecord> &Pr = Log.pragmas();
  auto P = Pr.begin();
  unsigned N = Log.size();
  bool FileScopeDone = FileScope.empty();
  bool PrevToken = false; // the last thing printed was an original token
  for (unsigned I = 0; I < N; ++I) {
    for (; P != Pr.end() && P->Before <= I; ++P) {
      Out.put(pragmaText(P->Text));
      PrevToken = false;
    }
    if (!FileScopeDone && I >= Log.preludeEnd()) {
      Out.marker("<stmpass>", 1, true);
      Out.put(FileScope);
      Out.newline();
      Out.File.clear(); // force a marker before the next token
      FileScopeDone = true;
    }
    if (Log.isPredefined(I))
      continue;
    const Token &Tok = Log[I];
    SourceLocation L = SM.getExpansionLoc(Tok.getLocation());
    PresumedLoc PL = SM.getPresumedLoc(L);
    bool Exact = false;
    if (PL.isValid())
      Exact = Out.moveTo(PL.getFilename(), PL.getLine(), PL.getColumn(),
                         SM.isInSystemHeader(L)) &&
              PrevToken && Tok.getLocation().isFileID();
    PrevToken = false;
    if (const std::string *T = Ed.before(I)) {
      Out.put(*T);
      Exact = false;
    }
    if (auto *R = Ed.replacementAt(I, N - 1)) {
      Out.put(R->second);
      I = R->first;
    } else {
      Out.token(tokenText(I), Tok.hasLeadingSpace(), Exact);
      PrevToken = Tok.getLocation().isFileID();
    }
    if (const std::string *T = Ed.after(I)) {
      Out.put(*T);
      PrevToken = false;
      if (T->find("\n# ") != std::string::npos)
        Out.File.clear(); // it set its own lines: a marker before the next token
    }
  }
  for (; P != Pr.end(); ++P)
    Out.put(pragmaText(P->Text));
  if (!FileScopeDone || !Trailer.empty()) {
    Out.marker("<stmpass>", 1, true);
    if (!FileScopeDone)
      Out.put(FileScope);
    Out.put(Trailer);
  }
  OS << '\n';
}

} // namespace stmpass
