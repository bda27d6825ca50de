// The text the nested pass reads before the user's code: the keyword
// macros, the marker declarations and the runtime ABI header.
#ifndef STMPASS_PRELUDE_H
#define STMPASS_PRELUDE_H

#include <string>

namespace clang {
class TargetInfo;
}

namespace stmpass {

std::string buildPrelude(const clang::TargetInfo &TI, const std::string &AbiHeader);

// Insert the prelude into clang's predefines: after the built-in macros
// (the ABI header may use them), before the user's -D/-U and -include.
std::string insertPrelude(const std::string &Predefines, const std::string &Prelude);

} // namespace stmpass

#endif
