/* test_audio — programme items as a listener gets them: length, loudness, peaks, WAV/MP3 files. */
#include "testutil.h"

#include <ebur128.h>
#include <math.h>
#include <sndfile.h>
#include <sys/stat.h>

#include "audio.h"
#include "broadcast.h"
#include "log.h"
#include "tts.h"

static const char *SAY = "kính thưa bà con, công an xã tổ chức cấp căn cước và kích hoạt tài khoản định danh điện tử";
static const char *TITLE = "Thông báo định danh điện tử";

static tts *T;   /* one engine for the whole file: espeak-ng is per process */

static int setup(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    struct tts_conf c;
    broadcast_tts_conf(NULL, &c);
    log_set_level(LOG_WARN);   /* keep "wrote ..." lines out of the test report */
    T = tts_open(&c, err);
    return T ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tts_close(T);
    return 0;
}

/* A sound file as a reader sees it: decoded by libsndfile (MP3 through libmpg123). */
struct heard {
    int rate, channels, format;
    double seconds;
    double lufs;        /* by libebur128, here, not by the module */
    double peak_db;     /* largest |sample|, dBFS */
};

static void hear(const char *path, struct heard *h)
{
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf) fail_msg("cannot open %s: %s", path, sf_strerror(NULL));
    assert_int_equal(info.channels, 1);
    float *s = xmalloc((size_t)info.frames * sizeof *s + 4);
    sf_count_t n = 0, got;
    /* MP3 frame counts are estimates: read until the end */
    while ((got = sf_readf_float(sf, s + n, info.frames - n)) > 0 && n + got < info.frames) n += got;
    if (got > 0) n += got;
    sf_close(sf);
    h->rate = info.samplerate;
    h->channels = info.channels;
    h->format = info.format;
    h->seconds = (double)n / info.samplerate;
    float peak = 0;
    for (sf_count_t i = 0; i < n; i++)
        if (fabsf(s[i]) > peak) peak = fabsf(s[i]);
    h->peak_db = 20 * log10(peak);
    ebur128_state *st = ebur128_init(1, (unsigned long)info.samplerate, EBUR128_MODE_I);
    ebur128_add_frames_float(st, s, (size_t)n);
    ebur128_loudness_global(st, &h->lufs);
    ebur128_destroy(&st);
    free(s);
}

/* Seconds espeak-ng's own command line speaks TEXT in (same voice, rate, pitch). */
static double espeak_cli_seconds(const char *dir, const char *text)
{
    char *wav = xasprintf("%s/cli.wav", dir);
    char *txt = test_write_file(dir, "cli.txt", text);
    char *cmd = xasprintf("espeak-ng -v vi -s 150 -p 50 -w '%s' -f '%s'", wav, txt);
    assert_int_equal(system(cmd), 0);
    struct heard h;
    hear(wav, &h);
    free(cmd);
    free(txt);
    free(wav);
    return h.seconds;
}

static void test_wav_is_44100_and_its_length_adds_up(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char err[LOA_ERRLEN] = "";
    char *out = xasprintf("%s/item.wav", dir);
    struct audio_opts o;
    audio_opts_default(&o);
    double secs = 0;
    if (audio_render(T, SAY, &o, out, &secs, err) < 0) fail_msg("%s", err);

    struct heard h;
    hear(out, &h);
    assert_int_equal(h.rate, 44100);
    assert_int_equal(h.format & SF_FORMAT_TYPEMASK, SF_FORMAT_WAV);
    assert_int_equal(h.format & SF_FORMAT_SUBMASK, SF_FORMAT_PCM_16);
    assert_true(fabs(h.seconds - secs) < 0.001);

    /* pads + chime + repeats * speech + pauses; the speech as long as espeak-ng's own */
    double cli = espeak_cli_seconds(dir, SAY);
    double fixed = 2 * o.pad_s + 1.5 + (o.repeat - 1) * o.pause_s;
    double speech = (h.seconds - fixed) / o.repeat;
    if (fabs(speech - cli) > 0.10 * cli)
        fail_msg("speech %.2f s per repeat, espeak-ng %.2f s", speech, cli);
    double expect = fixed + o.repeat * cli;
    assert_true(fabs(h.seconds - expect) < 0.10 * o.repeat * cli);

    /* and in that order: silence for the pad, sound, a pause of silence, sound, pad */
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(out, SFM_READ, &info);
    assert_non_null(sf);
    short *pcm = xmalloc((size_t)info.frames * sizeof *pcm);
    assert_int_equal(sf_readf_short(sf, pcm, info.frames), info.frames);
    sf_close(sf);
    size_t first = 0, last = 0, run = 0, longest = 0;
    for (size_t i = 0; i < (size_t)info.frames; i++) {
        if (pcm[i] == 0) { run++; continue; }
        if (!first) first = i;
        else if (run > longest) longest = run;
        last = i;
        run = 0;
    }
    free(pcm);
    assert_true(fabs(first / 44100.0 - o.pad_s) < 0.02);
    assert_true(last / 44100.0 <= h.seconds - o.pad_s);
    if (longest / 44100.0 < o.pause_s || longest / 44100.0 > o.pause_s + 1.0)
        fail_msg("longest silence inside: %.2f s", longest / 44100.0);
    test_rm_rf(dir);
    free(out);
    free(dir);
}

static void test_loudness_on_target_and_peaks_limited(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char err[LOA_ERRLEN] = "";
    char *out = xasprintf("%s/item.wav", dir);
    double targets[] = { -16.0, -23.0 };
    for (int i = 0; i < 2; i++) {
        struct audio_opts o;
        audio_opts_default(&o);
        o.loudness = targets[i];
        if (audio_render(T, SAY, &o, out, NULL, err) < 0) fail_msg("%s", err);
        struct heard h;
        hear(out, &h);
        if (fabs(h.lufs - o.loudness) > 1.0 || h.peak_db > o.peak_max_db)
            fail_msg("target %.1f: %.2f LUFS, peak %.2f dBFS", o.loudness, h.lufs, h.peak_db);
    }
    test_rm_rf(dir);
    free(out);
    free(dir);
}

/* The TIT2 frame of an ID3v2 tag at the start of PATH, as UTF-8 (caller frees), or NULL. */
static char *id3_title(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    unsigned char hd[10];
    char *title = NULL;
    if (fread(hd, 1, 10, fp) != 10 || memcmp(hd, "ID3", 3) != 0) { fclose(fp); return NULL; }
    int ver = hd[3];
    size_t size = (size_t)hd[6] << 21 | (size_t)hd[7] << 14 | (size_t)hd[8] << 7 | hd[9];
    unsigned char *tag = xmalloc(size);
    size_t got = fread(tag, 1, size, fp);
    fclose(fp);
    for (size_t p = 0; p + 10 <= got && tag[p];) {
        size_t fs = ver >= 4 ? ((size_t)tag[p + 4] << 21 | (size_t)tag[p + 5] << 14 | (size_t)tag[p + 6] << 7 | tag[p + 7])
                             : ((size_t)tag[p + 4] << 24 | (size_t)tag[p + 5] << 16 | (size_t)tag[p + 6] << 8 | tag[p + 7]);
        const unsigned char *f = tag + p + 10;
        if (memcmp(tag + p, "TIT2", 4) == 0 && fs >= 3 && f[0] == 1) {
            /* encoding 1: UTF-16 with a byte order mark; keep to the BMP, as Vietnamese is */
            int le = f[1] == 0xFF;
            sbuf b = {0};
            for (size_t k = 3; k + 1 < fs; k += 2) {
                unsigned cp = le ? (unsigned)(f[k] | f[k + 1] << 8) : (unsigned)(f[k] << 8 | f[k + 1]);
                if (!cp) break;
                if (cp < 0x80) sbuf_addc(&b, (char)cp);
                else if (cp < 0x800) { sbuf_addc(&b, (char)(0xC0 | cp >> 6)); sbuf_addc(&b, (char)(0x80 | (cp & 0x3F))); }
                else { sbuf_addc(&b, (char)(0xE0 | cp >> 12)); sbuf_addc(&b, (char)(0x80 | ((cp >> 6) & 0x3F))); sbuf_addc(&b, (char)(0x80 | (cp & 0x3F))); }
            }
            title = sbuf_detach(&b);
            break;
        }
        p += 10 + fs;
    }
    free(tag);
    return title;
}

static void test_mp3_decodes_like_the_wav_and_carries_the_title(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char err[LOA_ERRLEN] = "";
    char *wav = xasprintf("%s/item.wav", dir), *mp3 = xasprintf("%s/item.mp3", dir);
    struct audio_opts o;
    audio_opts_default(&o);
    o.title = TITLE;
    double s_wav, s_mp3;
    if (audio_render(T, SAY, &o, wav, &s_wav, err) < 0) fail_msg("%s", err);
    if (audio_render(T, SAY, &o, mp3, &s_mp3, err) < 0) fail_msg("%s", err);

    struct heard hw, hm;
    hear(wav, &hw);
    hear(mp3, &hm);
    assert_int_equal(hm.format & SF_FORMAT_TYPEMASK, SF_FORMAT_MPEG);
    assert_int_equal(hm.rate, 44100);
    if (fabs(hm.seconds - hw.seconds) > 0.1) fail_msg("mp3 %.3f s, wav %.3f s", hm.seconds, hw.seconds);
    /* lossy coding moves peaks a little: allow 0.5 dB over the limit */
    if (fabs(hm.lufs - o.loudness) > 1.0 || hm.peak_db > o.peak_max_db + 0.5)
        fail_msg("mp3: %.2f LUFS, peak %.2f dBFS", hm.lufs, hm.peak_db);

    /* CBR 64 kbps: the size follows from the length (ID3 tag and frames aside) */
    struct stat st;
    assert_int_equal(stat(mp3, &st), 0);
    double kbps = st.st_size * 8.0 / 1000.0 / hm.seconds;
    assert_true(kbps > 60 && kbps < 72);

    char *title = id3_title(mp3);
    assert_non_null(title);
    assert_string_equal(title, TITLE);
    free(title);
    test_rm_rf(dir);
    free(wav);
    free(mp3);
    free(dir);
}

/* 10 s of a quiet hum with a 10 ms burst at full scale every half second:
 * loud peaks but little loudness, so reaching -16 LUFS needs the limiter. */
static void spiky(audio_buf *b, int rate)
{
    b->rate = rate;
    b->n = (size_t)(10 * rate);
    b->s = xcalloc(b->n, sizeof *b->s);
    size_t burst = (size_t)(0.010 * rate), every = (size_t)(rate / 2);
    for (size_t i = 0; i < b->n; i++) {
        double t = (double)i / rate;
        b->s[i] = (float)(0.05 * sin(2 * M_PI * 220 * t));
        size_t k = i % every;
        if (k < burst) b->s[i] = (float)sin(2 * M_PI * k / (double)burst * 10 + M_PI / 2);
    }
}

static void test_limiter_keeps_full_scale_peaks_under_the_ceiling(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char err[LOA_ERRLEN] = "";
    audio_buf b;
    spiky(&b, 44100);
    double lufs, peak;
    assert_int_equal(audio_loudness(&b, &lufs, &peak, err), 0);
    assert_true(peak >= -0.01);         /* the input does reach full scale */
    assert_true(lufs < -18.0);          /* and needs gain */
    assert_int_equal(audio_normalize(&b, -16.0, -1.0, err), 0);

    char *out = xasprintf("%s/lim.wav", dir);
    assert_int_equal(audio_write_wav(out, &b, err), 0);
    struct heard h;
    hear(out, &h);
    if (h.peak_db > -1.0 || fabs(h.lufs + 16.0) > 1.0)
        fail_msg("limited: %.2f LUFS, peak %.2f dBFS", h.lufs, h.peak_db);
    assert_int_equal(b.n, (size_t)(10 * 44100));   /* limiting moves nothing in time */
    /* between bursts the hum got the whole gain: the limiter let go after each peak */
    float hum = 0;
    for (size_t i = (size_t)(0.25 * 44100); i < (size_t)(0.45 * 44100); i++) hum = fmaxf(hum, fabsf(b.s[i]));
    assert_true(hum > 0.05f * powf(10.0f, (float)(-16.0 - lufs) / 20.0f) * 0.9f);
    audio_buf_free(&b);
    audio_buf_free(&b);   /* twice: the first left it empty */
    test_rm_rf(dir);
    free(out);
    free(dir);
}

static void test_silence_cannot_be_normalised(void **state)
{
    (void)state;
    char err[LOA_ERRLEN] = "";
    audio_buf b = { .s = xcalloc(44100, sizeof(float)), .n = 44100, .rate = 44100 };
    assert_int_equal(audio_normalize(&b, -16.0, -1.0, err), -1);
    assert_non_null(strstr(err, "silence"));
    audio_buf_free(&b);
}

static void test_custom_chime_at_8k_stereo_is_read_and_resampled(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char err[LOA_ERRLEN] = "";
    char *chime = xasprintf("%s/chime.wav", dir);
    /* 1 s at 8000 Hz, stereo: a 500 Hz tone on the left, silence on the right */
    SF_INFO info = { .samplerate = 8000, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
    SNDFILE *sf = sf_open(chime, SFM_WRITE, &info);
    assert_non_null(sf);
    float fr[2 * 8000];
    for (int i = 0; i < 8000; i++) {
        fr[2 * i] = (float)(0.5 * sin(2 * M_PI * 500 * i / 8000.0));
        fr[2 * i + 1] = 0;
    }
    assert_int_equal(sf_writef_float(sf, fr, 8000), 8000);
    sf_close(sf);

    audio_buf b;
    assert_int_equal(audio_read_wav(chime, 44100, &b, err), 0);
    assert_int_equal(b.rate, 44100);
    assert_true(labs((long)b.n - 44100) <= 2);
    float peak = 0;
    size_t ups = 0;   /* upward zero crossings: the pitch survives resampling */
    for (size_t i = 1; i < b.n; i++) {
        if (fabsf(b.s[i]) > peak) peak = fabsf(b.s[i]);
        if (b.s[i - 1] < 0 && b.s[i] >= 0) ups++;
    }
    assert_true(fabsf(peak - 0.25f) < 0.02f);   /* averaged with the silent channel */
    assert_true(ups >= 495 && ups <= 505);
    audio_buf_free(&b);

    /* and an item with it is one second of chime longer than the speech parts */
    struct audio_opts o;
    audio_opts_default(&o);
    o.chime_path = chime;
    o.repeat = 1;
    char *out = xasprintf("%s/item.wav", dir);
    double secs;
    assert_int_equal(audio_render(T, SAY, &o, out, &secs, err), 0);
    int16_t *pcm;
    size_t n;
    assert_int_equal(tts_synth(T, SAY, &pcm, &n, err), 0);
    free(pcm);
    double expect = 2 * o.pad_s + 1.0 + (double)n / tts_sample_rate(T);
    assert_true(fabs(secs - expect) < 0.01);

    o.chime_path = "/nonexistent/chime.wav";
    assert_int_equal(audio_render(T, SAY, &o, out, &secs, err), -1);
    assert_non_null(strstr(err, "/nonexistent/chime.wav"));
    test_rm_rf(dir);
    free(out);
    free(chime);
    free(dir);
}

static void test_default_chime_is_a_short_ding_dong(void **state)
{
    (void)state;
    audio_buf b;
    assert_int_equal(audio_chime_default(44100, &b), 0);
    assert_true(fabs(audio_duration(&b) - 1.5) < 0.001);
    /* sound in the first half second and at the second strike, silence at the end */
    float first = 0, second = 0;
    for (size_t i = 0; i < (size_t)(0.4 * 44100); i++) first = fmaxf(first, fabsf(b.s[i]));
    for (size_t i = (size_t)(0.45 * 44100); i < (size_t)(0.8 * 44100); i++) second = fmaxf(second, fabsf(b.s[i]));
    assert_true(first > 0.1f && second > 0.1f);
    assert_true(fabsf(b.s[b.n - 1]) < 1e-4f);
    audio_buf_free(&b);
}

static void test_unwritable_output_is_a_clear_error_and_leaves_nothing(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char err[LOA_ERRLEN] = "";
    struct audio_opts o;
    audio_opts_default(&o);

    /* a folder that does not exist */
    char *missing = xasprintf("%s/no/such/folder/item.mp3", dir);
    assert_int_equal(audio_render(T, SAY, &o, missing, NULL, err), -1);
    assert_non_null(strstr(err, "cannot write"));
    assert_non_null(strstr(err, missing));
    assert_non_null(strstr(err, "No such file or directory"));

    /* the name is taken by a folder: fails at the very end, after all was encoded */
    char *taken = xasprintf("%s/item.mp3", dir);
    assert_int_equal(mkdir(taken, 0755), 0);
    assert_int_equal(audio_render(T, SAY, &o, taken, NULL, err), -1);
    assert_non_null(strstr(err, "cannot write"));
    char *taken_wav = xasprintf("%s/item.wav", dir);
    assert_int_equal(mkdir(taken_wav, 0755), 0);
    assert_int_equal(audio_render(T, SAY, &o, taken_wav, NULL, err), -1);
    assert_int_equal(test_count_entries(dir), 2);   /* the two folders, no temporary file */

    /* neither .wav nor .mp3 */
    char *ogg = xasprintf("%s/item.ogg", dir);
    assert_int_equal(audio_render(T, SAY, &o, ogg, NULL, err), -1);
    assert_non_null(strstr(err, ".wav or .mp3"));
    assert_int_equal(test_count_entries(dir), 2);

    /* an existing file is replaced whole, never half */
    char *good = xasprintf("%s/good.wav", dir);
    double s1, s2;
    assert_int_equal(audio_render(T, "xin chào", &o, good, &s1, err), 0);
    assert_int_equal(audio_render(T, SAY, &o, good, &s2, err), 0);
    struct heard h;
    hear(good, &h);
    assert_true(fabs(h.seconds - s2) < 0.001 && s2 > s1);
    assert_int_equal(test_count_entries(dir), 3);
    test_rm_rf(dir);
    free(missing);
    free(taken);
    free(taken_wav);
    free(ogg);
    free(good);
    free(dir);
}

static void test_bad_options_are_refused(void **state)
{
    (void)state;
    char err[LOA_ERRLEN] = "";
    audio_buf sp;
    spiky(&sp, 22050);
    audio_buf out = { 0 };
    struct audio_opts o;
    audio_opts_default(&o);
    o.repeat = 0;
    assert_int_equal(audio_compose(&sp, &o, &out, err), -1);
    assert_non_null(strstr(err, "repeat 0"));
    assert_null(out.s);
    audio_opts_default(&o);
    o.out_rate = 1000;
    assert_int_equal(audio_compose(&sp, &o, &out, err), -1);
    assert_non_null(strstr(err, "1000 Hz"));
    audio_opts_default(&o);
    assert_int_equal(audio_write_mp3("/tmp/x.mp3", &sp, NULL, 1000, err), -1);
    assert_non_null(strstr(err, "1000 kbps"));
    audio_buf_free(&sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wav_is_44100_and_its_length_adds_up),
        cmocka_unit_test(test_loudness_on_target_and_peaks_limited),
        cmocka_unit_test(test_mp3_decodes_like_the_wav_and_carries_the_title),
        cmocka_unit_test(test_limiter_keeps_full_scale_peaks_under_the_ceiling),
        cmocka_unit_test(test_silence_cannot_be_normalised),
        cmocka_unit_test(test_custom_chime_at_8k_stereo_is_read_and_resampled),
        cmocka_unit_test(test_default_chime_is_a_short_ding_dong),
        cmocka_unit_test(test_unwritable_output_is_a_clear_error_and_leaves_nothing),
        cmocka_unit_test(test_bad_options_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
