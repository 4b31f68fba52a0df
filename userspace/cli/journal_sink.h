// Logging to journald natively (sd_journal_sendv) when the service manager
// connected our stderr to the journal, so each line keeps its priority and
// carries the router it is about as fields (common/log_context.h).
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/common.h>
#include <spdlog/sinks/sink.h>

#include "common/log_context.h"

namespace xvrrp::cli {

struct StreamId {
    dev_t dev = 0;
    ino_t ino = 0;
};

// JOURNAL_STREAM is "DEVICE:INODE" (decimal), see systemd.exec(5).
std::optional<StreamId> parse_journal_stream(std::string_view value);

// True when JOURNAL_STREAM names the file our stderr is: systemd's advice
// for deciding to speak the native protocol (a child whose stderr was
// redirected inherits the variable but not the stream).
bool stderr_is_journal();

// syslog(3) priority of an spdlog level (what journald's PRIORITY= holds).
int journal_priority(spdlog::level::level_enum level);

// The journal entry for one line: "MESSAGE=...", "PRIORITY=...",
// "SYSLOG_IDENTIFIER=xvrrp" and the XVRRP_* fields that are set.
std::vector<std::string> journal_fields(std::string_view message, spdlog::level::level_enum level,
                                        const logctx::Fields& context);

// An spdlog sink writing journal_fields() entries with sd_journal_sendv.
std::shared_ptr<spdlog::sinks::sink> make_journal_sink();

}  // namespace xvrrp::cli
