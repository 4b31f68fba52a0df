// xvrrp-probe: measures how long a client loses a virtual IP during failover.
//
// Sends ICMP echo requests to one address at a fixed rate (absolute deadlines,
// so the rate does not drift) and records which were answered. The outage is
// the longest run of unanswered requests, measured between the send times of
// the answered requests around it, minus one interval. iputils ping at 1 ms
// spins a core; this sleeps in poll() between sends.
//
//   xvrrp-probe --target 192.0.2.254 [--interval-us 1000] [--duration-ms 5000]
//               [--ready-file F] [--timeline F]
// Stops after the duration or on SIGINT/SIGTERM, then prints one JSON line:
//   {"sent":N,"answered":N,"lost":N,"outage_ms":X,"outage_start_ms":Y,"gaps":K,
//    "start_mono_us":T}   (T: the first request, CLOCK_MONOTONIC, to line up with other clocks)
#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
    g_stop = 1;
}

int64_t now_us() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t{ts.tv_sec} * 1'000'000 + ts.tv_nsec / 1000;
}

uint16_t icmp_checksum(const uint8_t* p, size_t n) {
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += uint32_t(p[i] << 8 | p[i + 1]);
    if (n & 1)
        sum += uint32_t(p[n - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return htons(static_cast<uint16_t>(~sum));
}

struct Options {
    std::string target;
    int64_t interval_us = 1000;
    int64_t duration_ms = 5000;
    std::string ready_file;
    std::string timeline;
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "xvrrp-probe: %s\nusage: xvrrp-probe --target IPV4 [--interval-us N] "
                 "[--duration-ms N] [--ready-file F] [--timeline F]\n",
                 why);
    std::exit(1);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc)
                usage("missing value");
            return argv[++i];
        };
        if (a == "--target") {
            o.target = value();
        } else if (a == "--interval-us") {
            o.interval_us = std::atoll(value());
        } else if (a == "--duration-ms") {
            o.duration_ms = std::atoll(value());
        } else if (a == "--ready-file") {
            o.ready_file = value();
        } else if (a == "--timeline") {
            o.timeline = value();
        } else {
            usage("unknown argument");
        }
    }
    if (o.target.empty())
        usage("--target is required");
    if (o.interval_us < 100 || o.duration_ms <= 0)
        usage("interval must be >= 100 us");
    return o;
}

struct Result {
    long sent = 0, answered = 0;
    double outage_ms = 0, outage_start_ms = 0;
    long gaps = 0;
};

// Longest silence between answered requests, from the send times of the
// requests on either side of it.
Result summarize(const std::vector<int64_t>& sent_at, const std::vector<bool>& answered,
                 int64_t interval_us) {
    Result r;
    r.sent = long(sent_at.size());
    long last = -1;
    for (size_t s = 0; s < sent_at.size(); ++s) {
        if (!answered[s])
            continue;
        ++r.answered;
        if (last >= 0 && s - size_t(last) > 1) {
            ++r.gaps;
            double gap = double(sent_at[s] - sent_at[size_t(last)] - interval_us) / 1000.0;
            if (gap > r.outage_ms) {
                r.outage_ms = gap;
                r.outage_start_ms = double(sent_at[size_t(last)] - sent_at[0]) / 1000.0;
            }
        }
        last = long(s);
    }
    return r;
}

// Reads every queued echo reply and marks its request answered.
void drain_replies(int fd, uint16_t ident, const std::vector<int64_t>& sent_at,
                   std::vector<bool>& answered, std::vector<int64_t>& rtt) {
    uint8_t buf[1500];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
        const auto* ip = reinterpret_cast<const iphdr*>(buf);
        const size_t hl = size_t(ip->ihl) * 4;
        if (size_t(n) < hl + 8 || buf[hl] != ICMP_ECHOREPLY || sent_at.empty())
            continue;
        uint16_t id_n, seq_n;
        std::memcpy(&id_n, buf + hl + 4, 2);
        std::memcpy(&seq_n, buf + hl + 6, 2);
        // The 16-bit sequence wraps after 65536 sends; map it to the newest
        // send with those low bits.
        const size_t newest = sent_at.size() - 1;
        size_t full = (newest & ~size_t{0xffff}) | ntohs(seq_n);
        if (full > newest) {
            if (full < 0x10000)
                continue;
            full -= 0x10000;
        }
        if (ntohs(id_n) != ident)
            continue;
        answered[full] = true;
        rtt[full] = now_us() - sent_at[full];
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    if (inet_pton(AF_INET, o.target.c_str(), &dst.sin_addr) != 1)
        usage("bad --target address");
    int fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_ICMP);
    if (fd < 0) {
        std::perror("xvrrp-probe: raw ICMP socket (needs root or CAP_NET_RAW)");
        return 2;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    const uint16_t ident = static_cast<uint16_t>(getpid());
    const size_t max = size_t(o.duration_ms * 1000 / o.interval_us) + 1;
    std::vector<int64_t> sent_at;
    std::vector<bool> answered(max, false);
    std::vector<int64_t> rtt(max, -1);
    sent_at.reserve(max);

    if (!o.ready_file.empty()) {
        if (FILE* f = std::fopen(o.ready_file.c_str(), "w"))
            std::fclose(f);
    }
    const int64_t start = now_us();
    int64_t next = start;
    while (!g_stop && sent_at.size() < max) {
        int64_t t = now_us();
        if (t >= next) {
            uint8_t pkt[16] = {ICMP_ECHO, 0, 0, 0};
            uint16_t seq = static_cast<uint16_t>(sent_at.size());
            uint16_t id_n = htons(ident), seq_n = htons(seq);
            std::memcpy(pkt + 4, &id_n, 2);
            std::memcpy(pkt + 6, &seq_n, 2);
            uint16_t ck = icmp_checksum(pkt, sizeof pkt);
            std::memcpy(pkt + 2, &ck, 2);
            sent_at.push_back(t);
            sendto(fd, pkt, sizeof pkt, 0, reinterpret_cast<sockaddr*>(&dst), sizeof dst);
            next += o.interval_us;
            continue;
        }
        pollfd p{fd, POLLIN, 0};
        int wait_ms = int((next - t + 999) / 1000);
        if (poll(&p, 1, wait_ms) <= 0)
            continue;
        drain_replies(fd, ident, sent_at, answered, rtt);
    }
    // Answers still in flight for the last requests.
    const int64_t drain_until = now_us() + 50'000;
    while (now_us() < drain_until) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 10) > 0)
            drain_replies(fd, ident, sent_at, answered, rtt);
    }
    close(fd);

    if (!o.timeline.empty()) {
        if (FILE* f = std::fopen(o.timeline.c_str(), "w")) {
            std::fprintf(f, "# seq send_ms rtt_us(-1 = lost)\n");
            for (size_t s = 0; s < sent_at.size(); ++s) {
                std::fprintf(f, "%zu %.3f %lld\n", s, double(sent_at[s] - start) / 1000.0,
                             static_cast<long long>(answered[s] ? rtt[s] : -1));
            }
            std::fclose(f);
        }
    }
    Result r = summarize(sent_at, answered, o.interval_us);
    std::printf(
        "{\"sent\":%ld,\"answered\":%ld,\"lost\":%ld,\"outage_ms\":%.3f,\"outage_start_ms\":%.3f,"
        "\"gaps\":%ld,\"start_mono_us\":%lld}\n",
        r.sent, r.answered, r.sent - r.answered, r.outage_ms, r.outage_start_ms, r.gaps,
        static_cast<long long>(sent_at.empty() ? start : sent_at[0]));
    return r.answered > 0 ? 0 : 3;
}
