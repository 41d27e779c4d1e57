/*
 * broadcast — the station's programme. Each (day, slot, campaign) is a row; its text is
 * normalised to words and hashed with the audio settings; rendering synthesises the words
 * (espeak-ng), composes chime + repeats, corrects loudness and writes WAV and MP3 into a cache
 * by hash, then links the files under the day's folder, so identical text is never synthesised
 * twice. Playback hands the WAV files to aplay (execvp, no shell) and keeps the as-run log.
 */
#include "i18n.h"
#include "broadcast.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "afile.h"
#include "audio.h"
#include "log.h"
#include "normalize.h"
#include "schedule.h"
#include "util.h"
#include "vntext.h"

char *broadcast_words(const struct config *cfg, const char *text)
{
    struct normalize_opts o;
    normalize_opts_default(&o);
    if (cfg) {
        o.thousand = cfg->tts.thousand;
        o.zero_ten = cfg->tts.zero_ten;
        o.lexicon = (const char *const (*)[2])cfg->tts.lexicon;
        o.nlexicon = cfg->tts.nlexicon;
        o.service_numbers = (const char *const *)cfg->tts.service_numbers.v;
        o.nservice_numbers = cfg->tts.service_numbers.n;
    }
    return normalize_text(text, &o);
}

/* FNV-1a over the words and every setting that changes the sound: the cache key. */
static void content_hash(const struct config *cfg, const char *words, char out[17]);

void broadcast_hash(const struct config *cfg, const char *words, int level, char out[24])
{
    char h[17];
    /* a khẩn cấp item sounds different (its own chime and repeats, which its key includes): a campaign moved
     * to another level is rendered again, never served the cached sound of the old one; thường keeps the
     * hashes it always had */
    if (level == CFG_LEVEL_KHAN_CAP) {
        char *w = xasprintf("%s|khan-cap|%d|%s", words, cfg->broadcast.emergency_repeat,
                            cfg->broadcast.emergency_chime ? cfg->broadcast.emergency_chime : "alarm");
        content_hash(cfg, w, h);
        free(w);
    } else {
        content_hash(cfg, words, h);
    }
    if (level) snprintf(out, 24, "%s-%d", h, level);
    else snprintf(out, 24, "%s", h);
}

static void content_hash(const struct config *cfg, const char *words, char out[17])
{
    char *key = xasprintf("%s|%d|%d|%.1f|%d|%.2f|%s|%s", cfg->tts.voice, cfg->tts.rate, cfg->tts.pitch, cfg->broadcast.loudness,
                          cfg->broadcast.repeat, cfg->broadcast.pause, cfg->broadcast.chime ? cfg->broadcast.chime : "-", words);
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
    free(key);
}

char *broadcast_day_dir(const struct config *cfg, long day)
{
    int y, m, d;
    util_civil_from_days(day, &y, &m, &d);
    return xasprintf("%s/%04d-%02d-%02d", cfg->audio_dir, y, m, d);
}

int broadcast_plan(store *st, const struct config *cfg, long day, time_t now, char *err)
{
    int items = 0;
    for (size_t i = 0; i < cfg->ncampaigns; i++) {
        const struct cfg_campaign *c = &cfg->campaigns[i];
        if (!c->enabled || !c->has_broadcast || day < c->from_day || day > c->until_day) continue;
        const struct cfg_schedule *s = &c->bc_schedule;
        int slots[64];
        size_t n = 0;
        for (size_t k = 0; k < s->nat && n < 64; k++)
            if (util_local_day(s->at[k]) == day) slots[n++] = util_local_minute(s->at[k]);
        if (schedule_day_matches(s, day, c->from_day) && !s->nat) {
            if (s->ntimes)
                for (size_t k = 0; k < s->ntimes && n < 64; k++) slots[n++] = s->times[k];
            else
                for (size_t k = 0; k < cfg->broadcast.nslots && n < 64; k++) slots[n++] = cfg->broadcast.slots[k];
        }
        if (!n) continue;
        char *words = broadcast_words(cfg, c->bc_text);
        if (!words) return util_err(err, _("campaign %s: broadcast text is not valid UTF-8"), c->id);
        char hash[24];
        broadcast_hash(cfg, words, c->bc_level, hash);
        for (size_t k = 0; k < n; k++) {
            int rc = store_broadcast_upsert(st, day, slots[k], c->id, c->bc_text, words, hash, now);
            if (rc >= 0) rc = store_broadcast_set_level(st, day, slots[k], c->id, c->bc_level);
            if (rc < 0) {
                free(words);
                return util_err(err, "%s", store_errmsg(st));
            }
            items++;
        }
        free(words);
    }
    return items;
}

/* Copy SRC to DST (a hard link where the file system allows; else an atomic copy, as the cache's own file). */
static int link_or_copy(const char *src, const char *dst)
{
    unlink(dst);
    if (link(src, dst) == 0) return 0;
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    char err[LOA_ERRLEN];
    afile *out = afile_open(dst, 0644, err);
    if (!out) {
        close(in);
        return -1;
    }
    char buf[65536];
    ssize_t r;
    int rc = 0;
    while ((r = read(in, buf, sizeof buf)) > 0)
        if (afile_write(out, buf, (size_t)r) < 0) { rc = -1; break; }
    if (r < 0) rc = -1;
    int e = errno;
    close(in);
    if (rc < 0) {
        afile_abort(out);
        errno = e;
        return -1;
    }
    return afile_commit(out, err);
}

void broadcast_audio_opts(const struct config *cfg, const char *title, struct audio_opts *o)
{
    audio_opts_default(o);
    if (cfg) {
        o->loudness = cfg->broadcast.loudness;
        o->repeat = cfg->broadcast.repeat;
        o->pause_s = cfg->broadcast.pause;
        o->chime_path = cfg->broadcast.chime;
    }
    o->title = title;
}

void broadcast_tts_conf(const struct config *cfg, struct tts_conf *tc)
{
    /* no configuration, or an empty voice: the schema's defaults, the ones a configuration without a
     * tts group gets */
    static char voice[32];
    if (!voice[0]) config_default("tts.voice", voice, sizeof voice);
    tc->voice = cfg && cfg->tts.voice && *cfg->tts.voice ? cfg->tts.voice : voice;
    tc->rate = cfg ? cfg->tts.rate : (int)config_default_long("tts.rate");
    tc->pitch = cfg ? cfg->tts.pitch : (int)config_default_long("tts.pitch");
}

/* A khẩn cấp item's own sound: broadcast.emergency_chime, or a generated alarm (three rising
 * two-tone calls, 2.4 s) kept in the cache; its own number of repeats. NULL path on failure. */
static void emergency_options(const struct config *cfg, struct audio_opts *o, char **alarm)
{
    o->repeat = cfg->broadcast.emergency_repeat;
    if (cfg->broadcast.emergency_chime) {
        o->chime_path = cfg->broadcast.emergency_chime;
        return;
    }
    *alarm = xasprintf("%s/cache/alarm.wav", cfg->audio_dir);
    o->chime_path = *alarm;
    if (util_file_exists(*alarm)) return;
    audio_buf b = {xcalloc((size_t)(2.4 * 44100), sizeof(float)), (size_t)(2.4 * 44100), 44100};
    for (size_t i = 0; i < b.n; i++) {
        double t = (double)i / 44100, in = fmod(t, 0.8);
        double f = in < 0.35 ? 880 : 1175, env = in < 0.7 ? fmin(1.0, fmin(in, 0.7 - in) / 0.01) : 0;
        b.s[i] = (float)(0.5 * env * sin(2 * M_PI * f * t));
    }
    char err[LOA_ERRLEN];
    if (audio_write_wav(*alarm, &b, err) < 0) {
        log_warn("%s: the usual chime instead", err);
        o->chime_path = cfg->broadcast.chime;
    }
    audio_buf_free(&b);
}

static int open_tts(const struct config *cfg, tts **t, char *err)
{
    if (*t) return 0;
    struct tts_conf tc;
    broadcast_tts_conf(cfg, &tc);
    *t = tts_open(&tc, err);
    return *t ? 0 : -1;
}

static int render_row(store *st, const struct config *cfg, const struct broadcast_row *b, time_t now, tts **t, char *err)
{
    char *cache = xasprintf("%s/cache", cfg->audio_dir);
    char *dir = broadcast_day_dir(cfg, b->day);
    if (util_mkdir_p(cache, 0750) < 0 || util_mkdir_p(dir, 0750) < 0) {
        util_err(err, _("%s: %s"), cfg->audio_dir, strerror(errno));
        free(cache);
        free(dir);
        return -1;
    }
    char *cmp3 = xasprintf("%s/%s.mp3", cache, b->hash), *cwav = xasprintf("%s/%s.wav", cache, b->hash);
    char *mp3 = xasprintf("%s/%02d%02d-%s.mp3", dir, b->slot / 60, b->slot % 60, b->campaign);
    char *wav = xasprintf("%s/%02d%02d-%s.wav", dir, b->slot / 60, b->slot % 60, b->campaign);
    int rc = 0, cached = util_file_exists(cmp3) && util_file_exists(cwav);
    double seconds = 0;
    if (!cached) {
        const struct cfg_campaign *c = config_campaign(cfg, b->campaign);
        struct audio_opts o;
        broadcast_audio_opts(cfg, c ? c->title : "Thông báo khẩn", &o);
        char *alarm = NULL;
        if (b->level == CFG_LEVEL_KHAN_CAP) emergency_options(cfg, &o, &alarm);
        int16_t *pcm = NULL;
        size_t n = 0;
        audio_buf speech, item;
        rc = open_tts(cfg, t, err);
        if (rc == 0) rc = tts_synth(*t, b->words, &pcm, &n, err);
        if (rc == 0) {
            audio_from_s16(pcm, n, tts_sample_rate(*t), &speech);
            free(pcm);
            rc = audio_compose_take(&speech, &o, &item, err);
            if (rc == 0) {
                rc = audio_write_wav(cwav, &item, err);
                if (rc == 0) rc = audio_write_mp3(cmp3, &item, o.title, AUDIO_MP3_KBPS, err);
                seconds = audio_duration(&item);
                audio_buf_free(&item);
            }
        }
        free(alarm);
    } else {
        /* the cached item's duration, read from the WAV */
        audio_buf a = {0};
        if (audio_read_wav(cwav, 44100, &a, err) == 0) seconds = audio_duration(&a);
        audio_buf_free(&a);
    }
    if (rc == 0 && (link_or_copy(cmp3, mp3) < 0 || link_or_copy(cwav, wav) < 0)) rc = util_err(err, _("%s: %s"), mp3, strerror(errno));
    if (rc == 0) {
        store_broadcast_rendered(st, b->id, mp3, seconds, BC_READY, cached ? "audio from the cache (same text)" : NULL, now);
        log_info("broadcast %lld (%s, %02d:%02d): %s%s, %.1f s", (long long)b->id, b->campaign, b->slot / 60, b->slot % 60, mp3,
                 cached ? " (cached)" : "", seconds);
    } else {
        store_broadcast_rendered(st, b->id, NULL, 0, BC_FAILED, err, now);
        log_error("broadcast %lld (%s): %s", (long long)b->id, b->campaign, err);
    }
    free(cache); free(dir); free(cmp3); free(cwav); free(mp3); free(wav);
    return rc;
}

struct render_ctx {
    store *st;
    const struct config *cfg;
    time_t now;                /* when the audio is made */
    time_t until;              /* slots starting up to render_ahead after this are due */
    tts **t;
    int done;
    int failed;
    long days[4];
    int ndays;
    char *err;
};

static int render_one(void *ud, const struct broadcast_row *b)
{
    struct render_ctx *r = ud;
    time_t start = util_slot_time(b->day, b->slot);
    if (start - (time_t)r->cfg->broadcast.render_ahead * 3600 > r->until) return 0;   /* not yet */
    if (render_row(r->st, r->cfg, b, r->now, r->t, r->err) < 0) r->failed++;
    else r->done++;
    int seen = 0;
    for (int i = 0; i < r->ndays; i++) seen |= r->days[i] == b->day;
    if (!seen && r->ndays < 4) r->days[r->ndays++] = b->day;
    return 0;
}

int broadcast_render_due(store *st, const struct config *cfg, time_t now, tts **t, char *err)
{
    return broadcast_render_until(st, cfg, now, now, t, err);
}

int broadcast_render_until(store *st, const struct config *cfg, time_t now, time_t until, tts **t, char *err)
{
    long today = util_local_day(until);
    struct render_ctx r = {st, cfg, now, until, t, 0, 0, {0}, 0, err};
    if (store_broadcasts_pending(st, today, today + 1, render_one, &r) < 0) return util_err(err, "%s", store_errmsg(st));
    for (int i = 0; i < r.ndays; i++) broadcast_playlists(st, cfg, r.days[i], err);
    return r.failed && !r.done ? -1 : r.done;
}

int broadcast_render_one(store *st, const struct config *cfg, int64_t id, time_t now, tts **t, char *err)
{
    struct broadcast_row b = {0};
    int rc = store_broadcast_get(st, id, &b);
    if (rc != 0) return util_err(err, _("no broadcast item %lld"), (long long)id);
    rc = render_row(st, cfg, &b, now, t, err);
    if (rc == 0) broadcast_playlists(st, cfg, b.day, err);
    store_broadcast_clear(&b);
    return rc;
}

/* ---- bulletins: ready-made audio from the level above ---- */

struct find_ctx {
    const char *campaign;
    int64_t id;
};

static int find_one(void *ud, const struct broadcast_row *b)
{
    struct find_ctx *f = ud;
    if (!strcmp(b->campaign, f->campaign)) f->id = b->id;
    return 0;
}

/* "tinh-" and the file's base name in letters, digits, - and _ (a campaign-like id for the item). */
static void bulletin_name(const char *path, char *out, size_t n)
{
    const char *base = strrchr(path, '/');
    char *plain = vntext_strip_diacritics(base ? base + 1 : path);
    const char *from = plain ? plain : base ? base + 1 : path;
    size_t k = (size_t)snprintf(out, n, "tinh-");
    for (const char *p = from; *p && *p != '.' && k + 1 < n && k < 32; p++)
        out[k++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ? *p : '_';
    out[k] = 0;
    free(plain);
}

int64_t broadcast_add_file(store *st, const struct config *cfg, const char *path, long day, int slot, int level, time_t now,
                           char *err)
{
    audio_buf a = {0};
    if (audio_read_wav(path, 44100, &a, err) < 0) return -1;
    if (audio_normalize(&a, cfg->broadcast.loudness, -1.0, err) < 0) {
        audio_buf_free(&a);
        return -1;
    }
    char name[48], hash[24];
    bulletin_name(path, name, sizeof name);
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < a.n; i++) h = (h ^ (uint64_t)(int32_t)(a.s[i] * 32767)) * 1099511628211ULL;
    snprintf(hash, sizeof hash, "file-%016llx", (unsigned long long)h);
    char *dir = broadcast_day_dir(cfg, day);
    char *mp3 = xasprintf("%s/%02d%02d-%s.mp3", dir, slot / 60, slot % 60, name);
    char *wav = xasprintf("%s/%02d%02d-%s.wav", dir, slot / 60, slot % 60, name);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *text = xasprintf("bản tin: %s", base);
    int64_t id = -1;
    if (util_mkdir_p(dir, 0750) < 0) util_err(err, _("%s: %s"), dir, strerror(errno));
    else if (audio_write_wav(wav, &a, err) == 0 && audio_write_mp3(mp3, &a, base, AUDIO_MP3_KBPS, err) == 0) {
        struct find_ctx f = {name, 0};
        if (store_broadcast_upsert(st, day, slot, name, text, "", hash, now) < 0 ||
            store_broadcast_set_level(st, day, slot, name, level) < 0 || store_broadcasts_each(st, day, slot, find_one, &f) < 0 ||
            store_broadcast_rendered(st, f.id, mp3, audio_duration(&a), BC_READY, text, now) < 0)
            util_err(err, "%s", store_errmsg(st));
        else {
            id = f.id;
            log_info("broadcast %lld (%s, %02d:%02d): bulletin %s, %.1f s, level %s", (long long)id, name, slot / 60, slot % 60, path,
                     audio_duration(&a), config_level_name(level));
            broadcast_playlists(st, cfg, day, err);
        }
    }
    audio_buf_free(&a);
    free(dir); free(mp3); free(wav); free(text);
    return id;
}

/* ---- the as-run log as CSV (an inspection's copy) ---- */

struct csv_ctx {
    store *st;
    FILE *fp;
    const struct broadcast_row *b;
    int rows;
};

static void csv_field(FILE *fp, const char *v, int last)
{
    csv_fwrite(fp, v ? v : "", v ? strlen(v) : 0);
    fputs(last ? "\r\n" : ",", fp);
}

static int csv_airing(void *ud, const char *output, double started, double ended, const char *state, const char *note)
{
    struct csv_ctx *x = ud;
    const struct broadcast_row *b = x->b;
    int y, m, d;
    util_civil_from_days(b->day, &y, &m, &d);
    char date[16], slot[24], id[24], t1[32], t2[32], secs[32];
    snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
    snprintf(slot, sizeof slot, "%02d:%02d", b->slot / 60, b->slot % 60);
    snprintf(id, sizeof id, "%lld", (long long)b->id);
    util_fmt_time((time_t)started, t1, sizeof t1);
    util_fmt_time((time_t)ended, t2, sizeof t2);
    snprintf(secs, sizeof secs, "%.1f", ended - started);
    const char *f[] = {date, slot, id, b->campaign, config_level_name(b->level), b->text, output, state, t1, t2, secs, note};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) csv_field(x->fp, f[i], i + 1 == sizeof f / sizeof f[0]);
    x->rows++;
    return 0;
}

static int csv_item(void *ud, const struct broadcast_row *b)
{
    struct csv_ctx *x = ud;
    x->b = b;
    int before = x->rows;
    store_airings_each(x->st, b->id, csv_airing, x);
    /* an item played on the sound card before streams (or marked by the operator) has no airings: its own times */
    if (x->rows == before && b->started && b->state != BC_PENDING && b->state != BC_READY)
        csv_airing(x, "", (double)b->started, (double)b->ended, store_broadcast_state_name(b->state), b->note ? b->note : "");
    return 0;
}

int broadcast_log_csv(store *st, long day_from, long day_to, FILE *fp, char *err)
{
    struct csv_ctx x = {st, fp, NULL, 0};
    fputs("\xEF\xBB\xBFngay,khung_gio,ma,noi_dung_ma,muc_do,noi_dung,dau_ra,trang_thai,bat_dau,ket_thuc,giay,ghi_chu\r\n", fp);
    for (long day = day_from; day <= day_to; day++)
        if (store_broadcasts_each(st, day, -1, csv_item, &x) < 0) return util_err(err, "%s", store_errmsg(st));
    return x.rows;
}

/* ---- playlists ---- */

struct pl_ctx {
    sbuf m3u[48];      /* one per slot seen, in order */
    int slots[48];
    int n;
};

static int pl_one(void *ud, const struct broadcast_row *b)
{
    struct pl_ctx *p = ud;
    if (!b->audio) return 0;   /* not rendered, or rendering failed */
    int k = 0;
    while (k < p->n && p->slots[k] != b->slot) k++;
    if (k == p->n) {
        if (p->n == 48) return 0;
        p->slots[p->n++] = b->slot;
        sbuf_add(&p->m3u[k], "#EXTM3U\n");
    }
    const char *base = strrchr(b->audio, '/');
    sbuf_addf(&p->m3u[k], "#EXTINF:%.0f,%s\n%s\n", b->duration, b->campaign, base ? base + 1 : b->audio);
    return 0;
}

int broadcast_playlists(store *st, const struct config *cfg, long day, char *err)
{
    struct pl_ctx p;
    memset(&p, 0, sizeof p);
    if (store_broadcasts_each(st, day, -1, pl_one, &p) < 0) return util_err(err, "%s", store_errmsg(st));
    int rc = 0;
    for (int k = 0; k < p.n; k++) {
        char *path = broadcast_playlist_path(cfg, day, p.slots[k]);
        if (afile_write_all(path, 0644, sbuf_str(&p.m3u[k]), p.m3u[k].len, err) < 0) rc = -1;
        free(path);
        sbuf_free(&p.m3u[k]);
    }
    return rc;
}

/* ---- playback ---- */

bool broadcast_missed(const struct broadcast_row *b, time_t now)
{
    time_t start = util_slot_time(b->day, b->slot);
    if (b->state == BC_PENDING) return now > start;
    return b->rendered > start && b->state != BC_PLAYED;
}

char *broadcast_playlist_path(const struct config *cfg, long day, int slot)
{
    char *dir = broadcast_day_dir(cfg, day);
    char *path = xasprintf("%s/%02d%02d.m3u", dir, slot / 60, slot % 60);
    free(dir);
    return path;
}

/* Why aplay failed, from what it wrote on stderr: its last line without "aplay: main:831: ", and
 * ALSA's first complaint (the device it does not know, the card it cannot find) in brackets. */
static void aplay_why(const char *out, char *why, size_t n)
{
    const char *last = NULL, *alsa = NULL;
    size_t lastn = 0, alsan = 0;
    for (const char *p = out; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len) {
            last = p;
            lastn = len;
            const char *x = strstr(p, ") ");
            if (!alsa && !strncmp(p, "ALSA lib ", 9) && x && x < p + len) {
                alsa = x + 2;
                alsan = len - (size_t)(alsa - p);
            }
        }
        p += len + (e ? 1 : 0);
    }
    if (last && !strncmp(last, "aplay: ", 7)) {
        const char *x = strstr(last + 7, ": ");
        if (x && x < last + lastn) {
            lastn -= (size_t)(x + 2 - last);
            last = x + 2;
        }
    }
    if (!last) snprintf(why, n, "no message");
    else if (alsa && alsa != last) snprintf(why, n, "%.*s (%.*s)", (int)lastn, last, (int)alsan, alsa);
    else snprintf(why, n, "%.*s", (int)lastn, last);
}

/* aplay -D DEVICE WAV with its stderr kept (ALSA's messages become the reason, not noise on the terminal). */
static int play_file(const char *device, const char *wav, char *err)
{
    int fds[2];
    if (pipe(fds) < 0) return util_err(err, _("pipe: %s"), strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return util_err(err, _("fork: %s"), strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        close(fds[1]);
        char *const argv[] = {"aplay", "-q", "-D", (char *)device, (char *)wav, NULL};
        execvp("aplay", argv);
        _exit(127);
    }
    close(fds[1]);
    sbuf out = {0};
    char buf[4096];
    ssize_t r;
    while ((r = read(fds[0], buf, sizeof buf)) != 0) {
        if (r < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (out.len < 65536) sbuf_addn(&out, buf, (size_t)r);
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    int rc = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        rc = util_err(err, _("aplay is not installed (package alsa-utils)"));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char why[LOA_ERRLEN];
        if (WIFEXITED(status)) aplay_why(sbuf_str(&out), why, sizeof why);
        else snprintf(why, sizeof why, "killed by signal %d", WTERMSIG(status));
        rc = util_err(err, _("aplay -D %s: %s"), device, why);
    }
    sbuf_free(&out);
    return rc;
}

struct play_ctx {
    store *st;
    const struct config *cfg;
    int played, failed;
    broadcast_fail_cb on_fail;
    void *ud;
    char *err;
};

/* Item B did not play: the caller hears it, err keeps the first. */
static void failed_item(struct play_ctx *p, const struct broadcast_row *b, const char *file, const char *why)
{
    if (p->on_fail) p->on_fail(p->ud, b, file, why);
    if (!p->failed) util_err(p->err, _("broadcast %lld (%s): %s"), (long long)b->id, b->campaign, why);
    p->failed++;
}

static int play_one(void *ud, const struct broadcast_row *b)
{
    struct play_ctx *p = ud;
    if (!b->audio && b->state == BC_FAILED) {
        /* its audio could not be made: nothing to play, and the operator must hear so */
        char why[LOA_ERRLEN];
        snprintf(why, sizeof why, "its audio could not be made: %s", b->note ? b->note : "unknown error");
        failed_item(p, b, "not rendered", why);
        return 0;
    }
    /* ready, or failed at an earlier attempt to play (it has audio): tried again */
    if (!b->audio || (b->state != BC_READY && b->state != BC_FAILED)) return 0;
    size_t n = strlen(b->audio);
    char *wav = xstrdup(b->audio);
    if (n > 4) memcpy(wav + n - 4, ".wav", 4);
    time_t start = util_now();
    int rc = 0;
    char why[LOA_ERRLEN] = "";
    const char *dev = p->cfg->broadcast.device;
    if (strcmp(dev, "null")) rc = play_file(dev, wav, why);
    /* device "null" plays nothing: the item is logged as if played, its end one duration later */
    time_t end = strcmp(dev, "null") ? util_now() : start + (time_t)(b->duration + 0.5);
    if (rc == 0) {
        store_broadcast_mark(p->st, b->id, BC_PLAYED, start, end, strcmp(dev, "null") ? NULL : "device null: not audible");
        log_info("broadcast %lld (%s) played on %s, %.0f s", (long long)b->id, b->campaign, dev, b->duration);
        p->played++;
    } else {
        store_broadcast_mark(p->st, b->id, BC_FAILED, start, util_now(), why);
        log_error("broadcast %lld (%s): %s", (long long)b->id, b->campaign, why);
        failed_item(p, b, wav, why);
    }
    free(wav);
    return 0;
}

int broadcast_play(store *st, const struct config *cfg, long day, int slot, broadcast_fail_cb on_fail, void *ud,
                   int *failed, char *err)
{
    struct play_ctx p = {st, cfg, 0, 0, on_fail, ud, err};
    if (store_broadcasts_each(st, day, slot, play_one, &p) < 0) return util_err(err, "%s", store_errmsg(st));
    if (failed) *failed = p.failed;
    return p.played;
}

struct next_ctx {
    const struct config *cfg;
    time_t now, best;
};

static void consider(struct next_ctx *x, time_t t)
{
    if (t > x->now && (!x->best || t < x->best)) x->best = t;
}

static int next_one(void *ud, const struct broadcast_row *b)
{
    struct next_ctx *x = ud;
    time_t start = util_slot_time(b->day, b->slot);
    if (b->state == BC_PENDING) consider(x, start - (time_t)x->cfg->broadcast.render_ahead * 3600);
    if (b->state == BC_READY && (x->cfg->broadcast.autoplay || b->level == CFG_LEVEL_KHAN_CAP)) consider(x, start);
    return 0;
}

time_t broadcast_next_event(store *st, const struct config *cfg, time_t now)
{
    long today = util_local_day(now);
    struct next_ctx x = {cfg, now, 0};
    store_broadcasts_each(st, today, -1, next_one, &x);
    store_broadcasts_each(st, today + 1, -1, next_one, &x);
    /* tomorrow's programme is laid out at midnight */
    consider(&x, util_day_start(today + 1));
    return x.best;
}

struct due_ctx {
    time_t now;
    int slots[48];
    int n;
};

static int due_one(void *ud, const struct broadcast_row *b)
{
    struct due_ctx *d = ud;
    time_t start = util_slot_time(b->day, b->slot);
    /* a slot is played at its time, or up to 15 minutes late (after a restart), never hours late */
    if (b->state != BC_READY || start > d->now || d->now - start > 900) return 0;
    for (int i = 0; i < d->n; i++)
        if (d->slots[i] == b->slot) return 0;
    if (d->n < 48) d->slots[d->n++] = b->slot;
    return 0;
}

struct urgent_ctx {
    struct play_ctx p;
    time_t now;
};

/* A khẩn cấp item ready and due (at its time, or up to 15 minutes late, as a slot): played at once. */
static int urgent_one(void *ud, const struct broadcast_row *b)
{
    struct urgent_ctx *u = ud;
    time_t start = util_slot_time(b->day, b->slot);
    if (b->level != CFG_LEVEL_KHAN_CAP || b->state != BC_READY || start > u->now || u->now - start > 900) return 0;
    log_warn("broadcast %lld (%s): level khan-cap, played at once on %s whatever autoplay says", (long long)b->id, b->campaign,
             u->p.cfg->broadcast.device);
    return play_one(&u->p, b);
}

int broadcast_play_urgent(store *st, const struct config *cfg, time_t now, char *err)
{
    /* with a stream, loa run's stream worker plays every output (stream.c) */
    if (cfg->broadcast.stream.enabled) return 0;
    /* an emergency needs no operator: the sound card plays it whatever autoplay says (Thông tư 39's khẩn cấp) */
    struct urgent_ctx u = {{st, cfg, 0, 0, NULL, NULL, err}, now};
    if (store_broadcasts_each(st, util_local_day(now), -1, urgent_one, &u) < 0) return util_err(err, "%s", store_errmsg(st));
    return u.p.played;
}

int broadcast_autoplay(store *st, const struct config *cfg, time_t now, char *err)
{
    if (cfg->broadcast.stream.enabled) return 0;
    long today = util_local_day(now);
    int urgent = broadcast_play_urgent(st, cfg, now, err);
    if (urgent < 0) return -1;
    if (!cfg->broadcast.autoplay) return urgent;
    struct due_ctx d = {now, {0}, 0};
    if (store_broadcasts_each(st, today, -1, due_one, &d) < 0) return util_err(err, "%s", store_errmsg(st));
    int played = urgent;
    for (int i = 0; i < d.n; i++) {
        int n = broadcast_play(st, cfg, today, d.slots[i], NULL, NULL, NULL, err);
        if (n > 0) played += n;
    }
    return played;
}

/* 1 when normalised WORDS hold something to say: a letter or digit (any non-ASCII byte is a letter's). */
static int speakable(const char *words)
{
    for (const unsigned char *p = (const unsigned char *)words; *p; p++)
        if (isalnum(*p) || *p >= 0x80) return 1;
    return 0;
}

void broadcast_next_slot(const struct config *cfg, time_t now, long *day, int *slot)
{
    int m = util_local_minute(now);
    *day = util_local_day(now);
    for (size_t i = 0; i < cfg->broadcast.nslots; i++)
        if (cfg->broadcast.slots[i] > m) {
            *slot = cfg->broadcast.slots[i];
            return;
        }
    (*day)++;
    *slot = cfg->broadcast.nslots ? cfg->broadcast.slots[0] : m;
}

/* An item of the slot by its campaign name: whether NAME is taken, and its id. */
struct named { const char *name; int taken; int64_t id; };
static int named_one(void *ud, const struct broadcast_row *b)
{
    struct named *n = ud;
    if (strcmp(b->campaign, n->name)) return 0;
    n->taken = 1;
    n->id = b->id;
    return 0;
}

int broadcast_now(store *st, const struct config *cfg, const char *text, int level, time_t now, int64_t *id, long *day,
                  int *slot, char *err)
{
    *id = 0;
    *day = util_local_day(now);
    *slot = util_local_minute(now);
    if (level != CFG_LEVEL_KHAN_CAP) broadcast_next_slot(cfg, now, day, slot);
    char *words = broadcast_words(cfg, text);
    if (!words) return util_err(err, _("TEXT is not valid UTF-8")), 1;
    if (!speakable(words)) {
        free(words);
        return util_err(err, _("TEXT has no words to announce; nothing was added to the programme")), 1;
    }
    char name[48], hash[24], base[24];
    int minute = util_local_minute(now);
    snprintf(name, sizeof name, "%s-%02d%02d", level == CFG_LEVEL_KHAN_CAP ? "khan" : level == CFG_LEVEL_UU_TIEN ? "uutien" : "thuong",
             minute / 60, minute % 60);
    /* a second announcement in the same minute is another item, never the first one overwritten */
    snprintf(base, sizeof base, "%.16s", name);
    for (int k = 2;; k++) {
        struct named n = {.name = name};
        store_broadcasts_each(st, *day, *slot, named_one, &n);
        if (!n.taken) break;
        snprintf(name, sizeof name, "%s-%d", base, k);
    }
    broadcast_hash(cfg, words, level, hash);
    if (store_broadcast_upsert(st, *day, *slot, name, text, words, hash, now) < 0 ||
        store_broadcast_set_level(st, *day, *slot, name, level) < 0) {
        free(words);
        return util_err(err, "%s", store_errmsg(st));
    }
    free(words);
    struct named n = {.name = name};
    store_broadcasts_each(st, *day, *slot, named_one, &n);
    *id = n.id;
    tts *t = NULL;
    int rc = broadcast_render_one(st, cfg, n.id, now, &t, err);
    tts_close(t);
    return rc < 0 ? -1 : 0;
}

int broadcast_mark_by_operator(store *st, int64_t id, int state, const char *note, time_t now)
{
    struct broadcast_row b = {0};
    int rc = store_broadcast_get(st, id, &b);
    if (rc) return rc;
    rc = store_broadcast_mark(st, id, state, now, state == BC_PLAYED ? now + (time_t)(b.duration + 0.5) : now,
                              note && *note ? note : "marked by the operator");
    store_broadcast_clear(&b);
    return rc;
}
