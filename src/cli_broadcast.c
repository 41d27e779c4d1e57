/* cli_broadcast — `loa broadcast today|play|mark|log|now` and `loa tts`. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "broadcast.h"
#include "cli.h"
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
};

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
        printf("slot %s", view_slot(b->slot, hm, sizeof hm));
        if (!l->log) {
            char *pl = broadcast_playlist_path(l->cfg, b->day, b->slot);
            printf("  playlist %s", util_file_exists(pl) ? pl : "(none yet)");
            free(pl);
        }
        printf("\n");
        l->slot = b->slot;
    }
    char t1[24], t2[24];
    if (l->log)
        printf("  %-5lld %-8s %-16s %s → %s  %s\n", (long long)b->id, store_broadcast_state_name(b->state), b->campaign,
               b->started ? util_fmt_time(b->started, t1, sizeof t1) : "-", b->ended ? util_fmt_time(b->ended, t2, sizeof t2) : "-",
               b->note ? b->note : "");
    else
        printf("  %-5lld %-8s %-16s %6.1f s  %s%s%s%s\n", (long long)b->id,
               broadcast_missed(b, l->now) ? "missed" : store_broadcast_state_name(b->state), b->campaign, b->duration,
               b->audio ? b->audio : "(not rendered yet)", b->state == BC_FAILED && b->note ? "  (" : "",
               b->state == BC_FAILED && b->note ? b->note : "", b->state == BC_FAILED && b->note ? ")" : "");
    return 0;
}

static int list_day(struct cli *c, int argc, char **argv, int log)
{
    static const struct option opts[] = {{"date", required_argument, NULL, 'd'}, {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    long day = today();
    int json = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'd') {
            if (util_parse_day(optarg, &day) < 0) return cli_usage(c, "--date '%s' is not a date (YYYY-MM-DD or dd/mm/yyyy)", optarg);
        } else if (o == 'j') json = 1;
        else return cli_usage(c, "unknown option");
    }
    if (optind != argc) return cli_usage(c, "no arguments besides options");
    char err[LOA_ERRLEN];
    if (!log && broadcast_plan(c->st, c->cfg, day, util_now(), err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    struct bl l = {json ? json_array() : NULL, -1, log, 0, c->cfg, util_now()};
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
    fprintf(stderr, "loa: broadcast %lld (%s, %s) not played: %s\n", (long long)b->id, b->campaign, base ? base + 1 : file, why);
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
            if (parse_slot(optarg, &slot) < 0) return cli_usage(c, "--slot '%s' is not a time (HH:MM)", optarg);
        } else if (o == 'd') {
            if (util_parse_day(optarg, &day) < 0) return cli_usage(c, "--date '%s' is not a date (YYYY-MM-DD or dd/mm/yyyy)", optarg);
        } else return cli_usage(c, "unknown option for 'broadcast play'");
    }
    if (slot < 0 || optind != argc) return cli_usage(c, "'broadcast play' needs --slot HH:MM");
    char err[LOA_ERRLEN];
    tts *t = NULL;
    /* Make sure the slot's items exist and are rendered: an operator may press play early. */
    if (broadcast_plan(c->st, c->cfg, day, util_now(), err) < 0 ||
        broadcast_render_until(c->st, c->cfg, util_now(), util_slot_time(day, slot), &t, err) < 0) {
        tts_close(t);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    }
    tts_close(t);
    int failed = 0;
    int n = broadcast_play(c->st, c->cfg, day, slot, play_failed, NULL, &failed, err);
    if (n < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    printf("%d item%s played in slot %02d:%02d on %s", n, n == 1 ? "" : "s", slot / 60, slot % 60, c->cfg->broadcast.device);
    if (failed) printf(", %d failed (tried again at the next play)", failed);
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
        else return cli_usage(c, "unknown option for 'broadcast mark'");
    }
    long long id;
    if (optind != argc - 2 || util_parse_int(argv[optind], &id) < 0 || id <= 0)
        return cli_usage(c, "'broadcast mark' needs ID and played|skipped");
    const char *state = argv[optind + 1];
    int st = store_broadcast_state_parse(state);
    if (st != BC_PLAYED && st != BC_SKIPPED)
        return cli_usage(c, "'%s' must be played or skipped", state);
    struct broadcast_row b = {0};
    int rc = store_broadcast_get(c->st, id, &b);
    if (rc) return rc < 0 ? cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st)) : cli_fail(LOA_EXIT_INPUT, "no broadcast item %lld", id);
    time_t now = util_now();
    rc = store_broadcast_mark(c->st, id, st, now, st == BC_PLAYED ? now + (time_t)(b.duration + 0.5) : now,
                              note ? note : "marked by the operator");
    store_broadcast_clear(&b);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    printf("broadcast %lld marked %s\n", id, state);
    return 0;
}

/* 1 when normalised WORDS hold something to say: a letter or digit (any non-ASCII byte is a letter's). */
static int speakable(const char *words)
{
    for (const unsigned char *p = (const unsigned char *)words; *p; p++)
        if (isalnum(*p) || *p >= 0x80) return 1;
    return 0;
}

static int now_cmd(struct cli *c, int argc, char **argv)
{
    if (argc != 2) return cli_usage(c, "'broadcast now' needs the TEXT of the announcement");
    time_t now = util_now();
    long day = today();
    int slot = util_local_minute(now);
    char *words = broadcast_words(c->cfg, argv[1]);
    if (!words) return cli_fail(LOA_EXIT_INPUT, "TEXT is not valid UTF-8");
    if (!speakable(words)) {
        free(words);
        return cli_fail(LOA_EXIT_INPUT, "TEXT has no words to announce; nothing was added to the programme");
    }
    char name[32], hash[32];
    snprintf(name, sizeof name, "khan-%02d%02d", slot / 60, slot % 60);
    snprintf(hash, sizeof hash, "now-%lld", (long long)now);
    char err[LOA_ERRLEN];
    if (store_broadcast_upsert(c->st, day, slot, name, argv[1], words, hash, now) < 0) {
        free(words);
        return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    }
    free(words);
    struct bl l = {json_array(), -1, 0, 0, NULL, now};
    store_broadcasts_each(c->st, day, slot, bl_one, &l);
    int64_t id = 0;
    for (size_t i = 0; i < json_array_size(l.arr); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(l.arr, i), "campaign")), name))
            id = json_integer_value(json_object_get(json_array_get(l.arr, i), "id"));
    json_decref(l.arr);
    tts *t = NULL;
    int rc = broadcast_render_one(c->st, c->cfg, id, now, &t, err);
    tts_close(t);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    struct broadcast_row b = {0};
    store_broadcast_get(c->st, id, &b);
    printf("urgent announcement %lld rendered: %s (%.1f s); play it with `loa broadcast play --slot %02d:%02d`\n",
           (long long)id, b.audio, b.duration, slot / 60, slot % 60);
    store_broadcast_clear(&b);
    return 0;
}

static int today_cmd(struct cli *c, int argc, char **argv) { return list_day(c, argc, argv, 0); }
static int log_cmd(struct cli *c, int argc, char **argv) { return list_day(c, argc, argv, 1); }

int cli_broadcast(struct cli *c)
{
    static const struct cli_sub subs[] = {{"today", today_cmd, CLI_STORE}, {"log", log_cmd, CLI_STORE},
                                          {"play", play, CLI_STORE}, {"mark", mark, CLI_STORE},
                                          {"now", now_cmd, CLI_STORE}, {NULL, NULL, 0}};
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
        else return cli_usage(c, "unknown option for 'tts'");
    }
    char *text = NULL;
    if (file) {
        if (optind != c->argc) return cli_usage(c, "give either -f FILE or TEXT, not both");
        FILE *fp = fopen(file, "rb");
        if (!fp) return cli_fail(LOA_EXIT_INPUT, "%s: cannot read", file);
        sbuf b = {0};
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0) sbuf_addn(&b, buf, n);
        fclose(fp);
        text = sbuf_detach(&b);
    } else {
        if (optind != c->argc - 1) return cli_usage(c, "'tts' needs TEXT (quote it) or -f FILE");
        text = xstrdup(c->argv[optind]);
    }
    if (!only && !out) {
        free(text);
        return cli_usage(c, "'tts' needs -o OUT.wav|OUT.mp3 (or --normalize-only)");
    }
    /* the config is optional here: its tts settings apply when there is one */
    char err[LOA_ERRLEN];
    char *path = config_find(c->config_opt, err);
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
    if (!words) return cli_fail(LOA_EXIT_INPUT, "the text is not valid UTF-8");
    if (only) {
        printf("%s\n", words);
        free(words);
        return 0;
    }
    struct tts_conf tc;
    broadcast_tts_conf(c->cfg, &tc);
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
