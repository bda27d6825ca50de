// Dependency files (-MD, -MMD, -MF ...).  The compiler's own dependency
// writer only sees the rewritten main buffer, which includes nothing; the
// nested pass, which reads every header, collects the list, and the
// rewritten buffer starts with one `#if __has_include("...")` per header:
// clang's dependency writer records __has_include targets, so it writes a
// complete file with the user's -MT/-MQ/-MP options applied.
#ifndef STMPASS_DEPCOLLECTOR_H
#define STMPASS_DEPCOLLECTOR_H

#include "clang/Frontend/Utils.h"

#include <string>

namespace stmpass {

class DepCollector : public clang::DependencyCollector {
public:
  explicit DepCollector(bool SystemHeaders) : SystemHeaders(SystemHeaders) {}
  bool needSystemDependencies() override { return SystemHeaders; }

private:
  bool SystemHeaders;
};

// The __has_include lines for Deps, as seen from a main file called
// MainFile (the first dependency, the main file itself, is skipped).
std::string hasIncludeBlock(llvm::ArrayRef<std::string> Deps, llvm::StringRef MainFile);

} // namespace stmpass

#endif
