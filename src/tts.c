/* tts — Vietnamese speech synthesis with the espeak-ng C API, into 16-bit mono samples. */
/*
 * Sections: the handle and espeak-ng's global state; open/close; synthesis.
 *
 * espeak-ng is initialised in AUDIO_OUTPUT_SYNCHRONOUS mode: espeak_Synth() runs the
 * whole synthesis on the calling thread and hands every block of samples to our
 * callback before it returns, so no thread or queue is involved. The voice, rate and
 * pitch are set once at open, which is where a bad voice name is reported.
 */
#include "i18n.h"
#include "tts.h"

#include <ctype.h>
#include <espeak-ng/speak_lib.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"
#include "vntext.h"

#define TTS_BUFLEN_MS 500   /* samples per callback; large blocks mean fewer calls */

struct tts {
    int rate;               /* espeak-ng sample rate, Hz */
    int16_t *pcm;           /* samples collected by the running synthesis */
    size_t n;               /* samples used in pcm */
    size_t cap;             /* samples allocated in pcm */
};

/* espeak-ng's state is global, so the handle is too: at most one open at a time. */
static tts *tts_current;
/* espeak_Initialize's sample rate once the engine is up; 0 before. */
static int engine_rate;

static const char *espeak_errstr(espeak_ERROR e)
{
    switch (e) {
    case EE_OK: return "ok";
    case EE_INTERNAL_ERROR: return "internal error";
    case EE_BUFFER_FULL: return "buffer full";
    case EE_NOT_FOUND: return "not found";
    default: return "unknown error";
    }
}

/* Called by espeak_Synth for every block of samples; wav == NULL marks the end. */
static int tts_collect(short *wav, int numsamples, espeak_EVENT *events)
{
    (void)events;
    tts *t = tts_current;
    if (!t || !wav || numsamples <= 0) return 0;
    size_t need = t->n + (size_t)numsamples;
    if (need > t->cap) {
        size_t cap = t->cap ? t->cap : 22050;
        while (cap < need) cap *= 2;
        t->pcm = xrealloc(t->pcm, cap * sizeof *t->pcm);
        t->cap = cap;
    }
    memcpy(t->pcm + t->n, wav, (size_t)numsamples * sizeof *t->pcm);
    t->n = need;
    return 0;   /* 0 = continue */
}

/* 1 when the voice espeak-ng selected speaks Vietnamese ("vi", "vi-vn-x-…"). */
static int voice_is_vietnamese(void)
{
    espeak_VOICE *v = espeak_GetCurrentVoice();
    if (!v || !v->languages) return 0;
    /* languages: pairs of (priority byte, NUL-terminated name), ended by a 0 byte */
    for (const char *p = v->languages; *p; p += strlen(p + 1) + 2) {
        const char *lang = p + 1;
        if (strncmp(lang, "vi", 2) == 0 && (lang[2] == '\0' || lang[2] == '-')) return 1;
    }
    return 0;
}

tts *tts_open(const struct tts_conf *conf, char *err)
{
    const char *voice = conf->voice;

    if (!voice || !*voice) {
        util_err(err, _("tts: no voice given"));
        return NULL;
    }
    if (tts_current) {
        util_err(err, _("tts: espeak-ng is already open in this process (one tts handle at a time)"));
        return NULL;
    }
    if (conf->rate < espeakRATE_MINIMUM || conf->rate > espeakRATE_MAXIMUM) {
        util_err(err, _("tts: rate %d is outside %d..%d words per minute"),
                 conf->rate, espeakRATE_MINIMUM, espeakRATE_MAXIMUM);
        return NULL;
    }
    if (conf->pitch < 0 || conf->pitch > 99) {
        util_err(err, _("tts: pitch %d is outside 0..99"), conf->pitch);
        return NULL;
    }

    /* The engine is initialised once per process and never terminated: espeak-ng 1.51's
     * espeak_Terminate() waits forever on its (unused) asynchronous thread after a
     * synchronous synthesis. Its memory is held until exit, as by any one-shot user.
     * path NULL: $ESPEAK_DATA_PATH, else the path the Debian package was built with
     * (/usr/lib/<arch>/espeak-ng-data). DONT_EXIT: report missing data, do not exit(). */
    if (!engine_rate) {
        int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, TTS_BUFLEN_MS, NULL,
                                     espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            util_err(err, _("tts: espeak-ng failed to initialise (is the espeak-ng-data package installed?)"));
            return NULL;
        }
        espeak_SetSynthCallback(tts_collect);
        engine_rate = rate;
    }

    espeak_ERROR e = espeak_SetVoiceByName(voice);
    if (e != EE_OK || !voice_is_vietnamese()) {
        if (e != EE_OK)
            util_err(err, _("tts: unknown voice '%s' (Vietnamese voices: vi, vi-vn-x-central, vi-vn-x-south)"), voice);
        else
            util_err(err, _("tts: voice '%s' is not Vietnamese (use vi, vi-vn-x-central or vi-vn-x-south)"), voice);
        return NULL;
    }
    if ((e = espeak_SetParameter(espeakRATE, conf->rate, 0)) != EE_OK ||
        (e = espeak_SetParameter(espeakPITCH, conf->pitch, 0)) != EE_OK) {
        util_err(err, _("tts: cannot set rate/pitch: %s"), espeak_errstr(e));
        return NULL;
    }

    tts *t = xcalloc(1, sizeof *t);
    t->rate = engine_rate;
    tts_current = t;
    log_debug("tts: espeak-ng voice=%s rate=%d wpm pitch=%d, %d Hz", voice, conf->rate, conf->pitch, engine_rate);
    return t;
}

void tts_close(tts *t)
{
    if (!t) return;
    /* no espeak_Terminate(): see tts_open */
    if (tts_current == t) tts_current = NULL;
    free(t->pcm);
    free(t);
}

int tts_sample_rate(const tts *t)
{
    return t ? t->rate : 0;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return 0;
    return 1;
}

int tts_synth(tts *t, const char *words, int16_t **pcm, size_t *n, char *err)
{
    *pcm = NULL;
    *n = 0;
    if (!t || t != tts_current) return util_err(err, _("tts: handle is not open"));
    if (!words || blank(words)) return util_err(err, _("tts: nothing to say (empty text)"));
    size_t len = strlen(words);
    if (!vntext_valid_utf8(words, len)) return util_err(err, _("tts: text is not valid UTF-8"));

    t->n = 0;
    /* Plain text (no SSML: '<' is spoken as is), UTF-8, with the pause at the end of a
     * clause kept at the very end so repeated items do not run together. Synchronous
     * mode: when espeak_Synth returns, every sample has been collected (and
     * espeak_Synchronize must not be called: it waits for the asynchronous thread). */
    espeak_ERROR e = espeak_Synth(words, len + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8 | espeakENDPAUSE, NULL, t);
    if (e != EE_OK) {
        t->n = 0;
        return util_err(err, _("tts: espeak-ng synthesis failed: %s"), espeak_errstr(e));
    }
    if (t->n == 0) return util_err(err, _("tts: espeak-ng produced no sound for the text"));

    /* Hand the buffer over, trimmed to size; the next call starts a new one. */
    *pcm = xrealloc(t->pcm, t->n * sizeof **pcm);
    *n = t->n;
    t->pcm = NULL;
    t->n = t->cap = 0;
    return 0;
}
