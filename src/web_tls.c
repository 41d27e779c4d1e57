/* web_tls — the page's certificate: `loa web cert` makes a self-signed one (GnuTLS: an ECDSA P-256 key, ten years)
 * and every start reads it back; its SHA-256 fingerprint is what the officer compares in her browser. */
#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "afile.h"
#include "web.h"

static void fingerprint_of(gnutls_x509_crt_t crt, char *out, size_t n)
{
    unsigned char fp[32];
    size_t len = sizeof fp;
    out[0] = '\0';
    if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, fp, &len) < 0) return;
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 <= n; i++) o += (size_t)snprintf(out + o, n - o, i ? ":%02X" : "%02X", fp[i]);
}

int web_cert_fingerprint(const char *pem, char *out, size_t n)
{
    gnutls_x509_crt_t crt;
    if (gnutls_x509_crt_init(&crt) < 0) return -1;
    gnutls_datum_t d = {(unsigned char *)(uintptr_t)pem, (unsigned)strlen(pem)};
    int rc = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM);
    if (rc >= 0) fingerprint_of(crt, out, n);
    gnutls_x509_crt_deinit(crt);
    return rc < 0 ? -1 : 0;
}

int web_cert_make(const char *cert_path, const char *key_path, const char *name, const char *ip, time_t now, char *fp,
                  size_t fpn, char *err)
{
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    gnutls_datum_t kd = {0}, cd = {0};
    int rc = -1, g;
    unsigned char serial[16];
    /* valid from a day before the earlier of loa's clock and the system's (a browser trusts its own, and a box
     * after a power cut may not know the date) until ten years after the later */
    time_t sys = time(NULL);
    if ((g = gnutls_x509_privkey_init(&key)) < 0 || (g = gnutls_x509_crt_init(&crt)) < 0) goto out;
    if ((g = gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0)) < 0)
        goto out;
    if ((g = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial)) < 0) goto out;
    serial[0] &= 0x7f;   /* a positive serial */
    if ((g = gnutls_x509_crt_set_version(crt, 3)) < 0 || (g = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) < 0 ||
        (g = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, name, (unsigned)strlen(name))) < 0 ||
        (g = gnutls_x509_crt_set_activation_time(crt, (sys < now ? sys : now) - 86400)) < 0 ||
        (g = gnutls_x509_crt_set_expiration_time(crt, (sys > now ? sys : now) + 10L * 366 * 86400)) < 0 ||
        (g = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) < 0 ||
        (g = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE)) < 0 ||
        (g = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
        (g = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, name, (unsigned)strlen(name), GNUTLS_FSAN_APPEND)) < 0)
        goto out;
    if (ip && *ip) {
        unsigned char a[16];
        int v6 = strchr(ip, ':') != NULL;
        if (inet_pton(v6 ? AF_INET6 : AF_INET, ip, a) == 1 &&
            (g = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, a, v6 ? 16 : 4, GNUTLS_FSAN_APPEND)) < 0)
            goto out;
    }
    if ((g = gnutls_x509_crt_set_key(crt, key)) < 0 || (g = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0)) < 0 ||
        (g = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &kd)) < 0 ||
        (g = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cd)) < 0)
        goto out;
    /* the key first, owner-only: a certificate without its key is useless, a key without its certificate harmless */
    if (afile_write_all(key_path, 0600, kd.data, kd.size, err) < 0 || afile_write_all(cert_path, 0644, cd.data, cd.size, err) < 0) {
        g = 0;
        goto out;
    }
    fingerprint_of(crt, fp, fpn);
    rc = 0;
out:
    if (rc < 0 && g < 0) util_err(err, "the certificate could not be made: %s", gnutls_strerror(g));
    gnutls_free(kd.data);
    gnutls_free(cd.data);
    if (crt) gnutls_x509_crt_deinit(crt);
    if (key) gnutls_x509_privkey_deinit(key);
    return rc;
}
