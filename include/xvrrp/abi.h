/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * xvrrp kernel/user ABI: the one definition of everything both the XDP
 * program (bpf/) and the C++ controller (userspace/) must agree on.
 *
 * Plain C, no kernel or libc headers beyond fixed-width integers, so it can be
 * included from a BPF object (with vmlinux-free linux/types.h) and from C++.
 * Never copy a struct from here into another header "to keep in sync".
 */
#ifndef XVRRP_ABI_H
#define XVRRP_ABI_H

#ifdef __BPF__
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

/* ---- Limits ------------------------------------------------------------ */
#define XVRRP_MAX_VRID 255
#define XVRRP_MAX_VIPS 4096
#define XVRRP_MAX_PEERS 64

/*
 * Why an advert is discarded (CONFORMANCE.md "Receive"). The values are also
 * the first indices of the per-CPU counter array (enum xvrrp_counter), so the
 * user-space decoder and the kernel count the same reasons under one name.
 * XVRRP_DISCARD_NONE means "accepted".
 */
enum xvrrp_discard {
    XVRRP_DISCARD_NONE = 0,
    XVRRP_DISCARD_D1_TTL,             /* TTL / hop limit != 255 */
    XVRRP_DISCARD_D2_VERSION,         /* version is not the configured one */
    XVRRP_DISCARD_D3_TYPE,            /* type != 1 (advertisement) */
    XVRRP_DISCARD_D4_TRUNCATED,       /* shorter than header + addresses (+ auth) */
    XVRRP_DISCARD_D5_CHECKSUM,        /* checksum wrong in every accepted form */
    XVRRP_DISCARD_D6_VRID,            /* VRID not configured on this interface */
    XVRRP_DISCARD_D7_COUNT_ZERO,      /* address count == 0 */
    XVRRP_DISCARD_D8_INTERVAL_ZERO,   /* v3 Max Adver Int == 0 */
    XVRRP_DISCARD_D9_NOT_LINK_LOCAL,  /* IPv6 first address not link-local */
    XVRRP_DISCARD_D10_FAMILY,         /* address family differs from IP header */
    XVRRP_DISCARD_D12_PEER,           /* unicast: source not a configured peer */
    XVRRP_DISCARD_V1_AUTH,            /* v2: auth type or PASS text differs */
    XVRRP_DISCARD_V2_INTERVAL,        /* v2: advert interval differs */
    XVRRP_DISCARD_V3_ADDRESSES,       /* v2: address list differs, sender != 255 */
    XVRRP_DISCARD_MAX
};

/* Which checksum form an accepted v3/IPv4 advert used (P3). */
enum xvrrp_csum_form {
    XVRRP_CSUM_NONE = 0,
    XVRRP_CSUM_PLAIN = 1,  /* RFC 9568: VRRP message only */
    XVRRP_CSUM_PSEUDO = 2, /* keepalived/FRR: with the IPv4 pseudo-header */
};

#endif /* XVRRP_ABI_H */
