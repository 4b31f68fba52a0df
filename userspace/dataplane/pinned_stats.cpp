#include "dataplane/pinned_stats.h"

#include <bpf/bpf.h>

#include <cerrno>

#include "xvrrp/abi.h"

namespace xvrrp::dataplane {
namespace {

uint32_t id_of(int fd) {
    bpf_map_info info{};
    uint32_t len = sizeof info;
    return bpf_obj_get_info_by_fd(fd, &info, &len) == 0 ? info.id : 0;
}

}  // namespace

Result<PinnedCounters> PinnedCounters::open(std::string_view ifname, const std::string& pin_root) {
    PinnedCounters c;
    c.ifname_ = std::string(ifname);
    c.pin_dir_ = pin_dir_path(pin_root, ifname);
    if (auto opened = c.reopen(); !opened) {
        return opened.error();
    }
    return c;
}

Result<void> PinnedCounters::reopen() {
    auto fd = open_pinned_map(pin_dir_, ifname_, *find_map_spec(XVRRP_MAP_COUNTERS));
    if (!fd) {
        return fd.error();
    }
    fd_ = std::move(fd).value();
    map_id_ = id_of(fd_.get());
    return {};
}

Result<std::vector<CounterValue>> PinnedCounters::read() {
    // Cheap check that the pin still names our map: a restart that started
    // from scratch pins a new map at the same path.
    const std::string path = pin_dir_ + "/" + XVRRP_MAP_COUNTERS;
    OwnedFd current(bpf_obj_get(path.c_str()));
    if (current.get() >= 0 && id_of(current.get()) != map_id_) {
        if (auto opened = reopen(); !opened) {
            return opened.error();
        }
    }
    return read_counters(fd_.get(), ifname_);
}

Result<std::vector<CounterValue>> read_pinned_counters(std::string_view ifname,
                                                       const std::string& pin_root) {
    auto counters = PinnedCounters::open(ifname, pin_root);
    if (!counters) {
        return counters.error();
    }
    return counters->read();
}

}  // namespace xvrrp::dataplane
