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
/* Append TPL rendered with V to OUT. Bad placeholders are copied as written (template_check first). */
void template_render(const char *tpl, const struct template_vars *v, sbuf *out);

/* Texts with named placeholders of their own (the replies to reporters: {so} {xom} {tong}…).
 * NAMES ends with NULL; VALUES[i] is NAMES[i]'s value. */
/* 0 when every {placeholder} of TPL is one of NAMES; -1 with err naming the first that is not. */
int template_check_names(const char *tpl, const char *const *names, char *err);
/* Append TPL to OUT with each {NAMES[i]} replaced by VALUES[i] (NULL as ""); others copied as written. */
void template_fill(const char *tpl, const char *const *names, const char *const *values, sbuf *out);

#endif
