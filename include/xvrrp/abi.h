/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * xvrrp kernel/user ABI: the one definition of everything both the XDP
 * program (bpf/) and the C++ controller (userspace/) must agree on: map names,
 * map keys and values, the event record, counter indices, the control
 * program's context, limits.
 *
 * Plain C, no kernel or libc headers beyond fixed-width integers (and, in the
 * BPF build only, <linux/bpf.h>), so it can be included
 * from a BPF object and from C++. Never copy a struct from here into another
 * header "to keep in sync". Changes are additive: new fields go into reserved
 * bytes or at the end, new counters before XVRRP_CNT_MAX.
 *
 * Conventions: every struct is laid out without implicit padding (explicit
 * reserved bytes, which must be zero); addresses are byte arrays in network
 * order, IPv4 in the first 4 bytes of a 16-byte array with the rest zero;
 * "family" is 4 or 6 (XVRRP_FAMILY_V4 / _V6, the values of proto::Family).
 */
#ifndef XVRRP_ABI_H
#define XVRRP_ABI_H

#ifdef __BPF__
#include <linux/bpf.h>
#include <linux/types.h>
typedef __u8 xvrrp_u8;
typedef __u16 xvrrp_u16;
typedef __u32 xvrrp_u32;
typedef __u64 xvrrp_u64;
#else
#include <stdint.h>
typedef uint8_t xvrrp_u8;
typedef uint16_t xvrrp_u16;
typedef uint32_t xvrrp_u32;
typedef uint64_t xvrrp_u64;
#endif

/* ---- Protocol constants ------------------------------------------------ */
#define XVRRP_IPPROTO_VRRP 112
#define XVRRP_TTL 255
#define XVRRP_V3_MAX_ADVER_INT_CS 4095
#define XVRRP_V2_AUTH_LEN 8
/* VMAC prefixes (P6): 00-00-5E-00-01-{VRID} and 00-00-5E-00-02-{VRID}. */
#define XVRRP_VMAC_OUI0 0x00
#define XVRRP_VMAC_OUI1 0x00
#define XVRRP_VMAC_OUI2 0x5e
#define XVRRP_VMAC_V4 0x01
#define XVRRP_VMAC_V6 0x02

#define XVRRP_FAMILY_V4 4
#define XVRRP_FAMILY_V6 6

/* ---- Limits ------------------------------------------------------------ */
#define XVRRP_MAX_VRID 255
#define XVRRP_MAX_VIPS 4096
#define XVRRP_MAX_PEERS 64
#define XVRRP_MAX_ROUTERS 512           /* 255 VRIDs x 2 families, rounded up */
#define XVRRP_EVENTS_BYTES (256 * 1024) /* ring buffer size, a power of 2 */

/* ---- Names: maps, programs, pin folder --------------------------------- */
/*
 * Every map is pinned by name (LIBBPF_PIN_BY_NAME): with pin_root_path set to
 * XVRRP_PIN_ROOT "/" <ifname>, map "vrid" of bond1 lives at
 * /sys/fs/bpf/xvrrp/bond1/vrid. The skeleton field is the same name
 * (skel->maps.vrid).
 */
#define XVRRP_PIN_ROOT "/sys/fs/bpf/xvrrp"
/* The layout version of the pinned maps as a whole. A pin folder holds it in
 * map "abi_version" (array[1] of u32); a folder without it, or with another
 * value, was pinned by another xvrrp: the controller refuses to reuse it
 * (xvrrp detach <if> removes it). Bump on any change a pin would not survive.
 * 2: "vrid" and "vip4" became arrays (direct-indexed, BPF_F_MMAPABLE). */
#define XVRRP_ABI_VERSION 2
#define XVRRP_MAP_ABI_VERSION "abi_version"
#define XVRRP_MAP_ROUTERS "vrid"      /* array: key u32 XVRRP_ROUTER_SLOT, value xvrrp_router */
#define XVRRP_MAP_TIMERS "vrid_timer" /* key u32 XVRRP_ROUTER_SLOT, value xvrrp_timer */
#define XVRRP_MAP_VIP4 "vip4"         /* array: key u32 slot, value xvrrp_vip4_slot */
#define XVRRP_MAP_VIP6 "vip6"         /* key xvrrp_vip6_key, value xvrrp_router_key */
#define XVRRP_MAP_PEERS "peers"       /* key xvrrp_peer_key, value xvrrp_peer */
#define XVRRP_MAP_IFCFG "ifcfg"       /* array[1] of xvrrp_ifcfg */
#define XVRRP_MAP_COUNTERS "counters" /* per-CPU array[XVRRP_CNT_MAX] of u64 */
#define XVRRP_MAP_EVENTS "events"     /* ring buffer of xvrrp_event */
/* per-CPU array[XVRRP_MAX_ROUTERS] of u64, index XVRRP_ROUTER_SLOT: packets to
 * the router's VIPs dropped by A3 (no_accept) */
#define XVRRP_MAP_ACCEPT_DROPS "accept_drops"
#define XVRRP_PROG_XDP "xvrrp_xdp" /* SEC("xdp"): the fast path */
#define XVRRP_PROG_CTL "xvrrp_ctl" /* SEC("syscall"): timer control, ctx xvrrp_ctl */
/* SEC("tc"), on clsact egress: frames from a VIP leave with the VMAC or not at all */
#define XVRRP_PROG_EGRESS "xvrrp_egress"

/* ---- Router state: map "vrid" ------------------------------------------ */
enum xvrrp_state {
    XVRRP_STATE_INIT = 0,
    XVRRP_STATE_BACKUP = 1,
    XVRRP_STATE_MASTER = 2,
    XVRRP_STATE_FAULT = 3,
};

/* One virtual router: a VRID in one address family (S13). */
struct xvrrp_router_key {
    xvrrp_u8 vrid;        /* 1-255 */
    xvrrp_u8 family;      /* XVRRP_FAMILY_V4 / XVRRP_FAMILY_V6 */
    xvrrp_u8 reserved[2]; /* zero: hash keys compare every byte */
};

/*
 * Written by the controller (read-modify-write: lookup, change, update), read
 * by the XDP program, except the master_* block, which the XDP program also
 * writes in place whenever it reports a new picture of the master in BACKUP
 * (so it reports each change once). If a controller write races with that,
 * the worst outcome is the same change reported twice.
 */
struct xvrrp_router {
    xvrrp_u8 state;                      /* enum xvrrp_state */
    xvrrp_u8 priority;                   /* ours, 1-255 (255 = address owner, D11) */
    xvrrp_u8 version;                    /* 2 or 3 (D2) */
    xvrrp_u8 accept_v2_v3;               /* 1: accept both versions (I1-I3) */
    xvrrp_u8 preempt;                    /* 1: preempt lower-priority masters (S6) */
    xvrrp_u8 unicast;                    /* 1: only adverts from the peers map (D12) */
    xvrrp_u8 skip_ttl_check;             /* 1 + unicast: D1 off for peers to unicast (hops away) */
    xvrrp_u8 v2_auth_type;               /* V1: 0 none, 1 PASS */
    xvrrp_u8 v2_auth[XVRRP_V2_AUTH_LEN]; /* V1: PASS text, zero-padded */
    xvrrp_u16 adver_int_cs;              /* our Advertisement_Interval, centiseconds */
    xvrrp_u16 vip_count;                 /* V3: how many VIPs of this family we have */
    xvrrp_u8 v2_adver_int_s;             /* V2: our v2 interval, whole seconds */
    /* A3 (RFC 9568 Accept_Mode False): while MASTER, drop packets addressed to
     * our VIPs, except ARP, ND and VRRP. The kernel never applies it to a
     * priority-255 router (the owner always accepts). */
    xvrrp_u8 no_accept;
    /* 1: real-MAC mode: ARP/NA answers, GARPs and frames from our VIPs use the
     * interface's own MAC (ifcfg.mac), not the VMAC. */
    xvrrp_u8 real_mac;
    /* 1: a router is configured in this slot ("vrid" is an array: an unused
     * slot is all zero). The controller sets it with every entry it writes. */
    xvrrp_u8 present;
    xvrrp_u8 primary[16]; /* our primary address (P5 source), S10 tie-break */
    /* CLOCK_MONOTONIC ns (bpf_ktime_get_ns); ARP/NA answered only before it
     * (checked against a clock cached per jiffy: honoured up to one kernel
     * tick, 1-4 ms, after it passed). 0 = no lease. The controller pushes it
     * forward on every advert tick with one aligned 64-bit store through its
     * mmap of the array (no syscall); the kernel reads it with one load. */
    xvrrp_u64 lease_expires_ns;
    /* The master as last seen (BACKUP) or as set by the controller. */
    xvrrp_u8 master_addr[16];
    xvrrp_u16 master_adver_int_cs; /* learned Master_Adver_Interval (v2: s x 100) */
    xvrrp_u8 master_priority;
    xvrrp_u8 master_known;   /* 0: no master since the controller cleared it */
    xvrrp_u8 master_version; /* version of the adverts it was learned from (I3) */
    xvrrp_u8 reserved1[3];
};

/* ---- Master-down timers: map "vrid_timer" ------------------------------- */
/*
 * An array with one slot per router (XVRRP_ROUTER_SLOT). It holds deadlines
 * only: one bpf_timer per interface (internal to the BPF object, created at
 * attach by XVRRP_CTL_PREPARE) sweeps the array at the earliest deadline and
 * reports the routers whose deadline passed. Per-router bpf_timers were
 * dropped: the kernel allocates each without sleeping, and on 6.18 that fails
 * (-ENOMEM) for a burst of 255 routers, leaving backups that never take over.
 *
 * The XDP program re-arms (expires_ns) from adverts, the control program arms
 * and cancels. User space only reads a slot, and zeroes it when the router is
 * removed. armed_count 0 = never armed since the slot was last cleared.
 */
#define XVRRP_ROUTER_SLOT(vrid, family) \
    ((xvrrp_u32)(vrid) | ((family) == XVRRP_FAMILY_V6 ? 256u : 0u))

struct xvrrp_timer {
    xvrrp_u64 expires_ns;  /* CLOCK_MONOTONIC master-down deadline; 0 = not armed */
    xvrrp_u64 armed_count; /* how often the deadline was (re)set */
};

/* ---- VIPs: maps "vip4", "vip6" (value: the router that owns the VIP) ---- */
struct xvrrp_vip4_key {
    xvrrp_u8 addr[4];
};

/*
 * "vip4" is an open-addressed table in an array (linear probing, no hashing
 * helper): the ARP target, read as a u32 in host byte order, picks its home
 * slot with xvrrp_vip4_home(), and the entry is in one of the XVRRP_VIP4_PROBES
 * slots from there, before the first empty one. The controller places and
 * moves entries (backward-shift deletion, the new place written before the
 * old one is cleared) with one aligned 64-bit store each through its mmap, so
 * a reader sees a whole entry or none; it refuses a VIP whose probe run would
 * be longer (at most half the slots are ever used).
 */
#define XVRRP_VIP4_SLOTS 8192 /* a power of 2, 2 x XVRRP_MAX_VIPS */
#define XVRRP_VIP4_PROBES 16
struct xvrrp_vip4_slot {
    xvrrp_u8 addr[4];
    xvrrp_u8 vrid; /* the owner (family IPv4); 0 = empty slot */
    xvrrp_u8 reserved[3];
};

/* Fibonacci hashing; the fold first, so that addresses differing only in
 * their low-order octets (one subnet) land on distinct homes. */
static inline xvrrp_u32 xvrrp_vip4_home(xvrrp_u32 addr) {
    addr ^= addr >> 16;
    addr *= 0x9e3779b1u;
    return addr >> 19; /* 13 bits: XVRRP_VIP4_SLOTS */
}
struct xvrrp_vip6_key {
    xvrrp_u8 addr[16];
};

/* ---- Unicast peers (D12): map "peers" ----------------------------------- */
struct xvrrp_peer_key {
    xvrrp_u8 vrid;
    xvrrp_u8 family;
    xvrrp_u8 reserved[2];
    xvrrp_u8 addr[16]; /* IPv4 in the first 4 bytes, the rest zero */
};
struct xvrrp_peer {
    xvrrp_u64 adverts; /* valid adverts seen from this peer (kernel counts) */
};

/* ---- Interface: map "ifcfg" (one entry, index 0) ----------------------- */
struct xvrrp_ifcfg {
    xvrrp_u8 mac[6]; /* the interface's own MAC: frames to a VMAC get it */
    xvrrp_u8 reserved[2];
    xvrrp_u32 ifindex;
    xvrrp_u32 reserved1;
};

/* ---- Counters: map "counters" ------------------------------------------ */
/*
 * Why an advert is discarded (CONFORMANCE.md "Receive"). The values are also
 * the first indices of the per-CPU counter array (enum xvrrp_counter), so the
 * user-space decoder and the kernel count the same reasons under one name.
 * XVRRP_DISCARD_NONE means "accepted".
 */
enum xvrrp_discard {
    XVRRP_DISCARD_NONE = 0,
    XVRRP_DISCARD_D1_TTL,            /* TTL / hop limit != 255 */
    XVRRP_DISCARD_D2_VERSION,        /* version is not the configured one */
    XVRRP_DISCARD_D3_TYPE,           /* type != 1 (advertisement) */
    XVRRP_DISCARD_D4_TRUNCATED,      /* shorter than header + addresses (+ auth) */
    XVRRP_DISCARD_D5_CHECKSUM,       /* checksum wrong in every accepted form */
    XVRRP_DISCARD_D6_VRID,           /* VRID not configured on this interface */
    XVRRP_DISCARD_D7_COUNT_ZERO,     /* address count == 0 */
    XVRRP_DISCARD_D8_INTERVAL_ZERO,  /* v3 Max Adver Int == 0 */
    XVRRP_DISCARD_D9_NOT_LINK_LOCAL, /* IPv6 first address not link-local */
    XVRRP_DISCARD_D10_FAMILY,        /* address family differs from IP header */
    XVRRP_DISCARD_D12_PEER,          /* unicast: source not a configured peer */
    XVRRP_DISCARD_V1_AUTH,           /* v2: auth type or PASS text differs */
    XVRRP_DISCARD_V2_INTERVAL,       /* v2: advert interval differs */
    XVRRP_DISCARD_V3_ADDRESSES,      /* v2: address list differs, sender != 255 */
    XVRRP_DISCARD_MAX
};

/* Indices of the per-CPU u64 array "counters"; sum over CPUs to read. */
enum xvrrp_counter {
    /* 0 .. XVRRP_DISCARD_MAX-1: adverts by verdict; index 0 = accepted. */
    XVRRP_CNT_ADVERT_ACCEPTED = XVRRP_DISCARD_NONE,
    XVRRP_CNT_ADVERT_RX = XVRRP_DISCARD_MAX, /* VRRP adverts parsed, any verdict */
    XVRRP_CNT_REARM,               /* BACKUP, master unchanged: timer re-armed, no event */
    XVRRP_CNT_EVENT,               /* events written to the ring buffer */
    XVRRP_CNT_RINGBUF_FULL,        /* events lost: ring buffer full */
    XVRRP_CNT_CSUM_PLAIN,          /* accepted v3/IPv4 advert, checksum without pseudo-header */
    XVRRP_CNT_CSUM_PSEUDO,         /* accepted v3/IPv4 advert, checksum with pseudo-header */
    XVRRP_CNT_OWNER_ADVERT,        /* D11: advert received while we own the address (255) */
    XVRRP_CNT_PREEMPT_DISCARD,     /* S6: lower priority while we preempt: not re-armed */
    XVRRP_CNT_NOT_ACTIVE,          /* advert for a router in INIT or FAULT: dropped */
    XVRRP_CNT_OWN_ADVERT,          /* advert from our own primary address: dropped */
    XVRRP_CNT_V2_IGNORED,          /* I3: v2 advert from a master that sends v3 */
    XVRRP_CNT_MASTER_DOWN,         /* master-down timer fired */
    XVRRP_CNT_TIMER_ERROR,         /* bpf_timer_init/start failed */
    XVRRP_CNT_ARP_REPLY,           /* ARP request for a VIP answered with the VMAC (XDP_TX) */
    XVRRP_CNT_ARP_DROP_NOT_MASTER, /* ARP request for a VIP, not MASTER: dropped (A1) */
    XVRRP_CNT_ARP_DROP_LEASE,      /* ARP request for a VIP, MASTER but lease expired: dropped */
    XVRRP_CNT_ARP_CONFLICT,        /* gratuitous ARP for our VIP from another MAC while MASTER */
    XVRRP_CNT_NA_REPLY,            /* NS for a VIP answered with an NA from the VMAC (XDP_TX) */
    XVRRP_CNT_NS_DROP_NOT_MASTER,
    XVRRP_CNT_NS_DROP_LEASE,
    XVRRP_CNT_NA_CONFLICT,       /* unsolicited NA for our VIP from another MAC while MASTER */
    XVRRP_CNT_NS_INVALID,        /* NS for a VIP with hop limit != 255, code != 0, bad length */
    XVRRP_CNT_NS_BAD_CSUM,       /* NS for a VIP with a bad ICMPv6 checksum: dropped */
    XVRRP_CNT_NS_NO_ROOM,        /* the frame could not be resized for the NA: dropped */
    XVRRP_CNT_VMAC_PASS,         /* frame to a VMAC, MASTER: destination rewritten, passed */
    XVRRP_CNT_VMAC_DROP,         /* frame to a VMAC, not MASTER: dropped (A1) */
    XVRRP_CNT_VLAN_PASS,         /* 802.1Q / 802.1ad frame: passed untouched */
    XVRRP_CNT_VRRP_MALFORMED_IP, /* protocol 112 but not a usable IP packet: passed */
    XVRRP_CNT_CTL_ARM,           /* control program: timer armed */
    XVRRP_CNT_CTL_CANCEL,        /* control program: timer cancelled */
    XVRRP_CNT_MDT_SWEEP,         /* the master-down timer swept the deadlines */
    /* TC egress (xvrrp_egress): frames whose IPv4/IPv6 source or ARP sender is a VIP. */
    XVRRP_CNT_EGRESS_VIP_PASS,     /* sent, from a MASTER with a fresh lease, with the VMAC */
    XVRRP_CNT_EGRESS_VMAC_REWRITE, /* ... whose Ethernet source had to be set to the VMAC */
    XVRRP_CNT_EGRESS_ND_REWRITE,   /* ... whose ARP sender / ND link-layer option had to be */
    XVRRP_CNT_EGRESS_ND_DROP,      /* ARP or ND from a VIP, not MASTER or lease run out: dropped */
    XVRRP_CNT_EGRESS_DATA_DROP,    /* any other frame from a VIP, same condition: dropped */
    XVRRP_CNT_ACCEPT_DROP, /* A3: packet to a VIP of a no_accept MASTER: dropped (per router:
                            * map accept_drops) */
    XVRRP_CNT_MAX
};

/* Which checksum form an accepted v3/IPv4 advert used (P3). */
enum xvrrp_csum_form {
    XVRRP_CSUM_NONE = 0,
    XVRRP_CSUM_PLAIN = 1,  /* RFC 9568: VRRP message only */
    XVRRP_CSUM_PSEUDO = 2, /* keepalived/FRR: with the IPv4 pseudo-header */
};

/* ---- Events: ring buffer "events" -------------------------------------- */
enum xvrrp_event_type {
    XVRRP_EV_ADVERT = 1,      /* a valid advert that changes the picture (see why) */
    XVRRP_EV_MASTER_DOWN = 2, /* master-down timer fired (vrid, family, timestamp) */
    XVRRP_EV_CONFLICT = 3,    /* GARP / unsolicited NA for our VIP (addr) from mac */
};

/* xvrrp_event.why for XVRRP_EV_ADVERT: bits, several may be set. */
#define XVRRP_WHY_NEW_MASTER 0x01    /* BACKUP: source differs from the known master */
#define XVRRP_WHY_PRIORITY 0x02      /* BACKUP: same master, other priority */
#define XVRRP_WHY_INTERVAL 0x04      /* BACKUP: same master, other interval */
#define XVRRP_WHY_PRIORITY_ZERO 0x08 /* priority 0: S5 (timer set to Skew_Time) / S9 */
#define XVRRP_WHY_PREEMPT 0x10       /* S6: lower priority, we preempt: timer left alone */
#define XVRRP_WHY_HIGHER 0x20        /* S10: MASTER, and this advert wins */
#define XVRRP_WHY_LOSING 0x40        /* S11: MASTER, and this advert loses */

struct xvrrp_event {
    xvrrp_u64 timestamp_ns; /* bpf_ktime_get_ns(), CLOCK_MONOTONIC */
    xvrrp_u8 type;          /* enum xvrrp_event_type */
    xvrrp_u8 vrid;
    xvrrp_u8 family;      /* 4 or 6 */
    xvrrp_u8 version;     /* ADVERT: 2 or 3 */
    xvrrp_u8 priority;    /* ADVERT: advertised priority */
    xvrrp_u8 count;       /* ADVERT: address count */
    xvrrp_u8 csum_form;   /* ADVERT: enum xvrrp_csum_form */
    xvrrp_u8 why;         /* ADVERT: XVRRP_WHY_* bits */
    xvrrp_u16 interval;   /* ADVERT: as on the wire: v3 centiseconds, v2 seconds */
    xvrrp_u8 state;       /* router state when the kernel decided */
    xvrrp_u8 vip_matches; /* ADVERT: advertised addresses that are our VIPs (V3 logging) */
    xvrrp_u32 ifindex;    /* receiving interface; MASTER_DOWN: ifcfg's ifindex */
    xvrrp_u8 addr[16];    /* ADVERT: IP source; CONFLICT: the VIP */
    xvrrp_u8 mac[6];      /* ADVERT / CONFLICT: Ethernet / ARP sender MAC */
    xvrrp_u8 reserved[2];
    xvrrp_u64 timer_ns; /* ADVERT: master-down delay the kernel armed, 0 = untouched;
                           MASTER_DOWN: the deadline that passed (CLOCK_MONOTONIC) */
};

/* ---- Control program "xvrrp_ctl" (SEC("syscall")) ---------------------- */
/*
 * Run with bpf_prog_test_run_opts(ctx_in = &ctl, ctx_size_in = sizeof ctl).
 * retval: 0 on success, otherwise a negative errno (as u32): -EINVAL bad op
 * or key, -ENOENT (cancel of a timer that does not exist), or the error of
 * bpf_timer_init/start.
 */
enum xvrrp_ctl_op {
    XVRRP_CTL_ARM = 1,     /* (re)arm the master-down timer to fire in delay_ns */
    XVRRP_CTL_CANCEL = 2,  /* cancel it (S3, entering MASTER) */
    XVRRP_CTL_PREPARE = 3, /* create the interface's sweep timer and sweep now
                            * (attach, adopt); vrid and family are ignored */
};

struct xvrrp_ctl {
    xvrrp_u32 op; /* enum xvrrp_ctl_op */
    xvrrp_u8 vrid;
    xvrrp_u8 family;
    xvrrp_u8 reserved[2];
    xvrrp_u64 delay_ns;
};

/* ---- Layout checks: both sides compile these --------------------------- */
#ifdef __cplusplus
#define XVRRP_ABI_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define XVRRP_ABI_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif
XVRRP_ABI_ASSERT(sizeof(struct xvrrp_router_key) == 4, "xvrrp_router_key layout");
XVRRP_ABI_ASSERT(sizeof(struct xvrrp_router) == 72, "xvrrp_router layout");
/* the lease is one aligned 64-bit store in the mmap of the array */
XVRRP_ABI_ASSERT(__builtin_offsetof(struct xvrrp_router, lease_expires_ns) % 8 == 0,
                 "xvrrp_router lease alignment");
XVRRP_ABI_ASSERT(sizeof(struct xvrrp_timer) == 16, "xvrrp_timer layout");
XVRRP_ABI_ASSERT(sizeof(struct xvrrp_vip4_slot) == 8, "xvrrp_vip4_slot layout");
XVRRP_ABI_ASSERT((1u << (32 - 19)) == XVRRP_VIP4_SLOTS, "xvrrp_vip4_home width");
XVRRP_ABI_ASSERT(sizeof(struct xvrrp_peer_key) == 20, "xvrrp_peer_key layout");
XVRRP_ABI_ASSERT(sizeof(struct xvrrp_ifcfg) == 16, "xvrrp_ifcfg layout");
XVRRP_ABI_ASSERT(sizeof(struct xvrrp_event) == 56, "xvrrp_event layout");
XVRRP_ABI_ASSERT(sizeof(struct xvrrp_ctl) == 16, "xvrrp_ctl layout");
#undef XVRRP_ABI_ASSERT

#endif /* XVRRP_ABI_H */
