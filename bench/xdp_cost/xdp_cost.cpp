// XDP program cost, ns per call, via BPF_PROG_TEST_RUN (DESIGN.md
// "Performance targets"): xvrrp_xdp on its hot paths against reference
// programs timed the same way in the same run.
//
// Timed both ways of bench/lib/test_run.h (fresh frame per call, repeat).
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

#include "dataplane/libbpf_opts.h"
#include "proto/address.h"
#include "proto/advert.h"
#include "proto/frames.h"
#include "test_run.h"
#include "tool.h"
#include "xdp_cost_ref.skel.h"
#include "xdp_cost_warm.skel.h"
#include "xvrrp/abi.h"
#include "xvrrp_skel.h"

namespace {

using xvrrp::proto::Family;
using xvrrp::proto::IpAddr;
using xvrrp::proto::Mac;
using namespace xvrrp::bench;

constexpr uint8_t kVrid = 51;
const Mac kOurMac = {0x02, 0, 0, 0, 0, 0x01};
const Mac kClientMac = {0x02, 0, 0, 0, 0, 0x0c};

IpAddr ip(const char* text) {
    return IpAddr::parse(text).value();
}

// VRID 51 IPv4 MASTER (fresh lease, VIP 192.0.2.100) and the interface, into
// one object's copy of xvrrp's maps.
xvrrp_router put_master(bpf_map* vrid, bpf_map* vip4, bpf_map* ifcfg) {
    xvrrp_ifcfg cfg{};
    std::memcpy(cfg.mac, kOurMac.data(), 6);
    cfg.ifindex = 1;
    const uint32_t zero = 0;
    update(ifcfg, &zero, &cfg);

    xvrrp_router master{};
    master.state = XVRRP_STATE_MASTER;
    master.priority = 100;
    master.version = 3;
    master.preempt = 1;
    master.adver_int_cs = 100;
    master.vip_count = 1;
    std::memcpy(master.primary, ip("192.0.2.1").data(), 4);
    master.lease_expires_ns = uint64_t(mono_ns()) + 3600ull * 1'000'000'000;
    master.present = 1;
    const uint32_t k51 = XVRRP_ROUTER_SLOT(kVrid, XVRRP_FAMILY_V4);
    update(vrid, &k51, &master);
    add_vip4(vip4, ip("192.0.2.100").data(), kVrid);
    return master;
}

// The MASTER above and VRID 52 IPv4 BACKUP that already knows its master
// 192.0.2.2 (priority 100, 1 s).
void configure(xvrrp_gen::xvrrp* s) {
    // The sweep timer, as the controller makes it at attach: without it the
    // re-arm case would measure a failing arm.
    xvrrp_ctl ctl{};
    ctl.op = XVRRP_CTL_PREPARE;
    bpf_test_run_opts run;
    xvrrp::dataplane::init_libbpf_opts(run);
    run.ctx_in = &ctl;
    run.ctx_size_in = sizeof ctl;
    if (bpf_prog_test_run_opts(bpf_program__fd(s->progs.xvrrp_ctl), &run) != 0 || run.retval != 0) {
        die("prepare the sweep timer", run.retval != 0 ? -static_cast<int>(run.retval) : errno);
    }
    const xvrrp_router master = put_master(s->maps.vrid, s->maps.vip4, s->maps.ifcfg);
    xvrrp_router backup = master;
    backup.state = XVRRP_STATE_BACKUP;
    backup.master_known = 1;
    std::memcpy(backup.master_addr, ip("192.0.2.2").data(), 4);
    backup.master_priority = 100;
    backup.master_adver_int_cs = 100;
    backup.master_version = 3;
    const uint32_t k52 = XVRRP_ROUTER_SLOT(kVrid + 1, XVRRP_FAMILY_V4);
    update(s->maps.vrid, &k52, &backup);
}

// The warm programs' own copy of xvrrp's maps, the same MASTER.
xdp_cost_warm* load_warm(const std::vector<uint8_t>& request) {
    xdp_cost_warm* w = xdp_cost_warm::open();
    if (w == nullptr) {
        die("open warm programs", errno);
    }
    unpin_maps(w->obj);
    if (int err = xdp_cost_warm::load(w); err != 0) {
        die("load warm programs", err);
    }
    put_master(w->maps.vrid, w->maps.vip4, w->maps.ifcfg);
    if (request.size() != 42) {
        die("the warm ARP request must be 42 bytes", EINVAL);
    }
    const uint32_t zero = 0;
    update(w->maps.warm_request, &zero, request.data());
    return w;
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

}  // namespace

int main(int argc, char** argv) try {
    const Args args = parse_args(argc, argv);
    if (geteuid() != 0) {
        std::cerr << "xdp_cost: loads BPF programs, run as root\n";
        return 2;
    }
    xvrrp_gen::xvrrp* s = load_xvrrp_unpinned();
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
    xdp_cost_warm* warm = load_warm(f.arp_request);
    {
        // Warm answers equal the fresh ones, and the warm ARP path is xvrrp's.
        const std::vector<uint8_t> want = run_once(xdp, f.arp_request, XDP_TX);
        const uint64_t before = percpu_sum(bpf_map__fd(warm->maps.counters), XVRRP_CNT_ARP_REPLY);
        if (run_once(bpf_program__fd(warm->progs.warm_xvrrp_arp), f.arp_request, XDP_TX) != want ||
            run_once(bpf_program__fd(warm->progs.warm_reflector), f.arp_request, XDP_TX) != want ||
            percpu_sum(bpf_map__fd(warm->maps.counters), XVRRP_CNT_ARP_REPLY) != before + 1) {
            die("warm ARP programs do not answer like xvrrp_xdp", EPROTO);
        }
    }

    std::vector<Case> cases = {
        make_case("xdp_pass_floor", "fresh", bpf_program__fd(ref->progs.ref_pass), f.other,
                  XDP_PASS),
        make_case("trivial_xdp_tx", "fresh", bpf_program__fd(ref->progs.ref_tx), f.arp_request,
                  XDP_TX),
        make_case("arp_reflector", "fresh", bpf_program__fd(ref->progs.ref_arp_reflector),
                  f.arp_request, XDP_TX),
        make_case("arp_reflector_map", "fresh", bpf_program__fd(ref->progs.ref_arp_reflector_map),
                  f.arp_request, XDP_TX),
        make_case("arp_reply_vip_master", "fresh", xdp, f.arp_request, XDP_TX,
                  {XVRRP_CNT_ARP_REPLY}),
        make_case("advert_rearm", "fresh", xdp, f.advert, XDP_DROP, {XVRRP_CNT_REARM}),
        make_case("advert_bad_checksum", "fresh", xdp, f.bad_checksum, XDP_DROP,
                  {XVRRP_DISCARD_D5_CHECKSUM}),
        make_case("non_vrrp_frame", "fresh", xdp, f.other, XDP_PASS),
        make_case("xdp_pass_floor", "repeat", bpf_program__fd(ref->progs.ref_pass), f.other,
                  XDP_PASS),
        make_case("warm_restore_only", "repeat", bpf_program__fd(warm->progs.warm_restore_only),
                  f.arp_request, XDP_TX),
        make_case("arp_reflector", "repeat", bpf_program__fd(warm->progs.warm_reflector),
                  f.arp_request, XDP_TX),
        make_case("arp_reply_vip_master", "repeat", bpf_program__fd(warm->progs.warm_xvrrp_arp),
                  f.arp_request, XDP_TX),
        make_case("trivial_xdp_tx", "repeat", bpf_program__fd(ref->progs.ref_tx), f.other, XDP_TX),
        make_case("advert_rearm", "repeat", xdp, f.advert, XDP_DROP, {XVRRP_CNT_REARM}),
        make_case("advert_bad_checksum", "repeat", xdp, f.bad_checksum, XDP_DROP,
                  {XVRRP_DISCARD_D5_CHECKSUM}),
        make_case("non_vrrp_frame", "repeat", xdp, f.other, XDP_PASS),
    };
    nlohmann::json j = run_header("xdp_cost", args);
    run_cases(cases, {args.trials, args.calls, args.repeat, bpf_map__fd(s->maps.counters)});

    const auto delta = [&](const char* a, const char* b, const char* mode) {
        return xvrrp::bench::delta(cases, a, b, mode);
    };
    const auto [arp_over, arp_over_min] = delta("arp_reply_vip_master", "arp_reflector", "fresh");
    const auto [arp_over_map, arp_over_map_min] =
        delta("arp_reply_vip_master", "arp_reflector_map", "fresh");
    const auto [arp_over_warm, arp_over_warm_min] =
        delta("arp_reply_vip_master", "arp_reflector", "repeat");
    const auto [rearm_over, rearm_over_min] = delta("advert_rearm", "trivial_xdp_tx", "fresh");
    const auto [rearm_over_repeat, rearm_over_repeat_min] =
        delta("advert_rearm", "trivial_xdp_tx", "repeat");

    j["loadavg_at_end"] = loadavg();
    j["method"] =
        "BPF_PROG_TEST_RUN, kernel-measured duration (ns per run). fresh: repeat=1 called "
        "`calls` times, each on a fresh copy of the frame, per trial the mean call (the median "
        "call, quantised to ~10 ns, under median_call); repeat: one call with repeat=N (frame "
        "not reset), per trial the kernel's mean; for the ARP answer, which rewrites the frame, "
        "repeat runs xdp_cost_warm.bpf.c: the request put back with one bpf_xdp_store_bytes, "
        "then xvrrp's ARP path (arp.h) or the reflector, on maps of their own (warm_restore_only "
        "is that restore alone). min/median/max over trials; targets compare "
        "the medians over trials.";
    results_json(j, cases);
    const auto target = [](double med, double lo, double limit) {
        return nlohmann::json{
            {"median", med}, {"min", lo}, {"limit", limit}, {"met", med <= limit}};
    };
    j["targets"]["arp_reply_minus_reflector_ns"] = target(arp_over, arp_over_min, 10);
    j["targets"]["arp_reply_minus_map_reflector_ns"] = target(arp_over_map, arp_over_map_min, 10);
    j["targets"]["arp_reply_minus_reflector_ns_warm"] =
        target(arp_over_warm, arp_over_warm_min, 10);
    j["targets"]["rearm_minus_trivial_tx_ns"] = target(rearm_over, rearm_over_min, 40);
    j["targets"]["rearm_minus_trivial_tx_ns_repeat_mode"] =
        target(rearm_over_repeat, rearm_over_repeat_min, 40);

    print_cases(cases);
    std::printf(
        "ARP reply - reflector: %+.1f ns (min %+.1f); - map reflector: %+.1f ns (min %+.1f)"
        " (target <= +10)\n",
        arp_over, arp_over_min, arp_over_map, arp_over_map_min);
    std::printf(
        "ARP reply - reflector, warm (repeat, request restored each run): %+.1f ns (min %+.1f)\n",
        arp_over_warm, arp_over_warm_min);
    std::printf(
        "re-arm - trivial XDP_TX: %+.1f ns (min %+.1f) fresh, %+.1f ns (min %+.1f) repeat"
        " (target <= +40)\n",
        rearm_over, rearm_over_min, rearm_over_repeat, rearm_over_repeat_min);
    if (!args.out.empty()) {
        std::ofstream(args.out) << j.dump(2) << "\n";
    }
    xdp_cost_warm::destroy(warm);
    xdp_cost_ref::destroy(ref);
    xvrrp_gen::xvrrp::destroy(s);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "xdp_cost: " << e.what() << "\n";
    return 1;
}
