// Adversarial cases for reused loads: a second read of *p or p->f after a
// write through another name (array element, struct copy, union of another
// width, memset, memcpy, a clone, a function pointer, a nested block, a
// cancelled nested block), across loop back-edges, goto, switch
// fallthrough, &&, || and ?:, comma operators and statement expressions.
// The output is the one the program gives compiled without transactions.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags
// RUN: %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: 9 123 3003 5 5050 11 2132 2131 3182 7 55 5009 91299 2110902 16 23 12
// (Built with -DPLAIN and without the plugin, it gives that output too.)
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#ifdef PLAIN
#define TX
#define PURE
#else
#define TX __transaction_atomic
#define PURE __attribute__((transaction_pure))
#endif
struct P { int a, b; long l; };
union U { int i; short s[2]; long l; };
struct B { unsigned x : 4, y : 4; };
int garr[8];
struct P gs;
int out[64];
int k;
void clonew(int *q) __attribute__((transaction_safe));
void clonew(int *q) { *q += 100; }
void (*fp)(int *) = clonew;
static int cnt;
void bump(int *q) { *q += 1000; }
int main(int argc, char **argv) {
  (void)argv;
  int n = argc + 2; /* 3 */
  int *p = &garr[0];
  struct P *s = &gs;
  TX {
    /* loop back-edge, memory changes through alias */
    int sum = 0;
    for (int i = 0; i < n; i++) { sum += *p; garr[0] += 1; sum += *p; }
    out[k++] = sum;
    /* pointer changes in loop */
    int *pp = &garr[1];
    garr[1] = 1; garr[2] = 2; garr[3] = 3;
    sum = 0;
    for (int i = 0; i < 3; i++) { sum = sum * 10 + *pp; pp++; }
    out[k++] = sum;
    /* goto */
    int x = *p, y;
    if (n == 3) goto L1;
    garr[0] = 77;
  L1:
    y = *p;
    out[k++] = x * 1000 + y;
    /* goto backwards with write */
    int it = 0;
  L2:
    x = *p;
    if (it++ < 2) { garr[0] = x + 1; goto L2; }
    out[k++] = x;
    /* switch fallthrough */
    x = *p;
    switch (n) {
    case 3: garr[0] = 50;
    case 4: y = *p; break;
    default: y = 0;
    }
    out[k++] = x * 1000 + y;
    /* && || ?: */
    x = s->a;
    if ((n == 3 && (gs.a = 11)) || (gs.a = 12)) {}
    out[k++] = x * 100 + s->a;
    x = s->a;
    y = n == 3 ? (gs.a = 21) : 0;
    out[k++] = s->a * 100 + x + y;
    x = s->a, gs.a = 31, y = s->a;
    out[k++] = x * 100 + y;
    /* statement expression */
    x = s->a;
    y = ({ gs.a = 41; s->a; });
    out[k++] = x * 100 + y + s->a;
    /* different width write through alias: union */
    union U *u = (union U *)&gs.l;
    gs.l = 0;
    x = u->i;
    ((union U *)&gs.l)->s[0] = 7;
    y = u->i;
    out[k++] = x * 100 + y;
    /* struct copy */
    x = s->b;
    struct P t = gs; t.b = 55; gs = t;
    out[k++] = x * 100 + s->b;
    /* memcpy/memset */
    x = *p;
    memset(garr, 0, sizeof(int));
    y = *p;
    int v9 = 9;
    memcpy(&garr[0], &v9, sizeof v9);
    out[k++] = x * 100 + y * 10 + *p;
    /* clone, function pointer */
    x = *p;
    clonew(p);
    y = *p;
    fp(p);
    out[k++] = x * 10000 + y * 10 + *p;
    /* nested block + cancel */
    x = *p;
#ifndef PLAIN
    __transaction_atomic { garr[0] = 1; __transaction_cancel; }
#endif
    y = *p;
    TX { garr[0] = 2; }
    out[k++] = x * 10000 + y * 100 + *p;
    /* array element alias */
    int *q2 = &garr[5];
    garr[5] = 1;
    x = *q2;
    garr[n + 2] = 6;
    y = *q2;
    out[k++] = x * 10 + y;
    /* do while */
    garr[6] = 0;
    int *q6 = &garr[6];
    do { x = *q6; garr[6]++; } while (*q6 < 3);
    out[k++] = x * 10 + *q6;
    /* comma in for increment */
    sum = 0;
    for (int i = 0; i < 3; garr[6]++, i++) sum += *q6;
    out[k++] = sum;
  }
  for (int i = 0; i < k; i++) printf("%d ", out[i]);
  printf("\n");
  return 0;
}
