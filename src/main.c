/* main — loa's entry point: global options and the subcommand table. */
#include <stdio.h>
#include "util.h"
#include "log.h"

int main(int argc, char **argv)
{
    (void)argc; (void)argv;
    printf("loa %s\n", LOA_VERSION);
    return 0;
}
