// xvrrp-advert-sender: the floor under a master's CPU in the scale bench.
// Sends the VRRPv3 adverts of VRIDs 1..N (one VIP each, from the VMAC, the
// frames xvrrp sends) as one sendmmsg batch every interval on an absolute
// schedule, and does nothing else: no state machine, no maps, no netlink.
// Whatever it costs is what putting those frames on this lab's wire costs
// (the veth, the bridge, the capture tap and the backup's XDP run in the
// sender's context and are charged to it).
//
//   xvrrp-advert-sender --iface bond1 --src 192.0.2.1 --vrids 255
//                       [--interval-ms 10] [--duration-ms 10000] [--priority 150]
//                       [--vip-base 198.18.0.0] [--qdisc-bypass 1]
// --qdisc-bypass 1: PACKET_QDISC_BYPASS on the socket (frames go straight to
// the driver: no qdisc, and no local taps on the sender's interface), the
// floor lowered as far as a packet socket allows (issue 13 item 1).
// VIP of VRID v: vip-base + v (any address: the backup only compares counts).
#include <time.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "net/interfaces.h"
#include "net/transmitter.h"
#include "proto/frames.h"

#include "tool.h"

namespace {

using xvrrp::bench::g_stop;
using xvrrp::bench::stop_on_signals;

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "xvrrp-advert-sender: %s\nusage: xvrrp-advert-sender --iface IF --src IPV4 "
                 "--vrids N [--interval-ms 10] [--duration-ms 10000] [--priority 150] "
                 "[--vip-base A.B.C.D] [--qdisc-bypass 0|1]\n",
                 why);
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace xvrrp;
    std::string iface_name, src_text, vip_base_text = "198.18.0.0";
    int vrids = 0, priority = 150;
    uint64_t interval_ms = 10, duration_ms = 10'000;
    net::TransmitterOptions tx_options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (i + 1 >= argc) {
            usage(("option " + std::string(a) + " needs a value").c_str());
        }
        const char* v = argv[++i];
        if (a == "--iface") {
            iface_name = v;
        } else if (a == "--src") {
            src_text = v;
        } else if (a == "--vrids") {
            vrids = std::atoi(v);
        } else if (a == "--interval-ms") {
            interval_ms = std::strtoull(v, nullptr, 10);
        } else if (a == "--duration-ms") {
            duration_ms = std::strtoull(v, nullptr, 10);
        } else if (a == "--priority") {
            priority = std::atoi(v);
        } else if (a == "--vip-base") {
            vip_base_text = v;
        } else if (a == "--qdisc-bypass") {
            tx_options.qdisc_bypass = std::string_view(v) == "1";
        } else {
            usage(("unknown option " + std::string(a)).c_str());
        }
    }
    const auto src = proto::IpAddr::parse(src_text);
    const auto vip_base = proto::IpAddr::parse(vip_base_text);
    if (iface_name.empty() || !src || !src->is_v4() || !vip_base || !vip_base->is_v4() ||
        vrids < 1 || vrids > 255 || priority < 1 || priority > 254 || interval_ms < 10 ||
        interval_ms % 10 != 0) {
        usage(
            "--iface, an IPv4 --src and --vip-base, --vrids 1-255, --priority 1-254 and an "
            "--interval-ms in whole centiseconds are required");
    }
    auto iface = net::find_interface(iface_name);
    if (!iface) {
        std::fprintf(stderr, "xvrrp-advert-sender: %s\n", iface.error().message.c_str());
        return 1;
    }
    auto tx = net::PacketTransmitter::open(*iface, tx_options);
    if (!tx) {
        std::fprintf(stderr, "xvrrp-advert-sender: %s\n", tx.error().message.c_str());
        return 1;
    }
    const auto group = proto::IpAddr::parse("224.0.0.18");
    std::vector<std::vector<uint8_t>> frames;
    for (int v = 1; v <= vrids; ++v) {
        proto::Advert a;
        a.vrid = uint8_t(v);
        a.priority = uint8_t(priority);
        a.interval = uint16_t(interval_ms / 10);
        std::array<uint8_t, 4> vip{};
        std::memcpy(vip.data(), vip_base->data(), 4);
        vip[3] = uint8_t(vip[3] + v);
        a.addresses.push_back(proto::IpAddr::v4(vip));
        frames.push_back(proto::build_advert_frame(a, proto::vmac(proto::Family::V4, a.vrid), *src,
                                                   *group, XVRRP_CSUM_PSEUDO));
    }
    stop_on_signals();
    const uint64_t start = uint64_t(bench::mono_ns()), step = interval_ms * 1'000'000;
    uint64_t next = start, sent = 0, failed = 0;
    while (!g_stop && next - start < duration_ms * 1'000'000) {
        const auto report = tx->send_batch(std::span<const std::vector<uint8_t>>(frames));
        sent += report.sent;
        failed += frames.size() - report.sent;
        next += step;
        const timespec at{time_t(next / 1'000'000'000u), long(next % 1'000'000'000u)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) == EINTR && !g_stop) {
        }
    }
    std::printf("{\"sent\":%llu,\"failed\":%llu}\n", (unsigned long long)sent,
                (unsigned long long)failed);
    return failed == 0 ? 0 : 1;
}
