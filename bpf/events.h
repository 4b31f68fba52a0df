/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Ring-buffer events: reserve with the common fields filled, then submit. */
#ifndef XVRRP_BPF_EVENTS_H
#define XVRRP_BPF_EVENTS_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "maps.h"
#include "xvrrp/abi.h"

/* NULL (and counted) when the ring buffer is full: the controller is behind. */
static __always_inline struct xvrrp_event* event_reserve(__u8 type,
                                                         const struct xvrrp_router_key* key,
                                                         __u8 state, __u32 ifindex) {
    struct xvrrp_event* e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e) {
        count(XVRRP_CNT_RINGBUF_FULL);
        return NULL;
    }
    __builtin_memset(e, 0, sizeof(*e));
    e->timestamp_ns = bpf_ktime_get_ns();
    e->type = type;
    e->vrid = key->vrid;
    e->family = key->family;
    e->state = state;
    e->ifindex = ifindex;
    return e;
}

static __always_inline void event_submit(struct xvrrp_event* e) {
    bpf_ringbuf_submit(e, 0);
    count(XVRRP_CNT_EVENT);
}

#endif /* XVRRP_BPF_EVENTS_H */
