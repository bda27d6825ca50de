/* Threads call a transactional shared library; the sum must stay 0. */
#include <pthread.h>
#include <stdio.h>

void bank_transfer(int from, int to, long amount);
long bank_balance(void);

enum { THREADS = 4, TRANSFERS = 10000 };

static void *worker(void *arg) {
  int id = (int)(long)arg;
  for (int i = 0; i < TRANSFERS; i++)
    bank_transfer((id + i) % 4, (id + 2 * i + 1) % 4, i % 7 + 1);
  return NULL;
}

int main(void) {
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  long balance = bank_balance();
  printf("bank: balance %ld after %d transfers\n", balance, THREADS * TRANSFERS);
  return balance != 0;
}
