#!/usr/bin/env bash
# vswctl carries no datapath (issue 14): it needs only the libraries below,
# and none of libvswdp's code or the embedded vsw.bpf.o may be linked in.
# Not libbpf either: captures come over the control socket, so vswctl
# opens nothing in bpffs.
set -u
bin=${1:-build/vswctl}
allowed='libmnl libjson-c libpcap libc'
fail() { echo "vswctl_links: FAIL: $*"; exit 1; }

[ -x "$bin" ] || fail "$bin is not built"
needed=$(readelf -d "$bin" | sed -n 's/.*Shared library: \[\([^].]*\)\..*/\1/p')
[ -n "$needed" ] || fail "readelf shows no NEEDED entries in $bin"
for lib in $needed; do
	case " $allowed " in
	*" $lib "*) ;;
	*) fail "$bin needs $lib (allowed: $allowed)" ;;
	esac
done
# The datapath library's entry points and libbpf's object loader (which
# the embedded skeleton would call) must be absent.
syms=$(nm "$bin") || fail "nm $bin"
for s in vsw_dp_create vsw_dp_open vsw_ext_add vsw_acl_apply vsw_trace_run; do
	grep -qw "$s" <<<"$syms" && fail "$bin defines $s"
done
nm -D "$bin" | grep -q 'bpf_obj_get\|bpf_object__\|perf_buffer__\|xdp_program__' &&
	fail "$bin imports libbpf or libxdp"
grep -qw vsw_drop_reason_name <<<"$syms" || fail "nm $bin finds no vsw_drop_reason_name: the check looks at the wrong file"
echo "vswctl_links: $bin needs only: $(echo $needed)"
