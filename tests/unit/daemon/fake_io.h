// A recording Io for the executor tests: every call in order, with what it
// carried, so tests assert on decisions and on their order (A5).
#pragma once

#include <string>
#include <vector>

#include "daemon/io.h"

namespace xvrrp::daemon::testing {

struct Call {
    std::string what;  // "write_router", "send_frames", ...
    std::string ifname;
    dataplane::RouterKey key{};
    xvrrp_router router{};
    uint64_t value = 0;  // delay_us, validity_ns
    std::vector<dataplane::RouterKey> keys;
    std::vector<net::Vip> vips;
    std::vector<proto::IpAddr> addrs;
    std::vector<net::Route> routes;
    std::vector<net::Rule> rules;
    std::vector<std::vector<uint8_t>> frames;
};

class FakeIo : public Io {
  public:
    std::vector<Call> calls;

    static Call make(const char* what, const std::string& ifname) {
        Call c;
        c.what = what;
        c.ifname = ifname;
        return c;
    }

    void write_router(const std::string& ifname, dataplane::RouterKey key,
                      const xvrrp_router& image) override {
        Call c = make("write_router", ifname);
        c.key = key;
        c.router = image;
        calls.push_back(c);
    }
    void refresh_leases(const std::string& ifname, std::span<const dataplane::RouterKey> keys,
                        uint64_t validity_ns) override {
        Call c = make("refresh_leases", ifname);
        c.keys.assign(keys.begin(), keys.end());
        c.value = validity_ns;
        calls.push_back(c);
    }
    void arm_master_down(const std::string& ifname, dataplane::RouterKey key,
                         uint64_t delay_us) override {
        Call c = make("arm_master_down", ifname);
        c.key = key;
        c.value = delay_us;
        calls.push_back(c);
    }
    void cancel_master_down(const std::string& ifname, dataplane::RouterKey key) override {
        Call c = make("cancel_master_down", ifname);
        c.key = key;
        calls.push_back(c);
    }
    void add_vips(const std::string& ifname, std::span<const net::Vip> vips) override {
        Call c = make("add_vips", ifname);
        c.vips.assign(vips.begin(), vips.end());
        calls.push_back(c);
    }
    void remove_vips(const std::string& ifname, std::span<const net::Vip> vips) override {
        Call c = make("remove_vips", ifname);
        c.vips.assign(vips.begin(), vips.end());
        calls.push_back(c);
    }
    void add_routes(std::span<const net::Route> routes, std::span<const net::Rule> rules) override {
        Call c = make("add_routes", "");
        c.routes.assign(routes.begin(), routes.end());
        c.rules.assign(rules.begin(), rules.end());
        calls.push_back(c);
    }
    void remove_routes(std::span<const net::Route> routes,
                       std::span<const net::Rule> rules) override {
        Call c = make("remove_routes", "");
        c.routes.assign(routes.begin(), routes.end());
        c.rules.assign(rules.begin(), rules.end());
        calls.push_back(c);
    }
    void join_solicited_nodes(const std::string& ifname,
                              std::span<const proto::IpAddr> vips) override {
        Call c = make("join_solicited_nodes", ifname);
        c.addrs.assign(vips.begin(), vips.end());
        calls.push_back(c);
    }
    void leave_solicited_nodes(const std::string& ifname,
                               std::span<const proto::IpAddr> vips) override {
        Call c = make("leave_solicited_nodes", ifname);
        c.addrs.assign(vips.begin(), vips.end());
        calls.push_back(c);
    }
    void send_frames(const std::string& ifname,
                     std::span<const std::span<const uint8_t>> frames) override {
        Call c = make("send_frames", ifname);
        for (const auto& f : frames) {
            c.frames.emplace_back(f.begin(), f.end());
        }
        calls.push_back(c);
    }
    void send_unicast(const std::string& ifname, std::span<const UnicastPacket> packets) override {
        Call c = make("send_unicast", ifname);
        for (const auto& p : packets) {
            c.addrs.push_back(p.dst);
            c.frames.emplace_back(p.packet.begin(), p.packet.end());
        }
        calls.push_back(c);
    }

    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& c : calls) {
            out.push_back(c.what);
        }
        return out;
    }
    std::vector<Call> of(const std::string& what) const {
        std::vector<Call> out;
        for (const auto& c : calls) {
            if (c.what == what) {
                out.push_back(c);
            }
        }
        return out;
    }
};

}  // namespace xvrrp::daemon::testing
