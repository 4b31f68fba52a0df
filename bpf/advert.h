/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Received VRRP adverts: the validation ladder (D1-D12, V1-V3, in the order
 * userspace/proto/codec.cpp checks them, so both count a frame under the same
 * reason) and what an accepted advert does to the router, by state.
 *
 * The controller is told only about changes: a backup that keeps hearing the
 * same master re-arms its master-down timer here and never wakes user space.
 */
#ifndef XVRRP_BPF_ADVERT_H
#define XVRRP_BPF_ADVERT_H

#include <linux/bpf.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "csum.h"
#include "events.h"
#include "maps.h"
#include "mdt.h"
#include "parse.h"
#include "xvrrp/abi.h"

#define VRRP_HDR_LEN 8
#define VRRP_TYPE_ADVERT 1
#define VRRP_MAX_MSG_WORDS ((VRRP_HDR_LEN + 255 * 16) / 4)
#define XVRRP_IS_ADVERT (-2)   /* parsed into struct advert: run the ladder */
#define VRRP_MSG_OFF_MASK 0x7f /* eth + IPv4 with options (74) or IPv6 (54) */

/* One advert as the ladder learns it: IP facts first, VRRP fields later. */
struct advert {
    struct xvrrp_router_key key; /* vrid, family */
    __u8 version;
    __u8 priority;
    __u8 count;
    __u8 ttl;
    __u8 csum_form;
    __u8 auth_type;
    __u16 interval;    /* as on the wire: v3 centiseconds, v2 seconds */
    __u16 interval_cs; /* normalised */
    __u32 msg_off;     /* VRRP message offset from the frame start */
    __u32 len;         /* VRRP message length, per the IP header */
    __u32 ifindex;
    __u64 pseudo_sum; /* src + dst + protocol + length, for P3 */
    __u8 src[16];
    __u8 mac[ETH_ALEN];
    __u8 vip_matches;
    __u8 dst_mcast; /* sent to a multicast group (224.0.0.0/4, ff00::/8) */
};

static __always_inline __u32 addr_len(__u8 family) {
    return family == XVRRP_FAMILY_V4 ? 4 : 16;
}

/* Unsigned comparison in network order (S10); IPv4 uses the first 4 bytes. */
static __always_inline int addr_greater(const __u8* a, const __u8* b) {
    const __u32 *x = (const __u32*)a, *y = (const __u32*)b;
    for (int i = 0; i < 4; i++) {
        __u32 p = bpf_ntohl(x[i]), q = bpf_ntohl(y[i]);
        if (p != q)
            return p > q;
    }
    return 0;
}

/* D12: unicast mode accepts only configured peers. NULL: not one. */
static __always_inline struct xvrrp_peer* peer_of(const struct advert* a) {
    struct xvrrp_peer_key k = {.vrid = a->key.vrid, .family = a->key.family};
    __builtin_memcpy(k.addr, a->src, 16);
    return bpf_map_lookup_elem(&peers, &k);
}

/* D1. unicast_ttl (skip_ttl_check) lets a configured peer be routers away,
 * for adverts it sends to us; multicast, and every other source, keep 255. */
static __always_inline int ttl_ok(const struct advert* a, const struct xvrrp_router* r,
                                  const struct xvrrp_peer* p) {
    if (a->ttl == XVRRP_TTL)
        return 1;
    return r && r->unicast && r->skip_ttl_check && p && !a->dst_mcast;
}

/* D4 / D10: exactly as long as the count says; a length that fits the other
 * family's address size means the list is of that family. */
static __always_inline enum xvrrp_discard check_length(const struct advert* a) {
    __u32 auth = a->version == 2 ? XVRRP_V2_AUTH_LEN : 0;
    __u32 other = a->key.family == XVRRP_FAMILY_V4 ? 16 : 4;
    if (a->len == VRRP_HDR_LEN + a->count * addr_len(a->key.family) + auth)
        return XVRRP_DISCARD_NONE;
    if (a->len == VRRP_HDR_LEN + a->count * other + auth)
        return XVRRP_DISCARD_D10_FAMILY;
    return XVRRP_DISCARD_D4_TRUNCATED;
}

/* D5 / P3: v2 plain, v3/IPv6 pseudo-header, v3/IPv4 either (plain first). */
static __always_inline enum xvrrp_discard check_csum(struct advert* a, void* msg, void* end) {
    __u64 sum = 0;
    if (csum_words(msg, end, a->len / 4, VRRP_MAX_MSG_WORDS, &sum))
        return XVRRP_DISCARD_D4_TRUNCATED;
    int plain_ok = csum_fold(sum) == 0xffff;
    int pseudo_ok = csum_fold(sum + a->pseudo_sum) == 0xffff;
    if (a->version == 2 || a->key.family == XVRRP_FAMILY_V6)
        a->csum_form = a->version == 2 ? (plain_ok ? XVRRP_CSUM_PLAIN : 0)
                                       : (pseudo_ok ? XVRRP_CSUM_PSEUDO : 0);
    else
        a->csum_form = plain_ok ? XVRRP_CSUM_PLAIN : pseudo_ok ? XVRRP_CSUM_PSEUDO : 0;
    return a->csum_form ? XVRRP_DISCARD_NONE : XVRRP_DISCARD_D5_CHECKSUM;
}

/* How many advertised addresses are VIPs of this router: a map lookup per
 * address. A global function, so the verifier checks its 255-step loops once
 * instead of once per caller path; it gets the frame through ctx because
 * global functions may not take packet pointers. */
__noinline __u32 xvrrp_vip_matches(struct xdp_md* ctx, __u32 off, __u32 count, __u32 family,
                                   __u32 id) {
    void* end = (void*)(long)ctx->data_end;
    void* p = (void*)(long)ctx->data + (off & VRRP_MSG_OFF_MASK) + VRRP_HDR_LEN;
    struct xvrrp_router_key* owner;
    __u32 matches = 0;
    if (family == XVRRP_FAMILY_V4) {
        for (__u32 i = 0; i < 255 && i < count; i++, p += 4) {
            if (p + 4 > end)
                break;
            matches += xvrrp_vip4_vrid(*(__u32*)p) == id;
        }
    } else {
        for (__u32 i = 0; i < 255 && i < count; i++, p += 16) {
            if (p + 16 > end)
                break;
            owner = bpf_map_lookup_elem(&vip6, p);
            matches += owner && owner->vrid == id && owner->family == family;
        }
    }
    return matches;
}

static __always_inline __u8 vip_matches(struct xdp_md* ctx, const struct advert* a) {
    return xvrrp_vip_matches(ctx, a->msg_off, a->count, a->key.family, a->key.vrid);
}

/* V1-V3, for v2 adverts only. */
static __always_inline enum xvrrp_discard check_v2(struct xdp_md* ctx, struct advert* a, void* msg,
                                                   void* end, const struct xvrrp_router* r) {
    /* from the u8 count, not a->len: the verifier needs a bounded offset */
    void* auth = msg + VRRP_HDR_LEN + a->count * 4;
    if (auth + XVRRP_V2_AUTH_LEN > end)
        return XVRRP_DISCARD_D4_TRUNCATED;
    if (a->auth_type != r->v2_auth_type ||
        (a->auth_type == 1 && *(__u64*)auth != *(const __u64*)r->v2_auth))
        return XVRRP_DISCARD_V1_AUTH;
    if (a->interval != r->v2_adver_int_s)
        return XVRRP_DISCARD_V2_INTERVAL;
    if (a->priority != 255) {
        a->vip_matches = vip_matches(ctx, a);
        if (a->vip_matches != a->count || a->count != r->vip_count)
            return XVRRP_DISCARD_V3_ADDRESSES;
    }
    return XVRRP_DISCARD_NONE;
}

/* The ladder, one rung per rule, like the userspace decoder. *rp gets the
 * router (NULL if the VRID is not configured). */
static __always_inline enum xvrrp_discard advert_check(struct xdp_md* ctx, struct advert* a,
                                                       void* msg, void* end,
                                                       struct xvrrp_router** rp) {
    __u8* h = msg;
    struct xvrrp_router* r = NULL;
    if (a->len >= 2 && msg + 2 <= end) {
        a->key.vrid = h[1];
        r = router_of(&a->key);
    }
    *rp = r;
    struct xvrrp_peer* p = r && r->unicast ? peer_of(a) : NULL;
    if (!ttl_ok(a, r, p))
        return XVRRP_DISCARD_D1_TTL;
    if (r && r->unicast && !p)
        return XVRRP_DISCARD_D12_PEER;
    if (p)
        __sync_fetch_and_add(&p->adverts, 1);
    if (a->len < VRRP_HDR_LEN || msg + VRRP_HDR_LEN > end)
        return XVRRP_DISCARD_D4_TRUNCATED;
    a->version = h[0] >> 4;
    if (a->version != 2 && a->version != 3)
        return XVRRP_DISCARD_D2_VERSION;
    if (r && !r->accept_v2_v3 && a->version != r->version)
        return XVRRP_DISCARD_D2_VERSION;
    if (a->version == 2 && a->key.family == XVRRP_FAMILY_V6)
        return XVRRP_DISCARD_D10_FAMILY;
    if ((h[0] & 0x0f) != VRRP_TYPE_ADVERT)
        return XVRRP_DISCARD_D3_TYPE;
    a->count = h[3];
    if (a->count == 0)
        return XVRRP_DISCARD_D7_COUNT_ZERO;
    enum xvrrp_discard d = check_length(a);
    if (d)
        return d;
    d = check_csum(a, msg, end);
    if (d)
        return d;
    a->priority = h[2];
    if (a->version == 3) {
        a->interval = ((h[4] & 0x0f) << 8) | h[5];
        a->interval_cs = a->interval;
        if (a->interval == 0)
            return XVRRP_DISCARD_D8_INTERVAL_ZERO;
    } else {
        a->auth_type = h[4];
        a->interval = h[5];
        a->interval_cs = a->interval * 100;
    }
    /* D9 is a multicast rule (P4): unicast peers may list global addresses
     * only, as the config allows them to. */
    if (a->key.family == XVRRP_FAMILY_V6 && !(r && r->unicast)) {
        if (msg + VRRP_HDR_LEN + 2 > end)
            return XVRRP_DISCARD_D4_TRUNCATED;
        if (h[8] != 0xfe || (h[9] & 0xc0) != 0x80)
            return XVRRP_DISCARD_D9_NOT_LINK_LOCAL;
    }
    if (!r)
        return XVRRP_DISCARD_D6_VRID;
    if (a->version == 2)
        return check_v2(ctx, a, msg, end, r);
    return XVRRP_DISCARD_NONE;
}

/* XVRRP_WHY_* bits for how this advert differs from the known master. */
static __always_inline __u8 picture_change(const struct xvrrp_router* r, const struct advert* a) {
    if (!r->master_known || !addr_equal(r->master_addr, a->src))
        return XVRRP_WHY_NEW_MASTER;
    __u8 why = 0;
    if (r->master_priority != a->priority)
        why |= XVRRP_WHY_PRIORITY;
    if (a->priority &&
        (r->master_adver_int_cs != a->interval_cs || r->master_version != a->version))
        why |= XVRRP_WHY_INTERVAL;
    return why;
}

/* Remember who the master is now, so the next identical advert is silent.
 * T3: the interval is learned from non-zero priorities only. */
static __always_inline void picture_record(struct xvrrp_router* r, const struct advert* a) {
    __builtin_memcpy(r->master_addr, a->src, 16);
    r->master_priority = a->priority;
    if (a->priority || !r->master_known) {
        r->master_adver_int_cs = a->priority ? a->interval_cs : r->adver_int_cs;
        r->master_version = a->priority ? a->version : r->version;
    }
    r->master_known = 1;
}

/* 0 if the ring buffer was full: the change is then not recorded either, so
 * the next advert reports it again. */
static __always_inline int advert_report(struct xdp_md* ctx, const struct advert* a,
                                         const struct xvrrp_router* r, __u8 why, __u64 timer_ns) {
    struct xvrrp_event* e = event_reserve(XVRRP_EV_ADVERT, &a->key, r->state, a->ifindex);
    if (!e)
        return 0;
    e->version = a->version;
    e->priority = a->priority;
    e->count = a->count;
    e->csum_form = a->csum_form;
    e->why = why;
    e->interval = a->interval;
    e->vip_matches = a->version == 2 && a->priority != 255 ? a->vip_matches : vip_matches(ctx, a);
    __builtin_memcpy(e->addr, a->src, 16);
    mac_copy(e->mac, a->mac);
    e->timer_ns = timer_ns;
    event_submit(e);
    return 1;
}

/* BACKUP: S5 (priority 0: Skew_Time), S6 (accept and re-arm, or, preempting a
 * lower priority, leave the timer alone). Only changes are reported. */
static __always_inline int backup_rx(struct xdp_md* ctx, struct advert* a, struct xvrrp_router* r) {
    __u8 why = picture_change(r, a);
    __u64 delay = 0;
    /* T1/T2 by our own version's rules: a v3 router timing a v2 master in
     * migration mode scales the skew with its rate in centiseconds (I2), as
     * userspace/fsm does. */
    if (a->priority == 0) {
        __u16 mai = r->master_known ? r->master_adver_int_cs : r->adver_int_cs;
        delay = skew_ns(r->priority, r->version, mai);
        if (why)
            why |= XVRRP_WHY_PRIORITY_ZERO;
    } else if (r->preempt && a->priority < r->priority) {
        count(XVRRP_CNT_PREEMPT_DISCARD);
        if (why)
            why |= XVRRP_WHY_PREEMPT;
        /* "left alone" assumes it runs. If the controller's arm never took
         * (say the sweep timer could not be created yet), these adverts are
         * the only chance to start it, else we never take over from the
         * lower priority. */
        if (!mdt_running(&a->key))
            mdt_arm(&a->key, mdi_ns(r->priority, r->version, r->adver_int_cs));
    } else {
        delay = mdi_ns(r->priority, r->version, a->interval_cs);
    }
    if (delay)
        mdt_arm(&a->key, delay);
    if (!why) {
        if (delay)
            count(XVRRP_CNT_REARM);
        return XDP_DROP;
    }
    if (advert_report(ctx, a, r, why, delay))
        picture_record(r, a);
    return XDP_DROP;
}

/* MASTER: S9 (priority 0), S10 (we lose: the controller goes BACKUP), S11
 * (we win: the controller sends an advert at once). Every one is reported.
 * On S10 the lease ends here, in the same packet: the winner already answers
 * for the VIPs, and until the controller has gone BACKUP (a wake-up, longer
 * under load) both would. Ended, this router's ARP/NA answers and egress from
 * the VIPs stop at once, as they do when a lease runs out; a controller that
 * stays MASTER writes a new lease with its next advert. */
static __always_inline int master_rx(struct xdp_md* ctx, struct advert* a, struct xvrrp_router* r) {
    __u8 why;
    if (a->priority == 0) {
        why = XVRRP_WHY_PRIORITY_ZERO;
    } else if (a->priority > r->priority ||
               (a->priority == r->priority && addr_greater(a->src, r->primary))) {
        why = XVRRP_WHY_HIGHER;
        r->lease_expires_ns = 0;
    } else {
        why = XVRRP_WHY_LOSING;
    }
    if (advert_report(ctx, a, r, why, 0) && why == XVRRP_WHY_HIGHER)
        picture_record(r, a);
    return XDP_DROP;
}

static __always_inline int advert_accepted(struct xdp_md* ctx, struct advert* a,
                                           struct xvrrp_router* r) {
    if (a->version == 3 && a->key.family == XVRRP_FAMILY_V4)
        count(a->csum_form == XVRRP_CSUM_PLAIN ? XVRRP_CNT_CSUM_PLAIN : XVRRP_CNT_CSUM_PSEUDO);
    if (r->priority == 255)
        count(XVRRP_CNT_OWNER_ADVERT); /* D11: noted, then processed normally */
    if (addr_equal(a->src, r->primary)) {
        count(XVRRP_CNT_OWN_ADVERT);
        return XDP_DROP;
    }
    /* I3: in dual mode a master that also sends v3 is followed on v3 only */
    if (a->version == 2 && r->accept_v2_v3 && r->master_known && r->master_version == 3 &&
        addr_equal(a->src, r->master_addr)) {
        count(XVRRP_CNT_V2_IGNORED);
        return XDP_DROP;
    }
    if (r->state == XVRRP_STATE_BACKUP)
        return backup_rx(ctx, a, r);
    if (r->state == XVRRP_STATE_MASTER)
        return master_rx(ctx, a, r);
    count(XVRRP_CNT_NOT_ACTIVE);
    return XDP_DROP;
}

/* Every VRRP packet ends here and is dropped: nobody else needs it. It has one
 * call site and rebuilds the message pointer from a masked offset, so the
 * verifier walks this body once for both families. */
static __always_inline int advert_receive(struct xdp_md* ctx, struct advert* a) {
    void* data = (void*)(long)ctx->data;
    void* end = (void*)(long)ctx->data_end;
    void* msg = data + (a->msg_off & VRRP_MSG_OFF_MASK);
    struct xvrrp_router* r = NULL;

    count(XVRRP_CNT_ADVERT_RX);
    enum xvrrp_discard d = advert_check(ctx, a, msg, end, &r);
    count(d);
    if (d != XVRRP_DISCARD_NONE || !r)
        return XDP_DROP;
    return advert_accepted(ctx, a, r);
}

/* The IP payload is shorter than the IP header says: D4 before anything. */
static __always_inline int advert_cut_short(void) {
    count(XVRRP_CNT_ADVERT_RX);
    count(XVRRP_DISCARD_D4_TRUNCATED);
    return XDP_DROP;
}

/* An IPv4 packet with protocol 112 -> *a, or a verdict. Unusable IP headers
 * (fragments, bad header checksum) are the stack's business: passed. */
static __always_inline int advert_ipv4(struct xdp_md* ctx, struct ethhdr* eth, struct iphdr* ip,
                                       void* end, struct advert* a) {
    __u32 hdr_len = ip->ihl * 4;
    __u32 total = bpf_ntohs(ip->tot_len);
    __u64 sum = 0;
    if ((ip->frag_off & bpf_htons(IPV4_FRAG_MASK)) || total < hdr_len ||
        csum_words(ip, end, hdr_len / 4, 15, &sum) || csum_fold(sum) != 0xffff) {
        count(XVRRP_CNT_VRRP_MALFORMED_IP);
        return XDP_PASS;
    }
    if ((void*)ip + total > end)
        return advert_cut_short();
    a->key.family = XVRRP_FAMILY_V4;
    a->ttl = ip->ttl;
    a->ifindex = ctx->ingress_ifindex;
    __builtin_memcpy(a->src, &ip->saddr, 4);
    a->dst_mcast = (((__u8*)&ip->daddr)[0] & 0xf0) == 0xe0;
    mac_copy(a->mac, eth->h_source);
    a->msg_off = sizeof(struct ethhdr) + hdr_len;
    a->len = total - hdr_len;
    a->pseudo_sum =
        (__u64)ip->saddr + ip->daddr + bpf_htons(XVRRP_IPPROTO_VRRP) + bpf_htons((__u16)a->len);
    return XVRRP_IS_ADVERT;
}

static __always_inline int advert_ipv6(struct xdp_md* ctx, struct ethhdr* eth, struct ipv6hdr* ip6,
                                       void* end, struct advert* a) {
    __u32 len = bpf_ntohs(ip6->payload_len);
    if ((void*)(ip6 + 1) + len > end)
        return advert_cut_short();
    __u64 sum = 0;
    if (csum_words(&ip6->saddr, end, 8, 8, &sum))
        return XDP_PASS;
    a->key.family = XVRRP_FAMILY_V6;
    a->ttl = ip6->hop_limit;
    a->ifindex = ctx->ingress_ifindex;
    __builtin_memcpy(a->src, &ip6->saddr, 16);
    a->dst_mcast = ip6->daddr.in6_u.u6_addr8[0] == 0xff;
    mac_copy(a->mac, eth->h_source);
    a->msg_off = sizeof(struct ethhdr) + sizeof(struct ipv6hdr);
    a->len = len;
    a->pseudo_sum = sum + bpf_htons((__u16)len) + bpf_htons(XVRRP_IPPROTO_VRRP);
    return XVRRP_IS_ADVERT;
}

#endif /* XVRRP_BPF_ADVERT_H */
