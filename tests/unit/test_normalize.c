/* Tests for normalize: written Vietnamese to words espeak-ng reads correctly. */
#include "testutil.h"

#include <utf8proc.h>

#include "normalize.h"

struct ncase {
    const char *in;      /* as written */
    const char *want;    /* as it must be spoken */
};

/* Every kind of written form: numbers, dates, times, ranges, money, units, phones,
 * Roman numerals, ordinals, document numbers, abbreviations, punctuation. */
static const struct ncase CASES[] = {
    { "1.500",
      "một nghìn năm trăm" },
    { "1.000.000",
      "một triệu" },
    { "3,5",
      "ba phẩy năm" },
    { "15",
      "mười lăm" },
    { "105",
      "một trăm linh năm" },
    { "21",
      "hai mươi mốt" },
    { "25",
      "hai mươi lăm" },
    { "54",
      "năm mươi tư" },
    { "14",
      "mười bốn" },
    { "11",
      "mười một" },
    { "10",
      "mười" },
    { "20",
      "hai mươi" },
    { "100",
      "một trăm" },
    { "110",
      "một trăm mười" },
    { "1.000",
      "một nghìn" },
    { "2022",
      "hai nghìn không trăm hai mươi hai" },
    { "1.000.500",
      "một triệu năm trăm" },
    { "1.005.000",
      "một triệu không trăm linh năm nghìn" },
    { "1.000.000.000",
      "một tỷ" },
    { "2.500.000.000",
      "hai tỷ năm trăm triệu" },
    { "0",
      "không" },
    { "0,5",
      "không phẩy năm" },
    { "3,25",
      "ba phẩy hai mươi lăm" },
    { "3,05",
      "ba phẩy không năm" },
    { "07/3/2022",
      "ngày bảy tháng ba năm hai nghìn không trăm hai mươi hai" },
    { "ngày 07/3/2022",
      "ngày bảy tháng ba năm hai nghìn không trăm hai mươi hai" },
    { "Ngày 08/11/2021",
      "Ngày tám tháng mười một năm hai nghìn không trăm hai mươi mốt" },
    { "12/2020",
      "tháng mười hai năm hai nghìn không trăm hai mươi" },
    { "tháng 12/2020",
      "tháng mười hai năm hai nghìn không trăm hai mươi" },
    { "25-26/12",
      "ngày hai mươi lăm đến ngày hai mươi sáu tháng mười hai" },
    { "ngày 25-26/12",
      "ngày hai mươi lăm đến ngày hai mươi sáu tháng mười hai" },
    { "1/1/2024",
      "ngày một tháng một năm hai nghìn không trăm hai mươi tư" },
    { "ngày 4/4/2024",
      "ngày bốn tháng tư năm hai nghìn không trăm hai mươi tư" },
    { "14/4",
      "ngày mười bốn tháng tư" },
    { "32/13",
      "ba mươi hai trên mười ba" },  /* no date: a ratio (issue 18) */
    { "31/2/2023",
      "ba mươi mốt hai hai nghìn không trăm hai mươi ba" },
    { "07-3-2022",
      "ngày bảy tháng ba năm hai nghìn không trăm hai mươi hai" },
    { "quý I/2024",
      "quý một năm hai nghìn không trăm hai mươi tư" },
    { "quý 1/2024",
      "quý một năm hai nghìn không trăm hai mươi tư" },
    { "Quý I năm 2022",
      "Quý một năm hai nghìn không trăm hai mươi hai" },
    { "quý II năm 2022",
      "quý hai năm hai nghìn không trăm hai mươi hai" },
    { "14h30",
      "mười bốn giờ ba mươi phút" },
    { "17:30",
      "mười bảy giờ ba mươi phút" },
    { "7h",
      "bảy giờ" },
    { "7h-11h",
      "bảy giờ đến mười một giờ" },
    { "từ 7h30 đến 11h",
      "từ bảy giờ ba mươi phút đến mười một giờ" },
    { "8h05",
      "tám giờ năm phút" },
    { "2022 - 2025",
      "hai nghìn không trăm hai mươi hai đến hai nghìn không trăm hai mươi lăm" },
    { "2025 – 2030",
      "hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm ba mươi" },
    { "3-5%",
      "ba đến năm phần trăm" },
    { "100%",
      "một trăm phần trăm" },
    { "2,5%",
      "hai phẩy năm phần trăm" },
    { "50.000đ",
      "năm mươi nghìn đồng" },
    { "5.000.000 VND",
      "năm triệu đồng" },
    { "5.000.000 VNĐ",
      "năm triệu đồng" },
    { "200.000 đồng",
      "hai trăm nghìn đồng" },
    { "5 km",
      "năm ki lô mét" },
    { "2 ha",
      "hai héc ta" },
    { "100 m2",
      "một trăm mét vuông" },
    { "100m²",
      "một trăm mét vuông" },
    { "50 kg",
      "năm mươi ki lô gam" },
    { "30°C",
      "ba mươi độ xê" },
    { "60 km/h",
      "sáu mươi ki lô mét trên giờ" },
    { "0912 345 678",
      "không chín một hai, ba bốn năm, sáu bảy tám" },
    { "0912345678",
      "không chín một hai, ba bốn năm, sáu bảy tám" },
    { "1900 1234",
      "một chín không không, một hai ba bốn" },
    { "19001234",
      "một chín không không, một hai ba bốn" },
    { "+84 912 345 678",
      "cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám" },
    { "Đề án 06",
      "Đề án không sáu" },
    { "số CCCD 001234567890",
      "số căn cước công dân không không một hai ba bốn năm sáu bảy tám chín không" },
    { "Mục I",
      "Mục một" },
    { "Mục III",
      "Mục ba" },
    { "Phần II",
      "Phần hai" },
    { "Chương IV",
      "Chương bốn" },
    { "thế kỷ XXI",
      "thế kỷ hai mươi mốt" },
    { "khóa XV",
      "khóa mười lăm" },
    { "khoá XIV",
      "khoá mười bốn" },
    { "I. MỤC ĐÍCH, YÊU CẦU",
      "một. mục đích, yêu cầu" },
    { "II. MỤC TIÊU",
      "hai. mục tiêu" },
    { "IV. KINH PHÍ THỰC HIỆN",
      "bốn. kinh phí thực hiện" },
    { "Tôi là I",
      "Tôi là I" },
    { "thứ 2",
      "thứ hai" },
    { "thứ 4",
      "thứ tư" },
    { "thứ 1",
      "thứ nhất" },
    { "tháng 4",
      "tháng tư" },
    { "ngày 4",
      "ngày bốn" },
    { "lần thứ 14",
      "lần thứ mười bốn" },
    { "34/2021/QĐ-TTg",
      "số ba mươi tư năm hai nghìn không trăm hai mươi mốt quyết định thủ tướng" },
    { "Quyết định số 34/2021/QĐ-TTg",
      "Quyết định số ba mươi tư năm hai nghìn không trăm hai mươi mốt quyết định thủ tướng" },
    { "79/KH-UBND",
      "số bảy mươi chín kế hoạch ủy ban nhân dân" },
    { "06/QĐ-TTg",
      "số không sáu quyết định thủ tướng" },
    { "Quyết định số 06/QĐ-TTg",
      "Quyết định số không sáu quyết định thủ tướng" },
    { "13/2023/NĐ-CP",
      "số mười ba năm hai nghìn không trăm hai mươi ba nghị định chính phủ" },
    { "01/2024/TT-BCA",
      "số không một năm hai nghìn không trăm hai mươi tư thông tư bộ công an" },
    { "UBND",
      "ủy ban nhân dân" },
    { "HĐND",
      "hội đồng nhân dân" },
    { "CCCD",
      "căn cước công dân" },
    { "CMND",
      "chứng minh nhân dân" },
    { "VNeID",
      "vê en e i đê" },
    { "VNEID",
      "vê en e i đê" },
    { "BHYT",
      "bảo hiểm y tế" },
    { "BHXH",
      "bảo hiểm xã hội" },
    { "CSDL",
      "cơ sở dữ liệu" },
    { "TTHC",
      "thủ tục hành chính" },
    { "DVC",
      "dịch vụ công" },
    { "KH",
      "kế hoạch" },
    { "UBMTTQ",
      "ủy ban mặt trận tổ quốc" },
    { "MTTQ",
      "mặt trận tổ quốc" },
    { "CA xã",
      "công an xã" },
    { "HTX",
      "hợp tác xã" },
    { "THCS",
      "trung học cơ sở" },
    { "THPT",
      "trung học phổ thông" },
    { "CNTT",
      "công nghệ thông tin" },
    { "V/v",
      "về việc" },
    { "TW",
      "trung ương" },
    { "SMS",
      "ét xì em mờ ét xì" },
    { "IOC",
      "i o xê" },
    { "ABC",
      "a bê xê" },
    { "HĐND&UBND",
      "hội đồng nhân dân và ủy ban nhân dân" },
    { "Ca hát",
      "Ca hát" },
    { "  nhiều    khoảng   trắng  ",
      "nhiều khoảng trắng" },
    { "“Trích dẫn” và \"ngoặc\"",
      "Trích dẫn và ngoặc" },
    { "• Gạch đầu dòng",
      "Gạch đầu dòng" },
    { "- Gạch ngang",
      "Gạch ngang" },
    { "kinh tế - xã hội",
      "kinh tế, xã hội" },
    { "Văn hóa – xã hội",
      "Văn hóa, xã hội" },
    { "(9 số)",
      "chín số" },
    { "hướng dẫn./.",
      "hướng dẫn." },
    { "Hỏi?  Đáp!",
      "Hỏi? Đáp!" },
    { "H5N1",
      "hát năm en nờ một" },
    { "VI PHẠM HÀNH CHÍNH",
      "vi phạm hành chính" },
    { "Đại hội XIII",
      "Đại hội mười ba" },
    { "kỳ họp thứ VII",
      "kỳ họp thứ bảy" },
    { "COVID-19",
      "cô vít mười chín" },
};

/* Every number and date of the commune plan (tests/fuzz/normalize/ke-hoach-de-an-06.txt), in its sentence. */
static const struct ncase SEED_CASES[] = {
    { "Thực hiện Kế hoạch số 79/KH-UBND ngày 07/3/2022 của UBND huyện Đại Từ",
      "Thực hiện Kế hoạch số bảy mươi chín kế hoạch ủy ban nhân dân ngày bảy tháng ba năm hai nghìn không trăm hai mươi hai của ủy ban nhân dân huyện Đại Từ" },
    { "giai đoạn 2022 - 2025, tầm nhìn đến năm 2030",
      "giai đoạn hai nghìn không trăm hai mươi hai đến hai nghìn không trăm hai mươi lăm, tầm nhìn đến năm hai nghìn không trăm ba mươi" },
    { "I. MỤC ĐÍCH, YÊU CẦU",
      "một. mục đích, yêu cầu" },
    { "1. Quán triệt đầy đủ, sâu sắc các nội dung Đề án",
      "một. Quán triệt đầy đủ, sâu sắc các nội dung Đề án" },
    { "Năm 2022:",
      "Năm hai nghìn không trăm hai mươi hai:" },
    { "Chứng minh nhân dân (9 số) với Căn cước công dân",
      "Chứng minh nhân dân, chín số, với Căn cước công dân" },
    { "để 100% tài khoản định danh điện tử",
      "để một trăm phần trăm tài khoản định danh điện tử" },
    { "Cơ sở dữ liệu thuế trong Quý I năm 2022",
      "Cơ sở dữ liệu thuế trong Quý một năm hai nghìn không trăm hai mươi hai" },
    { "trước khi quyết định số 34/2021/QĐ-TTg ngày 08/11/2021 của Thủ tướng Chính phủ có hiệu lực",
      "trước khi quyết định số ba mươi tư năm hai nghìn không trăm hai mươi mốt quyết định thủ tướng ngày tám tháng mười một năm hai nghìn không trăm hai mươi mốt của Thủ tướng Chính phủ có hiệu lực" },
    { "bắt đầu từ quý II năm 2022",
      "bắt đầu từ quý hai năm hai nghìn không trăm hai mươi hai" },
    { "- Giai đoạn 2023 - 2025:",
      "Giai đoạn hai nghìn không trăm hai mươi ba đến hai nghìn không trăm hai mươi lăm:" },
    { "dịch vụ công trực tuyến mức độ 4",
      "dịch vụ công trực tuyến mức độ bốn" },
    { "+ Phấn đấu 50% mẫu đơn, tờ khai",
      "Phấn đấu năm mươi phần trăm mẫu đơn, tờ khai" },
    { "+ Tối thiểu 90% người dân, doanh nghiệp hài lòng",
      "Tối thiểu chín mươi phần trăm người dân, doanh nghiệp hài lòng" },
    { "+ 60% hồ sơ công việc liên quan đến quản lý dân cư",
      "sáu mươi phần trăm hồ sơ công việc liên quan đến quản lý dân cư" },
    { "- Giai đoạn 2025 – 2030:",
      "Giai đoạn hai nghìn không trăm hai mươi lăm đến hai nghìn không trăm ba mươi:" },
    { "+ 70% mẫu đơn, tờ khai",
      "bảy mươi phần trăm mẫu đơn, tờ khai" },
    { "+ 80% hồ sơ công việc",
      "tám mươi phần trăm hồ sơ công việc" },
    { "- Giai đoạn năm 2022 - 2023:",
      "Giai đoạn năm hai nghìn không trăm hai mươi hai đến hai nghìn không trăm hai mươi ba:" },
    { "- Giai đoạn 2024 - 2025: Thực hiện theo tiến độ chung của Đề án.",
      "Giai đoạn hai nghìn không trăm hai mươi tư đến hai nghìn không trăm hai mươi lăm: Thực hiện theo tiến độ chung của Đề án." },
    { "- Giai đoạn 2026 - 2030: Thực hiện theo tiến độ chung của Đề án.",
      "Giai đoạn hai nghìn không trăm hai mươi sáu đến hai nghìn không trăm ba mươi: Thực hiện theo tiến độ chung của Đề án." },
    { "+ Phấn đấu đạt trên 1.500 tài khoản người dùng trên ứng dụng VNEID",
      "Phấn đấu đạt trên một nghìn năm trăm tài khoản người dùng trên ứng dụng vê en e i đê" },
    { "+ Phấn đấu đạt trên 2.500 tài khoản người dùng trên ứng dụng VNEID",
      "Phấn đấu đạt trên hai nghìn năm trăm tài khoản người dùng trên ứng dụng vê en e i đê" },
    { "theo Quyết định số 1911/QĐ-TTg ngày 15/11/2021 của Thủ tướng Chính phủ",
      "theo Quyết định số một nghìn chín trăm mười một quyết định thủ tướng ngày mười lăm tháng mười một năm hai nghìn không trăm hai mươi mốt của Thủ tướng Chính phủ" },
    { "- Năm 2023 và các năm tiếp theo:",
      "Năm hai nghìn không trăm hai mươi ba và các năm tiếp theo:" },
    { "III. NHIỆM VỤ CỤ THỂ VÀ PHÂN CÔNG TRÁCH NHIỆM",
      "ba. nhiệm vụ cụ thể và phân công trách nhiệm" },
    { "(tại Phụ lục 1 kèm theo Quyết định số 06 QĐ-TTg của Thủ tướng Chính phủ)",
      "tại Phụ lục một kèm theo Quyết định số không sáu quyết định thủ tướng của Thủ tướng Chính phủ" },
    { "nội dung tại điểm a khoản 5 Mục III của Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ.",
      "nội dung tại điểm a khoản năm Mục ba của Quyết định số không sáu quyết định thủ tướng của Thủ tướng Chính phủ." },
    { "- Định kỳ ngày 10 hàng tháng, 6 tháng và năm báo cáo tình hình",
      "Định kỳ ngày mười hàng tháng, sáu tháng và năm báo cáo tình hình" },
    { "phối hợp với Văn phòng HĐND&UBND xã",
      "phối hợp với Văn phòng hội đồng nhân dân và ủy ban nhân dân xã" },
    { "IV. KINH PHÍ THỰC HIỆN",
      "bốn. kinh phí thực hiện" },
    { "V. TỔ CHỨC THỰC HIỆN",
      "năm. tổ chức thực hiện" },
    { "Trung tâm giám sát, điều hành thông minh (IOC) trên nền tảng bản đồ số",
      "Trung tâm giám sát, điều hành thông minh, i o xê, trên nền tảng bản đồ số" },
    { "- TT Đảng ủy - HĐND xã (B/c);",
      "thường trực Đảng ủy, hội đồng nhân dân xã, báo cáo;" },
    { "của UBND huyện Đại Từ V/v Triển khai thực hiện Đề án",
      "của ủy ban nhân dân huyện Đại Từ về việc Triển khai thực hiện Đề án" },
    { "6. Phục vụ công tác chỉ đạo, điều hành",
      "sáu. Phục vụ công tác chỉ đạo, điều hành" },
    { "Công an xã phối hợp Công an huyện, TAND huyện và các đơn vị liên quan.",
      "Công an xã phối hợp Công an huyện, tòa án nhân dân huyện và các đơn vị liên quan." },
    { "TM. ỦY BAN NHÂN DÂN XÃ",
      "thay mặt. ủy ban nhân dân xã" },
    { "- Các ban, ngành, đoàn thể (T/h);",
      "Các ban, ngành, đoàn thể, thực hiện;" },
    { "bảo đảm đúng\", “đủ\", “sạch\", \"sống\";",
      "bảo đảm đúng, đủ, sạch, sống;" },
    { "đề xuất về UBND xã (qua Công an xã) để xem xét, hướng dẫn./.",
      "đề xuất về ủy ban nhân dân xã, qua Công an xã, để xem xét, hướng dẫn." },
};

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

static int run_cases(const struct ncase *c, size_t n, const struct normalize_opts *o)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        char *got = normalize_text(c[i].in, o);
        if (!got || strcmp(got, c[i].want) != 0) {
            print_error("normalize_text(\"%s\")\n   got: \"%s\"\n  want: \"%s\"\n", c[i].in,
                        got ? got : "(null)", c[i].want);
            bad++;
        }
        free(got);
    }
    return bad;
}

static void test_written_forms_are_read_as_words(void **state)
{
    (void)state;
    assert_true(NCASES(CASES) >= 80);
    assert_int_equal(run_cases(CASES, NCASES(CASES), NULL), 0);
}

static void test_every_number_and_date_of_the_commune_plan(void **state)
{
    (void)state;
    assert_int_equal(run_cases(SEED_CASES, NCASES(SEED_CASES), NULL), 0);
}

static void test_regional_options_change_thousand_and_zero_ten(void **state)
{
    (void)state;
    struct normalize_opts o;
    normalize_opts_default(&o);
    o.thousand = "ngàn";
    o.zero_ten = "lẻ";
    static const struct ncase south[] = {
        { "105", "một trăm lẻ năm" },
        { "1.500", "một ngàn năm trăm" },
        { "2022", "hai ngàn không trăm hai mươi hai" },
        { "50.000đ", "năm mươi ngàn đồng" },
        { "ngày 07/3/2022", "ngày bảy tháng ba năm hai ngàn không trăm hai mươi hai" },
        { "1.005.000", "một triệu không trăm lẻ năm ngàn" },
    };
    assert_int_equal(run_cases(south, NCASES(south), &o), 0);
    char *w = normalize_number(1000, NULL);
    assert_string_equal(w, "một nghìn");  /* NULL options: the Northern defaults */
    free(w);
}

static void test_config_lexicon_overrides_and_extends_defaults(void **state)
{
    (void)state;
    static const char *const lex[][2] = {
        { "UBND", "ủy ban" },
        { "TMĐT", "thương mại điện tử" },
        { "VNeID", "vê nờ e ai đi" },
        { "TAND", "to\xCC\x80" "a a\xCC\x81" "n" },  /* written decomposed in a config */
    };
    struct normalize_opts o;
    normalize_opts_default(&o);
    o.lexicon = lex;
    o.nlexicon = 4;
    static const struct ncase c[] = {
        { "UBND xã", "ủy ban xã" },
        { "sàn TMĐT", "sàn thương mại điện tử" },
        { "ứng dụng VNEID", "ứng dụng vê nờ e ai đi" },
        { "HĐND xã", "hội đồng nhân dân xã" },  /* defaults still apply */
        { "TAND huyện", "tòa án huyện" },       /* and the output is NFC */
    };
    assert_int_equal(run_cases(c, NCASES(c), &o), 0);

    const char *const (*table)[2] = NULL;
    size_t n = normalize_default_lexicon(&table);
    assert_true(n >= 25);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i][0], "UBND") == 0 && strcmp(table[i][1], "ủy ban nhân dân") == 0) found = 1;
    assert_true(found);
}

static void test_invalid_utf8_gives_null_and_output_is_nfc(void **state)
{
    (void)state;
    assert_null(normalize_text("x\xC3\x28y", NULL));
    assert_null(normalize_text("\xED\xA0\x80", NULL));
    /* "Ủy" written decomposed (U + combining hook above U+0309) comes out composed */
    char *got = normalize_text("U\xCC\x89y ban 5", NULL);
    assert_non_null(got);
    assert_string_equal(got, "\xE1\xBB\xA6y ban năm");
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)got);
    assert_string_equal(nfc, got);
    free(nfc);
    free(got);
    got = normalize_text("", NULL);
    assert_string_equal(got, "");
    free(got);
}

static void test_normalize_number_range(void **state)
{
    (void)state;
    assert_null(normalize_number(-1, NULL));
    assert_null(normalize_number(1000000000000LL, NULL));
    char *w = normalize_number(999999999999LL, NULL);
    assert_string_equal(w, "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
                           "chín trăm chín mươi chín nghìn chín trăm chín mươi chín");
    free(w);
    /* past the range, digits are read one by one rather than wrongly */
    char *t = normalize_text("1234567890123", NULL);
    assert_string_equal(t, "một hai ba bốn năm sáu bảy tám chín không một hai ba");
    free(t);
}

/*
 * An independent reader of Vietnamese number words, strict about the grammar the
 * normaliser promises: mốt/tư only after mươi, lăm only after mười/mươi, linh/lẻ only
 * between trăm and a single digit, and every group after a larger one read in full
 * with its hundreds ("hai nghìn không trăm hai mươi hai"). Returns -1 on any breach.
 */
static int digit_of(const char *w)
{
    static const char *const d[] = { "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín" };
    for (int i = 0; i < 10; i++)
        if (strcmp(w, d[i]) == 0) return i;
    return -1;
}

static long long parse_words(const char *text, const char *thousand, const char *zero_ten)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", text);
    long long total = 0;
    int group = -1;         /* value of the group being read; -1 none yet */
    int has_hundreds = 0;   /* the group read "trăm" */
    int after_scale = 0;    /* a larger group came before */
    int last_scale = 4;     /* 3 tỷ, 2 triệu, 1 nghìn: scales must fall */
    char prev[32] = "";
    int prev_digit = -1;    /* the previous word was this digit */
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int d = digit_of(w);
        int scale = strcmp(w, "tỷ") == 0 ? 3 : strcmp(w, "triệu") == 0 ? 2 : strcmp(w, thousand) == 0 ? 1 : 0;
        if (d >= 0) {
            if (prev_digit >= 0) return -1;
            if (strcmp(prev, "mười") == 0 && (d == 0 || d == 5)) return -1;  /* mười lăm, never mười năm */
            if (strcmp(prev, "mươi") == 0 && (d == 0 || d == 1 || d == 4 || d == 5)) return -1;
            if (group < 0) group = 0;
            group += d;
            prev_digit = d;
        } else if (strcmp(w, "mốt") == 0 || strcmp(w, "tư") == 0) {
            if (strcmp(prev, "mươi") != 0) return -1;
            group += w[0] == 'm' ? 1 : 4;
            prev_digit = -2;
        } else if (strcmp(w, "lăm") == 0) {
            if (strcmp(prev, "mười") != 0 && strcmp(prev, "mươi") != 0) return -1;
            group += 5;
            prev_digit = -2;
        } else if (strcmp(w, "mười") == 0) {
            if (prev_digit >= 0 || (group >= 0 && group % 100 != 0)) return -1;
            if (group < 0) group = 0;
            group += 10;
            prev_digit = -1;
        } else if (strcmp(w, "mươi") == 0) {
            if (prev_digit < 2) return -1;
            group += prev_digit * 9;  /* the digit counted once already */
            prev_digit = -1;
        } else if (strcmp(w, "trăm") == 0) {
            if (prev_digit < 0 || group != prev_digit || has_hundreds) return -1;
            group = prev_digit * 100;
            has_hundreds = 1;
            prev_digit = -1;
        } else if (strcmp(w, zero_ten) == 0) {
            if (strcmp(prev, "trăm") != 0) return -1;
            prev_digit = -1;
        } else if (scale) {
            if (group <= 0 || scale >= last_scale) return -1;
            if (after_scale && !has_hundreds) return -1;
            long long mul = scale == 3 ? 1000000000LL : scale == 2 ? 1000000LL : 1000LL;
            total += group * mul;
            group = -1;
            has_hundreds = 0;
            after_scale = 1;
            last_scale = scale;
            prev_digit = -1;
        } else {
            return -1;
        }
        if (strcmp(prev, zero_ten) == 0 && (d < 1)) return -1;  /* linh + one digit 1..9 */
        snprintf(prev, sizeof prev, "%s", w);
    }
    if (strcmp(prev, zero_ten) == 0) return -1;
    if (group >= 0) {
        if (after_scale && !has_hundreds) return -1;
        total += group;
    } else if (!after_scale) {
        return -1;
    }
    return total;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void check_round_trip(const struct normalize_opts *o, const char *thousand, const char *zero_ten)
{
    int bad = 0;
    long long pow10[10] = { 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 1 };
    for (long long n = 0; n <= 2100; n++) {  /* every small number */
        char *w = normalize_number(n, o);
        if (parse_words(w, thousand, zero_ten) != n && bad++ < 10) print_error("%lld -> \"%s\"\n", n, w);
        free(w);
    }
    for (int i = 0; i < 6000; i++) {
        /* every magnitude equally, and numbers with zero groups inside */
        long long n = (long long)(rng() % (uint64_t)pow10[i % 9]);
        if (i % 3 == 0) n -= (n / 1000 % 1000) * 1000;
        if (i % 5 == 0) n -= (n / 1000000 % 1000) * 1000000;
        char *w = normalize_number(n, o);
        if (parse_words(w, thousand, zero_ten) != n && bad++ < 10) print_error("%lld -> \"%s\"\n", n, w);
        free(w);
    }
    assert_int_equal(bad, 0);
}

static void test_number_words_read_back_to_the_number(void **state)
{
    (void)state;
    /* the reader itself rejects what the rules forbid */
    assert_int_equal(parse_words("hai nghìn không trăm hai mươi hai", "nghìn", "linh"), 2022);
    assert_int_equal(parse_words("hai nghìn hai mươi hai", "nghìn", "linh"), -1);
    assert_int_equal(parse_words("mười một", "nghìn", "linh"), 11);
    assert_int_equal(parse_words("mười mốt", "nghìn", "linh"), -1);
    assert_int_equal(parse_words("hai mươi bốn", "nghìn", "linh"), -1);
    assert_int_equal(parse_words("một triệu năm trăm", "nghìn", "linh"), 1000500);
    check_round_trip(NULL, "nghìn", "linh");
    struct normalize_opts o;
    normalize_opts_default(&o);
    o.thousand = "ngàn";
    o.zero_ten = "lẻ";
    check_round_trip(&o, "ngàn", "lẻ");
}

/* The commune plan, whole: its path in the source tree. */
static char *read_seed(void)
{
    const char *root = getenv("LOA_ROOT");
    char *path = xasprintf("%s/tests/fuzz/normalize/ke-hoach-de-an-06.txt", root ? root : ".");
    FILE *fp = fopen(path, "rb");
    if (!fp) print_error("cannot open %s\n", path);
    assert_non_null(fp);
    free(path);
    sbuf b = { 0 };
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) sbuf_addn(&b, chunk, n);
    fclose(fp);
    return sbuf_detach(&b);
}

static void test_whole_plan_has_no_digits_or_capital_abbreviations_left(void **state)
{
    (void)state;
    char *text = read_seed();
    char *out = normalize_text(text, NULL);
    assert_non_null(out);
    for (const char *p = out; *p; p++)
        if (*p >= '0' && *p <= '9') fail_msg("digit left: ...%.40s", p > out + 20 ? p - 20 : out);
    /* no token of two or more letters all in capitals (Latin, with or without diacritics) */
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)out;
    int caps = 0;
    const utf8proc_uint8_t *start = u;
    for (;;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u, -1, &c);
        assert_true(k > 0);
        if (c == 0 || !(utf8proc_category(c) == UTF8PROC_CATEGORY_LU ||
                        utf8proc_category(c) == UTF8PROC_CATEGORY_LL || utf8proc_category(c) == UTF8PROC_CATEGORY_MN)) {
            if (caps >= 2) fail_msg("capital token left: %.*s", (int)(u - start), (const char *)start);
            caps = 0;
            if (c == 0) break;
            start = u + k;
        } else if (utf8proc_category(c) == UTF8PROC_CATEGORY_LU) {
            caps++;
        } else if (utf8proc_category(c) == UTF8PROC_CATEGORY_LL) {
            caps = -1000;  /* a lower-case letter: an ordinary word */
        }
        u += k;
    }
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)out);
    assert_string_equal(nfc, out);
    free(nfc);
    assert_null(strstr(out, "  "));
    assert_null(strstr(out, "\n"));
    assert_null(strstr(out, "\xE2\x80\x9C"));  /* “ */
    free(out);
    free(text);
}

/* espeak-ng marks a switch to another voice in its phoneme output as "(en)". */
static void test_espeak_reads_normalised_text_in_vietnamese(void **state)
{
    (void)state;
    if (system("espeak-ng --version >/dev/null 2>&1") != 0) skip();
    char *dir = test_tmpdir();
    char *text = read_seed();
    char *out = normalize_text(text, NULL);
    char *path = test_write_file(dir, "plan.txt", out);
    char *cmd = xasprintf("espeak-ng -v vi -q -x -f '%s' > '%s/ph.txt' 2>&1", path, dir);
    assert_int_equal(system(cmd), 0);
    char *ph_path = xasprintf("%s/ph.txt", dir);
    FILE *fp = fopen(ph_path, "rb");
    assert_non_null(fp);
    sbuf ph = { 0 };
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) sbuf_addn(&ph, chunk, n);
    fclose(fp);
    assert_true(ph.len > 1000);
    const char *en = strstr(sbuf_str(&ph), "(en)");
    if (en) fail_msg("espeak-ng switched to English: %.60s", en);
    /* and the raw text does make it switch: the check can fail */
    char *raw = test_write_file(dir, "raw.txt", "UBND xã");
    char *cmd2 = xasprintf("espeak-ng -v vi -q -x -f '%s' > '%s/raw.ph' 2>&1", raw, dir);
    assert_int_equal(system(cmd2), 0);
    char *raw_ph = xasprintf("%s/raw.ph", dir);
    fp = fopen(raw_ph, "rb");
    assert_non_null(fp);
    n = fread(chunk, 1, sizeof chunk - 1, fp);
    chunk[n] = '\0';
    fclose(fp);
    assert_non_null(strstr(chunk, "(en)"));
    free(raw_ph);
    free(cmd2);
    free(raw);
    sbuf_free(&ph);
    free(ph_path);
    free(cmd);
    free(path);
    free(out);
    free(text);
    test_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_written_forms_are_read_as_words),
        cmocka_unit_test(test_every_number_and_date_of_the_commune_plan),
        cmocka_unit_test(test_regional_options_change_thousand_and_zero_ten),
        cmocka_unit_test(test_config_lexicon_overrides_and_extends_defaults),
        cmocka_unit_test(test_invalid_utf8_gives_null_and_output_is_nfc),
        cmocka_unit_test(test_normalize_number_range),
        cmocka_unit_test(test_number_words_read_back_to_the_number),
        cmocka_unit_test(test_whole_plan_has_no_digits_or_capital_abbreviations_left),
        cmocka_unit_test(test_espeak_reads_normalised_text_in_vietnamese),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
