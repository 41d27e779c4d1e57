/* template — rendering SMS templates; placeholders in Vietnamese or English, with fallbacks. */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "vntext.h"

enum ph { PH_GIVEN, PH_FULL, PH_HAMLET, PH_COMMUNE, PH_DATE, PH_NONE };

static const struct { const char *name; enum ph ph; } names[] = {
    {"ten", PH_GIVEN}, {"name", PH_GIVEN}, {"ho_ten", PH_FULL}, {"full_name", PH_FULL},
    {"xom", PH_HAMLET}, {"hamlet", PH_HAMLET}, {"xa", PH_COMMUNE}, {"commune", PH_COMMUNE},
    {"ngay", PH_DATE}, {"date", PH_DATE},
};

static enum ph lookup(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && !strncmp(names[i].name, s, n)) return names[i].ph;
    return PH_NONE;
}

int template_builtin(const char *name)
{
    return lookup(name, strlen(name)) != PH_NONE;
}

/* The index of the name S[0..N) among the first NKEYS of KEYS (which may also end at a NULL), or -1. */
static long key_index(const char *const *keys, size_t nkeys, const char *s, size_t n)
{
    for (size_t i = 0; i < nkeys && keys[i]; i++)
        if (strlen(keys[i]) == n && !strncmp(keys[i], s, n)) return (long)i;
    return -1;
}

/* Appends TPL to OUT with each {key} or {key|fallback} of KEYS replaced by its value (nothing for a NULL
 * value); any other {…} is kept as written, for template_render. */
static void fill(const char *tpl, const char *const *keys, size_t nkeys, const char *const *values, sbuf *out)
{
    for (const char *p = tpl; *p;) {
        const char *open = strchr(p, '{'), *end = open ? strchr(open, '}') : NULL;
        if (!end) {
            sbuf_add(out, p);
            return;
        }
        sbuf_addn(out, p, (size_t)(open - p));
        const char *bar = memchr(open, '|', (size_t)(end - open));
        long i = key_index(keys, nkeys, open + 1, (size_t)((bar ? bar : end) - open - 1));
        if (i < 0) sbuf_addn(out, open, (size_t)(end - open + 1));
        else if (values[i]) sbuf_add(out, values[i]);
        p = end + 1;
    }
}

int template_check(const char *tpl, char *err)
{
    return template_check_vars(tpl, NULL, 0, err);
}

int template_check_vars(const char *tpl, char *const *vars, size_t nnames, char *err)
{
    for (const char *p = tpl; *p; p++) {
        if (*p == '}') return util_err(err, _("'}' without '{' in the SMS text"));
        if (*p != '{') continue;
        const char *end = strchr(p, '}');
        if (!end) return util_err(err, _("'{' without '}' in the SMS text"));
        const char *bar = memchr(p, '|', (size_t)(end - p));
        size_t n = (size_t)((bar ? bar : end) - p - 1);
        if (lookup(p + 1, n) == PH_NONE && key_index((const char *const *)vars, nnames, p + 1, n) < 0) {
            sbuf own = {0};
            for (size_t i = 0; i < nnames; i++) sbuf_addf(&own, "%s{%s}", i ? ", " : _("; this campaign's vars: "), vars[i]);
            util_err(err, _("unknown placeholder {%.*s}: use {ten}, {ho_ten}, {xom}, {xa} or {ngay} "
                     "(or {name}, {full_name}, {hamlet}, {commune}, {date})%s"), (int)n, p + 1, sbuf_str(&own));
            sbuf_free(&own);
            return -1;
        }
        p = end;
    }
    return 0;
}

int template_name_without_fallback(const char *tpl)
{
    for (const char *p = strchr(tpl, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end) return 0;
        const char *bar = memchr(p, '|', (size_t)(end - p));
        enum ph ph = lookup(p + 1, (size_t)((bar ? bar : end) - p - 1));
        if ((ph == PH_GIVEN || ph == PH_FULL) && !bar) return 1;
    }
    return 0;
}

void template_render(const char *tpl, const struct template_vars *v, sbuf *out)
{
    for (const char *p = tpl; *p;) {
        const char *open = strchr(p, '{');
        if (!open) {
            sbuf_add(out, p);
            return;
        }
        sbuf_addn(out, p, (size_t)(open - p));
        const char *end = strchr(open, '}');
        if (!end) {
            sbuf_add(out, open);
            return;
        }
        const char *bar = memchr(open, '|', (size_t)(end - open));
        size_t n = (size_t)((bar ? bar : end) - open - 1);
        enum ph ph = lookup(open + 1, n);
        char *given = NULL;
        const char *val = NULL;
        switch (ph) {
        case PH_GIVEN:
            if (v->full_name) val = given = vntext_given_name(v->full_name);
            break;
        case PH_FULL: val = v->full_name; break;
        case PH_HAMLET: val = v->hamlet; break;
        case PH_COMMUNE: val = v->commune; break;
        case PH_DATE: val = v->date; break;
        case PH_NONE: break;
        }
        if (ph == PH_NONE) sbuf_addn(out, open, (size_t)(end - open + 1));
        else if (val && *val) sbuf_add(out, val);
        else if (bar) sbuf_addn(out, bar + 1, (size_t)(end - bar - 1));
        free(given);
        p = end + 1;
    }
}

char *template_expand_vars(const char *tpl, char *const *vars, char *const *values, size_t n)
{
    sbuf out = {0};
    sbuf_add(&out, "");
    fill(tpl, (const char *const *)vars, n, (const char *const *)values, &out);
    return sbuf_detach(&out);
}

char *template_fmt_day(long day, int minute, char *buf, size_t n)
{
    /* the weekday as an invitation writes it: Sunday is "Chủ nhật", the others "thứ Hai" … "thứ Bảy" */
    static const char *const weekdays[] = {"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"};
    int y, m, d;
    util_civil_from_days(day, &y, &m, &d);
    int wday = (int)(((day % 7) + 11) % 7);   /* 1970-01-01 was a Thursday */
    if (minute >= 0) snprintf(buf, n, "%02d:%02d, %s, %02d/%02d/%04d", minute / 60, minute % 60, weekdays[wday], d, m, y);
    else snprintf(buf, n, "%s, %02d/%02d/%04d", weekdays[wday], d, m, y);
    return buf;
}

int template_check_names(const char *tpl, const char *const *keys, char *err)
{
    for (const char *p = tpl; *p; p++) {
        if (*p == '}') return util_err(err, _("'}' without '{'"));
        if (*p != '{') continue;
        const char *end = strchr(p, '}');
        if (!end) return util_err(err, _("'{' without '}'"));
        if (key_index(keys, SIZE_MAX, p + 1, (size_t)(end - p - 1)) < 0) {
            sbuf known = {0};
            for (int i = 0; keys[i]; i++) sbuf_addf(&known, "%s{%s}", i ? ", " : "", keys[i]);
            util_err(err, _("unknown placeholder {%.*s}: use %s"), (int)(end - p - 1), p + 1, sbuf_str(&known));
            sbuf_free(&known);
            return -1;
        }
        p = end;
    }
    return 0;
}

void template_fill(const char *tpl, const char *const *keys, const char *const *values, sbuf *out)
{
    fill(tpl, keys, SIZE_MAX, values, out);
}
