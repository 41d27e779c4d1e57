/* cfgcheck — plain sentences for what is wrong in a configuration file: syntax, dates, near names. */
#ifndef LOA_CFGCHECK_H
#define LOA_CFGCHECK_H

#include <stddef.h>

#include "config.h"

/* Levenshtein distance of A and B (bytes); 99 when either is longer than 40 bytes. */
size_t cfgcheck_distance(const char *a, const char *b);

/*
 * 0 when S is a date "YYYY-MM-DD" that exists; else -1 with why into WHY (N bytes), as an officer
 * reads it: "April has 30 days", "2027 is not a leap year: February has 28 days", "there is no
 * month 13", "not a date: write it YYYY-MM-DD (\"2026-12-05\")".
 */
int cfgcheck_date(const char *s, char *why, size_t n);
/* The same for a moment "YYYY-MM-DD HH:MM". */
int cfgcheck_datetime(const char *s, char *why, size_t n);

/*
 * The message for libconfig's syntax error at LINE of FILE (TEXT is libconfig's own words): what is
 * wrong as a sentence ("a `]` is missing: …", "`yes` is not a value here: write true or false"),
 * found by reading FILE again; the sentence alone (the caller puts FILE:LINE before it). Caller frees.
 */
char *cfgcheck_syntax(const char *file, int line, const char *text);

/* "; nearest: DK (Xóm Đồng Kiệm), …" for a hamlet TEXT that CFG does not define: the codes and names
 * closest to it (edit distance on folded codes and names), or the list of hamlets when none is close.
 * Caller frees. */
char *cfgcheck_near_hamlets(const struct config *cfg, const char *text);

#endif
