// xvrrp-arpwatch: from a client, asks ARP for a set of addresses in rounds
// and watches every ARP frame on the wire, to time a failover of many VIPs.
//
// SIGUSR1 marks the fault. From the mark on it records, per asked address,
// when the first answer came and from which MAC, and, for every address, the
// gratuitous ARPs seen (sender IP == target IP): how many, from whom, and
// when the first arrived. Without answers or GARPs an address stays null.
//
//   xvrrp-arpwatch --iface eth0 --src-ip 192.0.2.100 --ask-file ASK --garp-file ALL
//                  [--round-us 10000] [--duration-ms 20000] [--ready-file F]
// ASK and ALL hold one IPv4 address per line. Runs until the duration is
// over or SIGINT/SIGTERM, then prints one JSON object (times in ms after the mark).
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tool.h"

namespace {

volatile std::sig_atomic_t g_marked = 0;
void on_mark(int) {
    g_marked = 1;
}

using xvrrp::bench::g_stop;
using xvrrp::bench::mono_ns;
using xvrrp::bench::stop_on_signals;

struct Options {
    std::string iface;
    uint32_t src_ip = 0;  // network order
    std::string ask_file, garp_file, ready_file;
    int64_t round_us = 10'000;
    int64_t duration_ms = 20'000;
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "xvrrp-arpwatch: %s\nusage: xvrrp-arpwatch --iface IF --src-ip IPV4 "
                 "--ask-file F --garp-file F [--round-us N] [--duration-ms N] "
                 "[--ready-file F]\n",
                 why.c_str());
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (i + 1 >= argc)
            usage("missing value after " + std::string(a));
        const char* v = argv[++i];
        if (a == "--iface") {
            o.iface = v;
        } else if (a == "--src-ip") {
            if (inet_pton(AF_INET, v, &o.src_ip) != 1)
                usage("bad --src-ip");
        } else if (a == "--ask-file") {
            o.ask_file = v;
        } else if (a == "--garp-file") {
            o.garp_file = v;
        } else if (a == "--round-us") {
            o.round_us = std::atoll(v);
        } else if (a == "--duration-ms") {
            o.duration_ms = std::atoll(v);
        } else if (a == "--ready-file") {
            o.ready_file = v;
        } else {
            usage("unknown option " + std::string(a));
        }
    }
    if (o.iface.empty() || o.src_ip == 0 || o.ask_file.empty() || o.garp_file.empty())
        usage("--iface, --src-ip, --ask-file and --garp-file are required");
    if (o.round_us < 1000 || o.duration_ms <= 0 || o.duration_ms > 600'000)
        usage("bad number");
    return o;
}

std::vector<uint32_t> read_ips(const std::string& file) {
    std::ifstream in(file);
    if (!in)
        usage("cannot read " + file);
    std::vector<uint32_t> ips;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        uint32_t a;
        if (inet_pton(AF_INET, line.c_str(), &a) != 1)
            usage("bad address in " + file + ": " + line);
        ips.push_back(a);
    }
    return ips;
}

std::string ip_str(uint32_t a) {
    char s[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a, s, sizeof s);
    return s;
}

std::string mac_str(const uint8_t* m) {
    char s[18];
    std::snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    return s;
}

struct Asked {
    uint64_t answers_before = 0;  // before the mark: was it reachable at all?
    std::optional<int64_t> first_after_ns;
    std::string first_after_mac;
};

struct Garps {
    uint64_t count = 0;
    int64_t first_ns = 0;
    std::set<std::string> macs;
};

class Watch {
  public:
    Watch(const Options& o, std::vector<uint32_t> ask, std::vector<uint32_t> all)
        : o_(o), ask_(std::move(ask)), all_(all.begin(), all.end()) {
        fd_ = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP));
        if (fd_ < 0)
            die("socket(AF_PACKET)");
        int one = 1;
        setsockopt(fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
        int rcvbuf = 8 << 20;
        setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf);
        ll_.sll_family = AF_PACKET;
        ll_.sll_protocol = htons(ETH_P_ARP);
        ll_.sll_ifindex = static_cast<int>(if_nametoindex(o.iface.c_str()));
        if (ll_.sll_ifindex == 0)
            die(("no interface " + o.iface).c_str());
        if (bind(fd_, reinterpret_cast<sockaddr*>(&ll_), sizeof ll_) < 0)
            die("bind");
        mac_ = own_mac(o.iface);
        ll_.sll_halen = 6;
        std::memset(ll_.sll_addr, 0xff, 6);
    }
    ~Watch() { close(fd_); }
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

    void ask_round() {
        for (uint32_t ip : ask_) {
            auto f = request(ip);
            sendto(fd_, f.data(), f.size(), 0, reinterpret_cast<sockaddr*>(&ll_), sizeof ll_);
        }
    }

    void receive_until(int64_t deadline) {
        for (;;) {
            if (g_marked)
                mark(mono_ns());
            int64_t left = deadline - mono_ns();
            if (left <= 0 || g_stop)
                return;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, int(left / 1'000'000) + 1) <= 0)
                continue;
            uint8_t buf[128];
            ssize_t n;
            while ((n = recv(fd_, buf, sizeof buf, MSG_DONTWAIT)) > 0)
                frame(buf, size_t(n), mono_ns());
        }
    }

    void mark(int64_t t) {
        if (!mark_ns_)
            mark_ns_ = t;
    }

    nlohmann::json report() const;

  private:
    [[noreturn]] static void die(const char* what) {
        std::fprintf(stderr, "xvrrp-arpwatch: %s: %s\n", what, std::strerror(errno));
        std::exit(1);
    }

    static std::array<uint8_t, 6> own_mac(const std::string& iface) {
        std::array<uint8_t, 6> m{};
        int fd = socket(AF_INET, SOCK_DGRAM, 0);
        ifreq req{};
        std::snprintf(req.ifr_name, sizeof req.ifr_name, "%s", iface.c_str());
        if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &req) != 0)
            die("SIOCGIFHWADDR");
        close(fd);
        std::memcpy(m.data(), req.ifr_hwaddr.sa_data, 6);
        return m;
    }

    std::array<uint8_t, 42> request(uint32_t tip) const {
        std::array<uint8_t, 42> f{};
        std::memset(f.data(), 0xff, 6);
        std::memcpy(f.data() + 6, mac_.data(), 6);
        const uint8_t hdr[] = {0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1};
        std::memcpy(f.data() + 12, hdr, sizeof hdr);
        std::memcpy(f.data() + 22, mac_.data(), 6);
        std::memcpy(f.data() + 28, &o_.src_ip, 4);
        std::memcpy(f.data() + 38, &tip, 4);
        return f;
    }

    void frame(const uint8_t* p, size_t n, int64_t t) {
        if (n < 42 || p[12] != 0x08 || p[13] != 0x06)
            return;
        uint32_t spa, tpa;
        std::memcpy(&spa, p + 28, 4);
        std::memcpy(&tpa, p + 38, 4);
        if (spa == tpa) {
            if (mark_ns_ && all_.count(spa)) {
                Garps& g = garps_[spa];
                if (g.count++ == 0)
                    g.first_ns = t;
                if (g.macs.size() < 4)
                    g.macs.insert(mac_str(p + 22));
            }
            return;
        }
        // An answer to us: a reply whose target is our address.
        if (p[21] != 2 || tpa != o_.src_ip)
            return;
        Asked& a = asked_[spa];
        if (!mark_ns_) {
            ++a.answers_before;
        } else if (!a.first_after_ns) {
            a.first_after_ns = t;
            a.first_after_mac = mac_str(p + 22);
        }
    }

    const Options& o_;
    std::vector<uint32_t> ask_;
    std::set<uint32_t> all_;
    int fd_ = -1;
    sockaddr_ll ll_{};
    std::array<uint8_t, 6> mac_{};
    int64_t mark_ns_ = 0;
    std::map<uint32_t, Asked> asked_;
    std::map<uint32_t, Garps> garps_;
};

nlohmann::json Watch::report() const {
    auto ms = [this](int64_t t) { return double(t - mark_ns_) / 1e6; };
    nlohmann::json asked = nlohmann::json::array();
    std::optional<double> all_answered;
    size_t answered = 0, reachable_before = 0;
    for (uint32_t ip : ask_) {
        auto it = asked_.find(ip);
        Asked a = it == asked_.end() ? Asked{} : it->second;
        reachable_before += a.answers_before > 0;
        nlohmann::json j = {{"ip", ip_str(ip)}, {"answers_before", a.answers_before}};
        if (mark_ns_ && a.first_after_ns) {
            ++answered;
            double t = ms(*a.first_after_ns);
            j["first_answer_ms"] = t;
            j["mac"] = a.first_after_mac;
            all_answered = std::max(all_answered.value_or(t), t);
        } else {
            j["first_answer_ms"] = nullptr;
        }
        asked.push_back(j);
    }
    nlohmann::json garps = nlohmann::json::array();
    uint64_t garp_total = 0;
    std::optional<double> all_garped;
    for (const auto& [ip, g] : garps_) {
        garp_total += g.count;
        double t = ms(g.first_ns);
        all_garped = std::max(all_garped.value_or(t), t);
        garps.push_back(
            {{"ip", ip_str(ip)}, {"count", g.count}, {"first_ms", t}, {"macs", g.macs}});
    }
    auto opt = [](const std::optional<double>& v) -> nlohmann::json {
        return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    bool complete_answers = mark_ns_ && answered == ask_.size();
    bool complete_garps = mark_ns_ && garps_.size() == all_.size();
    return {{"marked", mark_ns_ != 0},
            {"asked", ask_.size()},
            {"reachable_before_mark", reachable_before},
            {"answered_after_mark", answered},
            {"all_asked_answered_ms", complete_answers ? opt(all_answered) : nullptr},
            {"vips", all_.size()},
            {"vips_with_garp", garps_.size()},
            {"all_vips_garped_ms", complete_garps ? opt(all_garped) : nullptr},
            {"garps_total", garp_total},
            {"per_asked", asked},
            {"per_vip_garps", garps}};
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    stop_on_signals();
    std::signal(SIGUSR1, on_mark);
    Watch w(o, read_ips(o.ask_file), read_ips(o.garp_file));
    if (!o.ready_file.empty())
        std::ofstream(o.ready_file) << "ready\n";
    int64_t start = mono_ns();
    int64_t end = start + o.duration_ms * 1'000'000;
    for (int64_t round = 0; !g_stop && mono_ns() < end; ++round) {
        w.ask_round();
        w.receive_until(std::min(end, start + (round + 1) * o.round_us * 1000));
    }
    std::cout << w.report().dump() << std::endl;
    return 0;
}
