# vsw: build, test and demo. See README.md.
#
#   make            BPF objects, skeletons, libraries and tools into build/
#   make deps       install the Debian packages the build and tests need
#   make check      every test: unit, datapath (BPF_PROG_TEST_RUN), selftests
#   make demo       a switch over network namespaces, traffic, counters
#   make perf       the benchmark against the machine's limit and the peers
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
LIBS      := -lbpf -lxdp -lelf -lz -lpthread

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
	     $(BUILD)/vm-verify $(BUILD)/vmm-relay
# vswctl and its client library (ctl/client.h), which other programs link.
CTL_LIB   := $(BUILD)/libvswctl.a
VSWCTL    := $(BUILD)/vswctl
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
	qemu-system-x86 busybox-static cpio xz-utils kmod
# qemu-system-x86, busybox-static, cpio, xz-utils, kmod: the kernel matrix
# (check-kernels) and the real guest of selftests/test_guest.sh, which boot
# Debian's own kernel packages; docs/kernels.md.

.PHONY: all deps check unit-check fuzz-check selftest demo perf check-kernels clean
all: $(BPF_OBJS) $(SKELS) $(EXT_OBJS) $(TEST_EXT_OBJS) $(COMMON_LIB) $(LIB) $(TULIP_LIB) $(DAEMON) $(TOOLS) $(VSWCTL) $(TESTS)

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
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

# A VMM and guest driver for the legacy NIC's selftest and benchmark.
$(BUILD)/legacy-guest: selftests/tools/legacy-guest.c tests/vfu_client.c tests/vfu_client.h \
		tests/tulip_bitbang.h user/tulip/vfio_user.h | $(BUILD)
	$(CC) $(CFLAGS) -Itests selftests/tools/legacy-guest.c tests/vfu_client.c -o $@ -lz

# A VMM whose guest is a kernel stack in a netns (selftests/test_tcp.sh).
$(BUILD)/vmm-relay: selftests/tools/vmm-relay.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

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

# vswctl links no datapath, nor libbpf: the common words, libmnl, json-c
# and libpcap (captures come over the socket); tests/vswctl_links.sh
# checks it.
# Its files: vswctl.h says which does what.
VSWCTL_OBJS := $(patsubst ctl/%.c,$(BUILD)/ctl/%.o,$(filter-out ctl/client.c,$(wildcard ctl/*.c)))
$(VSWCTL): $(VSWCTL_OBJS) $(CTL_LIB) $(COMMON_LIB)
	$(CC) $(CFLAGS) $(VSWCTL_OBJS) -o $@ $(CTL_LIB) $(COMMON_LIB) -lmnl -ljson-c -lpcap

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
# FUZZ_SRCS_NAME, FUZZ_INC_NAME and FUZZ_LIBS_NAME; FUZZERS lists them as
# NAME:MAX_LEN (the longest input worth trying). Corpora grow in
# build/fuzz-corpus/NAME.
FUZZ_SECONDS ?= 30
FUZZERS := ctl_msg:8192 tulip:16384 vfio_user:8192
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
FUZZ_BINS := $(foreach f,$(FUZZERS),$(BUILD)/fuzz_$(firstword $(subst :, ,$(f))))

.SECONDEXPANSION:
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRCS_$$*) $(wildcard user/*/*.h include/*.h) | $(BUILD)
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$(FUZZ_INC_$*) $< $(FUZZ_SRCS_$*) -o $@ $(FUZZ_LIBS_$*)

fuzz-check: $(FUZZ_BINS)
	@for f in $(FUZZERS); do \
		name=$${f%%:*}; \
		mkdir -p $(BUILD)/fuzz-corpus/$$name; \
		echo "== fuzz_$$name ($(FUZZ_SECONDS)s)"; \
		$(BUILD)/fuzz_$$name -max_total_time=$(FUZZ_SECONDS) -max_len=$${f#*:} \
			$(BUILD)/fuzz-corpus/$$name 2>&1 | \
			grep -E '^(Done|==|SUMMARY|INFO: -max_total_time)'; \
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

# Debian's 6.1 and 6.12 in QEMU, each running the datapath load, the
# forwarding selftests and a traffic check (docs/kernels.md). KERNELS=...
check-kernels: all
	@selftests/vm/check-kernels.sh

clean:
	rm -rf $(BUILD)
