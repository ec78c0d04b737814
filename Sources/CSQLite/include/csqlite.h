#ifndef DEADBOLT_CSQLITE_H
#define DEADBOLT_CSQLITE_H

#include <sqlite3.h>

/// Leaves the write-ahead log in place when the last connection closes, instead of folding it
/// into the database file there and then (sqlite3_db_config is variadic, which Swift cannot call).
/// Returns SQLITE_OK, or the error sqlite3_db_config gave.
int deadbolt_sqlite_keep_log_at_close(sqlite3 *db);

/// sqlite3_bind_text with SQLITE_TRANSIENT (SQLite copies the bytes), which Swift cannot spell.
int deadbolt_sqlite_bind_text(sqlite3_stmt *statement, int index, const char *text, int length);

#endif
