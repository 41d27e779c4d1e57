/* phone — Vietnamese phone numbers to E.164. (interface; implementation lands with its module) */
#ifndef LOA_PHONE_H
#define LOA_PHONE_H
int phone_normalize(const char *in, char *out, char *err);
int phone_is_mobile_e164(const char *e164);
#endif
