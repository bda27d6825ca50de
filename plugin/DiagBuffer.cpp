#include "DiagBuffer.h"

#include "clang/Basic/DiagnosticSema.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>

namespace stmpass {

using namespace clang;

void DiagBuffer::HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) {
  // Not counted here: the nested compiler instance would print its own
  // "N warnings generated" on top of the outer one's.
  if (Forwarding) {
    Outer.HandleDiagnostic(Level, Info);
    return;
  }
  Stored.emplace_back(Level, Info);
}

bool DiagBuffer::artefact(const StoredDiagnostic &D) const {
  SourceLocation L = D.getLocation();
  if (L.isInvalid())
    return false;
  if (SuppressAt.count(L.getRawEncoding()))
    return true;
  // GCC's TM attributes in a type name (a cast to a transaction_safe
  // function pointer): clang cannot attach them there, and gcc accepts them
  // silently; the plugin classifies such calls without them.
  if (D.getID() == diag::warn_attribute_not_on_decl &&
      D.getMessage().contains("'transaction_"))
    return true;
  // A warning about the marker code itself, not about the user's code.
  return Relocate && Relocate(L) != L && D.getLevel() < DiagnosticsEngine::Error;
}

bool DiagBuffer::hasErrors() const {
  for (size_t I = 0; I < Stored.size(); ++I) {
    const StoredDiagnostic &D = Stored[I];
    if (D.getLevel() == DiagnosticsEngine::Note)
      continue;
    if (D.getLevel() >= DiagnosticsEngine::Error && !artefact(D))
      return true;
  }
  return false;
}

namespace {
// A diagnostic with the notes that follow it.
struct Group {
  size_t Begin, End;
};
} // namespace

static std::vector<Group> groups(const std::vector<StoredDiagnostic> &S, size_t B, size_t E) {
  std::vector<Group> G;
  for (size_t I = B; I < E; ++I) {
    if (S[I].getLevel() == DiagnosticsEngine::Note && !G.empty())
      G.back().End = I + 1;
    else
      G.push_back({I, I + 1});
  }
  return G;
}

unsigned DiagBuffer::replay(DiagnosticsEngine &Diags) {
  size_t Split = std::min(AnalysisStart, Stored.size());
  std::vector<Group> Clang = groups(Stored, 0, Split);
  std::vector<Group> Ours = groups(Stored, Split, Stored.size());
  const SourceManager *SM = Diags.hasSourceManager() ? &Diags.getSourceManager() : nullptr;
  auto Before = [&](const Group &A, const Group &B) {
    FullSourceLoc LA = Stored[A.Begin].getLocation(), LB = Stored[B.Begin].getLocation();
    if (!SM || LA.isInvalid() || LB.isInvalid())
      return false;
    return SM->isBeforeInTranslationUnit(SM->getExpansionLoc(LA), SM->getExpansionLoc(LB));
  };
  // The analysis reports some things (gotos) after the function: by line.
  std::stable_sort(Ours.begin(), Ours.end(), Before);
  std::vector<Group> All;
  std::merge(Clang.begin(), Clang.end(), Ours.begin(), Ours.end(), std::back_inserter(All),
             [&](const Group &A, const Group &B) { return Before(A, B); });

  Forwarding = true;
  unsigned Errors = 0;
  for (const Group &G : All) {
    const StoredDiagnostic &Head = Stored[G.Begin];
    bool Mine = G.Begin >= Split;
    if (!Mine && artefact(Head))
      continue;
    for (size_t I = G.Begin; I < G.End; ++I) {
      const StoredDiagnostic &D = Stored[I];
      SourceLocation L = D.getLocation();
      if (!Mine && Relocate && L.isValid()) {
        SourceLocation R = Relocate(L);
        if (R != L) {
          StoredDiagnostic Moved(D.getLevel(), D.getID(), D.getMessage(),
                                 FullSourceLoc(R, D.getLocation().getManager()), {}, {});
          Diags.Report(Moved);
          Errors += D.getLevel() >= DiagnosticsEngine::Error;
          continue;
        }
      }
      Diags.Report(D);
      Errors += D.getLevel() >= DiagnosticsEngine::Error;
    }
  }
  Stored.clear();
  return Errors;
}

} // namespace stmpass
