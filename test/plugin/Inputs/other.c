/* A second translation unit for multi-input compiles. */
long other_total;
void other_add(long v) { __transaction_atomic { other_total += v; } }
