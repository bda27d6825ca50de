/* A header with a transaction in an inline function and transaction macros
   in the style of STAMP's tm.h. */
#ifndef TX_INLINE_H
#define TX_INLINE_H
#define TM_BEGIN() __transaction_atomic {
#define TM_END() }
#define TM_ATOMIC_ADD(x, v) __transaction_atomic { (x) += (v); }
#define TM_READ(x) __transaction_atomic (x)
extern long hdr_total;
static inline void hdr_add(long v) {
  __transaction_atomic { hdr_total += v; }
}
#endif
