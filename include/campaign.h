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
    int recipients;              /* residents in the audience */
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

#endif
