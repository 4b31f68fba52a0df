// xvrrp: the command-line entry point (see cli_args.h for the contract).
#include <iostream>

#include "cli/cli_args.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
    using namespace xvrrp::cli;
    const ParseOutcome parsed =
        parse_args(std::vector<std::string>(argv, argv + argc), std::cout, std::cerr);
    if (!parsed.args) {
        return parsed.exit_code;
    }
    const Args& a = *parsed.args;
    // Library messages (libbpf, libxdp, the layers' own) go to stderr; attach
    // sets its own level, detach shows what it undid.
    if (a.command != Command::Attach) {
        setup_logging(a.command == Command::Detach ? "info" : "warn");
    }
    switch (a.command) {
        case Command::Attach:
            return run_attach(a);
        case Command::Status:
            return run_status(a);
        case Command::Stats:
            return run_stats(a);
        case Command::Detach:
            return run_detach(a);
        case Command::ConfigCheck:
            return run_config_check(a);
    }
    return 1;
}
