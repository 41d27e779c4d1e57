/* web_campaign_form — Soạn chiến dịch: a campaign written in a form (or a hand-written file edited as text),
 * checked exactly as `loa check` checks it, written atomically into campaigns_dir, and a reload request left in
 * the database for `loa run`. A new campaign is saved switched off; its page then shows the preview and a button
 * that switches it on.
 *
 * Sections: the form's fields; form -> file text (with the field of each line, for the errors); file -> form
 * (libconfig, files this page wrote only); the check and the atomic write; the pages; the live SMS count. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign.h"
#include "i18n.h"
#include "log.h"
#include "sms.h"
#include "view.h"
#include "web_int.h"

/* The first line of every file the form writes: only such a file opens as a form again. */
#define FORM_MARK "# written by loa web"
#define NANSWERS 3

/* ---- the form's fields ---- */

enum {
    F_GENERAL = 0, F_ID, F_TITLE, F_FROM, F_UNTIL, F_HAMLETS, F_TAGS, F_VNEID, F_SMS_TEXT, F_DIACRITICS, F_MAX_PARTS,
    F_SMS_AT, F_SMS_TIMES, F_SMS_DAYS, F_BC_TEXT, F_BC_LEVEL, F_BC_SLOTS, F_BC_DAYS, F_EV_DATE, F_EV_PLACE,
    F_ANS1, F_ANS_LAST = F_ANS1 + NANSWERS - 1, F__N
};

/* The text fields, by the name the browser sends (answers are ans1_kw …, hamlets hamlet_CODE, slots slot_HHMM). */
static const struct { int f; const char *name; size_t max; } text_fields[] = {
    {F_ID, "id", 65}, {F_TITLE, "title", 300}, {F_FROM, "from", 40}, {F_UNTIL, "until", 40}, {F_TAGS, "tags", 600},
    {F_VNEID, "vneid", 20}, {F_SMS_TEXT, "sms_text", 3000}, {F_MAX_PARTS, "max_parts", 8}, {F_SMS_AT, "sms_at", 600},
    {F_SMS_TIMES, "sms_times", 300}, {F_SMS_DAYS, "sms_days", 300}, {F_BC_TEXT, "bc_text", 4000},
    {F_BC_LEVEL, "bc_level", 20}, {F_BC_DAYS, "bc_days", 300}, {F_EV_DATE, "ev_date", 40}, {F_EV_PLACE, "ev_place", 300},
};

struct answer { char *kw, *aliases, *vneid, *reply; };

struct form {
    char *v[F__N];                 /* the text fields (NULL: empty) */
    int diacritics;                /* sms.diacritics */
    int enabled;                   /* a new campaign: 0 until she switches it on */
    struct cfg_strlist hamlets;    /* codes ticked */
    struct cfg_strlist slots;      /* broadcast slots ticked, "HH:MM" */
    struct answer ans[NANSWERS];
};

static void strlist_push(struct cfg_strlist *l, const char *s)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = xstrdup(s);
}

static void strlist_drop(struct cfg_strlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static void form_clear(struct form *f)
{
    for (int i = 0; i < F__N; i++) free(f->v[i]);
    strlist_drop(&f->hamlets);
    strlist_drop(&f->slots);
    for (int i = 0; i < NANSWERS; i++) {
        free(f->ans[i].kw), free(f->ans[i].aliases), free(f->ans[i].vneid), free(f->ans[i].reply);
    }
    memset(f, 0, sizeof *f);
}

/* A text a browser sent: CR LF back to the LF that was typed, blanks at the ends dropped; NULL when empty. */
static char *clean_text(const char *s)
{
    char *out = xmalloc(strlen(s) + 1), *o = out;
    for (const char *p = s; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n')) *o++ = *p;
    *o = '\0';
    char *t = util_trim(out);
    if (!*t) {
        free(out);
        return NULL;
    }
    char *x = xstrdup(t);
    free(out);
    return x;
}

/* FIELD of the body, cleaned, or NULL; *TOO_LONG set when it holds more than MAX bytes. */
static char *field(struct web_req *r, const char *name, size_t max, int *too_long)
{
    char *buf = xmalloc(r->nbody + 1);   /* any value of the body fits */
    char *v = NULL;
    if (web_field(r, name, buf, r->nbody + 1) == 0) {
        if (strlen(buf) > max) *too_long = 1;
        else v = clean_text(buf);
    }
    free(buf);
    return v;
}

static void slot_name(int minutes, char *out, size_t n)
{
    snprintf(out, n, "%02d%02d", minutes / 60 % 100, minutes % 60);
}

/* The form as the browser sent it. Returns 0, or the field that was too long for its box. */
static int form_read(struct web_req *r, struct form *f)
{
    int too_long = 0, which = 0;
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
        f->v[text_fields[i].f] = field(r, text_fields[i].name, text_fields[i].max, &too_long);
        if (too_long && !which) which = text_fields[i].f;
    }
    char on[8];
    f->diacritics = web_field(r, "diacritics", on, sizeof on) == 0;
    for (size_t i = 0; i < r->cfg->nhamlets; i++) {
        char *n = xasprintf("hamlet_%s", r->cfg->hamlets[i].code);
        if (web_field(r, n, on, sizeof on) == 0) strlist_push(&f->hamlets, r->cfg->hamlets[i].code);
        free(n);
    }
    for (size_t i = 0; i < r->cfg->broadcast.nslots; i++) {
        char n[16], hm[8];
        int m = r->cfg->broadcast.slots[i];
        slot_name(m, hm, sizeof hm);
        snprintf(n, sizeof n, "slot_%s", hm);
        snprintf(hm, sizeof hm, "%02d:%02d", m / 60 % 100, m % 60);
        if (web_field(r, n, on, sizeof on) == 0) strlist_push(&f->slots, hm);
    }
    for (int i = 0; i < NANSWERS; i++) {
        char n[24];
        snprintf(n, sizeof n, "ans%d_kw", i + 1);
        f->ans[i].kw = field(r, n, 40, &too_long);
        snprintf(n, sizeof n, "ans%d_aliases", i + 1);
        f->ans[i].aliases = field(r, n, 400, &too_long);
        snprintf(n, sizeof n, "ans%d_vneid", i + 1);
        f->ans[i].vneid = field(r, n, 20, &too_long);
        snprintf(n, sizeof n, "ans%d_reply", i + 1);
        f->ans[i].reply = field(r, n, 800, &too_long);
        if (too_long && !which) which = F_ANS1 + i;
    }
    return which;
}

/* ---- form -> file text ---- */

struct gen {
    sbuf b;
    int line;                      /* lines written so far */
    int field_of[512];             /* the field each line stands for (F_GENERAL: none) */
};

static void gen_line(struct gen *g, int field_id, const char *text)
{
    sbuf_add(&g->b, text);
    sbuf_add(&g->b, "\n");
    g->line++;
    if (g->line < (int)(sizeof g->field_of / sizeof g->field_of[0])) g->field_of[g->line] = field_id;
}

/* S as a libconfig string, quotes included, appended to B. */
static void quoted(sbuf *b, const char *s)
{
    sbuf_add(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char e[8];
        if (*p == '"' || *p == '\\') snprintf(e, sizeof e, "\\%c", *p);
        else if (*p == '\n') snprintf(e, sizeof e, "\\n");
        else if (*p == '\t') snprintf(e, sizeof e, "\\t");
        else if (*p < 0x20 || *p == 0x7f) snprintf(e, sizeof e, "\\x%02x", *p);
        else snprintf(e, sizeof e, "%c", *p);
        sbuf_add(b, e);
    }
    sbuf_add(b, "\"");
}

static void gen_str(struct gen *g, int field_id, const char *indent, const char *key, const char *v)
{
    sbuf l = {0};
    sbuf_add(&l, indent);
    sbuf_add(&l, key);
    sbuf_add(&l, " = ");
    quoted(&l, v);
    sbuf_add(&l, ";");
    gen_line(g, field_id, sbuf_str(&l));
    sbuf_free(&l);
}

/* A comma-separated list V as [ "a", "b" ]; with NUMBERS, items of digits only are written as numbers (days of
 * the month). Empty items are dropped. */
static void list_items(sbuf *l, const char *v, int numbers)
{
    char *copy = xstrdup(v), *save = NULL;
    int first = 1;
    sbuf_add(l, "[ ");
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        t = util_trim(t);
        if (!*t) continue;
        if (!first) sbuf_add(l, ", ");
        first = 0;
        if (numbers && strspn(t, "0123456789") == strlen(t) && strlen(t) <= 3) sbuf_add(l, t);
        else quoted(l, t);
    }
    sbuf_add(l, " ]");
    free(copy);
}

static void gen_list(struct gen *g, int field_id, const char *indent, const char *key, const char *v, int numbers)
{
    sbuf l = {0};
    sbuf_add(&l, indent);
    sbuf_add(&l, key);
    sbuf_add(&l, " = ");
    list_items(&l, v, numbers);
    sbuf_add(&l, ";");
    gen_line(g, field_id, sbuf_str(&l));
    sbuf_free(&l);
}

static char *joined(const struct cfg_strlist *l)
{
    sbuf b = {0};
    for (size_t i = 0; i < l->n; i++) {
        if (i) sbuf_add(&b, ", ");
        sbuf_add(&b, l->v[i]);
    }
    char *s = xstrdup(sbuf_str(&b));
    sbuf_free(&b);
    return s;
}

/* The campaign file F stands for, written by USER at NOW, into G (line by line, each line's field noted). */
static void form_to_text(const struct form *f, const char *user, time_t now, struct gen *g)
{
    char t[24], *head = xasprintf(FORM_MARK ": %s, %s. Edit it on the page (Soạn chiến dịch); delete this line to "
                                  "edit it by hand.", user, util_fmt_time(now, t, sizeof t));
    memset(g, 0, sizeof *g);
    gen_line(g, F_GENERAL, head);
    free(head);
    gen_str(g, F_ID, "", "id", f->v[F_ID] ? f->v[F_ID] : "");
    gen_str(g, F_TITLE, "", "title", f->v[F_TITLE] ? f->v[F_TITLE] : "");
    gen_line(g, F_GENERAL, f->enabled ? "enabled = true;" : "enabled = false;");
    if (f->v[F_FROM]) gen_str(g, F_FROM, "", "from", f->v[F_FROM]);
    if (f->v[F_UNTIL]) gen_str(g, F_UNTIL, "", "until", f->v[F_UNTIL]);
    if (f->v[F_EV_DATE] || f->v[F_EV_PLACE]) {
        gen_line(g, F_EV_DATE, "vars: {");
        if (f->v[F_EV_DATE]) gen_str(g, F_EV_DATE, "  ", "ngay_hop", f->v[F_EV_DATE]);
        if (f->v[F_EV_PLACE]) gen_str(g, F_EV_PLACE, "  ", "dia_diem", f->v[F_EV_PLACE]);
        gen_line(g, F_EV_DATE, "};");
    }
    if (f->hamlets.n || f->v[F_TAGS] || (f->v[F_VNEID] && strcmp(f->v[F_VNEID], "any"))) {
        gen_line(g, F_GENERAL, "audience: {");
        if (f->hamlets.n) {
            char *h = joined(&f->hamlets);
            gen_list(g, F_HAMLETS, "  ", "hamlets", h, 0);
            free(h);
        }
        if (f->v[F_TAGS]) gen_list(g, F_TAGS, "  ", "tags", f->v[F_TAGS], 0);
        if (f->v[F_VNEID] && strcmp(f->v[F_VNEID], "any")) gen_str(g, F_VNEID, "  ", "vneid", f->v[F_VNEID]);
        gen_line(g, F_GENERAL, "};");
    }
    if (f->v[F_SMS_TEXT]) {
        gen_line(g, F_SMS_TEXT, "sms: {");
        gen_str(g, F_SMS_TEXT, "  ", "text", f->v[F_SMS_TEXT]);
        gen_line(g, F_DIACRITICS, f->diacritics ? "  diacritics = true;" : "  diacritics = false;");
        if (f->v[F_MAX_PARTS]) {
            long long n;
            if (util_parse_int(f->v[F_MAX_PARTS], &n) == 0 && n >= 0 && n <= 99) {
                char *l = xasprintf("  max_parts = %lld;", n);
                gen_line(g, F_MAX_PARTS, l);
                free(l);
            } else gen_str(g, F_MAX_PARTS, "  ", "max_parts", f->v[F_MAX_PARTS]);   /* the checker says what is wrong */
        }
        gen_line(g, F_SMS_TIMES, "  schedule: {");
        if (f->v[F_SMS_AT]) gen_list(g, F_SMS_AT, "    ", "at", f->v[F_SMS_AT], 0);
        if (f->v[F_SMS_TIMES]) gen_list(g, F_SMS_TIMES, "    ", "times", f->v[F_SMS_TIMES], 0);
        if (f->v[F_SMS_DAYS]) gen_list(g, F_SMS_DAYS, "    ", "days", f->v[F_SMS_DAYS], 1);
        gen_line(g, F_SMS_TIMES, "  };");
        gen_line(g, F_SMS_TEXT, "};");
    }
    if (f->v[F_BC_TEXT]) {
        gen_line(g, F_BC_TEXT, "broadcast: {");
        gen_str(g, F_BC_TEXT, "  ", "text", f->v[F_BC_TEXT]);
        if (f->v[F_BC_LEVEL]) gen_str(g, F_BC_LEVEL, "  ", "level", f->v[F_BC_LEVEL]);
        if (f->slots.n || f->v[F_BC_DAYS]) {
            gen_line(g, F_BC_SLOTS, "  schedule: {");
            if (f->slots.n) {
                char *s = joined(&f->slots);
                gen_list(g, F_BC_SLOTS, "    ", "times", s, 0);
                free(s);
            }
            if (f->v[F_BC_DAYS]) gen_list(g, F_BC_DAYS, "    ", "days", f->v[F_BC_DAYS], 1);
            gen_line(g, F_BC_SLOTS, "  };");
        }
        gen_line(g, F_BC_TEXT, "};");
    }
    int any = 0;
    for (int i = 0; i < NANSWERS; i++) any |= f->ans[i].kw || f->ans[i].aliases || f->ans[i].reply;
    if (!any) return;
    gen_line(g, F_GENERAL, "replies = (");
    int first = 1;
    for (int i = 0; i < NANSWERS; i++) {
        const struct answer *a = &f->ans[i];
        if (!a->kw && !a->aliases && !a->reply) continue;
        sbuf l = {0};
        sbuf_add(&l, first ? "  { keyword = " : "  , { keyword = ");
        first = 0;
        quoted(&l, a->kw ? a->kw : "");
        sbuf_add(&l, ";");
        if (a->aliases) {
            sbuf_add(&l, " aliases = ");
            list_items(&l, a->aliases, 0);
            sbuf_add(&l, ";");
        }
        if (a->vneid && *a->vneid) {
            sbuf_add(&l, " vneid = ");
            quoted(&l, a->vneid);
            sbuf_add(&l, ";");
        }
        if (a->reply) {
            sbuf_add(&l, " reply = ");
            quoted(&l, a->reply);
            sbuf_add(&l, ";");
        }
        sbuf_add(&l, " }");
        gen_line(g, F_ANS1 + i, sbuf_str(&l));
        sbuf_free(&l);
    }
    gen_line(g, F_GENERAL, ");");
}

/* ---- file -> form (a file this page wrote: its keys are where the form put them) ---- */

/* The value at PATH ("sms.schedule.at": config_setting_lookup follows dots) of G: a string, or NULL. */
static char *setting_str(config_setting_t *g, const char *path)
{
    config_setting_t *x = g ? config_setting_lookup(g, path) : NULL;
    const char *s = x ? config_setting_get_string(x) : NULL;
    return s && *s ? xstrdup(s) : NULL;
}

/* A boolean at PATH, DEF when absent. */
static int setting_bool(config_setting_t *g, const char *path, int def)
{
    config_setting_t *x = config_setting_lookup(g, path);
    return x && config_setting_type(x) == CONFIG_TYPE_BOOL ? config_setting_get_bool(x) : def;
}

/* The list at PATH of G as "a, b, 15". */
static char *setting_list(config_setting_t *g, const char *path)
{
    config_setting_t *l = g ? config_setting_lookup(g, path) : NULL;
    if (!l) return NULL;
    sbuf b = {0};
    for (int i = 0; i < config_setting_length(l); i++) {
        config_setting_t *e = config_setting_get_elem(l, (unsigned)i);
        if (i) sbuf_add(&b, ", ");
        if (config_setting_type(e) == CONFIG_TYPE_INT) {
            char n[24];
            snprintf(n, sizeof n, "%d", config_setting_get_int(e));
            sbuf_add(&b, n);
        } else if (config_setting_get_string(e)) sbuf_add(&b, config_setting_get_string(e));
    }
    char *s = b.len ? xstrdup(sbuf_str(&b)) : NULL;
    sbuf_free(&b);
    return s;
}

static void setting_strs(config_setting_t *g, const char *path, struct cfg_strlist *out)
{
    config_setting_t *l = g ? config_setting_lookup(g, path) : NULL;
    for (int i = 0; l && i < config_setting_length(l); i++) {
        const char *s = config_setting_get_string(config_setting_get_elem(l, (unsigned)i));
        if (s) strlist_push(out, s);
    }
}

/* FILE (one this page wrote) into F: 0, or -1 when libconfig cannot read it. */
static int form_from_file(const char *file, struct form *f)
{
    config_t lc;
    config_init(&lc);
    memset(f, 0, sizeof *f);
    if (config_read_file(&lc, file) != CONFIG_TRUE) {
        config_destroy(&lc);
        return -1;
    }
    config_setting_t *root = config_root_setting(&lc);
    f->v[F_ID] = setting_str(root, "id");
    f->v[F_TITLE] = setting_str(root, "title");
    f->v[F_FROM] = setting_str(root, "from");
    f->v[F_UNTIL] = setting_str(root, "until");
    f->enabled = setting_bool(root, "enabled", 0);
    f->v[F_EV_DATE] = setting_str(root, "vars.ngay_hop");
    f->v[F_EV_PLACE] = setting_str(root, "vars.dia_diem");
    setting_strs(root, "audience.hamlets", &f->hamlets);
    f->v[F_TAGS] = setting_list(root, "audience.tags");
    f->v[F_VNEID] = setting_str(root, "audience.vneid");
    f->v[F_SMS_TEXT] = setting_str(root, "sms.text");
    f->diacritics = setting_bool(root, "sms.diacritics", 1);
    config_setting_t *mp = config_setting_lookup(root, "sms.max_parts");
    if (mp && config_setting_type(mp) == CONFIG_TYPE_INT) f->v[F_MAX_PARTS] = xasprintf("%d", config_setting_get_int(mp));
    f->v[F_SMS_AT] = setting_list(root, "sms.schedule.at");
    f->v[F_SMS_TIMES] = setting_list(root, "sms.schedule.times");
    f->v[F_SMS_DAYS] = setting_list(root, "sms.schedule.days");
    f->v[F_BC_TEXT] = setting_str(root, "broadcast.text");
    f->v[F_BC_LEVEL] = setting_str(root, "broadcast.level");
    setting_strs(root, "broadcast.schedule.times", &f->slots);
    f->v[F_BC_DAYS] = setting_list(root, "broadcast.schedule.days");
    config_setting_t *rs = config_setting_lookup(root, "replies");
    for (int i = 0; rs && i < config_setting_length(rs) && i < NANSWERS; i++) {
        config_setting_t *a = config_setting_get_elem(rs, (unsigned)i);
        f->ans[i].kw = setting_str(a, "keyword");
        f->ans[i].aliases = setting_list(a, "aliases");
        f->ans[i].vneid = setting_str(a, "vneid");
        f->ans[i].reply = setting_str(a, "reply");
    }
    config_destroy(&lc);
    return 0;
}

/* 1 when FILE's first line is the form's mark. */
static int written_by_form(const char *file)
{
    char line[64] = "";
    FILE *fp = fopen(file, "r");
    if (!fp) return 0;
    int ok = fgets(line, sizeof line, fp) && !strncmp(line, FORM_MARK, strlen(FORM_MARK));
    fclose(fp);
    return ok;
}

/* ---- the check and the atomic write ---- */

struct problem { int line; char *text; };   /* LINE of the file's text (0: the file as a whole); < 0: -(a field F_*) */
struct problems {
    struct problem *v;
    size_t n;
    struct cfg_strlist warnings;   /* shown, not in the way */
};

static void problems_add(struct problems *p, int line, char *text)
{
    p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
    p->v[p->n].line = line;
    p->v[p->n++].text = text;
}

static void problems_clear(struct problems *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->v[i].text);
    free(p->v);
    strlist_drop(&p->warnings);
    memset(p, 0, sizeof *p);
}

/* A cfg_msg's sentence in the officer's language; its place (FILE:LINE) left to the caller. */
static char *msg_sentence(const struct cfg_msg *m)
{
    struct cfg_msg bare = *m;
    bare.file = NULL;
    return config_msg_text(&bare, _(m->kind));
}

/* "TMP:LINE: sentence" (campaign_check_all's) into its line and sentence; 0, or -1 when not about TMP. */
static int split_line(const char *s, const char *tmp, int *line, const char **rest)
{
    size_t n = strlen(tmp);
    if (strncmp(s, tmp, n) || s[n] != ':') return -1;
    char *end;
    long l = strtol(s + n + 1, &end, 10);
    *line = end > s + n + 1 && *end == ':' ? (int)l : 0;
    *rest = *line ? end + 1 : s + n + 1;
    while (**rest == ' ') (*rest)++;
    return 0;
}

/* The text about to become FILE (replacing it if it exists; SKIP: the file of the campaign it replaces, or NULL)
 * into a temporary file beside it (written and fsync'd), then read by the loader and the campaign-wide check
 * exactly as `loa check` reads the folder with it in place. Its problems into P (lines are the text's); the
 * temporary file's path into *TMP (caller frees and, when it is not renamed, removes it). -1 with ERR when it
 * cannot be written. */
static int check_text(struct web_req *r, const char *file, const char *skip, const char *text, struct problems *p,
                      char **tmp, char *err)
{
    char *dir = util_dirname(file), *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : (char *)file;
    *tmp = xasprintf("%s/.%s.web-new", dir, base);
    free(dir);
    int fd = open(*tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    size_t n = strlen(text);
    int ok = fd >= 0 && write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
    if (fd >= 0 && close(fd) < 0) ok = 0;
    if (!ok) {
        int e = errno;
        if (e == EROFS || e == EACCES || e == EPERM)   /* /etc under ProtectSystem=strict: say where it belongs */
            util_err(err, _("%s cannot be written (%s): campaigns_dir must be a folder the service may write, "
                            "/var/lib/loa/campaigns when installed."), r->cfg->campaigns_dir, strerror(e));
        else util_err(err, "%s: %s", *tmp, strerror(e));
        unlink(*tmp);
        return -1;
    }
    struct config *cfg = config_load_swap(r->cfg->path, skip, *tmp);
    for (size_t i = 0; i < cfg->error_msgs.n; i++) {
        const struct cfg_msg *m = &cfg->error_msgs.v[i];
        char *s = msg_sentence(m);
        if (m->file && !strcmp(m->file, *tmp)) problems_add(p, m->line, s);
        else {   /* another file is wrong: `loa run` would refuse the whole configuration, this save with it */
            problems_add(p, 0, config_msg_text(m, _(m->kind)));
            free(s);
        }
    }
    for (size_t i = 0; i < cfg->warning_msgs.n; i++) {
        const struct cfg_msg *m = &cfg->warning_msgs.v[i];
        if (m->file && !strcmp(m->file, *tmp)) {
            char *s = msg_sentence(m);
            strlist_push(&p->warnings, s);
            free(s);
        }
    }
    if (!p->n) {   /* the campaign-wide check (`loa check`'s second half) of this campaign, judged as if it were
                    * switched on (a new one is saved off): what would stop it is said now, not at the switch */
        struct config one = *cfg;
        struct cfg_campaign on;
        one.campaigns = NULL;
        one.ncampaigns = 0;
        for (size_t i = 0; i < cfg->ncampaigns; i++)
            if (!strcmp(cfg->campaigns[i].file, *tmp)) {
                on = cfg->campaigns[i];
                on.enabled = 1;
                one.campaigns = &on, one.ncampaigns = 1;
            }
        struct cfg_strlist warns = {0}, errs = {0};
        char cerr[LOA_ERRLEN];
        if (campaign_check_all(r->st, &one, util_now(), &warns, &errs, cerr) < 0) problems_add(p, 0, xstrdup(cerr));
        for (size_t i = 0; i < errs.n; i++) {
            int line;
            const char *rest;
            if (split_line(errs.v[i], *tmp, &line, &rest) == 0) problems_add(p, line, xstrdup(rest));
            else problems_add(p, 0, xstrdup(errs.v[i]));
        }
        for (size_t i = 0; i < warns.n; i++) {
            int line;
            const char *rest;
            strlist_push(&p->warnings, split_line(warns.v[i], *tmp, &line, &rest) == 0 ? rest : warns.v[i]);
        }
        strlist_drop(&warns);
        strlist_drop(&errs);
    }
    config_free(cfg);
    return 0;
}

/* The configuration the page serves from: the one `loa web` started with, until a save here reads it again. One
 * request at a time (the server's single thread), so the one replaced is freed at the next replacement. */
static struct config *live, *retired;

struct config *web_config_now(struct config *base)
{
    return live ? live : base;
}

void web_config_done(void)
{
    config_free(live);
    config_free(retired);
    live = retired = NULL;
}

static void reread_config(struct web_req *r)
{
    struct config *cfg = config_load(r->cfg->path);
    if (cfg->errors.n) {   /* changed by hand meanwhile: keep serving the one that loaded */
        log_warn("web: %s has %zu errors after a save; the page keeps the configuration it had", r->cfg->path, cfg->errors.n);
        config_free(cfg);
        return;
    }
    config_free(retired);
    retired = live;
    live = cfg;
}

/* TMP into place as FILE (rename, then the folder fsync'd so the rename outlives a power cut), the event naming the
 * user, the reload request for `loa run`, the page's own configuration read again. 0, or -1 with ERR. */
static int install(struct web_req *r, const char *tmp, const char *file, const char *id, const char *kind, char *err)
{
    if (rename(tmp, file) < 0) {
        util_err(err, "%s: %s", file, strerror(errno));
        unlink(tmp);
        return -1;
    }
    char *dir = util_dirname(file);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        if (fsync(dfd) < 0) log_warn("web: fsync %s: %s", dir, strerror(errno));
        close(dfd);
    }
    free(dir);
    char *by = xasprintf("web:%s", r->s.name ? r->s.name : "?");
    if (store_reload_request(r->st, by, file, util_now()) < 0)
        log_error("web: the reload request for %s was not recorded (%s): `systemctl reload loa` reads it",
                  file, store_errmsg(r->st));
    free(by);
    web_event(r, kind, id);
    log_info("web: %s wrote %s (%s)", r->s.name ? r->s.name : "?", file, kind);
    reread_config(r);
    return 0;
}

/* ---- the pages ---- */

static void esc_or_empty(struct web_req *r, const char *s)
{
    if (s) web_esc_r(r, s);
}

/* The errors of field F (line -> field through FIELD_OF), each as <p class="error" data-field=NAME>. */
static void field_errors(struct web_req *r, const struct problems *p, const int *field_of, int f, const char *name)
{
    for (size_t i = 0; p && i < p->n; i++) {
        int l = p->v[i].line, of = l < 0 ? -l : l > 0 && l < 512 ? field_of[l] : F_GENERAL;
        if (of != f) continue;
        web_add(r, "<p class=\"error\" data-field=\"");
        web_esc_r(r, name);
        web_add(r, "\">");
        web_esc_r(r, p->v[i].text);
        web_add(r, "</p>");
    }
}

static void input(struct web_req *r, const char *label, const char *name, const char *value, const char *type,
                  const char *hint, const struct problems *p, const int *field_of, int f)
{
    web_add(r, "<label>");
    web_esc_r(r, label);
    web_add(r, " <input name=\"");
    web_esc_r(r, name);
    web_add(r, "\" type=\"");
    web_esc_r(r, type);
    web_add(r, "\" value=\"");
    esc_or_empty(r, value);
    web_add(r, "\">");
    if (hint) {
        web_add(r, " <small>");
        web_esc_r(r, hint);
        web_add(r, "</small>");
    }
    web_add(r, "</label>");
    field_errors(r, p, field_of, f, name);
}

static void textarea(struct web_req *r, const char *label, const char *name, const char *value, int rows,
                     const struct problems *p, const int *field_of, int f)
{
    web_add(r, "<label>");
    web_esc_r(r, label);
    web_addf(r, " <textarea rows=\"%d\" name=\"", rows);
    web_esc_r(r, name);
    web_add(r, "\" id=\"");
    web_esc_r(r, name);
    web_add(r, "\">");
    esc_or_empty(r, value);
    web_add(r, "</textarea></label>");
    field_errors(r, p, field_of, f, name);
}

static void option(struct web_req *r, const char *value, const char *label, const char *current)
{
    web_option(r, value, label, current && !strcmp(current, value));
}

static void vneid_select(struct web_req *r, const char *name, const char *current, int poll)
{
    web_add(r, "<select name=\"");
    web_esc_r(r, name);
    web_add(r, "\">");
    if (poll) option(r, "", _("(does not change it)"), current);
    else option(r, "any", _("any"), current);
    option(r, "not_activated", _("not activated"), current);
    option(r, "activated", _("activated"), current);
    if (!poll) option(r, "unknown", _("not known"), current);
    web_add(r, "</select>");
}

static int listed(const struct cfg_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], s)) return 1;
    return 0;
}

static void heading(struct web_req *r, const char *text)
{
    web_add(r, "<h2>");
    web_esc_r(r, text);
    web_add(r, "</h2>");
}

/* The general problems (a line no field stands for), as a list above the form. */
static void general_errors(struct web_req *r, const struct problems *p, const int *field_of)
{
    int any = 0;
    for (size_t i = 0; p && i < p->n; i++) {
        int l = p->v[i].line;
        if (field_of && (l < 0 || (l > 0 && l < 512 && field_of[l] != F_GENERAL))) continue;
        if (!any) {
            web_add(r, "<div class=\"error\" id=\"errors\"><p>");
            web_esc_r(r, _("Nothing was saved: correct what is marked."));
            web_add(r, "</p><ul>");
        }
        any = 1;
        web_add(r, "<li>");
        if (l > 0 && !field_of) {
            char *s = xasprintf(_("line %d"), l);
            web_add(r, "<span class=\"line\">");
            web_esc_r(r, s);
            web_add(r, "</span>: ");
            free(s);
        }
        web_esc_r(r, p->v[i].text);
        web_add(r, "</li>");
    }
    if (any) web_add(r, "</ul></div>");
    else if (p && p->n) {
        web_add(r, "<p class=\"error\" id=\"errors\">");
        web_esc_r(r, _("Nothing was saved: correct what is marked."));
        web_add(r, "</p>");
    }
    for (size_t i = 0; p && i < p->warnings.n; i++) {
        web_add(r, "<p class=\"warn\">");
        web_esc_r(r, p->warnings.v[i]);
        web_add(r, "</p>");
    }
}

/* The form's parts, each with its fields' errors beside them. */
static void form_campaign(struct web_req *r, const struct form *f, const struct problems *p, const int *field_of,
                          int readonly_id)
{
    heading(r, _("The campaign"));
    if (readonly_id) {   /* an edit keeps the file's id: shown, not sent back (the hidden orig names the file) */
        web_add(r, "<p id=\"id-shown\">");
        web_esc_r(r, _("Id (letters, digits, - and _; the file's name)"));
        web_add(r, ": <code>");
        esc_or_empty(r, f->v[F_ID]);
        web_add(r, "</code></p>");
    } else input(r, _("Id (letters, digits, - and _; the file's name)"), "id", f->v[F_ID], "text", NULL, p, field_of, F_ID);
    input(r, _("Title"), "title", f->v[F_TITLE], "text", NULL, p, field_of, F_TITLE);
    input(r, _("From (first day)"), "from", f->v[F_FROM], "date", NULL, p, field_of, F_FROM);
    input(r, _("Until (last day)"), "until", f->v[F_UNTIL], "date", NULL, p, field_of, F_UNTIL);
    heading(r, _("Who receives it"));
    web_add(r, "<fieldset id=\"hamlets\"><legend>");
    web_esc_r(r, _("Hamlets (none ticked: every hamlet)"));
    web_add(r, "</legend>");
    for (size_t i = 0; i < r->cfg->nhamlets; i++) {
        const struct cfg_hamlet *h = &r->cfg->hamlets[i];
        if (h->merged_into) continue;
        web_add(r, "<label class=\"tick\"><input type=\"checkbox\" name=\"hamlet_");
        web_esc_r(r, h->code);
        web_add(r, listed(&f->hamlets, h->code) ? "\" checked> " : "\"> ");
        web_esc_r(r, h->name);
        web_add(r, "</label>");
    }
    web_add(r, "</fieldset>");
    field_errors(r, p, field_of, F_HAMLETS, "hamlets");
    input(r, _("Tags (comma-separated; residents with any of them)"), "tags", f->v[F_TAGS], "text", NULL, p, field_of, F_TAGS);
    web_add(r, "<label>");
    web_esc_r(r, _("VNeID status"));
    web_add(r, " ");
    vneid_select(r, "vneid", f->v[F_VNEID] ? f->v[F_VNEID] : "any", 0);
    web_add(r, "</label>");
    field_errors(r, p, field_of, F_VNEID, "vneid");
    heading(r, _("The event"));
    input(r, _("Event date ({ngay_hop} in the texts)"), "ev_date", f->v[F_EV_DATE], "text", "YYYY-MM-DD", p, field_of, F_EV_DATE);
    input(r, _("Event place ({dia_diem} in the texts)"), "ev_place", f->v[F_EV_PLACE], "text", NULL, p, field_of, F_EV_PLACE);
}

static void form_sms(struct web_req *r, const struct form *f, const struct problems *p, const int *field_of)
{
    heading(r, _("The SMS"));
    textarea(r, _("SMS text ({ten|bà con}, {xom}, {xa}…)"), "sms_text", f->v[F_SMS_TEXT], 4, p, field_of, F_SMS_TEXT);
    web_add(r, "<p id=\"sms-count\" class=\"count\" aria-live=\"polite\"></p>");
    web_add(r, "<label class=\"tick\"><input type=\"checkbox\" name=\"diacritics\" id=\"diacritics\" value=\"1\"");
    web_add(r, f->diacritics ? " checked> " : "> ");
    web_esc_r(r, _("With Vietnamese marks (without: GSM-7, cheaper)"));
    web_add(r, "</label>");
    field_errors(r, p, field_of, F_DIACRITICS, "diacritics");
    input(r, _("Most parts (empty: the configuration's)"), "max_parts", f->v[F_MAX_PARTS], "number", NULL, p, field_of, F_MAX_PARTS);
    input(r, _("Send once at (\"2026-12-05 08:00\", comma-separated)"), "sms_at", f->v[F_SMS_AT], "text", NULL, p, field_of, F_SMS_AT);
    input(r, _("Or at times of day (\"08:00, 17:30\")"), "sms_times", f->v[F_SMS_TIMES], "text", NULL, p, field_of, F_SMS_TIMES);
    input(r, _("On days (\"t2, t5\" or days of the month \"1, 15\"; empty: every day)"), "sms_days", f->v[F_SMS_DAYS], "text",
          NULL, p, field_of, F_SMS_DAYS);
}

static void form_broadcast(struct web_req *r, const struct form *f, const struct problems *p, const int *field_of)
{
    heading(r, _("The loudspeaker announcement"));
    textarea(r, _("Announcement text"), "bc_text", f->v[F_BC_TEXT], 4, p, field_of, F_BC_TEXT);
    web_add(r, "<label>");
    web_esc_r(r, _("Level"));
    web_add(r, " <select name=\"bc_level\">");
    const char *lv = f->v[F_BC_LEVEL] ? f->v[F_BC_LEVEL] : "thuong";
    option(r, "thuong", _("normal"), lv);
    option(r, "uu-tien", _("priority"), lv);
    option(r, "khan-cap", _("emergency"), lv);
    web_add(r, "</select></label>");
    field_errors(r, p, field_of, F_BC_LEVEL, "bc_level");
    web_add(r, "<fieldset id=\"slots\"><legend>");
    web_esc_r(r, _("Slots (none ticked: every slot)"));
    web_add(r, "</legend>");
    for (size_t i = 0; i < r->cfg->broadcast.nslots; i++) {
        int m = r->cfg->broadcast.slots[i];
        char hm[8], hhmm[8];
        slot_name(m, hm, sizeof hm);
        snprintf(hhmm, sizeof hhmm, "%02d:%02d", m / 60 % 100, m % 60);
        web_addf(r, "<label class=\"tick\"><input type=\"checkbox\" name=\"slot_%s\"%s> %s</label>", hm,
                 listed(&f->slots, hhmm) ? " checked" : "", hhmm);
    }
    web_add(r, "</fieldset>");
    field_errors(r, p, field_of, F_BC_SLOTS, "slots");
    input(r, _("On days (empty: every day)"), "bc_days", f->v[F_BC_DAYS], "text", NULL, p, field_of, F_BC_DAYS);
}

static void form_answers(struct web_req *r, const struct form *f, const struct problems *p, const int *field_of)
{
    heading(r, _("Poll answers"));
    for (int i = 0; i < NANSWERS; i++) {
        const struct answer *a = &f->ans[i];
        char n[24];
        web_addf(r, "<fieldset class=\"answer\" id=\"ans%d\"><legend>", i + 1);
        char *lg = xasprintf(_("Answer %d"), i + 1);
        web_esc_r(r, lg);
        free(lg);
        web_add(r, "</legend>");
        snprintf(n, sizeof n, "ans%d_kw", i + 1);
        input(r, _("Keyword (\"CO\")"), n, a->kw, "text", NULL, NULL, field_of, -1);
        snprintf(n, sizeof n, "ans%d_aliases", i + 1);
        input(r, _("Other ways to say it (comma-separated)"), n, a->aliases, "text", NULL, NULL, field_of, -1);
        web_add(r, "<label>");
        web_esc_r(r, _("Sets the resident's VNeID status"));
        web_add(r, " ");
        snprintf(n, sizeof n, "ans%d_vneid", i + 1);
        vneid_select(r, n, a->vneid ? a->vneid : "", 1);
        web_add(r, "</label>");
        snprintf(n, sizeof n, "ans%d_reply", i + 1);
        input(r, _("Answer sent back"), n, a->reply, "text", NULL, NULL, field_of, -1);
        snprintf(n, sizeof n, "ans%d", i + 1);
        field_errors(r, p, field_of, F_ANS1 + i, n);
        web_add(r, "</fieldset>");
    }
}

static void form_page(struct web_req *r, const struct form *f, const char *orig, const struct problems *p,
                      const int *field_of)
{
    static const int none[512];
    if (!field_of) field_of = none;
    web_page_begin(r, _("Compose a campaign"), "/compose");
    general_errors(r, p, field_of);
    web_form_begin(r, "/compose", "compose");
    if (orig) {
        web_add(r, "<input type=\"hidden\" name=\"orig\" value=\"");
        web_esc_r(r, orig);
        web_add(r, "\">");
    }
    form_campaign(r, f, p, field_of, orig != NULL);
    form_sms(r, f, p, field_of);
    form_broadcast(r, f, p, field_of);
    form_answers(r, f, p, field_of);
    web_add(r, "<p>");
    web_esc_r(r, f->enabled ? _("This campaign is switched on: a save changes what it sends.")
                            : _("A campaign is saved switched off: its page then shows the preview and the button that "
                                "switches it on."));
    web_add(r, "</p><button type=\"submit\" id=\"save\">");
    web_esc_r(r, _("Check and save"));
    web_add(r, "</button>");
    web_form_end(r);
    web_add(r, "<script src=\"/app.js\" defer></script>");   /* the live count; the form works without it */
    web_page_end(r);
}


/* A hand-written file as its text, with the checker's errors by line. */
static void text_page(struct web_req *r, const char *orig, const char *file, const char *text, const struct problems *p)
{
    web_page_begin(r, _("Compose a campaign"), "/compose");
    web_add(r, "<p id=\"hand-written\">");
    char *s = xasprintf(_("%s was written by hand: it is edited as text, so that every comment stays."), file);
    web_esc_r(r, s);
    free(s);
    web_add(r, "</p>");
    general_errors(r, p, NULL);
    web_form_begin(r, "/compose/text", "compose");
    web_add(r, "<input type=\"hidden\" name=\"orig\" value=\"");
    web_esc_r(r, orig);
    web_add(r, "\"><textarea name=\"text\" id=\"text\" rows=\"30\" spellcheck=\"false\">");
    web_esc_r(r, text);
    web_add(r, "</textarea><button type=\"submit\" id=\"save\">");
    web_esc_r(r, _("Check and save"));
    web_add(r, "</button>");
    web_form_end(r);
    web_page_end(r);
}

/* K's preview as if it were switched on (a new campaign is saved off: this is what switching it on would do). */
static void preview_section(struct web_req *r, const struct cfg_campaign *off)
{
    struct view_preview p;
    struct cfg_campaign on = *off;
    const struct cfg_campaign *k = &on;
    char err[LOA_ERRLEN];
    on.enabled = 1;
    time_t now = util_now();
    if (view_preview(r->st, r->cfg, k, now, 5, &p, err) < 0) {
        view_preview_clear(&p);
        web_add(r, "<p class=\"error\">");
        web_esc_r(r, err);
        web_add(r, "</p>");
        return;
    }
    web_campaign_preview(r, &p);
    /* how long a run takes on the modems, as `loa campaign preview` says it */
    if (k->has_sms && (p.ndue || p.nruns)) {
        time_t start = p.ndue ? now : p.runs[0], end = p.ends[0];   /* a due run goes now */
        web_add(r, "<p id=\"run-takes\">");
        if (!p.pace.modems) web_esc_r(r, _("No modem is enabled in sms.modems: nothing would be sent."));
        else if (end == -1) web_esc_r(r, _("A run would take more than ten years on the enabled modems."));
        else if (end == start || p.e.parts == 0) web_esc_r(r, _("A run goes as fast as the modems take it (no rate_per_minute set)."));
        else {
            long long mins = ((long long)(end - start) + 59) / 60;
            char *s = xasprintf(ngettext("A run takes about %lld minute on the enabled modems.",
                                         "A run takes about %lld minutes on the enabled modems.", (unsigned long)mins), mins);
            web_esc_r(r, s);
            free(s);
        }
        web_add(r, "</p>");
    }
    view_preview_clear(&p);
}

/* GET /compose: a new campaign's empty form; ?id=ID: that campaign's file, as the form (a file the form wrote, then
 * its preview and the switch) or as text (written by hand). */
void web_compose(struct web_req *r)
{
    const char *id = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "id");
    if (!id || !*id) {
        struct form f = {.diacritics = 1};
        form_page(r, &f, NULL, NULL, NULL);
        return;
    }
    const struct cfg_campaign *k = config_campaign(r->cfg, id);
    if (!k) {
        web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such campaign."), "/campaigns");
        return;
    }
    if (!written_by_form(k->file)) {
        char *text = util_read_text(k->file);
        if (!text) {
            web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, strerror(errno), "/campaigns");
            return;
        }
        struct problems p = {0};   /* the file loaded (the page runs on it): its warnings, as `loa check` gives them */
        for (size_t i = 0; i < r->cfg->warning_msgs.n; i++) {
            const struct cfg_msg *m = &r->cfg->warning_msgs.v[i];
            if (!m->file || strcmp(m->file, k->file)) continue;
            char *w = msg_sentence(m), *at = m->line ? xasprintf(_("line %d"), m->line) : NULL;
            char *s = at ? xasprintf("%s: %s", at, w) : xstrdup(w);
            strlist_push(&p.warnings, s);
            free(s), free(at), free(w);
        }
        text_page(r, k->id, k->file, text, &p);
        problems_clear(&p);
        free(text);
        return;
    }
    struct form f;
    if (form_from_file(k->file, &f) < 0) {
        form_clear(&f);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, _("This campaign's file cannot be read."), "/campaigns");
        return;
    }
    form_page(r, &f, k->id, NULL, NULL);
    form_clear(&f);
}

/* The file a save writes: a new campaign's in campaigns_dir, named by its id; an existing one's own. NULL (a
 * message answered) when that is not allowed. */
static char *target_file(struct web_req *r, const char *orig, const char *id, int form_only, const char **skip)
{
    *skip = NULL;
    if (orig) {
        const struct cfg_campaign *k = config_campaign(r->cfg, orig);
        if (!k) {
            web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such campaign."), "/campaigns");
            return NULL;
        }
        if (form_only && !written_by_form(k->file)) {
            web_message(r, MHD_HTTP_CONFLICT, _("This campaign's file was written by hand: edit it as text."), "/campaigns");
            return NULL;
        }
        *skip = k->file;
        return xstrdup(k->file);
    }
    return xasprintf("%s/%s.cfg", r->cfg->campaigns_dir, id);
}

/* An id good enough to name a file (the loader says more about it). */
static int id_ok(const char *id)
{
    return id && *id && strlen(id) <= 64 && strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == strlen(id);
}

/* The form F checked and, when the checker finds nothing, written as ORIG's file (or a new one); else the form again,
 * each error beside its field, nothing written. */
static void save_form(struct web_req *r, struct form *f, const char *orig, int too_long)
{
    struct problems p = {0};
    static int field_of_none[512];
    /* what the form asks before the checker: a file it may name, an answer with its keyword, something to send
     * (the loader would only warn of a campaign that does nothing) */
    if (too_long) problems_add(&p, -too_long, xstrdup(_("Longer than this box allows.")));
    else if (!orig && !id_ok(f->v[F_ID])) problems_add(&p, -F_ID, xstrdup(_("Write an id of letters, digits, - and _ (at most 64).")));
    for (int i = 0; i < NANSWERS; i++)
        if (!f->ans[i].kw && (f->ans[i].aliases || f->ans[i].reply || (f->ans[i].vneid && *f->ans[i].vneid)))
            problems_add(&p, -(F_ANS1 + i), xstrdup(_("Write the keyword the resident answers (\"CO\").")));
    if (!f->v[F_SMS_TEXT] && !f->v[F_BC_TEXT])
        problems_add(&p, -F_SMS_TEXT, xstrdup(_("Write the SMS, the announcement, or both: without either the campaign does nothing.")));
    if (p.n) {
        r->status = MHD_HTTP_BAD_REQUEST;
        form_page(r, f, orig, &p, field_of_none);
        problems_clear(&p);
        return;
    }
    const char *skip;
    char *file = target_file(r, orig, f->v[F_ID], 1, &skip);
    if (!file) {
        problems_clear(&p);
        return;
    }
    if (!orig && util_file_exists(file)) {
        problems_add(&p, -F_ID, xasprintf(_("A campaign file with this id exists already (%s)."), file));
        r->status = MHD_HTTP_BAD_REQUEST;
        form_page(r, f, orig, &p, field_of_none);
        problems_clear(&p);
        free(file);
        return;
    }
    if (orig) {   /* the id is the file's: it stays */
        free(f->v[F_ID]);
        f->v[F_ID] = xstrdup(orig);
    }
    struct gen g;
    form_to_text(f, r->s.name ? r->s.name : "?", util_now(), &g);
    char *tmp = NULL, err[LOA_ERRLEN];
    if (check_text(r, file, skip, sbuf_str(&g.b), &p, &tmp, err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/compose");
    } else if (p.n) {
        unlink(tmp);
        r->status = MHD_HTTP_BAD_REQUEST;
        form_page(r, f, orig, &p, g.field_of);
    } else if (install(r, tmp, file, f->v[F_ID], orig ? "web.campaign.edit" : "web.campaign.create", err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/compose");
    } else {
        char *back = xasprintf("/compose/saved?id=%s", f->v[F_ID]);
        web_redirect(r, back);
        free(back);
    }
    free(tmp);
    free(file);
    sbuf_free(&g.b);
    problems_clear(&p);
}

/* POST /compose: the form saved. */
void web_compose_post(struct web_req *r)
{
    struct form f;
    int too_long = form_read(r, &f);
    char orig[80];
    int has_orig = web_field(r, "orig", orig, sizeof orig) == 0 && *orig;
    if (has_orig) {   /* switched on or off stays as it was */
        const struct cfg_campaign *k = config_campaign(r->cfg, orig);
        f.enabled = k && k->enabled;
    }
    save_form(r, &f, has_orig ? orig : NULL, too_long);
    form_clear(&f);
}

/* The campaign the form's hidden "orig" names (its id into ORIG), or NULL with a 404 answered. */
static const struct cfg_campaign *orig_campaign(struct web_req *r, char *orig, size_t n)
{
    const struct cfg_campaign *k = web_field(r, "orig", orig, n) == 0 ? config_campaign(r->cfg, orig) : NULL;
    if (!k) web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such campaign."), "/campaigns");
    return k;
}

/* POST /compose/enable: a campaign the form wrote switched on (its file written again, through the same check). */
void web_compose_enable(struct web_req *r)
{
    char orig[80];
    const struct cfg_campaign *k = orig_campaign(r, orig, sizeof orig);
    if (!k) return;
    struct form f;
    if (!written_by_form(k->file) || form_from_file(k->file, &f) < 0) {
        if (written_by_form(k->file)) form_clear(&f);
        web_message(r, MHD_HTTP_CONFLICT, _("This campaign's file was written by hand: edit it as text."), "/campaigns");
        return;
    }
    f.enabled = 1;
    save_form(r, &f, orig, 0);
    form_clear(&f);
}

/* POST /compose/text: a hand-written file saved as written, once the checker finds nothing in it. */
void web_compose_text(struct web_req *r)
{
    char orig[80];
    const struct cfg_campaign *k = orig_campaign(r, orig, sizeof orig);
    if (!k) return;
    char *raw = xmalloc(r->nbody + 1);
    if (web_field(r, "text", raw, r->nbody + 1) < 0) {
        free(raw);
        web_message(r, MHD_HTTP_BAD_REQUEST, _("The form came without its text."), "/campaigns");
        return;
    }
    /* CR LF back to LF (what a browser makes of a line end), and the last line ended: nothing else changes */
    char *text = xmalloc(strlen(raw) + 2), *o = text;
    for (const char *p = raw; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n')) *o++ = *p;
    if (o > text && o[-1] != '\n') *o++ = '\n';
    *o = '\0';
    free(raw);
    struct problems p = {0};
    char *tmp = NULL, *file = xstrdup(k->file), *id = xstrdup(k->id), err[LOA_ERRLEN];
    /* libconfig's @include would have the loader read any file the service can: not from a browser */
    int line = 1;
    for (const char *q = text; *q; line++) {
        const char *b = q + strspn(q, " \t");
        if (!strncmp(b, "@include", 8))
            problems_add(&p, line, xstrdup(_("@include is not taken from the page: write the campaign in this file.")));
        q = strchr(q, '\n') ? strchr(q, '\n') + 1 : q + strlen(q);
    }
    if (p.n) {
        r->status = MHD_HTTP_BAD_REQUEST;
        text_page(r, id, file, text, &p);
    } else if (check_text(r, file, file, text, &p, &tmp, err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/campaigns");
    } else if (p.n) {
        unlink(tmp);
        r->status = MHD_HTTP_BAD_REQUEST;
        text_page(r, id, file, text, &p);
    } else if (install(r, tmp, file, id, "web.campaign.edit", err) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/campaigns");
    } else {
        char *back = xasprintf("/compose/saved?id=%s", id);
        web_redirect(r, back);
        free(back);
    }
    free(tmp);
    free(file);
    free(id);
    free(text);
    problems_clear(&p);
}

/* GET /compose/saved?id=ID: what was saved, its preview, and the switch for one still off. */
void web_compose_saved(struct web_req *r)
{
    const char *id = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "id");
    const struct cfg_campaign *k = id ? config_campaign(r->cfg, id) : NULL;
    if (!k) {
        web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such campaign."), "/campaigns");
        return;
    }
    web_page_begin(r, k->title, "/compose");
    web_add(r, "<p id=\"saved\">");
    char *s = xasprintf(k->enabled ? _("Saved in %s: the service reads it at once. The campaign is switched on.")
                                   : _("Saved in %s: the service reads it at once. The campaign is switched off: read "
                                       "the preview, then switch it on."), k->file);
    web_esc_r(r, s);
    free(s);
    web_add(r, "</p>");
    if (!k->enabled && written_by_form(k->file)) {
        web_form_begin(r, "/compose/enable", "inline");
        web_add(r, "<input type=\"hidden\" name=\"orig\" value=\"");
        web_esc_r(r, k->id);
        web_add(r, "\"><button type=\"submit\" id=\"enable\">");
        web_esc_r(r, _("Switch this campaign on"));
        web_add(r, "</button>");
        web_form_end(r);
    }
    web_add(r, " <a id=\"edit\" href=\"/compose?id=");
    web_esc_r(r, k->id);
    web_add(r, "\">");
    web_esc_r(r, _("Edit again"));
    web_add(r, "</a>");
    preview_section(r, k);
    web_page_end(r);
}

/* ---- the live SMS count ---- */

/* GET /compose/count?text=…&diacritics=1: what `loa sms count` says of the text, as JSON for the form's script. */
void web_compose_count(struct web_req *r)
{
    const char *text = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "text");
    const char *d = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "diacritics");
    struct sms_info info;
    char err[LOA_ERRLEN], money[48];
    char *prepared = sms_prepare_count(text ? text : "", d && !strcmp(d, "1"), &info, err);
    json_t *j;
    if (!prepared) {   /* nothing typed yet says nothing; anything else that cannot go says why */
        char *said = text && text[strspn(text, " \t\r\n")] ? xasprintf(_("This text cannot be sent: %s"), err) : xstrdup("");
        j = json_pack("{s:i,s:i,s:s,s:s}", "chars", 0, "parts", 0, "error", err, "said", said);
        free(said);
    } else {
        double cost = info.parts * r->cfg->sms.price_per_part;
        char *nc = xasprintf(ngettext("%d character", "%d characters", (unsigned long)info.chars), info.chars);
        char *np = xasprintf(ngettext("%d part", "%d parts", (unsigned long)info.parts), info.parts);
        /* TRANSLATORS: "160 characters, 2 parts (GSM-7), 700 đ per SMS" */
        char *said = xasprintf(_("%s, %s (%s), %s per SMS"), nc, np, info.encoding == SMS_GSM7 ? "GSM-7" : "UCS-2",
                               util_fmt_vnd(cost, money, sizeof money));
        free(nc);
        free(np);
        j = json_pack("{s:i,s:i,s:s,s:f,s:s}", "chars", info.chars, "parts", info.parts, "encoding",
                      sms_encoding_name(info.encoding), "cost", cost, "said", said);
        free(said);
        free(prepared);
    }
    char *s = json_dumps(j, JSON_PRESERVE_ORDER);
    json_decref(j);
    web_add(r, s ? s : "{}");
    free(s);
    r->ctype = "application/json";
    r->status = MHD_HTTP_OK;
}
