// Read-own-write, case by case: a transaction reads back what it wrote,
// merged byte for byte with memory it did not write: sub-word after word,
// word after sub-word, partial overlaps, range after typed, typed after
// range, memset/memcpy/memmove results, the last of many overlapping
// writes, and values written in a parent block read in a nested one.
// RUN: %rtcc %s -o %t %stm_ldflags && %t | FileCheck %s
// RUN: env STM_INJECT_ABORTS=20 %t | FileCheck %s
// CHECK: all cases ok
#include "Inputs/tx.h"

static union {
  uint64_t w[8];
  uint32_t h[16];
  uint16_t q[32];
  uint8_t b[64];
} m __attribute__((aligned(64)));

static void reset(void) {
  for (int i = 0; i < 64; i++)
    m.b[i] = (uint8_t)(0xa0 + i); /* memory's own bytes: a0 a1 a2 ... */
}

#define CASE(name) for (int once_ = (reset(), 1); once_; once_ = 0, printf("%s ok\n", name))

int main(void) {
  test_watchdog(30);
  CASE("sub-word after word") {
    TX_BEGIN(tx, A_ATOMIC) {
      ST64(tx, &m.w[0], 0x0807060504030201ULL);
      for (int i = 0; i < 8; i++)
        CHECK_EQ(LD8(tx, &m.b[i]), i + 1);
      CHECK_EQ(LD16(tx, &m.q[1]), 0x0403);
      CHECK_EQ(LD32(tx, &m.h[1]), 0x08070605);
    } TX_END(tx);
  }
  CASE("word after sub-word") {
    TX_BEGIN(tx, A_ATOMIC) {
      ST8(tx, &m.b[1], 0x11);
      ST8(tx, &m.b[6], 0x66);
      /* bytes 0, 2-5, 7 come from memory */
      CHECK_EQ(LD64(tx, &m.w[0]), 0xa766a5a4a3a211a0ULL);
      ST16(tx, &m.q[1], 0x3322);
      CHECK_EQ(LD64(tx, &m.w[0]), 0xa766a5a4332211a0ULL);
      CHECK_EQ(LD32(tx, &m.h[0]), 0x332211a0);
    } TX_END(tx);
    CHECK_EQ(m.w[0], 0xa766a5a4332211a0ULL);
  }
  CASE("partial overlaps") {
    TX_BEGIN(tx, A_ATOMIC) {
      ST32(tx, &m.b[10], 0x44332211);  /* bytes 10..13 */
      ST16(tx, &m.b[12], 0x6655);      /* overwrites 12..13 */
      ST8(tx, &m.b[11], 0x77);
      CHECK_EQ(LD64(tx, &m.w[1]), 0xafae66557711a9a8ULL);
      ST64(tx, &m.w[1], 0); /* whole word, then a byte on top */
      ST8(tx, &m.b[15], 0xff);
      CHECK_EQ(LD64(tx, &m.w[1]), 0xff00000000000000ULL);
      CHECK_EQ(LD16(tx, &m.q[7]), 0xff00);
    } TX_END(tx);
    CHECK_EQ(m.w[1], 0xff00000000000000ULL);
  }
  CASE("range after typed") {
    TX_BEGIN(tx, A_ATOMIC) {
      ST64(tx, &m.w[2], 0x1111111111111111ULL);
      ST16(tx, &m.q[13], 0x2222); /* bytes 26..27 */
      unsigned char got[20];
      stm_read_bytes(tx, got, &m.b[14], sizeof got, SR); /* bytes 14..33 */
      static const unsigned char want[20] = {0xae, 0xaf, 0x11, 0x11, 0x11, 0x11, 0x11,
                                             0x11, 0x11, 0x11, 0xb8, 0xb9, 0x22, 0x22,
                                             0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1};
      CHECK(memcmp(got, want, sizeof want) == 0);
    } TX_END(tx);
  }
  CASE("typed after range") {
    TX_BEGIN(tx, A_ATOMIC) {
      stm_write_bytes(tx, &m.b[35], "ABCDEFGHIJKLM", 13, SW); /* 35..47 */
      CHECK_EQ(LD64(tx, &m.w[4]), 0x4544434241c2c1c0ULL);
      CHECK_EQ(LD64(tx, &m.w[5]), 0x4d4c4b4a49484746ULL);
      CHECK_EQ(LD16(tx, &m.q[17]), 0x41c2);
      CHECK_EQ(LD8(tx, &m.b[48]), 0xd0);
    } TX_END(tx);
  }
  CASE("memset memcpy memmove") {
    TX_BEGIN(tx, A_ATOMIC) {
      stm_memset(tx, &m.b[3], 0x15c, 10, SW);    /* 3..12 = 5c */
      ST8(tx, &m.b[5], 0x01);
      stm_memcpy(tx, &m.b[40], &m.b[2], 12, SW); /* 40..51 <- 2..13 */
      CHECK_EQ(LD64(tx, &m.w[5]), 0x5c5c5c5c015c5ca2ULL);
      CHECK_EQ(LD32(tx, &m.h[12]), 0xad5c5c5c);
      stm_memmove(tx, &m.b[41], &m.b[40], 12, SW); /* 41..52 <- 40..51 */
      CHECK_EQ(LD64(tx, &m.w[5]), 0x5c5c5c015c5ca2a2ULL);
      CHECK_EQ(LD64(tx, &m.w[6]), 0xd7d6d5ad5c5c5c5cULL);
    } TX_END(tx);
    CHECK_EQ(m.w[5], 0x5c5c5c015c5ca2a2ULL);
    CHECK_EQ(m.w[6], 0xd7d6d5ad5c5c5c5cULL);
  }
  CASE("last write wins") {
    TX_BEGIN(tx, A_ATOMIC) {
      for (uint64_t i = 0; i < 100; i++) {
        ST64(tx, &m.w[7], i);
        ST8(tx, &m.b[56], (uint8_t)(i + 1));
        ST16(tx, &m.b[57], (uint16_t)(i * 3));
        stm_write_bytes(tx, &m.b[60], &i, 3, SW);
      }
      CHECK_EQ(LD64(tx, &m.w[7]), (uint64_t)99 << 32 | (uint64_t)(99 * 3) << 8 | 100);
    } TX_END(tx);
    CHECK_EQ(m.w[7], (uint64_t)99 << 32 | (uint64_t)(99 * 3) << 8 | 100);
  }
  CASE("nested") {
    TX_BEGIN(tx, A_ATOMIC) {
      ST32(tx, &m.h[0], 0xdeadbeef);
      TX_BEGIN(tx2, A_ATOMIC) {
        CHECK_EQ(LD64(tx2, &m.w[0]), 0xa7a6a5a4deadbeefULL);
        ST8(tx2, &m.b[4], 0);
      } TX_END(tx2);
      TX_BEGIN(tx3, A_CANCEL) {
        CHECK_EQ(LD64(tx3, &m.w[0]), 0xa7a6a500deadbeefULL);
        ST8(tx3, &m.b[5], 0);
        CHECK_EQ(LD64(tx3, &m.w[0]), 0xa7a60000deadbeefULL);
        stm_cancel(tx3, 0, SX);
      } TX_END(tx3);
      CHECK_EQ(LD64(tx, &m.w[0]), 0xa7a6a500deadbeefULL);
    } TX_END(tx);
    CHECK_EQ(m.w[0], 0xa7a6a500deadbeefULL);
  }
  printf("all cases ok\n");
  return 0;
}
