/* sms — what goes out: NFC text, optionally without Vietnamese marks, GSM-7 or UCS-2, and its parts. */
#ifndef LOA_SMS_H
#define LOA_SMS_H

enum sms_encoding { SMS_GSM7 = 0, SMS_UCS2 = 1 };

struct sms_info {
    enum sms_encoding encoding;
    int chars;      /* characters as a person counts them (code points) */
    int units;      /* septets (GSM-7; extension characters count 2) or UTF-16 units (UCS-2; non-BMP counts 2) */
    int parts;      /* 1 up to 160 septets / 70 units; else 153 / 67 per part, never splitting a character */
};

/*
 * The text that will go out, malloc'd: valid UTF-8 required, NFC, and with diacritics == 0
 * Vietnamese reduced to ASCII (ă â -> a, đ -> d, ơ -> o, ư -> u, tones dropped, case kept).
 * NULL with err: "text is empty", "text is not valid UTF-8 (byte 17)".
 */
char *sms_prepare(const char *text, int diacritics, char *err);
/* Count PREPARED (valid UTF-8). 0, or -1 when it is not valid UTF-8. */
int sms_count(const char *prepared, struct sms_info *out);
const char *sms_encoding_name(enum sms_encoding e);     /* "gsm7" | "ucs2" */
/* 1 when every character is in the GSM 03.38 default alphabet or its extension table. */
int sms_is_gsm7(const char *prepared);

#endif
