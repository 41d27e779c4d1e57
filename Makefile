# loa — one non-recursive Makefile (GNU make). `make help` lists the targets.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc

# Every library comes from a Debian package and is found with pkg-config.
# libcsv ships no .pc file in Debian 12, so it is the one library linked by name.
PKGS     = gammu libconfig sqlite3 espeak-ng libutf8proc sndfile soxr libebur128 lame xlsxwriter jansson \
           libzip libxml-2.0 freexl shout libcurl libmicrohttpd libsodium gnutls
# What loa needs to build and run (make deps), apart from what only tests and benchmarks use
# (make deps-test): the unit-test framework, the peers benchmarks compare with, tools tests read
# files with, libfaketime for CI's clock runs. A test package's service is disabled at once.
DEBS     = build-essential pkg-config libgammu-dev gammu libconfig-dev \
           libsqlite3-dev sqlite3 libespeak-ng-dev espeak-ng libutf8proc-dev libcsv-dev \
           libsndfile1-dev libsoxr-dev libebur128-dev libmp3lame-dev lame \
           libxlsxwriter-dev libjansson-dev alsa-utils libzip-dev libxml2-dev libfreexl-dev libshout-dev \
           libcurl4-openssl-dev libmicrohttpd-dev libsodium-dev libgnutls28-dev gettext
TEST_DEBS = libcmocka-dev gammu-smsd sox libxml2-utils unzip faketime python3-openpyxl python3-xlwt icecast2 mpg123 curl \
            kannel kannel-extras chromium chromium-driver python3-selenium wrk
TEST_SERVICES = gammu-smsd icecast2 kannel

WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) $(CFLAGS) -Iinclude \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DLOA_ASSERT_ABORT
LDFLAGS    += -fsanitize=address,undefined
BUILD      ?= build/san
BIN         = $(BUILD)/loa   # the sanitised binary stays in build/san: ./loa is always the normal one
else
BUILD      ?= build/std
BIN         = loa
endif

VERSION  = 0.1.0
BUILD_DATE := $(shell date -u +%Y-%m-%d)
ALL_CFLAGS += -DLOA_VERSION='"$(VERSION)"' -DLOA_BUILD_DATE='"$(BUILD_DATE)"'
# Where the catalogs are read: the installed binary from $(PREFIX)/share/locale, a binary inside
# this source tree from build/locale (LOA_LOCALEDIR overrides both at run time; see i18n.c).
ALL_CFLAGS += -DLOA_LOCALEDIR='"$(PREFIX)/share/locale"' -DLOA_SRCDIR='"$(CURDIR)"'

# Translations (git's way): po/loa.pot extracted from the sources (`make pot`, which also merges it
# into every po/LANG.po), each po/LANG.po compiled with msgfmt --check into build/locale as part of
# the normal build. make check fails when po/loa.pot is stale or a catalog is incomplete.
LANGS    = $(patsubst po/%.po,%,$(wildcard po/*.po))
MOS      = $(LANGS:%=build/locale/%/LC_MESSAGES/loa.mo)

# Sources are found by wildcard rather than listed. A module's interface is include/NAME.h; the
# command-line files (cli_*.c) share cli.h, the store's files (store_*.c) store.h and store_int.h;
# main.c alone holds main().
SRCS     = $(sort $(wildcard src/*.c))
OBJS     = $(SRCS:src/%.c=$(BUILD)/%.o)
LIB_OBJS = $(filter-out $(BUILD)/main.o,$(OBJS))
TESTS    = $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS = $(TESTS:tests/unit/%.c=$(BUILD)/tests/%)
TOOLS    = $(sort $(wildcard tests/tools/*.c))
TOOL_BINS = $(TOOLS:tests/tools/%.c=$(BUILD)/tools/%)
# Every fuzz target also as a plain program replaying its corpus (tests/fuzz/<target>/) in make check.
FUZZ_TARGETS = phone sms normalize template replies report csv config sheet kannel web
REPLAY_BINS = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)

.PHONY: screenshots pot all deps deps-test check check-clock demo bench install clean help fuzz soak soak-short readme loa-bin-and-tests
all: loa

# ./loa is always the normal binary: with SANITIZE=1, `make loa` builds build/san/loa and leaves ./loa alone.
ifeq ($(SANITIZE),1)
loa: $(BUILD)/loa $(MOS)
	@echo "SANITIZE=1: the sanitised binary is $(BUILD)/loa (./loa untouched)"
else
loa: $(BUILD)/loa $(MOS)
	cp $< $@
endif

$(BUILD)/loa: $(OBJS)
	@echo "LD $@"; $(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

# i18n.o holds $(PREFIX)/share/locale: a stamp named after PREFIX rebuilds it when PREFIX changes
# (make install PREFIX=/usr after a plain make installs a binary that reads /usr/share/locale).
PREFIX_STAMP = $(BUILD)/prefix$(subst /,_,$(PREFIX))
$(PREFIX_STAMP): | $(BUILD)
	@rm -f $(BUILD)/prefix_*; touch $@
$(BUILD)/i18n.o: $(PREFIX_STAMP)

build/locale/%/LC_MESSAGES/loa.mo: po/%.po
	@mkdir -p $(@D)
	@echo "MSGFMT $<"; msgfmt --check -o $@ $<

pot:
	bash po/extract.sh po/loa.pot
	@for p in po/*.po; do msgmerge --quiet --update --backup=none --no-fuzzy-matching $$p po/loa.pot; done
	@msgfmt --statistics -o /dev/null po/vi.po

$(BUILD)/%.o: src/%.c $(wildcard include/*.h) | $(BUILD)
	@echo "CC $<"; $(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) tests/unit/testutil.h | $(BUILD)
	@mkdir -p $(@D)
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LIBS) $(TEST_LIBS)

$(BUILD)/tools/%: tests/tools/%.c $(LIB_OBJS) | $(BUILD)
	@mkdir -p $(@D)
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(LDFLAGS) $(LIBS) -lutil

$(BUILD)/fuzz/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_targets.c $(LIB_OBJS) | $(BUILD)
	@mkdir -p $(@D)
	@echo "LD $@"; $(CC) $(ALL_CFLAGS) -DFUZZ_$(shell echo $* | tr a-z A-Z) -o $@ tests/fuzz/replay.c \
	  tests/fuzz/fuzz_targets.c $(LIB_OBJS) $(LDFLAGS) $(LIBS)

$(BUILD):
	@mkdir -p $@

# Install what is missing, and only that; `apt-get update` once, only when needed. A package that
# starts a service on install (gammu-smsd) is kept from starting it (policy-rc.d), and the service
# is disabled at once where systemd runs: tests start the servers they need themselves.
deps:
	@DEBS="$(DEBS)" WHAT=deps bash dist/install-debs.sh

deps-test: deps
	@DEBS="$(TEST_DEBS)" SERVICES="$(TEST_SERVICES)" WHAT=deps-test bash dist/install-debs.sh

check: deps deps-test
	$(MAKE) --no-print-directory loa-bin-and-tests
	@LOA_BUILD=$(BUILD) LOA_SANITIZE=$(SANITIZE) bash tests/run.sh

# The integration scripts that start `loa run` or pass --now, under libfaketime with the system
# clock at three moments: before every date the tests pin, at 23:30 five years after them, and on
# a leap day. The normal build only: ASan refuses a preloaded library.
CLOCK_MOMENTS ?= 2025-06-01T09:00 2034-01-01T23:30 2028-02-29T12:00
check-clock: deps deps-test
	$(MAKE) --no-print-directory loa-bin-and-tests
	@LOA_BUILD=$(BUILD) bash tests/run-clock.sh $(CLOCK_MOMENTS)

loa-bin-and-tests: $(BIN) $(MOS) $(TEST_BINS) $(TOOL_BINS) $(REPLAY_BINS)

# Each page of the web page at phone width (390 px) and desktop width, from the browser test, into build/web/.
screenshots: deps deps-test
	$(MAKE) --no-print-directory loa-bin-and-tests
	@mkdir -p build/web
	@LOA_BUILD=$(BUILD) LOA_SCREENSHOTS=$(CURDIR)/build/web bash tests/run.sh test_web_browser.sh test_web_reports_browser.sh test_web_campaign_form_browser.sh
	@ls build/web

demo: deps
	$(MAKE) --no-print-directory loa $(TOOL_BINS)
	@LOA_TOOLS=$(BUILD)/tools bash tests/demo.sh

bench: deps deps-test
	$(MAKE) --no-print-directory loa $(TOOL_BINS)
	@bash bench/run.sh

# Soaks (tests/soak/): SIGKILL and restart during a campaign through fake AT modems, then +CMS ERROR,
# silence and vanishing modems; then the SIGKILL soak again through a real Kannel (bearerbox, smsbox, fakesmsc).
# SOAK=short (or soak-short) is the size for CI: a few minutes (the Kannel one ~30 s).
# Sizes: SOAK_MESSAGES, SOAK_KILLS, SOAK_INBOUND, SOAK_VANISH_SECONDS, SOAK_MODEMS, SOAK_SEED, SOAK_RATE, SOAK_IN_FLIGHT
# (tests/soak/*.sh).
SOAK ?= full
soak: deps deps-test
	$(MAKE) --no-print-directory loa-bin-and-tests
	@LOA_BUILD=$(BUILD) SOAK=$(SOAK) bash tests/soak/run.sh

soak-short:
	@$(MAKE) --no-print-directory soak SOAK=short

# The service: binary, man page, configuration (never overwritten), systemd unit, udev example.
# Without DESTDIR, as root, it also creates the system user `loa` (groups dialout, audio).
install: loa
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)/etc/loa \
	    $(DESTDIR)/lib/systemd/system $(DESTDIR)$(PREFIX)/share/doc/loa/campaigns
	install -m 0755 loa $(DESTDIR)$(PREFIX)/bin/loa
	install -m 0644 dist/loa.1 $(DESTDIR)$(PREFIX)/share/man/man1/loa.1
	install -D -m 0644 dist/loa.vi.1 $(DESTDIR)$(PREFIX)/share/man/vi/man1/loa.1
	for l in $(LANGS); do install -D -m 0644 build/locale/$$l/LC_MESSAGES/loa.mo \
	    $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/loa.mo; done
	install -D -m 0644 docs/huong-dan.md $(DESTDIR)$(PREFIX)/share/doc/loa/docs/huong-dan.md
	install -D -m 0644 docs/thuat-ngu.md $(DESTDIR)$(PREFIX)/share/doc/loa/docs/thuat-ngu.md
	[ -e $(DESTDIR)/etc/loa/loa.cfg ] || install -m 0640 dist/loa.cfg $(DESTDIR)/etc/loa/loa.cfg
	install -m 0644 campaigns/*.cfg $(DESTDIR)$(PREFIX)/share/doc/loa/campaigns/
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/loa/README.md
	install -D -m 0644 docs/RECOVERY.md $(DESTDIR)$(PREFIX)/share/doc/loa/docs/RECOVERY.md
	install -m 0644 dist/99-loa-modem.rules $(DESTDIR)$(PREFIX)/share/doc/loa/99-loa-modem.rules.example
	sed 's|@BINDIR@|$(PREFIX)/bin|g' dist/loa.service > $(DESTDIR)/lib/systemd/system/loa.service
	chmod 0644 $(DESTDIR)/lib/systemd/system/loa.service
	sed 's|@BINDIR@|$(PREFIX)/bin|g' dist/loa-web.service > $(DESTDIR)/lib/systemd/system/loa-web.service
	chmod 0644 $(DESTDIR)/lib/systemd/system/loa-web.service
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && ! id loa >/dev/null 2>&1; then \
	  useradd --system --user-group --home-dir /var/lib/loa --shell /usr/sbin/nologin --groups dialout,audio loa; \
	  chgrp loa /etc/loa/loa.cfg; echo "created the system user loa"; fi

clean:
	rm -rf build loa

help:
	@echo "make [all|deps|deps-test|check|pot|check-clock|demo|bench|soak|soak-short|fuzz|install|clean] [SANITIZE=1] [SOAK=short] [PREFIX=..] [DESTDIR=..]"

# Regenerate the README's configuration table from the program's own key schema.
readme: loa
	@LANGUAGE=en ./loa help config > build/keys.md
	@awk 'BEGIN{skip=0} /<!-- keys:begin -->/{print; while ((getline l < "build/keys.md") > 0) print l; skip=1; next} /<!-- keys:end -->/{skip=0} !skip' README.md > build/README.md && mv build/README.md README.md
	@echo "README.md: configuration table updated"

# Fuzzing (libFuzzer, clang): one target per parser of outside input, each run FUZZ_SECONDS
# with its seed corpus from tests/fuzz/<name>/ (new findings kept in build/fuzz/corpus/).
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -g -O1 -Iinclude $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
               -fsanitize=fuzzer-no-link,address,undefined -DLOA_VERSION='"$(VERSION)"' -DLOA_BUILD_DATE='"$(BUILD_DATE)"'
FUZZ_OBJS    = $(LIB_OBJS:$(BUILD)/%.o=build/fuzz/obj/%.o)
build/fuzz/obj/%.o: src/%.c $(wildcard include/*.h)
	@mkdir -p $(@D); echo "CC (fuzz) $<"; clang $(FUZZ_CFLAGS) -c -o $@ $<
build/fuzz/fuzz_%: tests/fuzz/fuzz_targets.c $(FUZZ_OBJS)
	@echo "LD $@"; clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_$(shell echo $* | tr a-z A-Z) -o $@ $< $(FUZZ_OBJS) $(LIBS)
.SECONDARY: $(FUZZ_OBJS)
fuzz: deps deps-test
	@command -v clang >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang
	$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do mkdir -p build/fuzz/corpus/$$t; \
	  LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=4096 -artifact_prefix=build/fuzz/ build/fuzz/corpus/$$t \
	    $$( [ -d tests/fuzz/$$t ] && echo tests/fuzz/$$t ) >build/fuzz/$$t.log 2>&1 \
	    || { echo "fuzz $$t: FAILED, see build/fuzz/$$t.log; the input is build/fuzz/crash-* (or leak-*):"; \
	         echo "  fix the bug, then keep the input in tests/fuzz/$$t/ so make check replays it forever"; \
	         tail -30 build/fuzz/$$t.log; exit 1; }; \
	  echo "fuzz $$t: $$(grep -o 'Done [0-9]* runs in [0-9]* second(s)' build/fuzz/$$t.log), no crash, no leak"; done
