#include "dataplane/map_spec.h"

#include <bpf/bpf.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <utility>

#include "xvrrp/abi.h"

namespace xvrrp::dataplane {
namespace {

constexpr uint32_t kRouterKey = sizeof(xvrrp_router_key);

const std::array<MapSpec, 9> kSpecs = {{
    {XVRRP_MAP_ROUTERS, BPF_MAP_TYPE_HASH, kRouterKey, sizeof(xvrrp_router)},
    {XVRRP_MAP_TIMERS, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t), sizeof(xvrrp_timer)},
    {XVRRP_MAP_VIP4, BPF_MAP_TYPE_HASH, sizeof(xvrrp_vip4_key), kRouterKey},
    {XVRRP_MAP_VIP6, BPF_MAP_TYPE_HASH, sizeof(xvrrp_vip6_key), kRouterKey},
    {XVRRP_MAP_PEERS, BPF_MAP_TYPE_HASH, sizeof(xvrrp_peer_key), sizeof(xvrrp_peer)},
    {XVRRP_MAP_IFCFG, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t), sizeof(xvrrp_ifcfg)},
    {XVRRP_MAP_COUNTERS, BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(uint32_t), sizeof(uint64_t)},
    {XVRRP_MAP_EVENTS, BPF_MAP_TYPE_RINGBUF, 0, 0},
    {XVRRP_MAP_ACCEPT_DROPS, BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(uint32_t), sizeof(uint64_t)},
}};

}  // namespace

std::span<const MapSpec> map_specs() {
    return kSpecs;
}

const MapSpec* find_map_spec(std::string_view name) {
    for (const auto& spec : kSpecs) {
        if (name == spec.name) {
            return &spec;
        }
    }
    return nullptr;
}

Result<void> check_map(int fd, const MapSpec& spec, const std::string& where) {
    bpf_map_info info{};
    uint32_t len = sizeof info;
    if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0) {
        return errno_error(errno, where + ": cannot read map info");
    }
    if (info.type != spec.type || info.key_size != spec.key_size ||
        info.value_size != spec.value_size) {
        return Error{EPROTO,
                     where + ": not the map this xvrrp expects (type " + std::to_string(info.type) +
                         ", key " + std::to_string(info.key_size) + " B, value " +
                         std::to_string(info.value_size) + " B; expected type " +
                         std::to_string(spec.type) + ", key " + std::to_string(spec.key_size) +
                         " B, value " + std::to_string(spec.value_size) +
                         " B): pinned by another xvrrp version? restart the controller"};
    }
    return {};
}

OwnedFd OwnedFd::dup_of(int fd) {
    return OwnedFd(fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 3));
}

Result<OwnedFd> open_pinned_map(const std::string& pin_dir, std::string_view ifname,
                                const MapSpec& spec) {
    const std::string path = pin_dir + "/" + spec.name;
    OwnedFd fd(bpf_obj_get(path.c_str()));
    if (fd.get() < 0) {
        const int err = errno;
        if (err == ENOENT) {
            return Error{ENOENT, std::string(ifname) + ": no xvrrp state pinned at " + path +
                                     " (is xvrrp attached to " + std::string(ifname) +
                                     "? is the pin root right?)"};
        }
        return errno_error(err, std::string(ifname) + ": cannot open pinned map " + path);
    }
    if (auto checked = check_map(fd.get(), spec, std::string(ifname) + ": " + path); !checked) {
        return checked.error();
    }
    return fd;
}

}  // namespace xvrrp::dataplane
