// libpq opened when a PostgreSQL desk is first connected to, not when the program starts.
//
// Linked to libpq, every run mapped it and the 21 libraries it needs (TLS, Kerberos, LDAP,
// 4.9 MiB of a SQLite desk's 41 MiB at its peak). Here each libpq function the program calls is
// defined under its own name and passes the call on to libpq's, found once with dlsym; Swift
// calls them as it would call libpq. `cb_pq_load` says whether libpq could be loaded, and
// `PostgresConnection` asks it before it connects, so a machine without libpq5 gets a message
// naming the library rather than a program that will not start.
#include "shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Every libpq function the program calls: its result, name, parameters and arguments. The
// compiler checks each against libpq-fe.h's own declaration.
#define CB_PQ_FUNCTIONS(X, V)                                                                          \
    X(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))                                       \
    X(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values,            \
                                    int expand_dbname), (keywords, values, expand_dbname))            \
    V(PQfinish, (PGconn *conn), (conn))                                                                \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                          \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                            \
    X(int, PQsocket, (const PGconn *conn), (conn))                                                     \
    X(int, PQbackendPID, (const PGconn *conn), (conn))                                                 \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg),     \
      (conn, proc, arg))                                                                               \
    X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))                           \
    X(PGresult *, PQexecParams, (PGconn *conn, const char *command, int nParams,                      \
                                 const Oid *paramTypes, const char *const *paramValues,                \
                                 const int *paramLengths, const int *paramFormats, int resultFormat), \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))    \
    X(PGresult *, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams,     \
                              const Oid *paramTypes), (conn, stmtName, query, nParams, paramTypes))   \
    X(PGresult *, PQexecPrepared, (PGconn *conn, const char *stmtName, int nParams,                   \
                                   const char *const *paramValues, const int *paramLengths,            \
                                   const int *paramFormats, int resultFormat),                         \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))               \
    X(int, PQsendQueryParams, (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, \
                               const char *const *paramValues, const int *paramLengths,                \
                               const int *paramFormats, int resultFormat),                             \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))    \
    X(int, PQsendQueryPrepared, (PGconn *conn, const char *stmtName, int nParams,                     \
                                 const char *const *paramValues, const int *paramLengths,              \
                                 const int *paramFormats, int resultFormat),                           \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))               \
    X(PGresult *, PQgetResult, (PGconn *conn), (conn))                                                 \
    X(int, PQenterPipelineMode, (PGconn *conn), (conn))                                                \
    X(int, PQexitPipelineMode, (PGconn *conn), (conn))                                                 \
    X(int, PQpipelineSync, (PGconn *conn), (conn))                                                     \
    X(int, PQconsumeInput, (PGconn *conn), (conn))                                                     \
    X(PGnotify *, PQnotifies, (PGconn *conn), (conn))                                                  \
    X(int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes), (conn, buffer, nbytes))     \
    X(int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg))                      \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                    \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res))                                      \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))             \
    X(int, PQntuples, (const PGresult *res), (res))                                                    \
    X(int, PQnfields, (const PGresult *res), (res))                                                    \
    X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))                        \
    X(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))                           \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(char *, PQcmdTuples, (PGresult *res), (res))                                                     \
    X(char *, PQescapeIdentifier, (PGconn *conn, const char *str, size_t len), (conn, str, len))      \
    V(PQclear, (PGresult *res), (res))                                                                 \
    V(PQfreemem, (void *ptr), (ptr))

// libpq's own functions, found once.
#define CB_FIELD(result, name, parameters, arguments) result(*name) parameters;
#define CB_VOID_FIELD(name, parameters, arguments) void(*name) parameters;
static struct {
    CB_PQ_FUNCTIONS(CB_FIELD, CB_VOID_FIELD)
} libpq;

static pthread_once_t loading = PTHREAD_ONCE_INIT;
static char failure[512];

static void *find(void *library, const char *name) {
    void *found = dlsym(library, name);
    if (!found && !failure[0]) snprintf(failure, sizeof failure, "libpq.so.5 has no %s", name);
    return found;
}

static void load(void) {
    // libpq 5 is the client library's interface since PostgreSQL 8.0 (Debian: libpq5). Its
    // names stay local: the program's own definitions below keep theirs.
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *why = dlerror();
        snprintf(failure, sizeof failure, "%s", why ? why : "libpq.so.5 cannot be loaded");
        return;
    }
#define CB_FIND(result, name, parameters, arguments) libpq.name = (result(*) parameters)find(library, #name);
#define CB_VOID_FIND(name, parameters, arguments) libpq.name = (void(*) parameters)find(library, #name);
    CB_PQ_FUNCTIONS(CB_FIND, CB_VOID_FIND)
}

int cb_pq_load(const char **why) {
    pthread_once(&loading, load);
    if (failure[0]) {
        *why = failure;
        return 0;
    }
    return 1;
}

// Every call comes after `PostgresConnection` has asked `cb_pq_load`: one that comes without
// libpq has no result to give, and stops the program saying why.
static void need_libpq(void) {
    const char *why;
    if (!cb_pq_load(&why)) {
        fprintf(stderr, "casebench: PostgreSQL's client library: %s\n", why);
        abort();
    }
}

#define CB_PASS(result, name, parameters, arguments)                                                   \
    result name parameters {                                                                           \
        need_libpq();                                                                                  \
        return libpq.name arguments;                                                                   \
    }
#define CB_VOID_PASS(name, parameters, arguments)                                                      \
    void name parameters {                                                                             \
        need_libpq();                                                                                  \
        libpq.name arguments;                                                                          \
    }
CB_PQ_FUNCTIONS(CB_PASS, CB_VOID_PASS)
