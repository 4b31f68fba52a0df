/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * ARP for VIPs (A1, A2, DESIGN decision 4): a MASTER with a fresh lease
 * answers from the VMAC (or, in real-MAC mode, the interface's MAC) in place
 * (XDP_TX); anyone else drops the request so the kernel never answers for a
 * VIP on its own, and nobody answers once the controller's lease ran out.
 */
#ifndef XVRRP_BPF_ARP_H
#define XVRRP_BPF_ARP_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "clock.h"
#include "events.h"
#include "maps.h"
#include "parse.h"
#include "router_mac.h"
#include "xvrrp/abi.h"

#define XVRRP_NOT_MINE (-1) /* not ours to decide: fall through to the VMAC check */

/* Up to one tick generous (clock.h): fine for a liveness lease. */
static __always_inline int lease_fresh(const struct xvrrp_router* r) {
    /* one load: the controller stores it with one store (abi.h) */
    return coarse_now_ns() < *(volatile const __u64*)&r->lease_expires_ns;
}

/* Request -> reply, in place: the requester becomes the target, the VIP and
 * the router's MAC (the VMAC, or the real one in real-MAC mode) the sender. */
static __always_inline void arp_rewrite_reply(struct ethhdr* eth, struct arp_ipv4* arp,
                                              const __u8* vmac) {
    __u8 vip[4];
    __builtin_memcpy(vip, arp->tpa, 4);

    mac_copy(eth->h_dest, arp->sha);
    mac_copy(eth->h_source, vmac);
    arp->op = bpf_htons(ARP_OP_REPLY);
    mac_copy(arp->tha, arp->sha);
    __builtin_memcpy(arp->tpa, arp->spa, 4);
    mac_copy(arp->sha, vmac);
    __builtin_memcpy(arp->spa, vip, 4);
}

/* Gratuitous ARP for one of our VIPs: while MASTER, another MAC claiming it
 * is a conflict the controller must hear about. Passed either way. */
static __always_inline int arp_gratuitous(struct xdp_md* ctx, struct arp_ipv4* arp,
                                          const struct xvrrp_router_key* id,
                                          const struct xvrrp_router* r) {
    if (!r || r->state != XVRRP_STATE_MASTER || is_router_mac(r, id, arp->sha))
        return XDP_PASS;
    count(XVRRP_CNT_ARP_CONFLICT);
    struct xvrrp_event* e = event_reserve(XVRRP_EV_CONFLICT, id, r->state, ctx->ingress_ifindex);
    if (e) {
        __builtin_memcpy(e->addr, arp->spa, 4);
        mac_copy(e->mac, arp->sha);
        event_submit(e);
    }
    return XDP_PASS;
}

static __always_inline int handle_arp(struct xdp_md* ctx, struct cursor* c, struct ethhdr* eth) {
    struct arp_ipv4* arp = parse_arp(c);
    if (!arp)
        return XVRRP_NOT_MINE;
    struct xvrrp_router_key owner;
    struct xvrrp_router_key* id = vip4_owner(arp->tpa, &owner);
    if (!id)
        return XVRRP_NOT_MINE;
    struct xvrrp_router* r = router_of(id);
    if (*(__u32*)arp->spa == *(__u32*)arp->tpa)
        return arp_gratuitous(ctx, arp, id, r);
    if (arp->op != bpf_htons(ARP_OP_REQUEST))
        return XVRRP_NOT_MINE;
    if (!r || r->state != XVRRP_STATE_MASTER) {
        count(XVRRP_CNT_ARP_DROP_NOT_MASTER);
        return XDP_DROP;
    }
    if (!lease_fresh(r)) {
        count(XVRRP_CNT_ARP_DROP_LEASE);
        return XDP_DROP;
    }
    __u8 mac[ETH_ALEN] __attribute__((aligned(4)));
    if (router_mac(r, id, mac))
        return XDP_DROP;
    arp_rewrite_reply(eth, arp, mac);
    count(XVRRP_CNT_ARP_REPLY);
    return XDP_TX;
}

#endif /* XVRRP_BPF_ARP_H */
