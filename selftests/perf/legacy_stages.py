#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Where the time of one frame through the legacy NIC goes, by stage.

Reads `perf script -F comm,tid,ip,sym` of a system-wide `perf record -a -g`
taken while bench_legacy.sh ran one direction, puts every sample in the
first stage whose rule matches its call chain, and prints CPU time per
stage in ns per frame that got through (and the share of the samples).

  legacy_stages.py FREQ_HZ FRAMES TITLE [debug] < perf-script-output

With a fourth argument it also prints the 40 most frequent call-chain
heads (leaf first) with the stage each went to, to check the rules.

A sample stands for 1/FREQ_HZ s of one CPU. On a machine without a PMU
(a VM) perf samples on the timer: time with interrupts off is charged
where they come back on, which the call chain still places in its stage.
"""
import sys

# (stage, test of the call chain: set of symbols, leaf symbol, comm)
KERNEL_STAGES = [
    ("switch XDP programs (ingress, FDB, egress)",
     lambda s, leaf: any(f.startswith("bpf_prog_") and "legacy_xsk" not in f for f in s)),
    ("switch port: skb copied into a page-pool page (skb_pp_cow_data)",
     lambda s, leaf: "skb_pp_cow_data" in s),
    ("AF_XDP receive: copy into UMEM, wake vswd",
     lambda s, leaf: s & {"__xsk_map_redirect", "__xsk_map_flush", "xsk_rcv", "__xsk_rcv",
                          "xsk_generic_rcv", "sock_def_readable", "__xsk_rcv_zc"}),
    ("redirect into the next veth (devmap, veth_xdp_xmit)",
     lambda s, leaf: s & {"__dev_flush", "bq_xmit_all", "veth_xdp_xmit", "veth_ndo_xdp_xmit",
                          "xdp_do_redirect", "dev_map_enqueue", "xdp_do_flush"}),
    ("AF_XDP transmit: skb freed, completion ring",
     lambda s, leaf: s & {"xsk_destruct_skb", "sock_wfree"}),
    ("sink: skb from XDP frame, GRO, IP input (the host NIC's stack)",
     lambda s, leaf: s & {"veth_xdp_rcv_bulk_skb", "netif_receive_skb_list_internal",
                          "napi_gro_receive", "dev_gro_receive", "gro_normal_list",
                          "ip_list_rcv", "__netif_receive_skb_list_core", "napi_complete_done"}),
    ("veth transmit and NAPI poll",
     lambda s, leaf: s & {"veth_xmit", "veth_poll", "net_rx_action", "__napi_poll",
                          "veth_xdp_rcv", "veth_xdp_rcv_skb"}),
    ("AF_XDP transmit: skb built from UMEM (copy mode)",
     lambda s, leaf: s & {"__xsk_generic_xmit", "xsk_sendmsg"}),
    ("generator: AF_PACKET send",
     lambda s, leaf: s & {"packet_sendmsg", "packet_snd", "__sys_sendmmsg"}),
]

USER_STAGES = [
    ("vswd: device model (tulip_*)", lambda s, leaf: leaf.startswith(("tulip_", "fcs_", "rx_",
                                                                      "tx_", "guest_mem"))),
    ("vswd: vfio-user server (vfu_*)", lambda s, leaf: leaf.startswith("vfu_")),
    ("vswd: AF_XDP rings (user side)", lambda s, leaf: leaf.startswith(("xsk_", "rx_batch",
                                                                        "wire_rx", "reclaim"))),
]


def classify(comm, stack):
    syms = set(stack)
    leaf = stack[0] if stack else ""
    if comm == "swapper" or comm.startswith("swapper"):
        return "idle"
    ours = comm in ("vswd", "legacy-guest", "vsw-perf") or comm.startswith(("ksoftirqd", "napi/"))
    if not ours:
        return "other processes (the machine's other load)"
    for name, test in KERNEL_STAGES:
        if test(syms, leaf):
            return name
    if comm == "legacy-guest":
        return "guest and its VMM (legacy-guest), with its system calls"
    if comm == "vsw-perf":
        return "generator: other"
    if syms & {"schedule", "__schedule", "do_epoll_wait", "ep_poll", "finish_task_switch",
               "try_to_wake_up", "schedule_hrtimeout_range_clock"}:
        return "sleeping and waking (epoll, scheduler)"
    if syms & {"unix_stream_recvmsg", "unix_stream_sendmsg", "__sys_recvmsg", "__sys_sendmsg",
               "eventfd_write", "eventfd_signal_mask", "__x64_sys_write", "__x64_sys_read"}:
        return "vswd: vfio-user socket and INTx eventfd system calls"
    if "do_syscall_64" in syms and len(stack) <= 5:
        return "vswd: system call entry and exit"
    for name, test in USER_STAGES:
        if test(syms, leaf):
            return name
    if comm.startswith(("ksoftirqd", "napi/")):
        return "kernel threads: other"
    return "vswd: other (timers, libc, page faults)"


def main():
    freq, frames, title = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    debug = len(sys.argv) > 4
    counts, total, leaves = {}, 0, {}
    comm, stack = None, []

    def flush():
        nonlocal total
        if comm is not None:
            st = classify(comm, stack)
            counts[st] = counts.get(st, 0) + 1
            if debug:
                key = (st, " < ".join(stack[:4]))
                leaves[key] = leaves.get(key, 0) + 1
            total += 1

    for line in sys.stdin:
        if not line.strip():
            flush()
            comm, stack = None, []
        elif not line[0].isspace():
            flush()
            comm, stack = line.rsplit(None, 1)[0] if line.split()[-1].isdigit() else line.strip(), []
        else:
            parts = line.split(None, 1)
            if len(parts) == 2:
                # inlined copies: veth_xdp_rcv_bulk_skb.isra.0 is veth_xdp_rcv_bulk_skb
                stack.append(parts[1].strip().split("+")[0].split(".")[0])
    flush()
    if not total or frames <= 0:
        print(f"{title}: no samples or no frames")
        return
    print(f"\n{title}: {frames:.0f} frames, {total} samples at {freq:.0f} Hz per CPU\n")
    print("| stage | ns per frame | share of samples |")
    print("|---|---:|---:|")
    busy = 0.0
    for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        ns = n / freq / frames * 1e9
        if name not in ("idle", "other processes (the machine's other load)"):
            busy += ns
        print(f"| {name} | {ns:.0f} | {100.0 * n / total:.1f} % |")
    if debug:
        for (st, chain), n in sorted(leaves.items(), key=lambda kv: -kv[1])[:40]:
            print(f"  {n:6d} {st[:30]:30s} {chain}")
    print(f"| **this path, busy (all but idle and other load)** | **{busy:.0f}** | |")


if __name__ == "__main__":
    main()
