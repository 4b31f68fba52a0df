// The top level of a configuration: which block each statement opens.
#include "config/parser.h"

#include <algorithm>
#include <array>

#include "config/builder.h"
#include "config/syntax.h"

namespace xvrrp::config {

namespace detail {

namespace {

constexpr std::string_view kLvs = "not handled by xvrrp (LVS health checking)";

struct TopLevel {
    Config& cfg;
    Drafts& drafts;
};

// `vrrp_instance NAME {`: one name, a block, not seen before.
template <typename Draft, typename NameOf>
Draft* open_named(const Statement& st, std::vector<Draft>& list, NameOf name_of, Ctx& ctx) {
    if (!with_block(st, 1, ctx)) {
        return nullptr;
    }
    for (auto& d : list) {
        if (name_of(d).name == st.args[0]) {
            ctx.diags.error(st.where, st.keyword + " " + st.args[0] + " is already defined at " +
                                          to_string(name_of(d).where));
            return nullptr;
        }
    }
    Draft& d = list.emplace_back();
    name_of(d).name = st.args[0];
    name_of(d).where = st.where;
    return &d;
}

void global_defs(const Statement& st, TopLevel& t, Ctx& ctx) {
    build_global(st, t.cfg.global, ctx);
}

void vrrp_instance(const Statement& st, TopLevel& t, Ctx& ctx) {
    auto name_of = [](InstanceDraft& d) -> Instance& { return d.inst; };
    if (auto* d = open_named(st, t.drafts.instances, name_of, ctx)) {
        build_instance(st, *d, ctx);
    }
}

void vrrp_script(const Statement& st, TopLevel& t, Ctx& ctx) {
    auto name_of = [](ScriptDraft& d) -> VrrpScript& { return d.script; };
    if (auto* d = open_named(st, t.drafts.scripts, name_of, ctx)) {
        build_script(st, *d, ctx);
    }
}

void vrrp_sync_group(const Statement& st, TopLevel& t, Ctx& ctx) {
    auto name_of = [](SyncGroupDraft& d) -> SyncGroup& { return d.group; };
    if (auto* d = open_named(st, t.drafts.groups, name_of, ctx)) {
        build_sync_group(st, *d, ctx);
    }
}

// `track_file NAME {` (keepalived also reads the older vrrp_track_file).
void track_file(const Statement& st, TopLevel& t, Ctx& ctx) {
    auto name_of = [](TrackFile& f) -> TrackFile& { return f; };
    if (auto* f = open_named(st, t.drafts.track_files, name_of, ctx)) {
        build_track_file(st, *f, ctx);
    }
}

void vrrp_track_process(const Statement& st, TopLevel& t, Ctx& ctx) {
    auto name_of = [](TrackProcessDraft& d) -> TrackProcess& { return d.proc; };
    if (auto* d = open_named(st, t.drafts.track_processes, name_of, ctx)) {
        build_track_process(st, *d, ctx);
    }
}

// keepalived puts a static address without `dev` on default_interface
// (eth0 unless set); xvrrp asks for the device rather than guess it.
void static_ipaddress(const Statement& st, TopLevel& t, Ctx& ctx) {
    auto& out = t.cfg.static_addresses;
    const size_t before = out.size();
    read_addresses(st, out, ctx);
    for (size_t i = before; i < out.size(); ++i) {
        if (out[i].dev.empty()) {
            ctx.diags.error(out[i].where, "static_ipaddress " + out[i].addr.to_string() +
                                              ": needs `dev IF` (xvrrp does not guess "
                                              "keepalived's default_interface)");
        }
    }
}

void static_routes(const Statement& st, TopLevel& t, Ctx& ctx) {
    read_routes(st, t.cfg.static_routes, ctx);
}

void static_rules(const Statement& st, TopLevel& t, Ctx& ctx) {
    read_rules(st, t.cfg.static_rules, ctx);
}

constexpr std::array kTopHandlers{
    Handler<TopLevel>{"global_defs", global_defs},
    Handler<TopLevel>{"vrrp_instance", vrrp_instance},
    Handler<TopLevel>{"vrrp_script", vrrp_script},
    Handler<TopLevel>{"vrrp_sync_group", vrrp_sync_group},
    Handler<TopLevel>{"track_file", track_file},
    Handler<TopLevel>{"vrrp_track_file", track_file},
    Handler<TopLevel>{"vrrp_track_process", vrrp_track_process},
    Handler<TopLevel>{"static_ipaddress", static_ipaddress},
    Handler<TopLevel>{"static_routes", static_routes},
    Handler<TopLevel>{"static_rules", static_rules},
};

constexpr std::string_view kNoStaticTrack =
    "xvrrp does not put instances in FAULT when a static address, route or rule goes away";

// LVS blocks: their real_server / checker blocks were only brace-matched,
// so one notice per block says the whole of it is not ours.
constexpr std::array kTopUnhandled{
    Unhandled{"virtual_server", Severity::Notice, kLvs},
    Unhandled{"virtual_server_group", Severity::Notice, kLvs},
    Unhandled{"SSL", Severity::Notice, kLvs},
    Unhandled{"net_namespace_ipvs", Severity::Notice, kLvs},
    Unhandled{"track_process", Severity::Error, "the block is called vrrp_track_process"},
    Unhandled{"bfd_instance", Severity::Error, "xvrrp has no BFD"},
    Unhandled{"garp_group", Severity::Warning,
              "ignored: set vrrp_garp_interval / vrrp_gna_interval in global_defs"},
    Unhandled{"linkbeat_interfaces", Severity::Warning,
              "ignored: link state comes from netlink events"},
    Unhandled{"linkbeat_use_polling", Severity::Warning,
              "ignored: link state comes from netlink events"},
    Unhandled{"net_namespace", Severity::Error,
              "run xvrrp inside the namespace instead (ip netns exec NAME xvrrp ...)"},
    Unhandled{"instance", Severity::Warning,
              "ignored: xvrrp keeps its pid file and control socket in --run-dir; give a second "
              "xvrrp its own --run-dir"},
    Unhandled{"use_pid_dir", Severity::Notice,
              "not used by xvrrp: its pid file is in --run-dir (default /run/xvrrp)"},
    Unhandled{"namespace_with_ipsets", Severity::Notice, "not used by xvrrp: it uses no ipsets"},
    Unhandled{"child_wait_time", Severity::Notice,
              "not used by xvrrp: it is one process, with no child daemons to wait for"},
    Unhandled{"track_group", Severity::Error, kNoStaticTrack},
    Unhandled{"interface_up_down_delays", Severity::Error,
              "xvrrp acts on a link change at once (no debouncing), so a bouncing link would "
              "fail over where keepalived waits; remove the block to accept that"},
};

}  // namespace

KeywordBlock top_level_keywords() {
    KeywordBlock b = describe<TopLevel>(kTopLevel, kTopHandlers, kTopUnhandled);
    for (const auto& inc : kIncludeKeywords) {
        b.keywords.push_back(KeywordInfo{inc.name, KeywordStatus::Supported, {}, inc.differs});
    }
    return b;
}

ParseResult build_config(const std::vector<Statement>& statements, Diagnostics& diags) {
    ParseResult r;
    Ctx ctx{diags, {}};
    Drafts drafts;
    TopLevel top{r.config, drafts};
    for (const auto& st : statements) {
        dispatch<TopLevel>(st, top, kTopHandlers, kTopUnhandled, "the top level", ctx);
    }
    finish(drafts, r.config, ctx);
    r.diagnostics = diags.take();
    sort_findings(r.diagnostics);
    return r;
}

}  // namespace detail

bool ParseResult::ok() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

ParseResult parse_file(const std::string& path, SourceLoader& loader,
                       const PreprocessOptions& opts) {
    Diagnostics diags;
    auto statements = read_config(path, loader, diags, opts);
    return detail::build_config(statements, diags);
}

ParseResult parse_text(std::string_view text, const std::string& name, SourceLoader& loader,
                       const PreprocessOptions& opts) {
    Diagnostics diags;
    auto statements = read_config_text(text, name, loader, diags, opts);
    return detail::build_config(statements, diags);
}

}  // namespace xvrrp::config
