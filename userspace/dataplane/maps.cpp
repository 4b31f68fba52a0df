#include "dataplane/maps.h"

#include <bpf/bpf.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cerrno>
#include <cstring>
#include <tuple>

#include "dataplane/skeleton.h"

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

// Every map the controller holds, with its name: one list for both ways in.
std::array<std::pair<OwnedFd*, const char*>, 9> Maps::handles() {
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
    }};
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
    return m;
}

std::string Maps::where(RouterKey key) const {
    return ifname_ + ": " + describe(key);
}

Result<std::optional<xvrrp_router>> Maps::router(RouterKey key) const {
    return lookup<xvrrp_router_key, xvrrp_router>(routers_.get(), to_abi(key),
                                                  where(key) + ": cannot read router state");
}

Result<void> Maps::put_router(RouterKey key, const xvrrp_router& value) {
    return update(routers_.get(), to_abi(key), value, BPF_ANY,
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
    // BPF_EXIST: a router deleted in between stays deleted.
    return update(routers_.get(), to_abi(key), value, BPF_EXIST,
                  where(key) + ": cannot write router state");
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
    return erase(routers_.get(), to_abi(key), where(key) + ": cannot delete router");
}

Result<std::vector<std::pair<RouterKey, xvrrp_router>>> Maps::routers() const {
    auto keys = keys_of<xvrrp_router_key>(routers_.get(), where() + ": cannot list routers");
    if (!keys) {
        return keys.error();
    }
    std::vector<std::pair<RouterKey, xvrrp_router>> out;
    for (const auto& k : *keys) {
        auto value = router(from_abi(k));
        if (!value) {
            return value.error();
        }
        if (*value) {  // gone since listed: skip
            out.emplace_back(from_abi(k), **value);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

Result<void> Maps::set_lease_expiry(RouterKey key, uint64_t expires_ns) {
    return modify_router(key, [expires_ns](xvrrp_router& r) { r.lease_expires_ns = expires_ns; });
}

Result<void> Maps::refresh_lease(RouterKey key, std::chrono::nanoseconds validity) {
    return set_lease_expiry(key, monotonic_now_ns() + static_cast<uint64_t>(validity.count()));
}

Result<void> Maps::refresh_leases(std::span<const RouterKey> keys,
                                  std::chrono::nanoseconds validity) {
    const std::string what = where() + ": cannot refresh leases";
    std::vector<xvrrp_router_key> all_keys(XVRRP_MAX_ROUTERS);
    std::vector<xvrrp_router> all_values(XVRRP_MAX_ROUTERS);
    // Batch tokens are opaque to us; the kernel wants room for a key.
    alignas(8) std::array<uint8_t, 64> token_in{}, token_out{};
    void* in = nullptr;
    size_t got = 0;
    while (got < all_keys.size()) {
        uint32_t count = static_cast<uint32_t>(all_keys.size() - got);
        const int err =
            bpf_map_lookup_batch(routers_.get(), in, token_out.data(), all_keys.data() + got,
                                 all_values.data() + got, &count, nullptr);
        got += count;
        if (err != 0) {
            if (errno == ENOENT) {
                break;  // walked the whole map
            }
            return errno_error(errno, what);
        }
        token_in = token_out;
        in = token_in.data();
    }
    const uint64_t expires = monotonic_now_ns() + static_cast<uint64_t>(validity.count());
    // Which routers to refresh, by slot: a lookup per router, not a scan of
    // `keys` per router (255 x 255 comparisons every advert tick).
    std::bitset<XVRRP_MAX_ROUTERS> wanted;
    for (const RouterKey k : keys) {
        wanted.set(router_slot(k));
    }
    std::vector<xvrrp_router_key> out_keys;
    std::vector<xvrrp_router> out_values;
    out_keys.reserve(keys.size());
    out_values.reserve(keys.size());
    for (size_t i = 0; i < got; ++i) {
        if (wanted.test(router_slot(from_abi(all_keys[i])))) {
            all_values[i].lease_expires_ns = expires;
            out_keys.push_back(all_keys[i]);
            out_values.push_back(all_values[i]);
        }
    }
    if (out_keys.empty()) {
        return {};
    }
    uint32_t count = static_cast<uint32_t>(out_keys.size());
    if (bpf_map_update_batch(routers_.get(), out_keys.data(), out_values.data(), &count, nullptr) !=
        0) {
        return errno_error(errno, what);
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
        xvrrp_vip4_key k{};
        std::copy_n(vip.data(), 4, k.addr);
        return update(vip4_.get(), k, value, BPF_ANY, what);
    }
    xvrrp_vip6_key k{};
    std::copy_n(vip.data(), 16, k.addr);
    return update(vip6_.get(), k, value, BPF_ANY, what);
}

Result<void> Maps::delete_vip(const proto::IpAddr& vip) {
    const std::string what = ifname_ + ": cannot delete VIP " + vip.to_string();
    if (vip.is_v4()) {
        xvrrp_vip4_key k{};
        std::copy_n(vip.data(), 4, k.addr);
        return erase(vip4_.get(), k, what);
    }
    xvrrp_vip6_key k{};
    std::copy_n(vip.data(), 16, k.addr);
    return erase(vip6_.get(), k, what);
}

Result<std::optional<RouterKey>> Maps::vip_owner(const proto::IpAddr& vip) const {
    const std::string what = ifname_ + ": cannot look up VIP " + vip.to_string();
    Result<std::optional<xvrrp_router_key>> found = std::optional<xvrrp_router_key>{};
    if (vip.is_v4()) {
        xvrrp_vip4_key k{};
        std::copy_n(vip.data(), 4, k.addr);
        found = lookup<xvrrp_vip4_key, xvrrp_router_key>(vip4_.get(), k, what);
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
    if (auto r = collect(vip4_.get(), xvrrp_vip4_key{}); !r) {
        return r.error();
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
