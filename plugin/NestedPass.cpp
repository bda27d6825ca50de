#include "NestedPass.h"
#include "Artefacts.h"
#include "DepCollector.h"
#include "DiagBuffer.h"
#include "Edits.h"
#include "Instrumenter.h"
#include "KeywordForms.h"
#include "Prelude.h"
#include "Printer.h"
#include "Sites.h"
#include "State.h"
#include "TokenLog.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/Support/raw_ostream.h"

namespace stmpass {

using namespace clang;

namespace {

// One parse: its inputs and what it found.
struct Parse {
  Parse(const std::string &Abi, const std::set<std::string> &ExprKeys, DiagBuffer &DB)
      : AbiHeader(Abi), ExprKeys(ExprKeys), Forms(ExprKeys), DB(DB) {}
  const std::string &AbiHeader;
  const std::set<std::string> &ExprKeys;
  TokenLog Log;
  KeywordForms Forms;
  DiagBuffer &DB;

  bool MayReparse = true;
  bool WantText = false; // the text even when nothing is rewritten (emit=)
  bool Reparse = false;
  std::set<std::string> NewExprKeys;
  bool Ok = false, Rewritten = false;
  std::string Text;
};

class AnalysisConsumer : public ASTConsumer {
public:
  AnalysisConsumer(CompilerInstance &CI, Parse &P) : CI(CI), P(P) {}
  void HandleTranslationUnit(ASTContext &Ctx) override;

private:
  void error(SourceLocation L, const std::string &Msg) {
    DiagnosticsEngine &D = CI.getDiagnostics();
    D.Report(L, D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Msg;
  }
  bool hasMarkers() const;
  CompilerInstance &CI;
  Parse &P;
};

class AnalysisAction : public ASTFrontendAction {
public:
  explicit AnalysisAction(Parse &P) : P(P) {}

protected:
  bool BeginSourceFileAction(CompilerInstance &CI) override {
    Preprocessor &PP = CI.getPreprocessor();
    PP.setPredefines(insertPrelude(PP.getPredefines(), buildPrelude(CI.getTarget(), P.AbiHeader)));
    P.Log.attach(PP, P.AbiHeader);
    P.Forms.attach(PP);
    return true;
  }
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, StringRef) override {
    return std::make_unique<AnalysisConsumer>(CI, P);
  }

private:
  Parse &P;
};

// Transactions, or tasks (whose functions need clones: docs/TASKS.md).
bool AnalysisConsumer::hasMarkers() const {
  for (unsigned I = 0; I < P.Log.size(); ++I) {
    const Token &T = P.Log[I];
    if (!T.is(tok::identifier))
      continue;
    StringRef N = T.getIdentifierInfo()->getName();
    if ((N.starts_with("__stmpass_") || N == "stm_add_task") && !P.Log.isPredefined(I))
      return true;
  }
  return false;
}

void AnalysisConsumer::HandleTranslationUnit(ASTContext &Ctx) {
  Preprocessor &PP = CI.getPreprocessor();
  SourceManager &SM = CI.getSourceManager();

  std::set<std::string> Misparsed;
  for (const std::string &K : P.Forms.misparsedExpressions(P.Log))
    if (!P.ExprKeys.count(K))
      Misparsed.insert(K);
  if (!Misparsed.empty() && P.MayReparse) {
    P.Reparse = true;
    P.NewExprKeys = P.ExprKeys;
    P.NewExprKeys.insert(Misparsed.begin(), Misparsed.end());
    P.DB.discard();
    return;
  }
  if (!hasMarkers() && tmAttributeRanges().empty()) {
    // No transaction, no TM attribute: the compiler's own pass compiles
    // the file as it is and reports the same diagnostics.
    P.DB.discard();
    P.Ok = true;
    if (P.WantText && !P.DB.hasErrors()) {
      Edits None;
      Printer Pr(P.Log, PP, None);
      llvm::raw_string_ostream OS(P.Text);
      Pr.printAll(OS, "", "");
    }
    return;
  }
  // Diagnostics inside the keyword macros belong to the keyword.
  P.DB.Relocate = [&SM](SourceLocation L) {
    SourceLocation X = L;
    while (X.isMacroID()) {
      PresumedLoc PL = SM.getPresumedLoc(SM.getSpellingLoc(X));
      if (!PL.isValid() || StringRef(PL.getFilename()) != "<stmpass prelude>")
        break;
      X = SM.getImmediateExpansionRange(X).getBegin();
    }
    return X;
  };
  collectArtefacts(P.Log, Ctx.getTranslationUnitDecl(), P.DB.SuppressAt);
  if (P.DB.hasErrors()) {
    P.DB.replay(CI.getDiagnostics());
    return;
  }

  P.DB.markAnalysisStart();
  for (const Token &T : P.Log.unsupportedAnnotations())
    error(T.getLocation(), std::string("stmpass: '") + tok::getTokenName(T.getKind()) +
                               "' (modules or #embed) is not supported");
  AbiConstants Abi;
  std::string Missing;
  if (!Abi.load(PP, Missing))
    error(SourceLocation(), "stmpass: the runtime header " + P.AbiHeader + " does not define " +
                                Missing + "; plugin and runtime do not match");

  Edits Ed;
  Printer Pr(P.Log, PP, Ed);
  SiteTable Sites(SM);
  Instrumenter I(Ctx, PP, P.Log, P.Forms, Ed, Pr, Sites, Abi);
  if (Missing.empty() && P.Log.unsupportedAnnotations().empty())
    I.run(Ctx.getTranslationUnitDecl());
  // TM attributes have done their work here (the calls they allow are
  // rewritten): the output leaves them out, for plain clang's sake.
  for (SourceRange R : tmAttributeRanges()) {
    int B = P.Log.indexOf(R.getBegin()), E = P.Log.indexOf(R.getEnd());
    if (B >= 0 && E >= B)
      Ed.replace(B, E, "");
  }
  for (unsigned L : I.suppressed())
    P.DB.SuppressAt.insert(L);
  unsigned Errors = P.DB.replay(CI.getDiagnostics());
  if (Errors || I.failed() || !Missing.empty() || !P.Log.unsupportedAnnotations().empty())
    return;

  llvm::raw_string_ostream OS(P.Text);
  Pr.printAll(OS, I.helpers() + Sites.declaration(), Sites.definition() + I.trailer());
  OS.flush();
  P.Ok = P.Rewritten = true;
}

} // namespace

NestedResult runNestedPass(CompilerInstance &Outer, const std::string &AbiHeader,
                           bool WantText) {
  NestedResult R;
  std::set<std::string> ExprKeys;
  // Expression forms found by one parse are parsed as such by the next; a
  // keyword cannot change form twice, so this settles quickly.
  for (unsigned Attempt = 0; Attempt < 4; ++Attempt) {
    auto Inv = std::make_shared<CompilerInvocation>(Outer.getInvocation());
    FrontendOptions &FO = Inv->getFrontendOpts();
    FO.ProgramAction = frontend::ParseSyntaxOnly;
    FO.OutputFile.clear();
    FO.ShowStats = false;
    FO.StatsFile.clear();
    FO.TimeTracePath.clear();
    // Standard input was read by the outer compile already: parse its copy.
    if (!FO.Inputs.empty() && FO.Inputs[0].isFile() && FO.Inputs[0].getFile() == "-") {
      SourceManager &SM = Outer.getSourceManager();
      FO.Inputs[0] = FrontendInputFile(SM.getBufferOrFake(SM.getMainFileID()),
                                       FO.Inputs[0].getKind());
    }
    DependencyOutputOptions &DO = Inv->getDependencyOutputOpts();
    bool WantDeps = !DO.OutputFile.empty();
    bool SystemDeps = DO.IncludeSystemHeaders;
    DO.OutputFile.clear();
    DO.DOTOutputFile.clear();
    DO.ModuleDependencyOutputDir.clear();
    if (Attempt > 0)
      DO.ShowHeaderIncludes = false; // -H printed once
    Inv->getPreprocessorOpts().RetainRemappedFileBuffers = true;

    CompilerInstance C(Outer.getPCHContainerOperations());
    C.setInvocation(Inv);
    auto *DB = new DiagBuffer(Outer.getDiagnosticClient());
    C.createDiagnostics(DB, /*ShouldOwnClient=*/true);
    C.setFileManager(&Outer.getFileManager());
    std::shared_ptr<DepCollector> Deps;
    if (WantDeps) {
      Deps = std::make_shared<DepCollector>(SystemDeps);
      C.addDependencyCollector(Deps);
    }
    Parse P(AbiHeader, ExprKeys, *DB);
    P.MayReparse = Attempt < 3;
    P.WantText = WantText;
    AnalysisAction A(P);
    nestedPassRunning() = true;
    tmAttributeRanges().clear();
    tmWrappers().clear();
    C.ExecuteAction(A);
    nestedPassRunning() = false;
    if (P.Reparse) {
      ExprKeys = P.NewExprKeys;
      continue;
    }
    R.Ok = P.Ok;
    R.Rewritten = P.Rewritten;
    R.Text = std::move(P.Text);
    if (Deps)
      R.Deps = Deps->getDependencies().vec();
    return R;
  }
  return R; // not reached: the last attempt does not reparse
}

} // namespace stmpass
