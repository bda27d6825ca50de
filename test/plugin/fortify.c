// At -D_FORTIFY_SOURCE=2/3, glibc's checked string functions keep their
// object-size check inside transactions (stm_X_chk): an overflow stops the
// program with the call's location, as glibc's own check would; calls that
// fit run normally.
// RUN: %clang %stm_plugin -O2 -D_FORTIFY_SOURCE=2 %s -o %t %stm_ldflags
// RUN: %t ok | FileCheck %s --check-prefix=OK
// RUN: not %t strcpy 2>&1 | FileCheck %s --check-prefix=STRCPY
// RUN: not %t strcat 2>&1 | FileCheck %s --check-prefix=STRCAT
// RUN: not %t memcpy 2>&1 | FileCheck %s --check-prefix=MEMCPY
// RUN: not %t strncpy 2>&1 | FileCheck %s --check-prefix=STRNCPY
// RUN: not %t builtin 2>&1 | FileCheck %s --check-prefix=BUILTIN
// RUN: %clang %stm_plugin -O2 -D_FORTIFY_SOURCE=3 %s -o %t3 %stm_ldflags
// RUN: %t3 ok | FileCheck %s --check-prefix=OK
// RUN: not %t3 strcpy 2>&1 | FileCheck %s --check-prefix=STRCPY
// RUN: not %t3 memcpy 2>&1 | FileCheck %s --check-prefix=MEMCPY
// OK: fits
#include <stdio.h>
#include <string.h>

char small[8];
struct { char a[4]; char b[12]; } st;
size_t n = 20;

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "ok";
  const char *src = "0123456789";
  static const char big[32] = "0123456789abcdefghijklmnopqrstu";
  __transaction_atomic {
    if (strcmp(what, "ok") == 0) {
      strcpy(small, "1234567");
      strcat(small, "");
      memcpy(st.a, big, 16); // type 0 for memcpy: the rest of the struct
      strncpy(st.b, src, 12);
    }
    // STRCPY: fortify.c:[[@LINE+1]]:{{[0-9]+}}: buffer overflow detected (_FORTIFY_SOURCE): strcpy writes 11 bytes into an object of 8
    if (strcmp(what, "strcpy") == 0) strcpy(small, src);
    // STRCAT: fortify.c:[[@LINE+1]]:{{[0-9]+}}: buffer overflow detected (_FORTIFY_SOURCE): strcat writes 9 bytes into an object of 8
    if (strcmp(what, "strcat") == 0) { strcpy(small, "1234"); strcat(small, "abcd"); }
    // MEMCPY: fortify.c:[[@LINE+1]]:{{[0-9]+}}: buffer overflow detected (_FORTIFY_SOURCE): memcpy writes 20 bytes into an object of 16
    if (strcmp(what, "memcpy") == 0) memcpy(st.a, big, n);
    // STRNCPY: fortify.c:[[@LINE+1]]:{{[0-9]+}}: buffer overflow detected (_FORTIFY_SOURCE): strncpy writes 20 bytes into an object of 12
    if (strcmp(what, "strncpy") == 0) strncpy(st.b, src, n);
    // BUILTIN: fortify.c:[[@LINE+1]]:{{[0-9]+}}: buffer overflow detected (_FORTIFY_SOURCE): stpcpy writes 11 bytes into an object of 4
    if (strcmp(what, "builtin") == 0) __builtin___stpcpy_chk(st.a, src, __builtin_object_size(st.a, 1));
  }
  if (strcmp(small, "1234567") != 0 || memcmp(st.a, "0123", 4) != 0 ||
      strcmp(st.b, "0123456789") != 0)
    return 1;
  puts("fits");
  return 0;
}
