/* fail.h - how a benchmark's self-check reports a broken invariant. */
#ifndef BENCH_FAIL_H
#define BENCH_FAIL_H

#include <stddef.h>

/* Format the reason into msg; returns 1 (failed). */
int bench_fail(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* BENCH_FAIL_H */
