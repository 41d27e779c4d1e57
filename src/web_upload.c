/* web_upload — a POST's body as it arrives: an urlencoded form kept whole (web_form_get reads it), a
 * multipart/form-data one (a file upload) parsed by libmicrohttpd's PostProcessor into its fields and files;
 * the limits on both; an uploaded file saved to a private temporary file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "log.h"
#include "web_int.h"

#define FIELDS_MAX (16 * 1024)     /* a form's fields beside its files: as an urlencoded form's */
#define DRAIN_MAX (256u * 1024 * 1024)   /* past this, the connection is dropped instead of read to its end */

struct part {
    struct web_file f;             /* f.name is NULL for a plain field */
    char *key, *name, *type;
    sbuf data;
};

struct web_body {
    size_t body_max;               /* an urlencoded body's limit */
    struct MHD_PostProcessor *pp;  /* a multipart body's parser, until web_body_finish */
    int multipart;
    sbuf raw;                      /* an urlencoded body */
    struct part *parts;            /* a multipart body's fields and files, in order */
    size_t nparts, cap;
    size_t received;               /* bytes of body received */
    size_t fields;                 /* bytes of the plain fields */
    int state;                     /* enum web_body_state */
    char *big;                     /* the file over WEB_FILE_MAX */
};

/* The file's own name, without the folders a browser may prepend (old ones send C:\...\x.xlsx). */
static char *base_name(const char *s)
{
    const char *b = s;
    for (const char *p = s; *p; p++)
        if (*p == '/' || *p == '\\') b = p + 1;
    size_t n = strlen(b);
    if (n > 200) n = 200;
    char *out = xmalloc(n + 1);
    memcpy(out, b, n);
    out[n] = '\0';
    return out;
}

static struct part *part_new(struct web_body *b, const char *key, const char *filename, const char *type)
{
    if (b->nparts == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 8;
        b->parts = xrealloc(b->parts, b->cap * sizeof *b->parts);
    }
    struct part *p = &b->parts[b->nparts++];
    memset(p, 0, sizeof *p);
    p->key = xstrdup(key ? key : "");
    if (filename) p->name = base_name(filename);
    if (type) p->type = xstrdup(type);
    return p;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    (void)kind, (void)transfer_encoding;
    struct web_body *b = cls;
    struct part *p = b->nparts ? &b->parts[b->nparts - 1] : NULL;
    /* a value may come in pieces (OFF > 0 continues the last one); an empty first call opens it */
    int same = p && !strcmp(p->key, key ? key : "") && (off > 0 || p->data.len == 0);
    if (!same || (off == 0 && p->data.len > 0)) p = part_new(b, key, filename, content_type);
    if (p->name) {
        if (p->data.len + size > WEB_FILE_MAX) {
            if (b->state == WEB_BODY_OK) {
                b->state = WEB_BODY_FILE_TOO_BIG;
                b->big = xstrdup(p->name);
            }
            return MHD_YES;        /* read on, storing nothing, so the browser hears why */
        }
    } else if ((b->fields += size) > FIELDS_MAX) {
        if (b->state == WEB_BODY_OK) b->state = WEB_BODY_TOO_BIG;
        return MHD_YES;
    }
    if (b->state == WEB_BODY_OK) sbuf_addn(&p->data, data, size);
    return MHD_YES;
}

struct web_body *web_body_new(struct MHD_Connection *c, size_t body_max)
{
    struct web_body *b = xcalloc(1, sizeof *b);
    b->body_max = body_max;
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (ct && !strncasecmp(ct, "multipart/form-data", strlen("multipart/form-data"))) {
        b->multipart = 1;
        b->pp = MHD_create_post_processor(c, 16 * 1024, on_part, b);
        if (!b->pp) b->state = WEB_BODY_BAD;   /* no boundary */
    }
    return b;
}

int web_body_feed(struct web_body *b, const char *data, size_t n)
{
    b->received += n;
    if (b->received > DRAIN_MAX) return -1;
    if (!b->multipart) {
        if (b->raw.len + n > b->body_max) b->state = b->state ? b->state : WEB_BODY_TOO_BIG;
        else sbuf_addn(&b->raw, data, n);
        return 0;
    }
    if (b->pp && b->state != WEB_BODY_BAD && MHD_post_process(b->pp, data, n) != MHD_YES) b->state = WEB_BODY_BAD;
    return 0;
}

int web_body_finish(struct web_body *b)
{
    if (b->pp) {
        if (MHD_destroy_post_processor(b->pp) != MHD_YES && b->state == WEB_BODY_OK) b->state = WEB_BODY_BAD;
        b->pp = NULL;
        for (size_t i = 0; i < b->nparts; i++) {
            struct part *p = &b->parts[i];
            p->f = (struct web_file){.field = p->key, .name = p->name, .type = p->type ? p->type : "",
                                     .data = sbuf_str(&p->data), .size = p->data.len};
        }
    }
    return b->state;
}

const char *web_body_big_file(const struct web_body *b) { return b->big ? b->big : ""; }
int web_body_multipart(const struct web_body *b) { return b->multipart; }
const char *web_body_raw(const struct web_body *b, size_t *n)
{
    *n = b->raw.len;
    return sbuf_str(&b->raw);
}

int web_body_field(const struct web_body *b, const char *field, char *out, size_t n)
{
    for (size_t i = 0; i < b->nparts; i++) {
        const struct part *p = &b->parts[i];
        if (p->name || strcmp(p->key, field)) continue;
        /* as web_form_get: too long for OUT, or holding a NUL, is as good as absent */
        if (p->data.len + 1 > n || memchr(sbuf_str(&p->data), '\0', p->data.len)) return -1;
        memcpy(out, sbuf_str(&p->data), p->data.len + 1);
        return 0;
    }
    return -1;
}

const struct web_file *web_body_file(const struct web_body *b, const char *field)
{
    for (size_t i = 0; i < b->nparts; i++) {
        const struct part *p = &b->parts[i];
        if (p->name && !strcmp(p->key, field) && p->name[0] && p->data.len) return &p->f;
    }
    return NULL;
}

void web_body_free(struct web_body *b)
{
    if (!b) return;
    if (b->pp) MHD_destroy_post_processor(b->pp);
    for (size_t i = 0; i < b->nparts; i++) {
        free(b->parts[i].key), free(b->parts[i].name), free(b->parts[i].type);
        sbuf_free(&b->parts[i].data);
    }
    free(b->parts);
    sbuf_free(&b->raw);
    free(b->big);
    free(b);
}

/* ---- what the pages call ---- */

const struct web_file *web_file(struct web_req *r, const char *field)
{
    return r->form && web_body_multipart(r->form) ? web_body_file(r->form, field) : NULL;
}

int web_file_save(const struct web_file *f, const char *dir, char *path, size_t n, char *err)
{
    int len = snprintf(path, n, "%s/.upload-XXXXXX", dir);
    if (len < 0 || (size_t)len >= n) return util_err(err, "%s: path too long", dir);
    int fd = mkstemp(path);   /* 0600, a name no one else has */
    if (fd < 0) return util_err(err, "%s: %s", path, strerror(errno));
    size_t done = 0;
    while (done < f->size) {
        ssize_t w = write(fd, f->data + done, f->size - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            unlink(path);
            return util_err(err, "%s: %s", path, strerror(e));
        }
        done += (size_t)w;
    }
    if (close(fd) < 0) {
        int e = errno;
        unlink(path);
        return util_err(err, "%s: %s", path, strerror(e));
    }
    return 0;
}
