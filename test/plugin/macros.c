// Transactions that come out of macro expansions and headers; sites and
// diagnostics name the user's file and line.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/tx-inline.h"
#include "Inputs/check.h"

long hdr_total, a, b;
#define KW __transaction_atomic

int main(void) {
  long r;
  TM_BEGIN()
    a += 2;
  TM_END()
  TM_ATOMIC_ADD(b, 5);
  hdr_add(7);
  KW { a++; }
  r = TM_READ(a + b);
  CHECK_EQ(a, 3);
  CHECK_EQ(b, 5);
  CHECK_EQ(hdr_total, 7);
  CHECK_EQ(r, 8);
  return 0;
}
// CHECK: static const stm_site_t __stm_sites
// The header's transaction, at its own line.
// CHECK-DAG: {"{{.*}}Inputs{{/|\\\\}}tx-inline.h", 11, 3, STM_SITE_BEGIN, "__transaction_atomic", "hdr_add"},
// Macro expansions: the site is where the macro is used; the text is the
// argument as written.
// CHECK-DAG: {"{{.*}}macros.c", 14, 3, STM_SITE_BEGIN, "__transaction_atomic", "main"},
// CHECK-DAG: {"{{.*}}macros.c", 15, 5, STM_SITE_READ, "a", "main"},
// CHECK-DAG: {"{{.*}}macros.c", 17, 3, STM_SITE_BEGIN, "__transaction_atomic", "main"},
// CHECK-DAG: {"{{.*}}macros.c", 17, 3, STM_SITE_WRITE, "b", "main"},
// CHECK-DAG: {"{{.*}}macros.c", 20, 7, STM_SITE_READ, "a", "main"},
// CHECK-DAG: {"{{.*}}macros.c", 20, 7, STM_SITE_READ, "b", "main"},
// CHECK-DAG: {"{{.*}}macros.c", 19, 3, STM_SITE_BEGIN, "__transaction_atomic", "main"},
// CHECK-DAG: {"{{.*}}macros.c", 20, 7, STM_SITE_BEGIN, "__transaction_atomic", "main"},
