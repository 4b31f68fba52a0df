// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The chaos soak's advert loss: attached (generic XDP) to a router's port on
 * the lab bridge, it drops DROP_PCT percent of the VRRP adverts (IPv4
 * protocol 112) that router sends, evenly spaced, and passes everything else.
 * run.sh compiles it once per rate with -DDROP_PCT=N.
 *
 * Which adverts go is a function of their order since the attach (advert n
 * is dropped when floor((n+1)P/100) > floor(nP/100)), not of a random draw:
 * with the same seed both implementations then meet the same loss, where
 * bpf_get_prandom_u32() made the two-responder time of one fault differ by
 * a factor of two between runs of one implementation.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#ifndef DROP_PCT
#define DROP_PCT 100
#endif

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} seen SEC(".maps");

SEC("xdp")
int drop_adverts(struct xdp_md* ctx) {
    void* data = (void*)(long)ctx->data;
    void* end = (void*)(long)ctx->data_end;
    struct ethhdr* eth = data;
    struct iphdr* ip = (void*)(eth + 1);

    if ((void*)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != 112)
        return XDP_PASS;
    __u32 zero = 0;
    __u64* count = bpf_map_lookup_elem(&seen, &zero);
    if (!count)
        return XDP_PASS;
    __u64 n = __sync_fetch_and_add(count, 1);
    return (n + 1) * DROP_PCT / 100 > n * DROP_PCT / 100 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
