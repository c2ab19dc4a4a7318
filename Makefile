# vsw: build, test and demo. See README.md.
#
#   make            BPF objects, skeletons, libraries and tools into build/
#   make deps       install the Debian packages the build and tests need
#   make check      every test: unit, datapath (BPF_PROG_TEST_RUN), selftests
#   make demo       a switch over network namespaces, traffic, counters
#   make perf       the benchmark against the machine's limit and the peers
#   make soak       what vsw survives, in figures (docs/reliability.md)
#   make check-kernels  the datapath and selftests on Debian's kernels in QEMU
.DELETE_ON_ERROR:
.SUFFIXES:
SHELL := /bin/bash

BUILD     ?= build
CC        ?= gcc
CLANG     ?= clang
BPFTOOL   ?= bpftool
ARCH      := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)

# user/ has four rooms (user/*/README.md); a room sees the headers of the
# rooms below it only: common <- dp <- vswd, tulip alone, and vswctl (ctl/)
# sees common only. Programs and tests that wire everything see every room.
INC_COMMON := -Iinclude -Iuser/common
INC_DP     := $(INC_COMMON) -Iuser/dp -I$(BUILD)
INC_TULIP  := -Iuser/tulip
INC_CTL    := $(INC_COMMON) -Ictl
INCLUDES   := $(INC_DP) -Iuser/tulip -Iuser/vswd
CFLAGS    ?= -O2 -g
CFLAGS    += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter $(INCLUDES)
# -disable-block-placement: LLVM otherwise moves a loop's latch above its
# body and enters the loop in the middle; Linux 6.1's verifier (Debian 12)
# refuses that layout as a "back-edge" (tests/test_verifier.c checks for it).
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	      -mllvm -disable-block-placement \
	      -Iinclude -Ibpf $(if $(MULTIARCH),-I/usr/include/$(MULTIARCH))
LIBS      := -lbpf -lxdp -lelf -lz -lpthread -lmnl

BPF_OBJS  := $(BUILD)/vsw.bpf.o $(BUILD)/test_helpers.bpf.o $(BUILD)/perf.bpf.o \
	     $(BUILD)/legacy_xsk.bpf.o
SKELS     := $(BUILD)/vsw.skel.h $(BUILD)/test_helpers.skel.h $(BUILD)/perf.skel.h \
	     $(BUILD)/legacy_xsk.skel.h
# The words the client and the daemon share (user/common/).
COMMON_SRCS := $(wildcard user/common/*.c)
COMMON_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(COMMON_SRCS))
COMMON_LIB  := $(BUILD)/libvswcommon.a
# The datapath library (user/dp/): loads and drives the BPF programs.
LIB_SRCS  := $(wildcard user/dp/*.c)
LIB_OBJS  := $(patsubst user/%.c,$(BUILD)/user/%.o,$(LIB_SRCS))
LIB       := $(BUILD)/libvswdp.a
TOOLS     := $(BUILD)/vsw-dp $(BUILD)/vsw-perf $(BUILD)/bench_ext $(BUILD)/legacy-guest \
	     $(BUILD)/vm-verify $(BUILD)/vmm-relay $(BUILD)/ctl-load $(BUILD)/evpn-probe
# vswctl and its client library (ctl/client.h), which other programs link.
CTL_LIB   := $(BUILD)/libvswctl.a
VSWCTL    := $(BUILD)/vswctl
# The CNI plugin 'vsw' (cni/, docs/operator-guide.md "Containers").
CNI_PLUGIN := $(BUILD)/cni/vsw
# vswd: the daemon's parts in a library of their own, so tests link them.
DAEMON_SRCS := $(filter-out user/vswd/vswd.c,$(wildcard user/vswd/*.c))
DAEMON_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(DAEMON_SRCS))
DAEMON_LIB  := $(BUILD)/libvswd.a
DAEMON      := $(BUILD)/vswd
# The emulated DEC 21140A (docs/legacy-nic.md): a device model and its
# vfio-user server, knowing nothing of the switch, in a library of their own.
TULIP_SRCS := $(wildcard user/tulip/*.c)
TULIP_OBJS := $(patsubst user/%.c,$(BUILD)/user/%.o,$(TULIP_SRCS))
TULIP_LIB  := $(BUILD)/libtulip.a
# Extensions: the shipped examples, and the tests' own.
EXT_OBJS  := $(patsubst bpf/ext/%.bpf.c,$(BUILD)/ext/%.bpf.o,$(wildcard bpf/ext/*.bpf.c))
TEST_EXT_OBJS := $(patsubst tests/bpf/%.bpf.c,$(BUILD)/tests/bpf/%.bpf.o,$(wildcard tests/bpf/ext_*.bpf.c))
TEST_SRCS := $(wildcard tests/test_*.c)
TESTS     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

DEB_PACKAGES := make gcc clang llvm libbpf-dev libxdp-dev bpftool libelf-dev zlib1g-dev \
	pkg-config libcriterion-dev iproute2 tcpdump python3-scapy ethtool iputils-ping \
	linux-libc-dev libmnl-dev libjson-c-dev libclang-rt-14-dev \
	openvswitch-switch libmicrohttpd-dev libpcap-dev prometheus curl tshark jq bc iperf3 \
	qemu-system-x86 busybox-static cpio xz-utils kmod dnsmasq-base \
	debhelper dpkg-dev systemd man-db containernetworking-plugins podman runc frr \
	libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
# qemu-system-x86, busybox-static, cpio, xz-utils, kmod: the kernel matrix
# (check-kernels) and the real guest of selftests/test_guest.sh, which boot
# Debian's own kernel packages; docs/kernels.md. dnsmasq-base: the DHCP and
# TFTP server of selftests/test_pxe.sh (the binary only, no system service).
# debhelper, dpkg-dev, systemd, man-db: the Debian package and the
# installed files (selftests/test_deb.sh, test_install.sh).
# containernetworking-plugins (host-local IPAM), podman, runc: the CNI
# plugin (test_cni.sh, test_podman.sh). libvirt-*: test_libvirt.sh.
# frr: zebra and bgpd, the BGP EVPN control plane beside vswd --evpn
# (test_evpn.sh, test_multihost.sh; docs/multihost.md).
# These without their recommends: libvirt's would bring QEMU for every
# architecture, podman's buildah and a second network stack.
DEB_NO_RECOMMENDS := podman libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients

# make install: where things go. PREFIX and DESTDIR as usual, each
# directory can be set on its own (GNU names). vswctl and the scripts have
# these paths compiled in ($(BUILD)/vsw_paths.h): a changed PREFIX rebuilds
# them.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
SBINDIR     ?= $(PREFIX)/sbin
LIBDIR      ?= $(PREFIX)/lib
VSWLIBDIR   ?= $(LIBDIR)/vsw
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
SYSCONFDIR  ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR     ?= $(LIBDIR)/systemd/system
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
# Where container runtimes look for CNI plugins (podman, containerd: /usr/lib/cni).
CNIDIR      ?= $(LIBDIR)/cni
INSTALL     ?= install
# Made from contrib/*.in with the paths above.
GENERATED   := $(BUILD)/vswd.service $(BUILD)/vswctl.bash-completion $(BUILD)/vsw-qemu-ifup \
	       $(BUILD)/vsw-qemu-ifdown
MANPAGES    := docs/man/vswd.8 docs/man/vswctl.8
# Prometheus alerting rules and a Grafana dashboard (selftests/test_monitoring.sh).
MONITORING  := contrib/prometheus/vsw-alerts.yml contrib/grafana/vsw-dashboard.json

.PHONY: all deps check unit-check fuzz-check selftest demo perf soak check-kernels clean \
	installable install uninstall FORCE
all: $(BPF_OBJS) $(SKELS) $(EXT_OBJS) $(TEST_EXT_OBJS) $(COMMON_LIB) $(LIB) $(TULIP_LIB) $(DAEMON) $(TOOLS) \
	$(VSWCTL) $(TESTS) $(GENERATED) $(CNI_PLUGIN)

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	bare=$$(for p in $$missing; do case " $(DEB_NO_RECOMMENDS) " in *" $$p "*) echo $$p;; esac; done); \
	rest=$$(for p in $$missing; do case " $(DEB_NO_RECOMMENDS) " in *" $$p "*) ;; *) echo $$p;; esac; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		{ [ -z "$$rest" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$rest; } && \
		{ [ -z "$$bare" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $$bare; }; \
	else echo "deps: all installed"; fi

$(BUILD) $(BUILD)/tests $(BUILD)/ctl $(BUILD)/ext $(BUILD)/tests/bpf:
	mkdir -p $@

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(wildcard bpf/*.h include/*.h) | $(BUILD)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/test_helpers.bpf.o: tests/bpf/test_helpers.bpf.c | $(BUILD)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/perf.bpf.o: selftests/perf/perf.bpf.c selftests/perf/perf_loop.h | $(BUILD)
	$(CLANG) $(BPF_CFLAGS) -Iselftests/perf -c $< -o $@

$(BUILD)/ext/%.bpf.o: bpf/ext/%.bpf.c include/vsw_ext.h include/vsw_structs.h include/vsw_consts.h | $(BUILD)/ext
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/tests/bpf/%.bpf.o: tests/bpf/%.bpf.c include/vsw_ext.h include/vsw_structs.h include/vsw_consts.h | $(BUILD)/tests/bpf
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@

$(BUILD)/user/common/%.o: INCLUDES := $(INC_COMMON)
$(BUILD)/user/dp/%.o: INCLUDES := $(INC_DP)
$(BUILD)/user/tulip/%.o: INCLUDES := $(INC_TULIP)
$(BUILD)/user/%.o: user/%.c $(wildcard user/*/*.h include/*.h) $(SKELS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(COMMON_LIB): $(COMMON_OBJS)
	rm -f $@ && ar rcs $@ $^

$(LIB): $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(DAEMON_LIB): $(DAEMON_OBJS)
	rm -f $@ && ar rcs $@ $^

$(TULIP_LIB): $(TULIP_OBJS)
	rm -f $@ && ar rcs $@ $^

$(DAEMON): $(BUILD)/user/vswd/vswd.o $(DAEMON_LIB) $(TULIP_LIB) $(LIB) $(COMMON_LIB)
	$(CC) $(CFLAGS) $< -o $@ $(DAEMON_LIB) $(TULIP_LIB) $(LIB) $(COMMON_LIB) $(LIBS) -lmnl -ljson-c \
		-lmicrohttpd

# The extension slots' cost: selftests/perf/bench_ext.sh runs it.
$(BUILD)/bench_ext: selftests/perf/bench_ext.c include/vsw_ext.h include/vsw_structs.h | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@ $(LIBS)

$(BUILD)/vsw-dp: selftests/tools/vsw-dp.c $(LIB) $(COMMON_LIB)
	$(CC) $(CFLAGS) $< -o $@ $(LIB) $(COMMON_LIB) $(LIBS)

# A VMM and guest driver for the legacy NIC's selftests (PXE boot too) and
# benchmark.
$(BUILD)/legacy-guest: selftests/tools/legacy-guest.c selftests/tools/pxe_client.c \
		selftests/tools/pxe_client.h tests/vfu_client.c tests/vfu_client.h \
		tests/tulip_bitbang.h user/tulip/vfio_user.h | $(BUILD)
	$(CC) $(CFLAGS) -Itests -Iselftests/tools selftests/tools/legacy-guest.c \
		selftests/tools/pxe_client.c tests/vfu_client.c -o $@ -lz

# A VMM whose guest is a kernel stack in a netns (selftests/test_tcp.sh).
$(BUILD)/vmm-relay: selftests/tools/vmm-relay.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

# Many control clients at once (selftests/soak/ctl_load.sh).
$(BUILD)/ctl-load: selftests/tools/ctl-load.c include/vsw_ctl.h include/vsw_structs.h | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@ -lmnl

# vswd's EVPN module over a text model, beside FRR (selftests/test_evpn.sh).
$(BUILD)/evpn-probe: selftests/tools/evpn-probe.c $(DAEMON_LIB) $(LIB) $(COMMON_LIB)
	$(CC) $(CFLAGS) $< -o $@ $(DAEMON_LIB) $(LIB) $(COMMON_LIB) $(LIBS)

# The kernel matrix's per-program verifier report (selftests/vm/).
$(BUILD)/vm-verify: selftests/vm/vm-verify.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@ -lbpf

$(BUILD)/vsw-perf: selftests/perf/vsw-perf.c selftests/perf/loop.c selftests/perf/loop.h \
		selftests/perf/perf_loop.h $(BUILD)/perf.skel.h $(LIB) $(COMMON_LIB)
	$(CC) $(CFLAGS) -Iselftests/perf selftests/perf/vsw-perf.c selftests/perf/loop.c -o $@ \
		$(LIB) $(COMMON_LIB) $(LIBS)

$(BUILD)/ctl/%.o: INCLUDES := $(INC_CTL)
$(BUILD)/ctl/%.o: ctl/%.c $(wildcard ctl/*.h include/*.h user/*/*.h) | $(BUILD)/ctl
	$(CC) $(CFLAGS) -c $< -o $@

$(CTL_LIB): $(BUILD)/ctl/client.o
	rm -f $@ && ar rcs $@ $^

# The install paths, rewritten only when they change.
$(BUILD)/vsw_paths.h: FORCE | $(BUILD)
	@printf '%s\n' '/* made by make: the install paths */' \
		'#define VSW_LIBDIR "$(VSWLIBDIR)"' '#define VSW_BINDIR "$(BINDIR)"' \
		'#define VSW_SBINDIR "$(SBINDIR)"' '#define VSW_SYSCONFDIR "$(SYSCONFDIR)"' >$@.new
	@cmp -s $@.new $@ && rm $@.new || mv $@.new $@
FORCE:

PATH_USERS := $(BUILD)/ctl/vswctl.o $(BUILD)/ctl/cmd_ext.o
$(PATH_USERS) $(BUILD)/user/vswd/vswd.o: $(BUILD)/vsw_paths.h
$(PATH_USERS): INCLUDES := $(INC_CTL) -I$(BUILD)

SUBST_PATHS = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SBINDIR@|$(SBINDIR)|g' \
	    -e 's|@VSWLIBDIR@|$(VSWLIBDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g'
$(BUILD)/%: contrib/%.in $(BUILD)/vsw_paths.h
	$(SUBST_PATHS) $< >$@

# QEMU's network scripts (docs/operator-guide.md): one script, two names.
$(BUILD)/vsw-qemu-ifup: contrib/vsw-qemu-ifup.in $(BUILD)/vsw_paths.h
	$(SUBST_PATHS) $< >$@ && chmod 755 $@
$(BUILD)/vsw-qemu-ifdown: | $(BUILD)/vsw-qemu-ifup
	ln -sf vsw-qemu-ifup $@

# vswctl links no datapath, nor libbpf: the common words, libmnl, json-c
# and libpcap (captures come over the socket); tests/vswctl_links.sh
# checks it. Its files: vswctl.h says which does what.
VSWCTL_OBJS := $(patsubst ctl/%.c,$(BUILD)/ctl/%.o,$(filter-out ctl/client.c,$(wildcard ctl/*.c)))
$(VSWCTL): $(VSWCTL_OBJS) $(CTL_LIB) $(COMMON_LIB)
	$(CC) $(CFLAGS) $(VSWCTL_OBJS) -o $@ $(CTL_LIB) $(COMMON_LIB) -lmnl -ljson-c -lpcap

# A client like vswctl: the common words and the client library only.
$(CNI_PLUGIN): INCLUDES := $(INC_CTL)
$(CNI_PLUGIN): cni/vsw-cni.c ctl/client.h $(wildcard include/*.h user/common/*.h) $(CTL_LIB) \
		$(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< -o $@ $(CTL_LIB) $(COMMON_LIB) -lmnl -ljson-c

# The client library and vswctl against a fake vswd (tests/ctl_fake.h);
# vswctl's tests are one file per object in tests/vswctl/, as ctl/ has
# them, linked into one binary.
CTL_FAKE := tests/ctl_fake.c
VSWCTL_TEST_SRCS := $(wildcard tests/vswctl/*.c)
$(BUILD)/tests/test_client: TEST_OBJS := $(CTL_FAKE)
$(BUILD)/tests/test_client: $(CTL_FAKE) tests/ctl_fake.h
$(BUILD)/tests/test_vswctl: TEST_OBJS := $(CTL_FAKE) $(VSWCTL_TEST_SRCS) $(BUILD)/ctl/json_out.o
$(BUILD)/tests/test_vswctl: $(CTL_FAKE) tests/ctl_fake.h $(VSWCTL_TEST_SRCS) \
		$(BUILD)/ctl/json_out.o $(VSWCTL)

# The 21140A tests share a guest driver.
$(BUILD)/tests/test_tulip: TEST_OBJS := tests/tulip_guest.c
$(BUILD)/tests/test_tulip: tests/tulip_guest.c tests/tulip_guest.h tests/tulip_bitbang.h
$(BUILD)/tests/test_vfio_user: TEST_OBJS := tests/vfu_client.c
$(BUILD)/tests/test_vfio_user: tests/vfu_client.c tests/vfu_client.h

# The extension tests load objects by absolute path.
$(BUILD)/tests/test_ext: $(EXT_OBJS) $(TEST_EXT_OBJS)
$(BUILD)/tests/%: tests/%.c tests/testlib.h tests/testlib.c tests/test_macs.h $(DAEMON_LIB) $(CTL_LIB) $(LIB) $(TULIP_LIB) \
		$(COMMON_LIB) $(SKELS) | $(BUILD)/tests
	$(CC) $(CFLAGS) -DVSW_BUILD_DIR='"$(abspath $(BUILD))"' -Itests -Ictl $< tests/testlib.c -o $@ \
		$(TEST_OBJS) $(DAEMON_LIB) $(CTL_LIB) $(LIB) $(TULIP_LIB) $(COMMON_LIB) $(LIBS) -lmnl \
		-ljson-c -lmicrohttpd -lcriterion

# libFuzzer targets, each for a bounded time: tests/fuzz/fuzz_NAME.c with
# FUZZ_SRCS_NAME, FUZZ_INC_NAME and FUZZ_LIBS_NAME; FUZZ_TARGETS lists
# them as NAME:MAX_LEN (the longest input worth trying). Corpora are kept
# in the repo (tests/fuzz/corpus/NAME: read, never written by a run), what
# a run finds goes to $(BUILD)/fuzz-corpus/NAME. make soak runs them for
# 10 minutes each.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?= ctl_msg:8192 tulip:16384 vfio_user:8192
# the control-message parser and the port-settings decoder
FUZZ_SRCS_ctl_msg := user/vswd/ctl_msg.c $(COMMON_SRCS)
FUZZ_INC_ctl_msg := $(INCLUDES)
FUZZ_LIBS_ctl_msg := -lmnl
# the 21140A model: a guest's CSR writes and guest memory
FUZZ_SRCS_tulip := $(TULIP_SRCS)
FUZZ_INC_tulip := $(INC_TULIP)
FUZZ_LIBS_tulip := -lz
# its vfio-user server, whatever a VMM sends
FUZZ_SRCS_vfio_user := $(TULIP_SRCS)
FUZZ_INC_vfio_user := $(INC_TULIP)
FUZZ_LIBS_vfio_user := -lz
FUZZ_BINS := $(foreach t,$(FUZZ_TARGETS),$(BUILD)/fuzz_$(firstword $(subst :, ,$(t))))

.SECONDEXPANSION:
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRCS_$$*) $(wildcard user/*/*.h include/*.h) | $(BUILD)
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$(FUZZ_INC_$*) $< $(FUZZ_SRCS_$*) -o $@ $(FUZZ_LIBS_$*)

fuzz-check: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; maxlen=$${t#*:}; \
		mkdir -p $(BUILD)/fuzz-corpus/$$name; \
		echo "== fuzz_$$name ($(FUZZ_SECONDS)s)"; \
		$(BUILD)/fuzz_$$name -max_total_time=$(FUZZ_SECONDS) -max_len=$$maxlen \
			-print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz-corpus/$$name- \
			$(BUILD)/fuzz-corpus/$$name tests/fuzz/corpus/$$name 2>&1 | \
			grep -E '^(Done|==|SUMMARY|INFO: -max_total_time|#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units)'; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

unit-check: all
	@tests/run-unit.sh $(TESTS)
	@tests/vswctl_links.sh $(VSWCTL)

selftest: all
	@selftests/run.sh

# check-kernels last: the kernels it boots run the same build's tests.
check: unit-check fuzz-check selftest check-kernels

demo: all
	@selftests/demo.sh

# The benchmark (docs/performance.md): PERF_ARGS="--rounds 3" etc.
perf: all
	@selftests/perf/run.sh $(PERF_ARGS)

# What vsw survives (docs/reliability.md): about 40 minutes; not part of
# make check. SOAK_ARGS="mac_flood ctl_load" runs only those scenarios.
soak: all $(FUZZ_BINS)
	@selftests/soak/run.sh $(SOAK_ARGS)

# Debian's 6.1 and 6.12 in QEMU, each running the datapath load, the
# forwarding selftests and a traffic check (docs/kernels.md). KERNELS=...
check-kernels: all
	@selftests/vm/check-kernels.sh

# Only what is installed is built: no tests (debian/rules builds this).
installable: $(DAEMON) $(VSWCTL) $(CNI_PLUGIN) $(BUILD)/vsw.bpf.o $(BUILD)/legacy_xsk.bpf.o $(EXT_OBJS) \
	$(GENERATED)

install: installable
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(VSWLIBDIR)/ext \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(SYSCONFDIR)/vsw $(DESTDIR)$(DATADIR)/vsw $(DESTDIR)$(CNIDIR)
	$(INSTALL) -m 755 $(DAEMON) $(DESTDIR)$(SBINDIR)/vswd
	$(INSTALL) -m 755 $(VSWCTL) $(DESTDIR)$(BINDIR)/vswctl
	$(INSTALL) -m 755 $(BUILD)/vsw-qemu-ifup $(DESTDIR)$(SBINDIR)/vsw-qemu-ifup
	$(INSTALL) -m 755 $(CNI_PLUGIN) $(DESTDIR)$(CNIDIR)/vsw
	ln -sf vsw-qemu-ifup $(DESTDIR)$(SBINDIR)/vsw-qemu-ifdown
	$(INSTALL) -m 644 $(BUILD)/vsw.bpf.o $(BUILD)/legacy_xsk.bpf.o $(DESTDIR)$(VSWLIBDIR)
	$(INSTALL) -m 644 $(EXT_OBJS) $(DESTDIR)$(VSWLIBDIR)/ext
	$(INSTALL) -m 644 $(BUILD)/vswd.service $(DESTDIR)$(UNITDIR)/vswd.service
	$(INSTALL) -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 644 $(BUILD)/vswctl.bash-completion $(DESTDIR)$(BASHCOMPDIR)/vswctl
	$(INSTALL) -m 644 $(MONITORING) $(DESTDIR)$(DATADIR)/vsw
	@# the operator's file: never overwritten
	[ -e $(DESTDIR)$(SYSCONFDIR)/vsw/vswd.conf ] || \
		$(INSTALL) -m 644 contrib/vswd.conf $(DESTDIR)$(SYSCONFDIR)/vsw/vswd.conf

# Removes what install put; vswd.conf only as shipped, directories only
# when empty. vswd's state (/var/lib/vsw) is the operator's.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/vswd $(DESTDIR)$(BINDIR)/vswctl \
		$(DESTDIR)$(SBINDIR)/vsw-qemu-ifup $(DESTDIR)$(SBINDIR)/vsw-qemu-ifdown \
		$(DESTDIR)$(CNIDIR)/vsw \
		$(DESTDIR)$(VSWLIBDIR)/vsw.bpf.o $(DESTDIR)$(VSWLIBDIR)/legacy_xsk.bpf.o \
		$(addprefix $(DESTDIR)$(VSWLIBDIR)/ext/,$(notdir $(EXT_OBJS))) \
		$(DESTDIR)$(UNITDIR)/vswd.service $(DESTDIR)$(BASHCOMPDIR)/vswctl \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MANPAGES))) \
		$(addprefix $(DESTDIR)$(DATADIR)/vsw/,$(notdir $(MONITORING)))
	! cmp -s contrib/vswd.conf $(DESTDIR)$(SYSCONFDIR)/vsw/vswd.conf || \
		rm -f $(DESTDIR)$(SYSCONFDIR)/vsw/vswd.conf
	-rmdir $(DESTDIR)$(VSWLIBDIR)/ext $(DESTDIR)$(VSWLIBDIR) $(DESTDIR)$(SYSCONFDIR)/vsw \
		$(DESTDIR)$(DATADIR)/vsw $(DESTDIR)$(CNIDIR) 2>/dev/null

clean:
	rm -rf $(BUILD)
