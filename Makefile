# vsw: build, test and demo. See README.md.
#
#   make            BPF objects, skeletons, libraries and tools into build/
#   make deps       install the Debian packages the build and tests need
#   make check      every test: unit, datapath (BPF_PROG_TEST_RUN), selftests
#   make demo       a switch over network namespaces, traffic, counters
.DELETE_ON_ERROR:
.SUFFIXES:

BUILD     ?= build
CC        ?= gcc
CLANG     ?= clang
BPFTOOL   ?= bpftool
ARCH      := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')
MULTIARCH := $(shell $(CC) -print-multiarch 2>/dev/null)

INCLUDES  := -Iinclude -Iuser -I$(BUILD)
CFLAGS    ?= -O2 -g
CFLAGS    += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter $(INCLUDES)
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	      -Iinclude -Ibpf $(if $(MULTIARCH),-I/usr/include/$(MULTIARCH))
LIBS      := -lbpf -lelf -lz

BPF_OBJS  := $(BUILD)/vsw.bpf.o $(BUILD)/test_helpers.bpf.o
SKELS     := $(BUILD)/vsw.skel.h $(BUILD)/test_helpers.skel.h
LIB_SRCS  := user/datapath.c user/log.c user/vlan_set.c
LIB_OBJS  := $(patsubst user/%.c,$(BUILD)/user/%.o,$(LIB_SRCS))
LIB       := $(BUILD)/libvswdp.a
TOOLS     := $(BUILD)/vsw-dp
TEST_SRCS := $(wildcard tests/test_*.c)
TESTS     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

DEB_PACKAGES := make gcc clang llvm libbpf-dev libxdp-dev bpftool libelf-dev zlib1g-dev \
	pkg-config libcriterion-dev iproute2 tcpdump python3-scapy ethtool iputils-ping \
	linux-libc-dev

.PHONY: all deps check unit-check selftest demo clean
all: $(BPF_OBJS) $(SKELS) $(LIB) $(TOOLS) $(TESTS)

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else echo "deps: all installed"; fi

$(BUILD) $(BUILD)/user $(BUILD)/tests:
	mkdir -p $@

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(wildcard bpf/*.h include/*.h) | $(BUILD)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/test_helpers.bpf.o: tests/bpf/test_helpers.bpf.c | $(BUILD)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< > $@

$(BUILD)/user/%.o: user/%.c $(wildcard user/*.h include/*.h) $(SKELS) | $(BUILD)/user
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	ar rcs $@ $^

$(BUILD)/vsw-dp: selftests/tools/vsw-dp.c $(LIB)
	$(CC) $(CFLAGS) $< -o $@ $(LIB) $(LIBS)

$(BUILD)/tests/%: tests/%.c tests/testlib.h tests/testlib.c $(LIB) $(SKELS) | $(BUILD)/tests
	$(CC) $(CFLAGS) -Itests $< tests/testlib.c -o $@ $(LIB) $(LIBS) -lcriterion

unit-check: all
	@tests/run-unit.sh $(TESTS)

selftest: all
	@selftests/run.sh

check: unit-check selftest

demo: all
	@selftests/demo.sh

clean:
	rm -rf $(BUILD)
