// One function per subcommand; each returns the process exit code
// (0 done, 1 bad arguments or configuration, 2 runtime failure).
#pragma once

#include "cli/cli_args.h"
#include "config/preprocess.h"

namespace xvrrp::cli {

int run_attach(const Args& args);
int run_status(const Args& args);
int run_stats(const Args& args);
int run_detach(const Args& args);
int run_config_check(const Args& args);

// The config-id (-i, else from the node name), working directory and random
// source the configuration reader is given.
config::PreprocessOptions preprocess_options(const Args& args);

// spdlog to stderr at `level` ("info", "debug", ...).
void setup_logging(const std::string& level);

}  // namespace xvrrp::cli
