/* audio — announcement post-processing: resample, loudness, limiter, chime, repeats, WAV/MP3 files. */
/*
 * Sections: buffers; resampling (libsoxr); loudness (libebur128); the limiter and
 * normalisation; the chime and reading sound files (libsndfile); composing the
 * programme item; atomic file writing (WAV by libsndfile, MP3 by LAME); render.
 *
 * Everything is mono float at full scale ±1.0 until a file is written.
 */
#include "i18n.h"
#include "audio.h"

#include <ebur128.h>
#include <errno.h>
#include <fcntl.h>
#include <lame/lame.h>
#include <limits.h>
#include <math.h>
#include <sndfile.h>
#include <soxr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "log.h"
#include "util.h"

#define LIMIT_ATTACK_S 0.005     /* look-ahead: the gain ramps down over 5 ms before a peak */
#define LIMIT_RELEASE_S 0.080    /* and recovers with an 80 ms time constant after it */
#define LIMIT_MARGIN_DB 0.02     /* kept under the ceiling for 16-bit rounding */
#define NORM_TOLERANCE_LU 0.2    /* audio_normalize stops this close to the target */
#define NORM_MAX_PASSES 4      /* gain passes over the whole buffer, at most */
#define COMPOSE_RECHECK_LU 0.3   /* audio_compose corrects the whole when further off */
#define CHIME_BELOW_LU 2.0       /* the chime sits this much under the speech */
#define MP3_QUALITY 3            /* LAME's -q 3, its own default: good and fast */

/* ---- buffers ---- */

void audio_opts_default(struct audio_opts *o)
{
    *o = (struct audio_opts){
        .out_rate = 44100,
        .loudness = -16.0,
        .peak_max_db = -1.0,
        .repeat = 2,
        .pause_s = 2.0,
        .pad_s = 0.5,
        .chime_path = NULL,
        .title = NULL,
    };
}

void audio_buf_free(audio_buf *b)
{
    if (!b) return;
    free(b->s);
    b->s = NULL;
    b->n = 0;
    b->rate = 0;
}

double audio_duration(const audio_buf *b)
{
    return b && b->rate > 0 ? (double)b->n / b->rate : 0.0;
}

static void buf_alloc(audio_buf *b, size_t n, int rate)
{
    b->s = xcalloc(n ? n : 1, sizeof *b->s);
    b->n = n;
    b->rate = rate;
}

void audio_from_s16(const int16_t *pcm, size_t n, int rate, audio_buf *out)
{
    buf_alloc(out, n, rate);
    for (size_t i = 0; i < n; i++) out->s[i] = pcm[i] / 32768.0f;
}

static int rate_ok(int rate)
{
    return rate >= 8000 && rate <= 192000;
}

/* ---- resampling ---- */

int audio_resample(const audio_buf *in, int out_rate, audio_buf *out, char *err)
{
    memset(out, 0, sizeof *out);
    if (!rate_ok(in->rate) || !rate_ok(out_rate))
        return util_err(err, _("audio: cannot resample %d Hz to %d Hz (rates 8000..192000)"), in->rate, out_rate);
    if (in->rate == out_rate) {
        buf_alloc(out, in->n, out_rate);
        if (in->n) memcpy(out->s, in->s, in->n * sizeof *in->s);
        return 0;
    }
    size_t olen = (size_t)ceil((double)in->n * out_rate / in->rate) + 1;
    buf_alloc(out, olen, out_rate);
    size_t odone = 0;
    soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
    soxr_error_t e = soxr_oneshot(in->rate, out_rate, 1, in->s, in->n, NULL,
                                  out->s, olen, &odone, &io, &q, NULL);
    if (e) {
        audio_buf_free(out);
        return util_err(err, _("audio: resampling failed: %s"), soxr_strerror(e));
    }
    out->n = odone;
    return 0;
}

/* ---- loudness ---- */

/* ebur128_destroy does not accept a NULL state. */
static void st_free(ebur128_state **st)
{
    if (*st) ebur128_destroy(st);
    *st = NULL;
}


/*
 * Integrated loudness of B; with PEAK, also its true peak (linear). With KEEP, the
 * libebur128 state is handed to the caller (to combine parts without measuring the
 * whole again); else it is freed. 0 or -1.
 */
static int measure_keep(const audio_buf *b, double *lufs, double *peak, ebur128_state **keep, char *err)
{
    int mode = EBUR128_MODE_I | (peak ? EBUR128_MODE_TRUE_PEAK : 0);
    ebur128_state *st = ebur128_init(1, (unsigned long)b->rate, mode);
    if (!st) return util_err(err, _("audio: cannot measure loudness at %d Hz"), b->rate);
    int rc = EBUR128_SUCCESS;
    const size_t slice = 1u << 16;
    for (size_t i = 0; i < b->n && rc == EBUR128_SUCCESS; i += slice)
        rc = ebur128_add_frames_float(st, b->s + i, b->n - i < slice ? b->n - i : slice);
    if (rc == EBUR128_SUCCESS) rc = ebur128_loudness_global(st, lufs);
    if (rc == EBUR128_SUCCESS && peak) rc = ebur128_true_peak(st, 0, peak);
    if (rc == EBUR128_SUCCESS && keep) *keep = st;
    else st_free(&st);
    if (rc != EBUR128_SUCCESS) return util_err(err, _("audio: loudness measurement failed (libebur128 error %d)"), rc);
    return 0;
}

static int measure(const audio_buf *b, double *lufs, double *peak, char *err)
{
    return measure_keep(b, lufs, peak, NULL, err);
}

int audio_loudness(const audio_buf *b, double *lufs, double *peak_dbfs, char *err)
{
    if (!rate_ok(b->rate)) return util_err(err, _("audio: bad sample rate %d Hz"), b->rate);
    double peak = 0;
    if (measure(b, lufs, &peak, err) < 0) return -1;
    *peak_dbfs = peak > 0 ? 20.0 * log10(peak) : -HUGE_VAL;
    return 0;
}

/* ---- limiter and normalisation ---- */

/*
 * Multiply B by GAIN and limit, in place and in one pass, so |sample| <= CEIL.
 *
 * r[j] = min(1, CEIL / |GAIN * x[j]|) is the gain sample j needs. The limiter's gain is
 *   m[k] = min r[k .. k+L]          (look ahead L samples: no peak comes unannounced)
 *   e[k] = min(m[k], release(e[k-1]))  (recover slowly after a peak)
 *   g[k] = mean e[k-L .. k]         (ramp down smoothly over L samples)
 * and g[p] <= r[p] at every peak p, since each e[k] in the mean is <= m[k] <= r[p].
 * Only O(L) memory: a ring of indices (the sliding minimum) and a ring of e values.
 */
static void limit(audio_buf *b, double gain, double ceil_lin)
{
    size_t n = b->n;
    float *x = b->s;
    size_t L = (size_t)(LIMIT_ATTACK_S * b->rate);
    if (L < 1) L = 1;
    size_t W = L + 1;                             /* window length for both rings */
    double rel = exp(-1.0 / (LIMIT_RELEASE_S * b->rate));
    float cg = (float)(ceil_lin / gain);          /* |x| above this needs limiting */

    size_t C = W + 1;                             /* deque ring: W live + 1 stale index */
    size_t *dq = xmalloc(C * sizeof *dq);         /* indices, r increasing from the head */
    double *dr = xmalloc(C * sizeof *dr);         /* r of those indices */
    size_t head = 0, count = 0;
    double *ering = xmalloc(W * sizeof *ering);
    for (size_t i = 0; i < W; i++) ering[i] = 1.0;
    double esum = (double)W, e = 1.0;
    size_t next = 0;                              /* next index to enter the window */

    for (size_t k = 0; k < n; k++) {
        /* window of m[k] is [k, k+L]: add indices up to k+L */
        for (; next <= k + L && next < n; next++) {
            float a = fabsf(x[next]);
            double r = a > cg ? cg / a : 1.0;
            while (count && dr[(head + count - 1) % C] >= r) count--;
            dq[(head + count) % C] = next;
            dr[(head + count) % C] = r;
            count++;
        }
        while (dq[head] < k) { head = (head + 1) % C; count--; }
        double m = dr[head];
        e = 1.0 - (1.0 - e) * rel;
        if (m < e) e = m;
        size_t slot = k % W;
        esum += e - ering[slot];
        ering[slot] = e;
        double g = esum / (double)W;
        if (k % 65536 == 0) {                     /* renew the running sum: no drift */
            esum = 0;
            for (size_t i = 0; i < W; i++) esum += ering[i];
            g = esum / (double)W;
        }
        float y = (float)(x[k] * gain * g);
        /* rounding only: the construction above already keeps y within the ceiling */
        if (y > (float)ceil_lin) y = (float)ceil_lin;
        else if (y < -(float)ceil_lin) y = -(float)ceil_lin;
        x[k] = y;
    }
    free(dq);
    free(dr);
    free(ering);
}

/*
 * A sample of a long buffer to search the gain on: EXCERPT_PARTS evenly spaced pieces
 * of EXCERPT_PART_S seconds. Loudness is a gated mean over 400 ms blocks, so a sample
 * of a long homogeneous announcement predicts the whole's within a few tenths of a LU;
 * the whole is measured afterwards anyway. Short buffers are copied whole.
 */
#define EXCERPT_PARTS 12
#define EXCERPT_PART_S 5.0

static void excerpt(const audio_buf *b, audio_buf *ex)
{
    size_t part = (size_t)(EXCERPT_PART_S * b->rate);
    if (b->n <= 2 * EXCERPT_PARTS * part) {
        buf_alloc(ex, b->n, b->rate);
        memcpy(ex->s, b->s, b->n * sizeof *b->s);
        return;
    }
    buf_alloc(ex, EXCERPT_PARTS * part, b->rate);
    size_t stride = (b->n - part) / (EXCERPT_PARTS - 1);
    for (size_t i = 0; i < EXCERPT_PARTS; i++)
        memcpy(ex->s + i * part, b->s + i * stride, part * sizeof *b->s);
}

/*
 * The gain (dB) that brings EX to TARGET after the limiter, by the secant method on
 * f(gain) = loudness(limit(EX * gain)), which rises monotonically but less than 1:1
 * once the limiter works. 0 with *gain_db, or -1 (silence).
 */
static int search_gain(const audio_buf *ex, double target, double ceil_lin, double *gain_db, char *err)
{
    double l0;
    if (measure(ex, &l0, NULL, err) < 0) return -1;
    if (!isfinite(l0)) return util_err(err, _("audio: cannot normalise silence"));
    double g0 = 0, g1 = target - l0, g = g1;
    audio_buf tmp;
    buf_alloc(&tmp, ex->n, ex->rate);
    for (int i = 0; i < 8; i++) {
        memcpy(tmp.s, ex->s, ex->n * sizeof *ex->s);
        limit(&tmp, pow(10.0, g1 / 20.0), ceil_lin);
        double l1;
        if (measure(&tmp, &l1, NULL, err) < 0) { audio_buf_free(&tmp); return -1; }
        g = g1;
        if (fabs(target - l1) < 0.05) break;
        double slope = (l1 - l0) / (g1 - g0);   /* LU per dB; 1 without limiting */
        if (!(slope > 0.1)) slope = 0.1;
        if (slope > 1.0) slope = 1.0;
        g0 = g1;
        l0 = l1;
        g1 += (target - l1) / slope;
        if (g1 > 60) g1 = 60;
    }
    audio_buf_free(&tmp);
    *gain_db = g;
    return 0;
}

/* audio_normalize, optionally handing over the final measurement's state. */
static int normalize_keep(audio_buf *b, double target_lufs, double peak_max_db, ebur128_state **keep, char *err)
{
    if (keep) *keep = NULL;
    if (!rate_ok(b->rate)) return util_err(err, _("audio: bad sample rate %d Hz"), b->rate);
    if (peak_max_db > 0 || peak_max_db < -20)
        return util_err(err, _("audio: peak limit %.1f dBFS is outside -20..0"), peak_max_db);
    if (target_lufs > -5 || target_lufs < -40)
        return util_err(err, _("audio: loudness target %.1f LUFS is outside -40..-5"), target_lufs);
    if (b->n == 0) return util_err(err, _("audio: cannot normalise silence"));
    double ceil_lin = pow(10.0, (peak_max_db - LIMIT_MARGIN_DB) / 20.0);

    audio_buf ex;
    excerpt(b, &ex);
    double gain_db = 0;
    int sampled = ex.n < b->n;
    int rc = search_gain(&ex, target_lufs, ceil_lin, &gain_db, err);
    audio_buf_free(&ex);
    if (rc < 0 && sampled) {   /* the sample may have missed the sound: search on all */
        rc = search_gain(b, target_lufs, ceil_lin, &gain_db, err);
    }
    if (rc < 0) return -1;

    double lufs = 0;
    ebur128_state *st = NULL;
    for (int pass = 0; pass < NORM_MAX_PASSES; pass++) {
        limit(b, pow(10.0, gain_db / 20.0), ceil_lin);
        st_free(&st);
        if (measure_keep(b, &lufs, NULL, &st, err) < 0) return -1;
        log_debug("audio: normalise pass %d: gain %+.2f dB -> %.2f LUFS, target %.2f",
                  pass, gain_db, lufs, target_lufs);
        if (fabs(target_lufs - lufs) <= NORM_TOLERANCE_LU) break;
        gain_db = target_lufs - lufs;   /* a correction on top of what is applied */
    }
    if (fabs(target_lufs - lufs) > 1.0) {
        st_free(&st);
        return util_err(err, _("audio: cannot reach %.1f LUFS under a %.1f dBFS peak limit (got %.1f LUFS)"),
                        target_lufs, peak_max_db, lufs);
    }
    if (keep) *keep = st;
    else st_free(&st);
    return 0;
}

int audio_normalize(audio_buf *b, double target_lufs, double peak_max_db, char *err)
{
    return normalize_keep(b, target_lufs, peak_max_db, NULL, err);
}

/* ---- chime and sound files ---- */

/* One bell strike at T0 seconds: a few partials, a soft 5 ms attack, exponential decay. */
static void bell(audio_buf *b, double t0, double f0, double amp)
{
    static const struct { double mult, amp, tau; } partials[] = {
        { 1.0, 1.00, 0.45 }, { 2.0, 0.35, 0.25 }, { 3.0, 0.12, 0.15 }, { 4.2, 0.05, 0.08 },
    };
    size_t start = (size_t)(t0 * b->rate);
    for (size_t i = start; i < b->n; i++) {
        double t = (double)(i - start) / b->rate;
        double env = t < 0.005 ? 0.5 - 0.5 * cos(M_PI * t / 0.005) : 1.0;
        double v = 0;
        for (size_t p = 0; p < sizeof partials / sizeof partials[0]; p++)
            v += partials[p].amp * exp(-t / partials[p].tau) * sin(2 * M_PI * f0 * partials[p].mult * t);
        b->s[i] += (float)(amp * env * v);
    }
}

int audio_chime_default(int rate, audio_buf *out)
{
    memset(out, 0, sizeof *out);
    if (!rate_ok(rate)) return -1;
    buf_alloc(out, (size_t)(1.5 * rate), rate);
    bell(out, 0.0, 659.25, 0.35);    /* E5 "ding" */
    bell(out, 0.45, 523.25, 0.35);   /* C5 "dong" */
    /* fade the last 0.3 s to true silence so the join with the speech is clean */
    size_t fade = (size_t)(0.3 * rate);
    for (size_t i = 0; i < fade; i++) {
        double w = 0.5 + 0.5 * cos(M_PI * (double)(i + 1) / fade);
        out->s[out->n - fade + i] *= (float)w;
    }
    return 0;
}

int audio_read_wav(const char *path, int rate, audio_buf *out, char *err)
{
    memset(out, 0, sizeof *out);
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf) return util_err(err, _("audio: cannot read '%s': %s"), path, sf_strerror(NULL));
    if (info.channels < 1 || info.frames <= 0 || !rate_ok(info.samplerate)) {
        sf_close(sf);
        return util_err(err, _("audio: '%s' holds no usable sound (%d channels, %d Hz, %lld frames)"),
                        path, info.channels, info.samplerate, (long long)info.frames);
    }
    size_t frames = (size_t)info.frames, ch = (size_t)info.channels;
    float *inter = xmalloc(frames * ch * sizeof *inter);
    sf_count_t got = sf_readf_float(sf, inter, info.frames);
    sf_close(sf);
    if (got <= 0) {
        free(inter);
        return util_err(err, _("audio: cannot read samples from '%s'"), path);
    }
    audio_buf mono;
    buf_alloc(&mono, (size_t)got, info.samplerate);
    for (size_t i = 0; i < (size_t)got; i++) {
        float sum = 0;
        for (size_t c = 0; c < ch; c++) sum += inter[i * ch + c];
        mono.s[i] = sum / (float)ch;
    }
    free(inter);
    int rc = audio_resample(&mono, rate, out, err);
    audio_buf_free(&mono);
    return rc;
}

/* ---- composing the programme item ---- */

static int opts_check(const struct audio_opts *o, char *err)
{
    if (!rate_ok(o->out_rate)) return util_err(err, _("audio: output rate %d Hz is outside 8000..192000"), o->out_rate);
    if (o->repeat < 1 || o->repeat > 10) return util_err(err, _("audio: repeat %d is outside 1..10"), o->repeat);
    if (!(o->pause_s >= 0 && o->pause_s <= 60)) return util_err(err, _("audio: pause %.1f s is outside 0..60"), o->pause_s);
    if (!(o->pad_s >= 0 && o->pad_s <= 60)) return util_err(err, _("audio: padding %.1f s is outside 0..60"), o->pad_s);
    return 0;
}

static float *put(float *dst, const audio_buf *src)
{
    memcpy(dst, src->s, src->n * sizeof *dst);
    return dst + src->n;
}

int audio_compose(const audio_buf *speech, const struct audio_opts *o, audio_buf *out, char *err)
{
    memset(out, 0, sizeof *out);
    if (opts_check(o, err) < 0) return -1;
    if (!speech || speech->n == 0) return util_err(err, _("audio: no speech to compose"));
    audio_buf sp;
    if (audio_resample(speech, o->out_rate, &sp, err) < 0) return -1;
    return audio_compose_take(&sp, o, out, err);
}

int audio_compose_take(audio_buf *speech, const struct audio_opts *o, audio_buf *out, char *err)
{
    memset(out, 0, sizeof *out);
    audio_buf sp = *speech, ch = {0};
    memset(speech, 0, sizeof *speech);   /* ours now, freed on every path below */
    if (opts_check(o, err) < 0 || sp.n == 0) {
        if (sp.n == 0) util_err(err, _("audio: no speech to compose"));
        audio_buf_free(&sp);
        return -1;
    }
    if (sp.rate != o->out_rate) {
        audio_buf rs;
        int rc = audio_resample(&sp, o->out_rate, &rs, err);
        audio_buf_free(&sp);
        if (rc < 0) return -1;
        sp = rs;
    }
    ebur128_state *sts[12] = {0};   /* chime, then the speech once per repeat */
    if (normalize_keep(&sp, o->loudness, o->peak_max_db, &sts[1], err) < 0) goto fail;

    if (o->chime_path) {
        if (audio_read_wav(o->chime_path, o->out_rate, &ch, err) < 0) goto fail;
    } else {
        audio_chime_default(o->out_rate, &ch);
    }
    if (normalize_keep(&ch, o->loudness - CHIME_BELOW_LU, o->peak_max_db, &sts[0], err) < 0) {
        char why[LOA_ERRLEN];
        snprintf(why, sizeof why, "%s", err ? err : "");
        util_err(err, _("audio: chime '%s': %s"), o->chime_path ? o->chime_path : "(default)", why);
        goto fail;
    }

    size_t pad = (size_t)llround(o->pad_s * o->out_rate);
    size_t pause = (size_t)llround(o->pause_s * o->out_rate);
    size_t r = (size_t)o->repeat;
    buf_alloc(out, 2 * pad + ch.n + r * sp.n + (r - 1) * pause, o->out_rate);  /* zeroed: silences */
    float *p = out->s + pad;
    p = put(p, &ch);
    for (size_t i = 0; i < r; i++) {
        if (i) p += pause;
        p = put(p, &sp);
    }
    audio_buf_free(&sp);
    audio_buf_free(&ch);

    /* Each part is on target; the whole's loudness follows from the parts' measurements
     * (silence is gated out), so a long item is not measured a third time. A short
     * speech after the quieter chime can come out low: then the whole is corrected. */
    for (size_t i = 2; i <= r; i++) sts[i] = sts[1];
    double lufs = 0;
    int rc = ebur128_loudness_global_multiple(sts, r + 1, &lufs);
    st_free(&sts[0]);
    st_free(&sts[1]);
    if (rc != EBUR128_SUCCESS) {
        util_err(err, _("audio: loudness measurement failed (libebur128 error %d)"), rc);
        goto fail_out;
    }
    log_debug("audio: composed %.1f s at %.2f LUFS (from the parts)", audio_duration(out), lufs);
    if (fabs(lufs - o->loudness) > COMPOSE_RECHECK_LU &&
        audio_normalize(out, o->loudness, o->peak_max_db, err) < 0)
        goto fail_out;
    return 0;

fail:
    st_free(&sts[0]);
    st_free(&sts[1]);
    audio_buf_free(&sp);
    audio_buf_free(&ch);
    return -1;
fail_out:
    audio_buf_free(out);
    return -1;
}

int audio_write_wav(const char *path, const audio_buf *b, char *err)
{
    if (!rate_ok(b->rate)) return util_err(err, _("audio: bad sample rate %d Hz"), b->rate);
    afile *f = afile_open(path, 0644, err);   /* players run as other users */
    if (!f) return -1;
    SF_INFO info = { .samplerate = b->rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
    SNDFILE *sf = sf_open_fd(afile_fd(f), SFM_WRITE, &info, 0);
    if (!sf) {
        util_err(err, _("audio: cannot write '%s': %s"), path, sf_strerror(NULL));
        afile_abort(f);
        return -1;
    }
    sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);   /* clip, never wrap around */
    sf_count_t wrote = sf_write_float(sf, b->s, (sf_count_t)b->n);
    int serr = sf_error(sf);
    char why[256];
    snprintf(why, sizeof why, "%s", sf_strerror(sf));
    if (sf_close(sf) != 0 || wrote != (sf_count_t)b->n || serr) {
        util_err(err, _("audio: cannot write '%s': %s"), path, serr ? why : "short write");
        afile_abort(f);
        return -1;
    }
    return afile_commit(f, err);
}

/* UTF-8 -> NUL-terminated UTF-16 with a byte order mark, as LAME's ID3 functions want. */
static unsigned short *utf16_bom(const char *s)
{
    size_t n = strlen(s);
    unsigned short *u = xmalloc((2 * n + 2) * sizeof *u), *p = u;
    *p++ = 0xFEFF;
    const unsigned char *c = (const unsigned char *)s;
    while (*c) {
        unsigned long cp;
        int len;
        if (*c < 0x80) { cp = *c; len = 1; }
        else if ((*c & 0xE0) == 0xC0) { cp = *c & 0x1F; len = 2; }
        else if ((*c & 0xF0) == 0xE0) { cp = *c & 0x0F; len = 3; }
        else if ((*c & 0xF8) == 0xF0) { cp = *c & 0x07; len = 4; }
        else { c++; continue; }                  /* stray byte: skipped */
        int k = 1;
        for (; k < len && (c[k] & 0xC0) == 0x80; k++) cp = (cp << 6) | (c[k] & 0x3F);
        c += k;
        if (k < len) continue;                   /* truncated sequence: skipped */
        if (cp >= 0x10000) {
            cp -= 0x10000;
            *p++ = (unsigned short)(0xD800 | (cp >> 10));
            *p++ = (unsigned short)(0xDC00 | (cp & 0x3FF));
        } else {
            *p++ = (unsigned short)cp;
        }
    }
    *p = 0;
    return u;
}

static int mp3_rate_ok(int rate)
{
    static const int rates[] = { 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000 };
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (rates[i] == rate) return 1;
    return 0;
}

int audio_write_mp3(const char *path, const audio_buf *b, const char *title, int kbps, char *err)
{
    if (!mp3_rate_ok(b->rate)) return util_err(err, _("audio: MP3 cannot carry %d Hz"), b->rate);
    if (kbps < 8 || kbps > 320) return util_err(err, _("audio: MP3 bitrate %d kbps is outside 8..320"), kbps);

    lame_t gf = lame_init();
    if (!gf) return util_err(err, _("audio: LAME failed to initialise"));
    lame_set_num_channels(gf, 1);
    lame_set_in_samplerate(gf, b->rate);
    lame_set_out_samplerate(gf, b->rate);  /* no resampling inside LAME */
    lame_set_mode(gf, MONO);
    lame_set_VBR(gf, vbr_off);             /* CBR: constant size per second, any player */
    lame_set_brate(gf, kbps);
    lame_set_quality(gf, MP3_QUALITY);
    lame_set_bWriteVbrTag(gf, 1);          /* LAME/Info tag: exact length, gapless */
    lame_set_write_id3tag_automatic(gf, 0);
    if (title && *title) {
        id3tag_init(gf);
        id3tag_v2_only(gf);                /* ID3v1 holds Latin-1 only: no Vietnamese */
        unsigned short *u = utf16_bom(title);
        id3tag_set_textinfo_utf16(gf, "TIT2", u);
        free(u);
    }
    if (lame_init_params(gf) < 0) {
        lame_close(gf);
        return util_err(err, _("audio: LAME rejects %d Hz at %d kbps"), b->rate, kbps);
    }

    afile *f = afile_open(path, 0644, err);
    if (!f) {
        lame_close(gf);
        return -1;
    }
    const size_t chunk = 1u << 15;
    size_t cap = chunk * 5 / 4 + 7200;     /* LAME's documented worst case */
    unsigned char *mp3 = xmalloc(cap > 1u << 17 ? cap : 1u << 17);
    int rc = 0, w = 0;
    off_t tag_at = 0;                      /* where the Info frame placeholder starts */

    size_t id3 = lame_get_id3v2_tag(gf, mp3, cap);
    if (id3 > cap) rc = -1;
    else if (id3 && afile_write(f, mp3, id3) < 0) rc = -1;
    tag_at = (off_t)id3;
    for (size_t i = 0; rc == 0 && i < b->n; i += chunk) {
        int k = (int)(b->n - i < chunk ? b->n - i : chunk);
        w = lame_encode_buffer_ieee_float(gf, b->s + i, NULL, k, mp3, (int)cap);
        if (w < 0 || afile_write(f, mp3, (size_t)w) < 0) rc = -1;
    }
    if (rc == 0) {
        w = lame_encode_flush(gf, mp3, (int)cap);
        if (w < 0 || afile_write(f, mp3, (size_t)w) < 0) rc = -1;
    }
    if (rc == 0) {
        size_t tag = lame_get_lametag_frame(gf, mp3, cap);
        if (tag > cap) rc = -1;
        else if (tag && (lseek(afile_fd(f), tag_at, SEEK_SET) < 0 || afile_write(f, mp3, tag) < 0)) rc = -1;
    }
    int e = errno;
    free(mp3);
    lame_close(gf);
    if (rc < 0) {
        if (w < 0) util_err(err, _("audio: LAME failed encoding '%s' (error %d)"), path, w);
        else util_err(err, _("audio: cannot write '%s': %s"), path, strerror(e));
        afile_abort(f);
        return -1;
    }
    return afile_commit(f, err);
}

/* ---- render ---- */

static int has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), k = strlen(ext);
    return n > k && strcasecmp(path + n - k, ext) == 0;
}

int audio_render(tts *t, const char *words, const struct audio_opts *o, const char *out_path,
                 double *seconds, char *err)
{
    if (seconds) *seconds = 0;
    int mp3 = has_ext(out_path, ".mp3");
    if (!mp3 && !has_ext(out_path, ".wav"))
        return util_err(err, _("audio: '%s': the output must end in .wav or .mp3"), out_path);

    int16_t *pcm = NULL;
    size_t n = 0;
    if (tts_synth(t, words, &pcm, &n, err) < 0) return -1;
    audio_buf speech, item;
    audio_from_s16(pcm, n, tts_sample_rate(t), &speech);
    free(pcm);
    if (audio_compose_take(&speech, o, &item, err) < 0) return -1;
    int rc = mp3 ? audio_write_mp3(out_path, &item, o->title, AUDIO_MP3_KBPS, err)
             : audio_write_wav(out_path, &item, err);
    if (rc == 0) {
        if (seconds) *seconds = audio_duration(&item);
        log_info("audio: wrote %s (%.1f s, %s)", out_path, audio_duration(&item), mp3 ? "mp3" : "wav");
    }
    audio_buf_free(&item);
    return rc;
}
