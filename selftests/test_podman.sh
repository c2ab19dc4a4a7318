#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Debian's podman (4.3) with its CNI backend runs a container on a vsw
# switch through the CNI plugin build/cni/vsw:
#
#   hh (10.82.0.1) -- host NIC -- ph \
#                                      sw0 (vswd)
#   container (eth0 10.82.0.100) -- c<hash> /   (podman -> CNI ADD)
#
# The image is made here from busybox-static and imported (no registry).
# A container started with --network on a vsw network gets eth0 with
# host-local's address and pings the host through the switch; vswd shows
# its port and NIC (eth0 in podman's netns); 'podman rm' makes podman call
# DEL, and the port, the NIC and the address are gone.
#
# Everything of podman's is the test's own: containers.conf (CNI backend,
# plugin and network directories under $TMPD, runc with cgroupfs, limits
# a container may set in this sandbox), storage and run root under $TMPD;
# the trap removes the containers and the storage.
source "$(dirname "$0")/lib/lib.sh"
source "$VSW_TOP/selftests/lib/vswd.sh"

# Cannot run: a skip that says why (run.sh fails it under CI).
cannot() {
	log "cannot run: $*"
	exit 4
}
command -v podman >/dev/null || cannot "no podman (make deps installs it)"
command -v runc >/dev/null || cannot "no runc (make deps installs it)"
CNI_DIR=${CNI_DIR:-/usr/lib/cni}
[ -x "$CNI_DIR/host-local" ] || cannot "no $CNI_DIR/host-local (containernetworking-plugins)"
case $(ldd /bin/busybox 2>&1) in *"not a dynamic"*) ;; *) cannot "/bin/busybox is not busybox-static" ;; esac

NET="vswtest-$SUFFIX"
IMAGE=localhost/vsw-busybox:test
pod() { podman --root "$TMPD/storage" --runroot "$TMPD/run" --storage-driver vfs "$@"; }
# Directories podman and libcni make on first use whatever the options
# (the image blob cache, the CNI result cache): removed if the test made them.
MADE=()
for d in /var/lib/containers /var/lib/cni; do [ -e "$d" ] || MADE+=("$d"); done
finish() {
	pod rm -af -t 0 >/dev/null 2>&1
	pod rmi -af >/dev/null 2>&1
	stop_vswd "hh-$SUFFIX"
	rm -rf "${MADE[@]}"
	# vfs layers may hold read-only directories
	chmod -R u+w "$TMPD/storage" 2>/dev/null
	cleanup
}
vsw_lib_init
trap finish EXIT

# podman's configuration, all under $TMPD.
mkdir -p "$TMPD/cni-bin" "$TMPD/cni-conf" "$TMPD/ipam"
ln -s "$VSW_TOP/build/cni/vsw" "$TMPD/cni-bin/vsw"
ln -s "$CNI_DIR/host-local" "$TMPD/cni-bin/host-local"
export CONTAINERS_CONF="$TMPD/containers.conf"
cat >"$CONTAINERS_CONF" <<EOF
[containers]
# setrlimit above these is refused in this sandbox
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
tmp_dir = "$TMPD/libpod"
[network]
network_backend = "cni"
cni_plugin_dirs = ["$TMPD/cni-bin"]
network_config_dir = "$TMPD/cni-conf"
EOF
cat >"$TMPD/cni-conf/$NET.conflist" <<EOF
{ "cniVersion": "1.0.0", "name": "$NET",
  "plugins": [ { "type": "vsw", "switch": "sw0", "socket": "$SOCK",
                 "ipam": { "type": "host-local", "dataDir": "$TMPD/ipam",
                           "ranges": [[{ "subnet": "10.82.0.0/24", "rangeStart": "10.82.0.100" }]] } } ] }
EOF

# The image: busybox-static and its applets, imported.
R="$TMPD/rootfs"
mkdir -p "$R/bin" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" "$R/etc"
cp /bin/busybox "$R/bin/"
for a in sh ip ping sleep cat; do ln -s busybox "$R/bin/$a"; done
tar -C "$R" -cf "$TMPD/rootfs.tar" .
out=$(pod import "$TMPD/rootfs.tar" "$IMAGE" 2>&1) || { fail "podman import: $out"; exit 1; }

start_vswd || { fail "vswd did not start: $(cat "$TMPD/vswd.log")"; exit 1; }
new_ns "hh-$SUFFIX" || exit 1
out=$( { ctl switch add sw0 && ctl port add ph switch sw0 &&
	ctl nic add "hh-$SUFFIX" type host netns "hh-$SUFFIX" && ctl nic connect "hh-$SUFFIX" port ph; } 2>&1) ||
	{ fail "setup: $out"; exit 1; }
ip -n "hh-$SUFFIX" addr add 10.82.0.1/24 dev "hh-$SUFFIX"

pod network ls --format '{{.Name}} {{.Driver}}' 2>&1 | grep -q "^$NET vsw$" &&
	pass "podman (CNI backend) lists network $NET, driver vsw" ||
	fail "podman network ls: $(pod network ls 2>&1)"

# A container on the network, running.
start=$(date +%s)
out=$(pod run -d --name "c1-$SUFFIX" --network "$NET" "$IMAGE" sleep 120 2>&1) ||
	{ fail "podman run: $out"; exit 1; }
port=$(ctl port show 2>/dev/null | awk '{ print $2 }' | grep -E '^c[0-9a-f]{8}$')
nic=$(ctl -j nic show "$port" 2>/dev/null | jq -r '.[0] | "\(.ifname) \(.netns) \(.link)"')
[ -n "$port" ] && [[ $nic == "eth0 /run/netns/"*" up" ]] &&
	pass "podman run: vswd has port $port, NIC eth0 in $(cut -d' ' -f2 <<<"$nic"), link up" ||
	fail "vswd after podman run: port '$port', nic '$nic'"
out=$(pod exec "c1-$SUFFIX" ip -4 addr show eth0 2>&1)
[[ $out == *"10.82.0.100/24"* ]] && pass "the container's eth0 has 10.82.0.100/24" ||
	fail "the container's eth0: $out"
out=$(pod exec "c1-$SUFFIX" ping -c 3 -i 0.2 -W 2 10.82.0.1 2>&1)
[[ $out == *"3 packets received"* ]] && pass "the container pings the host through sw0" ||
	fail "ping from the container: $out"
out=$(pod inspect "c1-$SUFFIX" --format '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.MacAddress}}{{end}}' 2>&1)
mac=$(ctl -j nic show "$port" | jq -r '.[0].mac')
[ "$out" = "10.82.0.100 $mac" ] && pass "podman inspect: the plugin's result (10.82.0.100, $mac)" ||
	fail "podman inspect: '$out', vswd's MAC $mac"

# Removed: podman calls DEL.
out=$(pod rm -f -t 0 "c1-$SUFFIX" 2>&1) || fail "podman rm: $out"
[ -z "$(ctl port show "$port" 2>/dev/null)" ] && [ -z "$(ctl nic show "$port" 2>/dev/null)" ] &&
	[ ! -e "$TMPD/ipam/$NET/10.82.0.100" ] &&
	pass "podman rm: port, NIC and address gone" ||
	fail "after podman rm: $(ctl port show 2>&1); $(ls "$TMPD/ipam/$NET" 2>&1)"

# A short-lived one: run --rm, the same way in and out.
out=$(pod run --rm --network "$NET" "$IMAGE" sh -c 'ip -4 -o addr show eth0; ping -c 2 -W 2 10.82.0.1' 2>&1)
[[ $out == *"inet 10.82.0.1"[0-9][0-9]"/24"* && $out == *"2 packets received"* ]] &&
	[ -z "$(ctl port show 2>/dev/null | awk '{ print $2 }' | grep -E '^c[0-9a-f]{8}$')" ] &&
	pass "podman run --rm: address, ping, and nothing left after" || fail "podman run --rm: $out"
log "podman part: $(($(date +%s) - start))s"
exit $ret
