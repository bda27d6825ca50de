// Printing the rewritten translation unit from the token log: each token at
// its line (GNU line markers name the user's files, flag 3 for system
// headers) and, where possible, its column; pragmas as _Pragma operators;
// edits applied.
#ifndef STMPASS_PRINTER_H
#define STMPASS_PRINTER_H

#include <string>

namespace clang {
class Preprocessor;
class SourceLocation;
} // namespace clang

namespace llvm {
class raw_ostream;
}

namespace stmpass {

class Edits;
class TokenLog;

class Printer {
public:
  Printer(const TokenLog &Log, clang::Preprocessor &PP, const Edits &E)
      : Log(Log), PP(PP), Ed(E) {}

  std::string tokenText(unsigned I) const;
  // Tokens [B, E] with the edits inside them, on as many lines as the
  // source spans (so that line numbers stay right).
  std::string render(unsigned B, unsigned E) const;
  // The whole translation unit; FileScope is emitted just after the runtime
  // header (declarations the generated code needs), Trailer at the end.
  void printAll(llvm::raw_ostream &OS, const std::string &FileScope,
                const std::string &Trailer) const;

  static std::string quote(const std::string &S); // a C string literal

private:
  unsigned presumedLine(unsigned I) const;
  const TokenLog &Log;
  clang::Preprocessor &PP;
  const Edits &Ed;
};

} // namespace stmpass

#endif
