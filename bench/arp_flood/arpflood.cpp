// xvrrp-arpflood: floods one interface with ARP requests for one target
// address, from up to 256 distinct sender IP/MAC pairs, and counts the
// replies for that address coming back on the same socket.
//
// Frames are prebuilt (one per sender) and sent with sendmmsg in batches;
// replies are read from a TPACKET_V3 ring between batches, never blocking
// the sender for long. Both directions are bounded: the run stops after the
// duration (or on SIGINT/SIGTERM) plus a short grace for replies in flight.
//
//   xvrrp-arpflood --iface eth0 --target 198.51.100.254 [--senders 256]
//                  [--sender-base 198.51.100.101] [--sender-base 203.0.113.101]
//                  [--duration-ms 10000] [--batch 64] [--rate PPS] [--ready-file F]
// Prints one JSON object: sent, replies, rates, socket drops, own CPU time.
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/resource.h>
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
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tool.h"

namespace {

constexpr int kMaxSenders = 256;  // the IPv4 neighbour table limits are global
constexpr size_t kFrameLen = 60;  // 14 + 28, padded to the Ethernet minimum

using xvrrp::bench::g_stop;
using xvrrp::bench::mono_ns;
using xvrrp::bench::stop_on_signals;

struct Options {
    std::string iface;
    uint32_t target = 0;  // host order
    int senders = kMaxSenders;
    std::vector<uint32_t> bases;  // host order
    int64_t duration_ms = 10'000;
    unsigned batch = 64;
    int64_t rate = 0;  // requests per second; 0: as fast as it goes
    std::string ready_file;
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "xvrrp-arpflood: %s\nusage: xvrrp-arpflood --iface IF --target IPV4 "
                 "[--senders N<=256] [--sender-base IPV4]... [--duration-ms N] [--batch N] "
                 "[--rate PPS] [--ready-file F]\n",
                 why.c_str());
    std::exit(2);
}

uint32_t ipv4(const char* s, const char* what) {
    in_addr a{};
    if (inet_pton(AF_INET, s, &a) != 1)
        usage(std::string("bad ") + what + ": " + s);
    return ntohl(a.s_addr);
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
        } else if (a == "--target") {
            o.target = ipv4(v, "--target");
        } else if (a == "--senders") {
            o.senders = std::atoi(v);
        } else if (a == "--sender-base") {
            o.bases.push_back(ipv4(v, "--sender-base"));
        } else if (a == "--duration-ms") {
            o.duration_ms = std::atoll(v);
        } else if (a == "--batch") {
            o.batch = static_cast<unsigned>(std::atoi(v));
        } else if (a == "--rate") {
            o.rate = std::atoll(v);
        } else if (a == "--ready-file") {
            o.ready_file = v;
        } else {
            usage("unknown option " + std::string(a));
        }
    }
    if (o.iface.empty() || o.target == 0)
        usage("--iface and --target are required");
    if (o.senders < 1 || o.senders > kMaxSenders)
        usage("--senders must be 1..256");
    if (o.duration_ms <= 0 || o.duration_ms > 600'000 || o.batch < 1 || o.batch > 1024 ||
        o.rate < 0)
        usage("bad number");
    if (o.bases.empty())
        // .101-.228 of each: clear of the lab's router, client and VIP addresses
        // (a sender using a router's own address makes no neighbour entry).
        o.bases = {ipv4("198.51.100.101", "base"), ipv4("203.0.113.101", "base")};
    return o;
}

// Sender i takes the (i / per)-th base plus i % per; no sender leaves the
// /24 of its base, so a flood stays inside the documentation ranges given.
std::vector<uint32_t> sender_ips(const Options& o) {
    int per = (o.senders + int(o.bases.size()) - 1) / int(o.bases.size());
    std::vector<uint32_t> ips;
    for (int i = 0; i < o.senders; ++i) {
        uint32_t base = o.bases[size_t(i / per)];
        if ((base & 0xff) + uint32_t(per) > 255)
            usage("a --sender-base leaves room for fewer than " + std::to_string(per) +
                  " senders in its /24");
        ips.push_back(base + uint32_t(i % per));
    }
    return ips;
}

std::array<uint8_t, 6> sender_mac(int i) {
    return {0x02, 0xb0, 0x0f, 0x00, uint8_t(i >> 8), uint8_t(i)};
}

void put32(uint8_t* p, uint32_t host) {
    uint32_t n = htonl(host);
    std::memcpy(p, &n, 4);
}

std::array<uint8_t, kFrameLen> arp_request(const std::array<uint8_t, 6>& mac, uint32_t sip,
                                           uint32_t tip) {
    std::array<uint8_t, kFrameLen> f{};
    std::memset(f.data(), 0xff, 6);
    std::memcpy(f.data() + 6, mac.data(), 6);
    f[12] = 0x08, f[13] = 0x06;                     // ARP
    f[14] = 0, f[15] = 1, f[16] = 0x08, f[17] = 0;  // Ethernet, IPv4
    f[18] = 6, f[19] = 4, f[20] = 0, f[21] = 1;     // lengths, request
    std::memcpy(f.data() + 22, mac.data(), 6);      // sha
    put32(f.data() + 28, sip);                      // spa
    put32(f.data() + 38, tip);                      // tpa (tha stays zero)
    return f;
}

class Socket {
  public:
    static constexpr unsigned kBlockSize = 1u << 20;
    static constexpr unsigned kBlocks = 8;

    explicit Socket(const std::string& iface) {
        fd_ = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP));
        if (fd_ < 0)
            die("socket(AF_PACKET)");
        int one = 1;
        // Our own requests must not come back as received frames.
        if (setsockopt(fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0)
            die("PACKET_IGNORE_OUTGOING");
        setsockopt(fd_, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
        int v3 = TPACKET_V3;
        if (setsockopt(fd_, SOL_PACKET, PACKET_VERSION, &v3, sizeof v3) < 0)
            die("PACKET_VERSION");
        tpacket_req3 req{};
        req.tp_block_size = kBlockSize;
        req.tp_block_nr = kBlocks;
        req.tp_frame_size = 256;
        req.tp_frame_nr = kBlockSize / 256 * kBlocks;
        req.tp_retire_blk_tov = 2;
        if (setsockopt(fd_, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
            die("PACKET_RX_RING");
        map_ = static_cast<uint8_t*>(mmap(nullptr, size_t{kBlockSize} * kBlocks,
                                          PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0));
        if (map_ == MAP_FAILED)
            die("mmap");
        ll_.sll_family = AF_PACKET;
        ll_.sll_protocol = htons(ETH_P_ARP);
        ll_.sll_ifindex = static_cast<int>(if_nametoindex(iface.c_str()));
        ll_.sll_halen = 6;
        std::memset(ll_.sll_addr, 0xff, 6);
        if (ll_.sll_ifindex == 0)
            die(("no interface " + iface).c_str());
        if (bind(fd_, reinterpret_cast<const sockaddr*>(&ll_), sizeof ll_) < 0)
            die("bind");
    }
    ~Socket() {
        munmap(map_, size_t{kBlockSize} * kBlocks);
        close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    // Sends n frames starting at frames[first] (cycling); returns how many went.
    unsigned send(const std::vector<std::array<uint8_t, kFrameLen>>& frames, size_t first,
                  unsigned n) {
        std::vector<iovec>& iov = iov_;
        std::vector<mmsghdr>& msgs = msgs_;
        iov.resize(n);
        msgs.assign(n, mmsghdr{});
        for (unsigned i = 0; i < n; ++i) {
            auto& f = frames[(first + i) % frames.size()];
            iov[i] = {const_cast<uint8_t*>(f.data()), f.size()};
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int r = sendmmsg(fd_, msgs.data(), n, 0);
        if (r < 0) {
            ++send_errors_;
            return 0;
        }
        return unsigned(r);
    }

    // Calls f(frame, len) for every frame of every block already handed over.
    template <typename F>
    void drain(int timeout_ms, F&& f) {
        if (timeout_ms > 0) {
            pollfd p{fd_, POLLIN, 0};
            ::poll(&p, 1, timeout_ms);
        }
        for (unsigned guard = 0; guard < kBlocks; ++guard) {
            auto* bd = reinterpret_cast<tpacket_block_desc*>(map_ + size_t{next_} * kBlockSize);
            if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) & TP_STATUS_USER))
                return;
            auto* h = reinterpret_cast<tpacket3_hdr*>(reinterpret_cast<uint8_t*>(bd) +
                                                      bd->hdr.bh1.offset_to_first_pkt);
            for (uint32_t i = 0; i < bd->hdr.bh1.num_pkts; ++i) {
                f(reinterpret_cast<const uint8_t*>(h) + h->tp_mac, h->tp_snaplen);
                h = reinterpret_cast<tpacket3_hdr*>(reinterpret_cast<uint8_t*>(h) +
                                                    h->tp_next_offset);
            }
            __atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
            next_ = (next_ + 1) % kBlocks;
        }
    }

    uint64_t ring_drops() {
        tpacket_stats_v3 st{};
        socklen_t len = sizeof st;
        if (getsockopt(fd_, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
            drops_ += st.tp_drops;
        return drops_;
    }
    uint64_t send_errors() const { return send_errors_; }

  private:
    [[noreturn]] static void die(const char* what) {
        std::fprintf(stderr, "xvrrp-arpflood: %s: %s\n", what, std::strerror(errno));
        std::exit(1);
    }
    int fd_ = -1;
    uint8_t* map_ = nullptr;
    unsigned next_ = 0;
    sockaddr_ll ll_{};
    std::vector<iovec> iov_;
    std::vector<mmsghdr> msgs_;
    uint64_t drops_ = 0;
    uint64_t send_errors_ = 0;
};

struct Replies {
    uint32_t target = 0;  // network order
    uint64_t count = 0;
    std::set<std::string> macs;  // who answered (bounded: stops growing at 16)

    void frame(const uint8_t* p, uint32_t len) {
        if (len < 42 || p[12] != 0x08 || p[13] != 0x06 || p[21] != 2)
            return;
        if (std::memcmp(p + 28, &target, 4) != 0)
            return;
        ++count;
        if (macs.size() < 16) {
            char s[18];
            std::snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", p[22], p[23], p[24], p[25],
                          p[26], p[27]);
            macs.insert(s);
        }
    }
};

double cpu_seconds(const timeval& t) {
    return double(t.tv_sec) + double(t.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    stop_on_signals();
    std::vector<uint32_t> ips = sender_ips(o);
    std::vector<std::array<uint8_t, kFrameLen>> frames;
    for (int i = 0; i < o.senders; ++i)
        frames.push_back(arp_request(sender_mac(i), ips[size_t(i)], o.target));

    Socket sock(o.iface);
    Replies replies;
    replies.target = htonl(o.target);
    auto on_frame = [&](const uint8_t* p, uint32_t len) { replies.frame(p, len); };

    if (!o.ready_file.empty())
        std::ofstream(o.ready_file) << "ready\n";
    int64_t start = mono_ns();
    int64_t end = start + o.duration_ms * 1'000'000;
    uint64_t sent = 0;
    size_t next = 0;
    while (!g_stop) {
        int64_t t = mono_ns();
        if (t >= end)
            break;
        if (o.rate > 0) {
            // Absolute schedule: the rate does not drift with scheduling delays.
            int64_t due = int64_t(sent) * 1'000'000'000 / o.rate;
            if (t - start < due) {
                sock.drain(int(std::min<int64_t>((due - (t - start)) / 1'000'000 + 1, 5)),
                           on_frame);
                continue;
            }
        }
        unsigned n = sock.send(frames, next, o.batch);
        sent += n;
        next = (next + n) % frames.size();
        sock.drain(n == 0 ? 1 : 0, on_frame);  // ENOBUFS: let the receiver catch up
    }
    int64_t stop = mono_ns();
    // Replies still in flight, and ring blocks waiting to retire.
    for (int64_t grace = mono_ns() + 100'000'000; mono_ns() < grace;)
        sock.drain(10, on_frame);

    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    double secs = double(stop - start) / 1e9;
    nlohmann::json out = {
        {"iface", o.iface},
        {"senders", o.senders},
        {"batch", o.batch},
        {"duration_s", secs},
        {"sent", sent},
        {"send_errors", sock.send_errors()},
        {"replies", replies.count},
        {"reply_socket_drops", sock.ring_drops()},
        {"sent_per_s", double(sent) / secs},
        {"replies_per_s", double(replies.count) / secs},
        {"reply_macs", replies.macs},
        {"own_cpu_s", {{"user", cpu_seconds(ru.ru_utime)}, {"system", cpu_seconds(ru.ru_stime)}}},
    };
    std::cout << out.dump() << std::endl;
    return 0;
}
