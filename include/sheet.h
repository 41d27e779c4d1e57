/* sheet — the rows of an Excel file (.xlsx, .xls) handed to an import cell by cell, as csvfile hands a CSV file's. */
#ifndef LOA_SHEET_H
#define LOA_SHEET_H

#include <stdio.h>

#include "csvfile.h"

enum sheet_kind { SHEET_NONE = 0, SHEET_XLSX = 1, SHEET_XLS = 2 };

/* What FP holds, by its first bytes (a zip: .xlsx; an OLE2 compound file: .xls; else a CSV file). Rewinds FP. */
int sheet_kind_of(FILE *fp);

/*
 * Reads the sheet named SHEET (or the first when NULL) of CF->file, a KIND file, calling CF's
 * field and record callbacks for every row from the first to the last one used: a row or cell
 * the file leaves out comes as empty, so the rows are numbered as the spreadsheet shows them.
 * Numbers come as a person reads them: a whole number without exponent (912345678, never
 * 9.12E+08), a date-formatted serial as YYYY-MM-DD (1900 and 1904 systems). CF->options is
 * unused; CF->hash, when set, receives FNV-1a of the file's bytes. Returns 0 read (or halted),
 * 1 the file cannot be read as KIND or has no such sheet (said on CF->errs as "FILE: reason"),
 * -1 a system error (ERR).
 */
int sheet_read(const struct csvfile *cf, int kind, const char *sheet, char *err);

/* FP (CF->file, open) read as what it holds: an Excel file by sheet_read, else a CSV file by
 * csvfile_read (where a SHEET name is an error, said on CF->errs). Returns as they do. */
int sheet_read_any(const struct csvfile *cf, FILE *fp, const char *sheet, char *err);

#endif
