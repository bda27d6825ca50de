/* A shared library whose functions run transactions. */
static long accounts[4];

void bank_transfer(int from, int to, long amount) {
  __transaction_atomic {
    accounts[from] -= amount;
    accounts[to] += amount;
  }
}

long bank_balance(void) {
  long sum = 0;
  __transaction_atomic {
    for (int i = 0; i < 4; i++)
      sum += accounts[i];
  }
  return sum;
}
