#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"

namespace xvrrp::cli {

// stderr, so `xvrrp attach ... > file` keeps the logs where journald and
// terminals expect them; one line per event with millisecond timestamps
// (failover is measured in milliseconds).
void setup_logging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("xvrrp");
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
    spdlog::flush_on(spdlog::level::info);
}

}  // namespace xvrrp::cli
