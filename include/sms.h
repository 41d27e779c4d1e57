/* sms — what goes out: NFC, optional diacritic removal, GSM-7 or UCS-2, part counts. */
#ifndef LOA_SMS_H
#define LOA_SMS_H
enum sms_encoding { SMS_GSM7 = 0, SMS_UCS2 = 1 };
struct sms_info {
    enum sms_encoding encoding;
    int chars;
    int units;
    int parts;
};
char *sms_prepare(const char *text, int diacritics, char *err);
int sms_count(const char *prepared, struct sms_info *out);
const char *sms_encoding_name(enum sms_encoding e);
int sms_is_gsm7(const char *prepared);
#endif
