/*
 * test_sms — the text that goes out, checked against libGammu itself.
 *
 * The corpus (corpus_build below, 51 texts) covers:
 *   - real Vietnamese sentences from the commune's Đề án 06 plan
 *     (/work/shared/seed/ke-hoach-de-an-06-xa-minh-tien.txt) and outreach
 *     messages built on it: short and long (up to 5 parts), with diacritics
 *     (UCS-2) and the same texts with diacritics=0 (GSM-7);
 *   - GSM-7 extension characters ^ { } \ [ ~ ] | € in short and multipart texts,
 *     and one placed so that it would straddle the 153-septet boundary;
 *   - Latin letters that ARE in GSM 03.38 (é è ù ì ò Ç Ø Å Ä Ö Ñ Ü ß É Æ …)
 *     next to Vietnamese letters that are not (ê ô ơ ư đ …); '`' and '¹',
 *     which look plain but are not GSM-7 (Gammu would send '¹' as ESC);
 *   - emoji outside the BMP, one straddling the 67-unit boundary, and a flag
 *     (regional indicator pair) across it; a combining mark that NFC cannot
 *     compose, placed at the start of a part;
 *   - the exact boundaries 160/161 and 306/307 septets, 70/71 and 134/135
 *     UTF-16 units;
 *   - multi-line text (LF is GSM-7).
 * For each text, sms_count's part count must equal the number of parts
 * GSM_EncodeMultiPartSMS (SMS_ConcatenatedTextLong, UnicodeCoding = loa's
 * choice, buffer from DecodeUTF8) makes, each part must encode to a real
 * SMS-SUBMIT frame of at most 140 octets, and decoding those frames back with
 * GSM_DecodeSMSFrame must give exactly the prepared text: no character lost or
 * silently transliterated. The corpus runs under setlocale(LC_ALL, "C") and
 * again under "C.UTF-8": nothing in the path may depend on the locale.
 */
#include "testutil.h"

#include <locale.h>
#include <gammu.h>

#include "sms.h"
#include "vntext.h"

/* ------------------------------------------------------------ Gammu helpers */

/* Gammu's unicode buffer (UCS-2 big-endian, NUL-terminated) of UTF-8 S: caller frees. */
static unsigned char *gammu_buffer(const char *s)
{
    size_t len = strlen(s);
    unsigned char *u = xcalloc(2 * len + 8, 1);
    DecodeUTF8(u, s, len);
    return u;
}

static char *gammu_to_utf8(const unsigned char *u)
{
    char *out = xcalloc(UnicodeLength(u) * 4 + 8, 1);
    EncodeUTF8(out, u);
    return out;
}

/* GSM_EncodeMultiPartSMS of TEXT as loa would hand it over. Caller frees. */
static GSM_MultiSMSMessage *gammu_split(const char *text, int unicode)
{
    unsigned char *u = gammu_buffer(text);
    GSM_MultiPartSMSInfo info;
    GSM_ClearMultiPartSMSInfo(&info);
    info.EntriesNum = 1;
    info.Class = -1;
    info.UnicodeCoding = unicode ? TRUE : FALSE;
    info.Entries[0].ID = SMS_ConcatenatedTextLong;
    info.Entries[0].Buffer = u;
    GSM_MultiSMSMessage *multi = xcalloc(1, sizeof *multi);
    assert_int_equal(GSM_EncodeMultiPartSMS(GSM_GetGlobalDebug(), &info, multi), ERR_NONE);
    free(u);
    return multi;
}

/*
 * Encode each part as the SMS-SUBMIT frame a modem gets, decode it back, and
 * return the concatenated text (caller frees). Checks each frame's size and headers.
 */
static char *gammu_over_the_air(GSM_MultiSMSMessage *multi, int unicode, unsigned char *raw, size_t rawsize)
{
    sbuf back = {0};
    GSM_Debug_Info *di = GSM_GetGlobalDebug();
    size_t rawlen = 0;
    for (int i = 0; i < multi->Number; i++) {
        GSM_SMSMessage *part = &multi->SMS[i];
        DecodeUTF8(part->Number, "+84912345678", 12);
        unsigned char frame[512];
        memset(frame, 0, sizeof frame);
        int flen = 0;
        assert_int_equal(GSM_EncodeSMSFrame(di, part, frame, PHONE_SMSSubmit, &flen, TRUE), ERR_NONE);
        int octets = flen - PHONE_SMSSubmit.Text;
        assert_true(octets > 0 && octets <= 140);
        if (raw && rawlen + (size_t)octets <= rawsize) {
            memcpy(raw + rawlen, frame + PHONE_SMSSubmit.Text, (size_t)octets);
            rawlen += (size_t)octets;
        }

        GSM_SMSMessage got;
        memset(&got, 0, sizeof got);
        assert_int_equal(GSM_DecodeSMSFrame(di, &got, frame, PHONE_SMSSubmit), ERR_NONE);
        assert_int_equal(got.Coding, unicode ? SMS_Coding_Unicode_No_Compression : SMS_Coding_Default_No_Compression);
        if (multi->Number > 1) {
            assert_int_equal(got.UDH.Type, UDH_ConcatenatedMessages);
            assert_int_equal(got.UDH.PartNumber, i + 1);
            assert_int_equal(got.UDH.AllParts, multi->Number);
        } else {
            assert_int_equal(got.UDH.Type, UDH_NoUDH);
        }
        char *t = gammu_to_utf8(got.Text);
        sbuf_add(&back, t);
        free(t);
    }
    return sbuf_detach(&back);
}

/* --------------------------------------------------------------- the corpus */

struct sample {
    char *text;       /* input */
    int diacritics;   /* sms_prepare's flag */
    int want_enc;     /* -1 when not pinned */
    int want_units;   /* -1 when not pinned */
    int want_parts;   /* -1 when not pinned */
};

static struct sample corpus[64];
static int ncorpus;

static void add(const char *text, int diacritics, int enc, int units, int parts)
{
    assert_true(ncorpus < (int)(sizeof corpus / sizeof corpus[0]));
    corpus[ncorpus++] = (struct sample){xstrdup(text), diacritics, enc, units, parts};
}

/* PREFIX + UNIT repeated N times + SUFFIX. Caller frees. */
static char *rep(const char *prefix, const char *unit, int n, const char *suffix)
{
    sbuf b = {0};
    sbuf_add(&b, prefix);
    for (int i = 0; i < n; i++) sbuf_add(&b, unit);
    sbuf_add(&b, suffix);
    return sbuf_detach(&b);
}

static void add_rep(const char *prefix, const char *unit, int n, const char *suffix, int dia, int enc, int units,
                    int parts)
{
    char *t = rep(prefix, unit, n, suffix);
    add(t, dia, enc, units, parts);
    free(t);
}

static const char *const plan_sentences[] = {
    "Đăng ký tài khoản VNeID",
    "Ủy ban nhân dân xã Minh Tiến ban hành kế hoạch Triển khai thực hiện Đề án phát triển ứng dụng dữ liệu về dân cư, "
    "định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030 trên "
    "địa bàn xã như sau:",
    "Đẩy mạnh việc kết nối, sử dụng Cơ sở dữ liệu quốc gia về dân cư với các Cơ sở dữ liệu chuyên ngành phục vụ giải "
    "quyết thủ tục hành chính và cung cấp dịch vụ công trực tuyến.",
    "Huy động sự vào cuộc của cả hệ thống chính trị, đặc biệt là lãnh đạo UBND xã, người đứng đầu các ban, ngành, "
    "đoàn thể; sự tham gia của tổ chức, doanh nghiệp và người dân trong quá trình triển khai thực hiện Đề án trên địa "
    "bàn xã; xác định thành công của Đề án là yếu tố quyết định, đảm bảo sự thành công của chuyển đổi số.",
    "Đẩy mạnh việc hoàn thành sản xuất, cấp thẻ Căn cước công dân gắn chip điện tử cho công dân đủ điều kiện trên địa "
    "bàn xã.",
    "+ 100% người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến mức độ 4 và được định danh, xác thực điện tử.",
    "Xã Minh Tiến thông báo: Công an xã làm thủ tục cấp Căn cước công dân gắn chip và kích hoạt tài khoản định danh "
    "điện tử VNeID mức 2 tại Nhà văn hóa xóm 1 từ 7h30 đến 11h00 ngày 15/3. Bà con mang theo CMND cũ, sổ hộ khẩu "
    "(nếu có) và điện thoại thông minh. Trân trọng cảm ơn!",
    "Mời ông/bà Nguyễn Văn An đến UBND xã lúc 8h ngày 12/4 để kích hoạt VNeID. Trả lời HUY để không nhận tin.",
};

static void corpus_build(void)
{
    if (ncorpus) return;
    /* real sentences, with and without diacritics */
    for (size_t i = 0; i < sizeof plan_sentences / sizeof plan_sentences[0]; i++) {
        add(plan_sentences[i], 1, SMS_UCS2, -1, -1);
        add(plan_sentences[i], 0, SMS_GSM7, -1, -1);
    }
    add("Đăng ký tài khoản VNeID", 0, SMS_GSM7, 23, 1);
    add("Nhắn tin: VNEID X1 25 để báo số tài khoản mới của xóm.", 1, SMS_UCS2, -1, 1);
    add("HD", 1, SMS_GSM7, 2, 1);
    add("Xin chào bà con!", 1, SMS_GSM7, 16, 1);   /* à is in GSM 03.38 */
    add("Họp dân lúc 19h\ntại Nhà văn hóa xóm 2.\nTrân trọng.", 0, SMS_GSM7, -1, 1);
    /* GSM-7 extension characters */
    add("Gia [mien phi] {VNeID} ~ 0 EUR | 0 € ^ \\", 1, SMS_GSM7, 49, 1);
    add_rep("", "{}", 40, "", 1, SMS_GSM7, 160, 1);
    add_rep("", "{}", 40, "a", 1, SMS_GSM7, 161, 2);
    add_rep("", "a", 152, "€aaaaaaaa", 1, SMS_GSM7, 162, 2);   /* € moves to part 2 */
    add_rep("", "a", 151, "€aaaaaaaa", 1, SMS_GSM7, 161, 2);   /* € ends part 1 exactly */
    /* 152 + € + 152 = 306 septets: the textbook says 2 parts, Gammu moves € and makes 3 */
    char *t = rep("", "a", 152, "€");
    add_rep(t, "a", 152, "", 1, SMS_GSM7, 306, 3);
    free(t);
    /* accented Latin that is GSM-7, Vietnamese that is not */
    add("é è ù ì ò Ç Ø Å Ä Ö Ñ Ü ß É Æ ø å ä ö ñ ü à ¡ ¿ £ ¥ § ¤ Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ @ $ _", 1, SMS_GSM7, -1, 1);
    add("Bác Tư ơi, ê, ô kìa", 1, SMS_UCS2, -1, 1);
    add("Giá `10`", 1, SMS_UCS2, -1, 1);
    add("Hạng ¹ nhất", 1, SMS_UCS2, -1, 1);
    /* boundaries: GSM-7 septets */
    add_rep("", "a", 160, "", 1, SMS_GSM7, 160, 1);
    add_rep("", "a", 161, "", 1, SMS_GSM7, 161, 2);
    add_rep("", "Dang ky VNeID. ", 20, "Cam on ba con!123456", 0, SMS_GSM7, 320, 3);
    add_rep("", "b", 306, "", 1, SMS_GSM7, 306, 2);
    add_rep("", "b", 307, "", 1, SMS_GSM7, 307, 3);
    /* boundaries: UCS-2 units */
    add_rep("", "ệ", 70, "", 1, SMS_UCS2, 70, 1);
    add_rep("", "ệ", 71, "", 1, SMS_UCS2, 71, 2);
    add_rep("", "ư", 134, "", 1, SMS_UCS2, 134, 2);
    add_rep("", "ư", 135, "", 1, SMS_UCS2, 135, 3);
    add_rep("Đ", "a", 69, "", 1, SMS_UCS2, 70, 1);
    add_rep("Đ", "a", 70, "", 1, SMS_UCS2, 71, 2);
    /* emoji outside the BMP */
    add("Chúc mừng năm mới 🎉", 1, SMS_UCS2, 20, 1);
    add("VNeID 👍", 0, SMS_UCS2, 8, 1);
    add_rep("😀", "ệ", 68, "", 1, SMS_UCS2, 70, 1);
    add_rep("😀", "ệ", 69, "", 1, SMS_UCS2, 71, 2);
    /* 66 + 😀 + 66 = 134 units: 2 parts by the textbook, 3 by Gammu (no split surrogate pair) */
    t = rep("", "ệ", 66, "😀");
    add_rep(t, "ệ", 66, "", 1, SMS_UCS2, 134, 3);
    free(t);
    /* a flag (two regional indicators, 4 units) across the 67-unit boundary: 134 units, 3 parts */
    t = rep("", "ệ", 65, "🇻🇳");
    add_rep(t, "ệ", 65, "", 1, SMS_UCS2, 134, 3);
    free(t);
    /* x + combining acute has no precomposed form: Gammu keeps the x with its mark (134 units, 3 parts) */
    t = rep("", "ệ", 66, "x\xcc\x81");
    add_rep(t, "ệ", 66, "", 1, SMS_UCS2, 134, 3);
    free(t);
    /* a long message: 5 parts of UCS-2 */
    add_rep("Thông báo: ", "Bà con kích hoạt VNeID mức 2. ", 10, "", 1, SMS_UCS2, 311, 5);
    add_rep("Thong bao: ", "Ba con kich hoat VNeID muc 2. ", 10, "", 1, SMS_GSM7, 311, 3);
}

static void check_corpus(void)
{
    corpus_build();
    assert_int_equal(ncorpus, 51);   /* the count the header comment states */
    for (int i = 0; i < ncorpus; i++) {
        const struct sample *s = &corpus[i];
        char err[LOA_ERRLEN] = "";
        char *prepared = sms_prepare(s->text, s->diacritics, err);
        if (prepared == NULL) fail_msg("corpus %d refused: %s", i, err);
        struct sms_info info;
        assert_int_equal(sms_count(prepared, &info), 0);
        if (s->want_enc >= 0 && (int)info.encoding != s->want_enc)
            fail_msg("corpus %d: encoding %s", i, sms_encoding_name(info.encoding));
        if (s->want_units >= 0 && info.units != s->want_units)
            fail_msg("corpus %d: %d units, want %d", i, info.units, s->want_units);
        if (s->want_parts >= 0 && info.parts != s->want_parts)
            fail_msg("corpus %d: %d parts, want %d", i, info.parts, s->want_parts);
        assert_int_equal(info.chars, (int)vntext_codepoints(prepared));
        assert_int_equal(sms_is_gsm7(prepared), info.encoding == SMS_GSM7);

        int unicode = info.encoding == SMS_UCS2;
        GSM_MultiSMSMessage *multi = gammu_split(prepared, unicode);
        if (multi->Number != info.parts)
            fail_msg("corpus %d: loa counts %d parts, Gammu makes %d", i, info.parts, multi->Number);
        char *back = gammu_over_the_air(multi, unicode, NULL, 0);
        if (strcmp(back, prepared) != 0)
            fail_msg("corpus %d: Gammu gave back\n  '%s'\nfor\n  '%s'", i, back, prepared);
        free(back);
        free(multi);
        free(prepared);
    }
}

static void test_corpus_parts_match_gammu_and_text_survives_c_locale(void **state)
{
    (void)state;
    char *saved = xstrdup(setlocale(LC_ALL, NULL));
    assert_non_null(setlocale(LC_ALL, "C"));
    check_corpus();
    setlocale(LC_ALL, saved);
    free(saved);
}

static void test_corpus_parts_match_gammu_and_text_survives_utf8_locale(void **state)
{
    (void)state;
    char *saved = xstrdup(setlocale(LC_ALL, NULL));
    if (setlocale(LC_ALL, "C.UTF-8") == NULL) skip();
    check_corpus();
    setlocale(LC_ALL, saved);
    free(saved);
}

/*
 * Beyond the corpus: 3000 pseudo-random mixes (fixed seed) of the characters
 * that make splitting hard (extension characters, Vietnamese letters, emoji,
 * flags, a combining mark, newlines), 1 to 420 characters long.
 */
static void test_random_mixes_count_like_gammu(void **state)
{
    (void)state;
    static const char *const pool[] = {"a", "a", "a", " ", "€", "[", "|", "ệ", "Đ", "é", "😀", "🇻", "🇳",
                                       "x\xcc\x81", "\n", "ữ", "Z", "9"};
    const size_t npool = sizeof pool / sizeof pool[0];
    uint32_t seed = 20250310u;
    assert_non_null(setlocale(LC_ALL, "C"));
    for (int iter = 0; iter < 3000; iter++) {
        seed = seed * 1664525u + 1013904223u;
        int n = 1 + (int)((seed >> 8) % 420);
        int gsm_only = iter % 3 == 0;   /* a third stay GSM-7 so both splitters get exercised */
        sbuf b = {0};
        for (int i = 0; i < n; i++) {
            seed = seed * 1664525u + 1013904223u;
            size_t k = (seed >> 8) % (gsm_only ? 7 : npool);
            sbuf_add(&b, pool[k]);
        }
        char *text = sbuf_detach(&b);
        char err[LOA_ERRLEN];
        char *prepared = sms_prepare(text, 1, err);
        if (prepared == NULL) fail_msg("random %d refused: %s", iter, err);
        struct sms_info info;
        assert_int_equal(sms_count(prepared, &info), 0);
        int unicode = info.encoding == SMS_UCS2;
        if (gsm_only) assert_false(unicode);
        GSM_MultiSMSMessage *multi = gammu_split(prepared, unicode);
        if (multi->Number != info.parts)
            fail_msg("random %d (%d units): loa counts %d parts, Gammu makes %d", iter, info.units, info.parts,
                     multi->Number);
        char *back = gammu_over_the_air(multi, unicode, NULL, 0);
        assert_string_equal(back, prepared);
        free(back);
        free(multi);
        free(prepared);
        free(text);
    }
}

/* ------------------------------------------------------------ sms_prepare */

static void test_prepare_without_diacritics_gives_ascii_and_keeps_case(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    char *p = sms_prepare("Đăng ký tài khoản VNeID", 0, err);
    assert_non_null(p);
    assert_string_equal(p, "Dang ky tai khoan VNeID");
    free(p);
    p = sms_prepare("ƯU TIÊN ĐỒNG BÀO: đời sống, ơn, ăn, ấm", 0, err);
    assert_non_null(p);
    assert_string_equal(p, "UU TIEN DONG BAO: doi song, on, an, am");
    assert_true(sms_is_gsm7(p));
    free(p);
    p = sms_prepare("Đăng ký tài khoản VNeID", 1, err);
    assert_string_equal(p, "Đăng ký tài khoản VNeID");
    assert_false(sms_is_gsm7(p));
    free(p);
}

static void test_prepare_rejects_invalid_utf8_with_byte_position(void **state)
{
    (void)state;
    char err[LOA_ERRLEN] = "";
    assert_null(sms_prepare("Xin chào bà con\xff!", 1, err));
    assert_string_equal(err, "text is not valid UTF-8 (byte 18)");
    assert_null(sms_prepare("Hu\xe1\xbb", 1, err));                /* truncated ủ */
    assert_string_equal(err, "text is not valid UTF-8 (byte 3)");
    assert_null(sms_prepare("a\xc0\xaf" "b", 0, err));                  /* overlong '/' */
    assert_string_equal(err, "text is not valid UTF-8 (byte 2)");
    assert_null(sms_prepare("\xed\xa0\x80", 0, err));                /* a surrogate */
    assert_string_equal(err, "text is not valid UTF-8 (byte 1)");
    struct sms_info info;
    assert_int_equal(sms_count("ab\xff", &info), -1);
    assert_int_equal(sms_count(NULL, &info), -1);
    assert_false(sms_is_gsm7("ab\xff"));
}

/* Why sms_prepare validates first: Gammu's DecodeUTF8 stops quietly at the first bad byte. */
static void test_gammu_decodeutf8_silently_truncates_at_invalid_byte(void **state)
{
    (void)state;
    const char *bad = "Xin ch\xff" "ào bà con, mời đăng ký VNeID";
    unsigned char *u = gammu_buffer(bad);
    char *back = gammu_to_utf8(u);
    assert_string_equal(back, "Xin ch");     /* the rest of the message is gone, no error */
    free(back);
    free(u);
    char err[LOA_ERRLEN];
    assert_null(sms_prepare(bad, 1, err));
    assert_string_equal(err, "text is not valid UTF-8 (byte 7)");
}

static void test_prepare_rejects_empty_and_blank_text(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    assert_null(sms_prepare(NULL, 1, err));
    assert_string_equal(err, "text is empty");
    assert_null(sms_prepare("", 1, err));
    assert_string_equal(err, "text is empty");
    assert_null(sms_prepare("  \n \r\n", 0, err));
    assert_string_equal(err, "text is empty");
}

static void test_prepare_normalises_nfd_to_nfc_before_counting(void **state)
{
    (void)state;
    /* "Tiến" typed as T i e + U+0302 + U+0301 n (NFD, 6 code points) */
    const char *nfd = "Tie\xcc\x82\xcc\x81" "n xa\xcc\x83";
    char err[LOA_ERRLEN];
    char *p = sms_prepare(nfd, 1, err);
    assert_non_null(p);
    assert_string_equal(p, "Tiến xã");
    struct sms_info info;
    assert_int_equal(sms_count(p, &info), 0);
    assert_int_equal(info.chars, 7);
    assert_int_equal(info.units, 7);
    assert_int_equal(info.encoding, SMS_UCS2);
    free(p);
    p = sms_prepare(nfd, 0, err);
    assert_string_equal(p, "Tien xa");
    free(p);
}

static void test_emoji_counts_as_two_ucs2_units_but_one_character(void **state)
{
    (void)state;
    struct sms_info info;
    assert_int_equal(sms_count("Chào 😀", &info), 0);
    assert_int_equal(info.encoding, SMS_UCS2);
    assert_int_equal(info.chars, 6);
    assert_int_equal(info.units, 7);
    assert_int_equal(info.parts, 1);
}

static void test_extension_characters_count_two_septets(void **state)
{
    (void)state;
    struct sms_info info;
    assert_int_equal(sms_count("Gia 10€ [VNeID]", &info), 0);
    assert_int_equal(info.encoding, SMS_GSM7);
    assert_int_equal(info.chars, 15);
    assert_int_equal(info.units, 18);
    assert_string_equal(sms_encoding_name(info.encoding), "gsm7");
    assert_string_equal(sms_encoding_name(SMS_UCS2), "ucs2");
}

/* Gammu itself would turn Vietnamese into '?' or plain letters if asked for GSM-7: loa never asks. */
static void test_gammu_gsm7_would_silently_transliterate_vietnamese(void **state)
{
    (void)state;
    const char *text = "Đăng ký tài khoản VNeID";
    GSM_MultiSMSMessage *multi = gammu_split(text, 0);
    char *back = gammu_over_the_air(multi, 0, NULL, 0);
    assert_string_not_equal(back, text);       /* the loss loa avoids */
    free(back);
    free(multi);
    assert_false(sms_is_gsm7(text));
}

/* Gammu's UCS-2 encoder sends '~' as U+0001 and "~~" as '~': loa keeps the '~' and doubles it for Gammu. */
static int over_the_air_has(const char *text, int *u0001)
{
    GSM_MultiSMSMessage *multi = gammu_split(text, 1);
    unsigned char raw[200];
    memset(raw, 0xAA, sizeof raw);
    char *back = gammu_over_the_air(multi, 1, raw, sizeof raw);
    free(back);
    free(multi);
    int has_tilde = 0;
    *u0001 = 0;
    for (size_t i = 0; i + 1 < sizeof raw; i += 2) {
        *u0001 |= raw[i] == 0x00 && raw[i + 1] == 0x01;
        has_tilde |= raw[i] == 0x00 && raw[i + 1] == '~';
    }
    return has_tilde;
}

static void test_tilde_in_ucs2_text_is_kept_and_escaped_for_gammu(void **state)
{
    (void)state;
    int u0001;
    assert_false(over_the_air_has("Họp lúc 8h~10h", &u0001));   /* as is: mangled */
    assert_true(u0001);
    assert_true(over_the_air_has("Họp lúc 8h~~10h", &u0001));   /* doubled: the resident reads '~' */
    assert_false(u0001);

    char err[LOA_ERRLEN];
    char *p = sms_prepare("Họp lúc 8h~10h", 1, err);         /* kept as written; modem.c doubles it */
    assert_non_null(p);
    assert_string_equal(p, "Họp lúc 8h~10h");
    free(p);
    p = sms_prepare("Họp lúc 8h~10h", 0, err);      /* as GSM-7, '~' is an extension character */
    assert_non_null(p);
    assert_string_equal(p, "Hop luc 8h~10h");
    free(p);
}

static void test_prepare_rejects_control_characters(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    assert_null(sms_prepare("Ten:\tAn", 1, err));
    assert_string_equal(err, "text contains a control character (U+0009) at character 5");
    assert_null(sms_prepare("a\x01" "b", 1, err));
    assert_null(sms_prepare("a\xc2\x85" "b", 1, err));   /* U+0085 NEL */
    char *p = sms_prepare("dong 1\r\ndong 2", 1, err);
    assert_non_null(p);
    free(p);
}

static void test_prepare_rejects_text_longer_than_gammu_can_send(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    char *t = rep("", "a", 5001, "");
    assert_null(sms_prepare(t, 1, err));
    assert_non_null(strstr(err, "too long"));
    free(t);
    t = rep("", "a", 5000, "");
    char *p = sms_prepare(t, 1, err);
    assert_non_null(p);
    free(p);
    free(t);
    t = rep("", "ệ", 50 * 67 + 1, "");
    assert_null(sms_prepare(t, 1, err));
    assert_non_null(strstr(err, "51 parts"));
    free(t);
}

static int teardown_corpus(void **state)
{
    (void)state;
    for (int i = 0; i < ncorpus; i++) free(corpus[i].text);
    ncorpus = 0;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_parts_match_gammu_and_text_survives_c_locale),
        cmocka_unit_test(test_corpus_parts_match_gammu_and_text_survives_utf8_locale),
        cmocka_unit_test(test_random_mixes_count_like_gammu),
        cmocka_unit_test(test_prepare_without_diacritics_gives_ascii_and_keeps_case),
        cmocka_unit_test(test_prepare_rejects_invalid_utf8_with_byte_position),
        cmocka_unit_test(test_gammu_decodeutf8_silently_truncates_at_invalid_byte),
        cmocka_unit_test(test_prepare_rejects_empty_and_blank_text),
        cmocka_unit_test(test_prepare_normalises_nfd_to_nfc_before_counting),
        cmocka_unit_test(test_emoji_counts_as_two_ucs2_units_but_one_character),
        cmocka_unit_test(test_extension_characters_count_two_septets),
        cmocka_unit_test(test_gammu_gsm7_would_silently_transliterate_vietnamese),
        cmocka_unit_test(test_tilde_in_ucs2_text_is_kept_and_escaped_for_gammu),
        cmocka_unit_test(test_prepare_rejects_control_characters),
        cmocka_unit_test(test_prepare_rejects_text_longer_than_gammu_can_send),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_corpus);
}
