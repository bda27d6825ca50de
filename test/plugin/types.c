// One barrier per C type class; packed members and bit-fields through the
// range barriers; values checked after the transaction.
// RUN: %clang %stm_plugin -O2 -Wall -Wextra -Werror %s -o %t %stm_ldflags && %t
// RUN: %clang %stm_plugin -O0 %s -o %t0 %stm_ldflags && %t0
// RUN: %clang %stm_plugin -O2 -fplugin-arg-stmpass-emit=%t.stm.c -c %s -o %t.o
// RUN: FileCheck %s --input-file %t.stm.c
#include "Inputs/check.h"

struct pt { int x, y; };
struct bits { unsigned a : 3; int b : 5; unsigned c : 24; _Bool d : 1; unsigned long long e : 60; };
struct __attribute__((packed)) pk { char c; int i; double d; };
union un { int i; float f; };
enum color { RED, GREEN, BLUE };

char gc; short gs; int gi; long gl; unsigned long long gull; _Bool gb;
float gf; double gd; long double gld; __int128 g128;
int *gp; struct pt gpt, gpt2; struct bits gbits; struct pk gpk; union un gun;
enum color gcol; int garr[10]; struct pt gpts[4];

int main(void) {
  __transaction_atomic {
    // CHECK: stm_store_u8({{.*}}(&(gc)), (unsigned char)(char)('a')
    gc = 'a';
    // CHECK: stm_store_u16({{.*}}(&(gs)), (unsigned short)(short)(-3)
    gs = -3;
    // CHECK: stm_store_u32({{.*}}(&(gi)), (unsigned int)(int)(42)
    gi = 42;
    // CHECK: stm_store_u64({{.*}}(&(gl)), (unsigned long)(long)(-7L)
    gl = -7L;
    gull = 1ULL << 40;
    // CHECK: stm_store_u8({{.*}}(&(gb)), (unsigned char)(_Bool)(7)
    gb = 7;
    // CHECK: stm_store_float({{.*}}(float *)(void *)(&(gf)), (float)(1.5f)
    gf = 1.5f;
    // CHECK: stm_store_double({{.*}}(&(gd)), (double)(2.25)
    gd = 2.25;
    // CHECK: stm_store_ldouble({{.*}}(&(gld)), (long double)(3.5L)
    gld = 3.5L;
    // CHECK: stm_store_u128({{.*}}(stm_u128_t *)(void *)(&(g128))
    g128 = (__int128)1 << 100;
    // CHECK: stm_store_ptr({{.*}}(void **)(void *)(&(gp)), (void *)(int *)(&garr[2])
    gp = &garr[2];
    // CHECK: stm_store_u32({{.*}}(&(* ((int *)stm_load{{m?}}_ptr({{.*}}(&(gp))
    *gp = 9;
    // A struct copy goes through the range barriers.
    // CHECK: stm_read_bytes({{.*}}(&(gpt)),
    // CHECK-SAME: stm_write_bytes({{.*}}(&(gpt2)),
    gpt.x = 1; gpt.y = 2; gpt2 = gpt;
    // CHECK: __stm_bf_store({{.*}}(&(gbits)) + 0, 1, 0, 3, (__stm_bits_t)(unsigned int)(5)
    gbits.a = 5;
    gbits.b = -3; gbits.c = 0xabcdef; gbits.d = 1; gbits.e = 0xfffffffffffffffULL;
    // Packed members: not naturally aligned, so bytes.
    // CHECK: stm_write_bytes({{.*}}(&(gpk.i))
    gpk.c = 1; gpk.i = 0x12345678; gpk.d = 4.5;
    gun.f = 1.0f;
    // CHECK: stm_store_u32({{.*}}(&(gcol)), (unsigned int)(enum color)(BLUE)
    gcol = BLUE;
    garr[gi % 10] += 3;
    gpts[1] = gpt2;
    gpts[2].y = gpts[1].x + gpts[1].y;
    ++gi; gi--; gbits.a++; gbits.b -= 2; gbits.e++;
  }
  CHECK_EQ(gc, 'a'); CHECK_EQ(gs, -3); CHECK_EQ(gi, 42); CHECK_EQ(gl, -7);
  CHECK_EQ(gull, 1ULL << 40); CHECK_EQ(gb, 1);
  CHECK_EQ(gf == 1.5f, 1); CHECK_EQ(gd == 2.25, 1); CHECK_EQ(gld == 3.5L, 1);
  CHECK_EQ((int)(g128 >> 100), 1);
  CHECK_EQ(gp == &garr[2], 1); CHECK_EQ(garr[2], 12);
  CHECK_EQ(gpt2.x, 1); CHECK_EQ(gpt2.y, 2);
  CHECK_EQ(gbits.a, 6); CHECK_EQ(gbits.b, -5); CHECK_EQ(gbits.c, 0xabcdef);
  CHECK_EQ(gbits.d, 1); CHECK_EQ(gbits.e, 0);
  CHECK_EQ(gpk.c, 1); CHECK_EQ(gpk.i, 0x12345678); CHECK_EQ(gpk.d == 4.5, 1);
  CHECK_EQ(gun.i, 0x3f800000); CHECK_EQ(gcol, BLUE);
  CHECK_EQ(gpts[1].x, 1); CHECK_EQ(gpts[2].y, 3);
  return 0;
}
