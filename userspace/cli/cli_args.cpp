#include "cli/cli_args.h"

#include <CLI/CLI.hpp>

#include <ostream>
#include <variant>

#include "cli/version.h"
#include "config/listen_address.h"
#include "config/values.h"

namespace xvrrp::cli {

namespace {

// Longest advert interval either version can carry: v2 255 s.
constexpr uint64_t kMaxAdvertIntUs = 255'000'000;

std::string check_duration(const std::string& text) {
    if (config::parse_duration_us(text, kMaxAdvertIntUs)) {
        return {};
    }
    return "'" + text + "' is not a duration: use 10ms, 100cs, 1s or seconds (0.5)";
}

std::string check_listen(const std::string& text) {
    auto parsed = config::parse_listen_address(text);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        return "'" + text + "': " + *why;
    }
    return {};
}

void add_pin_root(CLI::App* cmd, Args& a) {
    cmd->add_option("--pin-root", a.pin_root,
                    "bpffs folder holding one pin folder per interface (maps, state)")
        ->capture_default_str();
}

void add_run_dir(CLI::App* cmd, Args& a) {
    cmd->add_option("--run-dir", a.run_dir,
                    "folder of the controller's pid file and control socket (xvrrp.sock)")
        ->capture_default_str();
}

void add_config_id(CLI::App* cmd, Args& a) {
    cmd->add_option("-i,--config-id", a.config_id,
                    "config-id that '@ID' lines of the file are compared with and ${_INSTANCE} "
                    "(default: the first label of the node name, as keepalived's -i)");
}

void add_attach(CLI::App& app, Args& a) {
    auto* cmd = app.add_subcommand(
        "attach",
        "Run the controller in the foreground: attach the XDP program to the named "
        "interfaces (none named: every interface the file's instances name) and run the "
        "configuration's vrrp_instances on them");
    auto& q = a.attach.quick;
    cmd->add_option("IFACE", a.attach.interfaces,
                    "interfaces to run VRRP on (e.g. bond1); none: every interface of the file's "
                    "vrrp_instances (quick start needs one)");
    cmd->add_option("-f,--file", a.attach.file,
                    "keepalived-syntax configuration; with interfaces named, only the instances "
                    "on them run")
        ->capture_default_str();
    add_config_id(cmd, a);
    cmd->add_option("--vrid", q.vrid, "quick start without a file: virtual router id (1-255)")
        ->check(CLI::Range(1, 255));
    cmd->add_option("--vip", q.vips, "quick start: virtual address ADDR[/LEN] (repeatable)");
    cmd->add_option("--priority", q.priority, "quick start: priority 1-255 (255 = address owner)")
        ->check(CLI::Range(1, 255))
        ->capture_default_str();
    cmd->add_option("--advert-int", q.advert_int,
                    "quick start: advertisement interval (10ms, 100cs, 1s, or seconds: 0.5)")
        ->check(check_duration, "DURATION")
        ->capture_default_str();
    cmd->add_option("--version", q.version, "quick start: VRRP version 2 or 3")
        ->check(CLI::IsMember({2, 3}))
        ->capture_default_str();
    cmd->add_flag("--no-preempt", q.no_preempt,
                  "quick start: do not take over from a lower-priority master");
    cmd->add_option("--unicast-src", q.unicast_src,
                    "quick start: our source address for unicast adverts");
    cmd->add_option("--unicast-peer", q.unicast_peers,
                    "quick start: send adverts to this peer instead of multicast (repeatable)");
    auto* pass =
        cmd->add_option("--auth-pass", q.auth_pass,
                        "quick start: VRRPv2 simple password authentication (up to 8 characters; "
                        "visible in the process list: prefer --auth-pass-file)");
    cmd->add_option("--auth-pass-file", q.auth_pass_file,
                    "quick start: --auth-pass read from the first line of FILE")
        ->excludes(pass);
    cmd->add_flag("--v3-checksum-as-v2", q.v3_checksum_as_v2,
                  "quick start: send VRRPv3/IPv4 with the RFC 9568 checksum (no IPv4 "
                  "pseudo-header)");
    cmd->add_flag("--version-migration", q.version_migration,
                  "quick start: VRRPv3 beside VRRPv2 peers: accept v2, send v2 and v3 as MASTER");
    cmd->add_option("--metrics", a.attach.metrics,
                    "serve Prometheus metrics on http://ADDR:PORT/metrics (IPv6: [ADDR]:PORT); "
                    "wins over global_defs xvrrp_metrics_address; off by default")
        ->check(check_listen, "ADDR:PORT");
    cmd->add_option("--rt-priority", a.attach.rt_priority,
                    "SCHED_RR priority of the event loop, 1-99, or 0 for the fair class; wins "
                    "over global_defs vrrp_rt_priority; default 1")
        ->check(CLI::Range(0, 99));
    cmd->add_flag("--no-mlock", a.attach.no_mlock,
                  "do not lock the controller's memory (locked by default, as keepalived's "
                  "vrrp_no_swap)");
    add_pin_root(cmd, a);
    add_run_dir(cmd, a);
    cmd->add_option("--xdp-mode", a.xdp_mode,
                    "XDP attach mode: native (driver), skb (generic) or auto (native, then skb)")
        ->check(CLI::IsMember({"native", "skb", "auto"}))
        ->capture_default_str();
    cmd->add_option("--log-level", a.log_level,
                    "log level: trace, debug, info, warn, error, critical or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
        ->capture_default_str();
    cmd->callback([&a, cmd] {
        a.command = Command::Attach;
        a.attach.file_given = cmd->count("--file") > 0;
    });
}

void add_others(CLI::App& app, Args& a) {
    auto* status =
        app.add_subcommand("status", "Show every virtual router of the running controller");
    status->add_flag("--json", a.json, "print the controller's JSON reply instead of a table");
    add_run_dir(status, a);
    status->callback([&a] { a.command = Command::Status; });

    auto* stats = app.add_subcommand(
        "stats", "Show the kernel's counters from the pinned maps (no controller needed)");
    stats->add_option("IFACE", a.interfaces, "one interface (default: every pinned interface)")
        ->expected(0, 1);
    stats->add_flag("--json", a.json, "print JSON instead of text");
    add_pin_root(stats, a);
    stats->callback([&a] { a.command = Command::Stats; });

    auto* detach = app.add_subcommand(
        "detach",
        "Take xvrrp off an interface without a controller: XDP program, pins, VMAC filter "
        "entries, and the VIPs a crashed controller left behind");
    detach->add_option("IFACE", a.interfaces, "the interface")->required()->expected(1);
    add_pin_root(detach, a);
    detach->callback([&a] { a.command = Command::Detach; });

    auto* config = app.add_subcommand("config", "Configuration tools");
    config->require_subcommand(1);
    auto* check = config->add_subcommand(
        "check", "Check a configuration: every problem as FILE:LINE: message; exit 1 on errors");
    check->add_option("FILE", a.file, "keepalived-syntax configuration file")->required();
    add_config_id(check, a);
    check->add_flag("--keepalived-diff", a.keepalived_diff,
                    "also list, per keyword the file uses, what xvrrp does differently from "
                    "keepalived 2.2.7 (ignored, rejected, behaves otherwise), to review a "
                    "migration");
    check->callback([&a] { a.command = Command::ConfigCheck; });
}

// What CLI11 cannot express: quick start and -f exclude each other, and
// quick-start flags need --vrid.
std::string check_attach(const AttachArgs& at) {
    const auto& q = at.quick;
    const bool any_quick = !q.vips.empty() || !q.unicast_src.empty() || !q.unicast_peers.empty() ||
                           !q.auth_pass.empty() || !q.auth_pass_file.empty() || q.no_preempt ||
                           q.v3_checksum_as_v2 || q.version_migration;
    if (!at.quick_start()) {
        return any_quick
                   ? "quick-start flags (--vip, --unicast-*, --auth-pass[-file], --no-preempt, "
                     "--v3-checksum-as-v2, --version-migration) need --vrid"
                   : "";
    }
    if (at.file_given) {
        return "use either -f FILE or the quick-start flags (--vrid ...), not both";
    }
    if (q.vips.empty()) {
        return "--vrid needs at least one --vip";
    }
    if (at.interfaces.empty()) {
        return "quick start needs the interface to run on: xvrrp attach IFACE --vrid N --vip "
               "ADDR";
    }
    if (at.interfaces.size() != 1) {
        return "quick start runs one virtual router: name exactly one interface";
    }
    return "";
}

}  // namespace

ParseOutcome parse_args(const std::vector<std::string>& argv, std::ostream& out,
                        std::ostream& err) {
    Args a;
    CLI::App app{"xvrrp: VRRP (RFC 9568, RFC 3768) with an XDP fast path", "xvrrp"};
    app.require_subcommand(1);
    // Top level only: `attach --version N` is the VRRP version of quick start.
    app.set_version_flag("--version", version_line(), "print the version and git revision, exit");
    app.footer(
        "\nExamples:\n"
        "  xvrrp attach                           run every instance of /etc/xvrrp/xvrrp.conf\n"
        "  xvrrp attach bond1                     only the instances on bond1\n"
        "  xvrrp attach bond1 -f keepalived.conf  a keepalived configuration, unchanged\n"
        "  xvrrp attach bond1 --vrid 7 --vip 192.0.2.254/24 --priority 200 --advert-int 10ms\n"
        "  xvrrp status --json                    what the running controller does\n"
        "  xvrrp stats bond1                      kernel counters and state, from the pins\n"
        "  xvrrp detach bond1                     undo an attach after a crash\n"
        "  xvrrp config check keepalived.conf     every problem as FILE:LINE\n"
        "  xvrrp config check keepalived.conf --keepalived-diff   and what changes from "
        "keepalived\n"
        "\nSignals to attach: SIGTERM/SIGINT hand over and stop; SIGHUP reloads the file.\n"
        "Under systemd (Type=notify, NOTIFY_SOCKET set) attach sends READY, RELOADING, STOPPING,\n"
        "STATUS and, with WatchdogSec=, WATCHDOG pings from its event loop.\n"
        "Exit codes: 0 done, 1 bad arguments or configuration, 2 runtime failure.\n"
        "Details: docs/operations.md");
    add_attach(app, a);
    add_others(app, a);
    std::vector<const char*> raw;
    for (const auto& s : argv) {
        raw.push_back(s.c_str());
    }
    try {
        app.parse(static_cast<int>(raw.size()), raw.data());
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e, out, err);
        return ParseOutcome{std::nullopt, rc == 0 ? 0 : 1};
    }
    if (a.command == Command::Attach) {
        if (const auto why = check_attach(a.attach); !why.empty()) {
            err << "xvrrp attach: " << why << "\n";
            return ParseOutcome{std::nullopt, 1};
        }
    }
    return ParseOutcome{a, 0};
}

}  // namespace xvrrp::cli
