#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/journal_sink.h"

namespace xvrrp::cli {

// Under systemd (stderr is the journal stream): journald's native protocol,
// one entry per line with its priority and the router's fields; journald
// adds the timestamp. Otherwise stderr, so `xvrrp attach ... > file` keeps
// the logs where terminals expect them; one line per event with
// millisecond timestamps (failover is measured in milliseconds).
void setup_logging(const std::string& level) {
    std::shared_ptr<spdlog::logger> logger;
    if (stderr_is_journal()) {
        logger = std::make_shared<spdlog::logger>("xvrrp", make_journal_sink());
        spdlog::register_logger(logger);
    } else {
        logger = spdlog::stderr_color_mt("xvrrp");
        logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    }
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
    spdlog::flush_on(spdlog::level::info);
}

}  // namespace xvrrp::cli
