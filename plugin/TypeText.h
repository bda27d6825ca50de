// Spelling C types in generated code.
#ifndef STMPASS_TYPETEXT_H
#define STMPASS_TYPETEXT_H

#include "clang/AST/Type.h"

#include <string>

namespace clang {
class ASTContext;
}

namespace stmpass {

// A declaration of Name with type T ("int (*Name)(void)"), or, when T
// cannot be named (anonymous struct, ...), "__typeof__(Fallback) Name".
// Qualifiers of T are kept; callers strip them where needed.
std::string declare(clang::QualType T, const std::string &Name, const clang::ASTContext &Ctx,
                    const std::string &Fallback);

// A type name usable in a cast, or empty when T cannot be named.
std::string typeName(clang::QualType T, const clang::ASTContext &Ctx);

// The unsigned integer type of Bits bits ("unsigned int").
std::string unsignedOfWidth(unsigned Bits, const clang::ASTContext &Ctx);

} // namespace stmpass

#endif
