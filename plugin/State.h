// Process-wide state shared by the plugin's entry points.
#ifndef STMPASS_STATE_H
#define STMPASS_STATE_H

#include "clang/Basic/SourceLocation.h"

namespace clang {
class FunctionDecl;
}

#include <map>
#include <vector>

namespace stmpass {

// True while the nested pass runs: the plugin must not start another one
// from inside it, and attributes are recorded (not just accepted).
bool &nestedPassRunning();

// Where the nested pass saw GCC TM attributes (name and arguments): they
// are left out of the rewritten text, which plain clang then compiles
// without "unknown attribute" warnings.
std::vector<clang::SourceRange> &tmAttributeRanges();

// transaction_wrap: inside transactions, calls to the key (a canonical
// declaration) go to the value instead.
std::map<const clang::FunctionDecl *, clang::FunctionDecl *> &tmWrappers();

} // namespace stmpass

#endif
