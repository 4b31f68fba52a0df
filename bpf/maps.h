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

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, XVRRP_MAX_ROUTERS);
    __type(key, struct xvrrp_router_key);
    __type(value, struct xvrrp_router);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} vrid SEC(".maps");

/* Indexed by XVRRP_ROUTER_SLOT: a lookup is inlined, no hashing. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, XVRRP_MAX_ROUTERS);
    __type(key, __u32);
    __type(value, struct xvrrp_timer);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} vrid_timer SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, XVRRP_MAX_VIPS);
    __type(key, struct xvrrp_vip4_key);
    __type(value, struct xvrrp_router_key);
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

static __always_inline void count(__u32 index) {
    __u64* value = bpf_map_lookup_elem(&counters, &index);
    if (value)
        *value += 1; /* per-CPU slot: no atomic needed */
}

#endif /* XVRRP_BPF_MAPS_H */
