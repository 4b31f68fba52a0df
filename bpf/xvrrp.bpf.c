// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * xvrrp's kernel half (DESIGN.md "The two halves"): one XDP program per
 * interface answers ARP/NS for VIPs from the VMAC, validates VRRP adverts and
 * keeps backups' master-down timers running without waking user space, and
 * reports only changes on a ring buffer. A small syscall program lets the
 * controller arm and cancel those timers. A TC egress program makes sure
 * nothing leaves from a VIP with a real MAC. Maps and records: xvrrp/abi.h.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "accept.h"
#include "advert.h"
#include "arp.h"
#include "egress.h"
#include "maps.h"
#include "mdt.h"
#include "nd.h"
#include "parse.h"
#include "vmac.h"
#include "xvrrp/abi.h"

static __always_inline int handle_ipv4(struct xdp_md* ctx, struct cursor* c, struct ethhdr* eth,
                                       struct advert* a) {
    struct iphdr* ip = c->pos;
    if ((void*)(ip + 1) > c->end)
        return XVRRP_NOT_MINE;
    if (ip->protocol != XVRRP_IPPROTO_VRRP)
        return accept_ipv4(ip);
    ip = parse_ipv4(c);
    if (!ip) {
        count(XVRRP_CNT_VRRP_MALFORMED_IP);
        return XDP_PASS;
    }
    return advert_ipv4(ctx, eth, ip, c->end, a);
}

/* No extension headers: VRRP and ND packets never carry them. */
static __always_inline int handle_ipv6(struct xdp_md* ctx, struct cursor* c, struct ethhdr* eth,
                                       struct advert* a) {
    struct ipv6hdr* ip6 = parse_ipv6(c);
    if (!ip6)
        return XVRRP_NOT_MINE;
    if (ip6->nexthdr == XVRRP_IPPROTO_VRRP)
        return advert_ipv6(ctx, eth, ip6, c->end, a);
    if (ip6->nexthdr == IPPROTO_ICMPV6_) {
        int verdict = handle_nd(ctx, c, eth, ip6);
        if (verdict != XVRRP_NOT_MINE)
            return verdict;
    }
    return accept_ipv6(ip6, (const __u8*)(ip6 + 1), c->end);
}

SEC("xdp")
int xvrrp_xdp(struct xdp_md* ctx) {
    struct cursor c = {(void*)(long)ctx->data, (void*)(long)ctx->data_end};
    struct ethhdr* eth = parse_eth(&c);
    if (!eth)
        return XDP_PASS;
    if (is_vlan(eth->h_proto)) {
        count(XVRRP_CNT_VLAN_PASS);
        return XDP_PASS;
    }
    struct advert a = {};
    int verdict = XVRRP_NOT_MINE;
    if (eth->h_proto == bpf_htons(ETH_P_ARP))
        verdict = handle_arp(ctx, &c, eth);
    else if (eth->h_proto == bpf_htons(ETH_P_IP))
        verdict = handle_ipv4(ctx, &c, eth, &a);
    else if (eth->h_proto == bpf_htons(ETH_P_IPV6))
        verdict = handle_ipv6(ctx, &c, eth, &a);
    if (verdict == XVRRP_IS_ADVERT)
        return advert_receive(ctx, &a);
    if (verdict != XVRRP_NOT_MINE)
        return verdict;
    return handle_vmac(ctx);
}

/* On clsact egress: frames from a VIP leave with the VMAC, from a MASTER
 * with a fresh lease only (egress.h). */
SEC("tc")
int xvrrp_egress(struct __sk_buff* skb) {
    return egress_frame(skb);
}

/*
 * Timer control for the controller (S2: arm MDT before any advert; S3/S4:
 * cancel; S10: MDT = MDI). bpf_timer_start exists only for BPF, so user space
 * runs this with BPF_PROG_TEST_RUN. retval: 0 or a negative errno.
 */
SEC("syscall")
int xvrrp_ctl(struct xvrrp_ctl* ctl) {
    if (ctl->op == XVRRP_CTL_PREPARE)
        return mdt_start_sweeping();
    struct xvrrp_router_key key = {.vrid = ctl->vrid, .family = ctl->family};
    if (key.vrid == 0 || (key.family != XVRRP_FAMILY_V4 && key.family != XVRRP_FAMILY_V6))
        return -XVRRP_EINVAL;
    if (ctl->op == XVRRP_CTL_ARM) {
        if (!router_of(&key))
            return -XVRRP_ENOENT; /* arm only configured routers */
        count(XVRRP_CNT_CTL_ARM);
        return mdt_arm(&key, ctl->delay_ns);
    }
    if (ctl->op == XVRRP_CTL_CANCEL) {
        count(XVRRP_CNT_CTL_CANCEL);
        return mdt_cancel(&key);
    }
    return -XVRRP_EINVAL;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
