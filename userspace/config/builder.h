// Internal to the parser: the state shared by the keyword handlers, the
// "draft" records that remember what was written where (so defaults and
// cross-checks can be applied once everything is read), and the helpers
// every handler uses to check its arguments.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"
#include "config/keywords.h"
#include "config/model.h"
#include "config/parser.h"
#include "config/syntax.h"

namespace xvrrp::config::detail {

struct Ctx {
    Diagnostics& diags;
    std::set<std::string, std::less<>> reported;  // keys of once-per-config findings

    // True the first time `key` is seen.
    bool once(std::string_view key) { return reported.emplace(key).second; }
};

// An instance as written, before defaults: each optional is "was it set".
struct InstanceDraft {
    Instance inst;
    bool interface_seen = false;  // written, even if its value was refused
    bool vrid_seen = false;
    std::optional<InitialState> state;
    std::optional<uint8_t> priority;
    SourceRef priority_where;
    std::optional<Version> version;
    SourceRef version_where;
    std::optional<uint64_t> advert_us;
    std::string advert_text;
    SourceRef advert_where;
    std::optional<bool> accept;
    std::optional<bool> strict;
    std::optional<bool> notify_priority_changes;
    std::optional<bool> real_mac;  // xvrrp_real_mac (true) or use_vmac (false)
    SourceRef mac_where;
    std::optional<bool> v3_checksum_as_v2;
    SourceRef v3_checksum_where;
    bool version_migration = false;
    SourceRef migration_where;
    bool nopreempt = false;
    SourceRef nopreempt_where;
    std::optional<uint32_t> preempt_delay_ms;
    SourceRef preempt_delay_where;
    std::optional<std::string> auth_type;  // "PASS" (AH is refused when read)
    SourceRef auth_where;
    std::optional<std::string> auth_pass;
    SourceRef auth_pass_where;
    std::optional<uint32_t> garp_delay_s, garp_repeat, garp_refresh_s, garp_refresh_repeat;
    std::vector<SourceRef> peer_where;  // parallel to inst.unicast_peers
    SourceRef src_where;
    SourceRef unicast_ttl_where;
};

struct Member {
    std::string name;
    SourceRef where;
};

struct SyncGroupDraft {
    SyncGroup group;
    std::vector<Member> members;
    bool has_group_block = false;
};

struct TrackProcessDraft {
    TrackProcess proc;
    bool param_match_seen = false;
    std::optional<uint32_t> quorum_max;
    SourceRef quorum_where;
};

struct ScriptDraft {
    VrrpScript script;
    std::optional<uint32_t> timeout_s;
};

// ---- argument checks: each reports its own error and returns false ----

// `KEYWORD: 'VALUE' <why>`, or, when VALUE holds a `$NAME` (so one never
// defined: defined ones are expanded), that it is an undefined parameter.
std::string bad_value(const std::string& keyword, const std::string& value, const std::string& why);
std::string bad_value(const Statement& st, size_t i, const std::string& why);

// The keyword has between min and max arguments and no `{ }` block.
bool simple(const Statement& st, size_t min, size_t max, Ctx& ctx);
// The keyword has exactly `args` arguments and a `{ }` block.
bool with_block(const Statement& st, size_t args, Ctx& ctx);

std::optional<uint64_t> uint_arg(const Statement& st, size_t i, uint64_t min, uint64_t max,
                                 Ctx& ctx);
std::optional<int64_t> int_arg(const Statement& st, size_t i, int64_t min, int64_t max, Ctx& ctx);
// Decimal seconds to microseconds, 0..max_s.
std::optional<uint64_t> seconds_arg(const Statement& st, size_t i, uint64_t max_s, Ctx& ctx);
// `KW` alone means true; otherwise one of true/false/yes/no/on/off.
std::optional<bool> bool_arg(const Statement& st, Ctx& ctx);

// One host address (unicast_src_ip, a unicast_peer). keepalived also takes
// it written with a prefix length ("192.168.0.91/24", copied from `ip addr`):
// accepted, the length ignored with a notice. `what` names the field in the
// messages.
std::optional<IpAddr> host_address(const std::string& text, const SourceRef& where,
                                   const std::string& what, Ctx& ctx);
// A command and keepalived's optional `[user [group]]`.
std::optional<ScriptCommand> command_arg(const Statement& st, Ctx& ctx);
// `weight N [reverse]` starting at args[i]; reports its own errors,
// prefixed with `what` (e.g. "track_interface eth1"); |N| <= limit.
bool weight_args(const Statement& st, size_t i, const std::string& what,
                 std::optional<int32_t>& weight, bool& reverse, Ctx& ctx, int32_t limit = 253);

// ---- keyword tables ----

template <typename Target>
struct Handler {
    std::string_view name;
    void (*fn)(const Statement&, Target&, Ctx&);
    // How xvrrp's behaviour differs from keepalived 2.2.7's (for
    // `config check --keepalived-diff` and the docs); empty: the same.
    std::string_view differs = {};
};

// A keepalived keyword xvrrp does not act on: reported with `severity`
// ("ignored: why"), or refused when severity is Error ("not supported: why").
struct Unhandled {
    std::string_view name;
    Severity severity;
    std::string_view why;
    bool once = false;  // report only the first occurrence in the configuration
};

void report_unhandled(const Statement& st, const Unhandled& u, Ctx& ctx);
// `block` as shown ("vrrp_instance VI_1", "the top level"); its first word
// names the registry block the did-you-mean suggestion comes from.
void report_unknown(const Statement& st, std::string_view block, Ctx& ctx);

KeywordInfo describe_unhandled(const Unhandled& u);

// A block's tables as the registry (keywords.h) shows them.
template <typename Target>
KeywordBlock describe(std::string_view block, std::span<const Handler<Target>> handlers,
                      std::span<const Unhandled> unhandled) {
    KeywordBlock b{block, {}};
    for (const auto& h : handlers) {
        b.keywords.push_back(KeywordInfo{h.name, KeywordStatus::Supported, {}, h.differs});
    }
    for (const auto& u : unhandled) {
        b.keywords.push_back(describe_unhandled(u));
    }
    return b;
}

// Each block's tables, from the file that reads the block.
KeywordBlock top_level_keywords();
KeywordBlock global_defs_keywords();
KeywordBlock instance_keywords();
KeywordBlock authentication_keywords();
KeywordBlock script_keywords();
KeywordBlock sync_group_keywords();
KeywordBlock track_file_keywords();
KeywordBlock track_process_keywords();

// Runs the handler for `st`, or reports it as unhandled or unknown.
template <typename Target>
void dispatch(const Statement& st, Target& target, std::span<const Handler<Target>> handlers,
              std::span<const Unhandled> unhandled, std::string_view block, Ctx& ctx) {
    for (const auto& h : handlers) {
        if (h.name == st.keyword) {
            h.fn(st, target, ctx);
            return;
        }
    }
    for (const auto& u : unhandled) {
        if (u.name == st.keyword) {
            report_unhandled(st, u, ctx);
            return;
        }
    }
    report_unknown(st, block, ctx);
}

// ---- the blocks ----

void build_global(const Statement& st, GlobalDefs& g, Ctx& ctx);
void build_instance(const Statement& st, InstanceDraft& d, Ctx& ctx);
void build_script(const Statement& st, ScriptDraft& d, Ctx& ctx);
void build_sync_group(const Statement& st, SyncGroupDraft& d, Ctx& ctx);
void build_track_file(const Statement& st, TrackFile& f, Ctx& ctx);
void build_track_process(const Statement& st, TrackProcessDraft& d, Ctx& ctx);
// `track_file { NAME [weight N [reverse|noreverse]] ... }` and track_process,
// in a vrrp_instance or a vrrp_sync_group.
void read_tracked_names(const Statement& st, std::vector<TrackedScript>& out, Ctx& ctx);

// Value blocks inside vrrp_instance.
void read_addresses(const Statement& st, std::vector<VirtualAddress>& out, Ctx& ctx);
void read_unicast_peers(const Statement& st, InstanceDraft& d, Ctx& ctx);
void read_track_interfaces(const Statement& st, InstanceDraft& d, Ctx& ctx);
void read_track_scripts(const Statement& st, InstanceDraft& d, Ctx& ctx);
void read_authentication(const Statement& st, InstanceDraft& d, Ctx& ctx);

// Route and rule blocks (virtual_* in an instance, static_* at the top):
// each line as `ip route add` / `ip rule add` takes it; what xvrrp cannot
// install is an error naming the line.
void read_routes(const Statement& st, std::vector<Route>& out, Ctx& ctx);
void read_rules(const Statement& st, std::vector<Rule>& out, Ctx& ctx);

// Applies defaults (from keepalived and global_defs) and the per-instance
// rules; the result is what the daemon runs.
Instance complete_instance(InstanceDraft& d, const GlobalDefs& g, Ctx& ctx);

struct Drafts {
    std::vector<ScriptDraft> scripts;
    std::vector<TrackFile> track_files;
    std::vector<TrackProcessDraft> track_processes;
    std::vector<SyncGroupDraft> groups;
    std::vector<InstanceDraft> instances;
};

// Completes every draft into `cfg` and checks what spans blocks: names,
// duplicate VRIDs, sync group membership.
void finish(Drafts& drafts, Config& cfg, Ctx& ctx);

// Everything after reading: top-level blocks, defaults, cross-checks. Takes
// the findings made so far (syntax) and returns them with its own.
ParseResult build_config(const std::vector<Statement>& statements, Diagnostics& diags);

}  // namespace xvrrp::config::detail
