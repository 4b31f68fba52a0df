// Link and address changes, as they happen: a netlink socket subscribed to
// RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR, for the event
// loop (track_interface, and VIPs removed behind our back).
//
// Register fd() with epoll level-triggered and call drain() when readable.
// Events carry the full state the kernel reported, not a diff: the caller
// compares with what it knew. When the kernel dropped notifications because
// we read too slowly (ENOBUFS), drain() yields ResyncNeeded: re-read link
// states and addresses (interfaces.h), since some changes were lost.
#pragma once

#include <memory>
#include <variant>
#include <vector>

#include "net/result.h"
#include "net/rtnl_decode.h"

struct nl_sock;

namespace xvrrp::net {

struct LinkEvent {
    LinkInfo link;
    bool deleted = false;  // RTM_DELLINK: the interface is gone
};

struct AddressEvent {
    InterfaceAddress address;
    bool added = true;  // RTM_NEWADDR (also on flag changes); false: RTM_DELADDR
};

struct ResyncNeeded {};

using MonitorEvent = std::variant<LinkEvent, AddressEvent, ResyncNeeded>;

struct MonitorOptions {
    int receive_buffer_bytes = 4 << 20;
    // Datagrams read per drain(), so one burst cannot starve the loop; the
    // fd stays readable while more are queued.
    int max_reads_per_drain = 256;
};

class LinkMonitor {
  public:
    static Result<LinkMonitor> open(const MonitorOptions& options = {});

    LinkMonitor(LinkMonitor&&) noexcept;
    LinkMonitor& operator=(LinkMonitor&&) noexcept;
    ~LinkMonitor();

    int fd() const;

    // Everything queued, decoded in arrival order; never blocks.
    Result<std::vector<MonitorEvent>> drain();

  private:
    struct SockDeleter {
        void operator()(nl_sock* sk) const;
    };
    LinkMonitor(std::unique_ptr<nl_sock, SockDeleter> sk, const MonitorOptions& options);

    std::unique_ptr<nl_sock, SockDeleter> sk_;
    MonitorOptions options_;
    std::vector<uint8_t> buf_;
};

}  // namespace xvrrp::net
