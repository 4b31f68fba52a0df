// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The chaos soak's advert loss: attached (generic XDP) to a router's port on
 * the lab bridge, it drops DROP_PCT percent of the VRRP adverts (IPv4
 * protocol 112) that router sends, at random, and passes everything else.
 * run.sh compiles it once per rate with -DDROP_PCT=N.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#ifndef DROP_PCT
#define DROP_PCT 100
#endif

SEC("xdp")
int drop_adverts(struct xdp_md* ctx) {
    void* data = (void*)(long)ctx->data;
    void* end = (void*)(long)ctx->data_end;
    struct ethhdr* eth = data;
    struct iphdr* ip = (void*)(eth + 1);

    if ((void*)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != 112)
        return XDP_PASS;
    return bpf_get_prandom_u32() % 100 < DROP_PCT ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
