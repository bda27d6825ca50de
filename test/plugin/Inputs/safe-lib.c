/* A "library" file: transaction_safe functions that other files call from
   transactions through their clones (_ZGTt<len><name>). */
struct item { long key; struct item *next; };
__attribute__((transaction_safe)) void lib_push(struct item **head, struct item *it);
__attribute__((transaction_safe)) long lib_sum(struct item *head);
void lib_push(struct item **head, struct item *it) {
  it->next = *head;
  *head = it;
}
long lib_sum(struct item *head) {
  long s = 0;
  for (; head; head = head->next)
    s += head->key;
  return s;
}
