/*
 * test_sms — encoding and part counting, checked against libGammu itself.
 *
 * The corpus: real sentences from the commune plan (Vietnamese with all its marks, so UCS-2),
 * the same without diacritics (GSM-7), SMS the demo campaigns send, texts with GSM extension
 * characters (€ [ ] { } ^ ~ | \), Latin-1 letters GSM-7 has (é è ù ì ò à Ä Ö Ñ Ü ß Ø Å Æ Ç),
 * an emoji outside the BMP, and texts at the boundaries 160/161, 306/307, 459/460 septets and
 * 70/71, 134/135, 201/202 units, including an extension character or an emoji straddling a
 * part boundary. For each, the part count libGammu's GSM_EncodeMultiPartSMS produces with the
 * encoding loa chose must equal loa's, and decoding Gammu's parts must give back exactly the
 * text (no silent transliteration) — half of the corpus under LC_ALL=C.
 */
#include "testutil.h"

#include <gammu.h>
#include <locale.h>

#include "sms.h"

static char *repeat(const char *unit, int n, const char *tail)
{
    sbuf b = {0};
    for (int i = 0; i < n; i++) sbuf_add(&b, unit);
    sbuf_add(&b, tail);
    return sbuf_detach(&b);
}

/* Parts Gammu makes of TEXT in the given encoding; *back = what Gammu's decoder gives back. */
static int gammu_parts(const char *text, int ucs2, char **back)
{
    size_t n = strlen(text);
    unsigned char *buf = xcalloc(n * 2 + 8, 2);
    DecodeUTF8(buf, text, n);
    GSM_MultiPartSMSInfo info;
    GSM_ClearMultiPartSMSInfo(&info);
    info.EntriesNum = 1;
    info.UnicodeCoding = ucs2 ? TRUE : FALSE;
    info.Entries[0].ID = SMS_ConcatenatedTextLong;
    info.Entries[0].Buffer = buf;
    GSM_MultiSMSMessage sms;
    memset(&sms, 0, sizeof sms);
    GSM_Error e = GSM_EncodeMultiPartSMS(GSM_GetGlobalDebug(), &info, &sms);
    assert_int_equal(e, ERR_NONE);
    /* What goes out: each part encoded to its PDU by Gammu's own encoder, decoded back by its decoder. */
    GSM_StateMachine *sm = GSM_AllocStateMachine();
    sbuf all = {0};
    for (int i = 0; i < sms.Number; i++) {
        GSM_SMSMessage *part = &sms.SMS[i];
        part->PDU = SMS_Submit;
        part->SMSC.Location = 0;   /* an explicit SMSC: no phone is asked for it */
        DecodeUTF8(part->SMSC.Number, "+84900000000", 12);
        DecodeUTF8(part->Number, "+84912345678", 12);
        unsigned char pdu[512];
        int len = 0;
        assert_int_equal(PHONE_EncodeSMSFrame(sm, part, pdu, PHONE_SMSSubmit, &len, TRUE), ERR_NONE);
        GSM_SMSMessage dec;
        memset(&dec, 0, sizeof dec);
        assert_int_equal(GSM_DecodeSMSFrame(GSM_GetGlobalDebug(), &dec, pdu, PHONE_SMSSubmit), ERR_NONE);
        char utf8[1024];
        EncodeUTF8(utf8, dec.Text);
        sbuf_add(&all, utf8);
    }
    GSM_FreeStateMachine(sm);
    char *out = sbuf_detach(&all);
    free(buf);
    *back = out;
    return sms.Number;
}

static char **corpus(size_t *n)
{
    static const char *fixed[] = {
        "Thực hiện Kế hoạch số 79/KH-UBND ngày 07/3/2022 của UBND huyện Đại Từ",
        "Quán triệt đầy đủ, sâu sắc các nội dung Đề án đến các ban, ngành, đoàn thể, cán bộ, công chức nhằm nâng cao nhận thức về sự cần thiết phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử.",
        "Huy động sự vào cuộc của cả hệ thống chính trị, đặc biệt là lãnh đạo UBND xã, người đứng đầu các ban, ngành, đoàn thể; sự tham gia của tổ chức, doanh nghiệp và người dân trong quá trình triển khai thực hiện Đề án trên địa bàn xã.",
        "Đẩy mạnh việc kết nối, sử dụng Cơ sở dữ liệu quốc gia về dân cư với các Cơ sở dữ liệu chuyên ngành phục vụ giải quyết thủ tục hành chính và cung cấp dịch vụ công trực tuyến.",
        "Phối hợp hoàn thành tích hợp, cung cấp dịch vụ xác thực thông tin về số Chứng minh nhân dân (9 số) với Căn cước công dân trên Cổng Dịch vụ công quốc gia.",
        "UBND xã Minh Tiến kính mời An (Xóm Đồng Kiệm) mang CCCD gắn chip đến nhà văn hóa xóm để được hướng dẫn kích hoạt tài khoản VNeID mức 2, miễn phí. Soạn HUY để ngừng nhận tin.",
        "UBND xã Minh Tiến hỏi Phúc: Bà con đã kích hoạt tài khoản VNeID chưa? Trả lời CO hoặc CHUA. Soạn HUY để ngừng nhận tin.",
        "UBND xa Minh Tien: ba con chua co the CCCD gan chip xin lien he Cong an xa de duoc cap. Soan HUY de ngung nhan tin.",
        "UBND xa Minh Tien kinh moi An mang CCCD gan chip den nha van hoa xom de duoc huong dan kich hoat tai khoan VNeID muc 2, mien phi. Soan HUY de ngung nhan tin.",
        "Hủy", "HUỶ", "Có rồi ạ", "chưa có", "DK", "VNEID DK 12 26/11",
        "Giá 50.000€ [x] {y} ^z ~w |v \\u",
        "Café à la crème, Ñandú, Øre, Åse, Æbler, Ça va, Über, Straße, ìò",
        "Bão số 3 đổ bộ: bà con chằng chống nhà cửa 🌀 ngay!",
        "😀", "a😀b", "",
        "Line one\nLine two\r\nLine three",
        "`backtick` is not GSM",
    };
    size_t nf = sizeof fixed / sizeof fixed[0];
    char **v = xcalloc(nf + 40, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < nf; i++)
        if (fixed[i][0]) v[k++] = xstrdup(fixed[i]);
    /* boundaries */
    v[k++] = repeat("a", 160, "");
    v[k++] = repeat("a", 161, "");
    v[k++] = repeat("a", 306, "");
    v[k++] = repeat("a", 307, "");
    v[k++] = repeat("a", 459, "");
    v[k++] = repeat("a", 460, "");
    v[k++] = repeat("a", 158, "€");      /* 160 septets */
    v[k++] = repeat("a", 159, "€");      /* 161 septets */
    v[k++] = repeat("a", 152, "€bc");    /* € straddles the first part boundary */
    v[k++] = repeat("ư", 70, "");
    v[k++] = repeat("ư", 71, "");
    v[k++] = repeat("ư", 134, "");
    v[k++] = repeat("ư", 135, "");
    v[k++] = repeat("ư", 201, "");
    v[k++] = repeat("ư", 202, "");
    v[k++] = repeat("ư", 68, "😀");      /* 70 units */
    v[k++] = repeat("ư", 69, "😀");      /* 71 units */
    v[k++] = repeat("ư", 66, "😀x");     /* the emoji straddles the first part boundary */
    v[k++] = repeat("Đăng ký ", 20, "VNeID");
    *n = k;
    return v;
}

static void test_part_counts_equal_gammus_and_nothing_is_transliterated(void **state)
{
    (void)state;
    size_t n;
    char **v = corpus(&n);
    assert_true(n >= 40);
    int mismatches = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == n / 2) setlocale(LC_ALL, "C");   /* the locale must not matter */
        for (int dia = 1; dia >= 0; dia--) {
            char err[LOA_ERRLEN];
            char *p = sms_prepare(v[i], dia, err);
            assert_non_null(p);
            struct sms_info info;
            assert_int_equal(sms_count(p, &info), 0);
            char *back;
            int gp = gammu_parts(p, info.encoding == SMS_UCS2, &back);
            if (gp != info.parts || strcmp(back, p)) {
                print_message("  #%zu %s (%s, %d units): loa %d parts, Gammu %d; back %s\n", i, dia ? "" : "no-marks",
                              sms_encoding_name(info.encoding), info.units, info.parts, gp,
                              strcmp(back, p) ? "DIFFERS" : "same");
                mismatches++;
            }
            free(back);
            free(p);
        }
        free(v[i]);
    }
    free(v);
    setlocale(LC_ALL, "");
    assert_int_equal(mismatches, 0);
}

static void test_encoding_and_counts(void **state)
{
    (void)state;
    struct sms_info i;
    assert_int_equal(sms_count("Xin chào bà con", &i), 0);
    assert_int_equal(i.encoding, SMS_GSM7);        /* à is in GSM 03.38 */
    assert_int_equal(sms_count("Đăng ký", &i), 0);
    assert_int_equal(i.encoding, SMS_UCS2);
    assert_int_equal(i.chars, 7);
    assert_int_equal(sms_count("gia 5€", &i), 0);
    assert_int_equal(i.encoding, SMS_GSM7);
    assert_int_equal(i.units, 7);                  /* € is an extension character: 2 septets */
    assert_int_equal(sms_count("Chào 😀", &i), 0);
    assert_int_equal(i.encoding, SMS_UCS2);
    assert_int_equal(i.chars, 6);
    assert_int_equal(i.units, 7);                  /* the emoji is a surrogate pair */
}

static void test_prepare_without_diacritics_keeps_case(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    char *p = sms_prepare("Đăng ký tài khoản VNeID ở Ủy ban: ĂÂÊÔƠƯ ăâêôơư đĐ", 0, err);
    assert_string_equal(p, "Dang ky tai khoan VNeID o Uy ban: AAEOOU aaeoou dD");
    struct sms_info i;
    sms_count(p, &i);
    assert_int_equal(i.encoding, SMS_GSM7);
    free(p);
}

static void test_prepare_normalises_nfd_to_nfc(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    /* "Hủy" written decomposed: H u combining-hook-above y... */
    char *p = sms_prepare("Hu\xCC\x89y", 1, err);
    assert_string_equal(p, "H\xE1\xBB\xA7y");
    struct sms_info i;
    sms_count(p, &i);
    assert_int_equal(i.chars, 3);
    free(p);
}

static void test_bad_text_is_refused(void **state)
{
    (void)state;
    char err[LOA_ERRLEN];
    assert_null(sms_prepare("", 1, err));
    assert_string_equal(err, "text is empty");
    assert_null(sms_prepare("  \n ", 1, err));
    assert_null(sms_prepare("Ch\xE0o", 1, err));   /* Windows-1258 à */
    assert_string_equal(err, "text is not valid UTF-8 (byte 3)");
    assert_null(sms_prepare("ok \xED\xA0\x80", 1, err));   /* a lone surrogate */
    assert_non_null(strstr(err, "byte 4"));
}

static void test_gammu_decodeutf8_truncates_at_invalid_byte(void **state)
{
    (void)state;
    /* Why sms_prepare validates first: Gammu's DecodeUTF8 silently stops at a bad byte. */
    const char *bad = "abc\xFF" "def";
    unsigned char buf[64] = {0};
    DecodeUTF8(buf, bad, strlen(bad));
    char back[64] = {0};
    EncodeUTF8(back, buf);
    assert_string_not_equal(back, "abc\xFF" "def");
    char err[LOA_ERRLEN];
    assert_null(sms_prepare(bad, 1, err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_part_counts_equal_gammus_and_nothing_is_transliterated),
        cmocka_unit_test(test_encoding_and_counts),
        cmocka_unit_test(test_prepare_without_diacritics_keeps_case),
        cmocka_unit_test(test_prepare_normalises_nfd_to_nfc),
        cmocka_unit_test(test_bad_text_is_refused),
        cmocka_unit_test(test_gammu_decodeutf8_truncates_at_invalid_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
