// libpq, PostgreSQL's own client library (Debian: libpq-dev to build, libpq5 to run). Its header
// lives in a folder of its own, which this path names so that no pkg-config is needed.
#include <postgresql/libpq-fe.h>

// The program is not linked to libpq: `loader.c` opens it at the first PostgreSQL connection,
// so a desk on SQLite never maps it and the twenty libraries it brings (TLS, Kerberos, LDAP).
// 1 when libpq is loaded; else 0, with why in `why` (dlerror's words).
int cb_pq_load(const char **why);

// The error field codes are character constants, which Swift does not import.
static inline char *cb_pq_sqlstate(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_SQLSTATE);
}
static inline char *cb_pq_primary_message(const PGresult *result) {
    return PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
}

// Notices (a NOTICE from the server, a warning) go to stderr by default, over the screen: this
// processor drops them.
static inline void cb_pq_ignore_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}
static inline void cb_pq_silence_notices(PGconn *connection) {
    PQsetNoticeProcessor(connection, cb_pq_ignore_notice, NULL);
}
