/* sms — the text that goes out: preparation, GSM-7 vs UCS-2 choice, and part counting as Gammu splits. */
#ifndef LOA_SMS_H
#define LOA_SMS_H

enum sms_encoding { SMS_GSM7 = 0, SMS_UCS2 = 1 };

struct sms_info {
    enum sms_encoding encoding;   /* GSM7 when every character is in GSM 03.38 (+ extension table) */
    int chars;                    /* characters as a person counts them: code points of the prepared text */
    int units;                    /* septets (GSM-7, extension characters count 2) or UTF-16 units (UCS-2) */
    int parts;                    /* messages Gammu's GSM_EncodeMultiPartSMS makes of it (see sms.c) */
};

#define SMS_MAX_PARTS 50          /* Gammu's GSM_MAX_MULTI_SMS: it silently drops text past this */

/*
 * The text that will go out. TEXT must be valid UTF-8; it is NFC-normalised,
 * and with DIACRITICS == 0 Vietnamese is reduced to ASCII (ă â -> a, đ -> d,
 * ơ -> o, ư -> u, tones dropped, case kept).
 *
 * Refused (NULL, reason in ERR, LOA_ERRLEN bytes, may be NULL):
 *   - NULL, empty or blank text: "text is empty";
 *   - invalid UTF-8: "text is not valid UTF-8 (byte 17)", 1-based byte offset;
 *   - control characters other than tab, LF, CR;
 *   - more than Gammu can split: 5,000 septets as GSM-7, SMS_MAX_PARTS parts as UCS-2.
 * A '~' is kept: in a UCS-2 text it is doubled for Gammu when it is sent (modem.c).
 * Returns a malloc'd string; the caller frees it.
 */
char *sms_prepare(const char *text, int diacritics, char *err);

/* Count PREPARED into OUT. 0, or -1 if PREPARED is NULL or not valid UTF-8. */
int sms_count(const char *prepared, struct sms_info *out);
/* sms_prepare and sms_count in one go (the bulk path: the text is counted once). */
char *sms_prepare_count(const char *text, int diacritics, struct sms_info *out, char *err);

/* "gsm7" / "ucs2" ("?" for anything else). */
const char *sms_encoding_name(enum sms_encoding e);

/* 1 when every character of PREPARED is in the GSM 03.38 default alphabet or its
 * extension table (so it can go as GSM-7 without loss), else 0 (also for invalid UTF-8). */
int sms_is_gsm7(const char *prepared);

#endif
