// TC egress program cost, ns per call, via BPF_PROG_TEST_RUN (DESIGN.md
// "Performance targets", "Measuring notes"): xvrrp_egress on what leaves a
// gateway's interface against a TC program that returns TC_ACT_UNSPEC, timed
// the same way in the same run (bench/lib/test_run.h).
//
// For SCHED_CLS the kernel builds a new skb from data_in on every
// BPF_PROG_TEST_RUN call and reuses it across `repeat` runs, so repeat = 1
// called `calls` times gives one fresh frame per run ("fresh"); "repeat" is
// only reported for the cases that leave the frame alone (the misses).
//
// Maps as a gateway with 255 routers per family, MASTER with a fresh lease,
// one VIP each (255 in vip4, 255 in vip6). Every case is checked once on its
// output bytes and, while timed, through the program's counters.
//
// Usage: egress_cost [--trials N] [--calls N] [--repeat N] [--out FILE]   (root)
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "egress_cost_ref.skel.h"
#include "egress_cost_warm.skel.h"
#include "egress_setup.h"
#include "proto/address.h"
#include "proto/checksum.h"
#include "proto/frames.h"
#include "test_run.h"
#include "tool.h"
#include "xvrrp/abi.h"
#include "xvrrp_skel.h"

namespace {

using namespace xvrrp::bench;
using namespace xvrrp::bench::egress;

// The references' source sets: the same addresses.
void populate_ref(egress_cost_ref* ref) {
    for (int n = 1; n <= kRouters; ++n) {
        const uint32_t value = uint32_t(n);
        update(ref->maps.ref_set4, vip(Family::V4, n).data(), &value);
        update(ref->maps.ref_set6, vip(Family::V6, n).data(), &value);
    }
}

egress_cost_warm* load_warm(const std::vector<const std::vector<uint8_t>*>& restorable) {
    egress_cost_warm* w = egress_cost_warm::open();
    if (w == nullptr) {
        die("open warm programs", errno);
    }
    unpin_maps(w->obj);
    if (int err = egress_cost_warm::load(w); err != 0) {
        die("load warm programs", err);
    }
    populate({w->maps.vrid, w->maps.vip4, w->maps.vip6});
    for (const std::vector<uint8_t>* frame : restorable) {
        std::array<uint8_t, 128> bytes{};
        expect(frame->size() <= bytes.size(), "restorable frame fits");
        std::copy(frame->begin(), frame->end(), bytes.begin());
        const uint32_t len = uint32_t(frame->size());
        update(w->maps.restore_frames, &len, bytes.data());
    }
    return w;
}

// One run of each case, on its output bytes, before any timing.
void check_outputs(int egress, Frames& f) {
    expect(run_once(egress, f.forwarded4, TC_ACT_UNSPEC) == f.forwarded4, "IPv4 miss untouched");
    expect(run_once(egress, f.forwarded6, TC_ACT_UNSPEC) == f.forwarded6, "IPv6 miss untouched");
    const Mac vmac4 = p::vmac(Family::V4, kVrid);
    const std::vector<uint8_t> d4 = run_once(egress, f.vip4_data, TC_ACT_UNSPEC);
    expect(std::equal(vmac4.begin(), vmac4.end(), d4.begin() + 6), "VIP4 data: VMAC source");
    expect(std::equal(d4.begin() + 12, d4.end(), f.vip4_data.begin() + 12), "VIP4 data: rest");
    const Mac vmac6 = p::vmac(Family::V6, kVrid);
    const std::vector<uint8_t> ns = run_once(egress, f.vip6_ns, TC_ACT_UNSPEC);
    const size_t opt = 14 + 40 + 24;  // the NS's source link-layer address option
    expect(ns.size() == f.vip6_ns.size() && ns[opt] == 1 && ns[opt + 1] == 1, "NS: option");
    expect(std::equal(vmac6.begin(), vmac6.end(), ns.begin() + 6), "NS: VMAC source");
    expect(std::equal(vmac6.begin(), vmac6.end(), ns.begin() + opt + 2), "NS: VMAC option");
    const std::span<const uint8_t> icmp(ns.data() + 54, ns.size() - 54);
    expect(p::pseudo_header_checksum(icmp, vip(Family::V6, kVrid),
                                     p::solicited_node(ip("2001:db8:1::1:50")), 58) == 0,
           "NS: ICMPv6 checksum");
    f.vip4_data_vmac = d4;
    f.vip6_ns_vmac = ns;
    expect(run_once(egress, d4, TC_ACT_UNSPEC) == d4, "VIP4 data with the VMAC: untouched");
    expect(run_once(egress, ns, TC_ACT_UNSPEC) == ns, "NS with the VMAC: untouched");
}

// xvrrp_egress and the references, fresh and (where the frame stays as it
// is) repeat.
std::vector<Case> egress_cases(int egress, const egress_cost_ref* ref, const Frames& f) {
    const int unspec = bpf_program__fd(ref->progs.ref_tc_unspec);
    const int lookup4 = bpf_program__fd(ref->progs.ref_tc_source_lookup4);
    const int lookup6 = bpf_program__fd(ref->progs.ref_tc_source_lookup6);
    const uint32_t ok = TC_ACT_UNSPEC;
    const std::vector<int> vip_pass = {XVRRP_CNT_EGRESS_VIP_PASS};
    std::vector<Case> cases;
    for (const char* mode : {"fresh", "repeat"}) {
        cases.push_back(make_case("trivial_tc", mode, unspec, f.forwarded4, ok));
        cases.push_back(make_case("ref_source_lookup_v4", mode, lookup4, f.forwarded4, ok));
        cases.push_back(make_case("ref_source_lookup_v6", mode, lookup6, f.forwarded6, ok));
        cases.push_back(make_case("forwarded_v4_miss", mode, egress, f.forwarded4, ok));
        cases.push_back(make_case("forwarded_v6_miss", mode, egress, f.forwarded6, ok));
        // The VIP path without the rewrite: what a frame from a VIP costs
        // before its bytes change.
        cases.push_back(
            make_case("vip4_data_vmac_already", mode, egress, f.vip4_data_vmac, ok, vip_pass));
        cases.push_back(
            make_case("vip6_ns_vmac_already", mode, egress, f.vip6_ns_vmac, ok, vip_pass));
    }
    // These rewrite the frame: with one skb per call only.
    cases.push_back(make_case("trivial_tc_ns_frame", "fresh", unspec, f.vip6_ns, ok));
    cases.push_back(make_case("vip4_data_rewrite", "fresh", egress, f.vip4_data, ok,
                              {XVRRP_CNT_EGRESS_VIP_PASS, XVRRP_CNT_EGRESS_VMAC_REWRITE}));
    cases.push_back(make_case(
        "vip6_ns_rewrite", "fresh", egress, f.vip6_ns, ok,
        {XVRRP_CNT_EGRESS_VIP_PASS, XVRRP_CNT_EGRESS_VMAC_REWRITE, XVRRP_CNT_EGRESS_ND_REWRITE}));
    return cases;
}

// The rewrites warm (egress_cost_warm.bpf.c): repeat, frame put back each run.
std::vector<Case> warm_cases(const egress_cost_warm* w, const Frames& f) {
    const int only = bpf_program__fd(w->progs.warm_restore_only);
    const int egress = bpf_program__fd(w->progs.warm_restore_egress);
    const uint32_t ok = TC_ACT_UNSPEC;
    return {
        make_case("restore_only_v4_data", "repeat", only, f.vip4_data, ok),
        make_case("restore_only_ns", "repeat", only, f.vip6_ns, ok),
        make_case("restore_vip4_data_rewrite", "repeat", egress, f.vip4_data, ok,
                  {XVRRP_CNT_EGRESS_VIP_PASS, XVRRP_CNT_EGRESS_VMAC_REWRITE}),
        make_case("restore_vip6_ns_rewrite", "repeat", egress, f.vip6_ns, ok,
                  {XVRRP_CNT_EGRESS_VIP_PASS, XVRRP_CNT_EGRESS_VMAC_REWRITE,
                   XVRRP_CNT_EGRESS_ND_REWRITE}),
    };
}

uint64_t vip_runs(const std::vector<Case>& cases, const Args& args) {
    uint64_t n = 0;
    for (const Case& c : cases) {
        if (!c.counters.empty()) {
            n += uint64_t(args.trials) * (c.mode == "fresh" ? args.calls : args.repeat);
        }
    }
    return n;
}

// The misses must not have reached the VIP path, and nothing was dropped.
void check_totals(int counters, uint64_t passed_before, uint64_t expected) {
    expect(percpu_sum(counters, XVRRP_CNT_EGRESS_VIP_PASS) - passed_before == expected,
           "only the VIP cases took the VIP path");
    expect(percpu_sum(counters, XVRRP_CNT_EGRESS_ND_DROP) == 0 &&
               percpu_sum(counters, XVRRP_CNT_EGRESS_DATA_DROP) == 0,
           "nothing dropped");
}

void report_deltas(nlohmann::json& j, const std::vector<Case>& cases, const char* anchor,
                   const std::string& mode, const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        const auto [med, lo] = delta(cases, name, anchor, mode);
        j[std::string("over_") + anchor][mode][name] = {{"median", med}, {"min", lo}};
        std::printf("%-7s %-26s - %s: %+6.1f ns (min %+6.1f)\n", mode.c_str(), name.c_str(), anchor,
                    med, lo);
    }
}

nlohmann::json report(nlohmann::json j, const std::vector<Case>& cases,
                      const std::vector<Case>& warm) {
    j["loadavg_at_end"] = loadavg();
    j["design_anchor"] =
        "DESIGN.md Performance targets and Measuring notes: cost as the difference to an anchor "
        "timed the same way in the same run (a TC program returning TC_ACT_UNSPEC; for the warm "
        "rewrites the frame restore alone). DESIGN.md sets no egress target yet.";
    j["method"] =
        "BPF_PROG_TEST_RUN of SCHED_CLS programs, kernel-measured duration (ns per run). fresh: "
        "repeat=1 called `calls` times, a new skb from the frame each call, per trial the mean "
        "call (the median call, quantised to ~10 ns, under median_call); repeat: one call with "
        "repeat=N on one skb (frame not reset: only cases that leave it alone), per trial the "
        "kernel's mean. warm: repeat, the frame put back by bpf_skb_store_bytes at the start of "
        "every run, egress.h compiled into the bench's own object; anchor the restore alone. "
        "min/median/max over trials; over_X = case - X in the same mode, from the medians over "
        "trials and from the minima. Trials interleave every case.";
    j["maps"] = {{"routers_per_family", kRouters},
                 {"vips_per_family", kRouters},
                 {"state", "MASTER, lease 1 h ahead"},
                 {"vip_frames_from_vrid", kVrid}};
    results_json(j, cases);
    nlohmann::json w;
    results_json(w, warm);
    j["results"]["warm"] = w["results"]["repeat"];
    print_cases(cases);
    print_cases(warm);
    for (const char* mode : {"fresh", "repeat"}) {
        report_deltas(j, cases, "trivial_tc", mode,
                      {"ref_source_lookup_v4", "ref_source_lookup_v6", "forwarded_v4_miss",
                       "forwarded_v6_miss", "vip4_data_vmac_already", "vip6_ns_vmac_already"});
    }
    report_deltas(j, cases, "trivial_tc", "fresh", {"vip4_data_rewrite"});
    report_deltas(j, cases, "trivial_tc_ns_frame", "fresh", {"vip6_ns_rewrite"});
    report_deltas(j, warm, "restore_only_v4_data", "repeat", {"restore_vip4_data_rewrite"});
    report_deltas(j, warm, "restore_only_ns", "repeat", {"restore_vip6_ns_rewrite"});
    j["over_restore"] = {
        {"vip4_data_rewrite",
         j["over_restore_only_v4_data"]["repeat"]["restore_vip4_data_rewrite"]},
        {"vip6_ns_rewrite", j["over_restore_only_ns"]["repeat"]["restore_vip6_ns_rewrite"]}};
    j.erase("over_restore_only_v4_data");
    j.erase("over_restore_only_ns");
    return j;
}

}  // namespace

int main(int argc, char** argv) try {
    const Args args = parse_args(argc, argv);
    if (geteuid() != 0) {
        std::cerr << "egress_cost: loads BPF programs, run as root\n";
        return 2;
    }
    xvrrp_gen::xvrrp* s = load_xvrrp_unpinned();
    egress_cost_ref* ref = egress_cost_ref::open_and_load();
    if (ref == nullptr) {
        die("load reference programs", errno);
    }
    populate({s->maps.vrid, s->maps.vip4, s->maps.vip6});
    populate_ref(ref);
    Frames f = build_frames();
    const int egress = bpf_program__fd(s->progs.xvrrp_egress);
    check_outputs(egress, f);
    egress_cost_warm* w = load_warm({&f.vip4_data, &f.vip6_ns});
    const int warm_egress = bpf_program__fd(w->progs.warm_restore_egress);
    expect(run_once(warm_egress, f.vip4_data, TC_ACT_UNSPEC) == f.vip4_data_vmac,
           "warm program: the same output for VIP4 data");
    expect(run_once(warm_egress, f.vip6_ns, TC_ACT_UNSPEC) == f.vip6_ns_vmac,
           "warm program: the same output for the NS");

    std::vector<Case> cases = egress_cases(egress, ref, f);
    std::vector<Case> warm = warm_cases(w, f);
    const int counters = bpf_map__fd(s->maps.counters);
    const int warm_counters = bpf_map__fd(w->maps.counters);
    const nlohmann::json header = run_header("egress_cost", args);
    const uint64_t passed = percpu_sum(counters, XVRRP_CNT_EGRESS_VIP_PASS);
    const uint64_t warm_passed = percpu_sum(warm_counters, XVRRP_CNT_EGRESS_VIP_PASS);
    for (uint32_t t = 0; t < args.trials; ++t) {
        run_cases(cases, {1, args.calls, args.repeat, counters});
        run_cases(warm, {1, args.calls, args.repeat, warm_counters});
    }
    check_totals(counters, passed, vip_runs(cases, args));
    check_totals(warm_counters, warm_passed, vip_runs(warm, args));

    const nlohmann::json j = report(header, cases, warm);
    if (!args.out.empty()) {
        std::ofstream(args.out) << j.dump(2) << "\n";
    }
    egress_cost_warm::destroy(w);
    egress_cost_ref::destroy(ref);
    xvrrp_gen::xvrrp::destroy(s);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "egress_cost: " << e.what() << "\n";
    return 1;
}
