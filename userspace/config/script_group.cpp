// vrrp_script NAME { ... } and vrrp_sync_group NAME { ... }
#include <array>

#include "config/builder.h"

namespace xvrrp::config::detail {

namespace {

using S = Handler<ScriptDraft>;
using G = Handler<SyncGroupDraft>;

void script(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    if (st.args[0].empty()) {
        ctx.diags.error(st.where, "script: the command is empty");
        return;
    }
    d.script.script.command = st.args[0];
    d.script.script.where = st.where;
}

void set_u32(const Statement& st, uint32_t& out, uint64_t min, uint64_t max, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, min, max, ctx)) {
            out = static_cast<uint32_t>(*v);
        }
    }
}

void interval(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    set_u32(st, d.script.interval_s, 1, 86400, ctx);
}

void timeout(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    uint32_t t = 0;
    set_u32(st, t, 1, 86400, ctx);
    if (t != 0) {
        d.timeout_s = t;
    }
}

// `weight N [reverse]`
void weight(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    if (!simple(st, 1, 2, ctx)) {
        return;
    }
    auto w = int_arg(st, 0, -253, 253, ctx);
    if (!w) {
        return;
    }
    if (st.args.size() == 2 && st.args[1] != "reverse") {
        ctx.diags.error(st.where, "weight: unexpected '" + st.args[1] + "' (expected 'reverse')");
        return;
    }
    d.script.weight = static_cast<int32_t>(*w);
    d.script.weight_reverse = st.args.size() == 2;
}

void rise(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    set_u32(st, d.script.rise, 1, 1000, ctx);
}

void fall(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    set_u32(st, d.script.fall, 1, 1000, ctx);
}

void user(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    if (simple(st, 1, 2, ctx)) {
        d.script.script.user = st.args[0];
        d.script.script.group = st.args.size() > 1 ? st.args[1] : std::string{};
    }
}

void init_fail(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        d.script.init_fail = true;
    }
}

constexpr std::array kScriptHandlers{
    S{"script", script,
      "one word or one quoted string: unquoted words after the command are an error"},
    S{"interval", interval},
    S{"timeout", timeout},
    S{"weight", weight},
    S{"rise", rise},
    S{"fall", fall},
    S{"user", user},
    S{"init_fail", init_fail},
};

// Names may be written several to a line; every word is one instance.
void group(const Statement& st, SyncGroupDraft& d, Ctx& ctx) {
    if (!with_block(st, 0, ctx)) {
        return;
    }
    d.has_group_block = true;
    for (const auto& e : st.children) {
        if (e.has_block) {
            ctx.diags.error(e.block_where, "group: unexpected { } block after '" + e.keyword + "'");
            continue;
        }
        d.members.push_back(Member{e.keyword, e.where});
        for (const auto& a : e.args) {
            d.members.push_back(Member{a, e.where});
        }
    }
}

template <ScriptCommand NotifyScripts::*Field>
void notify(const Statement& st, SyncGroupDraft& d, Ctx& ctx) {
    if (auto c = command_arg(st, ctx)) {
        d.group.notify.*Field = std::move(*c);
    }
}

void group_track_files(const Statement& st, SyncGroupDraft& d, Ctx& ctx) {
    read_tracked_names(st, d.group.track_files, ctx);
}

void group_track_processes(const Statement& st, SyncGroupDraft& d, Ctx& ctx) {
    read_tracked_names(st, d.group.track_processes, ctx);
}

constexpr std::array kGroupHandlers{
    G{"group", group},
    G{"track_file", group_track_files},
    G{"track_process", group_track_processes},
    G{"notify_master", notify<&NotifyScripts::master>},
    G{"notify_backup", notify<&NotifyScripts::backup>},
    G{"notify_fault", notify<&NotifyScripts::fault>},
    G{"notify_stop", notify<&NotifyScripts::stop>},
    G{"notify", notify<&NotifyScripts::any>},
};

constexpr std::string_view kPerInstance = "put it in each vrrp_instance of the group";
// keepalived's switch to keep members' tracking weights (global_tracking is
// its old name); xvrrp always zeroes them (userspace/track/plan.cpp).
constexpr std::string_view kMembersWeightless =
    "ignored: the tracking weights of sync group members are always 0, so a failing tracked "
    "script or interface puts the group in FAULT";

constexpr std::array kGroupUnhandled{
    Unhandled{"smtp_alert", Severity::Notice, "not used by xvrrp (no mail support)", true},
    Unhandled{"global_tracking", Severity::Warning, kMembersWeightless},
    Unhandled{"sync_group_tracking_weight", Severity::Warning, kMembersWeightless},
    Unhandled{"track_interface", Severity::Error, kPerInstance},
    Unhandled{"track_script", Severity::Error, kPerInstance},
    Unhandled{"track_bfd", Severity::Error, "xvrrp has no BFD"},
    Unhandled{"notify_deleted", Severity::Warning, "ignored: no script runs on deletion"},
    Unhandled{"notify_priority_changes", Severity::Warning,
              "ignored: the notify FIFO gets state changes only"},
};

}  // namespace

KeywordBlock script_keywords() {
    return describe<ScriptDraft>("vrrp_script", kScriptHandlers, {});
}

KeywordBlock sync_group_keywords() {
    return describe<SyncGroupDraft>("vrrp_sync_group", kGroupHandlers, kGroupUnhandled);
}

void build_script(const Statement& st, ScriptDraft& d, Ctx& ctx) {
    const std::string block = "vrrp_script " + d.script.name;
    for (const auto& child : st.children) {
        dispatch<ScriptDraft>(child, d, kScriptHandlers, {}, block, ctx);
    }
}

void build_sync_group(const Statement& st, SyncGroupDraft& d, Ctx& ctx) {
    const std::string block = "vrrp_sync_group " + d.group.name;
    for (const auto& child : st.children) {
        dispatch<SyncGroupDraft>(child, d, kGroupHandlers, kGroupUnhandled, block, ctx);
    }
}

}  // namespace xvrrp::config::detail
