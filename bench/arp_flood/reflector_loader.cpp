// xvrrp-bench-reflector: attaches one program of reflector.bpf.c to an
// interface in native XDP mode, keeps it there until SIGINT/SIGTERM or the
// duration is over, then detaches it.
//
//   xvrrp-bench-reflector --iface bond1 --mode reflect|drop|pass|count
//                         [--ip 198.51.100.254] [--duration-ms 120000] [--ready-file F]
// reflect answers ARP for --ip with the interface's own MAC; count counts and
// drops ARP replies from --ip and prints {"replies": N} when it stops.
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>

#include "reflector.skel.h"

#include "tool.h"

namespace {

using xvrrp::bench::g_stop;
using xvrrp::bench::stop_on_signals;

struct Options {
    std::string iface;
    std::string mode;
    in_addr ip{};
    long duration_ms = 120'000;
    std::string ready_file;
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "xvrrp-bench-reflector: %s\nusage: xvrrp-bench-reflector --iface IF "
                 "--mode reflect|drop|pass|count [--ip IPV4] [--duration-ms N] [--ready-file F]\n",
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
        } else if (a == "--mode") {
            o.mode = v;
        } else if (a == "--ip") {
            if (inet_pton(AF_INET, v, &o.ip) != 1)
                usage("bad --ip");
        } else if (a == "--duration-ms") {
            o.duration_ms = std::atol(v);
        } else if (a == "--ready-file") {
            o.ready_file = v;
        } else {
            usage("unknown option " + std::string(a));
        }
    }
    if (o.iface.empty() ||
        (o.mode != "reflect" && o.mode != "drop" && o.mode != "pass" && o.mode != "count"))
        usage("--iface and --mode reflect|drop|pass|count are required");
    if ((o.mode == "reflect" || o.mode == "count") && o.ip.s_addr == 0)
        usage("--mode reflect|count needs --ip");
    if (o.duration_ms <= 0)
        usage("bad --duration-ms");
    return o;
}

bool own_mac(const std::string& iface, unsigned char mac[6]) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return false;
    ifreq req{};
    std::snprintf(req.ifr_name, sizeof req.ifr_name, "%s", iface.c_str());
    bool ok = ioctl(fd, SIOCGIFHWADDR, &req) == 0;
    close(fd);
    if (ok)
        std::memcpy(mac, req.ifr_hwaddr.sa_data, 6);
    return ok;
}

bpf_program* chosen(reflector* skel, const std::string& mode) {
    if (mode == "reflect")
        return skel->progs.reflect;
    if (mode == "drop")
        return skel->progs.drop_all;
    if (mode == "count")
        return skel->progs.count_replies;
    return skel->progs.pass_all;
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    int ifindex = static_cast<int>(if_nametoindex(o.iface.c_str()));
    if (ifindex == 0)
        usage("no interface " + o.iface);
    reflector* skel = reflector::open();
    if (!skel) {
        std::fprintf(stderr, "xvrrp-bench-reflector: cannot open the BPF object\n");
        return 1;
    }
    skel->rodata->target_ip = o.ip.s_addr;
    unsigned char mac[6];
    if (!own_mac(o.iface, mac)) {
        std::fprintf(stderr, "xvrrp-bench-reflector: no MAC for %s\n", o.iface.c_str());
        return 1;
    }
    for (int i = 0; i < 6; ++i)
        skel->rodata->own_mac[i] = mac[i];
    if (reflector::load(skel) != 0) {
        std::fprintf(stderr, "xvrrp-bench-reflector: load failed\n");
        reflector::destroy(skel);
        return 1;
    }
    int fd = bpf_program__fd(chosen(skel, o.mode));
    int err =
        bpf_xdp_attach(ifindex, fd, XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, nullptr);
    if (err) {
        std::fprintf(stderr, "xvrrp-bench-reflector: attach to %s (native) failed: %s\n",
                     o.iface.c_str(), std::strerror(-err));
        reflector::destroy(skel);
        return 1;
    }
    stop_on_signals();
    if (!o.ready_file.empty())
        std::ofstream(o.ready_file) << "attached\n";
    for (long waited = 0; !g_stop && waited < o.duration_ms; waited += 50)
        usleep(50'000);
    bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, nullptr);
    if (o.mode == "count")
        std::printf("{\"replies\":%llu}\n",
                    static_cast<unsigned long long>(skel->bss->replies_seen));
    reflector::destroy(skel);
    return 0;
}
