// net.ipv4.conf.<if>.arp_announce = 2 on every attached interface, restored
// when the controller stops.
//
// Why: to answer a client from a VIP, the stack resolves the client's MAC
// with an ARP request, and by default (0) that request carries the packet's
// source, the VIP, as sender IP next to the interface's real MAC. Clients
// update their entry for the VIP from it, so the VIP would be announced with
// the real MAC behind the XDP program's back (DESIGN decision 3 answers
// only with the VMAC). With 2 the stack uses the interface's own address in
// the client's subnet instead. IPv6 has no such knob: see docs/operations.md.
#pragma once

#include <optional>
#include <string>

namespace xvrrp::daemon {

class ArpAnnounce {
  public:
    // Raises the setting to 2 if lower; a failure is logged, not fatal.
    explicit ArpAnnounce(std::string ifname);
    ~ArpAnnounce();  // puts the previous value back
    ArpAnnounce(const ArpAnnounce&) = delete;
    ArpAnnounce& operator=(const ArpAnnounce&) = delete;

  private:
    std::string path_;
    std::optional<int> previous_;  // set when we changed it
};

}  // namespace xvrrp::daemon
