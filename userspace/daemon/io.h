// The controller's I/O edges, as one interface: everything the action
// executor does to the kernel (XDP maps, timers) and the network (addresses,
// frames). The real implementation (kernel_io.h) sits on the dataplane and
// net layers; unit tests use a recording fake, so every decision of the
// executor is tested without privileges.
//
// Calls do not fail towards the caller: an implementation logs what went
// wrong with the interface and VRID, and the controller carries on (a VIP
// that cannot be added must not stop the adverts of every other router).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "dataplane/router_key.h"
#include "net/routes.h"
#include "net/vip_manager.h"
#include "proto/address.h"
#include "xvrrp/abi.h"

namespace xvrrp::daemon {

struct UnicastPacket {
    proto::IpAddr dst;
    std::span<const uint8_t> packet;  // a complete IP packet
};

class Io {
  public:
    virtual ~Io() = default;

    // ---- the kernel half, per interface (its own maps) ----
    virtual void write_router(const std::string& ifname, dataplane::RouterKey key,
                              const xvrrp_router& image) = 0;
    // lease_expires_ns = now + validity for each router, in one batch.
    virtual void refresh_leases(const std::string& ifname,
                                std::span<const dataplane::RouterKey> keys,
                                uint64_t validity_ns) = 0;
    virtual void arm_master_down(const std::string& ifname, dataplane::RouterKey key,
                                 uint64_t delay_us) = 0;
    virtual void cancel_master_down(const std::string& ifname, dataplane::RouterKey key) = 0;

    // ---- the network, per interface ----
    virtual void add_vips(const std::string& ifname, std::span<const net::Vip> vips) = 0;
    virtual void remove_vips(const std::string& ifname, std::span<const net::Vip> vips) = 0;
    // Solicited-node groups of IPv6 VIPs, so NS for them reach us (S4).
    virtual void join_solicited_nodes(const std::string& ifname,
                                      std::span<const proto::IpAddr> vips) = 0;
    virtual void leave_solicited_nodes(const std::string& ifname,
                                       std::span<const proto::IpAddr> vips) = 0;
    // virtual_routes / virtual_rules and the static ones: one batch each.
    // Removal takes the rules out before the routes, addition puts the
    // routes in before the rules.
    virtual void add_routes(std::span<const net::Route> routes,
                            std::span<const net::Rule> rules) = 0;
    virtual void remove_routes(std::span<const net::Route> routes,
                               std::span<const net::Rule> rules) = 0;
    // Complete Ethernet frames, one sendmmsg.
    virtual void send_frames(const std::string& ifname,
                             std::span<const std::span<const uint8_t>> frames) = 0;
    // IP packets routed by the kernel (unicast adverts).
    virtual void send_unicast(const std::string& ifname,
                              std::span<const UnicastPacket> packets) = 0;
};

}  // namespace xvrrp::daemon
