/* cli_web — `loa web`: the page's server, and its accounts (`loa web user …`). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "log.h"
#include "web.h"

static const char *const role_names[WEB_ROLE__N] = {[WEB_ROLE_OFFICER] = "officer", [WEB_ROLE_OPERATOR] = "operator",
                                                    [WEB_ROLE_VIEWER] = "viewer"};

static int role_parse(const char *s)
{
    for (int i = 0; i < WEB_ROLE__N; i++)
        if (!strcmp(s, role_names[i])) return i;
    return -1;
}

/* A password from standard input (one line), or asked for on the terminal without echo: 0, or -1. */
static int read_password(int from_stdin, char *out, size_t n)
{
    struct termios old, quiet;
    int tty = !from_stdin && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fprintf(stderr, "password: ");
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    int ok = fgets(out, (int)n, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!ok) return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

/* The password of NAME's account, read and hashed: 0, or an exit code (said). */
static int new_hash(int from_stdin, char hash[WEB_HASH_LEN])
{
    char pw[1024];
    if (read_password(from_stdin, pw, sizeof pw) < 0) return cli_fail(LOA_EXIT_INPUT, "no password given");
    size_t n = strlen(pw);
    if (n < 8) {
        memset(pw, 0, sizeof pw);
        return cli_fail(LOA_EXIT_INPUT, "a password needs at least 8 characters; nothing changed");
    }
    if (web_auth_init() < 0 || web_password_hash(pw, hash) < 0) {
        memset(pw, 0, sizeof pw);
        return cli_fail(LOA_EXIT_SYSTEM, "the password could not be hashed (out of memory)");
    }
    memset(pw, 0, sizeof pw);
    return 0;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 64) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr("._-", *s)))
            return 0;
    return 1;
}

static int user_add(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
                                         {"password-stdin", no_argument, NULL, 'p'}, {"demo", no_argument, NULL, 'd'},
                                         {NULL, 0, NULL, 0}};
    int role = -1, from_stdin = 0, demo = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'r') {
            if ((role = role_parse(optarg)) < 0) return cli_usage(c, "--role is officer, operator or viewer");
        } else if (o == 'p') from_stdin = 1;
        else if (o == 'd') demo = 1;
        else return cli_usage(c, "unknown option for 'web user add'");
    }
    if (optind + 1 != argc) return cli_usage(c, "'web user add' needs one NAME");
    if (role < 0) return cli_usage(c, "'web user add' needs --role officer|operator|viewer");
    const char *name = argv[optind];
    if (!valid_name(name)) return cli_fail(LOA_EXIT_INPUT, "a user name is letters, digits, '.', '_' or '-' (at most 64)");
    if (demo && !web_demo_allowed(c->cfg, NULL))
        return cli_fail(LOA_EXIT_INPUT, "a demo account needs the demo configuration (web.demo = true) listening on loopback");
    char hash[WEB_HASH_LEN];
    int rc = new_hash(from_stdin, hash);
    if (rc) return rc;
    rc = store_web_user_add(c->st, name, role, hash, demo, util_now());
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "there is already a user '%s' (`loa web user passwd %s`); nothing changed", name, name);
    store_event(c->st, "web.user.add", name, role_names[role]);
    printf("user %s added (%s)\n", name, role_names[role]);
    return 0;
}

static int list_one(void *ud, const struct web_user_row *u)
{
    (void)ud;
    printf("%-24s %s%s\n", u->name, u->role >= 0 && u->role < WEB_ROLE__N ? role_names[u->role] : "?", u->demo ? " (demo)" : "");
    return 0;
}

static int user_list(struct cli *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) return cli_usage(c, "'web user list' takes no arguments");
    if (store_web_users_each(c->st, list_one, NULL) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    return 0;
}

static int user_remove(struct cli *c, int argc, char **argv)
{
    if (argc != 2) return cli_usage(c, "'web user remove' needs one NAME");
    int rc = store_web_user_remove(c->st, argv[1]);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "there is no user '%s'", argv[1]);
    store_event(c->st, "web.user.remove", argv[1], NULL);
    printf("user %s removed; her sessions ended\n", argv[1]);
    return 0;
}

static int user_passwd(struct cli *c, int argc, char **argv)
{
    int from_stdin = argc == 3 && !strcmp(argv[2], "--password-stdin");
    if (argc != 2 && !from_stdin) return cli_usage(c, "'web user passwd' needs one NAME, and takes only --password-stdin");
    struct web_user_row u;
    int rc = store_web_user_get(c->st, argv[1], &u);
    store_web_user_clear(&u);
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    if (rc > 0) return cli_fail(LOA_EXIT_INPUT, "there is no user '%s'", argv[1]);
    char hash[WEB_HASH_LEN];
    if ((rc = new_hash(from_stdin, hash))) return rc;
    rc = store_web_user_passwd(c->st, argv[1], hash, util_now());
    if (rc < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", store_errmsg(c->st));
    store_event(c->st, "web.user.passwd", argv[1], NULL);
    printf("password of %s changed; her sessions ended\n", argv[1]);
    return 0;
}

static int web_user(struct cli *c, int argc, char **argv)
{
    static const struct cli_sub subs[] = {{"add", user_add, CLI_STORE}, {"list", user_list, CLI_STORE},
                                          {"remove", user_remove, CLI_STORE}, {"passwd", user_passwd, CLI_STORE},
                                          {NULL, NULL, 0}};
    /* cli_dispatch reads the command's own argv: the user subcommand's, one level down */
    int oc = c->argc;
    char **ov = c->argv;
    c->argc = argc, c->argv = argv;
    int rc = cli_dispatch(c, subs);
    c->argc = oc, c->argv = ov;
    return rc;
}

static int web_run(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'}, {NULL, 0, NULL, 0}};
    const char *listen = NULL;
    int o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'l') listen = optarg;
        else return cli_usage(c, "unknown option for 'web'");
    }
    if (optind != argc) return cli_usage(c, "'web' takes only --listen ADDRESS:PORT, or a subcommand: user");
    int rc = cli_setup(c, CLI_STORE);
    if (rc) return rc;
    char err[LOA_ERRLEN];
    if (web_serve(c->cfg, c->st, listen, err) < 0) return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    return 0;
}

/* `loa web cert`: a self-signed certificate at web.cert / web.key, its fingerprint printed for the officer to
 * compare with what her browser shows the first time. */
static int web_cert(struct cli *c, int argc, char **argv)
{
    static const struct option opts[] = {{"name", required_argument, NULL, 'n'}, {"force", no_argument, NULL, 'f'},
                                         {NULL, 0, NULL, 0}};
    const char *name = NULL;
    int force = 0, o;
    optind = 0;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'n') name = optarg;
        else if (o == 'f') force = 1;
        else return cli_usage(c, "unknown option for 'web cert'");
    }
    if (optind != argc) return cli_usage(c, "'web cert' takes only --name NAME and --force");
    int rc = cli_setup(c, CLI_CONFIG);
    if (rc) return rc;
    const struct cfg_web *w = &c->cfg->web;
    if (!w->cert || !w->key)
        return cli_fail(LOA_EXIT_INPUT, "set web.cert and web.key in %s first (where the certificate and its key go)", c->cfg->path);
    if (!force && (util_file_exists(w->cert) || util_file_exists(w->key)))
        return cli_fail(LOA_EXIT_INPUT, "%s exists: a new certificate changes its fingerprint in every browser (--force to "
                        "make one anyway)", util_file_exists(w->cert) ? w->cert : w->key);
    /* the listen address's host part: a name in the certificate, and its IP address when it is one */
    char host[64] = "";
    const char *colon = w->listen ? strrchr(w->listen, ':') : NULL;
    if (colon && (size_t)(colon - w->listen) < sizeof host) {
        const char *h = w->listen;
        size_t n = (size_t)(colon - h);
        if (n >= 2 && h[0] == '[') h++, n -= 2;
        memcpy(host, h, n);
        host[n] = '\0';
    }
    if (!name) name = w->hosts.n ? w->hosts.v[0] : *host ? host : "loa";
    char fp[128], err[LOA_ERRLEN];
    if (web_cert_make(w->cert, w->key, name, *host ? host : NULL, util_now(), fp, sizeof fp, err) < 0)
        return cli_fail(LOA_EXIT_SYSTEM, "%s", err);
    printf("certificate for %s written to %s (key %s)\nSHA-256 fingerprint: %s\n"
           "the first time the browser warns about it, check that it shows this fingerprint\n", name, w->cert, w->key, fp);
    return 0;
}

int cli_web(struct cli *c)
{
    if (c->argc >= 2 && !strcmp(c->argv[1], "user")) return web_user(c, c->argc - 1, c->argv + 1);
    if (c->argc >= 2 && !strcmp(c->argv[1], "cert")) return web_cert(c, c->argc - 1, c->argv + 1);
    return web_run(c, c->argc, c->argv);
}
