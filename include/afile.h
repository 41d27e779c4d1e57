/* afile — the one way loa writes a file others read (exports, reports, audio, playlists): atomically. */
#ifndef LOA_AFILE_H
#define LOA_AFILE_H

#include <stddef.h>

/*
 * A hidden temporary file beside the final name (".NAME.tmp-XXXXXX", made by mkostemp: created
 * O_EXCL|O_NOFOLLOW, so never through a planted link), given MODE explicitly (whatever the umask);
 * on commit it is fsynced, closed, renamed over the final name and the folder fsynced: a reader sees
 * the old file or the whole new one, and after a power cut the new one is there or nothing changed.
 * On failure nothing is left behind and an existing file is untouched.
 */
typedef struct afile afile;

/* NULL with "cannot write 'PATH': reason" in ERR (LOA_ERRLEN). */
afile *afile_open(const char *path, int mode, char *err);
int afile_fd(const afile *f);
/* The temporary's name, for a library that writes only by name (libxlsxwriter): it must write that
 * same file in place (open, truncate, write), which commit then syncs and renames. */
const char *afile_tmp(const afile *f);
/* All N bytes at the current offset: 0, or -1 with errno. */
int afile_write(afile *f, const void *data, size_t n);
/* Sync and rename (see above), then free F: 0, or -1 with ERR (and nothing left behind). */
int afile_commit(afile *f, char *err);
/* Drop the temporary and free F; NULL is a no-op. */
void afile_abort(afile *f);
/* A whole buffer as PATH in one call: 0 or -1 with ERR. */
int afile_write_all(const char *path, int mode, const void *data, size_t n, char *err);

#endif
