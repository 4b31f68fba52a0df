#include "runner.h"

#include <linux/bpf.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace xvrrp::xdpfuzz {

namespace {

std::string hex(std::span<const uint8_t> b) {
    std::string out;
    char buf[4];
    for (size_t i = 0; i < b.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%02x", b[i]);
        out += buf;
        out += (i % 16 == 15 || i + 1 == b.size()) ? "\n" : " ";
    }
    return out;
}

std::string action_name(uint32_t a) {
    switch (a) {
        case XDP_ABORTED:
            return "XDP_ABORTED";
        case XDP_DROP:
            return "XDP_DROP";
        case XDP_PASS:
            return "XDP_PASS";
        case XDP_TX:
            return "XDP_TX";
        case XDP_REDIRECT:
            return "XDP_REDIRECT";
        default:
            return "action " + std::to_string(a);
    }
}

std::string event_text(const xvrrp_event& e) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "{type %u vrid %u family %u state %u version %u priority %u count %u csum %u "
                  "why 0x%02x interval %u vip_matches %u timer_ns %llu}",
                  e.type, e.vrid, e.family, e.state, e.version, e.priority, e.count, e.csum_form,
                  e.why, e.interval, e.vip_matches, (unsigned long long)e.timer_ns);
    return buf;
}

// The master-down sweep runs on its own clock: a deadline an earlier frame
// armed may be reported during this run. Those events, and the counters
// they move, are not this frame's.
size_t take_timer_events(std::vector<xvrrp_event>& events) {
    const auto timer = [](const xvrrp_event& e) { return e.type == XVRRP_EV_MASTER_DOWN; };
    const size_t n = size_t(std::count_if(events.begin(), events.end(), timer));
    events.erase(std::remove_if(events.begin(), events.end(), timer), events.end());
    return n;
}

std::string check_events(const Expected& want, std::vector<xvrrp_event> got) {
    if (want.discarded && !got.empty()) {
        return "ring-buffer event for a frame a discard rule rejects (" + want.path +
               "): " + event_text(got[0]);
    }
    if (got.size() != want.events.size()) {
        return std::to_string(got.size()) + " events, model expects " +
               std::to_string(want.events.size()) + (got.empty() ? "" : ": " + event_text(got[0]));
    }
    for (size_t i = 0; i < got.size(); ++i) {
        got[i].timestamp_ns = 0;
        if (std::memcmp(&got[i], &want.events[i], sizeof got[i]) != 0) {
            return "event " + event_text(got[i]) + ", model expects " + event_text(want.events[i]);
        }
    }
    return "";
}

std::string check_counters(const Expected& want, const bpftest::Counters& before,
                           const bpftest::Counters& after, size_t timer_events) {
    const uint64_t master_down = after[XVRRP_CNT_MASTER_DOWN] - before[XVRRP_CNT_MASTER_DOWN];
    const uint64_t timer_slack = std::max<uint64_t>(master_down, timer_events);
    std::string out;
    for (uint32_t i = 0; i < XVRRP_CNT_MAX; ++i) {
        if (i == XVRRP_CNT_MDT_SWEEP || i == XVRRP_CNT_MASTER_DOWN) {
            continue;  // the sweep timer's, not the frame's
        }
        const auto it = want.deltas.find(i);
        const uint64_t expected = it == want.deltas.end() ? 0 : it->second;
        const uint64_t got = after[i] - before[i];
        const uint64_t slack = i == XVRRP_CNT_EVENT ? timer_slack : 0;
        if (got > 1 + slack) {
            out += "counter " + std::to_string(i) + " moved by " + std::to_string(got) +
                   " for one frame; ";
        } else if (got < expected || got > expected + slack) {
            out += "counter " + std::to_string(i) + " moved by " + std::to_string(got) +
                   ", model expects " + std::to_string(expected) + "; ";
        }
    }
    return out;
}

std::string check(const RunReport& r, const bpftest::Counters& before,
                  const bpftest::Counters& after, std::vector<xvrrp_event> events) {
    const Expected& want = r.expected;
    if (r.got.action == XDP_TX && want.action != XDP_TX) {
        return "XDP_TX for a frame that is not a well-formed request for an owned VIP while "
               "MASTER with a lease (model: " +
               want.path + ")";
    }
    if (r.got.action != want.action) {
        return action_name(r.got.action) + ", model expects " + action_name(want.action) + " (" +
               want.path + ")";
    }
    if (r.got.out != want.out) {
        return std::string(want.action == XDP_TX ? "the reply is not the correct reply"
                                                 : "the frame was changed wrongly") +
               " (" + want.path + "): " + bpftest::frame_diff(r.got.out, want.out) + "\nwant:\n" +
               hex(want.out) + "got:\n" + hex(r.got.out);
    }
    const size_t timer_events = take_timer_events(events);
    if (std::string e = check_events(want, std::move(events)); !e.empty()) {
        return e;
    }
    if (std::string c = check_counters(want, before, after, timer_events); !c.empty()) {
        return c + "(" + want.path + ")";
    }
    return "";
}

}  // namespace

Runner::Runner() {
    install_static(h_);
}

RunReport Runner::run(std::span<const uint8_t> data) {
    RunReport rep;
    rep.input = decode_input(data);
    const Spec& s = rep.input.spec;
    const World w = make_world(s.world[0], s.world[1], bpftest::monotonic_ns());
    install(h_, w);
    h_.events();
    const bpftest::Counters before = h_.counters();
    rep.got = h_.run(rep.input.frame);
    const bpftest::Counters after = h_.counters();
    std::vector<xvrrp_event> events = h_.events();
    rep.expected = predict(w, rep.input.frame);
    for (uint32_t i = 0; i < XVRRP_CNT_MAX; ++i) {
        if (after[i] != before[i] && i != XVRRP_CNT_MDT_SWEEP) {
            rep.moved.push_back(i);
        }
    }
    rep.failure = check(rep, before, after, std::move(events));
    return rep;
}

std::string describe(const RunReport& r) {
    return "XDP invariant broken: " + r.failure + "\nmodel: " + r.expected.path + "\nframe (" +
           std::to_string(r.input.frame.size()) + " bytes):\n" + hex(r.input.frame) +
           "world: " + std::to_string(r.input.spec.world[0]) + " " +
           std::to_string(r.input.spec.world[1]) + "\n";
}

}  // namespace xvrrp::xdpfuzz
