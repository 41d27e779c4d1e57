/* firstsound — reads raw 16-bit mono PCM from stdin (a live decoder's output, e.g. `curl URL | mpg123 -s -`)
 * and prints the wall-clock time (seconds since the epoch, to the ms) at which the first 20 ms window louder
 * than -45 dBFS arrived, after the first ARG seconds of input (default 0; skip the connection's burst). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int rate = 22050;
    double skip = argc > 1 ? atof(argv[1]) : 0;
    size_t win = (size_t)rate / 50, have = 0, seen = 0;
    int16_t buf[4096];
    double e = 0;
    ssize_t r;
    while ((r = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < r / 2; i++) {
            e += (double)buf[i] * buf[i];
            if (++have < win) continue;
            double db = 10 * log10(e / (double)have / (32768.0 * 32768.0) + 1e-20);
            seen += have;
            have = 0;
            e = 0;
            if (db > -45 && (double)seen / rate > skip) {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                printf("%.3f\n", (double)ts.tv_sec + ts.tv_nsec / 1e9);
                return 0;
            }
        }
    }
    return 1;
}
