#include "cli/journal_sink.h"

#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <mutex>

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>

namespace xvrrp::cli {

namespace {

template <typename T>
std::optional<T> decimal(std::string_view s) {
    T v{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

void add(std::vector<std::string>& out, std::string_view key, std::string_view value) {
    if (!value.empty()) {
        out.push_back(std::string(key) + "=" + std::string(value));
    }
}

// The controller logs from one thread; spdlog's own mutex is enough for
// the registry, so the sink needs none.
class JournalSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string_view text(msg.payload.data(), msg.payload.size());
        const auto fields = journal_fields(text, msg.level, logctx::current());
        std::vector<iovec> iov;
        iov.reserve(fields.size());
        for (const auto& f : fields) {
            iov.push_back(iovec{const_cast<char*>(f.data()), f.size()});
        }
        // A journal that went away loses the line; stderr is the journal too.
        ::sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
    }
    void flush_() override {}
};

}  // namespace

std::optional<StreamId> parse_journal_stream(std::string_view value) {
    const size_t colon = value.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    auto dev = decimal<dev_t>(value.substr(0, colon));
    auto ino = decimal<ino_t>(value.substr(colon + 1));
    if (!dev || !ino) {
        return std::nullopt;
    }
    return StreamId{*dev, *ino};
}

bool stderr_is_journal() {
    const char* env = std::getenv("JOURNAL_STREAM");
    if (env == nullptr) {
        return false;
    }
    const auto id = parse_journal_stream(env);
    struct stat st {};
    return id && ::fstat(STDERR_FILENO, &st) == 0 && st.st_dev == id->dev && st.st_ino == id->ino;
}

int journal_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
        case spdlog::level::debug:
            return LOG_DEBUG;
        case spdlog::level::info:
            return LOG_INFO;
        case spdlog::level::warn:
            return LOG_WARNING;
        case spdlog::level::err:
            return LOG_ERR;
        case spdlog::level::critical:
            return LOG_CRIT;
        default:
            return LOG_INFO;
    }
}

std::vector<std::string> journal_fields(std::string_view message, spdlog::level::level_enum level,
                                        const logctx::Fields& context) {
    std::vector<std::string> out;
    out.push_back("MESSAGE=" + std::string(message));
    out.push_back("PRIORITY=" + std::to_string(journal_priority(level)));
    out.push_back("SYSLOG_IDENTIFIER=xvrrp");
    add(out, "XVRRP_INSTANCE", context.instance);
    add(out, "XVRRP_IFACE", context.iface);
    if (context.vrid) {
        add(out, "XVRRP_VRID", std::to_string(*context.vrid));
    }
    add(out, "XVRRP_STATE", context.state);
    add(out, "XVRRP_REASON", context.reason);
    return out;
}

std::shared_ptr<spdlog::sinks::sink> make_journal_sink() {
    return std::make_shared<JournalSink>();
}

}  // namespace xvrrp::cli
