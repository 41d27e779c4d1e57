/* broadcast — the loudspeaker station: the day's programme, audio rendered ahead, playlists, playback, as-run log. */
#ifndef LOA_BROADCAST_H
#define LOA_BROADCAST_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "config.h"
#include "store.h"
#include "audio.h"
#include "tts.h"

/* TEXT as the words espeak-ng reads, with the config's regional choices and lexicon (defaults when
 * CFG is NULL). Caller frees; NULL when TEXT is not UTF-8. */
char *broadcast_words(const struct config *cfg, const char *text);
/* The speech and audio settings of CFG (NULL: no configuration, every default), as rendering uses them. */
void broadcast_tts_conf(const struct config *cfg, struct tts_conf *tc);
void broadcast_audio_opts(const struct config *cfg, const char *title, struct audio_opts *o);

/* The render cache key of WORDS read at LEVEL (CFG_LEVEL_*) with CFG's audio settings. */
void broadcast_hash(const struct config *cfg, const char *words, int level, char out[24]);

/* Lay out local day DAY's programme from the campaigns (new or changed texts become pending). Returns items, or -1. */
int broadcast_plan(store *st, const struct config *cfg, long day, time_t now, char *err);

/*
 * Render every pending item whose slot starts within render_ahead hours of NOW (or already
 * started today), each to <audio_dir>/YYYY-MM-DD/HHMM-<campaign>.mp3 (and .wav), and write the
 * slots' playlists. Identical text is synthesised once: audio is cached by content hash.
 * *T is opened on first use (one espeak-ng per process). Returns items rendered, or -1.
 */
int broadcast_render_due(store *st, const struct config *cfg, time_t now, tts **t, char *err);
/* The same for slots due by UNTIL (an operator pressing play before the slot), the audio made at NOW. */
int broadcast_render_until(store *st, const struct config *cfg, time_t now, time_t until, tts **t, char *err);

/* Render item ID at NOW (used by `loa broadcast now`). */
int broadcast_render_one(store *st, const struct config *cfg, int64_t id, time_t now, tts **t, char *err);
/* The operator says item ID was played (its duration from NOW) or skipped, with NOTE (NULL or "": a default), in the
 * as-run log: 0, 1 when there is no such item, -1 (store_errmsg). */
int broadcast_mark_by_operator(store *st, int64_t id, int state, const char *note, time_t now);
/* The first station slot after NOW (tomorrow's first when today's are over): where ưu tiên and thường items go. */
void broadcast_next_slot(const struct config *cfg, time_t now, long *day, int *slot);
/* An announcement typed now (`loa broadcast now`, the page's urgent form) into the programme at LEVEL: a khẩn cấp
 * one in the slot of this minute (loa run puts it on air), the others in the next slot; rendered at once.
 * 0 with its *ID, *DAY and *SLOT; 1 when TEXT is not UTF-8 or has nothing to say; -1 (both with ERR). */
int broadcast_now(store *st, const struct config *cfg, const char *text, int level, time_t now, int64_t *id, long *day,
                  int *slot, char *err);

/*
 * A ready-made bulletin (MP3, WAV, or anything libsndfile reads) as an item of DAY's SLOT at LEVEL:
 * read, loudness-normalised like every item, written as WAV and MP3 under the day's folder, ready to
 * play and logged like the rest. Returns its id, or -1 with the reason in ERR (a bad file names it).
 */
int64_t broadcast_add_file(store *st, const struct config *cfg, const char *path, long day, int slot, int level, time_t now,
                           char *err);

/* The as-run log of days DAY_FROM..DAY_TO as CSV on FP (UTF-8 with BOM, one row per airing on each output,
 * Vietnamese column names). Returns rows written, or -1. */
int broadcast_log_csv(store *st, long day_from, long day_to, FILE *fp, char *err);

/* Write DAY's playlists (one .m3u per slot, with durations). */
int broadcast_playlists(store *st, const struct config *cfg, long day, char *err);

/* An item that did not play: the FILE handed to the player, and why (aplay's own reason, ALSA's noise left out). */
typedef void (*broadcast_fail_cb)(void *ud, const struct broadcast_row *b, const char *file, const char *why);

/*
 * Play the ready items of DAY's SLOT in order on the configured ALSA device (aplay, no shell),
 * and those whose last attempt failed, again. Each attempt goes into the as-run log (played with
 * start and end, or failed with why). Device "null" plays nothing but logs as played. ON_FAIL
 * (may be NULL) hears each failure; *FAILED (may be NULL) receives how many failed, and err the
 * first. Returns items played, or -1 when the programme cannot be read.
 */
int broadcast_play(store *st, const struct config *cfg, long day, int slot, broadcast_fail_cb on_fail, void *ud,
                   int *failed, char *err);

/* True when item B cannot be played at its slot as planned at NOW: still not rendered after its
 * slot began, or rendered only after it (and not played since). */
bool broadcast_missed(const struct broadcast_row *b, time_t now);

/* The playlist of DAY's SLOT: <audio_dir>/YYYY-MM-DD/HHMM.m3u. Caller frees. */
char *broadcast_playlist_path(const struct config *cfg, long day, int slot);

/* Where item files live: <audio_dir>/YYYY-MM-DD. Caller frees. */
char *broadcast_day_dir(const struct config *cfg, long day);

/* When the daemon next has broadcast work: a render falling due, a slot to autoplay, midnight. */
time_t broadcast_next_event(store *st, const struct config *cfg, time_t now);

/* Without a stream (whose worker airs everything): every khẩn cấp item of today that is due (at most 15
 * minutes ago) on the sound card at once, whatever autoplay says. The items played, or -1 with ERR. */
int broadcast_play_urgent(store *st, const struct config *cfg, time_t now, char *err);

/* Without a stream: broadcast_play_urgent, then, with broadcast.autoplay, every slot of today that has
 * started (at most 15 minutes ago). The items played, or -1 with ERR. */
int broadcast_autoplay(store *st, const struct config *cfg, time_t now, char *err);

#endif
