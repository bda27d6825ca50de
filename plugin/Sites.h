// The source-site table: one stm_site_t per begin, barrier, irrevocable
// point, cancel and runtime call in the generated code, emitted as one
// static const array (declared before the user's code, defined after it).
#ifndef STMPASS_SITES_H
#define STMPASS_SITES_H

#include "clang/Basic/SourceLocation.h"

#include <string>
#include <vector>

namespace clang {
class SourceManager;
}

namespace stmpass {

enum class SiteKind { Begin, Read, Write, Irrevocable, Cancel, Call };

class SiteTable {
public:
  explicit SiteTable(const clang::SourceManager &SM) : SM(SM) {}

  // Returns the expression to pass, e.g. "&__stm_sites[3]".
  std::string add(SiteKind K, clang::SourceLocation Loc, const std::string &Text,
                  const std::string &Func);
  unsigned size() const { return Sites.size(); }
  std::string declaration() const;
  std::string definition() const;

private:
  struct Site {
    std::string File;
    unsigned Line, Col;
    SiteKind Kind;
    std::string Text, Func;
  };
  const clang::SourceManager &SM;
  std::vector<Site> Sites;
};

} // namespace stmpass

#endif
