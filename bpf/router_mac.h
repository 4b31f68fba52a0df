/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The MAC a router speaks with: its VMAC (P6, the default), or in real-MAC
 * mode (xvrrp_router.real_mac, for networks that refuse a virtual MAC) the
 * interface's own, from ifcfg. ARP/NA answers, conflict checks and the
 * egress rewrite all take it from here, so both modes follow one rule.
 */
#ifndef XVRRP_BPF_ROUTER_MAC_H
#define XVRRP_BPF_ROUTER_MAC_H

#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf_helpers.h>

#include "maps.h"
#include "parse.h"
#include "xvrrp/abi.h"

/* 0 and `mac` filled, or -1 when a real-MAC router has no ifcfg entry yet
 * (the controller writes it at attach, before any router). */
static __always_inline int router_mac(const struct xvrrp_router* r,
                                      const struct xvrrp_router_key* id, __u8* mac) {
    if (!r || !r->real_mac) {
        vmac_fill(mac, id->family, id->vrid);
        return 0;
    }
    __u32 zero = 0;
    struct xvrrp_ifcfg* cfg = bpf_map_lookup_elem(&ifcfg, &zero);
    if (!cfg)
        return -1;
    mac_copy(mac, cfg->mac);
    return 0;
}

/* Is `mac` the one this router speaks with? */
static __always_inline int is_router_mac(const struct xvrrp_router* r,
                                         const struct xvrrp_router_key* id, const __u8* mac) {
    __u8 ours[ETH_ALEN] __attribute__((aligned(4)));
    return router_mac(r, id, ours) == 0 && mac_equal(mac, ours);
}

#endif /* XVRRP_BPF_ROUTER_MAC_H */
