#include "dataplane/maps.h"

#include <bpf/bpf.h>
#include <sys/mman.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cerrno>
#include <cstring>
#include <tuple>

#include "dataplane/skeleton.h"
#include "xvrrp/vip4_table.hpp"

namespace xvrrp::dataplane {
namespace {

// Upper bound on map walks: a hash walk restarts when the entry it stands
// on is deleted under it, so an unbounded loop could spin.
constexpr size_t kMaxWalk = 1u << 16;

template <typename K, typename V>
Result<std::optional<V>> lookup(int fd, const K& key, const std::string& what) {
    V value{};
    if (bpf_map_lookup_elem(fd, &key, &value) != 0) {
        if (errno == ENOENT) {
            return std::optional<V>{};
        }
        return errno_error(errno, what);
    }
    return std::optional<V>{value};
}

template <typename K, typename V>
Result<void> update(int fd, const K& key, const V& value, uint64_t flags, const std::string& what) {
    if (bpf_map_update_elem(fd, &key, &value, flags) != 0) {
        return errno_error(errno, what);
    }
    return {};
}

template <typename K>
Result<void> erase(int fd, const K& key, const std::string& what) {
    if (bpf_map_delete_elem(fd, &key) != 0 && errno != ENOENT) {
        return errno_error(errno, what);
    }
    return {};
}

template <typename K>
Result<std::vector<K>> keys_of(int fd, const std::string& what) {
    std::vector<K> keys;
    K key{};
    const K* prev = nullptr;
    while (keys.size() < kMaxWalk) {
        if (bpf_map_get_next_key(fd, prev, &key) != 0) {
            if (errno == ENOENT) {
                break;
            }
            return errno_error(errno, what);
        }
        keys.push_back(key);
        prev = &keys.back();
    }
    return keys;
}

proto::IpAddr vip_from(const xvrrp_vip4_key& k) {
    return proto::IpAddr::v4({k.addr[0], k.addr[1], k.addr[2], k.addr[3]});
}

proto::IpAddr vip_from(const xvrrp_vip6_key& k) {
    std::array<uint8_t, 16> b{};
    std::copy_n(k.addr, 16, b.begin());
    return proto::IpAddr::v6(b);
}

xvrrp_peer_key peer_key(RouterKey router, const proto::IpAddr& peer) {
    xvrrp_peer_key k{};
    k.vrid = router.vrid;
    k.family = static_cast<xvrrp_u8>(router.family);
    address_to_abi(peer, k.addr);
    return k;
}

}  // namespace

const char* to_string(RouterState state) {
    switch (state) {
        case RouterState::Init:
            return "INIT";
        case RouterState::Backup:
            return "BACKUP";
        case RouterState::Master:
            return "MASTER";
        case RouterState::Fault:
            return "FAULT";
    }
    return "?";
}

uint64_t monotonic_now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

MapMemory::MapMemory(MapMemory&& o) noexcept
    : addr_(std::exchange(o.addr_, nullptr)), bytes_(std::exchange(o.bytes_, 0)) {}

MapMemory& MapMemory::operator=(MapMemory&& o) noexcept {
    if (this != &o) {
        this->~MapMemory();
        addr_ = std::exchange(o.addr_, nullptr);
        bytes_ = std::exchange(o.bytes_, 0);
    }
    return *this;
}

MapMemory::~MapMemory() {
    if (addr_ != nullptr) {
        munmap(addr_, bytes_);
    }
}

Result<MapMemory> MapMemory::map(int fd, size_t bytes, const std::string& what) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        return errno_error(errno, what + ": cannot mmap the map (not BPF_F_MMAPABLE?)");
    }
    MapMemory m;
    m.addr_ = p;
    m.bytes_ = bytes;
    return m;
}

// Every map the controller holds, with its name: one list for both ways in.
std::array<std::pair<OwnedFd*, const char*>, 10> Maps::handles() {
    return {{
        {&routers_, XVRRP_MAP_ROUTERS},
        {&timers_, XVRRP_MAP_TIMERS},
        {&vip4_, XVRRP_MAP_VIP4},
        {&vip6_, XVRRP_MAP_VIP6},
        {&peers_, XVRRP_MAP_PEERS},
        {&ifcfg_, XVRRP_MAP_IFCFG},
        {&counters_, XVRRP_MAP_COUNTERS},
        {&events_, XVRRP_MAP_EVENTS},
        {&accept_drops_, XVRRP_MAP_ACCEPT_DROPS},
        {&abi_version_, XVRRP_MAP_ABI_VERSION},
    }};
}

Result<void> Maps::finish_open(bool stamp) {
    auto routers = MapMemory::map(routers_.get(), sizeof(xvrrp_router) * XVRRP_MAX_ROUTERS,
                                  where() + ": map " XVRRP_MAP_ROUTERS);
    if (!routers) {
        return routers.error();
    }
    routers_mem_ = std::move(routers).value();
    auto vips = MapMemory::map(vip4_.get(), sizeof(xvrrp_vip4_slot) * XVRRP_VIP4_SLOTS,
                               where() + ": map " XVRRP_MAP_VIP4);
    if (!vips) {
        return vips.error();
    }
    vip4_mem_ = std::move(vips).value();
    const uint32_t zero = 0;
    if (stamp) {
        const uint32_t version = XVRRP_ABI_VERSION;
        return update(abi_version_.get(), zero, version, BPF_ANY,
                      where() + ": cannot write the ABI version");
    }
    return check_abi_version(abi_version_.get(), where());
}

xvrrp_router* Maps::router_slot_mem(RouterKey key) const {
    return static_cast<xvrrp_router*>(routers_mem_.get()) + router_slot(key);
}

Result<Maps> Maps::from_skeleton(const Skeleton& skel, std::string_view ifname) {
    Maps m;
    m.ifname_ = std::string(ifname);
    for (const auto& [fd, name] : m.handles()) {
        const int source = skel.map_fd(name);
        if (source < 0) {
            return Error{ENOENT, m.ifname_ + ": the BPF object has no map '" + name +
                                     "' (xvrrp.bpf.c and abi.h disagree)"};
        }
        *fd = OwnedFd::dup_of(source);
        if (fd->get() < 0) {
            return errno_error(errno, m.ifname_ + ": cannot duplicate map handle " + name);
        }
    }
    if (auto done = m.finish_open(true); !done) {
        return done.error();
    }
    return m;
}

Result<Maps> Maps::open_pinned(std::string_view ifname, const std::string& pin_root) {
    Maps m;
    m.ifname_ = std::string(ifname);
    const std::string dir = pin_dir_path(pin_root, ifname);
    for (const auto& [fd, name] : m.handles()) {
        auto opened = open_pinned_map(dir, ifname, *find_map_spec(name));
        if (!opened) {
            return opened.error();
        }
        *fd = std::move(opened).value();
    }
    if (auto done = m.finish_open(false); !done) {
        return done.error();
    }
    return m;
}

std::string Maps::where(RouterKey key) const {
    return ifname_ + ": " + describe(key);
}

Result<std::optional<xvrrp_router>> Maps::router(RouterKey key) const {
    auto r = lookup<uint32_t, xvrrp_router>(routers_.get(), router_slot(key),
                                            where(key) + ": cannot read router state");
    if (r && *r && !(*r)->present) {
        return std::optional<xvrrp_router>{};  // an unused slot
    }
    return r;
}

// The array update copies the value in place, not atomically: a reader may
// see some fields old and some new. The controller changes a router's state
// and lease together only towards "not answering" (lease 0), which state
// (offset 0, copied first) already says.
Result<void> Maps::put_router(RouterKey key, const xvrrp_router& value) {
    xvrrp_router v = value;
    v.present = 1;
    return update(routers_.get(), router_slot(key), v, BPF_ANY,
                  where(key) + ": cannot write router state");
}

Result<void> Maps::modify_router(RouterKey key, const std::function<void(xvrrp_router&)>& change) {
    auto current = router(key);
    if (!current) {
        return current.error();
    }
    if (!*current) {
        return Error{ENOENT, where(key) +
                                 ": no such router in the XDP program's table "
                                 "(configure it before changing it)"};
    }
    xvrrp_router value = **current;
    change(value);
    return put_router(key, value);
}

Result<void> Maps::set_state(RouterKey key, RouterState state) {
    return modify_router(key, [state](xvrrp_router& r) { r.state = static_cast<xvrrp_u8>(state); });
}

Result<void> Maps::delete_router(RouterKey key) {
    // An array slot cannot be deleted: zeroing it cancels the deadline.
    if (auto t = update(timers_.get(), router_slot(key), xvrrp_timer{}, BPF_ANY,
                        where(key) + ": cannot clear timer");
        !t) {
        return t;
    }
    return update(routers_.get(), router_slot(key), xvrrp_router{}, BPF_ANY,
                  where(key) + ": cannot delete router");
}

Result<std::vector<std::pair<RouterKey, xvrrp_router>>> Maps::routers() const {
    std::vector<std::pair<RouterKey, xvrrp_router>> out;
    for (uint32_t slot = 0; slot < XVRRP_MAX_ROUTERS; ++slot) {
        const auto key = router_key_of_slot(slot);
        if (!key) {
            continue;
        }
        xvrrp_router value;
        std::memcpy(&value, router_slot_mem(*key), sizeof value);
        if (value.present != 0) {
            out.emplace_back(*key, value);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

// One aligned 64-bit store (abi.h): the XDP program reads the lease with one
// load, so it sees the old or the new expiry, never a mix.
Result<void> Maps::set_lease_expiry(RouterKey key, uint64_t expires_ns) {
    xvrrp_router* r = router_slot_mem(key);
    if (__atomic_load_n(&r->present, __ATOMIC_RELAXED) == 0) {
        return Error{ENOENT, where(key) +
                                 ": no such router in the XDP program's table "
                                 "(configure it before changing it)"};
    }
    __atomic_store_n(&r->lease_expires_ns, expires_ns, __ATOMIC_RELEASE);
    return {};
}

Result<void> Maps::refresh_lease(RouterKey key, std::chrono::nanoseconds validity) {
    return set_lease_expiry(key, monotonic_now_ns() + static_cast<uint64_t>(validity.count()));
}

Result<void> Maps::refresh_leases(std::span<const RouterKey> keys,
                                  std::chrono::nanoseconds validity) {
    const uint64_t expires = monotonic_now_ns() + static_cast<uint64_t>(validity.count());
    for (const RouterKey k : keys) {
        xvrrp_router* r = router_slot_mem(k);
        if (__atomic_load_n(&r->present, __ATOMIC_RELAXED) != 0) {
            __atomic_store_n(&r->lease_expires_ns, expires, __ATOMIC_RELEASE);
        }
    }
    return {};
}

Result<void> Maps::add_vip(const proto::IpAddr& vip, RouterKey owner) {
    const std::string what = where(owner) + ": cannot add VIP " + vip.to_string();
    if (vip.family() != owner.family) {
        return Error{EINVAL, what + ": address family differs from the router's"};
    }
    const xvrrp_router_key value = to_abi(owner);
    if (vip.is_v4()) {
        if (vip4_table::add(vip4_mem(), vip4_table::key_of(vip.data()), owner.vrid) != 0) {
            return Error{ENOSPC, what + ": its slots in the XDP program's VIP table (" +
                                     std::to_string(XVRRP_VIP4_PROBES) +
                                     " from its hash) are all taken by other VIPs"};
        }
        return {};
    }
    xvrrp_vip6_key k{};
    std::copy_n(vip.data(), 16, k.addr);
    return update(vip6_.get(), k, value, BPF_ANY, what);
}

Result<void> Maps::delete_vip(const proto::IpAddr& vip) {
    const std::string what = ifname_ + ": cannot delete VIP " + vip.to_string();
    if (vip.is_v4()) {
        vip4_table::remove(vip4_mem(), vip4_table::key_of(vip.data()));
        return {};
    }
    xvrrp_vip6_key k{};
    std::copy_n(vip.data(), 16, k.addr);
    return erase(vip6_.get(), k, what);
}

Result<std::optional<RouterKey>> Maps::vip_owner(const proto::IpAddr& vip) const {
    const std::string what = ifname_ + ": cannot look up VIP " + vip.to_string();
    Result<std::optional<xvrrp_router_key>> found = std::optional<xvrrp_router_key>{};
    if (vip.is_v4()) {
        const uint64_t* t = vip4_mem();
        const auto at = vip4_table::find(t, vip4_table::key_of(vip.data()));
        if (!at) {
            return std::optional<RouterKey>{};
        }
        return std::optional<RouterKey>{
            RouterKey{vip4_table::vrid_of(vip4_table::load(t, *at)), proto::Family::V4}};
    } else {
        xvrrp_vip6_key k{};
        std::copy_n(vip.data(), 16, k.addr);
        found = lookup<xvrrp_vip6_key, xvrrp_router_key>(vip6_.get(), k, what);
    }
    if (!found) {
        return found.error();
    }
    if (!*found) {
        return std::optional<RouterKey>{};
    }
    return std::optional<RouterKey>{from_abi(**found)};
}

Result<std::vector<std::pair<proto::IpAddr, RouterKey>>> Maps::vips() const {
    std::vector<std::pair<proto::IpAddr, RouterKey>> out;
    auto collect = [&](int fd, auto tag) -> Result<void> {
        using K = decltype(tag);
        auto keys = keys_of<K>(fd, where() + ": cannot list VIPs");
        if (!keys) {
            return keys.error();
        }
        for (const auto& k : *keys) {
            auto owner = lookup<K, xvrrp_router_key>(fd, k, where() + ": cannot read VIP");
            if (!owner) {
                return owner.error();
            }
            if (*owner) {
                out.emplace_back(vip_from(k), from_abi(**owner));
            }
        }
        return {};
    };
    for (uint32_t i = 0; i < XVRRP_VIP4_SLOTS; ++i) {
        const uint64_t v = vip4_table::load(vip4_mem(), i);
        if (vip4_table::vrid_of(v) != 0) {
            xvrrp_vip4_key k{};
            const uint32_t a = vip4_table::addr_of(v);
            std::memcpy(k.addr, &a, 4);
            out.emplace_back(vip_from(k), RouterKey{vip4_table::vrid_of(v), proto::Family::V4});
        }
    }
    if (auto r = collect(vip6_.get(), xvrrp_vip6_key{}); !r) {
        return r.error();
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<void> Maps::add_peer(RouterKey router, const proto::IpAddr& peer) {
    const std::string what = where(router) + ": cannot add unicast peer " + peer.to_string();
    if (peer.family() != router.family) {
        return Error{EINVAL, what + ": address family differs from the router's"};
    }
    const xvrrp_peer fresh{};
    const xvrrp_peer_key key = peer_key(router, peer);
    // BPF_NOEXIST keeps the advert count of a peer that is already there.
    if (bpf_map_update_elem(peers_.get(), &key, &fresh, BPF_NOEXIST) != 0 && errno != EEXIST) {
        return errno_error(errno, what);
    }
    return {};
}

Result<void> Maps::delete_peer(RouterKey router, const proto::IpAddr& peer) {
    return erase(peers_.get(), peer_key(router, peer),
                 where(router) + ": cannot delete unicast peer " + peer.to_string());
}

Result<std::vector<PeerEntry>> Maps::peers() const {
    auto keys = keys_of<xvrrp_peer_key>(peers_.get(), where() + ": cannot list peers");
    if (!keys) {
        return keys.error();
    }
    std::vector<PeerEntry> out;
    for (const auto& k : *keys) {
        auto v =
            lookup<xvrrp_peer_key, xvrrp_peer>(peers_.get(), k, where() + ": cannot read peer");
        if (!v) {
            return v.error();
        }
        if (*v) {
            const RouterKey r = from_abi(xvrrp_router_key{k.vrid, k.family, {0, 0}});
            out.push_back(PeerEntry{r, address_from_abi(k.addr, r.family), (*v)->adverts});
        }
    }
    std::sort(out.begin(), out.end(), [](const PeerEntry& a, const PeerEntry& b) {
        return std::tie(a.router, a.addr) < std::tie(b.router, b.addr);
    });
    return out;
}

Result<void> Maps::set_interface(const Mac& mac, uint32_t ifindex) {
    xvrrp_ifcfg cfg{};
    std::copy(mac.begin(), mac.end(), cfg.mac);
    cfg.ifindex = ifindex;
    const uint32_t zero = 0;
    return update(ifcfg_.get(), zero, cfg, BPF_ANY, where() + ": cannot write interface config");
}

Result<xvrrp_ifcfg> Maps::interface_config() const {
    const uint32_t zero = 0;
    auto v = lookup<uint32_t, xvrrp_ifcfg>(ifcfg_.get(), zero,
                                           where() + ": cannot read interface config");
    if (!v) {
        return v.error();
    }
    return v->value_or(xvrrp_ifcfg{});
}

Result<std::optional<xvrrp_timer>> Maps::timer(RouterKey key) const {
    auto t = lookup<uint32_t, xvrrp_timer>(timers_.get(), router_slot(key),
                                           where(key) + ": cannot read timer");
    if (t && *t && (*t)->armed_count == 0 && (*t)->expires_ns == 0) {
        return std::optional<xvrrp_timer>{};  // never armed since cleared
    }
    return t;
}

Result<uint64_t> Maps::accept_drops(RouterKey key) const {
    return read_percpu_sum(accept_drops_.get(), router_slot(key), where(key));
}

Result<std::vector<CounterValue>> Maps::counters() const {
    return read_counters(counters_.get(), ifname_);
}

}  // namespace xvrrp::dataplane
