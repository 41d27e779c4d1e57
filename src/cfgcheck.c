/*
 * cfgcheck — plain sentences for what is wrong in a configuration file.
 *
 * Sections: edit distance; dates that do not exist, said as an officer reads them; libconfig's
 * "syntax error" turned into what is missing or misplaced (the file is read again with a small
 * scanner of brackets, words and values); the hamlets nearest to an unknown one.
 */
#include "cfgcheck.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "util.h"
#include "vntext.h"

size_t cfgcheck_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40) return 99;
    size_t d[41][41];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

/* ---- dates ---- */

/* TRANSLATORS: the months, as in "April has 30 days" (Vietnamese: "tháng 4 có 30 ngày"). */
static const char *const month_names[] = {N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
                                          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
                                          N_("December")};

int cfgcheck_date(const char *s, char *why, size_t n)
{
    int y, m, d, len = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 || s[len] != '\0' || len != 10) {
        snprintf(why, n, _("not a date: write it YYYY-MM-DD (\"2026-12-05\")"));
        return -1;
    }
    if (m < 1 || m > 12) {
        snprintf(why, n, _("there is no month %d"), m);
        return -1;
    }
    int most = util_days_in_month(y, m);
    if (d >= 1 && d <= most) return 0;
    if (d < 1) snprintf(why, n, _("there is no day %d"), d);
    else if (m == 2 && d == 29) snprintf(why, n, _("%d is not a leap year: February has 28 days"), y);
    else snprintf(why, n, _("%s has %d days"), gettext(month_names[m - 1]), most);
    return -1;
}

int cfgcheck_datetime(const char *s, char *why, size_t n)
{
    char date[11];
    time_t t;
    if (strlen(s) >= 10) {
        memcpy(date, s, 10);
        date[10] = '\0';
        if (cfgcheck_date(date, why, n) < 0 && (s[10] == ' ' || s[10] == '\0')) return -1;
    }
    if (util_parse_datetime(s, &t) == 0) return 0;
    int h, mi;
    if (strlen(s) > 11 && sscanf(s + 11, "%d:%d", &h, &mi) == 2 && (h > 23 || mi > 59)) {
        snprintf(why, n, _("%s is not a time of day (00:00–23:59)"), s + 11);
        return -1;
    }
    snprintf(why, n, _("not a date and time: write it \"YYYY-MM-DD HH:MM\" (\"2026-12-05 08:00\")"));
    return -1;
}

/* ---- syntax ---- */

struct scan {
    const char *p;               /* the next byte */
    int line;                    /* of p */
    char open[64];               /* the brackets open, innermost last */
    int open_line[64];
    int depth;
    char prev;                   /* the last significant token: '=', '{', ',', 'n' (a name), 'v' (a value)… */
};

static char closer(char open)
{
    return open == '{' ? '}' : open == '[' ? ']' : ')';
}

static const char *bracket_kind(char open)
{
    return open == '{' ? _("group") : open == '[' ? _("array") : _("list");
}

/* Skip blanks and comments (#, //, C-style). */
static void skip_blank(struct scan *s)
{
    for (;;) {
        while (*s->p && isspace((unsigned char)*s->p)) s->line += *s->p++ == '\n';
        if (*s->p == '#' || (s->p[0] == '/' && s->p[1] == '/')) {
            while (*s->p && *s->p != '\n') s->p++;
        } else if (s->p[0] == '/' && s->p[1] == '*') {
            s->p += 2;
            while (*s->p && !(s->p[0] == '*' && s->p[1] == '/')) s->line += *s->p++ == '\n';
            if (*s->p) s->p += 2;
        } else {
            return;
        }
    }
}

static int value_expected(const struct scan *s)
{
    char top = s->depth ? s->open[s->depth - 1] : '{';
    return s->prev == '=' || (top != '{' && (s->prev == '[' || s->prev == '(' || s->prev == ','));
}

/* What is wrong at the first place the scanner finds it, as "LINE\tsentence" into OUT; 0 when it
 * finds nothing wrong. */
static int scan_problem(struct scan *s, char *out, size_t n)
{
    s->prev = '{';
    for (;;) {
        skip_blank(s);
        char c = *s->p;
        char top = s->depth ? s->open[s->depth - 1] : 0;
        if (!c) {
            if (!s->depth) return 0;
            snprintf(out, n, _("a `%c` is missing: the %s `%c` opened on line %d is never closed"), closer(top),
                     bracket_kind(top), top, s->open_line[s->depth - 1]);
            return s->open_line[s->depth - 1];   /* libconfig stops at the end, on or after it */
        }
        if (c == '"') {
            int at = s->line;
            for (s->p++; *s->p && *s->p != '"'; s->p++) {
                if (*s->p == '\\' && s->p[1]) s->p++;
                s->line += *s->p == '\n';
            }
            if (!*s->p) {
                snprintf(out, n, _("the text opened with `\"` on line %d has no closing `\"`"), at);
                return at;
            }
            s->p++;
            if (s->prev == 'n') goto no_equals;
            s->prev = 'v';
            continue;
        }
        if (c == '{' || c == '[' || c == '(') {
            if (s->prev == 'n') goto no_equals;
            if (s->depth == (int)sizeof s->open) return 0;
            s->open[s->depth] = c;
            s->open_line[s->depth++] = s->line;
            s->prev = c;
            s->p++;
            continue;
        }
        if (c == '}' || c == ']' || c == ')') {
            if (!s->depth) {
                snprintf(out, n, _("this `%c` closes nothing: no `%c` was opened before it"), c,
                         c == '}' ? '{' : c == ']' ? '[' : '(');
                return s->line;
            }
            if (c != closer(top)) {
                snprintf(out, n, _("a `%c` is missing: the %s `%c` opened on line %d must be closed before this `%c`"),
                         closer(top), bracket_kind(top), top, s->open_line[s->depth - 1], c);
                return s->line;
            }
            s->depth--;
            s->prev = 'v';
            s->p++;
            continue;
        }
        if (c == ';' || c == '=' || c == ':') {
            if (top == '[' || top == '(') {
                snprintf(out, n, _("a `%c` is missing: the %s `%c` opened on line %d must be closed before this `%c`"),
                         closer(top), bracket_kind(top), top, s->open_line[s->depth - 1], c);
                return s->line;
            }
            if (c != ';' && s->prev != 'n') {
                snprintf(out, n, _("`%c` must come after a setting's name"), c);
                return s->line;
            }
            s->prev = c == ';' ? ';' : '=';
            s->p++;
            continue;
        }
        if (c == ',') {
            s->prev = ',';
            s->p++;
            continue;
        }
        /* a word or a number */
        const char *w = s->p;
        while (*s->p && !isspace((unsigned char)*s->p) && !strchr("{}[]();=:,\"#", *s->p) &&
               !(s->p[0] == '/' && (s->p[1] == '/' || s->p[1] == '*')))
            s->p++;
        if (s->p == w) s->p++;   /* a byte no token starts with */
        size_t len = (size_t)(s->p - w);
        char word[48];
        snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1), w);
        int number = isdigit((unsigned char)w[0]) || ((w[0] == '-' || w[0] == '+' || w[0] == '.') && len > 1);
        int boolean = !strcasecmp(word, "true") || !strcasecmp(word, "false");
        if (value_expected(s)) {
            if (number || boolean) {
                s->prev = 'v';
                continue;
            }
            static const char *const yesno[] = {"yes", "no", "on", "off", "y", "n", "có", "không", "đúng", "sai", NULL};
            int yn = 0;
            for (const char *const *y = yesno; *y; y++) yn |= !strcasecmp(word, *y);
            if (yn) snprintf(out, n, _("`%s` is not a value here: write true or false"), word);
            else snprintf(out, n, _("`%s` is not a value here: put text in quotes (\"%s\")"), word, word);
            return s->line;
        }
        if (w[0] == '@') {   /* @include "FILE": its text follows as a value */
            s->prev = '=';
            continue;
        }
        if (s->prev == 'n') goto no_equals;   /* a name after a name: the first one lacks its `=` */
        if (top == '[' || top == '(') {
            snprintf(out, n, _("`%s` is not a value here: put text in quotes (\"%s\")"), word, word);
            return s->line;
        }
        s->prev = 'n';
        continue;
    no_equals:
        snprintf(out, n, _("a `=` is missing between the setting's name and its value"));
        return s->line;
    }
}

char *cfgcheck_syntax(const char *file, int line, const char *text)
{
    char *body = util_read_text(file);
    char why[LOA_ERRLEN] = "";
    int at = 0;
    if (body) {
        struct scan s = {.p = body, .line = 1};
        at = scan_problem(&s, why, sizeof why);
        free(body);
    }
    /* The scanner's finding is libconfig's when it is on the line libconfig stopped at or before it. */
    if (at > 0 && at <= line) return xstrdup(why);
    return xasprintf(_("this line cannot be read (%s): look for a missing quote, bracket or `;` here or on the line before"), text);
}

/* ---- hamlets ---- */

char *cfgcheck_near_hamlets(const struct config *cfg, const char *text)
{
    char *key = config_hamlet_key(text);
    size_t best[4] = {0}, bestd[4];
    int nbest = 0;
    size_t limit = key && strlen(key) > 5 ? strlen(key) / 3 : 1;   /* "XX" is 2 from every 2-letter code */
    for (size_t i = 0; key && i < cfg->nhamlets; i++) {
        char *name = config_hamlet_key(cfg->hamlets[i].name), *code = vntext_fold(cfg->hamlets[i].code);
        size_t d = name ? cfgcheck_distance(name, key) : 99, dc = code ? cfgcheck_distance(code, key) : 99;
        if (dc < d) d = dc;
        free(name);
        free(code);
        if (d > limit) continue;
        int j = nbest < 3 ? nbest++ : 3;   /* insertion into the three closest */
        while (j > 0 && bestd[j - 1] > d) {
            best[j] = best[j - 1];
            bestd[j] = bestd[j - 1];
            j--;
        }
        best[j] = i;
        bestd[j] = d;
    }
    free(key);
    sbuf b = {0};
    sbuf_add(&b, nbest ? _("; nearest: ") : _("; the hamlets are: "));
    size_t shown = nbest ? (size_t)nbest : cfg->nhamlets;
    for (size_t i = 0; i < shown && i < 12; i++) {
        const struct cfg_hamlet *h = &cfg->hamlets[nbest ? best[i] : i];
        sbuf_addf(&b, "%s%s (%s)", i ? ", " : "", h->code, h->name);
    }
    if (shown > 12) sbuf_add(&b, ", …");
    return sbuf_detach(&b);
}
