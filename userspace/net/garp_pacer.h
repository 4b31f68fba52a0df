// Spacing inside a gratuitous burst, per interface (keepalived's
// vrrp_garp_interval / vrrp_gna_interval): with 255 VIPs x 5 repeats, a
// burst sent back to back is 1,275 frames in a few hundred microseconds,
// which some switches and hosts drop or rate-limit. With a gap set, the
// frames of one interface leave one per gap, GARPs and NAs each in their own
// lane (each with its own gap), in the order they were queued.
//
// Frames are queued with the instance that owns them, so an instance that
// leaves MASTER (or goes away) takes its unsent frames back: a backup must
// not go on announcing the VIPs.
//
// Pure: the caller passes the time, sends what take_due() returns and arms
// its timer for next_deadline_us().
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace xvrrp::net {

struct PacedFrame {
    uint32_t owner = 0;
    std::vector<uint8_t> bytes;
};

class GarpPacer {
  public:
    GarpPacer(uint64_t arp_gap_us = 0, uint64_t na_gap_us = 0);

    void set_gaps(uint64_t arp_gap_us, uint64_t na_gap_us);
    // Queues a frame (an ARP or an IPv6 frame, told apart by its EtherType).
    void push(uint32_t owner, std::vector<uint8_t> frame);
    // The frames due at now_us: every queued frame of a lane without a gap;
    // otherwise at most one per lane, once its gap since the lane's last
    // frame is over. A late call sends one, not the ones it missed: the gap
    // is the point.
    std::vector<PacedFrame> take_due(uint64_t now_us);
    // Drops the unsent frames of `owner`.
    void drop(uint32_t owner);
    // When the next frame is due; nullopt when nothing is queued.
    std::optional<uint64_t> next_deadline_us() const;
    bool empty() const { return arp_.queue.empty() && na_.queue.empty(); }

  private:
    struct Lane {
        uint64_t gap_us = 0;
        std::deque<PacedFrame> queue;
        std::optional<uint64_t> last_us;
        std::optional<uint64_t> due_us() const;
        void take(uint64_t now_us, std::vector<PacedFrame>& out);
    };
    Lane arp_, na_;
};

}  // namespace xvrrp::net
