#include "Sites.h"
#include "Printer.h"

#include "clang/Basic/SourceManager.h"

namespace stmpass {

using namespace clang;

static const char *kindName(SiteKind K) {
  switch (K) {
  case SiteKind::Begin: return "STM_SITE_BEGIN";
  case SiteKind::Read: return "STM_SITE_READ";
  case SiteKind::Write: return "STM_SITE_WRITE";
  case SiteKind::Irrevocable: return "STM_SITE_IRREV";
  case SiteKind::Cancel: return "STM_SITE_CANCEL";
  case SiteKind::Call: return "STM_SITE_CALL";
  }
  return "0";
}

// Site text is for humans reading a report: one line, bounded.
static std::string tidy(const std::string &S) {
  std::string T;
  bool Space = false;
  for (char C : S) {
    if (C == '\n' || C == '\t' || C == '\r' || C == ' ') {
      Space = !T.empty();
      continue;
    }
    if (Space)
      T += ' ';
    Space = false;
    T += C;
  }
  if (T.size() > 72)
    T = T.substr(0, 69) + "...";
  return T;
}

std::string SiteTable::add(SiteKind K, SourceLocation Loc, const std::string &Text,
                           const std::string &Func) {
  Site S{"", 0, 0, K, tidy(Text), Func};
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (P.isValid()) {
    S.File = P.getFilename();
    S.Line = P.getLine();
    S.Col = P.getColumn();
  }
  Sites.push_back(S);
  return "&__stm_sites[" + std::to_string(Sites.size() - 1) + "]";
}

std::string SiteTable::declaration() const {
  if (Sites.empty())
    return std::string();
  return "static const stm_site_t __stm_sites[" + std::to_string(Sites.size()) + "];";
}

std::string SiteTable::definition() const {
  if (Sites.empty())
    return std::string();
  std::string D = "static const stm_site_t __stm_sites[" + std::to_string(Sites.size()) +
                  "] = {\n";
  for (const Site &S : Sites) {
    D += "  {" + Printer::quote(S.File) + ", " + std::to_string(S.Line) + ", " +
         std::to_string(S.Col) + ", " + kindName(S.Kind) + ", " +
         (S.Text.empty() ? std::string("0") : Printer::quote(S.Text)) + ", " +
         Printer::quote(S.Func) + "},\n";
  }
  return D + "};\n";
}

} // namespace stmpass
