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

constexpr std::array kTopUnhandled{
    Unhandled{"SSL", Severity::Notice, kLvs},
    Unhandled{"static_ipaddress", Severity::Error,
              "xvrrp manages virtual addresses only; add static ones with ip(8) or your network "
              "configuration"},
    Unhandled{"static_routes", Severity::Error,
              "xvrrp installs no routes; add them with your network configuration"},
    Unhandled{"static_rules", Severity::Error,
              "xvrrp installs no rules; add them with your network configuration"},
    Unhandled{"track_process", Severity::Error, "the block is called vrrp_track_process"},
    Unhandled{"bfd_instance", Severity::Error, "xvrrp has no BFD"},
    Unhandled{"garp_group", Severity::Warning,
              "ignored: set vrrp_garp_interval / vrrp_gna_interval in global_defs"},
    Unhandled{"linkbeat_interfaces", Severity::Warning,
              "ignored: link state comes from netlink events"},
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

void top_level(const Statement& st, Config& cfg, Drafts& drafts, Ctx& ctx) {
    const std::string& k = st.keyword;
    if (k == "global_defs") {
        build_global(st, cfg.global, ctx);
    } else if (k == "vrrp_instance") {
        auto name_of = [](InstanceDraft& d) -> Instance& { return d.inst; };
        if (auto* d = open_named(st, drafts.instances, name_of, ctx)) {
            build_instance(st, *d, ctx);
        }
    } else if (k == "vrrp_script") {
        auto name_of = [](ScriptDraft& d) -> VrrpScript& { return d.script; };
        if (auto* d = open_named(st, drafts.scripts, name_of, ctx)) {
            build_script(st, *d, ctx);
        }
    } else if (k == "track_file" || k == "vrrp_track_file") {
        auto name_of = [](TrackFile& f) -> TrackFile& { return f; };
        if (auto* f = open_named(st, drafts.track_files, name_of, ctx)) {
            build_track_file(st, *f, ctx);
        }
    } else if (k == "vrrp_track_process") {
        auto name_of = [](TrackProcessDraft& d) -> TrackProcess& { return d.proc; };
        if (auto* d = open_named(st, drafts.track_processes, name_of, ctx)) {
            build_track_process(st, *d, ctx);
        }
    } else if (k == "vrrp_sync_group") {
        auto name_of = [](SyncGroupDraft& d) -> SyncGroup& { return d.group; };
        if (auto* d = open_named(st, drafts.groups, name_of, ctx)) {
            build_sync_group(st, *d, ctx);
        }
    } else if (k == "virtual_server" || k == "virtual_server_group") {
        // Its real_server / checker blocks were only brace-matched: one
        // notice per block says the whole of it is not ours.
        ctx.diags.notice(st.where, k + ": " + std::string(kLvs));
    } else {
        auto u = std::find_if(kTopUnhandled.begin(), kTopUnhandled.end(),
                              [&](const Unhandled& x) { return x.name == k; });
        if (u != kTopUnhandled.end()) {
            report_unhandled(st, *u, ctx);
        } else {
            report_unknown(st, "the top level", ctx);
        }
    }
}

}  // namespace

ParseResult build_config(const std::vector<Statement>& statements, Diagnostics& diags) {
    ParseResult r;
    Ctx ctx{diags, {}};
    Drafts drafts;
    for (const auto& st : statements) {
        top_level(st, r.config, drafts, ctx);
    }
    finish(drafts, r.config, ctx);
    r.diagnostics = diags.take();
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
