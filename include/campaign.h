/* campaign — what a campaign would do: audience per hamlet, rendered samples, parts, cost, and its lint. */
#ifndef LOA_CAMPAIGN_H
#define LOA_CAMPAIGN_H

#include <time.h>

#include "config.h"
#include "sms.h"
#include "store.h"

#define CAMPAIGN_SAMPLES 3

struct campaign_sample {
    char *phone;
    char *name;
    char *text;                  /* prepared: exactly what would go out */
    struct sms_info info;
};

struct campaign_estimate {
    int recipients;              /* numbers in the audience: one SMS each */
    int people;                  /* residents they stand for (several on a household's shared phone) */
    int *per_hamlet;             /* aligned with cfg->hamlets; [nhamlets] = no hamlet */
    long parts;                  /* total parts */
    double cost;                 /* parts times sms.price_per_part, VND */
    int worst_parts;             /* the longest rendered message */
    char *worst_phone;
    int too_long;                /* residents whose message exceeds max_parts */
    int unsendable;              /* residents whose message can never go (sms_prepare refuses it) */
    char *unsendable_names;      /* the first few of their names, "A, B, C…", or NULL */
    char *unsendable_why;        /* why, for the first of them */
    int max_parts;
    struct campaign_sample samples[CAMPAIGN_SAMPLES];
    int nsamples;
};

/* Render C's SMS for every resident of its audience at WHEN. 0 or -1 (store error). */
int campaign_estimate(store *st, const struct config *cfg, const struct cfg_campaign *c, time_t when,
                      struct campaign_estimate *e);
/*
 * The longest message of C over residents K[0..N) that are in its audience (the distinct
 * names and hamlets from store_contacts_distinct_each): fills worst_parts, worst_phone (the
 * resident's name there), too_long (distinct renderings over max_parts) and max_parts.
 */
void campaign_worst(const struct config *cfg, const struct cfg_campaign *c, const struct contact *k, size_t n,
                    time_t when, struct campaign_estimate *e);
void campaign_estimate_free(struct campaign_estimate *e);

/* What the enabled modems of a configuration can send (sms.modems; a kannel transport's rate_per_second
 * is its rate_per_minute). */
struct campaign_pace {
    int modems;                  /* enabled modems */
    long per_minute;             /* parts a minute, summed over the modems with a rate */
    int unlimited_rate;          /* some modem has no rate_per_minute: as fast as it takes them */
    long per_day;                /* parts a day, summed; 0 when some modem has no daily_limit */
};
void campaign_pace(const struct config *cfg, struct campaign_pace *p);

/*
 * When PARTS handed to the enabled modems of CFG at START would all have gone: each modem at its
 * rate_per_minute and daily_limit (a new day from local midnight), outside quiet hours unless URGENT.
 * START when nothing bounds them; 0 when no modem is enabled; -1 when it would take more than ten years.
 */
time_t campaign_finish(const struct config *cfg, int urgent, long parts, time_t start);

/*
 * Why C's audience is empty, as sentences for the officer into WHY (the caller frees them): no
 * resident imported, a hamlet without residents, a tag nobody carries, a VNeID status nobody has yet
 * ("vneid = \"not_activated\", but the status of all 200 residents it would reach is still unknown…"),
 * everyone opted out. Nothing is added when C reaches someone. 0 or -1 (the store's error).
 */
int campaign_empty_why(store *st, const struct config *cfg, const struct cfg_campaign *c, struct cfg_strlist *why);

/*
 * A registered brandname is one-way: when C's SMS asks residents to reply (the stop keyword, poll answers)
 * and an enabled kannel transport sends from an alphanumeric `from`, that sender (CFG's, not to be freed),
 * with what asks for a reply in *ASKS ("the stop keyword" or "poll answers"); else NULL. `loa check` and
 * `campaign preview` both warn with it.
 */
const char *campaign_one_way(const struct config *cfg, const struct cfg_campaign *c, const char **asks);

/*
 * Warnings for an officer (FILE:LINE: …): the SMS does not name the commune, does not say
 * how to stop messages, asks for replies a brandname cannot take (campaign_one_way), or carries
 * a link. Errors: the worst rendering exceeds max_parts; the text can never be sent (too long for Gammu, a control character), whoever it goes to; it
 * cannot be sent to some residents (E's unsendable, naming them); a reply text cannot be sent.
 */
void campaign_lint(const struct config *cfg, const struct cfg_campaign *c, const struct campaign_estimate *e,
                   time_t when, struct cfg_strlist *warnings, struct cfg_strlist *errors);

/*
 * `loa check` over every campaign of CFG at NOW: each one's lint into WARNINGS and ERRORS (the
 * caller frees both), the worst rendering judged over every distinct resident of ST (NULL: no
 * database yet, so no resident: that part is skipped). 0, or -1 with the store's message in ERR.
 */
int campaign_check_all(store *st, const struct config *cfg, time_t now, struct cfg_strlist *warnings,
                       struct cfg_strlist *errors, char *err);

/* The test SMS of K (`loa campaign test`, the page's test button): its text for the resident whose number is E164,
 * else for the first resident of its audience, else for a made-up one; WHO (N bytes) says which. Caller frees. */
char *campaign_test_text(store *st, const struct config *cfg, const struct cfg_campaign *k, const char *e164, time_t now,
                         char *who, size_t n);

#endif
