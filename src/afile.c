/* afile — atomic files: a private temporary beside the final name, synced, renamed, the folder synced. */
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct afile {
    char *path;      /* final name */
    char *tmp;       /* hidden temporary name in the same folder */
    int fd;
};

afile *afile_open(const char *path, int mode, char *err)
{
    char *dir = util_dirname(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    afile *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    f->tmp = xasprintf("%s/.%s.tmp-XXXXXX", dir, base);
    free(dir);
    f->fd = mkostemp(f->tmp, O_CLOEXEC | O_NOFOLLOW);
    if (f->fd < 0 || fchmod(f->fd, (mode_t)mode) < 0) {
        int e = errno;
        if (f->fd >= 0) {
            close(f->fd);
            unlink(f->tmp);
        }
        util_err(err, "cannot write '%s': %s", path, strerror(e));
        free(f->path);
        free(f->tmp);
        free(f);
        return NULL;
    }
    return f;
}

int afile_fd(const afile *f)
{
    return f->fd;
}

const char *afile_tmp(const afile *f)
{
    return f->tmp;
}

int afile_write(afile *f, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (w == 0) errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

void afile_abort(afile *f)
{
    if (!f) return;
    if (f->fd >= 0) close(f->fd);
    unlink(f->tmp);
    free(f->path);
    free(f->tmp);
    free(f);
}

int afile_commit(afile *f, char *err)
{
    int rc = fsync(f->fd);
    if (close(f->fd) < 0) rc = -1;
    f->fd = -1;
    if (rc < 0 || rename(f->tmp, f->path) < 0) {
        util_err(err, "cannot write '%s': %s", f->path, strerror(errno));
        afile_abort(f);
        return -1;
    }
    /* the rename itself is durable only once the folder is synced */
    char *dir = util_dirname(f->path);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
    free(f->path);
    free(f->tmp);
    free(f);
    return 0;
}

int afile_write_all(const char *path, int mode, const void *data, size_t n, char *err)
{
    afile *f = afile_open(path, mode, err);
    if (!f) return -1;
    if (afile_write(f, data, n) < 0) {
        util_err(err, "cannot write '%s': %s", path, strerror(errno));
        afile_abort(f);
        return -1;
    }
    return afile_commit(f, err);
}
