// Diagnostics that the keyword markers cause and the user's code does not:
// `[[outer]]` after a marker (unknown attribute, C23 extension), the empty
// body of a cancel marker, and the dangling-else warning when the user's
// `else` follows a transaction statement.  Found before deciding whether
// the nested pass failed, since -Werror makes them errors.
#ifndef STMPASS_ARTEFACTS_H
#define STMPASS_ARTEFACTS_H

#include "llvm/ADT/DenseSet.h"

namespace clang {
class TranslationUnitDecl;
}

namespace stmpass {

class TokenLog;

void collectArtefacts(const TokenLog &Log, clang::TranslationUnitDecl *TU,
                      llvm::DenseSet<unsigned> &Locations);

} // namespace stmpass

#endif
