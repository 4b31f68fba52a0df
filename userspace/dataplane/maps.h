// The typed API over the XDP program's maps: the one place that knows their
// layouts (abi.h structs) and turns C++ values into keys and entries.
//
// A Maps holds its own map handles, either duplicated from a loaded
// Skeleton (the controller) or opened from the pins of a running xvrrp
// (`xvrrp stats` / `status` without a controller), so the same calls work
// for both. Errors name the interface and the router ("bond1: VRID 7
// (IPv4): ...").
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dataplane/bpffs.h"
#include "dataplane/counters.h"
#include "dataplane/map_spec.h"
#include "dataplane/result.h"
#include "dataplane/router_key.h"
#include "proto/address.h"
#include "xvrrp/abi.h"

namespace xvrrp::dataplane {

class Skeleton;

// A shared mapping of a BPF_F_MMAPABLE array map (munmap on destruction).
class MapMemory {
  public:
    MapMemory() = default;
    MapMemory(MapMemory&& o) noexcept;
    MapMemory& operator=(MapMemory&& o) noexcept;
    MapMemory(const MapMemory&) = delete;
    MapMemory& operator=(const MapMemory&) = delete;
    ~MapMemory();
    static Result<MapMemory> map(int fd, size_t bytes, const std::string& what);
    void* get() const { return addr_; }

  private:
    void* addr_ = nullptr;
    size_t bytes_ = 0;
};

enum class RouterState : uint8_t {
    Init = XVRRP_STATE_INIT,
    Backup = XVRRP_STATE_BACKUP,
    Master = XVRRP_STATE_MASTER,
    Fault = XVRRP_STATE_FAULT,
};
const char* to_string(RouterState state);

using Mac = std::array<uint8_t, 6>;

struct PeerEntry {
    RouterKey router;
    proto::IpAddr addr;
    uint64_t adverts = 0;  // valid adverts the kernel saw from it
};

// CLOCK_MONOTONIC now in ns, the clock of bpf_ktime_get_ns() and of leases.
uint64_t monotonic_now_ns();

class Maps {
  public:
    static Result<Maps> from_skeleton(const Skeleton& skel, std::string_view ifname);
    // Every map of map_specs() from <pin_root>/<ifname>, each checked, and
    // abi_version equal to XVRRP_ABI_VERSION.
    static Result<Maps> open_pinned(std::string_view ifname,
                                    const std::string& pin_root = kDefaultPinRoot);

    const std::string& ifname() const { return ifname_; }

    // ---- routers: map "vrid" (whole entries are abi.h xvrrp_router) ----
    Result<std::optional<xvrrp_router>> router(RouterKey key) const;
    // Creates or overwrites the entry.
    Result<void> put_router(RouterKey key, const xvrrp_router& value);
    // Read-modify-write of an existing entry (ENOENT if there is none).
    Result<void> modify_router(RouterKey key, const std::function<void(xvrrp_router&)>& change);
    Result<void> set_state(RouterKey key, RouterState state);
    // Removes the router and its master-down timer (which cancels it).
    Result<void> delete_router(RouterKey key);
    // Every router, ordered by key: what a restarted controller reads back.
    Result<std::vector<std::pair<RouterKey, xvrrp_router>>> routers() const;

    // ---- lease (DESIGN.md decision 4) ----
    // lease_expires_ns = monotonic now + validity, for one router: one
    // 64-bit store into the mapped array, no syscall.
    Result<void> refresh_lease(RouterKey key, std::chrono::nanoseconds validity);
    // The same for several routers, one store each, whatever their number.
    // Keys without a router are skipped.
    Result<void> refresh_leases(std::span<const RouterKey> keys, std::chrono::nanoseconds validity);
    Result<void> set_lease_expiry(RouterKey key, uint64_t expires_ns);

    // ---- VIPs: maps "vip4" / "vip6", value = the owning router ----
    Result<void> add_vip(const proto::IpAddr& vip, RouterKey owner);
    Result<void> delete_vip(const proto::IpAddr& vip);  // absent is not an error
    Result<std::optional<RouterKey>> vip_owner(const proto::IpAddr& vip) const;
    Result<std::vector<std::pair<proto::IpAddr, RouterKey>>> vips() const;

    // ---- unicast peers (D12): map "peers" ----
    Result<void> add_peer(RouterKey router, const proto::IpAddr& peer);  // keeps its count
    Result<void> delete_peer(RouterKey router, const proto::IpAddr& peer);
    Result<std::vector<PeerEntry>> peers() const;

    // ---- interface: map "ifcfg" ----
    Result<void> set_interface(const Mac& mac, uint32_t ifindex);
    Result<xvrrp_ifcfg> interface_config() const;

    // ---- master-down timers: map "vrid_timer" (read-only here) ----
    Result<std::optional<xvrrp_timer>> timer(RouterKey key) const;

    // ---- A3 drops of one router: map "accept_drops", summed over CPUs ----
    Result<uint64_t> accept_drops(RouterKey key) const;

    // ---- counters: map "counters", summed over CPUs ----
    Result<std::vector<CounterValue>> counters() const;

    int events_fd() const { return events_.get(); }
    // For readers on another thread (the metrics endpoint), which dup them.
    int counters_fd() const { return counters_.get(); }
    int routers_fd() const { return routers_.get(); }

  private:
    std::array<std::pair<OwnedFd*, const char*>, 10> handles();
    Maps() = default;
    // Maps the mmapable arrays and checks (or, `stamp`, writes) abi_version.
    Result<void> finish_open(bool stamp);
    std::string where(RouterKey key) const;
    std::string where() const { return ifname_; }
    xvrrp_router* router_slot_mem(RouterKey key) const;
    uint64_t* vip4_mem() const { return static_cast<uint64_t*>(vip4_mem_.get()); }

    std::string ifname_;
    OwnedFd routers_, timers_, vip4_, vip6_, peers_, ifcfg_, counters_, events_, accept_drops_,
        abi_version_;
    MapMemory routers_mem_, vip4_mem_;
};

}  // namespace xvrrp::dataplane
