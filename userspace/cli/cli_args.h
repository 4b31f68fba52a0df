// The `xvrrp` command line: every subcommand, flag and default, parsed into
// plain structs. Kept apart from the commands so it is tested without
// privileges. The contract is stable (tests and operators script against it):
//
//   xvrrp attach [IFACE...] [-f FILE] [-i ID]          run the controller (foreground);
//                                                      no IFACE: every interface of the file
//   xvrrp attach IFACE --vrid N --vip ADDR[/LEN]...   quick start, no file
//   xvrrp attach ... --metrics ADDR:PORT                Prometheus /metrics
//   xvrrp status [--json] [--run-dir DIR]
//   xvrrp stats [IFACE] [--json] [--pin-root DIR]
//   xvrrp detach IFACE [--pin-root DIR]
//   xvrrp config check FILE [-i ID]                     -i: config-id for @ID lines
//   xvrrp config check FILE --keepalived-diff           and what xvrrp does differently
//                                                      from keepalived, keyword by keyword
//   xvrrp --version                                    version and git revision
//
// Exit codes: 0 done, 1 bad arguments or configuration, 2 runtime failure.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace xvrrp::cli {

inline constexpr const char* kDefaultConfig = "/etc/xvrrp/xvrrp.conf";
inline constexpr const char* kDefaultPinRoot = "/sys/fs/bpf/xvrrp";
inline constexpr const char* kDefaultRunDir = "/run/xvrrp";

enum class Command { Attach, Status, Stats, Detach, ConfigCheck };

struct QuickStartArgs {
    int vrid = 0;  // 0: not given (use the file)
    std::vector<std::string> vips;
    int priority = 100;
    std::string advert_int = "1s";
    int version = 3;
    bool no_preempt = false;
    std::string unicast_src;
    std::vector<std::string> unicast_peers;
    std::string auth_pass;
    std::string auth_pass_file;  // --auth-pass-file: read auth_pass from it
    bool v3_checksum_as_v2 = false;
    bool version_migration = false;
};

struct AttachArgs {
    std::vector<std::string> interfaces;
    std::string file = kDefaultConfig;
    bool file_given = false;
    QuickStartArgs quick;
    std::string metrics;  // --metrics ADDR:PORT; empty: global_defs, else off
    // --rt-priority N (0-99; 0: fair class); unset: vrrp_rt_priority, else 1.
    std::optional<uint32_t> rt_priority;
    bool no_mlock = false;  // --no-mlock: wins over vrrp_no_swap and the default
    bool quick_start() const { return quick.vrid != 0; }
};

struct Args {
    Command command = Command::Status;
    AttachArgs attach;
    std::vector<std::string> interfaces;  // stats (0 or 1), detach (1)
    std::string file;                     // config check
    bool json = false;
    std::string pin_root = kDefaultPinRoot;
    std::string run_dir = kDefaultRunDir;
    std::string xdp_mode = "auto";
    std::string log_level = "info";
    // attach / config check -i: what `@ID` configuration lines are compared
    // with; empty: the first label of the node name (as keepalived's -i).
    std::string config_id;
    bool keepalived_diff = false;  // config check --keepalived-diff
};

struct ParseOutcome {
    std::optional<Args> args;  // set: run it; unset: exit with exit_code
    int exit_code = 0;         // 0 after --help or --version, 1 after an error
};

// argv[0] is the program name. Help and errors are written to out / err.
ParseOutcome parse_args(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

}  // namespace xvrrp::cli
