#include "TypeText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/PrettyPrinter.h"

namespace stmpass {

using namespace clang;

static PrintingPolicy policy(const ASTContext &Ctx) {
  PrintingPolicy P(Ctx.getLangOpts());
  P.SuppressTagKeyword = false;
  P.AnonymousTagLocations = false;
  P.SuppressUnwrittenScope = true;
  P.Bool = false; // `_Bool`, valid in every C dialect
  return P;
}

// Types that print in a form C cannot parse back.
static bool nameable(const std::string &S) {
  return S.find("(unnamed") == std::string::npos && S.find("(anonymous") == std::string::npos &&
         S.find("<") == std::string::npos;
}

std::string declare(QualType T, const std::string &Name, const ASTContext &Ctx,
                    const std::string &Fallback) {
  std::string S = Name;
  T.getAsStringInternal(S, policy(Ctx));
  if (nameable(S))
    return S;
  return "__typeof__(" + Fallback + ") " + Name;
}

std::string typeName(QualType T, const ASTContext &Ctx) {
  std::string S = T.getAsString(policy(Ctx));
  return nameable(S) ? S : std::string();
}

std::string unsignedOfWidth(unsigned Bits, const ASTContext &Ctx) {
  QualType U = Ctx.getIntTypeForBitwidth(Bits, /*Signed=*/false);
  if (Bits == 128)
    return "stm_u128_t";
  return U.isNull() ? std::string() : U.getAsString(policy(Ctx));
}

} // namespace stmpass
