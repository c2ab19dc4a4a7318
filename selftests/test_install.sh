#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# What 'make install' gives a user, from this build:
#   1. the man pages vswd(8) and vswctl(8): groff finds no fault in them,
#      and they name every option, object, verb and keyword that the
#      programs' --help lists;
#   2. make install DESTDIR=... puts each file where the paths say, with
#      its mode, keeps an operator's vswd.conf; make uninstall removes all
#      of it but an edited vswd.conf;
#   3. vswctl finds a shipped extension by its bare name (here: build/ext
#      beside build/vswctl) and says where it looked when it cannot;
#   4. bash completion: objects, verbs, keywords, fixed values and the
#      names of the switches, ports, NICs and extensions of a running vswd.
# The Debian package is selftests/test_deb.sh.
source "$(dirname "$0")/lib/lib.sh"
source "$VSW_TOP/selftests/lib/vswd.sh"

vsw_lib_init
trap 'stop_vswd c1-$SUFFIX; cleanup' EXIT

# ---- 1. man pages
# man_text PAGE: the page as plain text, one paragraph a line, no hyphens.
man_text() {
	MANWIDTH=1000 MAN_KEEP_FORMATTING='' man --nh --nj -l "$1" 2>/dev/null | col -b
}
# help_words PROGRAM: the literal words of its usage (lower case; the
# placeholders are upper case), and its options.
help_words() {
	"$1" --help | awk '/^Commands:/ { c = 1; next } /^Arguments:/ { c = 0 } c' |
		grep -E '^  vswctl |^ {8}[a-z]|^ {10}[[a-z]' | sed -E 's/^ +//; s/  .*//' |
		tr ' []|(),' '\n' | grep -E '^-?[a-z][a-z0-9-]*$'
	"$1" --help | grep -E '^  -' | grep -oE -- '(^| )--?[a-z][a-z-]*' | tr -d ' '
}
for prog in vswd vswctl; do
	page="$VSW_TOP/docs/man/$prog.8"
	warn=$(groff -man -ww -z "$page" 2>&1; MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	[ -z "$warn" ] && pass "$prog.8: no groff warnings" || fail "$prog.8: groff says: $warn"
	text=$(man_text "$page")
	[ "$(head -n1 <<<"$text" | awk '{ print $1 }')" = "${prog^^}(8)" ] ||
		fail "$prog.8: its header is not ${prog^^}(8): $(head -n1 <<<"$text")"
	missing=()
	words=$(help_words "$VSW_TOP/build/$prog" | sort -u)
	for w in $words; do
		grep -qE -- "(^|[^a-z-])$w([^a-z-]|$)" <<<"$text" || missing+=("$w")
	done
	n=$(wc -w <<<"$words")
	[ "$n" -gt 10 ] || fail "$prog --help: only $n words found; the test reads it wrongly"
	[ ${#missing[@]} = 0 ] && pass "$prog.8 names all $n options and keywords of $prog --help" ||
		fail "$prog.8 lacks: ${missing[*]}"
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
		grep -qx "$s" <<<"$text" || fail "$prog.8 has no section $s"
	done
done

# ---- 2. make install / uninstall
LIBDIR=$(sed -n 's/^#define VSW_LIBDIR "\(.*\)"/\1/p' "$VSW_TOP/build/vsw_paths.h")
PREFIX=${LIBDIR%/lib/vsw}
[ -n "$PREFIX" ] || { fail "no VSW_LIBDIR in build/vsw_paths.h"; exit 1; }
D="$TMPD/root"
mk() { make -s -C "$VSW_TOP" --no-print-directory "$@" DESTDIR="$D"; }
out=$(mk install 2>&1) || fail "make install: $out"
SYSCONF=$PREFIX/etc
[ "$PREFIX" = /usr ] && SYSCONF=/etc
want=(
	"755 $PREFIX/sbin/vswd" "755 $PREFIX/bin/vswctl" "755 $PREFIX/sbin/vsw-qemu-ifup"
	"755 $PREFIX/lib/cni/vsw"
	"644 $LIBDIR/vsw.bpf.o" "644 $LIBDIR/legacy_xsk.bpf.o"
	"644 $LIBDIR/ext/drop_ethertype.bpf.o" "644 $LIBDIR/ext/sample.bpf.o"
	"644 $LIBDIR/ext/steer_mac.bpf.o"
	"644 $PREFIX/lib/systemd/system/vswd.service"
	"644 $PREFIX/share/man/man8/vswd.8" "644 $PREFIX/share/man/man8/vswctl.8"
	"644 $PREFIX/share/bash-completion/completions/vswctl"
	"644 $SYSCONF/vsw/vswd.conf"
	"644 $PREFIX/share/vsw/vsw-alerts.yml" "644 $PREFIX/share/vsw/vsw-dashboard.json"
)
got=$(cd "$D" && find . -type f -printf '%m /%P\n' | sort)
exp=$(printf '%s\n' "${want[@]}" | sort)
[ "$got" = "$exp" ] && pass "make install: ${#want[@]} files under PREFIX $PREFIX, with their modes" ||
	fail "make install put: $(diff <(echo "$exp") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
[ "$(readlink "$D$PREFIX/sbin/vsw-qemu-ifdown")" = vsw-qemu-ifup ] ||
	fail "$PREFIX/sbin/vsw-qemu-ifdown is not a link to vsw-qemu-ifup"
grep -q "^ExecStart=$PREFIX/sbin/vswd " "$D$PREFIX/lib/systemd/system/vswd.service" &&
	grep -q "^EnvironmentFile=-$SYSCONF/vsw/vswd.conf" "$D$PREFIX/lib/systemd/system/vswd.service" &&
	pass "the unit runs $PREFIX/sbin/vswd with $SYSCONF/vsw/vswd.conf" ||
	fail "the unit's paths: $(grep -E '^(ExecStart|EnvironmentFile)' "$D$PREFIX/lib/systemd/system/vswd.service")"
"$D$PREFIX/bin/vswctl" --help | grep -q "extension, from $LIBDIR/ext" &&
	pass "the installed vswctl looks for shipped extensions in $LIBDIR/ext" ||
	fail "the installed vswctl does not name $LIBDIR/ext"
"$D$PREFIX/sbin/vswd" --help | tr -s ' \n' '  ' | grep -q "default: $LIBDIR/ext," &&
	pass "the installed vswd loads extensions from $LIBDIR/ext by default" ||
	fail "vswd --help does not name $LIBDIR/ext as its default"
cmp -s "$VSW_TOP/build/ext/sample.bpf.o" "$D$LIBDIR/ext/sample.bpf.o" ||
	fail "the installed sample.bpf.o is not the build's"

# The operator's vswd.conf survives a reinstall and an uninstall.
echo 'VSWD_OPTS="--group netdev"' >"$D$SYSCONF/vsw/vswd.conf"
out=$(mk install 2>&1) || fail "make install again: $out"
grep -q -- --group "$D$SYSCONF/vsw/vswd.conf" && pass "a second install keeps an edited vswd.conf" ||
	fail "a second install overwrote vswd.conf"
out=$(mk uninstall 2>&1) || fail "make uninstall: $out"
left=$(cd "$D" && find . -type f -printf '/%P\n')
[ "$left" = "$SYSCONF/vsw/vswd.conf" ] && pass "make uninstall leaves only the edited vswd.conf" ||
	fail "make uninstall left: $(echo $left)"
rm -f "$D$SYSCONF/vsw/vswd.conf"
out=$(mk install 2>&1 && mk uninstall 2>&1) || fail "install, uninstall: $out"
left=$(cd "$D" && find . \( -type f -o -type l -o -path '*vsw*' \) -printf '/%P\n')
[ -z "$left" ] && pass "install then uninstall leaves no file and no vsw directory" ||
	fail "make uninstall left: $(echo $left)"

# ---- 3. shipped extensions by name, and 4. completion, with a vswd on
# its default extension directories (build/vswd: build/ext too)
VSWD_DEFAULT_EXT=1 start_vswd || { fail "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
new_ns "c1-$SUFFIX" || exit 1
out=$( { ctl switch add sw0 && ctl switch add sw1 && ctl port add p1 switch sw0 &&
	ctl port add p2 switch sw0 vlan trunk 10 && ctl nic add "c1-$SUFFIX" type host netns "c1-$SUFFIX" &&
	ctl nic connect "c1-$SUFFIX" port p1; } 2>&1) || fail "setup: $out"
# From a directory without it: found in build/ext, beside build/vswctl.
out=$(cd "$TMPD" && ctl ext add sw0 no-v6 kind filter stage ingress \
	object drop_ethertype.bpf.o program drop_ethertype_in set ethertype=0x86dd 2>&1)
obj=$(ctl -j ext show sw0 no-v6 2>/dev/null | jq -r '.[0].object')
[ "$obj" = "$VSW_TOP/build/ext/drop_ethertype.bpf.o" ] &&
	pass "ext add ... object drop_ethertype.bpf.o: build/ext's, loaded by build/vswd by default" ||
	fail "ext add by bare name: '$out', object '$obj'"
out=$(cd "$TMPD" && ctl ext add sw0 x kind filter stage ingress object nosuch.bpf.o 2>&1)
rc=$?
[ $rc = 2 ] && [[ $out == *"nosuch.bpf.o"*"nor a shipped extension in $LIBDIR/ext"* ]] &&
	pass "an unknown object is a usage error naming where vswctl looked" ||
	fail "unknown object: exit $rc, '$out'"

source "$VSW_TOP/build/vswctl.bash-completion"
# completes LINE WORD...: completing the end of LINE offers exactly WORD...
completes() {
	local line=$1 got want
	shift
	read -ra COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line COMP_POINT=${#line}
	_vswctl 2>/dev/null
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$got" = "$want" ] || fail "completing '$line': got '$got', want '$want'"
}
C="$VSWCTL -s $SOCK"
completes "$VSWCTL " switch port nic fdb stats trace capture ext acl version help
completes "$VSWCTL -" -s --socket -j --json -h --help
completes "$C n" nic
completes "$C nic " add connect disconnect del show help
completes "$C switch del " sw0 sw1
completes "$C -j port show " p1 p2
completes "$C port add p3 switch " sw0 sw1
completes "$C port add p3 switch sw0 vlan " access trunk
completes "$C port set p1 m" mac-guard max-rate mirror
completes "$C port set p1 mac-guard " on off default
completes "$C nic connect c1-$SUFFIX port p" p1 p2
completes "$C nic del " "c1-$SUFFIX"
completes "$C nic add v1 type " host vm physical legacy
completes "$C nic add v1 type vm " tap owner group queues mac
completes "$C nic add v1 type host " netns ifname mac
completes "$C stats " switch port nic
completes "$C stats switch " sw0 sw1
completes "$C ext show sw0 " no-v6
completes "$C ext add sw0 y kind " capture filter forward
completes "$C ext add sw0 y kind filter st" stage
completes "$C ext add sw0 y kind filter stage ingress object drop_" drop_ethertype.bpf.o
completes "$C acl add p1 dir in action " allow deny meter
completes "$C fdb flush sw0 " port vlan
completes "$C capture " p1 p2
[ $ret = 0 ] && pass "bash completion: objects, verbs, keywords, values, and vswd's names"
exit $ret
