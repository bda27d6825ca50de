/* Helpers for the plugin tests: fail loudly on a wrong value. */
#ifndef STMPASS_TEST_CHECK_H
#define STMPASS_TEST_CHECK_H
#include <stdio.h>
#include <stdlib.h>

#define CHECK_EQ(got, want)                                                    \
  do {                                                                         \
    long long got_ = (long long)(got), want_ = (long long)(want);              \
    if (got_ != want_) {                                                       \
      fprintf(stderr, "%s:%d: %s = %lld, expected %lld\n", __FILE__, __LINE__, \
              #got, got_, want_);                                              \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

#endif
