// What the XDP program must do with one frame in one world, worked out in
// user space without the program: from the tables of docs/bpf.md, the
// advert ladder of userspace/proto/codec.h (D1-D12, V1-V3), RFC 4861 7.1.1
// for what makes a Neighbor Solicitation valid, and replies built with
// userspace/proto's frame builders.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "world.h"
#include "xvrrp/abi.h"

namespace xvrrp::xdpfuzz {

struct Expected {
    uint32_t action = 0;                  // XDP_PASS / XDP_DROP / XDP_TX
    std::vector<uint8_t> out;             // the frame as the program must leave it
    std::map<uint32_t, uint64_t> deltas;  // counters that move, by how much; others stay
    std::vector<xvrrp_event> events;      // timestamp_ns left 0
    bool discarded = false;               // a discard rule rejected the frame
    std::string path;                     // which rule decided, for messages
};

Expected predict(const World& w, std::span<const uint8_t> frame);

}  // namespace xvrrp::xdpfuzz
