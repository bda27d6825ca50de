#include "TxCodegen.h"
#include "TypeText.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"

namespace stmpass {

using namespace clang;

static bool macroText(Preprocessor &PP, const char *Name, std::string &Out) {
  const MacroInfo *MI = PP.getMacroInfo(PP.getIdentifierInfo(Name));
  if (!MI || MI->isFunctionLike() || MI->getNumTokens() == 0)
    return false;
  Out = "(";
  for (const Token &T : MI->tokens())
    Out += PP.getSpelling(T);
  Out += ")";
  return true;
}

bool AbiConstants::load(Preprocessor &PP, std::string &Missing) {
  struct {
    const char *Name;
    std::string *Out;
  } Want[] = {{"STM_ATTR_ATOMIC", &Atomic},         {"STM_ATTR_RELAXED", &Relaxed},
              {"STM_ATTR_MAY_CANCEL", &MayCancel},  {"STM_ATTR_READONLY", &ReadOnly},
              {"STM_ATTR_OUTER", &Outer},           {"STM_IRR_INSTRUMENTED", &IrrInstrumented},
              {"STM_IRR_SERIAL", &IrrSerial},       {"STM_CHECKPOINT", &Checkpoint},
              {"STM_CHECKPOINT_ATTR", &CheckpointAttr}};
  for (auto &W : Want)
    if (!macroText(PP, W.Name, *W.Out)) {
      Missing = W.Name;
      return false;
    }
  return true;
}

AccessType CodeText::typeClass(QualType T) const {
  T = T.getCanonicalType().getUnqualifiedType();
  uint64_t Bits = Ctx.getTypeSize(T);
  if (T->isBooleanType() || T->isIntegerType() || T->isEnumeralType()) {
    switch (Bits) {
    case 8: return AccessType::U8;
    case 16: return AccessType::U16;
    case 32: return AccessType::U32;
    case 64: return AccessType::U64;
    case 128: return AccessType::U128;
    default: return AccessType::Bytes;
    }
  }
  if ((T->isPointerType()) && Bits == 64)
    return AccessType::Ptr;
  if (const auto *BT = T->getAs<BuiltinType>()) {
    switch (BT->getKind()) {
    case BuiltinType::Float: return AccessType::Float;
    case BuiltinType::Double: return AccessType::Double;
    case BuiltinType::LongDouble: return AccessType::LDouble;
    default: break;
    }
  }
  return AccessType::Bytes;
}

unsigned CodeText::naturalSize(AccessType K) const {
  switch (K) {
  case AccessType::U8: return 1;
  case AccessType::U16: return 2;
  case AccessType::U32:
  case AccessType::Float: return 4;
  case AccessType::U64:
  case AccessType::Ptr:
  case AccessType::Double: return 8;
  default: return 1; // range barriers take any alignment
  }
}

std::string CodeText::castName(QualType T) const {
  T = T.getUnqualifiedType();
  std::string N = typeName(T, Ctx);
  if (N.empty())
    if (const auto *ET = T.getCanonicalType()->getAs<EnumType>())
      N = typeName(ET->getDecl()->getIntegerType(), Ctx);
  return N;
}

std::string CodeText::declare(QualType T, const std::string &Name,
                              const std::string &Lvalue) const {
  return stmpass::declare(T.getUnqualifiedType(), Name, Ctx, Lvalue);
}

std::string CodeText::convert(QualType T, const std::string &V) const {
  if (T->isScalarType()) {
    std::string N = castName(T);
    if (!N.empty())
      return "(" + N + ")(" + V + ")";
  }
  return "(" + V + ")";
}

static const char *floatName(AccessType K) {
  return K == AccessType::Float ? "float" : K == AccessType::Double ? "double" : "ldouble";
}
static const char *floatType(AccessType K) {
  return K == AccessType::Float ? "float" : K == AccessType::Double ? "double" : "long double";
}
static unsigned widthOf(AccessType K) {
  switch (K) {
  case AccessType::U8: return 8;
  case AccessType::U16: return 16;
  case AccessType::U32: return 32;
  case AccessType::U64: return 64;
  default: return 128;
  }
}

std::string CodeText::load(AccessType K, QualType T, const std::string &Addr,
                           const std::string &Tx, const std::string &Site,
                           const std::string &Lvalue) const {
  std::string Args = Tx + ", ";
  switch (K) {
  case AccessType::U8:
  case AccessType::U16:
  case AccessType::U32:
  case AccessType::U64:
  case AccessType::U128: {
    unsigned W = widthOf(K);
    std::string U = unsignedOfWidth(W, Ctx);
    return "((" + castName(T) + ")stm_load_u" + std::to_string(W) + "(" + Args + "(const " +
           U + " *)(const void *)(" + Addr + "), " + Site + "))";
  }
  case AccessType::Ptr:
    return "((" + castName(T) + ")stm_load_ptr(" + Args + "(void *const *)(const void *)(" +
           Addr + "), " + Site + "))";
  case AccessType::Float:
  case AccessType::Double:
  case AccessType::LDouble:
    return std::string("stm_load_") + floatName(K) + "(" + Args + "(const " + floatType(K) +
           " *)(const void *)(" + Addr + "), " + Site + ")";
  case AccessType::Bytes:
    break;
  }
  std::string V = fresh("__stm_v");
  return "__extension__ ({ " + declare(T, V, Lvalue) + "; stm_read_bytes(" + Args + "&" + V +
         ", (const void *)(" + Addr + "), sizeof " + V + ", " + Site + "); " + V + "; })";
}

std::string CodeText::store(AccessType K, QualType T, const std::string &Addr,
                            const std::string &Value, const std::string &Tx,
                            const std::string &Site, const std::string &Lvalue) const {
  std::string Args = Tx + ", ";
  switch (K) {
  case AccessType::U8:
  case AccessType::U16:
  case AccessType::U32:
  case AccessType::U64:
  case AccessType::U128: {
    unsigned W = widthOf(K);
    std::string U = unsignedOfWidth(W, Ctx);
    return "stm_store_u" + std::to_string(W) + "(" + Args + "(" + U + " *)(void *)(" + Addr +
           "), (" + U + ")" + convert(T, Value) + ", " + Site + ")";
  }
  case AccessType::Ptr:
    return "stm_store_ptr(" + Args + "(void **)(void *)(" + Addr + "), (void *)" +
           convert(T, Value) + ", " + Site + ")";
  case AccessType::Float:
  case AccessType::Double:
  case AccessType::LDouble:
    return std::string("stm_store_") + floatName(K) + "(" + Args + "(" + floatType(K) +
           " *)(void *)(" + Addr + "), (" + floatType(K) + ")(" + Value + "), " + Site + ")";
  case AccessType::Bytes:
    break;
  }
  std::string V = fresh("__stm_w");
  return "__extension__ ({ " + declare(T, V, Lvalue) + " = " + convert(T, Value) +
         "; stm_write_bytes(" + Args + "(void *)(" + Addr + "), &" + V + ", sizeof " + V +
         ", " + Site + "); })";
}

std::string CodeText::bitAddress(const BitField &B, const std::string &Rec) const {
  return "(char *)(void *)(" + Rec + ") + " + std::to_string(B.ByteOffset);
}

std::string CodeText::bitLoad(const BitField &B, QualType T, const std::string &Ptr,
                              const std::string &Tx, const std::string &Site) const {
  return "((" + castName(T) + ")__stm_bf_load(" + Tx + ", " + Ptr + ", " +
         std::to_string(B.Bytes) + ", " + std::to_string(B.Shift) + ", " +
         std::to_string(B.Width) + ", " + (B.Signed ? "1" : "0") + ", " + Site + "))";
}

std::string CodeText::bitStore(const BitField &B, QualType T, const std::string &Ptr,
                               const std::string &Value, const std::string &Tx,
                               const std::string &Site) const {
  return "__stm_bf_store(" + Tx + ", " + Ptr + ", " + std::to_string(B.Bytes) + ", " +
         std::to_string(B.Shift) + ", " + std::to_string(B.Width) + ", (__stm_bits_t)" +
         convert(T, Value) + ", " + Site + ")";
}

// glibc's jmp_buf on x86-64 is 200 bytes, 8-aligned (the platform
// docs/DESIGN.md supports); the runtime longjmps to it.  The declaration
// of _setjmp matches <setjmp.h>'s, which may follow.
std::string CodeText::checkpointDeclarations() {
  return "typedef struct { __attribute__((__aligned__(16))) unsigned char __b[200]; } "
         "__stm_jmp_buf_t;\n"
         "extern int _setjmp(struct __jmp_buf_tag *) "
         "__attribute__((__nothrow__, __returns_twice__));\n";
}

// Logs an object's own bytes (an escaping compound literal) and returns it.
std::string CodeText::loggedHelper() {
  return "static __inline__ __attribute__((__always_inline__, __unused__)) void *\n"
         "__stm_logged(stm_tx_t *tx, void *p, __typeof__(sizeof 0) n, const stm_site_t *s) {\n"
         "  stm_write_bytes(tx, p, p, n, s);\n"
         "  return p;\n"
         "}\n";
}

std::string CodeText::cloneCallHelper(const AbiConstants &Abi) {
  return "static __inline__ __attribute__((__always_inline__, __unused__)) void *\n"
         "__stm_clone_or_serial(stm_tx_t *tx, void *fn, int may_cancel, const stm_site_t *s) {\n"
         "  void *clone = stm_clone_lookup(tx, fn, s);\n"
         "  if (clone)\n"
         "    return clone;\n"
         "  if (may_cancel)\n"
         "    stm_fatal_site(s, \"call through a pointer to a function without a transactional "
         "clone, in a transaction that may be cancelled\");\n"
         "  stm_become_irrevocable(tx, " + Abi.IrrSerial + ", s);\n"
         "  return fn;\n"
         "}\n";
}

// Bit-fields are read and written as the bytes that hold them, never more
// (adjacent members keep their bytes).  C89-clean, in a system-header
// region of the output.
std::string CodeText::bitFieldHelpers() {
  return R"(__extension__ typedef unsigned long long __stm_bits_t;
static __inline__ __attribute__((__always_inline__, __unused__)) __stm_bits_t
__stm_bf_load(stm_tx_t *tx, const void *p, unsigned n, unsigned sh, unsigned w, int sgn,
              const stm_site_t *s) {
  unsigned char b[9];
  stm_u128_t x = 0;
  __stm_bits_t v;
  unsigned i;
  stm_read_bytes(tx, b, p, n, s);
  for (i = 0; i < n; i++)
    x |= (stm_u128_t)b[i] << (8 * i);
  v = (__stm_bits_t)(x >> sh);
  if (w < 64) {
    v &= ((__stm_bits_t)1 << w) - 1;
    if (sgn && ((v >> (w - 1)) & 1))
      v |= ~(__stm_bits_t)0 << w;
  }
  return v;
}
static __inline__ __attribute__((__always_inline__, __unused__)) void
__stm_bf_store(stm_tx_t *tx, void *p, unsigned n, unsigned sh, unsigned w, __stm_bits_t v,
               const stm_site_t *s) {
  unsigned char b[9];
  stm_u128_t x = 0, m;
  unsigned i;
  stm_read_bytes(tx, b, p, n, s);
  for (i = 0; i < n; i++)
    x |= (stm_u128_t)b[i] << (8 * i);
  m = (w < 64 ? (((stm_u128_t)1 << w) - 1) : (stm_u128_t)~(__stm_bits_t)0) << sh;
  x = (x & ~m) | (((stm_u128_t)v << sh) & m);
  for (i = 0; i < n; i++)
    b[i] = (unsigned char)(x >> (8 * i));
  stm_write_bytes(tx, p, b, n, s);
}
)";
}

} // namespace stmpass
