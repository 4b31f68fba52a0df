/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The program's maps. Names, keys and values come from xvrrp/abi.h; every
 * variable name here equals its XVRRP_MAP_* macro, which is how libbpf names
 * the map and its pin file.
 */
#ifndef XVRRP_BPF_MAPS_H
#define XVRRP_BPF_MAPS_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "xvrrp/abi.h"

/* Indexed by XVRRP_ROUTER_SLOT (an inlined lookup, no hashing); mmapable so
 * the controller refreshes leases with a store, not a syscall. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, XVRRP_MAX_ROUTERS);
    __uint(map_flags, BPF_F_MMAPABLE);
    __type(key, __u32);
    __type(value, struct xvrrp_router);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} vrid SEC(".maps");

/* XVRRP_ABI_VERSION, written by the controller at attach (abi.h). */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u32);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} abi_version SEC(".maps");

/* Indexed by XVRRP_ROUTER_SLOT: a lookup is inlined, no hashing. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, XVRRP_MAX_ROUTERS);
    __type(key, __u32);
    __type(value, struct xvrrp_timer);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} vrid_timer SEC(".maps");

/* The open-addressed VIP table of abi.h. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, XVRRP_VIP4_SLOTS);
    __uint(map_flags, BPF_F_MMAPABLE);
    __type(key, __u32);
    __type(value, struct xvrrp_vip4_slot);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} vip4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, XVRRP_MAX_VIPS);
    __type(key, struct xvrrp_vip6_key);
    __type(value, struct xvrrp_router_key);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} vip6 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, XVRRP_MAX_PEERS * 8);
    __type(key, struct xvrrp_peer_key);
    __type(value, struct xvrrp_peer);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} peers SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct xvrrp_ifcfg);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} ifcfg SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, XVRRP_CNT_MAX);
    __type(key, __u32);
    __type(value, __u64);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} counters SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, XVRRP_EVENTS_BYTES);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} events SEC(".maps");

/* Indexed by XVRRP_ROUTER_SLOT, like vrid_timer: A3 drops per router. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, XVRRP_MAX_ROUTERS);
    __type(key, __u32);
    __type(value, __u64);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} accept_drops SEC(".maps");

/* Internal, not pinned, not part of the ABI: the per-CPU clock cache of
 * clock.h (a bpf_ktime_get_ns() call costs as much as a hash lookup). */
struct clock_cache {
    __u64 jiffies;
    __u64 ns;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct clock_cache);
} clock_cache SEC(".maps");

/* The configured router `k` names, or NULL. */
static __always_inline struct xvrrp_router* router_of(const struct xvrrp_router_key* k) {
    __u32 slot = XVRRP_ROUTER_SLOT(k->vrid, k->family);
    struct xvrrp_router* r = bpf_map_lookup_elem(&vrid, &slot);
    return r && r->present ? r : NULL;
}

/* The owner of IPv4 VIP `addr` (4 bytes, any alignment) into *out and `out`,
 * or NULL. Each probe is one inlined array access and one 64-bit load: the
 * controller writes whole slots with one store. */
static __always_inline struct xvrrp_router_key* vip4_owner(const void* addr,
                                                           struct xvrrp_router_key* out) {
    __u32 a = *(const __u32*)addr;
    __u32 home = xvrrp_vip4_home(a);
    for (__u32 i = 0; i < XVRRP_VIP4_PROBES; i++) {
        __u32 idx = (home + i) & (XVRRP_VIP4_SLOTS - 1);
        __u64* slot = bpf_map_lookup_elem(&vip4, &idx);
        if (!slot)
            return NULL;
        __u64 v = *(volatile __u64*)slot;
        __u8 owner = (__u8)(v >> 32); /* xvrrp_vip4_slot.vrid, little-endian */
        if (owner == 0)
            return NULL;
        if ((__u32)v == a) {
            out->vrid = owner;
            out->family = XVRRP_FAMILY_V4;
            out->reserved[0] = out->reserved[1] = 0;
            return out;
        }
    }
    return NULL;
}

/* The owner's VRID of IPv4 VIP `addr` (as vip4_owner reads it), 0 for none.
 * A global function, verified once: inlined into the 255-address V3 loop,
 * the probes make more branches than the verifier follows. */
__noinline __u32 xvrrp_vip4_vrid(__u32 addr) {
    struct xvrrp_router_key owner;
    return vip4_owner(&addr, &owner) ? owner.vrid : 0;
}

static __always_inline void count(__u32 index) {
    __u64* value = bpf_map_lookup_elem(&counters, &index);
    if (value)
        *value += 1; /* per-CPU slot: no atomic needed */
}

#endif /* XVRRP_BPF_MAPS_H */
