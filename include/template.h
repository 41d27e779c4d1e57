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
/* 1 when TPL names the resident ({ten}, {ho_ten}, {name}, {full_name}) somewhere without a fallback. */
int template_name_without_fallback(const char *tpl);
/* Append TPL rendered with V to OUT. Bad placeholders are copied as written (template_check first). */
void template_render(const char *tpl, const struct template_vars *v, sbuf *out);

#endif
