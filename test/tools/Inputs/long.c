/* Preprocessed by stmcc-response-files.test. */
weird: WEIRD
last: M19999
