/* web_campaigns — Chiến dịch: the campaign list with state and delivered %, one campaign's preview and results;
 * pause, resume and a test SMS through the store calls and helpers `loa campaign pause|resume|test` use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "i18n.h"
#include "log.h"
#include "outbox.h"
#include "phone.h"
#include "view.h"
#include "web_int.h"

static const char *state_label(const char *state)
{
    if (!strcmp(state, "enabled")) return _("on");
    if (!strcmp(state, "urgent")) return _("urgent");
    if (!strcmp(state, "paused")) return _("paused");
    if (!strcmp(state, "disabled")) return _("switched off");
    return state;
}

void web_campaigns(struct web_req *r)
{
    char err[LOA_ERRLEN];
    size_t n = r->cfg->ncampaigns;
    struct view_campaign *v = view_campaigns(r->st, r->cfg, util_now(), err);
    if (!v) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL);
        return;
    }
    web_page_begin(r, _("Campaigns"), "/campaigns");
    web_add(r, "<table id=\"campaigns\"><tr>");
    web_th(r, _("Campaign"));
    web_th(r, _("State"));
    web_th(r, _("Next SMS"));
    web_th(r, _("Waiting"));
    web_th(r, _("Delivered"));
    web_add(r, "</tr>");
    for (size_t i = 0; i < n; i++) {
        const struct cfg_campaign *k = v[i].k;
        char t[24] = "-";
        if (v[i].due) snprintf(t, sizeof t, "%s", _("due now"));
        else if (v[i].next_sms) util_fmt_time(v[i].next_sms, t, sizeof t);
        web_add(r, "<tr data-id=\"");
        web_esc_r(r, k->id);
        web_add(r, "\"><td><a href=\"/campaigns/");
        web_esc_r(r, k->id);
        web_add(r, "\">");
        web_esc_r(r, k->title);
        web_add(r, "</a></td><td class=\"state\">");
        web_esc_r(r, state_label(v[i].state));
        web_add(r, "</td><td>");
        web_esc_r(r, t);
        web_addf(r, "</td><td>%ld</td><td class=\"pct\">", v[i].waiting);
        if (v[i].delivered_pct >= 0) web_addf(r, "%d%%", v[i].delivered_pct);
        else web_add(r, "-");
        web_add(r, "</td></tr>");
    }
    web_add(r, "</table>");
    web_page_end(r);
    free(v);
}

static void row(struct web_req *r, const char *label, const char *value)
{
    web_add(r, "<tr><th>");
    web_esc_r(r, label);
    web_add(r, "</th><td>");
    web_esc_r(r, value);
    web_add(r, "</td></tr>");
}

static void rowl(struct web_req *r, const char *label, long value)
{
    char b[32];
    snprintf(b, sizeof b, "%ld", value);
    row(r, label, b);
}

void web_campaign_preview(struct web_req *r, const struct view_preview *p)
{
    char t[24], money[48];
    web_add(r, "<h2>");
    web_esc_r(r, _("Preview"));
    web_add(r, "</h2><table id=\"preview\">");
    rowl(r, _("Numbers in the audience"), p->e.recipients);
    rowl(r, _("Residents"), p->e.people);
    rowl(r, _("SMS parts per run"), p->e.parts);
    row(r, _("Cost per run"), util_fmt_vnd(p->e.cost, money, sizeof money));
    web_add(r, "</table><h3>");
    web_esc_r(r, _("Next runs"));
    web_add(r, "</h3><ul id=\"runs\">");
    for (int i = 0; i < p->ndue; i++) {
        web_add(r, "<li>");
        web_esc_r(r, _("due now"));
        web_add(r, " (");
        web_esc_r(r, util_fmt_time(p->due[i], t, sizeof t));
        web_add(r, ")</li>");
    }
    for (int i = 0; i < p->nruns; i++) {
        web_add(r, "<li>");
        web_esc_r(r, util_fmt_time(p->runs[i], t, sizeof t));
        web_add(r, "</li>");
    }
    web_add(r, "</ul>");
    for (size_t i = 0; i < p->empty_why.n; i++) {
        web_add(r, "<p class=\"warn\">");
        web_esc_r(r, p->empty_why.v[i]);
        web_add(r, "</p>");
    }
    if (p->e.nsamples) {
        web_add(r, "<h3>");
        web_esc_r(r, _("Sample messages"));
        web_add(r, "</h3><table id=\"samples\">");
        for (int i = 0; i < p->e.nsamples; i++) {
            const struct campaign_sample *s = &p->e.samples[i];
            web_add(r, "<tr><td>");
            web_esc_r(r, s->name ? s->name : "");
            web_add(r, "<br>");
            web_esc_r(r, s->phone);
            web_add(r, "</td><td class=\"msg\">");
            web_esc_r(r, s->text);
            web_addf(r, "</td><td>%d</td></tr>", s->info.parts);
        }
        web_add(r, "</table>");
    }
}

static void campaign_results(struct web_req *r, const struct view_results *v)
{
    char money[48], pct[16] = "-";
    if (v->delivered_pct >= 0) snprintf(pct, sizeof pct, "%d%%", v->delivered_pct);
    web_add(r, "<h2>");
    web_esc_r(r, _("Results"));
    web_add(r, "</h2><table id=\"results\">");
    rowl(r, _("Sent"), v->sent);
    rowl(r, _("Delivered"), v->r.counts[OB_DELIVERED]);
    row(r, _("Delivered %"), pct);
    rowl(r, _("Failed"), v->r.counts[OB_FAILED]);
    rowl(r, _("Waiting"), v->waiting + v->held);
    rowl(r, _("Replies"), v->r.replies);
    rowl(r, _("Opt-outs"), v->r.optouts);
    row(r, _("Cost so far"), util_fmt_vnd(v->cost, money, sizeof money));
    for (size_t i = 0; i < v->r.nanswers; i++)
        if (v->r.answer_counts[i]) {
            char *label = xasprintf(_("Poll answer %s"), v->r.answers[i]);
            rowl(r, label, v->r.answer_counts[i]);
            free(label);
        }
    web_add(r, "</table>");
}

static void campaign_actions(struct web_req *r, const struct cfg_campaign *k, int paused)
{
    web_add(r, "<p><a id=\"edit\" href=\"/compose?id=");   /* Soạn chiến dịch: the form, or the file as text */
    web_esc_r(r, k->id);
    web_add(r, "\">");
    web_esc_r(r, _("Edit this campaign"));
    web_add(r, "</a></p>");
    char *action = xasprintf("/campaigns/%s/%s", k->id, paused ? "resume" : "pause");
    web_form_begin(r, action, "inline");
    free(action);
    web_add(r, paused ? "<button type=\"submit\" id=\"resume\">" : "<button type=\"submit\" id=\"pause\">");
    web_esc_r(r, paused ? _("Resume this campaign") : _("Pause this campaign"));
    web_add(r, "</button>");
    web_form_end(r);
    if (!k->has_sms) return;
    action = xasprintf("/campaigns/%s/test", k->id);
    web_form_begin(r, action, "test");
    free(action);
    web_add(r, "<label>");
    web_esc_r(r, _("Send a test SMS to your phone"));
    web_add(r, " <input name=\"phone\" type=\"tel\" required></label><button type=\"submit\">");
    web_esc_r(r, _("Send test"));
    web_add(r, "</button>");
    web_form_end(r);
}

/* /campaigns/ID, /campaigns/ID/pause …: the campaign and what follows its id ("" or "/pause") in *REST. */
static const struct cfg_campaign *campaign_of(struct web_req *r, const char **rest)
{
    const char *slash = strchr(r->sub, '/');
    size_t n = slash ? (size_t)(slash - r->sub) : strlen(r->sub);
    char id[80];
    if (n == 0 || n >= sizeof id) return NULL;
    memcpy(id, r->sub, n);
    id[n] = '\0';
    *rest = r->sub + n;
    return config_campaign(r->cfg, id);
}

void web_campaign(struct web_req *r)
{
    const char *rest;
    const struct cfg_campaign *k = campaign_of(r, &rest);
    if (!k || *rest) {
        web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such campaign."), "/campaigns");
        return;
    }
    struct view_preview p;
    struct view_results v;
    char err[LOA_ERRLEN];
    int okp = view_preview(r->st, r->cfg, k, util_now(), 5, &p, err) == 0;
    int ok = okp && view_results(r->st, r->cfg, k, &v, err) == 0;
    if (!ok) {
        view_preview_clear(&p);
        if (okp) view_results_clear(&v);
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, "/campaigns");
        return;
    }
    web_page_begin(r, k->title, "/campaigns");
    web_add(r, "<p id=\"campaign-id\">");
    web_esc_r(r, k->id);
    web_add(r, "</p>");
    if (v.paused_since[0]) {
        char *s = xasprintf(_("Paused since %s: %ld messages held."), v.paused_since, v.held);
        web_add(r, "<p class=\"paused\" id=\"paused\">");
        web_esc_r(r, s);
        web_add(r, "</p>");
        free(s);
    }
    if (r->s.role == WEB_ROLE_OFFICER) campaign_actions(r, k, v.paused_since[0] != 0);
    web_campaign_preview(r, &p);
    campaign_results(r, &v);
    web_page_end(r);
    view_preview_clear(&p);
    view_results_clear(&v);
}

/* As `loa campaign pause|resume ID`. */
static void campaign_pause(struct web_req *r, const struct cfg_campaign *k, int pause)
{
    char since[24], back[96];
    snprintf(back, sizeof back, "/campaigns/%s", k->id);
    int was = store_campaign_paused_get(r->st, k->id, since, sizeof since);
    if (was < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), back);
        return;
    }
    if ((pause && was == 0) || (!pause && was == 1)) {   /* already so: nothing to do (a form sent twice) */
        web_redirect(r, back);
        return;
    }
    util_fmt_time(util_now(), since, sizeof since);
    if (store_campaign_pause_set(r->st, k->id, pause ? since : NULL) < 0) {
        web_message(r, MHD_HTTP_INTERNAL_SERVER_ERROR, store_errmsg(r->st), back);
        return;
    }
    web_event(r, pause ? "web.campaign.pause" : "web.campaign.resume", k->id);
    web_redirect(r, back);
}

/* As `loa campaign test ID PHONE`. */
static void campaign_test(struct web_req *r, const struct cfg_campaign *k)
{
    char phone[64], e164[PHONE_E164_LEN + 16], perr[LOA_ERRLEN], who[256], err[LOA_ERRLEN], back[96];
    snprintf(back, sizeof back, "/campaigns/%s", k->id);
    if (!k->has_sms) {
        web_message(r, MHD_HTTP_CONFLICT, _("This campaign has no SMS (only a broadcast)."), back);
        return;
    }
    if (web_field(r, "phone", phone, sizeof phone) < 0 || phone_normalize(util_trim(phone), e164, perr) < 0) {
        web_message(r, MHD_HTTP_BAD_REQUEST, _("That is not a Vietnamese phone number."), back);
        return;
    }
    struct contact ct = {0};
    int out = store_contact_get(r->st, e164, &ct) == 0 && ct.opted_out;
    store_contact_clear(&ct);
    if (out) {
        web_message(r, MHD_HTTP_CONFLICT, _("This number opted out of SMS: loa sends nothing to it."), back);
        return;
    }
    time_t now = util_now();
    char *text = campaign_test_text(r->st, r->cfg, k, e164, now, who, sizeof who);
    struct outbox_msg m = {.phone = e164, .text = text, .diacritics = k->diacritics, .max_parts = k->max_parts,
                           .kind = OK_TEST, .priority = 10};
    int64_t id;
    int rc = outbox_queue(r->st, r->cfg, &m, now, &id, err);
    free(text);
    if (rc) {
        web_message(r, rc > 0 ? MHD_HTTP_CONFLICT : MHD_HTTP_INTERNAL_SERVER_ERROR, err, back);
        return;
    }
    char ref[128];
    snprintf(ref, sizeof ref, "%s outbox=%lld", k->id, (long long)id);
    web_event(r, "web.campaign.test", ref);
    web_message(r, MHD_HTTP_OK, _("Test SMS queued: it goes out with the next sends."), back);
}

void web_campaign_post(struct web_req *r)
{
    const char *rest;
    const struct cfg_campaign *k = campaign_of(r, &rest);
    if (!k) web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such campaign."), "/campaigns");
    else if (!strcmp(rest, "/pause")) campaign_pause(r, k, 1);
    else if (!strcmp(rest, "/resume")) campaign_pause(r, k, 0);
    else if (!strcmp(rest, "/test")) campaign_test(r, k);
    else web_message(r, MHD_HTTP_NOT_FOUND, _("There is no such page."), "/campaigns");
}
