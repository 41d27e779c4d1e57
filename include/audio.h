/* audio — announcement post-processing: resample, loudness, limiter, chime, repeats, WAV/MP3 files. */
#ifndef LOA_AUDIO_H
#define LOA_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#include "tts.h"

#define AUDIO_MP3_KBPS 64   /* audio_render's MP3 bitrate: CBR, mono (see docs/audio.md) */

struct audio_opts {
    int out_rate;            /* Hz of the programme item: 44100 */
    double loudness;         /* target integrated loudness, LUFS (EBU R 128): -16.0 */
    double peak_max_db;      /* the limiter keeps sample peaks at most this, dBFS: -1.0 */
    int repeat;              /* the announcement is spoken N times, 1..10: 2 */
    double pause_s;          /* silence between repeats, seconds: 2.0 */
    double pad_s;            /* silence at both ends, seconds: 0.5 */
    const char *chime_path;  /* sound played before the announcement; NULL = audio_chime_default */
    const char *title;       /* ID3 title (UTF-8) of an MP3; NULL = no tag */
};
void audio_opts_default(struct audio_opts *o);

/* Mono float samples (full scale ±1.0) at a rate. Zero-initialise; free with audio_buf_free. */
typedef struct audio_buf {
    float *s;                /* samples, malloc'd */
    size_t n;                /* number of samples */
    int rate;                /* Hz */
} audio_buf;
void audio_buf_free(audio_buf *b);          /* frees b->s and zeroes b; NULL is a no-op */
double audio_duration(const audio_buf *b);  /* seconds */
/* 16-bit samples (tts_synth's output) into a new float buffer *out. */
void audio_from_s16(const int16_t *pcm, size_t n, int rate, audio_buf *out);

/*
 * Every function below that fills an audio_buf *out allocates a new buffer there
 * (the caller frees it with audio_buf_free) and leaves *out zeroed when it fails.
 * All return 0, or -1 with the reason in err (LOA_ERRLEN bytes).
 */

/* Resample IN to OUT_RATE with libsoxr (high quality). A copy when the rates agree. */
int audio_resample(const audio_buf *in, int out_rate, audio_buf *out, char *err);

/* Integrated loudness (LUFS) and true peak (dBFS) by libebur128; -HUGE_VAL for silence. */
int audio_loudness(const audio_buf *b, double *lufs, double *peak_dbfs, char *err);

/*
 * In place: gain to TARGET_LUFS, then a look-ahead limiter (smooth attack over 5 ms,
 * 80 ms release) so no sample exceeds PEAK_MAX_DB; repeated until the loudness is
 * within 0.2 LU of the target. Fails on silence or when the target cannot be met
 * within the peak limit (then b holds the closest attempt).
 */
int audio_normalize(audio_buf *b, double target_lufs, double peak_max_db, char *err);

/* A generated two-tone bell chime ("ding-dong"), 1.5 s, at RATE. 0, or -1 on a bad rate. */
int audio_chime_default(int rate, audio_buf *out);

/* Any file libsndfile reads (WAV, FLAC, …), channels averaged to mono, resampled to RATE. */
int audio_read_wav(const char *path, int rate, audio_buf *out, char *err);

/*
 * The whole programme item: pad + chime + speech, (pause + speech) repeated, + pad,
 * at o->out_rate; speech and chime are normalised to o->loudness under o->peak_max_db
 * (the chime 2 LU quieter), and the whole is checked again. SPEECH may be at any rate.
 */
int audio_compose(const audio_buf *speech, const struct audio_opts *o, audio_buf *out, char *err);
/* The same, taking SPEECH over (it is freed and zeroed, success or not): no copy of a long text. */
int audio_compose_take(audio_buf *speech, const struct audio_opts *o, audio_buf *out, char *err);

/*
 * Files are written atomically: to a hidden temporary file in the same folder, synced,
 * then renamed over PATH, so a player never sees half a file; on failure nothing is
 * left behind and an existing PATH is untouched.
 */
int audio_write_wav(const char *path, const audio_buf *b, char *err);   /* 16-bit PCM WAV */
/* MPEG-1/2 Layer III by LAME: CBR KBPS, mono, quality 3, with a LAME/Info tag for
 * exact length and an ID3v2 title (UTF-16) when TITLE is not NULL. */
int audio_write_mp3(const char *path, const audio_buf *b, const char *title, int kbps, char *err);

/*
 * `loa tts`: synthesise WORDS with T, compose with O and write OUT_PATH, a .wav or
 * an .mp3 (AUDIO_MP3_KBPS) by its extension. *seconds (if not NULL) gets the duration.
 */
int audio_render(tts *t, const char *words, const struct audio_opts *o, const char *out_path,
                 double *seconds, char *err);

#endif
