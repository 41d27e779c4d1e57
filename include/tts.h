/* tts — Vietnamese speech synthesis with the espeak-ng C API, into 16-bit mono samples. */
#ifndef LOA_TTS_H
#define LOA_TTS_H

#include <stddef.h>
#include <stdint.h>

/*
 * espeak-ng keeps global state, so there is at most one tts handle per process
 * (a second tts_open before tts_close fails) and one synthesis at a time.
 */
typedef struct tts tts;

struct tts_conf {
    const char *voice;   /* "vi" (northern) | "vi-vn-x-central" | "vi-vn-x-south" (broadcast_tts_conf gives tts.voice's) */
    int rate;            /* words per minute, 80..450 (espeak-ng's range) */
    int pitch;           /* base pitch 0..99 */
};

/*
 * Initialise espeak-ng (synchronous output, the Debian data path or $ESPEAK_DATA_PATH)
 * and select the voice, rate and pitch once. NULL + err on an unknown or non-Vietnamese
 * voice, out-of-range rate/pitch, missing espeak-ng data, or a handle already open.
 */
tts *tts_open(const struct tts_conf *conf, char *err);
void tts_close(tts *t);                 /* NULL is a no-op; the engine stays loaded for a later open */
int tts_sample_rate(const tts *t);      /* Hz of tts_synth's samples: 22050 for espeak-ng */

/*
 * Synthesise UTF-8 words (already normalised: no digits or abbreviations left) into
 * 16-bit mono samples at tts_sample_rate(). On success *pcm is malloc'd (caller frees)
 * and *n is its sample count; returns 0. Returns -1 with err on invalid UTF-8, text
 * with nothing to say, or an espeak-ng failure; *pcm is then NULL and *n 0.
 */
int tts_synth(tts *t, const char *words, int16_t **pcm, size_t *n, char *err);

#endif
