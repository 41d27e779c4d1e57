/* i18n — gettext set-up: the catalog's folder, the language the officer reads, display-width padding. */
#include "i18n.h"

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vntext.h"

#ifndef LOA_LOCALEDIR
#define LOA_LOCALEDIR "/usr/local/share/locale"   /* the Makefile passes $(PREFIX)/share/locale */
#endif
#ifndef LOA_SRCDIR
#define LOA_SRCDIR ""                            /* the Makefile passes the source tree's folder */
#endif

static int env_language;   /* LANGUAGE came from the environment: nothing else changes it */

/* The build's locale folder when the running binary lies in the source tree it was built from. */
static const char *source_tree_localedir(void)
{
    static char dir[PATH_MAX];
    char exe[PATH_MAX];
    size_t n = strlen(LOA_SRCDIR);
    if (!n) return NULL;
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) return NULL;
    exe[len] = '\0';
    if (strncmp(exe, LOA_SRCDIR, n) || exe[n] != '/') return NULL;
    struct stat sb;
    snprintf(dir, sizeof dir, "%s/build/locale", LOA_SRCDIR);
    return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) ? dir : NULL;
}

/* LANGUAGE from a locale's name: "vi_VN.UTF-8@x" -> "vi_VN"; C, POSIX or empty leave it unset. */
static void set_from_locale_name(const char *name)
{
    if (!name || !*name || !strcmp(name, "C") || !strcmp(name, "POSIX") || !strncmp(name, "C.", 2)) return;
    char lang[64];
    size_t n = strcspn(name, ".@");
    if (n >= sizeof lang) return;
    memcpy(lang, name, n);
    lang[n] = '\0';
    setenv("LANGUAGE", lang, 1);
}

void i18n_init(void)
{
    /* Messages are UTF-8 whatever the locale; numbers keep '.', character classes stay ASCII's. */
    setlocale(LC_ALL, "C");
    /* Not "C": glibc ignores LANGUAGE under the C locale. C.UTF-8 is built into glibc, so this
     * works on a service without any Vietnamese locale generated. */
    setlocale(LC_MESSAGES, "C.UTF-8");
    const char *dir = getenv("LOA_LOCALEDIR");
    if (!dir || !*dir) dir = source_tree_localedir();
    if (!dir) dir = LOA_LOCALEDIR;
    bindtextdomain("loa", dir);
    bind_textdomain_codeset("loa", "UTF-8");   /* LC_CTYPE is "C": without this gettext would write '?' */
    /* The libraries' own catalogs, read the same way: glibc translates strerror() (libc-l10n) and
     * libGammu its errors, and would turn their Vietnamese into '?' under LC_CTYPE "C". */
    bind_textdomain_codeset("libc", "UTF-8");
    bind_textdomain_codeset("libgammu", "UTF-8");
    textdomain("loa");
    const char *l = getenv("LANGUAGE");
    env_language = l && *l;
    if (!env_language) {
        /* The locale the environment names for messages, in POSIX's order. */
        const char *name = getenv("LC_ALL");
        if (!name || !*name) name = getenv("LC_MESSAGES");
        if (!name || !*name) name = getenv("LANG");
        set_from_locale_name(name);
    }
}

void i18n_config_language(const char *lang)
{
    if (env_language || !lang || !*lang) return;
    setenv("LANGUAGE", lang, 1);
    textdomain("loa");   /* makes glibc drop the translations it looked up in the former language */
}

/* The value of a top-level `language = "…"` on LINE (a setting of its own, or after another's ';'
 * on the same line), or NULL; the line is changed in place. Comments are not looked into. */
static const char *language_on(char *line)
{
    line[strcspn(line, "#")] = '\0';
    for (char *p = strstr(line, "language"); p; p = strstr(p + 1, "language")) {
        if (p > line && !isspace((unsigned char)p[-1]) && p[-1] != ';') continue;
        char *q = p + 8;
        while (isspace((unsigned char)*q)) q++;
        if (*q != '=' && *q != ':') continue;
        q++;
        while (isspace((unsigned char)*q)) q++;
        if (*q++ != '"') continue;
        char *end = strchr(q, '"');
        if (!end) continue;
        *end = '\0';
        return q;
    }
    return NULL;
}

void i18n_config_file(const char *path)
{
    FILE *fp = path ? fopen(path, "r") : NULL;
    if (!fp) return;
    char line[1024];
    const char *lang = NULL;
    while (!lang && fgets(line, sizeof line, fp)) lang = language_on(line);
    if (lang) i18n_config_language(lang);
    fclose(fp);
}

const char *i18n_pgettext(const char *ctx_msgid, const char *msgid)
{
    const char *t = gettext(ctx_msgid);
    return t == ctx_msgid ? msgid : t;
}

static char officer_language[64];   /* LANGUAGE before i18n_english ("" : none was set) */
static int english;

void i18n_english(void)
{
    if (!english) {
        const char *l = getenv("LANGUAGE");
        snprintf(officer_language, sizeof officer_language, "%s", l ? l : "");
        english = 1;
    }
    setenv("LANGUAGE", "en", 1);
    textdomain("loa");
}

void i18n_officer(void)
{
    if (!english) return;
    english = 0;
    if (*officer_language) setenv("LANGUAGE", officer_language, 1);
    else unsetenv("LANGUAGE");
    textdomain("loa");
}

/* TRANSLATORS: the codes below are shown alone in listings: states of an outgoing SMS, of a
 * campaign, of a broadcast item, and a resident's VNeID status (see docs/thuat-ngu.md). */
static const char *const codes[] = {
    N_("queued"), N_("sending"), N_("sent"), N_("delivered"), N_("failed"), N_("unknown"), N_("cancelled"), N_("held"),
    N_("enabled"), N_("disabled"), N_("urgent"), N_("pending"), N_("played"), N_("skipped"), N_("activated"),
    N_("not_activated"),
    /* TRANSLATORS: what loa did with a received SMS (the ACTION column of `loa inbox list`). */
    N_("optout"), N_("optin"), N_("help"), N_("poll"), N_("inbox"), N_("enroll"), N_("enroll-duplicate"),
    N_("enroll-malformed"), N_("enroll-rejected"), N_("enroll-held"), N_("(new)"),
    /* TRANSLATORS: the kinds of a VNeID entry (`loa enroll list`): a count, an opening balance, an official total. */
    N_("entry"), N_("opening"), N_("official"),
    /* TRANSLATORS: a broadcast item or airing that was due and never played. */
    N_("missed"), N_("ready"), N_("interrupted"), N_("aired"), N_("cut"),
    /* TRANSLATORS: a modem's state in `loa status` (clock: waiting for a trusted clock). */
    N_("up"), N_("down"), N_("clock"), N_("starting"), N_("stopped"),
    /* TRANSLATORS: the kinds of report (`loa report monthly` …), as in "monthly report 2026-11 written". */
    N_("monthly"), N_("half-year"), N_("annual"),
    /* TRANSLATORS: a period's report (`loa report list`): made (frozen), not made yet, its period not ended. */
    N_("made"), N_("not made"), N_("not due"),
    /* TRANSLATORS: the state of the Icecast stream (`loa status`, `loa broadcast today`). */
    N_("connecting"), N_("off"), N_("on air"), N_("reconnecting"), N_("unreachable"), NULL};

const char *i18n_code(const char *code)
{
    if (!code) return "-";
    for (int i = 0; codes[i]; i++)
        if (!strcmp(codes[i], code)) return gettext(codes[i]);
    return code;
}

void i18n_pad(FILE *fp, const char *s, int width)
{
    const char *t = s && *s ? gettext(s) : (s ? s : "-");
    int w = (int)vntext_width(t);
    fputs(t, fp);
    for (; w < width; w++) fputc(' ', fp);
}
