#include "config/interfaces.h"

namespace xvrrp::config {

namespace {

void addresses(const Instance& in, const std::vector<VirtualAddress>& list, const char* keyword,
               std::vector<InterfaceUse>& out) {
    for (const auto& v : list) {
        if (!v.dev.empty()) {
            out.push_back({v.dev, v.where,
                           std::string(keyword) + " " + v.addr.to_string() +
                               " dev of vrrp_instance " + in.name});
        }
    }
}

}  // namespace

std::vector<InterfaceUse> interfaces_used(const Config& cfg) {
    std::vector<InterfaceUse> out;
    for (const auto& in : cfg.instances) {
        if (!in.interface.empty()) {
            out.push_back(
                {in.interface, in.interface_where, "interface of vrrp_instance " + in.name});
        }
        for (const auto& t : in.track_interfaces) {
            out.push_back({t.name, t.where, "track_interface of vrrp_instance " + in.name});
        }
        addresses(in, in.vips, "virtual_ipaddress", out);
        addresses(in, in.excluded_vips, "virtual_ipaddress_excluded", out);
    }
    return out;
}

std::vector<Diagnostic> check_interfaces(const Config& cfg,
                                         const std::function<bool(const std::string&)>& exists,
                                         Severity severity) {
    std::vector<Diagnostic> out;
    for (const auto& use : interfaces_used(cfg)) {
        if (!exists(use.name)) {
            out.push_back(
                Diagnostic{use.where, severity,
                           "interface '" + use.name + "' does not exist (" + use.what + ")"});
        }
    }
    return out;
}

}  // namespace xvrrp::config
