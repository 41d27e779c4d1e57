/* inboxbench — 10,000 received messages stored, joined, matched and acted on, modem time excluded (bench/bench_inbox.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "replies.h"
#include "store.h"
#include "util.h"

int main(int argc, char **argv)
{
    int n = argc > 2 ? atoi(argv[2]) : 10000;
    if (argc < 2) {
        fprintf(stderr, "usage: inboxbench CONFIG [N]\n");
        return 2;
    }
    log_set_level(LOG_WARN);
    struct config *cfg = config_load(argv[1]);
    if (cfg->errors.n) {
        fprintf(stderr, "%s\n", cfg->errors.v[0]);
        return 1;
    }
    store *st = store_log_open(cfg->database);
    if (!st) return 1;
    static const char *texts[] = {"Có rồi ạ", "chưa có", "HỦY", "Hủy đăng ký thì sao?", "hd", "Xin hỏi làm CCCD ở đâu?",
                                  "co roi", "DK", "Dạ chưa ạ", "cảm ơn xã"};
    time_t now = util_now();
    int64_t t0 = util_mono_ms();
    char phone[32];
    store_begin(st);
    for (int i = 0; i < n; i++) {
        snprintf(phone, sizeof phone, "+8498%07d", i);
        struct inbox_part_new p = {"m1", phone, now + i, 0, 0, 0, texts[i % 10], 1, NULL, now, 0, 0};
        if (store_inbox_part_add(st, &p) != 0) return 1;
    }
    store_commit(st);
    int64_t t1 = util_mono_ms();
    int made = store_inbox_assemble(st, "m1", now, 600);
    int64_t t2 = util_mono_ms();
    int acted = replies_handle_pending(st, cfg, now);
    int64_t t3 = util_mono_ms();
    printf("%d messages: stored %.3f s, joined %.3f s (%d), matched and acted on %.3f s (%d); total %.3f s\n", n,
           (t1 - t0) / 1000.0, (t2 - t1) / 1000.0, made, (t3 - t2) / 1000.0, acted, (t3 - t0) / 1000.0);
    store_close(st);
    config_free(cfg);
    return 0;
}
