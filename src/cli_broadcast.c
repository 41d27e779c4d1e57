/* cli_broadcast — `loa broadcast today|play|mark|log|now|file` and `loa tts`. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "audio.h"
#include "broadcast.h"
#include "cli.h"
#include "i18n.h"
#include "outbox.h"
#include "run.h"
#include "sms.h"
#include "stream.h"
#include "util.h"
#include "view.h"

static long today(void)
{
    return util_local_day(util_now());
}

struct bl {
    json_t *arr;
    int slot;
    int log;          /* as-run log view */
    long n;
    const struct config *cfg;
    time_t now;
    store *st;        /* for each item's airings in the log view */
    int64_t aired;    /* the last item whose airings were listed */
};

static int airing_line(void *ud, const char *output, double started, double ended, const char *state, const char *note)
{
    (void)ud;
    char t1[24], t2[24];
    printf("        ");
    cli_pad(i18n_code(state), 11);
    printf(" %s.%d → %s.%d  %s%s%s\n", util_fmt_time((time_t)started, t1, sizeof t1),
           (int)((started - (double)(time_t)started) * 10), util_fmt_time((time_t)ended, t2, sizeof t2),
           (int)((ended - (double)(time_t)ended) * 10), output, *note ? ": " : "", note);
    return 0;
}

static int bl_one(void *ud, const struct broadcast_row *b)
{
    struct bl *l = ud;
    if (l->log && !view_broadcast_in_log(b)) return 0;
    l->n++;
    if (l->arr) {
        json_array_append_new(l->arr, view_broadcast_json(l->log ? NULL : l->cfg, b, l->now));
        return 0;
    }
    if (b->slot != l->slot) {
        char hm[8];
        printf(_("slot %s"), view_slot(b->slot, hm, sizeof hm));
        if (!l->log) {
            char *pl = broadcast_playlist_path(l->cfg, b->day, b->slot);
            printf(_("  playlist %s"), util_file_exists(pl) ? pl : _("(none yet)"));
            free(pl);
        }
        printf("\n");
        l->slot = b->slot;
    }
    char t1[24], t2[24];
    if (l->log)
    if (l->log) {
        printf("  %-5lld ", (long long)b->id);
        cli_pad(i18n_code(store_broadcast_state_name(b->state)), 8);
        printf(" %-16s %s → %s  %s\n", b->campaign, b->started ? util_fmt_time(b->started, t1, sizeof t1) : "-", b->ended ? util_fmt_time(b->ended, t2, sizeof t2) : "-",
               b->note ? b->note : "");
    }
    if (l->log && b->id != l->aired) {
        store_airings_each(l->st, b->id, airing_line, NULL);
        l->aired = b->id;
    }
    else {
        printf("  %-5lld ", (long long)b->id);
        cli_pad(i18n_code(broadcast_missed(b, l->now) ? "missed" : store_broadcast_state_name(b->state)), 8);
        printf(" %-16s %6.1f s  %s%s%s%s\n", b->campaign, b->duration, b->audio ? b->audio : _("(not rendered yet)"), b->state == BC_FAILED && b->note ? "  (" : "",
               b->state == BC_FAILED && b->note ? b->note : "", b->state == BC_FAILED && b->note ? ")" : "");
    }
    return 0;
}

void cli_stream_status(struct cli *c, json_t *j)
{
    const struct cfg_stream *sc = &c->cfg->broadcast.stream;
    if (!sc->enabled) return;
    char state[64];
    stream_state(c->st, state, sizeof state);
    int listeners = stream_listeners(sc);
    char *url = xasprintf("http://%s:%d%s", sc->host, sc->port, sc->mount);
    if (j) {
        json_t *o = json_object();
        json_object_set_new(o, "url", json_string(url));
        json_object_set_new(o, "state", json_string(state));
        json_object_set_new(o, "listeners", listeners < 0 ? json_null() : json_integer(listeners));
        json_object_set_new(j, "stream", o);
    } else if (listeners < 0)
        printf(_("stream %s: %s%s; listeners unknown (Icecast's statistics unreachable)\n"), url, i18n_code(state),
               strcmp(state, "off") ? "" : _(" (loa run is not streaming)"));
    else
        printf(ngettext("stream %s: %s%s; %d listener\n", "stream %s: %s%s; %d listeners\n", (unsigned long)listeners), url, i18n_code(state),
               strcmp(state, "off") ? "" : _(" (loa run is not streaming)"), listeners);
    free(url);
}

static int list_day(struct cli *c, int argc, char **argv, int log)
{
    static const struct option opts[] = {{"date", required_argument, NULL, 'd'}, {"json", no_argument, NULL, 'j'},
                                         {"csv", no_argument, NULL, 'c'}, {"month", required_argument, NULL, 'm'}, {NULL, 0, NULL, 0}};
    long day = today(), last = -1;
    int json = 0, csv = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'd') {
            if (util_parse_day(optarg, &day) < 0) return cli_usage(c, _("--date '%s' is not a date (YYYY-MM-DD or dd/mm/yyyy)"), optarg);
        } else if (o == 'j') json = 1;
        else if (o == 'c' && log) csv = 1;
        else if (o == 'm' && log) {
            char first[16];
            int y, m;
            if (sscanf(optarg, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) return cli_usage(c, _("--month '%s' is not a month (YYYY-MM)"), optarg);
            snprintf(first, sizeof first, "%04d-%02d-01", y, m);
            util_parse_day(first, &day);
            last = util_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
        } else return cli_usage(c, _("unknown option"));
    }
    if (optind != argc) return cli_usage(c, _("no arguments besides options"));
    if (last >= 0 && !csv) return cli_usage(c, _("--month goes with --csv"));
    char err[LOA_ERRLEN];
    if (csv) return broadcast_log_csv(c->st, day, last >= 0 ? last : day, stdout, err) < 0 ? cli_fail(LOA_EXIT_SYSTEM, "%s", err) : 0;
    if (!log && broadcast_plan(c->st, c->cfg, day, util_now(), err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    struct bl l = {json ? json_array() : NULL, -1, log, 0, c->cfg, util_now(), c->st, 0};
    if (!json && !log) cli_stream_status(c, NULL);
    if ((log ? store_broadcast_log_each(c->st, day, bl_one, &l) : store_broadcasts_each(c->st, day, -1, bl_one, &l)) < 0) {
        json_decref(l.arr);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    if (json) cli_json_print(l.arr);
    else if (!l.n) printf(log ? "nothing played\n" : "no announcements\n");
    return 0;
}

static int parse_slot(const char *s, int *slot)
{
    return util_parse_hhmm(s, slot);
}

static void play_failed(void *ud, const struct broadcast_row *b, const char *file, const char *why)
{
    (void)ud;
    const char *base = strrchr(file, '/');
    fprintf(stderr, _("loa: broadcast %lld (%s, %s) not played: %s\n"), (long long)b->id, b->campaign, base ? base + 1 : file, why);
}

/* With broadcast.stream: the slot on the stream (and the sound card), or handed to loa run on air. */
static int play_stream(struct cli *c, long day, int slot)
{
    char err[LOA_ERRLEN];
    int handed = 0;
    int n = stream_play_slot(c->st, c->cfg, day, slot, &handed, err);
    if (n < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    if (handed) printf(_("slot %02d:%02d handed to the stream on air (loa run, pid %d)\n"), slot / 60, slot % 60, handed);
    else printf(ngettext("%d item played in slot %02d:%02d on the stream http://%s:%d%s%s%s\n",
                         "%d items played in slot %02d:%02d on the stream http://%s:%d%s%s%s\n", (unsigned long)n), n, slot / 60, slot % 60,
                c->cfg->broadcast.stream.host, c->cfg->broadcast.stream.port, c->cfg->broadcast.stream.mount,
                strcmp(c->cfg->broadcast.device, "null") ? _(" and ") : "", strcmp(c->cfg->broadcast.device, "null") ? c->cfg->broadcast.device : "");
    return 0;
}

static int play(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"slot", required_argument, NULL, 's'}, {"date", required_argument, NULL, 'd'},
                                         {NULL, 0, NULL, 0}};
    long day = today();
    int slot = -1, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 's') {
            if (parse_slot(optarg, &slot) < 0) return cli_usage(c, _("--slot '%s' is not a time (HH:MM)"), optarg);
        } else if (o == 'd') {
            if (util_parse_day(optarg, &day) < 0) return cli_usage(c, _("--date '%s' is not a date (YYYY-MM-DD or dd/mm/yyyy)"), optarg);
        } else return cli_usage(c, _("unknown option for 'broadcast play'"));
    }
    if (slot < 0 || optind != argc) return cli_usage(c, _("'broadcast play' needs --slot HH:MM"));
    char err[LOA_ERRLEN];
    tts *t = NULL;
    /* Make sure the slot's items exist and are rendered: an operator may press play early. */
    if (broadcast_plan(c->st, c->cfg, day, util_now(), err) < 0 ||
        broadcast_render_until(c->st, c->cfg, util_now(), util_slot_time(day, slot), &t, err) < 0) {
        tts_close(t);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    tts_close(t);
    if (c->cfg->broadcast.stream.enabled) return play_stream(c, day, slot);
    int failed = 0;
    int n = broadcast_play(c->st, c->cfg, day, slot, play_failed, NULL, &failed, err);
    if (n < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    printf(ngettext("%d item played in slot %02d:%02d on %s", "%d items played in slot %02d:%02d on %s", (unsigned long)n), n,
           slot / 60, slot % 60, c->cfg->broadcast.device);
    if (failed) printf(_(", %d failed (tried again at the next play)"), failed);
    printf("\n");
    return failed ? LOA_EXIT_SYSTEM : 0;
}

static int mark(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"note", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
    const char *note = NULL;
    int o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') note = optarg;
        else return cli_usage(c, _("unknown option for 'broadcast mark'"));
    }
    long long id;
    if (optind != argc - 2 || util_parse_int(argv[optind], &id) < 0 || id <= 0)
        return cli_usage(c, _("'broadcast mark' needs ID and played|skipped"));
    const char *state = argv[optind + 1];
    int st = store_broadcast_state_parse(state);
    if (st != BC_PLAYED && st != BC_SKIPPED)
        return cli_usage(c, _("'%s' must be played or skipped"), state);
    int rc = broadcast_mark_by_operator(c->st, id, st, note, util_now());
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, _("no broadcast item %lld"), id);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    printf(_("broadcast %lld marked %s\n"), id, i18n_code(state));
    return 0;
}

struct phones {
    char **v;
    size_t n;
    size_t people;              /* residents on those numbers (a household may share one) */
    strmap seen;
};

static int phone_one(void *ud, const struct contact *ct)
{
    struct phones *p = ud;
    if (ct->opted_out) return 0;   /* opt-outs are absolute, even for a warning */
    p->people++;
    if (strmap_put_new(&p->seen, ct->phone, 1)) return 0;   /* one SMS to a household's shared phone */
    p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
    p->v[p->n++] = xstrdup(ct->phone);
    return 0;
}

/* --sms: TEXT as an urgent SMS to every resident who has not opted out; how long it takes is said first. */
static int urgent_sms(struct cli *c, const char *text, time_t now)
{
    struct phones p = {0};
    int each = store_contacts_each(c->st, NULL, phone_one, &p);
    strmap_free(&p.seen);
    if (each < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    char who[64];
    if (p.people != p.n) snprintf(who, sizeof who, _("%zu numbers (%zu residents)"), p.n, p.people);
    else snprintf(who, sizeof who, _("%zu residents"), p.n);
    struct sms_info info;
    char err[LOA_ERRLEN];
    char *prepared = sms_prepare_count(text, 1, &info, err);
    if (!prepared) return cli_fail(LOA_EXIT_INPUT, _("%s; no SMS queued"), err);
    free(prepared);
    long parts = (long)p.n * info.parts, per_min = 0, per_day = 0;
    int modems = 0, unlimited = 0;
    for (size_t i = 0; i < c->cfg->sms.nmodems; i++) {
        const struct cfg_modem *m = &c->cfg->sms.modems[i];
        if (!m->enabled) continue;
        modems++;
        if (!m->rate_per_minute) unlimited = 1;
        per_min += m->rate_per_minute;
        per_day += m->daily_limit ? m->daily_limit : 1000000;
    }
    if (!modems) printf(_("urgent SMS: no enabled modem in %s; nothing queued\n"), c->cfg->path);
    else if (unlimited)
        printf(ngettext("urgent SMS to %s (%ld parts): as fast as the %d modem takes them\n",
                        "urgent SMS to %s (%ld parts): as fast as the %d modems take them\n", (unsigned long)modems),
               who, parts, modems);
    else
        printf(ngettext("urgent SMS to %s (%ld parts): about %ld min on %d modem at %ld parts a minute%s\n",
                        "urgent SMS to %s (%ld parts): about %ld min on %d modems at %ld parts a minute%s\n",
                        (unsigned long)modems),
               who, parts, (parts + per_min - 1) / per_min, modems, per_min,
               parts > per_day ? _("; more than the modems' daily limits: the rest goes tomorrow") : "");
    fflush(stdout);
    long queued = 0;
    for (size_t i = 0; i < p.n; i++) {
        struct outbox_msg m = {.phone = p.v[i], .text = text, .diacritics = 1, .kind = OK_ADHOC, .urgent = 1, .priority = 100};
        if (modems && outbox_queue(c->st, c->cfg, &m, now, NULL, err) == 0) queued++;
        free(p.v[i]);
    }
    free(p.v);
    if (modems) printf(ngettext("urgent SMS queued for %ld resident\n", "urgent SMS queued for %ld residents\n", (unsigned long)queued), queued);
    return 0;
}

static int now_cmd(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"level", required_argument, NULL, 'l'}, {"sms", no_argument, NULL, 's'},
                                         {NULL, 0, NULL, 0}};
    int level = CFG_LEVEL_KHAN_CAP, sms = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'l') {
            level = config_level(optarg);
            if (level < 0) return cli_usage(c, _("--level '%s' must be khan-cap, uu-tien or thuong"), optarg);
        } else if (o == 's') sms = 1;
        else return cli_usage(c, _("unknown option for 'broadcast now'"));
    }
    if (optind != argc - 1) return cli_usage(c, _("'broadcast now' needs the TEXT of the announcement"));
    const char *text = argv[optind];
    time_t now = util_now();
    int64_t id;
    long day;
    int slot;
    char err[LOA_ERRLEN];
    int rc = broadcast_now(c->st, c->cfg, text, level, now, &id, &day, &slot, err);
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "%s", err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    struct broadcast_row b = {0};
    store_broadcast_get(c->st, id, &b);
    int pid = c->cfg->broadcast.stream.enabled ? stream_on_air_pid(c->st) : 0;
    if (level != CFG_LEVEL_KHAN_CAP)
        printf(level == CFG_LEVEL_UU_TIEN ? _("priority announcement %lld rendered: %s (%.1f s); first in slot %02d:%02d\n")
                                          : _("normal announcement %lld rendered: %s (%.1f s); played in slot %02d:%02d\n"),
               (long long)id, b.audio, b.duration, slot / 60, slot % 60);
    else if (pid)
        printf(_("urgent announcement %lld rendered: %s (%.1f s); on air now through loa run (pid %d), interrupting what plays\n"),
               (long long)id, b.audio, b.duration, pid);
    else if (!c->cfg->broadcast.stream.enabled && (pid = run_daemon_pid(c->st)))
        printf(_("urgent announcement %lld rendered: %s (%.1f s); played now on %s by loa run (pid %d)\n"), (long long)id, b.audio,
               b.duration, c->cfg->broadcast.device, pid);
    else
        printf(_("urgent announcement %lld rendered: %s (%.1f s); play it with `loa broadcast play --slot %02d:%02d`\n"),
               (long long)id, b.audio, b.duration, slot / 60, slot % 60);
    store_broadcast_clear(&b);
    return sms ? urgent_sms(c, text, now) : 0;
}

static int file_cmd(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"level", required_argument, NULL, 'l'}, {"slot", required_argument, NULL, 's'},
                                         {"date", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    int level = CFG_LEVEL_THUONG, slot = -1, o;
    long day = -1;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'l') {
            level = config_level(optarg);
            if (level < 0) return cli_usage(c, _("--level '%s' must be khan-cap, uu-tien or thuong"), optarg);
        } else if (o == 's') {
            if (parse_slot(optarg, &slot) < 0) return cli_usage(c, _("--slot '%s' is not a time (HH:MM)"), optarg);
        } else if (o == 'd') {
            if (util_parse_day(optarg, &day) < 0) return cli_usage(c, _("--date '%s' is not a date (YYYY-MM-DD or dd/mm/yyyy)"), optarg);
        } else return cli_usage(c, _("unknown option for 'broadcast file'"));
    }
    if (optind != argc - 1) return cli_usage(c, _("'broadcast file' needs the PATH of an MP3 or WAV bulletin"));
    time_t now = util_now();
    long nday;
    int nslot;
    if (level == CFG_LEVEL_KHAN_CAP) {
        nday = today();
        nslot = util_local_minute(now);
    } else broadcast_next_slot(c->cfg, now, &nday, &nslot);
    if (slot < 0) slot = nslot;
    if (day < 0) day = slot == nslot ? nday : today();
    char err[LOA_ERRLEN];
    int64_t id = broadcast_add_file(c->st, c->cfg, argv[optind], day, slot, level, now, err);
    if (id < 0) return cli_fail(LOA_EXIT_INPUT, "%s", err);
    struct broadcast_row b = {0};
    store_broadcast_get(c->st, id, &b);
    printf(_("bulletin %lld added: %s (%.1f s, %s), slot %02d:%02d\n"), (long long)id, b.audio, b.duration, config_level_name(level),
           slot / 60, slot % 60);
    store_broadcast_clear(&b);
    return 0;
}

static int today_cmd(struct cli *c, int argc, char **argv) { return list_day(c, argc, argv, 0); }
static int log_cmd(struct cli *c, int argc, char **argv) { return list_day(c, argc, argv, 1); }

int cli_broadcast(struct cli *c)
{
    static const struct cli_sub subs[] = {{"today", today_cmd, CLI_STORE}, {"log", log_cmd, CLI_STORE},
                                          {"play", play, CLI_STORE}, {"mark", mark, CLI_STORE},
                                          {"now", now_cmd, CLI_STORE}, {"file", file_cmd, CLI_STORE}, {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}

/* ---- loa tts ---- */

int cli_tts(struct cli *c)
{
    static const struct option opts[] = {{"normalize-only", no_argument, NULL, 'n'}, {"file", required_argument, NULL, 'f'},
                                         {"output", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
    int only = 0, o;
    const char *file = NULL, *out = NULL;
    optind = 0;
    while ((o = getopt_long(c->argc, c->argv, "f:o:", opts, NULL)) != -1) {
        if (o == 'n') only = 1;
        else if (o == 'f') file = optarg;
        else if (o == 'o') out = optarg;
        else return cli_usage(c, _("unknown option for 'tts'"));
    }
    char *text = NULL;
    if (file) {
        if (optind != c->argc) return cli_usage(c, _("give either -f FILE or TEXT, not both"));
        FILE *fp = fopen(file, "rb");
        if (!fp) return cli_fail(LOA_EXIT_INPUT, _("%s: cannot read"), file);
        sbuf b = {0};
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0) sbuf_addn(&b, buf, n);
        fclose(fp);
        text = sbuf_detach(&b);
    } else {
        if (optind != c->argc - 1) return cli_usage(c, _("'tts' needs TEXT (quote it) or -f FILE"));
        text = xstrdup(c->argv[optind]);
    }
    if (!only && !out) {
        free(text);
        return cli_usage(c, _("'tts' needs -o OUT.wav|OUT.mp3 (or --normalize-only)"));
    }
    /* the config is optional here: its tts settings apply when there is one */
    char *path = config_find(c->config_opt, NULL);
    if (path) {
        free(path);
        int rc = cli_config(c);
        if (rc) {
            free(text);
            return rc;
        }
    }
    char *words = broadcast_words(c->cfg, text);
    free(text);
    if (!words) return cli_fail(LOA_EXIT_INPUT, _("the text is not valid UTF-8"));
    if (only) {
        printf("%s\n", words);
        free(words);
        return 0;
    }
    struct tts_conf tc;
    broadcast_tts_conf(c->cfg, &tc);
    char err[LOA_ERRLEN];
    tts *t = tts_open(&tc, err);
    if (!t) {
        free(words);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    struct audio_opts ao;
    broadcast_audio_opts(c->cfg, "Thông báo", &ao);
    double secs = 0;
    int rc = audio_render(t, words, &ao, out, &secs, err);
    tts_close(t);
    free(words);
    if (rc < 0) return cli_fail(LOA_EXIT_INPUT, "%s", err);
    printf("%s: %.1f s\n", out, secs);
    return 0;
}
