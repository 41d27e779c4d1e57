/* phone — Vietnamese phone numbers to E.164 (+84…): formats people type, the 2018 renumbering, rejects. */
#ifndef LOA_PHONE_H
#define LOA_PHONE_H

/*
 * Normalise IN to E.164 in OUT (at least 16 bytes): "0912345678", "84912345678",
 * "+84 912 345 678", "(091) 234-5678", "0912.345.678" all give "+84912345678"; old 11-digit
 * mobile numbers (0162…, 0120…, 0186…, 0199…) become today's; a 9-digit number is a mobile
 * whose leading zero Excel dropped. 0, or -1 with a reason a person can act on in err.
 */
int phone_normalize(const char *in, char *out, char *err);

/* 1 when E164 is an already-normalised Vietnamese mobile number (+84 and 9 digits, known prefix). */
int phone_is_mobile_e164(const char *e164);

#endif
