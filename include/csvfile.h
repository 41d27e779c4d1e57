/* csvfile — how every import reads its CSV file with libcsv: opened, the separator guessed from the
 * header line, the file fed in chunks, a syntax error reported as FILE:ROW, a file that is not UTF-8
 * refused with one message. Its own flags: no import includes <csv.h>. */
#ifndef LOA_CSVFILE_H
#define LOA_CSVFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

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
    const char *path;                           /* where an Excel file is read when not FILE (an uploaded copy), or NULL */
};

/* What every import of rows shares: an importer's first member, so that its callbacks' UD is one too. */
struct csvfile_import {
    const char *file;                           /* its name, for messages */
    const char *path;                           /* where to read it when not FILE (an uploaded copy), or NULL */
    int dry_run;                                /* check only: what FINISH keeps is rolled back all the same */
    FILE *errs;                                 /* where bad rows are reported */
    long row;                                   /* the rows read: the first line is 1 */
    long bad;                                   /* rows reported bad */
    int not_utf8;                               /* a cell is not UTF-8: the reading stops, nothing is imported */
    int system_error;                           /* a database or system error: the reading stops */
};

/* "FILE:ROW: message" on IM's errs for the row being read, and the row counted bad. */
void csvfile_bad_row(struct csvfile_import *im, const char *fmt, ...) LOA_PRINTF(2, 3);
/* 0 when the cell S (LEN bytes) is UTF-8; else the reading stops (not_utf8) and -1. */
int csvfile_utf8_cell(struct csvfile_import *im, const char *s, size_t len);

/*
 * The frame of every import: IM->file opened (missing or unreadable: 1, said in ERR), a transaction
 * begun on ST and START(UD) run in it (0, or -1 a database error), the rows of the file (an Excel
 * SHEET, or a CSV file) read into CF's field and record callbacks with UD = IM (CF's file, errs,
 * halted and row are set here from IM), a file that is not UTF-8 refused on IM->errs; then
 * FINISH(UD, RC) (RC 0 read, 1 bad input) says what to do with what the callbacks stored: 0 keep it
 * (committed here), 1 bad input (rolled back), -1 an error (rolled back; ERR says what, else the
 * store's last error). Returns 0, 1 or -1 as that; -1 also when IM->system_error was set. IM->path, when set,
 * is opened instead of IM->file (still the name in messages); IM->dry_run rolls back a good file's rows too.
 */
struct store;
int csvfile_import_run(struct csvfile_import *im, struct csvfile *cf, struct store *st, const char *sheet,
                       int (*start)(void *ud), int (*finish)(void *ud, int rc), char *err);

/* Open FILE to read: 0 with *FP; 1 (missing or not readable: bad input) or -1, with "FILE: reason" in ERR. */
int csvfile_open(const char *file, FILE **fp, char *err);
/* Say on ERRS that FILE is not UTF-8, nothing was imported, and how to save it as UTF-8. */
void csvfile_refuse_not_utf8(FILE *errs, const char *file);
/* Reads FP to its end, or until halted. 0 read, 1 a syntax error (reported on errs), -1 a read error (ERR). */
int csvfile_read(const struct csvfile *cf, FILE *fp, char *err);

#endif
