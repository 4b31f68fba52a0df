// xvrrp-advert-counter: counts IPv4 VRRP adverts per VRID on one interface and
// measures the largest gap between two adverts of the same VRID.
//
// A pcap of 25,500 adverts/s for 30 s costs a core to write and minutes to
// decode; this keeps one counter and one timestamp per VRID instead. Frames
// come through a TPACKET_V3 ring behind a classic BPF filter (IPv4, protocol
// 112), so nothing else is copied to userspace, and the kernel's drop counter
// for the socket is reported: a capture that dropped is not a measurement.
//
//   xvrrp-advert-counter --iface bond1 --duration-ms 10000 [--vrids 255]
//                        [--interval-ms 10] [--src 192.0.2.1] [--ready-file F]
// Prints one JSON object when the duration is over (or on SIGINT/SIGTERM).
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/mman.h>
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
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tool.h"

namespace {

using xvrrp::bench::g_stop;
using xvrrp::bench::real_ns;
using xvrrp::bench::stop_on_signals;

struct Options {
    std::string iface;
    int64_t duration_ms = 10'000;
    int vrids = 0;  // expected VRIDs 1..vrids; 0: report only what was seen
    int64_t interval_ms = 10;
    uint32_t src = 0;  // network order; 0: any source
    std::string ready_file;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "xvrrp-advert-counter: %s\nusage: xvrrp-advert-counter --iface IF "
                 "[--duration-ms N] [--vrids N] [--interval-ms N] [--src IPV4] "
                 "[--ready-file F]\n",
                 why);
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (i + 1 >= argc)
            usage("missing value");
        const char* v = argv[++i];
        if (a == "--iface") {
            o.iface = v;
        } else if (a == "--duration-ms") {
            o.duration_ms = std::atoll(v);
        } else if (a == "--vrids") {
            o.vrids = std::atoi(v);
        } else if (a == "--interval-ms") {
            o.interval_ms = std::atoll(v);
        } else if (a == "--src") {
            if (inet_pton(AF_INET, v, &o.src) != 1)
                usage("bad --src");
        } else if (a == "--ready-file") {
            o.ready_file = v;
        } else {
            usage("unknown option");
        }
    }
    if (o.iface.empty())
        usage("--iface is required");
    if (o.duration_ms <= 0 || o.vrids < 0 || o.vrids > 255 || o.interval_ms <= 0)
        usage("bad number");
    return o;
}

struct VridStats {
    uint64_t count = 0;
    uint64_t from_others = 0;  // adverts from a source other than --src
    int64_t first_ns = 0;
    int64_t last_ns = 0;
    int64_t max_gap_ns = 0;
    uint64_t late_1_5 = 0;  // gaps longer than 1.5 intervals
    uint64_t late_3 = 0;    // longer than 3 intervals: a backup could time out
    int last_priority = -1;
};

// ldh [12]; jeq 0x800; ldb [23]; jeq 112; ret 128 | ret 0
std::array<sock_filter, 6> vrrp_filter() {
    return {{
        {BPF_LD | BPF_H | BPF_ABS, 0, 0, 12},
        {BPF_JMP | BPF_JEQ | BPF_K, 0, 3, ETH_P_IP},
        {BPF_LD | BPF_B | BPF_ABS, 0, 0, 23},
        {BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 112},
        {BPF_RET | BPF_K, 0, 0, 128},
        {BPF_RET | BPF_K, 0, 0, 0},
    }};
}

class Ring {
  public:
    static constexpr unsigned kBlockSize = 1u << 20;
    static constexpr unsigned kBlocks = 16;

    explicit Ring(const Options& o) {
        fd_ = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
        if (fd_ < 0)
            die("socket(AF_PACKET)");
        auto filter = vrrp_filter();
        sock_fprog prog{static_cast<unsigned short>(filter.size()), filter.data()};
        if (setsockopt(fd_, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0)
            die("SO_ATTACH_FILTER");
        int v3 = TPACKET_V3;
        if (setsockopt(fd_, SOL_PACKET, PACKET_VERSION, &v3, sizeof v3) < 0)
            die("PACKET_VERSION");
        tpacket_req3 req{};
        req.tp_block_size = kBlockSize;
        req.tp_block_nr = kBlocks;
        req.tp_frame_size = 2048;
        req.tp_frame_nr = kBlockSize / 2048 * kBlocks;
        req.tp_retire_blk_tov = 5;  // ms: hand over partly filled blocks promptly
        if (setsockopt(fd_, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
            die("PACKET_RX_RING");
        map_ = static_cast<uint8_t*>(mmap(nullptr, size_t{kBlockSize} * kBlocks,
                                          PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0));
        if (map_ == MAP_FAILED)
            die("mmap");
        sockaddr_ll sll{};
        sll.sll_family = AF_PACKET;
        sll.sll_protocol = htons(ETH_P_ALL);
        sll.sll_ifindex = static_cast<int>(if_nametoindex(o.iface.c_str()));
        if (sll.sll_ifindex == 0)
            die(("no interface " + o.iface).c_str());
        if (bind(fd_, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0)
            die("bind");
        drain_stats();  // frames queued before bind are not ours to count
    }
    ~Ring() {
        munmap(map_, size_t{kBlockSize} * kBlocks);
        close(fd_);
    }
    Ring(const Ring&) = delete;
    Ring& operator=(const Ring&) = delete;

    // Calls f(frame, len, ts_ns) for every frame in every filled block.
    template <typename F>
    void poll_once(int timeout_ms, F&& f) {
        pollfd p{fd_, POLLIN | POLLERR, 0};
        ::poll(&p, 1, timeout_ms);
        for (;;) {
            auto* bd = reinterpret_cast<tpacket_block_desc*>(map_ + size_t{next_} * kBlockSize);
            if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
                return;
            auto* base = reinterpret_cast<uint8_t*>(bd);
            auto* h = reinterpret_cast<tpacket3_hdr*>(base + bd->hdr.bh1.offset_to_first_pkt);
            for (uint32_t i = 0; i < bd->hdr.bh1.num_pkts; ++i) {
                int64_t ts = int64_t{h->tp_sec} * 1'000'000'000 + h->tp_nsec;
                f(reinterpret_cast<uint8_t*>(h) + h->tp_mac, h->tp_snaplen, ts);
                h = reinterpret_cast<tpacket3_hdr*>(reinterpret_cast<uint8_t*>(h) +
                                                    h->tp_next_offset);
            }
            __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
            next_ = (next_ + 1) % kBlocks;
        }
    }

    // The kernel's counters reset on every read; the totals are kept here.
    void drain_stats() {
        tpacket_stats_v3 st{};
        socklen_t len = sizeof st;
        if (getsockopt(fd_, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) {
            packets_ += st.tp_packets;
            drops_ += st.tp_drops;
            freezes_ += st.tp_freeze_q_cnt;
        }
    }
    void reset_stats() { packets_ = drops_ = freezes_ = 0; }
    uint64_t kernel_packets() const { return packets_; }
    uint64_t drops() const { return drops_; }
    uint64_t freezes() const { return freezes_; }

  private:
    [[noreturn]] static void die(const char* what) {
        std::fprintf(stderr, "xvrrp-advert-counter: %s: %s\n", what, std::strerror(errno));
        std::exit(1);
    }
    int fd_ = -1;
    uint8_t* map_ = nullptr;
    unsigned next_ = 0;
    uint64_t packets_ = 0, drops_ = 0, freezes_ = 0;
};

class Counter {
  public:
    explicit Counter(const Options& o) : o_(o) {}

    void frame(const uint8_t* p, uint32_t len, int64_t ts) {
        if (len < 14 + 20 + 8)
            return;
        const uint8_t* ip = p + 14;
        size_t ihl = size_t{ip[0] & 0x0fu} * 4;
        if ((ip[0] >> 4) != 4 || ihl < 20 || len < 14 + ihl + 8 || ip[9] != 112)
            return;
        const uint8_t* vrrp = ip + ihl;
        int vrid = vrrp[1];
        uint32_t src;
        std::memcpy(&src, ip + 12, 4);
        ++frames_;
        VridStats& s = per_vrid_[static_cast<size_t>(vrid)];
        if (o_.src != 0 && src != o_.src) {
            ++s.from_others;
            return;
        }
        if (s.count > 0) {
            int64_t gap = ts - s.last_ns;
            s.max_gap_ns = std::max(s.max_gap_ns, gap);
            int64_t iv = o_.interval_ms * 1'000'000;
            s.late_1_5 += gap * 2 > iv * 3;
            s.late_3 += gap > iv * 3;
        } else {
            s.first_ns = ts;
        }
        s.last_ns = ts;
        s.last_priority = vrrp[2];
        ++s.count;
    }

    nlohmann::json report(int64_t start_ns, int64_t end_ns, const Ring& ring) const;

  private:
    const Options& o_;
    uint64_t frames_ = 0;
    std::array<VridStats, 256> per_vrid_{};
};

double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

nlohmann::json Counter::report(int64_t start_ns, int64_t end_ns, const Ring& ring) const {
    double secs = double(end_ns - start_ns) / 1e9;
    nlohmann::json per = nlohmann::json::array();
    std::vector<double> rates, gaps;
    std::vector<int> missing;
    uint64_t adverts = 0, late3 = 0, late15 = 0, others = 0;
    double worst_gap = 0;
    int worst_vrid = 0;
    for (int v = 1; v <= 255; ++v) {
        const VridStats& s = per_vrid_[static_cast<size_t>(v)];
        bool expected = o_.vrids > 0 && v <= o_.vrids;
        if (s.count == 0) {
            if (expected)
                missing.push_back(v);
            if (s.from_others == 0)
                continue;
        }
        double rate = double(s.count) / secs;
        double gap_ms = double(s.max_gap_ns) / 1e6;
        per.push_back({{"vrid", v},
                       {"adverts", s.count},
                       {"per_s", rate},
                       {"max_gap_ms", gap_ms},
                       {"late_1_5x", s.late_1_5},
                       {"late_3x", s.late_3},
                       {"from_others", s.from_others},
                       {"priority", s.last_priority}});
        if (s.count == 0)
            continue;
        adverts += s.count;
        others += s.from_others;
        late3 += s.late_3;
        late15 += s.late_1_5;
        rates.push_back(rate);
        gaps.push_back(gap_ms);
        if (gap_ms > worst_gap) {
            worst_gap = gap_ms;
            worst_vrid = v;
        }
    }
    auto [rmin, rmax] = rates.empty() ? std::pair{0.0, 0.0}
                                      : std::pair{*std::min_element(rates.begin(), rates.end()),
                                                  *std::max_element(rates.begin(), rates.end())};
    return {
        {"iface", o_.iface},
        {"duration_s", secs},
        {"frames", frames_},
        {"adverts", adverts},
        {"adverts_from_others", others},
        {"kernel_seen", ring.kernel_packets()},
        {"drops", ring.drops()},
        {"freeze_q", ring.freezes()},
        {"vrids_seen", rates.size()},
        {"vrids_missing", missing},
        {"per_vrid_per_s", {{"min", rmin}, {"median", median(rates)}, {"max", rmax}}},
        {"max_gap_ms", {{"max", worst_gap}, {"median", median(gaps)}, {"worst_vrid", worst_vrid}}},
        {"gaps_over_1_5x", late15},
        {"gaps_over_3x", late3},
        {"interval_ms", o_.interval_ms},
        {"vrids", per}};
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    stop_on_signals();
    Ring ring(o);
    Counter counter(o);
    // Frames that arrived between bind and now belong to no window: skip them.
    ring.poll_once(0, [](const uint8_t*, uint32_t, int64_t) {});
    ring.drain_stats();
    ring.reset_stats();
    int64_t start = real_ns();
    int64_t end = start + o.duration_ms * 1'000'000;
    if (!o.ready_file.empty())
        std::ofstream(o.ready_file) << start << "\n";
    while (!g_stop && real_ns() < end) {
        ring.poll_once(50, [&](const uint8_t* p, uint32_t len, int64_t ts) {
            if (ts >= start && ts < end)
                counter.frame(p, len, ts);
        });
        ring.drain_stats();
    }
    int64_t stop = std::min(real_ns(), end);
    // Blocks retire after tp_retire_blk_tov: collect the last ones.
    int64_t grace = real_ns() + 30'000'000;
    while (real_ns() < grace) {
        ring.poll_once(10, [&](const uint8_t* p, uint32_t len, int64_t ts) {
            if (ts >= start && ts < stop)
                counter.frame(p, len, ts);
        });
    }
    ring.drain_stats();
    std::cout << counter.report(start, stop, ring).dump() << std::endl;
    return 0;
}
