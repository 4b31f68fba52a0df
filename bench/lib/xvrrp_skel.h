// The xvrrp BPF object as the benches load it: from the skeleton, with no
// map pinned, so a bench never touches /sys/fs/bpf or a running controller's
// maps. Only for targets that link xvrrp_bpf_skel.
#pragma once

#include <bpf/libbpf.h>
#include <errno.h>

#include "test_run.h"

namespace xvrrp_gen {
#include "xvrrp.skel.h"
}  // namespace xvrrp_gen

namespace xvrrp::bench {

// For any object built on bpf/maps.h (its maps are pinned by name).
inline void unpin_maps(bpf_object* obj) {
    bpf_map* map = nullptr;
    bpf_object__for_each_map(map, obj) {
        bpf_map__set_pin_path(map, nullptr);
    }
}

inline xvrrp_gen::xvrrp* load_xvrrp_unpinned() {
    xvrrp_gen::xvrrp* s = xvrrp_gen::xvrrp::open();
    if (s == nullptr) {
        die("open xvrrp skeleton", errno);
    }
    unpin_maps(s->obj);
    if (int err = xvrrp_gen::xvrrp::load(s); err != 0) {
        die("load xvrrp skeleton", err);
    }
    return s;
}

}  // namespace xvrrp::bench
