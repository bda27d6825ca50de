// The nested pass: preprocess and parse the user's file with the keyword
// markers, analyse it, and print the rewritten translation unit.
#ifndef STMPASS_NESTEDPASS_H
#define STMPASS_NESTEDPASS_H

#include <string>
#include <vector>

namespace clang {
class CompilerInstance;
}

namespace stmpass {

struct NestedResult {
  bool Ok = false;        // no error (its diagnostics went to the user)
  bool Rewritten = false; // the file has transactions: Text replaces it
  std::string Text;
  std::vector<std::string> Deps; // when the compile writes a dependency file
};

// WantText: print the translation unit even if nothing needs rewriting.
NestedResult runNestedPass(clang::CompilerInstance &Outer, const std::string &AbiHeader,
                           bool WantText);

} // namespace stmpass

#endif
