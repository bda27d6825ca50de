// The expanded token stream of the nested pass, as the parser received it,
// plus what the stream does not carry (pragmas).  The rewritten translation
// unit is printed from this log; AST locations map back into it.
#ifndef STMPASS_TOKENLOG_H
#define STMPASS_TOKENLOG_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Lex/Token.h"
#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace stmpass {

struct PragmaRecord {
  unsigned Before; // index of the token the pragma precedes
  std::string Text; // the pragma's body, e.g. "pack(push, 1)"
};

class TokenLog {
public:
  // Start recording: installs a token watcher and preprocessor callbacks.
  // AbiHeader is the path of stm/abi.h (its end marks the prelude's end).
  void attach(clang::Preprocessor &PP, const std::string &AbiHeader);

  const std::vector<clang::Token> &tokens() const { return Toks; }
  const std::vector<PragmaRecord> &pragmas() const { return Pragmas; }
  unsigned size() const { return Toks.size(); }
  const clang::Token &operator[](unsigned I) const { return Toks[I]; }

  // Index of the token at Loc, or -1.
  int indexOf(clang::SourceLocation Loc) const;
  // First token after the runtime header (where file-scope declarations
  // of generated code go).
  unsigned preludeEnd() const { return PreludeEnd; }
  // Tokens written in the predefines buffer (marker declarations) are not
  // part of the user's program and are never printed.
  bool isPredefined(unsigned I) const;
  // Annotation tokens the printer cannot reproduce (modules, #embed, ...).
  const std::vector<clang::Token> &unsupportedAnnotations() const { return BadAnnots; }

private:
  friend class TokenLogCallbacks;
  clang::Preprocessor *PP = nullptr;
  std::vector<clang::Token> Toks;
  std::vector<PragmaRecord> Pragmas;
  std::vector<clang::Token> BadAnnots;
  mutable llvm::DenseMap<unsigned, unsigned> Index;
  mutable unsigned Indexed = 0;
  unsigned PreludeEnd = 0;
  // The text of the latest pragma: a pragma handler may hand tokens of it
  // back to the parser (`#pragma weak NAME`), which must not be printed.
  clang::FileID PragmaFile;
  unsigned PragmaBegin = 0, PragmaEnd = 0;
  bool InAbiHeader = false;
  bool SeenAbiHeader = false;
  std::string AbiHeader;
};

} // namespace stmpass

#endif
