// Timing BPF programs with BPF_PROG_TEST_RUN, shared by bench/xdp_cost and
// bench/egress_cost: the kernel's own clock (opts.duration), two ways:
//   fresh  - repeat = 1, called `calls` times: every call starts from the
//            caller's frame (a new xdp_buff / skb each call), so rewriting
//            programs are measured on the frame they are meant for;
//   repeat - one call with repeat = N: the frame is NOT reset between runs,
//            only valid for programs that leave the frame alone.
#pragma once

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "xvrrp/vip4_table.hpp"

namespace xvrrp::bench {

[[noreturn]] inline void die(const std::string& what, int err) {
    throw std::runtime_error(what + ": " + std::strerror(err < 0 ? -err : err));
}

inline bpf_test_run_opts run_opts(const std::vector<uint8_t>& in, std::vector<uint8_t>& out) {
    bpf_test_run_opts o{};
    o.sz = sizeof o;
    o.data_in = in.data();
    o.data_size_in = static_cast<uint32_t>(in.size());
    o.data_out = out.data();
    o.data_size_out = static_cast<uint32_t>(out.size());
    return o;
}

// One BPF_PROG_TEST_RUN of `frame` into `out` (`repeat` times on one copy);
// dies unless it returned `want`.
inline bpf_test_run_opts run_checked(int fd, const std::vector<uint8_t>& frame,
                                     std::vector<uint8_t>& out, uint32_t want,
                                     uint32_t repeat = 1) {
    bpf_test_run_opts o = run_opts(frame, out);
    o.repeat = repeat;
    if (int err = bpf_prog_test_run_opts(fd, &o); err != 0) {
        die("BPF_PROG_TEST_RUN", err);
    }
    if (o.retval != want) {
        die("unexpected return " + std::to_string(int32_t(o.retval)), EINVAL);
    }
    return o;
}

// One run on a fresh copy of `frame`; the frame as the program left it.
inline std::vector<uint8_t> run_once(int fd, const std::vector<uint8_t>& frame, uint32_t want) {
    std::vector<uint8_t> out(4096);
    out.resize(run_checked(fd, frame, out, want).data_size_out);
    return out;
}

// Kernel-measured ns per call over `calls` runs, each on a fresh copy of
// `frame`: the mean, and the median call (robust against a shared machine,
// but quantised: single-call durations come in steps of about 10 ns here).
struct FreshTiming {
    double median;
    double mean;
};

inline FreshTiming time_fresh(int fd, const std::vector<uint8_t>& frame, uint32_t calls,
                              uint32_t want) {
    std::vector<uint8_t> out(4096);
    std::vector<uint32_t> d;
    d.reserve(calls);
    for (uint32_t i = 0; i < calls; ++i) {
        d.push_back(run_checked(fd, frame, out, want).duration);
    }
    double total = 0;
    for (uint32_t v : d) {
        total += v;
    }
    std::nth_element(d.begin(), d.begin() + d.size() / 2, d.end());
    return {double(d[d.size() / 2]), total / calls};
}

inline double time_repeat(int fd, const std::vector<uint8_t>& frame, uint32_t repeat,
                          uint32_t want) {
    std::vector<uint8_t> out(4096);
    return run_checked(fd, frame, out, want, repeat).duration;
}

// The sum over CPUs of one slot of a per-CPU array of u64.
inline uint64_t percpu_sum(int map_fd, uint32_t index) {
    std::vector<uint64_t> per_cpu(static_cast<size_t>(libbpf_num_possible_cpus()));
    if (bpf_map_lookup_elem(map_fd, &index, per_cpu.data()) != 0) {
        die("read counter", errno);
    }
    uint64_t sum = 0;
    for (uint64_t v : per_cpu) {
        sum += v;
    }
    return sum;
}

inline void update(bpf_map* map, const void* key, const void* value) {
    if (bpf_map_update_elem(bpf_map__fd(map), key, value, BPF_ANY) != 0) {
        die(std::string("update map ") + bpf_map__name(map), errno);
    }
}

// An IPv4 VIP into xvrrp's "vip4" table (abi.h), placed as the controller does.
inline void add_vip4(bpf_map* map, const uint8_t* addr4, uint8_t vrid) {
    const size_t bytes = sizeof(uint64_t) * XVRRP_VIP4_SLOTS;
    void* t = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, bpf_map__fd(map), 0);
    if (t == MAP_FAILED) {
        die("mmap vip4", errno);
    }
    const int err = vip4_table::add(static_cast<uint64_t*>(t), vip4_table::key_of(addr4), vrid);
    munmap(t, bytes);
    if (err != 0) {
        die("add VIP", err);
    }
}

inline double median(const std::vector<double>& v) {
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
}

inline nlohmann::json stats(const std::vector<double>& v) {
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    return {{"min", s.front()}, {"median", s[s.size() / 2]}, {"max", s.back()}, {"trials", s}};
}

// A bench's cases, each timed `trials` times in turn (interleaved, so a
// disturbance of the machine spreads over all of them), each checked to have
// moved a counter once per run so a bench cannot silently time the wrong path.
struct Case {
    std::string name;
    std::string mode;  // "fresh" or "repeat"
    int fd;
    const std::vector<uint8_t>* frame;
    uint32_t action;
    std::vector<int> counters;           // slots that must move once per run
    std::vector<double> samples;         // per trial: mean ns per call
    std::vector<double> median_samples;  // per trial: median call (fresh only)
};

inline Case make_case(const char* name, const char* mode, int fd, const std::vector<uint8_t>& frame,
                      uint32_t action, std::vector<int> counters = {}) {
    return Case{name, mode, fd, &frame, action, std::move(counters), {}, {}};
}

struct RunConfig {
    uint32_t trials;
    uint32_t calls;   // per trial, fresh
    uint32_t repeat;  // per trial, repeat
    int counters_fd;  // the per-CPU counter array the cases' counters are in
};

inline void run_cases(std::vector<Case>& cases, const RunConfig& rc) {
    for (uint32_t t = 0; t < rc.trials; ++t) {
        for (Case& c : cases) {
            std::vector<uint64_t> before;
            for (int slot : c.counters) {
                before.push_back(percpu_sum(rc.counters_fd, uint32_t(slot)));
            }
            const bool fresh = c.mode == "fresh";
            const uint32_t runs = fresh ? rc.calls : rc.repeat;
            if (fresh) {
                const FreshTiming ft = time_fresh(c.fd, *c.frame, runs, c.action);
                c.samples.push_back(ft.mean);
                c.median_samples.push_back(ft.median);
            } else {
                c.samples.push_back(time_repeat(c.fd, *c.frame, runs, c.action));
            }
            for (size_t i = 0; i < c.counters.size(); ++i) {
                if (percpu_sum(rc.counters_fd, uint32_t(c.counters[i])) - before[i] != runs) {
                    die(c.name + " did not take the path it is named after", EINVAL);
                }
            }
        }
    }
}

inline const Case& find_case(const std::vector<Case>& cases, const std::string& name,
                             const std::string& mode) {
    for (const Case& c : cases) {
        if (c.name == name && c.mode == mode) {
            return c;
        }
    }
    throw std::runtime_error("no case " + name + " (" + mode + ")");
}

// a - b over the medians over trials (the targets) and over the minima (the
// least disturbed trial: on a shared machine the cleaner comparison).
inline std::pair<double, double> delta(const std::vector<Case>& cases, const std::string& a,
                                       const std::string& b, const std::string& mode) {
    const Case& x = find_case(cases, a, mode);
    const Case& y = find_case(cases, b, mode);
    const auto lo = [](const std::vector<double>& v) {
        return *std::min_element(v.begin(), v.end());
    };
    return {median(x.samples) - median(y.samples), lo(x.samples) - lo(y.samples)};
}

inline void results_json(nlohmann::json& j, const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        j["results"][c.mode][c.name] = stats(c.samples);
        if (!c.median_samples.empty()) {
            j["results"][c.mode][c.name]["median_call"] = stats(c.median_samples);
        }
    }
}

inline void print_cases(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        const nlohmann::json st = stats(c.samples);
        std::printf("%-7s %-24s min %7.1f  median %7.1f  max %7.1f ns/call\n", c.mode.c_str(),
                    c.name.c_str(), st["min"].get<double>(), st["median"].get<double>(),
                    st["max"].get<double>());
    }
}

struct Args {
    uint32_t trials = 5;
    uint32_t calls = 20000;
    uint32_t repeat = 1'000'000;
    std::string out;
};

// --trials N (at least 3) --calls N --repeat N --out FILE
inline Args parse_args(int argc, char** argv) {
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

// /proc/loadavg's first three fields: how busy the shared machine was.
inline std::string loadavg() {
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    double a = 0, b = 0, c = 0;
    const bool ok = f != nullptr && std::fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3;
    if (f != nullptr) {
        std::fclose(f);
    }
    char text[64] = "unknown";
    if (ok) {
        std::snprintf(text, sizeof text, "%.2f %.2f %.2f", a, b, c);
    }
    return text;
}

// The run's header: which bench, when, on what, with which parameters (the
// caller adds loadavg_at_end).
inline nlohmann::json run_header(const char* bench, const Args& args) {
    utsname u{};
    uname(&u);
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%FT%TZ", std::gmtime(&now));
    nlohmann::json j;
    j["bench"] = bench;
    j["date"] = date;
    j["loadavg_at_start"] = loadavg();
    j["kernel"] = std::string(u.release);
    j["machine"] = std::string(u.machine);
    j["cpus_online"] = sysconf(_SC_NPROCESSORS_ONLN);
    j["trials"] = args.trials;
    j["calls_per_trial"] = args.calls;
    j["repeat_per_trial"] = args.repeat;
    return j;
}

}  // namespace xvrrp::bench
