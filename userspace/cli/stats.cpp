// `xvrrp stats`: what the kernel side counts and knows, read straight from
// the pinned maps, so it works without a running controller (and after one
// crashed).
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "daemon/errors.h"
#include "dataplane/maps.h"
#include "dataplane/tc_attach.h"
#include "dataplane/xdp_attach.h"

namespace xvrrp::cli {

namespace {

std::vector<std::string> pinned_interfaces(const std::string& pin_root) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(pin_root, ec)) {
        if (e.is_directory()) {
            out.push_back(e.path().filename().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

nlohmann::json router_json(const dataplane::RouterKey& key, const xvrrp_router& r,
                           uint64_t now_ns) {
    nlohmann::json j = {
        {"vrid", key.vrid},
        {"family", key.family == proto::Family::V4 ? "IPv4" : "IPv6"},
        {"state", dataplane::to_string(static_cast<dataplane::RouterState>(r.state))},
        {"priority", r.priority},
        {"lease_remaining_ms", nullptr},
        {"master_ip", nullptr},
        {"accept_mode", r.no_accept == 0 || r.priority == 255},
        {"accept_drops", 0},
        {"real_mac", r.real_mac != 0},
    };
    if (r.lease_expires_ns > now_ns) {
        j["lease_remaining_ms"] = (r.lease_expires_ns - now_ns) / 1'000'000;
    }
    if (r.master_known) {
        j["master_ip"] = dataplane::address_from_abi(r.master_addr, key.family).to_string();
    }
    return j;
}

// Whether our TC egress program guards the interface (bpf/egress.h): false
// too when the interface or the answer is missing.
bool egress_attached(const std::string& ifname) {
    auto ifindex = dataplane::resolve_ifindex(ifname);
    if (!ifindex) {
        return false;
    }
    auto filter = dataplane::query_egress(ifname, *ifindex);
    return filter && *filter && (*filter)->is_xvrrp();
}

// One interface's counters and routers, or an error message.
nlohmann::json interface_json(const std::string& ifname, const std::string& pin_root) {
    auto maps = dataplane::Maps::open_pinned(ifname, pin_root);
    if (!maps) {
        return {{"interface", ifname}, {"error", maps.error().message}};
    }
    nlohmann::json j = {{"interface", ifname}, {"egress_attached", egress_attached(ifname)}};
    nlohmann::json counters = nlohmann::json::object();
    if (auto c = maps->counters()) {
        for (const auto& v : *c) {
            counters[std::string(v.name)] = v.value;
        }
    }
    j["counters"] = counters;
    nlohmann::json routers = nlohmann::json::array();
    const uint64_t now = dataplane::monotonic_now_ns();
    if (auto rs = maps->routers()) {
        for (const auto& [key, r] : *rs) {
            routers.push_back(router_json(key, r, now));
            if (auto drops = maps->accept_drops(key)) {
                routers.back()["accept_drops"] = *drops;
            }
        }
    }
    j["routers"] = routers;
    return j;
}

void print_text(const nlohmann::json& ifc) {
    std::cout << ifc["interface"].get<std::string>() << "\n";
    if (ifc.contains("error")) {
        std::cout << "  error: " << ifc["error"].get<std::string>() << "\n";
        return;
    }
    for (const auto& r : ifc["routers"]) {
        std::cout << fmt::format("  VRID {} ({})  {}  priority {}", r["vrid"].get<int>(),
                                 r["family"].get<std::string>(), r["state"].get<std::string>(),
                                 r["priority"].get<int>());
        if (!r["lease_remaining_ms"].is_null()) {
            std::cout << "  lease " << r["lease_remaining_ms"].get<uint64_t>() << " ms left";
        }
        if (!r["master_ip"].is_null()) {
            std::cout << "  master " << r["master_ip"].get<std::string>();
        }
        if (!r["accept_mode"].get<bool>()) {
            std::cout << "  no_accept, dropped " << r["accept_drops"].get<uint64_t>();
        }
        if (r["real_mac"].get<bool>()) {
            std::cout << "  real MAC";
        }
        std::cout << "\n";
    }
    std::cout << "  TC egress program " << (ifc["egress_attached"].get<bool>() ? "" : "NOT ")
              << "attached\n";
    for (const auto& [name, value] : ifc["counters"].items()) {
        std::cout << fmt::format("  {:<28} {}\n", name, value.get<uint64_t>());
    }
}

}  // namespace

int run_stats(const Args& a) {
    std::vector<std::string> names =
        a.interfaces.empty() ? pinned_interfaces(a.pin_root) : a.interfaces;
    if (names.empty()) {
        std::cerr << "xvrrp stats: nothing pinned under " << a.pin_root
                  << " (is xvrrp attached? pass its --pin-root)\n";
        return daemon::kExitRuntime;
    }
    nlohmann::json all = nlohmann::json::array();
    bool failed = false;
    for (const auto& n : names) {
        all.push_back(interface_json(n, a.pin_root));
        failed |= all.back().contains("error");
    }
    if (a.json) {
        std::cout << nlohmann::json{{"interfaces", all}}.dump(2) << "\n";
    } else {
        for (const auto& ifc : all) {
            print_text(ifc);
        }
    }
    return failed ? daemon::kExitRuntime : 0;
}

}  // namespace xvrrp::cli
