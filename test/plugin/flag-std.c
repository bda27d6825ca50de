/* Every dialect, -pedantic-errors -Wall -Wextra -Wshadow -Werror: the
   generated code adds no diagnostic.  (C89: no // comments here.)
   RUN: %clang %stm_plugin -std=c89 -pedantic-errors -Wall -Wextra -Wshadow -Werror -c %s -o %t.1.o
   RUN: %clang %stm_plugin -std=gnu89 -pedantic-errors -Wall -Wextra -Wshadow -Werror -c %s -o %t.2.o
   RUN: %clang %stm_plugin -std=c99 -pedantic-errors -Wall -Wextra -Wshadow -Werror -c %s -o %t.3.o
   RUN: %clang %stm_plugin -std=c11 -pedantic-errors -Wall -Wextra -Wshadow -Werror -c %s -o %t.4.o
   RUN: %clang %stm_plugin -std=gnu17 -pedantic-errors -Wall -Wextra -Wshadow -Werror -c %s -o %t.5.o
   RUN: %clang %stm_plugin -std=c89 -pedantic-errors -Wall -Wextra -Wshadow -Werror %s -o %t %stm_ldflags
   RUN: %t
*/
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

struct pt { int x, y; };
struct bits { unsigned a : 3; int b : 5; };
struct pt gpt, gpt2;
struct bits gbits;
int g, arr[4];
double gd;
char *gs;

static int work(int n) {
  int i, local = 0;
  __transaction_atomic {
    for (i = 0; i < n; i++) {
      if (i == 3)
        break;
      arr[i] += i;
      local += arr[i];
    }
    gpt2 = gpt;
    gbits.a++;
    gbits.b = -2;
    gd *= 1.5;
    if (local > 100)
      __transaction_cancel;
    if (local < 0)
      return -1;
    g = local;
  }
  __transaction_relaxed {
    g++;
    printf("g=%d\n", g);
  }
  __transaction_atomic [[outer]] {
    g++;
  }
  return g + __transaction_atomic (arr[1] + gpt.x);
}

int main(void) {
  char *s = strdup("x"); /* _GNU_SOURCE took effect: strdup is declared */
  int r;
  gd = 2.0;
  r = work(5);
  free(s);
  return r == 6 ? 0 : 1;
}
