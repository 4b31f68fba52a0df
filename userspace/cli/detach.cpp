// `xvrrp detach IFACE`: take xvrrp off an interface without a controller
// (after a crash, or to undo a SIGKILLed one): the VIPs it left on the
// interface (read from the pinned VIP map before the pins go), its VMAC
// filter entries, the XDP program and the pins.
#include <cerrno>
#include <iostream>
#include <set>

#include "cli/commands.h"
#include "daemon/errors.h"
#include "dataplane/attachment.h"
#include "dataplane/maps.h"
#include "net/interfaces.h"
#include "net/vip_manager.h"
#include "net/vmac_filter.h"
#include "proto/frames.h"

namespace xvrrp::cli {

namespace {

struct Leftovers {
    std::set<proto::IpAddr> vips;
    std::vector<proto::Mac> vmacs;
};

Leftovers read_leftovers(const std::string& ifname, const std::string& pin_root) {
    Leftovers out;
    auto maps = dataplane::Maps::open_pinned(ifname, pin_root);
    if (!maps) {
        if (maps.error().code == EPROTO) {
            // Pins of another layout (another xvrrp version): still removed
            // below, but what they list cannot be read.
            std::cerr << "xvrrp detach: " << ifname
                      << ": the pinned maps are from another xvrrp version; removing the "
                         "program and the pins, not the VIPs and VMAC filter entries it "
                         "added (remove those with ip addr del / bridge fdb del)\n";
        }
        return out;  // nothing pinned: nothing to clean but the program
    }
    if (auto vips = maps->vips()) {
        for (const auto& [addr, owner] : *vips) {
            out.vips.insert(addr);
        }
    }
    if (auto routers = maps->routers()) {
        for (const auto& [key, r] : *routers) {
            out.vmacs.push_back(proto::vmac(key.family, key.vrid));
        }
    }
    return out;
}

// The left VIPs as the interface holds them (prefix length, label).
size_t remove_leftovers(net::RtnlSocket& rtnl, const net::Iface& iface, const Leftovers& left) {
    std::vector<net::Vip> remove;
    if (auto present = net::list_addresses(rtnl, iface)) {
        for (const auto& a : *present) {
            if (left.vips.contains(a.addr)) {
                remove.push_back(net::Vip{a.addr, a.prefix_len, a.label, true});
            }
        }
    }
    for (const auto& f : net::remove_vips(rtnl, iface, remove)) {
        std::cerr << "xvrrp detach: " << f.error.message << "\n";
    }
    for (const auto& f : net::remove_unicast_filter(rtnl, iface, left.vmacs)) {
        std::cerr << "xvrrp detach: " << f.error.message << "\n";
    }
    return remove.size();
}

}  // namespace

int run_detach(const Args& a) {
    const std::string& ifname = a.interfaces.front();
    const Leftovers left = read_leftovers(ifname, a.pin_root);
    size_t removed = 0;
    auto iface = net::find_interface(ifname);
    if (iface) {
        auto rtnl = net::RtnlSocket::open();
        if (!rtnl) {
            std::cerr << "xvrrp detach: " << rtnl.error().message << "\n";
            return daemon::kExitRuntime;
        }
        removed = remove_leftovers(*rtnl, *iface, left);
    }
    if (auto done = dataplane::detach(ifname, a.pin_root); !done) {
        std::cerr << "xvrrp detach: " << done.error().message << "\n";
        return daemon::kExitRuntime;
    }
    std::cout << ifname << ": detached; removed " << removed << " VIP(s) and " << left.vmacs.size()
              << " VMAC filter entr" << (left.vmacs.size() == 1 ? "y" : "ies") << "\n";
    return 0;
}

}  // namespace xvrrp::cli
