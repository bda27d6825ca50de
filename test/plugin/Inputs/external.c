/* Functions the tests call but whose bodies the compiler does not see. */
extern volatile int vol;
void external_thing(void);
void external_thing(void) { vol++; }
