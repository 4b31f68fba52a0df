// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The egress logic timed warm: BPF_PROG_TEST_RUN with repeat = N reuses one
 * skb, so a rewriting program sees its own output from the second run on.
 * These programs first put the frame back (one bpf_skb_store_bytes of the
 * original bytes, keyed by the frame's length), then run egress.h, the same
 * source xvrrp_egress is built from, on maps of their own. The restore alone
 * is the anchor: egress cost = restore_egress - restore_only, same run.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include <bpf/bpf_helpers.h>

#include "egress.h"

#define RESTORE_MAX 128

struct restore_frame {
    __u8 bytes[RESTORE_MAX];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, __u32); /* the frame's length */
    __type(value, struct restore_frame);
} restore_frames SEC(".maps");

static __always_inline int restore(struct __sk_buff* skb) {
    __u32 len = skb->len;
    struct restore_frame* f = bpf_map_lookup_elem(&restore_frames, &len);
    if (!f || len == 0 || len > RESTORE_MAX)
        return -1;
    return bpf_skb_store_bytes(skb, 0, f->bytes, len, 0) ? -1 : 0;
}

SEC("tc")
int warm_restore_only(struct __sk_buff* skb) {
    return restore(skb) ? TC_ACT_SHOT : TC_ACT_UNSPEC;
}

SEC("tc")
int warm_restore_egress(struct __sk_buff* skb) {
    if (restore(skb))
        return TC_ACT_SHOT;
    return egress_frame(skb);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
