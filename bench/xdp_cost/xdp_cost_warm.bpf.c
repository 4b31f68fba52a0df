// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The ARP answer timed warm. A fresh frame per BPF_PROG_TEST_RUN call costs a
 * syscall between runs, which leaves the maps a program touches cold: fresh
 * timings then mostly count cache lines, not work. With repeat = N the frame
 * is not reset, and an answer rewrites it; so these programs first put the
 * request back (one bpf_xdp_store_bytes), then run xvrrp's ARP path (arp.h,
 * the source xvrrp_xdp is built from, on maps of their own) or the reference
 * reflector (xdp_cost_ref.bpf.c). The restore alone is the floor.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "arp.h"
#include "vmac.h"
#include "xdp_cost_ref.bpf.c" /* the reflectors, and the licence */

#define WARM_FRAME_LEN 42 /* Ethernet + ARP, as proto::build_arp makes it */

struct warm_frame {
    __u8 bytes[WARM_FRAME_LEN];
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct warm_frame);
} warm_request SEC(".maps");

static __always_inline int restore(struct xdp_md* ctx) {
    __u32 zero = 0;
    struct warm_frame* f = bpf_map_lookup_elem(&warm_request, &zero);
    if (!f)
        return -1;
    return bpf_xdp_store_bytes(ctx, 0, f->bytes, WARM_FRAME_LEN) ? -1 : 0;
}

SEC("xdp")
int warm_restore_only(struct xdp_md* ctx) {
    return restore(ctx) ? XDP_ABORTED : XDP_TX;
}

SEC("xdp")
int warm_reflector(struct xdp_md* ctx) {
    return restore(ctx) ? XDP_ABORTED : reflect_one(ctx);
}

/* xvrrp_xdp's dispatch for an ARP frame (xvrrp.bpf.c), then arp.h. */
SEC("xdp")
int warm_xvrrp_arp(struct xdp_md* ctx) {
    if (restore(ctx))
        return XDP_ABORTED;
    struct cursor c = {(void*)(long)ctx->data, (void*)(long)ctx->data_end};
    struct ethhdr* eth = parse_eth(&c);
    if (!eth)
        return XDP_PASS;
    if (is_vlan(eth->h_proto)) {
        count(XVRRP_CNT_VLAN_PASS);
        return XDP_PASS;
    }
    if (eth->h_proto == bpf_htons(ETH_P_ARP)) {
        int verdict = handle_arp(ctx, &c, eth);
        if (verdict != XVRRP_NOT_MINE)
            return verdict;
    }
    return handle_vmac(ctx);
}
