#include "OuterCompile.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/MemoryBuffer.h"

namespace stmpass {

using namespace clang;

std::string mainFileName(CompilerInstance &CI) {
  SourceManager &SM = CI.getSourceManager();
  if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getMainFileID()))
    return FE->getName().str();
  return std::string();
}

static void replaceMainFile(CompilerInstance &CI, const std::string &Text) {
  SourceManager &SM = CI.getSourceManager();
  FileID Old = SM.getMainFileID();
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(Old);
  std::string Name = FE ? FE->getName().str() : SM.getBufferName(SM.getLocForStartOfFile(Old)).str();
  auto Buf = llvm::MemoryBuffer::getMemBufferCopy(Text, Name);
  if (FE) {
    SM.overrideFileContents(*FE, std::move(Buf));
    SM.setMainFileID(SM.createFileID(*FE, SourceLocation(), SrcMgr::C_User));
  } else {
    SM.setMainFileID(SM.createFileID(std::move(Buf)));
  }
  CI.getPreprocessor().setPredefines("");
}

void useRewrittenMainFile(CompilerInstance &CI, const std::string &Text) {
  replaceMainFile(CI, Text);
}

void stopCompilation(CompilerInstance &CI) {
  replaceMainFile(CI, std::string());
  // The empty translation unit must not draw diagnostics of its own
  // (-pedantic-errors: "ISO C requires a translation unit to contain...").
  CI.getDiagnostics().setIgnoreAllWarnings(true);
  // Errors went to the consumer, not through this engine, which would let
  // code generation go on and keep the output file: record one silently.
  DiagnosticsEngine &D = CI.getDiagnostics();
  std::unique_ptr<DiagnosticConsumer> Owned = D.takeClient();
  DiagnosticConsumer *Client = D.getClient();
  IgnoringDiagConsumer Ignore;
  D.setClient(&Ignore, /*ShouldOwnClient=*/false);
  D.Report(D.getCustomDiagID(DiagnosticsEngine::Error, "stmpass: compilation stopped"));
  D.setClient(Client, /*ShouldOwnClient=*/false);
  if (Owned)
    D.setClient(Owned.release(), /*ShouldOwnClient=*/true);
}

void failCompilation(CompilerInstance &CI, const llvm::Twine &Msg) {
  DiagnosticsEngine &D = CI.getDiagnostics();
  D.Report(D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Msg.str();
  replaceMainFile(CI, std::string());
  D.setIgnoreAllWarnings(true);
}

namespace {
class QuietConsumer : public ASTConsumer {
public:
  explicit QuietConsumer(DiagnosticsEngine &D) : D(D), Was(D.getIgnoreAllWarnings()) {
    D.setIgnoreAllWarnings(true);
  }
  void HandleTranslationUnit(ASTContext &) override { D.setIgnoreAllWarnings(Was); }

private:
  DiagnosticsEngine &D;
  bool Was;
};
} // namespace

std::unique_ptr<ASTConsumer> quietConsumer(CompilerInstance &CI) {
  return std::make_unique<QuietConsumer>(CI.getDiagnostics());
}

} // namespace stmpass
