/* csvfile — how every import reads its CSV file with libcsv: the separator guessed from the header
 * line, the file fed in chunks, a syntax error reported as FILE:ROW. */
#ifndef LOA_CSVFILE_H
#define LOA_CSVFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct csvfile {
    const char *file;                           /* its name, for messages */
    FILE *errs;                                 /* where a syntax error is reported */
    unsigned char options;                      /* libcsv's (CSV_APPEND_NULL, …) */
    void (*field)(void *data, size_t len, void *ud);
    void (*record)(int c, void *ud);
    void *ud;
    int (*halted)(void *ud);                    /* the callbacks met something that ends the reading */
    const long *row;                            /* the rows the callbacks have seen */
    uint64_t *hash;                             /* when not NULL: FNV-1a of every byte, from its value on */
};

/* Reads FP to its end, or until halted. 0 read, 1 a syntax error (reported on errs), -1 a read error (ERR). */
int csvfile_read(const struct csvfile *cf, FILE *fp, char *err);

#endif
