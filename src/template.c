/* template — rendering SMS templates; placeholders in Vietnamese or English, with fallbacks. */
#include "template.h"

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

int template_check(const char *tpl, char *err)
{
    for (const char *p = tpl; *p; p++) {
        if (*p == '}') return util_err(err, _("'}' without '{' in the SMS text"));
        if (*p != '{') continue;
        const char *end = strchr(p, '}');
        if (!end) return util_err(err, _("'{' without '}' in the SMS text"));
        const char *bar = memchr(p, '|', (size_t)(end - p));
        size_t n = (size_t)((bar ? bar : end) - p - 1);
        if (lookup(p + 1, n) == PH_NONE)
            return util_err(err, _("unknown placeholder {%.*s}: use {ten}, {ho_ten}, {xom}, {xa} or {ngay} "
                            "(or {name}, {full_name}, {hamlet}, {commune}, {date})"), (int)n, p + 1);
        p = end;
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

/* The index of the placeholder S (N bytes) in NAMES, or -1. */
static int name_index(const char *const *keys, const char *s, size_t n)
{
    for (int i = 0; keys[i]; i++)
        if (strlen(keys[i]) == n && !strncmp(keys[i], s, n)) return i;
    return -1;
}

int template_check_names(const char *tpl, const char *const *keys, char *err)
{
    for (const char *p = tpl; *p; p++) {
        if (*p == '}') return util_err(err, _("'}' without '{'"));
        if (*p != '{') continue;
        const char *end = strchr(p, '}');
        if (!end) return util_err(err, _("'{' without '}'"));
        if (name_index(keys, p + 1, (size_t)(end - p - 1)) < 0) {
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
    for (const char *p = tpl; *p;) {
        const char *open = strchr(p, '{'), *end = open ? strchr(open, '}') : NULL;
        if (!end) {
            sbuf_add(out, p);
            return;
        }
        sbuf_addn(out, p, (size_t)(open - p));
        int i = name_index(keys, open + 1, (size_t)(end - open - 1));
        if (i < 0) sbuf_addn(out, open, (size_t)(end - open + 1));
        else if (values[i]) sbuf_add(out, values[i]);
        p = end + 1;
    }
}
