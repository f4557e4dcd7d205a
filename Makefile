# Vigil: hand-written, non-recursive GNU Makefile.
#
#   make                 build build/keepalived (runs configure when needed)
#   make check           build and run the Check unit suites
#   make SAN=1 check     the same under ASan+UBSan, in build-san/
#   make fuzz            build the libFuzzer harnesses (clang) in build-fuzz/
#   make fuzz-run        run each harness FUZZ_SECONDS (60) on a scratch copy
#                        of its corpus tests/fuzz/corpus/<name>/
#   make install         install to $(DESTDIR)$(prefix) (binary: sbin/keepalived)
#                        and the service files to $(DESTDIR)/etc/init.d,
#                        /etc/default and the systemd unit directory
#   make WERROR=1        turn warnings into errors (CI does this)
#
# Each code folder becomes a static library so that the unit tests and the
# fuzzers link exactly the objects the daemon is made of.

VERSION := 0.1.0

ifeq ($(filter distclean clean,$(MAKECMDGOALS)),)
-include config.mk
endif

prefix ?= /usr
ifeq ($(prefix),NONE)
prefix := /usr
endif
sbindir := $(prefix)/sbin
mandir := $(prefix)/share/man
sysconfdir := /etc

SAN ?=
FUZZ ?=
# The fuzz build always has its own directory (clang objects must not mix
# with gcc ones); override FUZZ_BUILD, not BUILD, to move it.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
ifneq ($(FUZZ),)
override BUILD := $(FUZZ_BUILD)
CC := clang
else ifneq ($(SAN),)
BUILD ?= build-san
else
BUILD ?= build
endif

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wformat=2 -Wcast-align -Wwrite-strings -Wvla \
	-Wno-unused-parameter -Wno-missing-field-initializers
ifneq ($(WERROR),)
WARN += -Werror
endif
# clang's -Wcast-align fires on x86 too (gcc's only on strict-alignment
# targets), at every offsetof-based field access of the keyword tables.
ifneq ($(FUZZ),)
WARN += -Wno-cast-align
endif

CFLAGS ?= -O2 -g
ifneq ($(SAN),)
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
ifneq ($(FUZZ),)
CFLAGS += -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
endif

ALL_CFLAGS := -std=gnu11 -D_GNU_SOURCE -DVIGIL_VERSION='"$(VERSION)"' \
	-I. -Ilib -Iparser -Icore -Ivrrp -Ichecker -Ibfd \
	$(WARN) $(NFTNL_CFLAGS) $(MNL_CFLAGS) $(MARIADB_CFLAGS) \
	$(OPENSSL_CFLAGS) $(PCRE2_CFLAGS) $(CFLAGS)
LIBS := $(NFTNL_LIBS) $(MNL_LIBS) $(MARIADB_LIBS) $(OPENSSL_LIBS) $(PCRE2_LIBS)

# --- sources ---------------------------------------------------------------
MODULES := core vrrp checker bfd parser lib
core_SRC := $(filter-out core/main.c,$(wildcard core/*.c))
vrrp_SRC := $(wildcard vrrp/*.c)
checker_SRC := $(wildcard checker/*.c)
bfd_SRC := $(wildcard bfd/*.c)
parser_SRC := $(wildcard parser/*.c)
lib_SRC := $(wildcard lib/*.c)

objs = $(patsubst %.c,$(BUILD)/%.o,$(1))
MODLIBS := $(foreach m,$(MODULES),$(BUILD)/lib$(m).a)
# The children call back into core (the daemon's config loader), so the
# module libraries are searched as a group.
LINKLIBS = -Wl,--start-group $(MODLIBS) -Wl,--end-group

BIN := $(BUILD)/keepalived
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/%,$(FUZZ_SRC))

.PHONY: all check fuzz fuzz-bins fuzz-run install uninstall clean distclean
all: $(BIN)

config.mk config.h: configure config.mk.in config.h.in
	./configure --prefix=$(prefix) -q
	@touch config.h	# configure keeps an unchanged config.h's old time

configure: configure.ac
	autoconf
	rm -rf autom4te.cache

define module_rule
$(BUILD)/lib$(1).a: $(call objs,$($(1)_SRC))
	@mkdir -p $$(@D)
	rm -f $$@
	$$(AR) rcs $$@ $$^
endef
$(foreach m,$(MODULES),$(eval $(call module_rule,$(m))))

$(BUILD)/%.o: %.c config.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BIN): $(BUILD)/core/main.o $(MODLIBS)
	$(CC) $(LDFLAGS) -o $@ $< $(LINKLIBS) $(LIBS)

# --- tests -----------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(MODLIBS) tests/unit/unit.h config.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests/unit -MMD -MP \
		-DTEST_SRCDIR='"$(CURDIR)/tests"' -o $@ $< $(LINKLIBS) \
		$(LDFLAGS) $(LIBS) $(CHECK_LIBS)

check: $(BIN) $(UNIT_BIN)
	@tests/unit/run.sh $(UNIT_BIN)

fuzz:
	$(MAKE) FUZZ=1 fuzz-bins
fuzz-bins: $(FUZZ_BIN)
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(MODLIBS)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LINKLIBS) $(LIBS)

# Each harness runs on a scratch copy of its corpus so the tree stays
# clean; crash/leak/timeout inputs are kept in $(FUZZ_BUILD)/artifacts/.
# FUZZ_RUNS=N (with FUZZ_SEED) makes a run a fixed number of inputs from a
# fixed seed, the same on every machine, as CI wants; otherwise it runs
# for FUZZ_SECONDS.
FUZZ_SEED ?= 1
fuzz-run: fuzz
	@set -e; rc=0; mkdir -p $(FUZZ_BUILD)/artifacts; \
	for src in $(FUZZ_SRC); do \
		name=$$(basename $$src .c); corpus=tests/fuzz/corpus/$${name#fuzz_}; \
		scratch=$$(mktemp -d); mkdir -p $$scratch/corpus $$scratch/tmp; \
		if [ -d $$corpus ]; then cp -R $$corpus/. $$scratch/corpus/; fi; \
		echo "fuzz: $$name for $(if $(FUZZ_RUNS),$(FUZZ_RUNS) runs (seed $(FUZZ_SEED)),$(FUZZ_SECONDS) s)"; \
		TMPDIR=$$scratch/tmp $(FUZZ_BUILD)/$$name $$scratch/corpus \
		    $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS) -seed=$(FUZZ_SEED),-max_total_time=$(FUZZ_SECONDS)) \
		    -rss_limit_mb=2048 \
		    -timeout=25 -detect_leaks=1 -print_final_stats=1 \
		    -artifact_prefix=$(CURDIR)/$(FUZZ_BUILD)/artifacts/ \
		    >$(FUZZ_BUILD)/$$name.log 2>&1 || rc=1; \
		tail -n 15 $(FUZZ_BUILD)/$$name.log; rm -rf $$scratch; \
	done; exit $$rc

# --- install ---------------------------------------------------------------
# Man pages are installed once they exist in doc/.
MAN8 := $(wildcard doc/*.8)
MAN5 := $(wildcard doc/*.5)
docdir := $(prefix)/share/doc/vigil

# Service files: the LSB init script, its defaults and the systemd unit
# (Debian's names and places).  They name $(sbindir)/keepalived.  An
# existing /etc/default/keepalived is the administrator's and is kept.
initddir := $(sysconfdir)/init.d
defaultdir := $(sysconfdir)/default
systemdunitdir ?= $(or $(shell pkg-config --variable=systemdsystemunitdir \
	systemd 2>/dev/null),/lib/systemd/system)
SBIN_SED := sed 's|/usr/sbin/keepalived|$(sbindir)/keepalived|g'

install: $(BIN)
	install -D -m 0755 $(BIN) $(DESTDIR)$(sbindir)/keepalived
	install -d $(DESTDIR)$(initddir) $(DESTDIR)$(systemdunitdir)
	$(SBIN_SED) etc/init.d/keepalived >$(DESTDIR)$(initddir)/keepalived
	chmod 0755 $(DESTDIR)$(initddir)/keepalived
	$(SBIN_SED) etc/systemd/keepalived.service \
		>$(DESTDIR)$(systemdunitdir)/keepalived.service
	chmod 0644 $(DESTDIR)$(systemdunitdir)/keepalived.service
	[ -e $(DESTDIR)$(defaultdir)/keepalived ] || install -D -m 0644 \
		etc/default/keepalived $(DESTDIR)$(defaultdir)/keepalived
	$(foreach m,$(MAN8),install -D -m 0644 $(m) \
		$(DESTDIR)$(mandir)/man8/$(notdir $(m)) &&) true
	$(foreach m,$(MAN5),install -D -m 0644 $(m) \
		$(DESTDIR)$(mandir)/man5/$(notdir $(m)) &&) true
	install -D -m 0644 keepalived.conf.example \
		$(DESTDIR)$(docdir)/keepalived.conf.example

uninstall:
	rm -f $(DESTDIR)$(sbindir)/keepalived \
		$(addprefix $(DESTDIR)$(mandir)/man8/,$(notdir $(MAN8))) \
		$(addprefix $(DESTDIR)$(mandir)/man5/,$(notdir $(MAN5))) \
		$(DESTDIR)$(docdir)/keepalived.conf.example \
		$(DESTDIR)$(initddir)/keepalived \
		$(DESTDIR)$(systemdunitdir)/keepalived.service
	if cmp -s etc/default/keepalived $(DESTDIR)$(defaultdir)/keepalived; \
	then rm -f $(DESTDIR)$(defaultdir)/keepalived; fi

clean:
	rm -rf build build-san $(FUZZ_BUILD)

distclean: clean
	rm -f config.mk config.h config.log config.status configure
	rm -rf autom4te.cache

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
