// XDP program cost, ns per call, via BPF_PROG_TEST_RUN (DESIGN.md
// "Performance targets"): xvrrp_xdp on its hot paths against reference
// programs timed the same way in the same run.
//
// Two ways of timing, both the kernel's own clock (opts.duration):
//   fresh  - repeat = 1, called `calls` times: every call starts from the
//            caller's frame, so rewriting programs (ARP reply) are measured
//            on the frame they are meant for;
//   repeat - one call with repeat = N: the frame is NOT reset between runs,
//            only valid for programs that leave the frame alone.
// Each path is checked through the program's counters, so a bench that
// silently measured the wrong branch fails instead of reporting.
//
// Usage: xdp_cost [--trials N] [--calls N] [--repeat N] [--out FILE]   (root)
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "proto/address.h"
#include "proto/advert.h"
#include "proto/frames.h"
#include "xdp_cost_ref.skel.h"
#include "xvrrp/abi.h"

namespace xvrrp_gen {
#include "xvrrp.skel.h"
}  // namespace xvrrp_gen

namespace {

using xvrrp::proto::Family;
using xvrrp::proto::IpAddr;
using xvrrp::proto::Mac;

constexpr uint8_t kVrid = 51;
const Mac kOurMac = {0x02, 0, 0, 0, 0, 0x01};
const Mac kClientMac = {0x02, 0, 0, 0, 0, 0x0c};

IpAddr ip(const char* text) {
    return IpAddr::parse(text).value();
}

[[noreturn]] void die(const std::string& what, int err) {
    throw std::runtime_error(what + ": " + std::strerror(err < 0 ? -err : err));
}

uint64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1'000'000'000u + uint64_t(ts.tv_nsec);
}

bpf_test_run_opts run_opts(const std::vector<uint8_t>& in, std::vector<uint8_t>& out) {
    bpf_test_run_opts o{};
    o.sz = sizeof o;
    o.data_in = in.data();
    o.data_size_in = static_cast<uint32_t>(in.size());
    o.data_out = out.data();
    o.data_size_out = static_cast<uint32_t>(out.size());
    return o;
}

// Kernel-measured ns per call over `calls` runs, each on a fresh copy of
// `frame`: the mean, and the median call (robust against a shared machine,
// but quantised: single-call durations come in steps of about 10 ns here).
struct FreshTiming {
    double median;
    double mean;
};

FreshTiming time_fresh(int fd, const std::vector<uint8_t>& frame, uint32_t calls, uint32_t want) {
    std::vector<uint8_t> out(4096);
    std::vector<uint32_t> d;
    d.reserve(calls);
    for (uint32_t i = 0; i < calls; ++i) {
        bpf_test_run_opts o = run_opts(frame, out);
        o.repeat = 1;
        if (int err = bpf_prog_test_run_opts(fd, &o); err != 0) {
            die("BPF_PROG_TEST_RUN", err);
        }
        if (o.retval != want) {
            die("unexpected XDP action " + std::to_string(o.retval), EINVAL);
        }
        d.push_back(o.duration);
    }
    double total = 0;
    for (uint32_t v : d) {
        total += v;
    }
    std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
    return {double(d[d.size() / 2]), total / calls};
}

double time_repeat(int fd, const std::vector<uint8_t>& frame, uint32_t repeat, uint32_t want) {
    std::vector<uint8_t> out(4096);
    bpf_test_run_opts o = run_opts(frame, out);
    o.repeat = repeat;
    if (int err = bpf_prog_test_run_opts(fd, &o); err != 0) {
        die("BPF_PROG_TEST_RUN repeat", err);
    }
    if (o.retval != want) {
        die("unexpected XDP action " + std::to_string(o.retval), EINVAL);
    }
    return o.duration;
}

uint64_t counter(xvrrp_gen::xvrrp* s, uint32_t index) {
    std::vector<uint64_t> per_cpu(static_cast<size_t>(libbpf_num_possible_cpus()));
    if (bpf_map_lookup_elem(bpf_map__fd(s->maps.counters), &index, per_cpu.data()) != 0) {
        die("read counter", errno);
    }
    uint64_t sum = 0;
    for (uint64_t v : per_cpu) {
        sum += v;
    }
    return sum;
}

void update(bpf_map* map, const void* key, const void* value) {
    if (bpf_map_update_elem(bpf_map__fd(map), key, value, BPF_ANY) != 0) {
        die(std::string("update map ") + bpf_map__name(map), errno);
    }
}

// VRID 51 IPv4 MASTER (fresh lease, VIP 192.0.2.100) and VRID 52 IPv4 BACKUP
// that already knows its master 192.0.2.2 (priority 100, 1 s).
void configure(xvrrp_gen::xvrrp* s) {
    // The sweep timer, as the controller makes it at attach: without it the
    // re-arm case would measure a failing arm.
    xvrrp_ctl ctl{};
    ctl.op = XVRRP_CTL_PREPARE;
    LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = &ctl, .ctx_size_in = sizeof ctl);
    if (bpf_prog_test_run_opts(bpf_program__fd(s->progs.xvrrp_ctl), &run) != 0 || run.retval != 0) {
        die("prepare the sweep timer", run.retval != 0 ? -static_cast<int>(run.retval) : errno);
    }
    xvrrp_ifcfg cfg{};
    std::memcpy(cfg.mac, kOurMac.data(), 6);
    cfg.ifindex = 1;
    const uint32_t zero = 0;
    update(s->maps.ifcfg, &zero, &cfg);

    xvrrp_router master{};
    master.state = XVRRP_STATE_MASTER;
    master.priority = 100;
    master.version = 3;
    master.preempt = 1;
    master.adver_int_cs = 100;
    master.vip_count = 1;
    std::memcpy(master.primary, ip("192.0.2.1").data(), 4);
    master.lease_expires_ns = monotonic_ns() + 3600ull * 1'000'000'000;
    const xvrrp_router_key k51{kVrid, XVRRP_FAMILY_V4, {0, 0}};
    update(s->maps.vrid, &k51, &master);
    xvrrp_vip4_key vip{};
    std::memcpy(vip.addr, ip("192.0.2.100").data(), 4);
    update(s->maps.vip4, &vip, &k51);

    xvrrp_router backup = master;
    backup.state = XVRRP_STATE_BACKUP;
    backup.master_known = 1;
    std::memcpy(backup.master_addr, ip("192.0.2.2").data(), 4);
    backup.master_priority = 100;
    backup.master_adver_int_cs = 100;
    backup.master_version = 3;
    const xvrrp_router_key k52{kVrid + 1, XVRRP_FAMILY_V4, {0, 0}};
    update(s->maps.vrid, &k52, &backup);
}

struct Frames {
    std::vector<uint8_t> arp_request;
    std::vector<uint8_t> advert;
    std::vector<uint8_t> bad_checksum;
    std::vector<uint8_t> other;
};

Frames build_frames() {
    namespace p = xvrrp::proto;
    Frames f;
    f.arp_request = p::build_arp(p::ArpOp::Request, kClientMac, p::kBroadcastMac, kClientMac,
                                 ip("192.0.2.50"), Mac{}, ip("192.0.2.100"));
    p::Advert a;
    a.vrid = kVrid + 1;
    a.priority = 100;
    a.interval = 100;
    a.addresses = {ip("192.0.2.100")};
    f.advert = p::build_advert_frame(a, p::vmac(Family::V4, a.vrid), ip("192.0.2.2"),
                                     p::vrrp_group(Family::V4), XVRRP_CSUM_PSEUDO);
    f.bad_checksum = f.advert;
    f.bad_checksum[14 + 20 + 6] ^= 0xff;
    // TCP SYN from a client to our own MAC: the common case on a gateway.
    f.other = {kOurMac.begin(), kOurMac.end()};
    f.other.insert(f.other.end(), kClientMac.begin(), kClientMac.end());
    f.other.insert(f.other.end(), {0x08, 0x00, 0x45, 0, 0,  40,  0, 0, 0x40, 0,    64,   6, 0,
                                   0,    192,  0,    2, 50, 192, 0, 2, 1,    0x30, 0x39, 0, 80});
    f.other.resize(14 + 40, 0);
    return f;
}

struct Case {
    std::string name;
    std::string mode;  // "fresh" or "repeat"
    int fd;
    const std::vector<uint8_t>* frame;
    uint32_t action;
    int counter;                         // xvrrp counter that must move once per run, -1: none
    std::vector<double> samples;         // per trial: mean ns per call
    std::vector<double> median_samples;  // per trial: median call (fresh only)
};

Case make_case(const char* name, const char* mode, int fd, const std::vector<uint8_t>& frame,
               uint32_t action, int counter = -1) {
    return Case{name, mode, fd, &frame, action, counter, {}, {}};
}

nlohmann::json stats(const std::vector<double>& v) {
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    return {{"min", s.front()}, {"median", s[s.size() / 2]}, {"max", s.back()}, {"trials", s}};
}

double median(const std::vector<double>& v) {
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
}

struct Args {
    uint32_t trials = 5;
    uint32_t calls = 20000;
    uint32_t repeat = 1'000'000;
    std::string out;
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const char* v = argv[i + 1];
        if (k == "--trials") {
            a.trials = std::max(3u, uint32_t(std::stoul(v)));
        } else if (k == "--calls") {
            a.calls = uint32_t(std::stoul(v));
        } else if (k == "--repeat") {
            a.repeat = uint32_t(std::stoul(v));
        } else if (k == "--out") {
            a.out = v;
        } else {
            throw std::runtime_error("unknown option " + k);
        }
    }
    return a;
}

}  // namespace

int main(int argc, char** argv) try {
    const Args args = parse(argc, argv);
    if (geteuid() != 0) {
        std::cerr << "xdp_cost: loads BPF programs, run as root\n";
        return 2;
    }
    xvrrp_gen::xvrrp* s = xvrrp_gen::xvrrp::open();
    if (s == nullptr) {
        die("open xvrrp skeleton", errno);
    }
    bpf_map* map = nullptr;
    bpf_object__for_each_map(map, s->obj) {
        bpf_map__set_pin_path(map, nullptr);  // never touch /sys/fs/bpf
    }
    if (int err = xvrrp_gen::xvrrp::load(s); err != 0) {
        die("load xvrrp skeleton", err);
    }
    xdp_cost_ref* ref = xdp_cost_ref::open_and_load();
    if (ref == nullptr) {
        die("load reference programs", errno);
    }
    configure(s);
    {
        uint32_t vip = 0;
        std::memcpy(&vip, ip("192.0.2.100").data(), 4);
        uint64_t mac = 0;
        const Mac vmac = xvrrp::proto::vmac(Family::V4, kVrid);
        std::memcpy(&mac, vmac.data(), 6);
        update(ref->maps.reflect_set, &vip, &mac);
    }
    const Frames f = build_frames();
    const int xdp = bpf_program__fd(s->progs.xvrrp_xdp);

    std::vector<Case> cases = {
        make_case("xdp_pass_floor", "fresh", bpf_program__fd(ref->progs.ref_pass), f.other,
                  XDP_PASS),
        make_case("trivial_xdp_tx", "fresh", bpf_program__fd(ref->progs.ref_tx), f.arp_request,
                  XDP_TX),
        make_case("arp_reflector", "fresh", bpf_program__fd(ref->progs.ref_arp_reflector),
                  f.arp_request, XDP_TX),
        make_case("arp_reflector_map", "fresh", bpf_program__fd(ref->progs.ref_arp_reflector_map),
                  f.arp_request, XDP_TX),
        make_case("arp_reply_vip_master", "fresh", xdp, f.arp_request, XDP_TX, XVRRP_CNT_ARP_REPLY),
        make_case("advert_rearm", "fresh", xdp, f.advert, XDP_DROP, XVRRP_CNT_REARM),
        make_case("advert_bad_checksum", "fresh", xdp, f.bad_checksum, XDP_DROP,
                  XVRRP_DISCARD_D5_CHECKSUM),
        make_case("non_vrrp_frame", "fresh", xdp, f.other, XDP_PASS),
        make_case("xdp_pass_floor", "repeat", bpf_program__fd(ref->progs.ref_pass), f.other,
                  XDP_PASS),
        make_case("trivial_xdp_tx", "repeat", bpf_program__fd(ref->progs.ref_tx), f.other, XDP_TX),
        make_case("advert_rearm", "repeat", xdp, f.advert, XDP_DROP, XVRRP_CNT_REARM),
        make_case("advert_bad_checksum", "repeat", xdp, f.bad_checksum, XDP_DROP,
                  XVRRP_DISCARD_D5_CHECKSUM),
        make_case("non_vrrp_frame", "repeat", xdp, f.other, XDP_PASS),
    };
    for (uint32_t t = 0; t < args.trials; ++t) {
        for (Case& c : cases) {
            const uint64_t before = c.counter >= 0 ? counter(s, uint32_t(c.counter)) : 0;
            const bool fresh = c.mode == "fresh";
            const uint32_t runs = fresh ? args.calls : args.repeat;
            if (fresh) {
                const FreshTiming ft = time_fresh(c.fd, *c.frame, runs, c.action);
                c.samples.push_back(ft.mean);
                c.median_samples.push_back(ft.median);
            } else {
                c.samples.push_back(time_repeat(c.fd, *c.frame, runs, c.action));
            }
            if (c.counter >= 0 && counter(s, uint32_t(c.counter)) - before != runs) {
                die(c.name + " did not take the path it is named after", EINVAL);
            }
        }
    }

    auto find = [&](const std::string& name, const std::string& mode) -> const Case& {
        for (const Case& c : cases) {
            if (c.name == name && c.mode == mode) {
                return c;
            }
        }
        throw std::runtime_error("no case " + name);
    };
    // Deltas of the medians over trials (the targets) and of the minima (the
    // least disturbed trial: on a shared machine the cleaner comparison).
    const auto delta = [&](const char* a, const char* b, const char* mode) {
        const Case& x = find(a, mode);
        const Case& y = find(b, mode);
        const auto lo = [](const std::vector<double>& v) {
            return *std::min_element(v.begin(), v.end());
        };
        return std::pair<double, double>{median(x.samples) - median(y.samples),
                                         lo(x.samples) - lo(y.samples)};
    };
    const auto [arp_over, arp_over_min] = delta("arp_reply_vip_master", "arp_reflector", "fresh");
    const auto [arp_over_map, arp_over_map_min] =
        delta("arp_reply_vip_master", "arp_reflector_map", "fresh");
    const auto [rearm_over, rearm_over_min] = delta("advert_rearm", "trivial_xdp_tx", "fresh");
    const auto [rearm_over_repeat, rearm_over_repeat_min] =
        delta("advert_rearm", "trivial_xdp_tx", "repeat");

    utsname u{};
    uname(&u);
    nlohmann::json j;
    j["bench"] = "xdp_cost";
    j["kernel"] = std::string(u.release);
    j["machine"] = std::string(u.machine);
    j["cpus_online"] = sysconf(_SC_NPROCESSORS_ONLN);
    j["method"] =
        "BPF_PROG_TEST_RUN, kernel-measured duration (ns per run). fresh: repeat=1 called "
        "`calls` times, each on a fresh copy of the frame, per trial the mean call (the median "
        "call, quantised to ~10 ns, under median_call); repeat: one call with repeat=N (frame "
        "not reset), per trial the kernel's mean. min/median/max over trials; targets compare "
        "the medians over trials.";
    j["trials"] = args.trials;
    j["calls_per_trial"] = args.calls;
    j["repeat_per_trial"] = args.repeat;
    for (const Case& c : cases) {
        j["results"][c.mode][c.name] = stats(c.samples);
        if (!c.median_samples.empty()) {
            j["results"][c.mode][c.name]["median_call"] = stats(c.median_samples);
        }
    }
    const auto target = [](double med, double lo, double limit) {
        return nlohmann::json{
            {"median", med}, {"min", lo}, {"limit", limit}, {"met", med <= limit}};
    };
    j["targets"]["arp_reply_minus_reflector_ns"] = target(arp_over, arp_over_min, 10);
    j["targets"]["arp_reply_minus_map_reflector_ns"] = target(arp_over_map, arp_over_map_min, 10);
    j["targets"]["rearm_minus_trivial_tx_ns"] = target(rearm_over, rearm_over_min, 40);
    j["targets"]["rearm_minus_trivial_tx_ns_repeat_mode"] =
        target(rearm_over_repeat, rearm_over_repeat_min, 40);

    for (const Case& c : cases) {
        const nlohmann::json st = stats(c.samples);
        std::printf("%-7s %-22s min %7.1f  median %7.1f  max %7.1f ns/call\n", c.mode.c_str(),
                    c.name.c_str(), st["min"].get<double>(), st["median"].get<double>(),
                    st["max"].get<double>());
    }
    std::printf(
        "ARP reply - reflector: %+.1f ns (min %+.1f); - map reflector: %+.1f ns (min %+.1f)"
        " (target <= +10)\n",
        arp_over, arp_over_min, arp_over_map, arp_over_map_min);
    std::printf(
        "re-arm - trivial XDP_TX: %+.1f ns (min %+.1f) fresh, %+.1f ns (min %+.1f) repeat"
        " (target <= +40)\n",
        rearm_over, rearm_over_min, rearm_over_repeat, rearm_over_repeat_min);
    if (!args.out.empty()) {
        std::ofstream(args.out) << j.dump(2) << "\n";
    }
    xdp_cost_ref::destroy(ref);
    xvrrp_gen::xvrrp::destroy(s);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "xdp_cost: " << e.what() << "\n";
    return 1;
}
