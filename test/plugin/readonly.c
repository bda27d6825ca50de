// STM_ATTR_READONLY (0x8) exactly for blocks that never write shared
// memory, nested blocks included; writes to private locals do not count;
// a call to a clone counts as a write.
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
int g, h;
int *p;

int reads_g(void) { return g; }
int writes_h(void) { return h = 1; }

int f(void) {
  int local = 0, i;
  // CHECK: stm_begin(__stm_tx_0, (stm_jmp_t)(void *)&__stm_jb_0, (0x1u)|(0x8u)|(0x40u),
  __transaction_atomic {
    for (i = 0; i < 3; i++)
      local += g + *p;
  }
  // CHECK: stm_begin(__stm_tx_1, (stm_jmp_t)(void *)&__stm_jb_1, (0x1u)|(0x40u),
  __transaction_atomic { h = local; }
  // CHECK: stm_begin(__stm_tx_2, (stm_jmp_t)(void *)&__stm_jb_2, (0x1u)|(0x40u),
  __transaction_atomic {
    local = g;
    // CHECK: stm_begin(__stm_tx_3, (stm_jmp_t)(void *)&__stm_jb_3, (0x1u)|(0x40u),
    __transaction_atomic { *p = 1; }
  }
  // CHECK: stm_begin(__stm_tx_4, (stm_jmp_t)(void *)&__stm_jb_4, (0x2u)|(0x8u)|(0x40u),
  __transaction_relaxed { local = h; }
  // A pointer store.
  // CHECK: stm_begin(__stm_tx_5, (stm_jmp_t)(void *)&__stm_jb_5, (0x1u)|(0x40u),
  __transaction_atomic { p = 0; }
  // A call may write (this file's clone, or another file's): not read-only.
  // CHECK: stm_begin(__stm_tx_6, (stm_jmp_t)(void *)&__stm_jb_6, (0x1u)|(0x40u),
  __transaction_atomic { local += writes_h(); }
  // CHECK: stm_begin(__stm_tx_7, (stm_jmp_t)(void *)&__stm_jb_7, (0x1u)|(0x40u),
  __transaction_atomic { local += reads_g(); }
  return local;
}
