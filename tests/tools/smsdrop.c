/*
 * smsdrop — puts a received SMS into Gammu's dummy phone, as a resident's phone would:
 * an smsbackup file in DIR/sms/1/, written by libGammu itself (GSM_AddSMSBackupFile).
 * usage: smsdrop DIR SENDER TEXT [YYYY-MM-DD HH:MM]   (for the demo and tests)
 */
#include <gammu.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sms.h"
#include "util.h"
#include "vntext.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: smsdrop DIR SENDER TEXT [\"YYYY-MM-DD HH:MM\"]\n");
        return 2;
    }
    if (!vntext_valid_utf8(argv[3], strlen(argv[3]))) {
        fprintf(stderr, "smsdrop: TEXT is not UTF-8\n");
        return 1;
    }
    time_t when = util_now();
    if (argc > 4 && util_parse_datetime(argv[4], &when) < 0) {
        fprintf(stderr, "smsdrop: bad time '%s'\n", argv[4]);
        return 2;
    }
    char *inbox = xasprintf("%s/sms/1", argv[1]);
    util_mkdir_p(inbox, 0750);
    char *path = NULL;
    for (int n = 1; n < 100000; n++) {   /* the dummy phone's locations are file names 1, 2, … */
        free(path);
        path = xasprintf("%s/%d", inbox, n);
        if (!util_file_exists(path)) break;
    }
    GSM_SMS_Backup *b = xcalloc(1, sizeof *b);
    GSM_SMSMessage *s = xcalloc(1, sizeof *s);
    GSM_SetDefaultReceivedSMSData(s);
    s->PDU = SMS_Deliver;
    s->Folder = 1;
    s->InboxFolder = TRUE;
    s->State = SMS_UnRead;
    s->Coding = sms_is_gsm7(argv[3]) ? SMS_Coding_Default_No_Compression : SMS_Coding_Unicode_No_Compression;
    DecodeUTF8(s->Number, argv[2], strlen(argv[2]));
    DecodeUTF8(s->Text, argv[3], strlen(argv[3]));
    s->Length = (int)UnicodeLength(s->Text);
    /* the dummy phone reads times back as UTC: store UTC */
    struct loa_tm tm;
    util_localtime(when - LOA_TZ_OFFSET, &tm);
    s->DateTime.Year = tm.year;
    s->DateTime.Month = tm.mon;
    s->DateTime.Day = tm.mday;
    s->DateTime.Hour = tm.hour;
    s->DateTime.Minute = tm.min;
    s->DateTime.Second = tm.sec;
    b->SMS[0] = s;
    b->SMS[1] = NULL;
    GSM_Error e = GSM_AddSMSBackupFile(path, b);
    if (e != ERR_NONE) {
        fprintf(stderr, "smsdrop: %s: %s\n", path, GSM_ErrorString(e));
        return 3;
    }
    free(s);
    free(b);
    free(path);
    free(inbox);
    return 0;
}
