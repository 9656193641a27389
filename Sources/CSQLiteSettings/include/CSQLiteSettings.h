// SQLite's process-wide settings, which its C API takes through `sqlite3_config`, a variadic
// function Swift cannot call.

// Stops SQLite counting each allocation for `sqlite3_memory_used`: it counts behind a
// process-wide mutex, taken twice for every malloc and free, which was over a tenth of the
// generator's writing thread (perf). Nothing in Casebench reads the counts. Takes effect only
// before SQLite's first connection in the process; after that SQLite refuses it and keeps
// counting. SQLite's result code.
int cb_sqlite_stop_counting_memory(void);
