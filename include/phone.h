/* phone — Vietnamese phone numbers: normalisation to E.164 and the mobile prefix table. */
#ifndef LOA_PHONE_H
#define LOA_PHONE_H

#define PHONE_E164_LEN 16   /* bytes OUT must hold: "+84" + 9 digits + NUL fits with room */

/*
 * Normalise a Vietnamese mobile number to E.164 ("+84912345678") in OUT
 * (at least PHONE_E164_LEN bytes).
 *
 * Accepted: national form (0912345678), with country code (84…, +84…, 0084…),
 * a "0" kept after the country code (+84 0912…), spaces, dots, dashes and
 * parentheses anywhere, a 9-digit number whose leading zero a spreadsheet
 * dropped (912345678), and the 11-digit numbers retired in the 2018
 * renumbering (01682345678 -> +84382345678), also with +84/84/0084 and
 * without their leading zero.
 *
 * Returns 0, or -1 with a short English reason in ERR (LOA_ERRLEN bytes, may
 * be NULL) that the person who typed the number can act on. OUT is "" on error.
 */
int phone_normalize(const char *in, char *out, char *err);

/* 1 when E164 is exactly "+84" followed by 9 digits with a mobile prefix, else 0. */
int phone_is_mobile_e164(const char *e164);

#endif
