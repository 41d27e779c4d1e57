/* segments — prints the sounding stretches of a WAV file ("START END" in seconds, one a line): what a
 * listener hears as separate items. Silence is 20 ms windows under -45 dBFS RMS; stretches closer than
 * the gap (seconds, default 0.7) are one. Used by the stream tests on a recording of the mount. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "audio.h"
#include "util.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: segments FILE.wav [GAP_SECONDS]\n");
        return 2;
    }
    double gap = argc > 2 ? atof(argv[2]) : 0.7;
    char err[LOA_ERRLEN];
    audio_buf b = {0};
    if (audio_read_wav(argv[1], 22050, &b, err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    size_t win = 441, nwin = b.n / win;
    double start = -1, last = -1;
    for (size_t w = 0; w < nwin; w++) {
        double e = 0;
        for (size_t i = 0; i < win; i++) e += (double)b.s[w * win + i] * b.s[w * win + i];
        int loud = 10 * log10(e / (double)win + 1e-20) > -45;
        double t = (double)w * 0.02;
        if (!loud) continue;
        if (start < 0) start = t;
        else if (t - last > gap) {
            printf("%.2f %.2f\n", start, last + 0.02);
            start = t;
        }
        last = t;
    }
    if (start >= 0) printf("%.2f %.2f\n", start, last + 0.02);
    audio_buf_free(&b);
    return 0;
}
