/* replies — what loa does with a received SMS: keywords, opt-out/in, help, polls, enrollment reports, the officer's inbox. */
#ifndef LOA_REPLIES_H
#define LOA_REPLIES_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "store.h"

/*
 * The matching key of a resident's answer: folded (case, diacritics, punctuation, spaces,
 * NFC/NFD, old/new tone placement alike), with courtesy words dropped ("Dạ có rồi ạ." -> "co roi").
 * Caller frees; NULL when TEXT is not valid UTF-8.
 */
char *replies_key(const char *text);

/*
 * The key keywords, aliases and opt-out phrases are matched on: replies_key's, then as people's
 * typing varies it (vntext_match_words: emoji, "H U Y", "HUY HUY", ký/kí alike). Caller frees;
 * NULL when TEXT is not valid UTF-8. The rules are in docs/replies.md.
 */
char *replies_match_key(const char *text);

/* Act on inbox message ID (matched keyword, action, result recorded on the row). 0 or -1. */
int replies_handle(store *st, const struct config *cfg, int64_t id, time_t now);

/* Act on every message not yet acted on (after a crash too). Returns how many, or -1. */
int replies_handle_pending(store *st, const struct config *cfg, time_t now);

#endif
