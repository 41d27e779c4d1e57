/* stream — on air over IP: the programme as MP3 to an Icecast mount (libshout), Thông tư 39's levels, the on-air player. */
#ifndef LOA_STREAM_H
#define LOA_STREAM_H

#include <stddef.h>

#include "config.h"
#include "store.h"

#define STREAM_RATE 22050        /* Hz: espeak-ng's own rate; MPEG-2 Layer III, whose frames go down to 8 kbps */
#define STREAM_LEAD_IN 2.0       /* seconds of silence before a slot played from the CLI: receivers connect first */

/* One source connection to an Icecast mount, with its live MP3 encoder. */
typedef struct stream stream;

/* Connect to C's mount (libshout, HTTP PUT). NULL with the reason in ERR (names the URL). */
stream *stream_open(const struct cfg_stream *c, char *err);
void stream_close(stream *s);    /* NULL is a no-op */

/* Encode N mono samples at STREAM_RATE and send them, paced in real time (shout_sync). 0, or -1 (connection lost). */
int stream_send(stream *s, const float *pcm, size_t n, char *err);
/* SECONDS of silence, sent in steps; stops early (returning 1) when STOP(UD) says so. 0, 1, or -1. */
int stream_silence(stream *s, double seconds, int (*stop)(void *ud), void *ud, char *err);
/* The title receivers show (ICY metadata). */
int stream_title(stream *s, const char *title, char *err);
/* Drop the connection and connect again, once. 0, or -1 with the reason. */
int stream_reconnect(stream *s, char *err);
/* "http://host:port/mount", for logs and the as-run log. */
const char *stream_url(const stream *s);

/*
 * Play DAY's SLOT now on every output: the stream (opened for the slot, STREAM_LEAD_IN of silence
 * first) and the sound card unless its device is "null". A khẩn cấp item made meanwhile interrupts
 * the item on air, which is replayed from its start afterwards. When `loa run` holds the mount the
 * slot is handed to it instead (*HANDED = its pid). Returns items played, or -1.
 */
int stream_play_slot(store *st, const struct config *cfg, long day, int slot, int *handed, char *err);

/* The pid of the `loa run` stream worker on air (its heartbeat is fresh), or 0. */
int stream_on_air_pid(store *st);

/* The worker's state for the operator: "on air", "reconnecting", "unreachable", "connecting", or "off" (loa run not streaming). */
void stream_state(store *st, char *state, size_t n);
/* Listeners on C's mount by Icecast's statistics (status-json.xsl), or -1 when unknown (server unreachable, no such mount). */
int stream_listeners(const struct cfg_stream *c);

/* `loa run`'s stream worker: keeps the mount up (silence between slots), plays due slots when
 * broadcast.autoplay, khẩn cấp items at once whatever autoplay says, slots handed over by the CLI. */
int stream_main(const struct config *cfg);

#endif
