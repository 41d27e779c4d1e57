#ifndef LOA_I18N_H
#define LOA_I18N_H
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
#endif
