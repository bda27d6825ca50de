// The compiler's own pass (the one that generates code): fed the rewritten
// translation unit, or stopped after an error found by the nested pass.
#ifndef STMPASS_OUTERCOMPILE_H
#define STMPASS_OUTERCOMPILE_H

#include "clang/AST/ASTConsumer.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <memory>
#include <string>

namespace clang {
class CompilerInstance;
}

namespace stmpass {

// Make Text the main file.  It is already preprocessed: no predefined
// macros, no -include.  It keeps the main file's identity (debug info,
// dependency file).
void useRewrittenMainFile(clang::CompilerInstance &CI, const std::string &Text);

// After an error: nothing left to compile, no output file written.
void stopCompilation(clang::CompilerInstance &CI);

// Report an error of the plugin itself (no source location) and stop.
void failCompilation(clang::CompilerInstance &CI, const llvm::Twine &Msg);

// The consumer that goes with the rewritten file: its warnings were all
// reported by the nested pass, so they are off until the backend runs.
std::unique_ptr<clang::ASTConsumer> quietConsumer(clang::CompilerInstance &CI);

// The name of the main file as the compiler knows it (for dependencies).
std::string mainFileName(clang::CompilerInstance &CI);

} // namespace stmpass

#endif
