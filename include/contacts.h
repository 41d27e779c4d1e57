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

/* The VNeID status a cell or argument names ("đã kích hoạt", "chưa kích hoạt", "activated",
 * "not_activated", empty or "unknown"), or -1 when it names none. */
int contacts_vneid_parse(const char *text);

/* Write every resident to FILE as CSV UTF-8 with a BOM and Vietnamese headers, VNeID status and opt-out
 * included (re-importable: the import sets them; an empty cell lifts no opt-out). */
int contacts_export(store *st, const char *file, char *err);

#endif
