// Compound literals, statement expressions, VLAs (whose size expression is
// evaluated in the transaction), conditional operators, pointer chains,
// multi-dimensional arrays, function pointers, structs returned by value.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

struct node { int val; struct node *next; int arr[3]; };
struct big { double d[4]; char name[8]; };
struct node n1, n2 = {5, 0, {1, 2, 3}}, *head = &n1;
struct big gb;
int grid[3][4], gn = 3, gi = 3;
int *target = &grid[1][1], **pp = &target;
signed char sc = -5;
unsigned char uc = 250;

static int twice(int x) { return 2 * x; }
int (*gfn)(int) = twice;

int main(void) {
  int sum = 0, k, (*f)(int);
  struct node *p;
  n1.next = &n2;
  __transaction_atomic {
    head->next->next = 0;
    head->val = head->next->val + head->next->arr[2];
    grid[gi - 1][gi] = 7;
    **pp += 5;
    sc -= 3;
    uc += 10;
    gb = (struct big){{0.5, 1.5, 2.5, 3.5}, "xyz"};
    gb.d[gi] *= 2;
    sum = ({ int t = gi; t * 10; });
    {
      // CHECK: int vla[((int)stm_load{{m?}}_u32({{.*}}(&(gn))
      int vla[gn];
      int i;
      for (i = 0; i < gn; i++)
        vla[i] = grid[2][3] + i;
      sum += vla[2];
    }
    k = gi > 2 ? head->val : n2.val;
    for (p = head; p; p = p->next)
      sum += p->val;
    gi <<= 2;
    gi = gi ?: 1;
    f = gfn;
  }
  CHECK_EQ(n1.val, 8);
  CHECK_EQ(grid[2][3], 7);
  CHECK_EQ(grid[1][1], 5);
  CHECK_EQ(sc, -8);
  CHECK_EQ(uc, 4);
  CHECK_EQ(gi, 12);
  CHECK_EQ(gb.d[0] == 0.5, 1);
  CHECK_EQ(gb.d[3] == 7, 1);
  CHECK_EQ(gb.name[1], 'y');
  CHECK_EQ(sum, 30 + 9 + 13);
  CHECK_EQ(k, 8);
  CHECK_EQ(f(21), 42);
  return 0;
}
