/* cli_sms — `loa sms send|count`: one SMS through the queue; a text's encoding and parts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "outbox.h"
#include "phone.h"
#include "sms.h"
#include "util.h"
#include "vntext.h"

static int sms_count_cmd(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"no-diacritics", no_argument, NULL, 'n'}, {"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int diacritics = 1, json = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') diacritics = 0;
        else if (o == 'j') json = 1;
        else return cli_usage(c, _("unknown option for 'sms count'"));
    }
    if (optind != argc - 1) return cli_usage(c, _("'sms count' needs one TEXT (quote it)"));
    char err[LOA_ERRLEN];
    char *text = sms_prepare(argv[optind], diacritics, err);
    if (!text) return cli_fail(LOA_EXIT_INPUT, _("TEXT: %s"), err);
    struct sms_info info;
    sms_count(text, &info);
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "encoding", json_string(sms_encoding_name(info.encoding)));
        json_object_set_new(j, "chars", json_integer(info.chars));
        json_object_set_new(j, "parts", json_integer(info.parts));
        if (!diacritics) json_object_set_new(j, "text", json_string(text));
        cli_json_print(j);
    } else {
        printf(_("encoding: %s\ncharacters: %d\nparts: %d\n"), sms_encoding_name(info.encoding), info.chars, info.parts);
        if (!diacritics) printf(_("text: %s\n"), text);
    }
    free(text);
    return 0;
}

static int sms_send_cmd(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"no-diacritics", no_argument, NULL, 'n'}, {"urgent", no_argument, NULL, 'u'}, {NULL, 0, NULL, 0}};
    int diacritics = 1, urgent = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') diacritics = 0;
        else if (o == 'u') urgent = 1;
        else return cli_usage(c, _("unknown option for 'sms send'"));
    }
    if (optind != argc - 2) return cli_usage(c, _("'sms send' needs PHONE and TEXT"));
    /* Opt-outs are absolute (DESIGN rule 5): --urgent does not lift one; the loudspeaker reaches everyone. */
    char e164[PHONE_E164_LEN + 16], perr[LOA_ERRLEN];
    if (phone_normalize(argv[optind], e164, perr) == 0) {
        int rc = cli_refuse_optout(c, e164, urgent ? _(", urgent or not (urgent warnings reach everyone by loudspeaker)") : "");
        if (rc) return rc;
    }
    struct outbox_msg m = {.phone = argv[optind], .text = argv[optind + 1], .diacritics = diacritics,
                           .kind = OK_ADHOC, .urgent = urgent, .priority = 10};
    int64_t id;
    char err[LOA_ERRLEN];
    int rc = outbox_queue(c->st, c->cfg, &m, util_now(), &id, err);
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, _("%s; nothing queued"), err);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    struct outbox_row r = {0};
    store_outbox_get(c->st, id, &r);
    printf(ngettext("queued outbox=%lld to %s: %s, %d part\n", "queued outbox=%lld to %s: %s, %d parts\n", (unsigned long)r.parts),
           (long long)id, r.phone, r.ucs2 ? "ucs2" : "gsm7", r.parts);
    store_outbox_clear(&r);
    return 0;
}

int cli_sms(struct cli *c)
{
    static const struct cli_sub subs[] = {{"count", sms_count_cmd, CLI_NONE}, {"send", sms_send_cmd, CLI_STORE}, {NULL, NULL, 0}};
    return cli_dispatch(c, subs);
}
