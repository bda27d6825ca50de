// Text of the generated code: barrier calls by C type, and the constants
// of stm/abi.h.  No AST walking here: callers pass the rewritten text of
// the operands.
#ifndef STMPASS_TXCODEGEN_H
#define STMPASS_TXCODEGEN_H

#include "clang/AST/Type.h"

#include <string>

namespace clang {
class ASTContext;
class Preprocessor;
} // namespace clang

namespace stmpass {

// Values of the STM_ATTR_* and STM_IRR_* macros, read from the runtime
// header the nested pass included (the rewritten text has no macros).
struct AbiConstants {
  std::string Atomic, Relaxed, MayCancel, ReadOnly, Outer, IrrInstrumented, IrrSerial;
  // The setjmp that takes checkpoints and the attribute bit that says so
  // (stm_setjmp, or _setjmp under TSan: the header decides).
  std::string Checkpoint, CheckpointAttr;
  // False (Missing names the macro) if the header lacks one.
  bool load(clang::Preprocessor &PP, std::string &Missing);
};

// How a value of a given C type is moved through the barriers.
enum class AccessType { U8, U16, U32, U64, U128, Ptr, Float, Double, LDouble, Bytes };

struct BitField {
  bool Valid = false;
  unsigned ByteOffset = 0, Bytes = 0, Shift = 0, Width = 0;
  bool Signed = false;
};

class CodeText {
public:
  explicit CodeText(const clang::ASTContext &Ctx) : Ctx(Ctx) {}

  AccessType typeClass(clang::QualType T) const;
  unsigned naturalSize(AccessType K) const;

  // `T Name` (with a __typeof__ of Lvalue when T has no name).
  std::string declare(clang::QualType T, const std::string &Name,
                      const std::string &Lvalue) const;
  // The value converted to T: "(T)(V)" for scalars, "(V)" otherwise.
  std::string convert(clang::QualType T, const std::string &V) const;

  // A load / store of the object at address Addr (text of a pointer).
  std::string load(AccessType K, clang::QualType T, const std::string &Addr,
                   const std::string &Tx, const std::string &Site,
                   const std::string &Lvalue) const;
  std::string store(AccessType K, clang::QualType T, const std::string &Addr,
                    const std::string &Value, const std::string &Tx, const std::string &Site,
                    const std::string &Lvalue) const;

  std::string bitLoad(const BitField &B, clang::QualType T, const std::string &Ptr,
                      const std::string &Tx, const std::string &Site) const;
  std::string bitStore(const BitField &B, clang::QualType T, const std::string &Ptr,
                       const std::string &Value, const std::string &Tx,
                       const std::string &Site) const;
  // "(char *)(void *)(Rec) + N": the first byte of a bit-field.
  std::string bitAddress(const BitField &B, const std::string &Rec) const;

  // File-scope definitions used by bitLoad/bitStore.
  static std::string bitFieldHelpers();
  // The checkpoint's storage and _setjmp, without <setjmp.h> (which would
  // run <features.h> before the user's feature macros, like <stdint.h>).
  static std::string checkpointDeclarations();
  // __stm_clone_or_serial: the clone to call through a pointer.
  static std::string loggedHelper();
  static std::string cloneCallHelper(const AbiConstants &Abi);

  // A name no other generated temporary uses (-Wshadow stays quiet).
  std::string fresh(const char *Stem) const { return Stem + std::to_string(Counter++); }

private:
  std::string castName(clang::QualType T) const;
  const clang::ASTContext &Ctx;
  mutable unsigned Counter = 0;
};

} // namespace stmpass

#endif
