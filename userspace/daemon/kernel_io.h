// The real I/O edges (io.h): the dataplane layer's maps and timer control
// for each attached interface, and the net layer's netlink, AF_PACKET and
// multicast calls. Failures are logged (rate-limited per operation and
// interface) with the interface and VRID, and the controller carries on.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/fd.h"
#include "daemon/io.h"
#include "daemon/rate_limit.h"
#include "dataplane/maps.h"
#include "dataplane/timer_control.h"
#include "net/multicast.h"
#include "net/rtnl.h"
#include "net/transmitter.h"

namespace xvrrp::daemon {

// What the controller holds for one attached interface.
struct LinkPort {
    net::Iface iface;
    dataplane::Maps* maps = nullptr;
    const dataplane::TimerControl* timers = nullptr;
    net::PacketTransmitter* tx = nullptr;
    // False while the device is missing or deleted (link_set.h): what needs
    // the device (sends, VIPs, groups) is skipped without a complaint; the
    // maps, when loaded, stay writable.
    bool present = true;
};

class KernelIo : public Io {
  public:
    KernelIo(net::RtnlSocket& rtnl, net::MulticastMemberships& mcast);

    void add_link(const std::string& ifname, LinkPort port);
    void remove_link(const std::string& ifname);
    // The device went away (or is not there yet): keep the maps, forget the
    // transmitter and the raw sockets bound to it.
    void link_absent(const std::string& ifname);

    void write_router(const std::string& ifname, dataplane::RouterKey key,
                      const xvrrp_router& image) override;
    void refresh_leases(const std::string& ifname, std::span<const dataplane::RouterKey> keys,
                        uint64_t validity_ns) override;
    void arm_master_down(const std::string& ifname, dataplane::RouterKey key,
                         uint64_t delay_us) override;
    void cancel_master_down(const std::string& ifname, dataplane::RouterKey key) override;
    void add_vips(const std::string& ifname, std::span<const net::Vip> vips) override;
    void remove_vips(const std::string& ifname, std::span<const net::Vip> vips) override;
    void join_solicited_nodes(const std::string& ifname,
                              std::span<const proto::IpAddr> vips) override;
    void leave_solicited_nodes(const std::string& ifname,
                               std::span<const proto::IpAddr> vips) override;
    void add_routes(std::span<const net::Route> routes, std::span<const net::Rule> rules) override;
    void remove_routes(std::span<const net::Route> routes,
                       std::span<const net::Rule> rules) override;
    void send_frames(const std::string& ifname,
                     std::span<const std::span<const uint8_t>> frames) override;
    void send_unicast(const std::string& ifname, std::span<const UnicastPacket> packets) override;

  private:
    const LinkPort* port(const std::string& ifname, const char* op);
    // Any interface by name (VIPs may live on a `dev` we are not attached to).
    std::optional<net::Iface> iface(const std::string& ifname);
    int raw_socket(const std::string& ifname, const proto::IpAddr& peer);
    void complain(const std::string& op, const std::string& ifname, const std::string& message);

    net::RtnlSocket& rtnl_;
    net::MulticastMemberships& mcast_;
    std::map<std::string, LinkPort> links_;
    // One raw socket per interface and peer: adverts to a peer that does
    // not answer ARP/ND wait in its neighbour queue, charged to the socket
    // that sent them, and on a shared socket they would use up the send
    // buffer that the live peers' adverts need.
    std::map<std::pair<std::string, proto::IpAddr>, Fd> raw_;
    RateLimiter complaints_{5'000'000};
};

}  // namespace xvrrp::daemon
