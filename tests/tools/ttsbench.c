/* ttsbench — times each stage of the announcement pipeline on one text file. */
/*
 * usage: ttsbench TEXT OUT.mp3 [REPEAT]
 * Runs what audio_render does, stage by stage, and prints per-stage wall seconds and
 * real-time factor (stage seconds / seconds of audio produced) as "key=value" lines.
 * REPEAT defaults to 1, so the output holds the text once, like a plain pipeline's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "broadcast.h"
#include "log.h"
#include "normalize.h"
#include "tts.h"
#include "util.h"

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    sbuf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) sbuf_addn(&b, chunk, n);
    fclose(fp);
    return b.s ? sbuf_detach(&b) : xstrdup("");
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: ttsbench TEXT OUT.mp3 [REPEAT]\n");
        return 2;
    }
    char err[LOA_ERRLEN];
    char *text = slurp(argv[1]);
    if (!text) { perror(argv[1]); return 1; }
    struct tts_conf tc;
    broadcast_tts_conf(NULL, &tc);
    struct audio_opts o;
    audio_opts_default(&o);
    o.repeat = argc > 3 ? atoi(argv[3]) : 1;
    o.title = "ttsbench";

    if (getenv("LOA_DEBUG")) log_set_level(LOG_DEBUG);
    tts *t = tts_open(&tc, err);
    if (!t) { fprintf(stderr, "%s\n", err); return 1; }

    /* the written text, normalised to words first, as loa's broadcasts are */
    int64_t tn = util_mono_ms();
    char *words = normalize_text(text, NULL);
    if (!words) { fprintf(stderr, "text is not UTF-8\n"); return 1; }
    int64_t t0 = util_mono_ms();
    int16_t *pcm;
    size_t n;
    if (tts_synth(t, words, &pcm, &n, err) < 0) { fprintf(stderr, "%s\n", err); return 1; }
    int64_t t1 = util_mono_ms();
    free(words);
    audio_buf raw, sp, item;
    audio_from_s16(pcm, n, tts_sample_rate(t), &raw);
    free(pcm);
    if (audio_resample(&raw, o.out_rate, &sp, err) < 0) { fprintf(stderr, "%s\n", err); return 1; }
    int64_t t2 = util_mono_ms();
    double speech_s = audio_duration(&raw);
    audio_buf_free(&raw);   /* as audio_render would: hold one copy of the speech at a time */
    /* compose: loudness measurement, gain and limiter, chime, repeats, final check */
    if (audio_compose_take(&sp, &o, &item, err) < 0) { fprintf(stderr, "%s\n", err); return 1; }
    int64_t t3 = util_mono_ms();
    if (audio_write_mp3(argv[2], &item, o.title, AUDIO_MP3_KBPS, err) < 0) { fprintf(stderr, "%s\n", err); return 1; }
    int64_t t4 = util_mono_ms();

    double item_s = audio_duration(&item);
    double st[5] = { (t0 - tn) / 1e3, (t1 - t0) / 1e3, (t2 - t1) / 1e3, (t3 - t2) / 1e3, (t4 - t3) / 1e3 };
    const char *names[5] = { "normalise", "synthesise", "resample", "loudness", "encode" };
    /* each stage's RTF against the audio it handled: speech for the first three, the item after */
    double base[5] = { speech_s, speech_s, speech_s, item_s, item_s };
    printf("chars=%zu speech_s=%.1f item_s=%.1f repeat=%d\n", strlen(text), speech_s, item_s, o.repeat);
    for (int i = 0; i < 5; i++)
        printf("stage=%s seconds=%.3f rtf=%.5f\n", names[i], st[i], st[i] / base[i]);
    double total = st[0] + st[1] + st[2] + st[3] + st[4];
    printf("stage=total seconds=%.2f rtf=%.4f\n", total, total / item_s);

    audio_buf_free(&item);
    tts_close(t);
    free(text);
    return 0;
}
