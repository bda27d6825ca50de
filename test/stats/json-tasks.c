// The round trip includes the task pool's line: tasks without a
// transactional clone run serially, and both reports say how many.
//
// RUN: %rtcc %s -o %t %stm_ldflags
// RUN: rm -f %t.json && env STM_THREADS=2 STM_STATS=1,json:%t.json %t 2> %t.txt
// RUN: FileCheck %s < %t.txt
// RUN: %stm_build/bin/stmreport %t.json | diff %t.txt -
// CHECK: stm:   tasks: 50 (50 without a transactional clone, run serially)
#include <stm.h>

#include <stdio.h>

static long sum; /* written only by serial tasks */

static void add(void *arg) { sum += (long)arg; }

int main(void) {
  for (long i = 1; i <= 50; i++)
    stm_add_task(add, (void *)i);
  stm_run_all_tasks();
  return sum == 50 * 51 / 2 ? 0 : 1;
}
