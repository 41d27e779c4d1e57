/* template — SMS templates: {ten} {ho_ten} {xom} {xa} {ngay} (and English names), each with an optional {name|fallback}. */
#ifndef LOA_TEMPLATE_H
#define LOA_TEMPLATE_H

#include "util.h"

struct template_vars {
    const char *full_name;     /* "Nguyễn Văn An" */
    const char *hamlet;        /* hamlet's name: "Xóm Đồng Kiệm" */
    const char *commune;       /* "Xã Minh Tiến" */
    const char *date;          /* "26/11/2026" */
};

/* 0 when TPL is well formed; -1 with err naming the first bad placeholder. */
int template_check(const char *tpl, char *err);
/* The same, where the campaign's own vars NAMES[0..N) are placeholders too (named in the error). */
int template_check_vars(const char *tpl, char *const *names, size_t n, char *err);
/* 1 when NAME is a built-in placeholder ({ten}, {xom}, …). */
int template_builtin(const char *name);
/* TPL with every {NAME} (or {NAME|fallback}) of the vars NAMES[0..N) replaced by VALUES[i]; every other
 * placeholder left as written. Caller frees. */
char *template_expand_vars(const char *tpl, char *const *names, char *const *values, size_t n);
/* A date (local day DAY) as Vietnamese write it on an invitation: "thứ Bảy, 05/12/2026"; with a time of
 * day (MINUTE >= 0): "08:00, thứ Bảy, 05/12/2026". Returns BUF (>= 48 bytes). */
char *template_fmt_day(long day, int minute, char *buf, size_t n);
/* 1 when TPL names the resident ({ten}, {ho_ten}, {name}, {full_name}) somewhere without a fallback. */
int template_name_without_fallback(const char *tpl);
/* Append TPL rendered with V to OUT. Bad placeholders are copied as written (template_check first). */
void template_render(const char *tpl, const struct template_vars *v, sbuf *out);

/* Texts with named placeholders of their own (the replies to reporters: {so} {xom} {tong}…).
 * NAMES ends with NULL; VALUES[i] is NAMES[i]'s value. */
/* 0 when every {placeholder} of TPL is one of NAMES; -1 with err naming the first that is not. */
int template_check_names(const char *tpl, const char *const *names, char *err);
/* Append TPL to OUT with each {NAMES[i]} replaced by VALUES[i] (NULL as ""); others copied as written. */
void template_fill(const char *tpl, const char *const *names, const char *const *values, sbuf *out);

#endif
