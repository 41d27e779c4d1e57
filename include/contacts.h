/* contacts — residents in and out of CSV files (libcsv): import all-or-nothing, export, listing. */
#ifndef LOA_CONTACTS_H
#define LOA_CONTACTS_H

#include <stdio.h>

#include "config.h"
#include "store.h"

struct contacts_import_result {
    long rows;             /* data rows read (header excluded) */
    long inserted;         /* new residents */
    long updated;          /* existing residents (same phone) updated */
    long invalid;          /* rows rejected */
    long no_hamlet;        /* residents imported with no hamlet (campaigns aimed at hamlets miss them) */
    long unused;           /* header columns loa does not read */
    char unused_names[256];/* their headings, ", "-joined (cut short past 250 bytes) */
};

/* How to import (contacts_import_with). */
struct contacts_import_how {
    const char *file;      /* the file's name in messages ("FILE:ROW: …") */
    const char *path;      /* where to read it, when not FILE (an uploaded copy), or NULL */
    const char *sheet;     /* an Excel file's sheet, or NULL: the first */
    int skip_invalid;      /* bad rows left out (reported), the others imported */
    int dry_run;           /* everything checked and counted as an import would, then nothing kept */
};

/*
 * Import FILE into the store. Every bad row is reported to ERRS (one line each,
 * "FILE:ROW: reason", ROW counted as a spreadsheet does, the header being row 1).
 * Without skip_invalid, any bad row means nothing is imported. A file that is not
 * UTF-8 is refused as a whole. Returns 0 when rows were imported (or there were
 * none), 1 when the input was bad, -1 on a system failure (err filled).
 */
int contacts_import(store *st, const struct config *cfg, const char *file, int skip_invalid,
                    FILE *errs, struct contacts_import_result *res, char *err);
/* The same for a file that may be an Excel workbook (.xlsx, .xls, known by its content): its sheet
 * named SHEET, or the first when NULL, read with the same header rules; ROW is the sheet's row.
 * Text typed with the old TCVN3 / VNI fonts (valid UTF-8, garbled) is refused as a whole. */
int contacts_import_sheet(store *st, const struct config *cfg, const char *file, const char *sheet, int skip_invalid,
                          FILE *errs, struct contacts_import_result *res, char *err);

/* contacts_import_sheet, said with HOW. A dry run gives the same RES and ERRS as the import would, and changes
 * nothing. */
int contacts_import_with(store *st, const struct config *cfg, const struct contacts_import_how *how, FILE *errs,
                         struct contacts_import_result *res, char *err);

/* The officer's opt-out (OUT) or opt-in of PHONE (E.164) at NOW with NOTE (may be NULL), and its event
 * (contacts.optout / contacts.optin, the note as detail), in one transaction: `loa contacts optout|optin` and the
 * page. 0 done, 1 nothing to change (already so), -1 a store error (store_errmsg). */
int contacts_opt(store *st, const char *phone, int out, const char *note, time_t now);

/* The VNeID status a cell or argument names ("đã kích hoạt", "chưa kích hoạt", "activated",
 * "not_activated", empty or "unknown"), or -1 when it names none. */
int contacts_vneid_parse(const char *text);

/* Write every resident to FILE as CSV UTF-8 with a BOM and Vietnamese headers, VNeID status and opt-out
 * included (re-importable: the import sets them; an empty cell lifts no opt-out). */
int contacts_export(store *st, const char *file, char *err);

#endif
