/* i18n — what the officer reads, through gettext: the _() and N_() marks, the catalog's folder,
 * the language (environment's LANGUAGE, then the configuration's `language`, then LANG). */
#ifndef LOA_I18N_H
#define LOA_I18N_H

#include <libintl.h>
#include <stdio.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* A message whose English is another's too ("%s: %s") but whose translation is its own: CTX tells
 * them apart in the catalog (msgctxt; xgettext -kC_:1c,2). */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)
const char *i18n_pgettext(const char *ctx_msgid, const char *msgid) __attribute__((format_arg(2)));
/* ngettext(singular, plural, n) is used as is (xgettext -kngettext:1,2): never n == 1 ? "" : "s". */

/* Set up messages: LC_MESSAGES = C.UTF-8 (glibc then honours LANGUAGE without a Vietnamese locale
 * installed), LC_CTYPE and LC_NUMERIC stay "C" (loa's text is UTF-8 whatever the locale and its
 * numbers are written with '.'), the catalog is read as UTF-8 from LOA_LOCALEDIR, else the build's
 * locale folder when this binary is the source tree's, else $(PREFIX)/share/locale. LANGUAGE is
 * taken from the environment, else from LANG (the configuration's key may still change it, see
 * i18n_config_language). Call once, first thing in main. */
void i18n_init(void);

/* The configuration's `language` (NULL or "" : no choice): used unless the environment set
 * LANGUAGE, before LANG. */
void i18n_config_language(const char *lang);

/* Read the `language` key of the configuration file PATH, ahead of loading it, so that the load's
 * own errors are in the officer's language; nothing happens when the file cannot be read. */
void i18n_config_file(const char *path);

/* English from now on, whatever was chosen: for `loa run`, whose output is its log. */
void i18n_english(void);

/* Back to the officer's language after i18n_english: for what `loa run --once` says on her terminal
 * when it is done. */
void i18n_officer(void);

/* The officer's word for a stored code loa shows in listings (queue states "queued"…, campaign
 * states "enabled"…, VNeID statuses, broadcast states), or CODE itself when it has none. */
const char *i18n_code(const char *code);

/* S translated, then padded with spaces to WIDTH terminal columns (not bytes), to FP. */
void i18n_pad(FILE *fp, const char *s, int width);

#endif
