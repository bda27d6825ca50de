// GCC's transactional-memory attributes.  Clang does not know them and
// would warn; registered here they are accepted silently on functions and
// on typedefs, fields, parameters and variables (of function-pointer type,
// as GCC uses them).  In the nested pass they are recorded on the
// declaration as an annotation the analysis reads (Calls.cpp).
#include "State.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/DiagnosticSema.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Lookup.h"
#include "clang/Sema/Sema.h"

namespace stmpass {

using namespace clang;

bool &nestedPassRunning() {
  static bool Running = false;
  return Running;
}

std::vector<SourceRange> &tmAttributeRanges() {
  static std::vector<SourceRange> Ranges;
  return Ranges;
}

std::map<const FunctionDecl *, FunctionDecl *> &tmWrappers() {
  static std::map<const FunctionDecl *, FunctionDecl *> Wrappers;
  return Wrappers;
}

namespace {

template <unsigned Args> struct TMAttr : public ParsedAttrInfo {
  explicit TMAttr(const char *Name) {
    OptArgs = 0;
    NumArgs = Args;
    Spelling[0] = {ParsedAttr::AS_GNU, Name};
    FullName = std::string("gnu::") + Name;
    Spelling[1] = {ParsedAttr::AS_C23, FullName.c_str()};
    Spellings = Spelling;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A, const Decl *D) const override {
    if (isa<FunctionDecl>(D) || isa<TypedefNameDecl>(D) || isa<FieldDecl>(D) ||
        isa<VarDecl>(D))
      return true;
    S.Diag(A.getLoc(), diag::warn_attribute_wrong_decl_type_str)
        << A << A.isRegularKeywordAttribute()
        << "functions, typedefs, fields, parameters and variables";
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D, const ParsedAttr &A) const override {
    if (nestedPassRunning()) {
      D->addAttr(AnnotateAttr::Create(S.Context, "stm." + A.getAttrName()->getName().str(),
                                      nullptr, 0, A.getRange()));
      tmAttributeRanges().push_back(A.getRange());
    }
    return AttributeApplied;
  }

  ParsedAttrInfo::Spelling Spelling[2];
  std::string FullName;
};

struct Safe : TMAttr<0> { Safe() : TMAttr("transaction_safe") {} };
struct Pure : TMAttr<0> { Pure() : TMAttr("transaction_pure") {} };
struct Callable : TMAttr<0> { Callable() : TMAttr("transaction_callable") {} };
struct Unsafe : TMAttr<0> { Unsafe() : TMAttr("transaction_unsafe") {} };
struct MayCancelOuter : TMAttr<0> {
  MayCancelOuter() : TMAttr("transaction_may_cancel_outer") {}
};
struct Wrap : TMAttr<1> {
  Wrap() : TMAttr("transaction_wrap") {}
  bool isParamExpr(size_t N) const override { return N == 0; }
  AttrHandling handleDeclAttribute(Sema &S, Decl *D, const ParsedAttr &A) const override {
    auto *W = dyn_cast<FunctionDecl>(D);
    FunctionDecl *Orig = nullptr;
    if (A.getNumArgs() && A.isArgIdent(0)) { // transaction_wrap(name)
      IdentifierLoc *IL = A.getArgAsIdent(0);
      Orig = dyn_cast_or_null<FunctionDecl>(
          S.LookupSingleName(S.getCurScope(), IL->Ident, IL->Loc, Sema::LookupOrdinaryName));
    } else if (A.getNumArgs() && A.isArgExpr(0)) {
      auto *Ref = dyn_cast<DeclRefExpr>(A.getArgAsExpr(0)->IgnoreParenImpCasts());
      Orig = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
    }
    if (!W || !Orig) {
      unsigned ID = S.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Error, "transaction_wrap needs a function, applied to a function");
      S.Diag(A.getLoc(), ID);
      return AttributeNotApplied;
    }
    if (nestedPassRunning())
      tmWrappers()[Orig->getCanonicalDecl()] = W;
    return TMAttr<1>::handleDeclAttribute(S, D, A);
  }
};

ParsedAttrInfoRegistry::Add<Safe> A1("stm_transaction_safe", "");
ParsedAttrInfoRegistry::Add<Pure> A2("stm_transaction_pure", "");
ParsedAttrInfoRegistry::Add<Callable> A3("stm_transaction_callable", "");
ParsedAttrInfoRegistry::Add<Unsafe> A4("stm_transaction_unsafe", "");
ParsedAttrInfoRegistry::Add<MayCancelOuter> A5("stm_transaction_may_cancel_outer", "");
ParsedAttrInfoRegistry::Add<Wrap> A6("stm_transaction_wrap", "");

} // namespace
} // namespace stmpass
