/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Cursor-based, bounds-checked header parsers: each one takes its header off
 * the front of the cursor or returns NULL and leaves the cursor alone.
 */
#ifndef XVRRP_BPF_PARSE_H
#define XVRRP_BPF_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "xvrrp/abi.h"

struct cursor {
    void* pos;
    void* end;
};

/* ARP for IPv4 over Ethernet (RFC 826), the only kind we answer. */
struct arp_ipv4 {
    __be16 htype;
    __be16 ptype;
    __u8 hlen;
    __u8 plen;
    __be16 op;
    __u8 sha[ETH_ALEN];
    __u8 spa[4];
    __u8 tha[ETH_ALEN];
    __u8 tpa[4];
} __attribute__((packed));

/* ICMPv6 Neighbor Solicitation / Advertisement without options (RFC 4861). */
struct nd_msg {
    __u8 type;
    __u8 code;
    __be16 csum;
    __be32 flags; /* NA: R S O bits; NS: reserved */
    __u8 target[16];
};

/* Link-layer address option, Ethernet (RFC 4861 4.6.1). */
struct nd_opt_lladdr {
    __u8 type;
    __u8 len; /* units of 8 bytes */
    __u8 addr[ETH_ALEN];
};

#define ARP_HTYPE_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
#define IPPROTO_ICMPV6_ 58
#define ICMPV6_NS 135
#define ICMPV6_NA 136
#define ND_OPT_TLLA 2
#define NA_FLAG_R 0x80000000U
#define NA_FLAG_S 0x40000000U
#define NA_FLAG_O 0x20000000U
#define IPV4_FRAG_MASK 0x3fff /* MF + fragment offset */

static __always_inline void* cursor_take(struct cursor* c, __u32 len) {
    void* p = c->pos;
    if (p + len > c->end)
        return NULL;
    c->pos = p + len;
    return p;
}

static __always_inline struct ethhdr* parse_eth(struct cursor* c) {
    return cursor_take(c, sizeof(struct ethhdr));
}

static __always_inline int is_vlan(__be16 proto) {
    return proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD) ||
           proto == bpf_htons(0x9100); /* pre-standard QinQ */
}

static __always_inline struct arp_ipv4* parse_arp(struct cursor* c) {
    struct arp_ipv4* arp = cursor_take(c, sizeof(*arp));
    if (!arp || arp->htype != bpf_htons(ARP_HTYPE_ETHER) || arp->ptype != bpf_htons(ETH_P_IP) ||
        arp->hlen != ETH_ALEN || arp->plen != 4)
        return NULL;
    return arp;
}

/* The IPv4 header including options; NULL if the IHL is impossible. */
static __always_inline struct iphdr* parse_ipv4(struct cursor* c) {
    struct iphdr* ip = c->pos;
    if ((void*)(ip + 1) > c->end || ip->version != 4 || ip->ihl < 5)
        return NULL;
    /* ihl is 4 bits, so the verifier sees a bounded variable offset */
    return cursor_take(c, ip->ihl * 4);
}

static __always_inline struct ipv6hdr* parse_ipv6(struct cursor* c) {
    struct ipv6hdr* ip6 = cursor_take(c, sizeof(*ip6));
    if (!ip6 || ip6->version != 6)
        return NULL;
    return ip6;
}

static __always_inline struct nd_msg* parse_nd(struct cursor* c) {
    struct nd_msg* nd = cursor_take(c, sizeof(*nd));
    if (!nd || (nd->type != ICMPV6_NS && nd->type != ICMPV6_NA))
        return NULL;
    return nd;
}

/* 16-byte addresses (IPv6, or IPv4 zero-padded as in abi.h). */
static __always_inline int addr_equal(const __u8* a, const __u8* b) {
    const __u64 *x = (const __u64*)a, *y = (const __u64*)b;
    return x[0] == y[0] && x[1] == y[1];
}

static __always_inline int mac_equal(const __u8* a, const __u8* b) {
    return *(const __u32*)a == *(const __u32*)b && *(const __u16*)(a + 4) == *(const __u16*)(b + 4);
}

static __always_inline void mac_copy(__u8* dst, const __u8* src) {
    *(__u32*)dst = *(const __u32*)src;
    *(__u16*)(dst + 4) = *(const __u16*)(src + 4);
}

/* P6: 00-00-5E-00-01-{VRID} / 00-00-5E-00-02-{VRID}. */
static __always_inline void vmac_fill(__u8* mac, __u8 family, __u8 vrid) {
    mac[0] = XVRRP_VMAC_OUI0;
    mac[1] = XVRRP_VMAC_OUI1;
    mac[2] = XVRRP_VMAC_OUI2;
    mac[3] = 0x00;
    mac[4] = family == XVRRP_FAMILY_V4 ? XVRRP_VMAC_V4 : XVRRP_VMAC_V6;
    mac[5] = vrid;
}

static __always_inline int is_vmac(const __u8* mac, __u8 family, __u8 vrid) {
    __u8 v[ETH_ALEN];
    vmac_fill(v, family, vrid);
    return mac_equal(mac, v);
}

#endif /* XVRRP_BPF_PARSE_H */
