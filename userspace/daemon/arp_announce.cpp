#include "daemon/arp_announce.h"

#include <spdlog/spdlog.h>

#include <fstream>

namespace xvrrp::daemon {

namespace {

std::optional<int> read_value(const std::string& path) {
    std::ifstream in(path);
    int v = 0;
    if (in >> v) {
        return v;
    }
    return std::nullopt;
}

bool write_value(const std::string& path, int v) {
    std::ofstream out(path);
    out << v << "\n";
    out.flush();
    return static_cast<bool>(out);
}

}  // namespace

ArpAnnounce::ArpAnnounce(std::string ifname)
    : path_("/proc/sys/net/ipv4/conf/" + ifname + "/arp_announce") {
    const auto now = read_value(path_);
    if (!now) {
        spdlog::warn("{}: cannot read {}; clients may learn VIPs with the interface's own MAC",
                     ifname, path_);
        return;
    }
    if (*now >= 2) {
        return;
    }
    if (!write_value(path_, 2)) {
        spdlog::warn("{}: cannot set {} to 2; clients may learn VIPs with the interface's own MAC",
                     ifname, path_);
        return;
    }
    previous_ = *now;
    spdlog::info(
        "{}: arp_announce {} -> 2 while xvrrp runs (ARP requests from the stack name "
        "the interface's address, never a VIP)",
        ifname, *now);
}

ArpAnnounce::~ArpAnnounce() {
    if (previous_) {
        (void)write_value(path_, *previous_);
    }
}

}  // namespace xvrrp::daemon
