// Interface lookups the controller needs before it can run an instance:
// name -> index, link details, and the advert source addresses (P5: the
// primary IPv4 address, the IPv6 link-local address). Errors name the
// interface ("bond1: no such interface").
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "net/result.h"
#include "net/rtnl.h"
#include "net/rtnl_decode.h"
#include "proto/address.h"

namespace xvrrp::net {

// The index of `name` in the calling thread's network namespace.
Result<Iface> find_interface(std::string_view name);

Result<LinkInfo> link_info(RtnlSocket& rtnl, std::string_view name);
Result<LinkInfo> link_info(RtnlSocket& rtnl, const Iface& iface);

// Every address on the interface (one family, or both), in the kernel's
// order. Used to find VIPs a crashed controller left behind and VIPs removed
// behind our back.
Result<std::vector<InterfaceAddress>> list_addresses(RtnlSocket& rtnl, const Iface& iface,
                                                     std::optional<proto::Family> family = {});

// P5 advert source. `exclude` holds our own VIPs: once we are MASTER they
// sit on the same interface and must never become the source.
// The first primary (not secondary) IPv4 address that is not host-scoped.
Result<proto::IpAddr> primary_ipv4(RtnlSocket& rtnl, const Iface& iface,
                                   std::span<const proto::IpAddr> exclude = {});
// The first fe80::/10 address, preferring one whose DAD has completed;
// never one whose DAD failed.
Result<proto::IpAddr> ipv6_link_local(RtnlSocket& rtnl, const Iface& iface,
                                      std::span<const proto::IpAddr> exclude = {});
// The same choices from a list_addresses() result already at hand (one dump
// serving many instances); `ifname` names the interface in the error.
Result<proto::IpAddr> pick_primary_ipv4(std::span<const InterfaceAddress> addrs,
                                        const std::string& ifname,
                                        std::span<const proto::IpAddr> exclude = {});
Result<proto::IpAddr> pick_ipv6_link_local(std::span<const InterfaceAddress> addrs,
                                           const std::string& ifname,
                                           std::span<const proto::IpAddr> exclude = {});

}  // namespace xvrrp::net
