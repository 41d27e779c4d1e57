/* csvfile — how every import reads its CSV file with libcsv: opened, the separator guessed from the
 * header line, the file fed in chunks, a syntax error reported as FILE:ROW, a file that is not UTF-8
 * refused with one message. Its own flags: no import includes <csv.h>. */
#ifndef LOA_CSVFILE_H
#define LOA_CSVFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum csvfile_flags {
    CSVFILE_APPEND_NULL = 1,                    /* every field NUL-terminated */
    CSVFILE_EMPTY_IS_NULL = 2                   /* an empty unquoted field comes as data NULL */
};

struct csvfile {
    const char *file;                           /* its name, for messages */
    FILE *errs;                                 /* where a syntax error is reported */
    int flags;                                  /* enum csvfile_flags */
    void (*field)(void *data, size_t len, void *ud);
    void (*record)(int c, void *ud);
    void *ud;
    int (*halted)(void *ud);                    /* the callbacks met something that ends the reading */
    const long *row;                            /* the rows the callbacks have seen */
    uint64_t *hash;                             /* when not NULL: FNV-1a of every byte, from its value on */
};

/* Open FILE to read: 0 with *FP; 1 (missing or not readable: bad input) or -1, with "FILE: reason" in ERR. */
int csvfile_open(const char *file, FILE **fp, char *err);
/* Say on ERRS that FILE is not UTF-8, nothing was imported, and how to save it as UTF-8. */
void csvfile_refuse_not_utf8(FILE *errs, const char *file);
/* Reads FP to its end, or until halted. 0 read, 1 a syntax error (reported on errs), -1 a read error (ERR). */
int csvfile_read(const struct csvfile *cf, FILE *fp, char *err);

#endif
