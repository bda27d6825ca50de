// Diagnostics of the nested pass: held back until the analysis has run, so
// that warnings caused by the keyword markers can be dropped, diagnostics
// inside the markers moved to the keyword, and the plugin's own errors
// merged in source order.  Then replayed, once, to the compiler's own
// diagnostic consumer (so -Werror, -ferror-limit counts, colours, and the
// final "N errors generated" all behave as usual).
#ifndef STMPASS_DIAGBUFFER_H
#define STMPASS_DIAGBUFFER_H

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/DenseSet.h"

#include <functional>
#include <vector>

namespace stmpass {

class DiagBuffer : public clang::DiagnosticConsumer {
public:
  explicit DiagBuffer(clang::DiagnosticConsumer &Outer) : Outer(Outer) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override;

  // Diagnostics from here on are the plugin's own (merged by location).
  void markAnalysisStart() { AnalysisStart = Stored.size(); }
  bool hasErrors() const;
  // Drop everything (the nested pass is repeated, or the plugin found no
  // transaction and the compiler's own pass will report the same things).
  void discard() { Stored.clear(); AnalysisStart = ~size_t(0); }

  // Locations (raw encodings) whose warnings are artefacts of the markers.
  llvm::DenseSet<unsigned> SuppressAt;
  // Maps a location inside a marker expansion to the user's keyword.
  std::function<clang::SourceLocation(clang::SourceLocation)> Relocate;

  // Send the kept diagnostics to the outer consumer through Diags (the
  // nested engine, whose source manager they refer to).  Returns the
  // number of errors sent.  Later diagnostics are forwarded directly.
  unsigned replay(clang::DiagnosticsEngine &Diags);

private:
  bool artefact(const clang::StoredDiagnostic &D) const;
  clang::DiagnosticConsumer &Outer;
  std::vector<clang::StoredDiagnostic> Stored;
  size_t AnalysisStart = ~size_t(0); // none: all are clang's
  bool Forwarding = false;
};

} // namespace stmpass

#endif
