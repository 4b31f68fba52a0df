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

const std::array<MapSpec, 10> kSpecs = {{
    {XVRRP_MAP_ROUTERS, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t), sizeof(xvrrp_router)},
    {XVRRP_MAP_TIMERS, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t), sizeof(xvrrp_timer)},
    {XVRRP_MAP_VIP4, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t), sizeof(xvrrp_vip4_slot)},
    {XVRRP_MAP_VIP6, BPF_MAP_TYPE_HASH, sizeof(xvrrp_vip6_key), kRouterKey},
    {XVRRP_MAP_PEERS, BPF_MAP_TYPE_HASH, sizeof(xvrrp_peer_key), sizeof(xvrrp_peer)},
    {XVRRP_MAP_IFCFG, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t), sizeof(xvrrp_ifcfg)},
    {XVRRP_MAP_COUNTERS, BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(uint32_t), sizeof(uint64_t)},
    {XVRRP_MAP_EVENTS, BPF_MAP_TYPE_RINGBUF, 0, 0},
    {XVRRP_MAP_ACCEPT_DROPS, BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(uint32_t), sizeof(uint64_t)},
    {XVRRP_MAP_ABI_VERSION, BPF_MAP_TYPE_ARRAY, sizeof(uint32_t), sizeof(uint32_t)},
}};

std::string detach_hint(std::string_view ifname) {
    return "; `xvrrp detach " + std::string(ifname) +
           "` removes it (and the old program), then start this xvrrp again";
}

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

Result<void> check_abi_version(int fd, const std::string& where) {
    const uint32_t zero = 0;
    uint32_t version = 0;
    if (bpf_map_lookup_elem(fd, &zero, &version) != 0) {
        return errno_error(errno, where + ": cannot read " XVRRP_MAP_ABI_VERSION);
    }
    if (version != XVRRP_ABI_VERSION) {
        return Error{EPROTO, where + ": the pinned maps have ABI version " +
                                 std::to_string(version) + ", this xvrrp uses " +
                                 std::to_string(XVRRP_ABI_VERSION) +
                                 ": pinned by another xvrrp version"};
    }
    return {};
}

Result<void> check_pinned_abi(const std::string& pin_dir, std::string_view ifname) {
    const std::string path = pin_dir + "/" XVRRP_MAP_ABI_VERSION;
    OwnedFd fd(bpf_obj_get(path.c_str()));
    if (fd.get() < 0) {
        if (errno == ENOENT) {
            return Error{EPROTO, std::string(ifname) + ": the maps pinned in " + pin_dir +
                                     " have no " XVRRP_MAP_ABI_VERSION
                                     ": pinned by an xvrrp older than ABI version " +
                                     std::to_string(XVRRP_ABI_VERSION) +
                                     ", whose table layout this one cannot read" +
                                     detach_hint(ifname)};
        }
        return errno_error(errno, std::string(ifname) + ": cannot open " + path);
    }
    const MapSpec& spec = *find_map_spec(XVRRP_MAP_ABI_VERSION);
    if (auto ok = check_map(fd.get(), spec, std::string(ifname) + ": " + path); !ok) {
        return ok;
    }
    if (auto ok = check_abi_version(fd.get(), std::string(ifname) + ": " + pin_dir); !ok) {
        return Error{ok.error().code, ok.error().message + detach_hint(ifname)};
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
