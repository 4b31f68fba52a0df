/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Accept_Mode (RFC 9568 6.1 and 6.4.3, CONFORMANCE A3): a MASTER that is not
 * the address owner and runs without accept mode must not accept packets
 * addressed to its VIPs. They are dropped here, counted per router, before
 * the stack sees them. ARP (arp.h), VRRP adverts (advert.h) and ND (133-137:
 * "IPv6 Neighbor Solicitations and Neighbor Advertisements MUST NOT be
 * dropped") never reach this check. ICMP echo is not excepted: the RFC names
 * pinging the VIP as the reason to turn accept mode on.
 *
 * Only the IP destination counts, not the Ethernet one: a client with a
 * stale neighbour entry (the real MAC, or real-MAC mode) reaches the VIP
 * without the VMAC.
 */
#ifndef XVRRP_BPF_ACCEPT_H
#define XVRRP_BPF_ACCEPT_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "arp.h"
#include "maps.h"
#include "xvrrp/abi.h"

#define ICMPV6_ND_FIRST 133 /* Router Solicitation */
#define ICMPV6_ND_LAST 137  /* Redirect */

/* XDP_DROP if the router owning the VIP refuses it, else XVRRP_NOT_MINE. */
static __always_inline int accept_check(const struct xvrrp_router_key* id) {
    if (!id)
        return XVRRP_NOT_MINE;
    struct xvrrp_router* r = router_of(id);
    if (!r || r->state != XVRRP_STATE_MASTER || !r->no_accept || r->priority == 255)
        return XVRRP_NOT_MINE;
    count(XVRRP_CNT_ACCEPT_DROP);
    __u32 slot = XVRRP_ROUTER_SLOT(id->vrid, id->family);
    __u64* n = bpf_map_lookup_elem(&accept_drops, &slot);
    if (n)
        *n += 1; /* per-CPU slot */
    return XDP_DROP;
}

static __always_inline int accept_ipv4(const struct iphdr* ip) {
    struct xvrrp_router_key owner;
    return accept_check(vip4_owner(&ip->daddr, &owner));
}

/* `l4` is the first byte after the fixed IPv6 header. */
static __always_inline int accept_ipv6(const struct ipv6hdr* ip6, const __u8* l4, void* end) {
    if (ip6->nexthdr == IPPROTO_ICMPV6_) {
        if ((void*)(l4 + 1) > end)
            return XVRRP_NOT_MINE;
        if (*l4 >= ICMPV6_ND_FIRST && *l4 <= ICMPV6_ND_LAST)
            return XVRRP_NOT_MINE;
    }
    return accept_check(bpf_map_lookup_elem(&vip6, &ip6->daddr));
}

#endif /* XVRRP_BPF_ACCEPT_H */
