/* csvfile — how every import reads its CSV file with libcsv: opened, refused whole when it is not
 * UTF-8, the separator guessed from the header line, Excel's BOM dropped, the file fed in chunks,
 * a syntax error or a bad row reported as FILE:ROW. Callers keep only what their rows mean. */
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
    FILE *errs;                                 /* where a syntax error or bad row is reported */
    int flags;                                  /* enum csvfile_flags */
    void (*field)(void *data, size_t len, void *ud);   /* each field: valid UTF-8, no BOM */
    void (*record)(int c, void *ud);
    void *ud;
    int (*halted)(void *ud);                    /* the callbacks met something that ends the reading */
    const long *row;                            /* the rows the callbacks have seen */
    uint64_t *hash;                             /* when not NULL: FNV-1a of every byte, from its value on */
    /* filled by the reading: */
    long bad;                                   /* rows reported by csvfile_bad_row */
    int not_utf8;                               /* the file is not UTF-8: refused (reported) */
    int started;                                /* a field was seen (the BOM is only at the start) */
};

/* Open FILE to read: 0 with *FP; 1 (missing or not readable: bad input) or -1, with "FILE: reason" in ERR. */
int csvfile_open(const char *file, FILE **fp, char *err);
/* Reads FP to its end, or until halted. 0 read; 1 a syntax error or a file that is not UTF-8 (reported
 * on errs, and nothing must be kept); -1 a read error (ERR). */
int csvfile_read(struct csvfile *cf, FILE *fp, char *err);
/* Report the current row as bad ("FILE:ROW: reason") and count it in cf->bad. */
void csvfile_bad_row(struct csvfile *cf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
