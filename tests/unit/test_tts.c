/* test_tts — espeak-ng synthesis: voices, errors, and speech that sounds like espeak-ng's own. */
#include "testutil.h"

#include <sndfile.h>

#include "broadcast.h"
#include "tts.h"

static const char *SAY = "xin chào bà con, hôm nay xã tổ chức kích hoạt tài khoản định danh điện tử";

static void test_vietnamese_voices_all_open_and_speak(void **state)
{
    (void)state;
    const char *voices[] = { "vi", "vi-vn-x-central", "vi-vn-x-south" };
    for (size_t i = 0; i < 3; i++) {
        char err[LOA_ERRLEN] = "";
        struct tts_conf c = { .voice = voices[i], .rate = 150, .pitch = 50 };
        tts *t = tts_open(&c, err);
        if (!t) fail_msg("voice %s: %s", voices[i], err);
        assert_int_equal(tts_sample_rate(t), 22050);
        int16_t *pcm = NULL;
        size_t n = 0;
        assert_int_equal(tts_synth(t, SAY, &pcm, &n, err), 0);
        /* more than a second of sound, and not silence */
        assert_true(n > 22050);
        int loud = 0;
        for (size_t k = 0; k < n; k++)
            if (pcm[k] > 3000 || pcm[k] < -3000) loud++;
        assert_true(loud > 1000);
        free(pcm);
        tts_close(t);
    }
}

static void test_unknown_voice_gives_clear_error(void **state)
{
    (void)state;
    char err[LOA_ERRLEN] = "";
    struct tts_conf c = { .voice = "vi-vn-x-nowhere", .rate = 150, .pitch = 50 };
    assert_null(tts_open(&c, err));
    assert_non_null(strstr(err, "unknown voice 'vi-vn-x-nowhere'"));
    assert_non_null(strstr(err, "vi-vn-x-central"));

    /* espeak-ng knows English, but announcements are Vietnamese */
    c.voice = "en";
    assert_null(tts_open(&c, err));
    assert_non_null(strstr(err, "not Vietnamese"));

    /* and after failures the engine still opens */
    c.voice = "vi";
    tts *t = tts_open(&c, err);
    assert_non_null(t);
    tts_close(t);
    tts_close(NULL);
}

static void test_bad_rate_pitch_and_second_handle_refused(void **state)
{
    (void)state;
    char err[LOA_ERRLEN] = "";
    struct tts_conf c = { .voice = "vi", .rate = 20, .pitch = 50 };
    assert_null(tts_open(&c, err));
    assert_non_null(strstr(err, "rate 20"));
    c.rate = 150;
    c.pitch = 120;
    assert_null(tts_open(&c, err));
    assert_non_null(strstr(err, "pitch 120"));

    c.pitch = 50;
    tts *t = tts_open(&c, err);
    assert_non_null(t);
    assert_null(tts_open(&c, err));
    assert_non_null(strstr(err, "already open"));
    tts_close(t);
}

static void test_empty_or_invalid_text_is_refused(void **state)
{
    (void)state;
    char err[LOA_ERRLEN] = "";
    struct tts_conf c;
    broadcast_tts_conf(NULL, &c);
    tts *t = tts_open(&c, err);
    assert_non_null(t);
    int16_t *pcm = (int16_t *)1;
    size_t n = 7;
    assert_int_equal(tts_synth(t, "  \n ", &pcm, &n, err), -1);
    assert_non_null(strstr(err, "nothing to say"));
    assert_null(pcm);
    assert_int_equal(n, 0);
    assert_int_equal(tts_synth(t, "xin ch\xe0o", &pcm, &n, err), -1);   /* Latin-1, not UTF-8 */
    assert_non_null(strstr(err, "UTF-8"));
    /* the handle still works afterwards */
    assert_int_equal(tts_synth(t, "xin chào", &pcm, &n, err), 0);
    assert_true(n > 0);
    free(pcm);
    tts_close(t);
}

/* Seconds of the WAV that `espeak-ng` itself writes for TEXT. */
static double espeak_cli_seconds(const char *dir, const char *voice, int rate, const char *text)
{
    char *wav = xasprintf("%s/cli.wav", dir);
    char *txt = test_write_file(dir, "cli.txt", text);
    char *cmd = xasprintf("espeak-ng -v %s -s %d -p 50 -w '%s' -f '%s'", voice, rate, wav, txt);
    assert_int_equal(system(cmd), 0);
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(wav, SFM_READ, &info);
    assert_non_null(sf);
    sf_close(sf);
    free(cmd);
    free(txt);
    free(wav);
    return (double)info.frames / info.samplerate;
}

static void test_speech_length_matches_espeak_ng_and_follows_rate(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char err[LOA_ERRLEN] = "";
    double secs[2];
    int rates[2] = { 120, 240 };
    for (int i = 0; i < 2; i++) {
        struct tts_conf c = { .voice = "vi-vn-x-south", .rate = rates[i], .pitch = 50 };
        tts *t = tts_open(&c, err);
        assert_non_null(t);
        int16_t *pcm;
        size_t n;
        assert_int_equal(tts_synth(t, SAY, &pcm, &n, err), 0);
        secs[i] = (double)n / tts_sample_rate(t);
        free(pcm);
        tts_close(t);
        double cli = espeak_cli_seconds(dir, "vi-vn-x-south", rates[i], SAY);
        if (secs[i] < 0.9 * cli || secs[i] > 1.1 * cli)
            fail_msg("rate %d: %.2f s, espeak-ng says %.2f s", rates[i], secs[i], cli);
    }
    /* twice the words per minute: clearly shorter */
    assert_true(secs[1] < 0.7 * secs[0]);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vietnamese_voices_all_open_and_speak),
        cmocka_unit_test(test_unknown_voice_gives_clear_error),
        cmocka_unit_test(test_bad_rate_pitch_and_second_handle_refused),
        cmocka_unit_test(test_empty_or_invalid_text_is_refused),
        cmocka_unit_test(test_speech_length_matches_espeak_ng_and_follows_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
