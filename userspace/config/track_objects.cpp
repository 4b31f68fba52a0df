// track_file NAME { ... } (vrrp_track_file), vrrp_track_process NAME { ... },
// and the `track_file { }` / `track_process { }` lists that name them.
#include <array>

#include "config/builder.h"
#include "config/line_block.h"
#include "config/values.h"

namespace xvrrp::config::detail {

namespace {

using F = Handler<TrackFile>;
using P = Handler<TrackProcessDraft>;

// keepalived's range for a track_file weight; the product with the file's
// value is what is bounded (-253..253, else FAULT).
constexpr int64_t kFileWeightMax = 2147483647;
constexpr int32_t kProcessWeightMax = 254;

void file_path(const Statement& st, TrackFile& f, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    if (st.args[0].empty() || st.args[0][0] != '/') {
        ctx.diags.error(st.where, bad_value(st, 0, "is not an absolute path"));
        return;
    }
    f.path = st.args[0];
}

// `weight N [reverse]`, N within ±max.
bool weight_reverse(const Statement& st, int64_t max, int32_t& weight, bool& reverse, Ctx& ctx) {
    if (!simple(st, 1, 2, ctx)) {
        return false;
    }
    auto w = int_arg(st, 0, -max, max, ctx);
    if (!w) {
        return false;
    }
    if (st.args.size() == 2 && st.args[1] != "reverse") {
        ctx.diags.error(st.where, "weight: unexpected '" + st.args[1] + "' (expected 'reverse')");
        return false;
    }
    weight = static_cast<int32_t>(*w);
    reverse = st.args.size() == 2;
    return true;
}

void file_weight(const Statement& st, TrackFile& f, Ctx& ctx) {
    weight_reverse(st, kFileWeightMax, f.weight, f.weight_reverse, ctx);
}

// `init_file [VALUE] [overwrite]`
void init_file(const Statement& st, TrackFile& f, Ctx& ctx) {
    if (!simple(st, 0, 2, ctx)) {
        return;
    }
    size_t i = 0;
    int64_t value = 0;
    if (i < st.args.size() && st.args[i] != "overwrite") {
        auto v = int_arg(st, i, -kFileWeightMax - 1, kFileWeightMax, ctx);
        if (!v) {
            return;
        }
        value = *v;
        ++i;
    }
    bool overwrite = false;
    if (i < st.args.size() && st.args[i] == "overwrite") {
        overwrite = true;
        ++i;
    }
    if (i < st.args.size()) {
        ctx.diags.error(st.where, "init_file: unexpected '" + st.args[i] + "' (expected " +
                                      "'init_file [VALUE] [overwrite]')");
        return;
    }
    f.init = true;
    f.init_value = value;
    f.init_overwrite = overwrite;
}

constexpr std::array kFileHandlers{
    F{"file", file_path},
    F{"weight", file_weight},
    F{"init_file", init_file},
};

// The kernel keeps 15 bytes of a process name (TASK_COMM_LEN - 1).
constexpr size_t kCommMax = 15;

void process(const Statement& st, TrackProcessDraft& d, Ctx& ctx) {
    if (!simple(st, 1, SIZE_MAX, ctx)) {
        return;
    }
    if (st.args[0].empty()) {
        ctx.diags.error(st.where, "process: the name is empty");
        return;
    }
    d.proc.process = st.args[0];
    d.proc.params.assign(st.args.begin() + 1, st.args.end());
}

void param_match(const Statement& st, TrackProcessDraft& d, Ctx& ctx) {
    if (!simple(st, 0, 1, ctx)) {
        return;
    }
    d.param_match_seen = true;
    const std::string how = st.args.empty() ? std::string{} : st.args[0];
    if (how.empty()) {
        d.proc.match = ParamMatch::Exact;
    } else if (how == "partial") {
        d.proc.match = ParamMatch::Partial;
    } else if (how == "initial") {
        d.proc.match = ParamMatch::Initial;
    } else {
        ctx.diags.error(st.where, bad_value(st, 0, "is not 'partial' or 'initial'"));
    }
}

void process_weight(const Statement& st, TrackProcessDraft& d, Ctx& ctx) {
    weight_reverse(st, kProcessWeightMax, d.proc.weight, d.proc.weight_reverse, ctx);
}

void quorum(const Statement& st, TrackProcessDraft& d, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, 1, 65535, ctx)) {
            d.proc.quorum = static_cast<uint32_t>(*v);
            d.quorum_where = st.where;
        }
    }
}

void quorum_max(const Statement& st, TrackProcessDraft& d, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, 0, 65535, ctx)) {
            d.quorum_max = static_cast<uint32_t>(*v);
            d.quorum_where = st.where;
        }
    }
}

template <uint64_t TrackProcess::*First, uint64_t TrackProcess::*Second>
void delay(const Statement& st, TrackProcessDraft& d, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto us = seconds_arg(st, 0, 3600, ctx)) {
            d.proc.*First = *us;
            d.proc.*Second = *us;
        }
    }
}

void full_command(const Statement& st, TrackProcessDraft& d, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        d.proc.full_command = true;
    }
}

using TP = TrackProcess;
constexpr std::array kProcessHandlers{
    P{"process", process},
    P{"param_match", param_match},
    P{"weight", process_weight},
    P{"quorum", quorum},
    P{"quorum_max", quorum_max},
    P{"fork_delay", delay<&TP::fork_delay_us, &TP::fork_delay_us>},
    P{"terminate_delay", delay<&TP::terminate_delay_us, &TP::terminate_delay_us>},
    P{"delay", delay<&TP::fork_delay_us, &TP::terminate_delay_us>},
    P{"full_command", full_command},
};

// Rules that need the whole block.
void complete_process(TrackProcessDraft& d, Ctx& ctx) {
    TrackProcess& p = d.proc;
    if (p.process.empty()) {
        ctx.diags.error(p.where, "vrrp_track_process " + p.name + ": missing 'process'");
        return;
    }
    if (!d.param_match_seen && !p.params.empty()) {
        p.match = ParamMatch::Exact;
    }
    if (d.quorum_max) {
        if (*d.quorum_max < p.quorum && *d.quorum_max != 0) {
            ctx.diags.error(d.quorum_where, "vrrp_track_process " + p.name + ": quorum_max " +
                                                std::to_string(*d.quorum_max) +
                                                " is below quorum " + std::to_string(p.quorum));
        }
        p.quorum_max = *d.quorum_max;
        if (p.quorum_max == 0) {
            p.quorum = 0;  // keepalived: up while none runs
        }
    }
    if (!p.uses_cmdline() && p.process.size() > kCommMax) {
        ctx.diags.warning(p.where, "vrrp_track_process " + p.name + ": process '" + p.process +
                                       "' is longer than the " + std::to_string(kCommMax) +
                                       " characters the kernel keeps of a process name; only "
                                       "its first " +
                                       std::to_string(kCommMax) +
                                       " are compared (use full_command to match the command)");
    }
}

}  // namespace

KeywordBlock track_file_keywords() {
    return describe<TrackFile>("track_file", kFileHandlers, {});
}

KeywordBlock track_process_keywords() {
    return describe<TrackProcessDraft>("vrrp_track_process", kProcessHandlers, {});
}

void build_track_file(const Statement& st, TrackFile& f, Ctx& ctx) {
    const std::string block = st.keyword + " " + f.name;
    for (const auto& child : st.children) {
        dispatch<TrackFile>(child, f, kFileHandlers, {}, block, ctx);
    }
    if (f.path.empty()) {
        ctx.diags.error(f.where, block + ": missing 'file'");
    }
}

void build_track_process(const Statement& st, TrackProcessDraft& d, Ctx& ctx) {
    const std::string block = "vrrp_track_process " + d.proc.name;
    for (const auto& child : st.children) {
        dispatch<TrackProcessDraft>(child, d, kProcessHandlers, {}, block, ctx);
    }
    complete_process(d, ctx);
}

void read_tracked_names(const Statement& st, std::vector<TrackedScript>& out, Ctx& ctx) {
    for_each_line(st, ctx, [&](const Statement& e) {
        TrackedScript t{e.keyword, std::nullopt, false, e.where};
        if (weight_args(e, 0, st.keyword + " " + e.keyword, t.weight, t.weight_reverse, ctx,
                        kProcessWeightMax)) {
            out.push_back(std::move(t));
        }
    });
}

}  // namespace xvrrp::config::detail
