/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Frames to a VMAC (DESIGN decision 3, A1, A2): a MASTER hands them to the
 * stack under the interface's own MAC, also after its lease ran out (decision
 * 4: traffic already flowing is served); anyone else drops them.
 */
#ifndef XVRRP_BPF_VMAC_H
#define XVRRP_BPF_VMAC_H

#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf_helpers.h>

#include "maps.h"
#include "parse.h"
#include "xvrrp/abi.h"

static __always_inline int handle_vmac(struct xdp_md* ctx) {
    void* data = (void*)(long)ctx->data;
    void* end = (void*)(long)ctx->data_end;
    struct ethhdr* eth = data;
    if ((void*)(eth + 1) > end)
        return XDP_PASS;
    const __u8* dst = eth->h_dest;
    if (dst[0] != XVRRP_VMAC_OUI0 || dst[1] != XVRRP_VMAC_OUI1 || dst[2] != XVRRP_VMAC_OUI2 ||
        dst[3] != 0x00 || (dst[4] != XVRRP_VMAC_V4 && dst[4] != XVRRP_VMAC_V6))
        return XDP_PASS;
    struct xvrrp_router_key key = {
        .vrid = dst[5],
        .family = dst[4] == XVRRP_VMAC_V4 ? XVRRP_FAMILY_V4 : XVRRP_FAMILY_V6,
    };
    struct xvrrp_router* r = router_of(&key);
    if (!r || r->real_mac)
        return XDP_PASS; /* another router's VMAC (ours is not in use): not ours to judge */
    if (r->state != XVRRP_STATE_MASTER) {
        count(XVRRP_CNT_VMAC_DROP);
        return XDP_DROP;
    }
    __u32 zero = 0;
    struct xvrrp_ifcfg* cfg = bpf_map_lookup_elem(&ifcfg, &zero);
    if (!cfg)
        return XDP_PASS;
    mac_copy(eth->h_dest, cfg->mac);
    count(XVRRP_CNT_VMAC_PASS);
    return XDP_PASS;
}

#endif /* XVRRP_BPF_VMAC_H */
