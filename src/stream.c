/*
 * stream — on air over IP. loa is the source for an Icecast mount: each item's WAV is read at
 * STREAM_RATE, encoded live by one LAME encoder per connection (VBR up to the configured bitrate,
 * so the silence kept between slots costs 8 kbps) and sent with libshout, paced by shout_sync.
 * One encoder for the whole connection makes the stream seamless: no per-file headers or tags.
 *
 * Sections: the connection (open, send, silence, title, reconnect); the on-air player, which
 * airs items on every output (the stream, and the sound card through aplay), lets a khẩn cấp
 * item interrupt what is on air (the interrupted item is then replayed from its start: a
 * half-heard announcement is no announcement), reconnects with back-off after a fault (and
 * replays the item, logging what listeners missed) and writes each airing to the as-run log;
 * `loa run`'s stream worker around it.
 */
#include "i18n.h"
#include "stream.h"

#include <errno.h>
#include <jansson.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <lame/lame.h>
#include <shout/shout.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audio.h"
#include "log.h"
#include "util.h"
#include "wake.h"

#define CHUNK (STREAM_RATE / 10)     /* samples per send: 0.1 s, so an interruption waits at most that */
#define POLL_CHUNKS 3                /* the database is asked for a khẩn cấp item every 0.3 s on air */
#define BACKOFF_MAX_MS 30000
#define CLI_ATTEMPTS 8               /* `broadcast play` gives up after these reconnections (~1.5 min) */

/* ---- the connection ---- */

struct stream {
    shout_t *sh;
    lame_global_flags *lame;
    const struct cfg_stream *c;
    char url[300];
    unsigned char *mp3;              /* LAME's output buffer */
    size_t mp3cap;
};

static int shout_fail(stream *s, const char *what, char *err)
{
    return util_err(err, _("%s %s: %s"), what, s->url, shout_get_error(s->sh));
}

static int encoder_open(stream *s, char *err)
{
    if (s->lame) lame_close(s->lame);
    s->lame = lame_init();
    if (!s->lame) return util_err(err, _("stream: LAME cannot start"));
    lame_set_num_channels(s->lame, 1);
    lame_set_in_samplerate(s->lame, STREAM_RATE);
    lame_set_out_samplerate(s->lame, STREAM_RATE);
    lame_set_mode(s->lame, MONO);
    lame_set_VBR(s->lame, vbr_mtrh);
    lame_set_VBR_quality(s->lame, 4.0f);
    lame_set_VBR_min_bitrate_kbps(s->lame, 8);
    lame_set_VBR_max_bitrate_kbps(s->lame, s->c->bitrate);
    lame_set_bWriteVbrTag(s->lame, 0);   /* a stream has no first frame to rewrite */
    if (lame_init_params(s->lame) < 0) return util_err(err, _("stream: LAME refuses %d kbps at %d Hz"), s->c->bitrate, STREAM_RATE);
    return 0;
}

static int connect_shout(stream *s, char *err)
{
    if (s->sh) {
        shout_close(s->sh);
        shout_free(s->sh);
    }
    s->sh = shout_new();
    if (!s->sh) return util_err(err, _("stream: libshout cannot start"));
    char br[16];
    snprintf(br, sizeof br, "%d", s->c->bitrate);
    char sr[16];
    snprintf(sr, sizeof sr, "%d", STREAM_RATE);
    if (shout_set_host(s->sh, s->c->host) != SHOUTERR_SUCCESS || shout_set_port(s->sh, (unsigned short)s->c->port) != SHOUTERR_SUCCESS ||
        shout_set_protocol(s->sh, SHOUT_PROTOCOL_HTTP) != SHOUTERR_SUCCESS ||
        shout_set_content_format(s->sh, SHOUT_FORMAT_MP3, SHOUT_USAGE_AUDIO, NULL) != SHOUTERR_SUCCESS ||
        shout_set_mount(s->sh, s->c->mount) != SHOUTERR_SUCCESS || shout_set_user(s->sh, s->c->user) != SHOUTERR_SUCCESS ||
        shout_set_password(s->sh, s->c->password) != SHOUTERR_SUCCESS || shout_set_meta(s->sh, SHOUT_META_NAME, s->c->name) != SHOUTERR_SUCCESS ||
        shout_set_audio_info(s->sh, SHOUT_AI_BITRATE, br) != SHOUTERR_SUCCESS ||
        shout_set_audio_info(s->sh, SHOUT_AI_SAMPLERATE, sr) != SHOUTERR_SUCCESS ||
        shout_set_audio_info(s->sh, SHOUT_AI_CHANNELS, "1") != SHOUTERR_SUCCESS)
        return shout_fail(s, "stream: cannot set up", err);
    if (shout_open(s->sh) != SHOUTERR_SUCCESS) return shout_fail(s, "stream: cannot connect to", err);
    return 0;
}

stream *stream_open(const struct cfg_stream *c, char *err)
{
    static int once;
    if (!once) {
        shout_init();
        /* a server that goes away must be an error from send(), not a signal that kills loa */
        signal(SIGPIPE, SIG_IGN);
        once = 1;
    }
    stream *s = xcalloc(1, sizeof *s);
    s->c = c;
    snprintf(s->url, sizeof s->url, "http://%s:%d%s", c->host, c->port, c->mount);
    s->mp3cap = CHUNK * 5 / 4 + 7200 + STREAM_RATE;
    s->mp3 = xmalloc(s->mp3cap);
    if (encoder_open(s, err) < 0 || connect_shout(s, err) < 0) {
        stream_close(s);
        return NULL;
    }
    log_info("stream: on air at %s (MP3 up to %d kbps, %d Hz mono)", s->url, c->bitrate, STREAM_RATE);
    return s;
}

void stream_close(stream *s)
{
    if (!s) return;
    if (s->sh) {
        shout_close(s->sh);
        shout_free(s->sh);
    }
    if (s->lame) lame_close(s->lame);
    free(s->mp3);
    free(s);
}

const char *stream_url(const stream *s)
{
    return s->url;
}

int stream_reconnect(stream *s, char *err)
{
    /* a fresh encoder too: the frames it held back belonged to the lost connection */
    if (encoder_open(s, err) < 0) return -1;
    return connect_shout(s, err);
}

int stream_send(stream *s, const float *pcm, size_t n, char *err)
{
    while (n) {
        int k = n > CHUNK ? CHUNK : (int)n;
        int bytes = lame_encode_buffer_ieee_float(s->lame, pcm, pcm, k, s->mp3, (int)s->mp3cap);
        if (bytes < 0) return util_err(err, _("stream: LAME failed (%d)"), bytes);
        if (bytes > 0) {
            if (shout_send(s->sh, s->mp3, (size_t)bytes) != SHOUTERR_SUCCESS) return shout_fail(s, "stream: lost", err);
            shout_sync(s->sh);
        }
        pcm += k;
        n -= (size_t)k;
    }
    return 0;
}

int stream_silence(stream *s, double seconds, int (*stop)(void *ud), void *ud, char *err)
{
    static const float zero[CHUNK];
    size_t left = (size_t)(seconds * STREAM_RATE);
    while (left) {
        if (stop && stop(ud)) return 1;
        size_t k = left > CHUNK ? CHUNK : left;
        if (stream_send(s, zero, k, err) < 0) return -1;
        left -= k;
    }
    return 0;
}

int stream_title(stream *s, const char *title, char *err)
{
    shout_metadata_t *md = shout_metadata_new();
    if (!md) return util_err(err, _("stream: no memory for metadata"));
    int rc = shout_metadata_add(md, "song", title);
    if (rc == SHOUTERR_SUCCESS) rc = shout_set_metadata_utf8(s->sh, md);
    shout_metadata_free(md);
    /* metadata is a courtesy to receivers' displays: a failure is logged, the audio goes on */
    if (rc != SHOUTERR_SUCCESS) log_warn("stream: title not set at %s: %s", s->url, shout_get_error(s->sh));
    return 0;
}

/* ---- the on-air player ---- */

struct air {
    store *st;
    const struct config *cfg;
    stream *s;
    int daemon;                      /* loa run's worker: reconnects forever, takes handovers */
    time_t clock0;                   /* loa's clock and the monotonic one at the start: airings to the ms */
    int64_t mono0;
    char output[340];                /* "stream http://…" */
    char *err;
};

static double air_now(const struct air *a)
{
    return (double)a->clock0 + (double)(util_mono_ms() - a->mono0) / 1000.0;
}

static long today_of(time_t t)
{
    return util_local_day(t);
}

static void set_state(struct air *a, const char *state)
{
    if (a->daemon) store_setting_set(a->st, "stream.state", state);
}

static int stopping(void)
{
    return wake_stopping();
}

/* Connect again after a fault, with back-off. 0 once on air again, -1 when given up (or loa stops). */
static int reconnect(struct air *a)
{
    int64_t delay = 500;
    char why[LOA_ERRLEN];
    for (int attempt = 1; !stopping(); attempt++) {
        if (!a->daemon && attempt > CLI_ATTEMPTS) return util_err(a->err, _("stream: %s unreachable, gave up after %d attempts: %s"),
                                                                  stream_url(a->s), CLI_ATTEMPTS, why);
        int64_t until = util_mono_ms() + delay;
        while (!stopping() && util_mono_ms() < until) usleep(50000);
        if (stream_reconnect(a->s, why) == 0) {
            log_info("stream: reconnected to %s (attempt %d)", stream_url(a->s), attempt);
            set_state(a, "on air");
            return 0;
        }
        log_warn("stream: reconnect %d failed: %s; next in %.1f s", attempt, why, (double)(delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2) / 1000);
        delay = delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2;
    }
    return -1;
}

static pid_t aplay_start(const char *device, const char *wav)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *const argv[] = {"aplay", "-q", "-D", (char *)device, (char *)wav, NULL};
        execvp("aplay", argv);
        _exit(127);
    }
    return pid;
}

static void aplay_stop(pid_t *pid, int kill_it)
{
    if (*pid <= 0) return;
    if (kill_it) kill(*pid, SIGTERM);
    while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR) {}
    *pid = 0;
}

static char *wav_of(const char *mp3)
{
    char *wav = xstrdup(mp3);
    size_t n = strlen(wav);
    if (n > 4) memcpy(wav + n - 4, ".wav", 4);
    return wav;
}

static int air_item(struct air *a, const struct broadcast_row *b, int may_interrupt);

/* A khẩn cấp item waiting while B is on air (not B itself): aired at once. 1 when one was aired. */
static int urgent_break(struct air *a, const struct broadcast_row *b)
{
    struct broadcast_row u = {0};
    if (store_broadcast_urgent(a->st, today_of(util_now()) - 1, &u) != 0) return 0;
    int aired = 0;
    if (!b || u.id != b->id) {
        air_item(a, &u, 0);
        aired = 1;
    }
    store_broadcast_clear(&u);
    return aired;
}

/*
 * Air item B on every output. On a khẩn cấp item (when MAY_INTERRUPT) B stops, the emergency
 * goes on air, and B is replayed from its start; on a lost connection B is replayed from its start
 * once reconnected. Every airing goes to the as-run log. 0, or -1 (the item failed).
 */
static int air_item(struct air *a, const struct broadcast_row *b, int may_interrupt)
{
    char *wav = wav_of(b->audio);
    audio_buf pcm = {0};
    if (audio_read_wav(wav, STREAM_RATE, &pcm, a->err) < 0) {
        store_broadcast_mark(a->st, b->id, BC_FAILED, util_now(), util_now(), a->err);
        log_error("broadcast %lld (%s): %s", (long long)b->id, b->campaign, a->err);
        free(wav);
        return -1;
    }
    const char *dev = a->cfg->broadcast.device;
    int card = strcmp(dev, "null") != 0;
    char devout[128];
    snprintf(devout, sizeof devout, "device %s", dev);
    const struct cfg_campaign *c = config_campaign(a->cfg, b->campaign);
    const char *title = c ? c->title : b->level == CFG_LEVEL_KHAN_CAP ? "Thông báo khẩn cấp" : "Thông báo";
    double first = air_now(a), started = first;
    pid_t ap = card ? aplay_start(dev, wav) : 0;
    stream_title(a->s, title, a->err);
    log_info("broadcast %lld (%s, level %s) on air: %s, %.1f s", (long long)b->id, b->campaign, config_level_name(b->level),
             a->output, b->duration);
    size_t pos = 0;
    int rc = 0, chunks = 0;
    char note[LOA_ERRLEN + 200];
    while (pos < pcm.n && rc == 0) {
        if (stopping()) {
            snprintf(note, sizeof note, "loa stopped %.1f s into the item (of %.1f s)", (double)pos / STREAM_RATE, audio_duration(&pcm));
            store_airing_add(a->st, b->id, a->output, started, air_now(a), "cut", note);
            rc = -1;
            break;
        }
        size_t k = pcm.n - pos > CHUNK ? CHUNK : pcm.n - pos;
        if (stream_send(a->s, pcm.s + pos, k, a->err) < 0) {
            double lost = air_now(a), at = (double)pos / STREAM_RATE;
            char why[LOA_ERRLEN];
            snprintf(why, sizeof why, "%s", a->err);
            log_warn("broadcast %lld: %s; reconnecting", (long long)b->id, why);
            set_state(a, "reconnecting");
            if (reconnect(a) < 0) {
                snprintf(note, sizeof note, "connection lost %.1f s into the item (of %.1f s), not reconnected: %s", at, audio_duration(&pcm), why);
                store_airing_add(a->st, b->id, a->output, started, lost, "cut", note);
                rc = -1;
                break;
            }
            snprintf(note, sizeof note, "connection lost %.1f s into the item (of %.1f s): listeners missed %.1f s of it "
                     "and %.1f s of air until the reconnection; replayed from the start (%s)", at, audio_duration(&pcm),
                     audio_duration(&pcm) - at, air_now(a) - lost, why);
            store_airing_add(a->st, b->id, a->output, started, lost, "cut", note);
            log_warn("broadcast %lld: %s", (long long)b->id, note);
            stream_title(a->s, title, a->err);
            pos = 0;
            started = air_now(a);
            continue;
        }
        pos += k;
        if (may_interrupt && ++chunks % POLL_CHUNKS == 0 && pos < pcm.n) {
            struct broadcast_row u = {0};
            if (store_broadcast_urgent(a->st, today_of(util_now()) - 1, &u) == 0 && u.id != b->id) {
                double at = (double)pos / STREAM_RATE;
                aplay_stop(&ap, 1);
                snprintf(note, sizeof note, "interrupted %.1f s into the item (of %.1f s) by khẩn cấp item %lld; replayed from the start after it",
                         at, audio_duration(&pcm), (long long)u.id);
                store_airing_add(a->st, b->id, a->output, started, air_now(a), "interrupted", note);
                log_warn("broadcast %lld: %s", (long long)b->id, note);
                /* a clean break (1 s), so the alarm is not heard as the end of the cut sentence */
                if (stream_silence(a->s, 1.0, NULL, NULL, a->err) < 0) log_warn("stream: %s", a->err);
                air_item(a, &u, 0);
                /* more khẩn cấp items may have come meanwhile: they all go first */
                while (!stopping() && urgent_break(a, b)) {}
                stream_title(a->s, title, a->err);
                pos = 0;
                started = air_now(a);
                if (card) ap = aplay_start(dev, wav);
            }
            store_broadcast_clear(&u);
        }
    }
    if (rc == 0) store_airing_add(a->st, b->id, a->output, started, air_now(a), "aired", NULL);
    if (card) {
        aplay_stop(&ap, rc != 0);
        store_airing_add(a->st, b->id, devout, started, air_now(a), rc == 0 ? "aired" : "cut", NULL);
    }
    char out[sizeof a->output + sizeof devout + 16];
    snprintf(out, sizeof out, "on air: %s%s%s", a->output, card ? ", " : "", card ? devout : "");
    if (rc == 0) {
        store_broadcast_mark(a->st, b->id, BC_PLAYED, (time_t)first, (time_t)(air_now(a) + 0.5), out);
        log_info("broadcast %lld (%s) aired, %.1f s", (long long)b->id, b->campaign, b->duration);
    } else {
        store_broadcast_mark(a->st, b->id, BC_FAILED, (time_t)first, (time_t)air_now(a), a->err);
    }
    audio_buf_free(&pcm);
    free(wav);
    return rc;
}

struct slot_ctx {
    struct air *a;
    int played;
};

static int slot_one(void *ud, const struct broadcast_row *b)
{
    struct slot_ctx *x = ud;
    if (stopping()) return 1;
    if (b->state != BC_READY || !b->audio) return 0;
    /* a khẩn cấp item still waiting goes ahead of the slot */
    while (urgent_break(x->a, NULL)) {}
    if (air_item(x->a, b, 1) == 0) x->played++;
    return 0;
}

static int air_slot(struct air *a, long day, int slot)
{
    struct slot_ctx x = {a, 0};
    if (store_broadcasts_each(a->st, day, slot, slot_one, &x) < 0) return util_err(a->err, "%s", store_errmsg(a->st));
    return x.played;
}

int stream_on_air_pid(store *st)
{
    char buf[32];
    long long pid;
    if (store_setting_get(st, "stream.pid", buf, sizeof buf) != 0 || util_parse_int(buf, &pid) < 0 || pid <= 0) return 0;
    if (kill((pid_t)pid, 0) < 0 && errno == ESRCH) return 0;
    return (int)pid;
}

int stream_play_slot(store *st, const struct config *cfg, long day, int slot, int *handed, char *err)
{
    *handed = stream_on_air_pid(st);
    if (*handed) {
        char req[48];
        snprintf(req, sizeof req, "%ld %d", day, slot);
        if (store_setting_set(st, "stream.play", req) < 0) return util_err(err, "%s", store_errmsg(st));
        return 0;
    }
    struct air a = {st, cfg, NULL, 0, util_now(), util_mono_ms(), "", err};
    a.s = stream_open(&cfg->broadcast.stream, err);
    if (!a.s) return -1;
    snprintf(a.output, sizeof a.output, "stream %s", stream_url(a.s));
    int n = -1;
    if (stream_silence(a.s, STREAM_LEAD_IN, NULL, NULL, err) == 0 || reconnect(&a) == 0) n = air_slot(&a, day, slot);
    /* the last frames LAME holds and a moment of silence, so the last word is not cut by the disconnect */
    if (n >= 0) stream_silence(a.s, 1.0, NULL, NULL, err);
    stream_close(a.s);
    return n;
}

/* ---- what the operator sees: the worker's state, Icecast's listener count ---- */

/* GET PATH from HOST:PORT (HTTP/1.0, 1 s timeouts): the body, caller frees; NULL when unreachable. */
static char *http_get(const char *host, int port, const char *path)
{
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_socktype = SOCK_STREAM;
    char ps[8];
    snprintf(ps, sizeof ps, "%d", port);
    if (getaddrinfo(host, ps, &hints, &ai) != 0) return NULL;
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    struct timeval tv = {1, 0};
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }
    if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
        if (fd >= 0) close(fd);
        freeaddrinfo(ai);
        return NULL;
    }
    freeaddrinfo(ai);
    char *req = xasprintf("GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: loa\r\n\r\n", path, host);
    ssize_t w = write(fd, req, strlen(req));
    free(req);
    sbuf b = {0};
    char buf[4096];
    ssize_t r;
    while (w > 0 && (r = read(fd, buf, sizeof buf)) > 0 && b.len < (1 << 20)) sbuf_addn(&b, buf, (size_t)r);
    close(fd);
    char *all = sbuf_detach(&b), *body = all ? strstr(all, "\r\n\r\n") : NULL;
    char *out = body ? xstrdup(body + 4) : NULL;
    free(all);
    return out;
}

int stream_listeners(const struct cfg_stream *c)
{
    /* status-json.xsl is Icecast's public statistics page (2.4): no admin password needed */
    char *body = http_get(c->host, c->port, "/status-json.xsl");
    if (!body) return -1;
    json_t *j = json_loads(body, 0, NULL);
    free(body);
    json_t *src = json_object_get(json_object_get(j, "icestats"), "source");
    int n = -1;
    size_t count = json_is_array(src) ? json_array_size(src) : src ? 1 : 0, ml = strlen(c->mount);
    for (size_t i = 0; i < count; i++) {
        json_t *o = json_is_array(src) ? json_array_get(src, i) : src;
        const char *url = json_string_value(json_object_get(o, "listenurl"));
        size_t ul = url ? strlen(url) : 0;
        if (url && ul >= ml && !strcmp(url + ul - ml, c->mount)) n = (int)json_integer_value(json_object_get(o, "listeners"));
    }
    json_decref(j);
    return n;
}

void stream_state(store *st, char *state, size_t n)
{
    snprintf(state, n, "off");
    if (stream_on_air_pid(st) && store_setting_get(st, "stream.state", state, n) != 0) snprintf(state, n, "starting");
}

/* ---- loa run's stream worker ---- */

struct due_ctx {
    time_t now;
    int slot;                        /* the earliest slot due, or -1 */
};

static int due_one(void *ud, const struct broadcast_row *b)
{
    struct due_ctx *d = ud;
    time_t start = util_slot_time(b->day, b->slot);
    /* as the sound card's autoplay: at its time or up to 15 minutes late, never hours late */
    if (b->state == BC_READY && start <= d->now && d->now - start <= 900 && d->slot < 0) d->slot = b->slot;
    return 0;
}

/* A slot due for autoplay now: 1 with *DAY, *SLOT set, or 0. */
static int due_slot(struct air *a, long *day, int *slot)
{
    if (!a->cfg->broadcast.autoplay) return 0;
    struct due_ctx d = {util_now(), -1};
    *day = today_of(d.now);
    store_broadcasts_each(a->st, *day, -1, due_one, &d);
    *slot = d.slot;
    return d.slot >= 0;
}

/* What the worker should air now: a slot handed over by `broadcast play`, or one due. 1 with *DAY, *SLOT set, or 0. */
static int next_work(struct air *a, long *day, int *slot)
{
    char buf[48];
    if (store_setting_get(a->st, "stream.play", buf, sizeof buf) == 0 && *buf) {
        store_setting_set(a->st, "stream.play", NULL);
        if (sscanf(buf, "%ld %d", day, slot) == 2) return 1;
    }
    return due_slot(a, day, slot);
}

/* The silence's stop test: a khẩn cấp item, a handover, or a slot due. */
static int work_waiting(void *ud)
{
    struct air *a = ud;
    if (stopping()) return 1;
    struct broadcast_row u = {0};
    int urgent = store_broadcast_urgent(a->st, today_of(util_now()) - 1, &u) == 0;
    store_broadcast_clear(&u);
    char buf[48];
    long day;
    int slot;
    return urgent || (store_setting_get(a->st, "stream.play", buf, sizeof buf) == 0 && *buf) || due_slot(a, &day, &slot);
}

int stream_main(const struct config *cfg)
{
    char err[LOA_ERRLEN];
    log_set_tag("stream");
    store *st = store_log_open(cfg->database);
    if (!st) return LOA_EXIT_SYSTEM;
    wake *wk = wake_open(NULL, err);   /* for SIGTERM: the worker itself paces on the stream's clock */
    struct air a = {st, cfg, NULL, 1, util_now(), util_mono_ms(), "", err};
    char pid[24];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    store_setting_set(st, "stream.pid", pid);
    set_state(&a, "connecting");
    while (!stopping() && !(a.s = stream_open(&cfg->broadcast.stream, err))) {
        log_warn("%s; trying again in 5 s", err);
        set_state(&a, "unreachable");
        for (int i = 0; i < 100 && !stopping(); i++) usleep(50000);
    }
    if (a.s) {
        snprintf(a.output, sizeof a.output, "stream %s", stream_url(a.s));
        set_state(&a, "on air");
        stream_title(a.s, cfg->broadcast.stream.name, err);
    }
    while (a.s && !stopping()) {
        while (!stopping() && urgent_break(&a, NULL)) {}
        long day;
        int slot;
        if (next_work(&a, &day, &slot)) {
            int n = air_slot(&a, day, slot);
            if (n < 0) log_error("stream: %s", err);
            stream_title(a.s, cfg->broadcast.stream.name, err);
            continue;
        }
        /* between slots: silence keeps every receiver connected (8 kbps) */
        if (stream_silence(a.s, 1.0, work_waiting, &a, err) < 0) {
            log_warn("stream: %s; reconnecting", err);
            set_state(&a, "reconnecting");
            if (reconnect(&a) < 0) break;
        }
    }
    set_state(&a, "off");
    store_setting_set(st, "stream.pid", NULL);
    stream_close(a.s);
    wake_close(wk);
    store_close(st);
    return 0;
}
