/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A cheap CLOCK_MONOTONIC for lease checks. bpf_ktime_get_ns() is a helper
 * call (~35 ns where this was measured, as much as a hash lookup) while
 * bpf_jiffies64() is inlined to one load; so the precise clock is read once
 * per CPU per jiffy and cached. The result lags the real time by less than
 * one tick (1-4 ms), so a lease is honoured up to one tick after it expired:
 * harmless for a lease of 3 x the advert interval, wrong for timer deadlines,
 * which use bpf_ktime_get_ns().
 */
#ifndef XVRRP_BPF_CLOCK_H
#define XVRRP_BPF_CLOCK_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "maps.h"

static __always_inline __u64 coarse_now_ns(void) {
    __u32 zero = 0;
    struct clock_cache* c = bpf_map_lookup_elem(&clock_cache, &zero);
    if (!c)
        return bpf_ktime_get_ns();
    __u64 j = bpf_jiffies64();
    if (c->jiffies != j) {
        c->ns = bpf_ktime_get_ns();
        c->jiffies = j;
    }
    return c->ns;
}

#endif /* XVRRP_BPF_CLOCK_H */
