// The egress program on real traffic: frames sent at full speed through an
// AF_PACKET socket on one interface (dev_queue_xmit, so clsact egress runs),
// with no clsact qdisc, with a TC program that returns TC_ACT_UNSPEC, and with
// xvrrp_egress, the same frames, interleaved trials. Cost per frame is the
// sending thread's CPU time (CLOCK_THREAD_CPUTIME_ID: the scheduler's exact
// runtime, which on this kernel, without IRQ time accounting, includes the
// softirq work run on the way out) divided by the frames sent. The thread
// stays on the CPU it started on.
//
// Run by flood.sh inside a namespace it created, on a veth whose peer drops
// everything in XDP. Never run it on an interface that carries traffic: it
// replaces the interface's clsact qdisc.
//
// Usage: egress_flood --iface IF [--frames N] [--trials N] [--out FILE]   (root)
#include <arpa/inet.h>
#include <bpf/libbpf.h>
#include <linux/if_packet.h>
#include <linux/pkt_cls.h>
#include <net/if.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "egress_cost_ref.skel.h"
#include "egress_setup.h"
#include "test_run.h"
#include "tool.h"
#include "xvrrp_skel.h"

namespace {

using namespace xvrrp::bench;
using namespace xvrrp::bench::egress;

constexpr int kBatch = 64;

struct Options {
    std::string iface;
    uint32_t frames = 500'000;
    uint32_t trials = 5;
    std::string out;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const std::string v = argv[i + 1];
        if (k == "--iface") {
            o.iface = v;
        } else if (k == "--frames") {
            o.frames = uint32_t(std::stoul(v));
        } else if (k == "--trials") {
            o.trials = std::max(3u, uint32_t(std::stoul(v)));
        } else if (k == "--out") {
            o.out = v;
        } else {
            throw std::runtime_error("unknown option " + k);
        }
    }
    if (o.iface.empty()) {
        throw std::runtime_error("--iface is required");
    }
    return o;
}

// clsact egress on one interface: absent, or one filter (prog_fd).
class EgressHook {
  public:
    explicit EgressHook(int ifindex) {
        hook_.sz = sizeof hook_;
        hook_.ifindex = ifindex;
        hook_.attach_point = BPF_TC_EGRESS;
    }
    ~EgressHook() { clear(); }
    // Removes the clsact qdisc (both hooks named: libbpf then deletes the
    // qdisc, not only the filters); none there is fine.
    void clear() {
        bpf_tc_hook all = hook_;
        all.attach_point = static_cast<bpf_tc_attach_point>(BPF_TC_INGRESS | BPF_TC_EGRESS);
        // libbpf prints the kernel's complaint when there is no qdisc
        const libbpf_print_fn_t was = libbpf_set_print(nullptr);
        bpf_tc_hook_destroy(&all);
        libbpf_set_print(was);
    }
    void set(int prog_fd) {
        clear();
        if (int err = bpf_tc_hook_create(&hook_); err != 0) {
            die("create clsact", err);
        }
        bpf_tc_opts opts{};
        opts.sz = sizeof opts;
        opts.prog_fd = prog_fd;
        opts.handle = 1;
        opts.priority = 1;
        if (int err = bpf_tc_attach(&hook_, &opts); err != 0) {
            die("attach the TC program", err);
        }
    }

  private:
    bpf_tc_hook hook_{};
};

int packet_socket(int ifindex) {
    // Protocol 0: the socket sends only, so no frame is copied back to it.
    const int fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        die("AF_PACKET socket", errno);
    }
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = ifindex;
    if (bind(fd, reinterpret_cast<sockaddr*>(&sll), sizeof sll) != 0) {
        die("bind to the interface", errno);
    }
    return fd;
}

struct Sent {
    double cpu_ns_per_frame;
    double wall_ns_per_frame;
};

Sent flood(int fd, const std::vector<uint8_t>& frame, uint32_t frames) {
    iovec iov{const_cast<uint8_t*>(frame.data()), frame.size()};
    std::vector<mmsghdr> batch(kBatch);
    for (mmsghdr& m : batch) {
        m.msg_hdr = {};
        m.msg_hdr.msg_iov = &iov;
        m.msg_hdr.msg_iovlen = 1;
    }
    const int64_t cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    const int64_t wall0 = mono_ns();
    uint32_t sent = 0;
    while (sent < frames) {
        const unsigned n = std::min<uint32_t>(kBatch, frames - sent);
        const int r = sendmmsg(fd, batch.data(), n, 0);
        if (r < 0 && errno != ENOBUFS && errno != EAGAIN) {
            die("sendmmsg", errno);
        }
        sent += r > 0 ? uint32_t(r) : 0;
    }
    const double cpu = double(clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0);
    const double wall = double(mono_ns() - wall0);
    return {cpu / frames, wall / frames};
}

struct FloodCase {
    std::string frame_name;
    std::string hook;  // "none", "trivial_tc", "xvrrp_egress"
    const std::vector<uint8_t>* frame;
    std::vector<int> counters;  // must move once per frame (xvrrp_egress only)
    std::vector<double> cpu;
    std::vector<double> wall;
};

void run_trial(FloodCase& c, EgressHook& hook, int sock, int prog, int counters, uint32_t frames) {
    if (c.hook == "none") {
        hook.clear();
    } else {
        hook.set(prog);
    }
    std::vector<uint64_t> before;
    for (int slot : c.counters) {
        before.push_back(percpu_sum(counters, uint32_t(slot)));
    }
    const Sent s = flood(sock, *c.frame, frames);
    for (size_t i = 0; i < c.counters.size(); ++i) {
        if (percpu_sum(counters, uint32_t(c.counters[i])) - before[i] != frames) {
            die(c.frame_name + " through " + c.hook + ": not the path it is named after", EINVAL);
        }
    }
    c.cpu.push_back(s.cpu_ns_per_frame);
    c.wall.push_back(s.wall_ns_per_frame);
}

nlohmann::json report(const Options& o, const std::vector<FloodCase>& cases) {
    nlohmann::json j;
    j["bench"] = "egress_flood";
    j["frames_per_trial"] = o.frames;
    j["trials"] = o.trials;
    j["method"] =
        "AF_PACKET sendmmsg (batches of 64) of one frame, repeated, on a veth whose peer "
        "drops in XDP; per trial the sending thread's CPU time (CLOCK_THREAD_CPUTIME_ID) and "
        "wall time over the frames sent, the thread pinned to one CPU. Hooks: none (no clsact), "
        "trivial_tc (clsact + "
        "TC_ACT_UNSPEC), xvrrp_egress (clsact + the program, maps as in egress_cost). Trials "
        "interleave every case. over_trivial = xvrrp_egress - trivial_tc, same frame, from "
        "the medians over trials and from the minima.";
    for (const FloodCase& c : cases) {
        j["results"][c.frame_name][c.hook] = {{"cpu_ns_per_frame", stats(c.cpu)},
                                              {"wall_ns_per_frame", stats(c.wall)}};
        std::printf("%-10s %-13s cpu ns/frame min %7.1f median %7.1f max %7.1f\n",
                    c.frame_name.c_str(), c.hook.c_str(), stats(c.cpu)["min"].get<double>(),
                    median(c.cpu), stats(c.cpu)["max"].get<double>());
    }
    for (const FloodCase& c : cases) {
        if (c.hook == "trivial_tc") {
            continue;
        }
        for (const FloodCase& t : cases) {
            if (t.frame_name == c.frame_name && t.hook == "trivial_tc") {
                const double med = median(c.cpu) - median(t.cpu);
                const double lo = *std::min_element(c.cpu.begin(), c.cpu.end()) -
                                  *std::min_element(t.cpu.begin(), t.cpu.end());
                j["over_trivial"][c.frame_name][c.hook] = {{"median", med}, {"min", lo}};
                std::printf("%-10s %-13s - trivial_tc: %+6.1f ns/frame (min %+6.1f)\n",
                            c.frame_name.c_str(), c.hook.c_str(), med, lo);
            }
        }
    }
    return j;
}

}  // namespace

int main(int argc, char** argv) try {
    const Options o = parse(argc, argv);
    const int ifindex = int(if_nametoindex(o.iface.c_str()));
    if (ifindex == 0) {
        die("interface " + o.iface, errno);
    }
    xvrrp_gen::xvrrp* s = load_xvrrp_unpinned();
    egress_cost_ref* ref = egress_cost_ref::open_and_load();
    if (ref == nullptr) {
        die("load reference programs", errno);
    }
    populate({s->maps.vrid, s->maps.vip4, s->maps.vip6});
    const Frames f = build_frames();
    const int counters = bpf_map__fd(s->maps.counters);
    const std::vector<std::pair<std::string, const std::vector<uint8_t>*>> frames = {
        {"forwarded4", &f.forwarded4}, {"vip4_data", &f.vip4_data}, {"vip6_ns", &f.vip6_ns}};
    const std::vector<std::vector<int>> vip_path = {
        {},
        {XVRRP_CNT_EGRESS_VIP_PASS, XVRRP_CNT_EGRESS_VMAC_REWRITE},
        {XVRRP_CNT_EGRESS_VIP_PASS, XVRRP_CNT_EGRESS_VMAC_REWRITE, XVRRP_CNT_EGRESS_ND_REWRITE}};
    std::vector<FloodCase> cases;
    for (size_t i = 0; i < frames.size(); ++i) {
        for (const char* hook : {"none", "trivial_tc", "xvrrp_egress"}) {
            const bool ours = std::string(hook) == "xvrrp_egress";
            cases.push_back({frames[i].first,
                             hook,
                             frames[i].second,
                             ours ? vip_path[i] : std::vector<int>{},
                             {},
                             {}});
        }
    }
    // One CPU for the whole run: no migration between trials.
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(sched_getcpu(), &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) {
        die("pin to one CPU", errno);
    }
    const int sock = packet_socket(ifindex);
    EgressHook hook(ifindex);
    const uint64_t passed = percpu_sum(counters, XVRRP_CNT_EGRESS_VIP_PASS);
    for (uint32_t t = 0; t < o.trials; ++t) {
        for (FloodCase& c : cases) {
            const int prog = c.hook == "xvrrp_egress" ? bpf_program__fd(s->progs.xvrrp_egress)
                                                      : bpf_program__fd(ref->progs.ref_tc_unspec);
            run_trial(c, hook, sock, prog, counters, o.frames);
        }
    }
    hook.clear();
    close(sock);
    expect(percpu_sum(counters, XVRRP_CNT_EGRESS_VIP_PASS) - passed == 2ull * o.trials * o.frames,
           "the forwarded frames did not take the VIP path");
    nlohmann::json j = report(o, cases);
    if (!o.out.empty()) {
        std::ofstream(o.out) << j.dump(2) << "\n";
    }
    egress_cost_ref::destroy(ref);
    xvrrp_gen::xvrrp::destroy(s);
    return 0;
} catch (const std::exception& e) {
    std::cerr << "egress_flood: " << e.what() << "\n";
    return 1;
}
