// Locating the runtime's ABI header that the rewritten code includes.
#ifndef STMPASS_RUNTIMEHEADER_H
#define STMPASS_RUNTIMEHEADER_H

#include <string>

namespace stmpass {

// The absolute path of stm/abi.h: under IncludeDir if given, else
// <directory of stmpass.so>/../include, the install layout.  Empty (and
// Error set) when it does not exist.
std::string findAbiHeader(const std::string &IncludeDir, std::string &Error);

} // namespace stmpass

#endif
