// stmpass: GCC transactional memory for C as a Clang plugin.
//
// Loaded with -fplugin, the plugin runs before the compiler's own parse of
// the main file: a nested compiler instance preprocesses and parses the
// file with the transaction keywords defined as marker macros, the
// instrumentation rewrites every transaction into calls to libstm, and the
// rewritten, preprocessed translation unit becomes the main file of the
// compiler's own pass, which generates code as usual.  docs/PLUGIN.md.
#include "DepCollector.h"
#include "NestedPass.h"
#include "Options.h"
#include "OuterCompile.h"
#include "RuntimeHeader.h"
#include "State.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace stmpass {

using namespace clang;

// -fplugin-arg-stmpass-emit=PATH: a file, or a directory (existing, or
// PATH ending in '/') that receives <basename>.stm.c.
static bool writeEmitted(const std::string &Path, llvm::StringRef InFile,
                         const std::string &Text, std::string &Err) {
  llvm::SmallString<256> Out(Path);
  bool Dir = llvm::sys::fs::is_directory(Path) ||
             (!Path.empty() && llvm::sys::path::is_separator(Path.back()));
  if (Dir) {
    if (std::error_code EC = llvm::sys::fs::create_directories(Path)) {
      Err = "stmpass: cannot create directory '" + Path + "': " + EC.message();
      return false;
    }
    llvm::StringRef Base = InFile == "-" ? llvm::StringRef("stdin")
                                         : llvm::sys::path::stem(InFile);
    llvm::sys::path::append(Out, Base + ".stm.c");
  }
  std::error_code EC;
  llvm::raw_fd_ostream OS(Out, EC);
  if (EC) {
    Err = "stmpass: cannot write '" + Out.str().str() + "': " + EC.message();
    return false;
  }
  OS << Text;
  return true;
}

class StmPassAction : public PluginASTAction {
public:
  ActionType getActionType() override { return AddBeforeMainAction; }

  bool ParseArgs(const CompilerInstance &, const std::vector<std::string> &Args) override {
    if (nestedPassRunning())
      return false; // the nested pass is plain clang
    parsePluginArgs(Args, Opts, ArgError);
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef InFile) override {
    auto Fail = [&](const llvm::Twine &Msg) {
      failCompilation(CI, Msg);
      return std::make_unique<ASTConsumer>();
    };
    if (!ArgError.empty())
      return Fail(ArgError);
    const LangOptions &LO = CI.getLangOpts();
    if (LO.CPlusPlus || LO.ObjC || LO.OpenCL || LO.CUDA || LO.HIP)
      return Fail("stmpass supports C only");
    if (LO.Modules)
      return Fail("stmpass: -fmodules is not supported");
    if (!CI.getPreprocessorOpts().ImplicitPCHInclude.empty() ||
        CI.getFrontendOpts().ProgramAction == frontend::GeneratePCH)
      return Fail("stmpass: precompiled headers are not supported");

    std::string Err;
    std::string Abi = findAbiHeader(Opts.IncludeDir, Err);
    if (Abi.empty())
      return Fail(Err);

    NestedResult R = runNestedPass(CI, Abi, !Opts.EmitPath.empty());
    if (!R.Ok) {
      stopCompilation(CI);
      return std::make_unique<ASTConsumer>();
    }
    if (!Opts.EmitPath.empty() && !writeEmitted(Opts.EmitPath, InFile, R.Text, Err))
      return Fail(Err);
    if (!R.Rewritten)
      return std::make_unique<ASTConsumer>(); // no transaction: compile as is
    useRewrittenMainFile(CI, hasIncludeBlock(R.Deps, mainFileName(CI)) + R.Text);
    return quietConsumer(CI);
  }

private:
  PluginOptions Opts;
  std::string ArgError;
};

static FrontendPluginRegistry::Add<StmPassAction>
    Registration("stmpass", "compile GCC transactional memory (__transaction_atomic) for libstm");

} // namespace stmpass
