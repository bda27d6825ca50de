/* User functions whose names are also libc's (user-names.c): transaction_safe,
   so this file's compilation made their clones. */
long log_count, trap_count;
__attribute__((transaction_safe)) void log(const char *msg, long n);
__attribute__((transaction_safe)) int index(const long *arr, int n, long key);
__attribute__((transaction_safe)) void trap(void);
void log(const char *msg, long n) { (void)msg; log_count += n; }
int index(const long *arr, int n, long key) {
  int i;
  for (i = 0; i < n; i++)
    if (arr[i] == key)
      return i;
  return -1;
}
void trap(void) { trap_count++; }
