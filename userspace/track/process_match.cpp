#include "track/process_match.h"

#include <algorithm>

namespace xvrrp::track {

namespace {

constexpr size_t kCommMax = 15;

bool params_match(const config::TrackProcess& p, std::span<const std::string> args) {
    const auto& want = p.params;
    switch (p.match) {
        case config::ParamMatch::Any:
            return true;
        case config::ParamMatch::Exact:
            return std::equal(want.begin(), want.end(), args.begin(), args.end());
        case config::ParamMatch::Partial:
        case config::ParamMatch::Initial:
            break;
    }
    if (args.size() < want.size()) {
        return false;
    }
    for (size_t i = 0; i < want.size(); ++i) {
        const bool last = i + 1 == want.size();
        if (last && p.match == config::ParamMatch::Initial) {
            return args[i].starts_with(want[i]);
        }
        if (args[i] != want[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::vector<std::string> split_cmdline(std::string_view raw) {
    std::vector<std::string> out;
    while (!raw.empty()) {
        const size_t end = raw.find('\0');
        out.emplace_back(raw.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        raw.remove_prefix(end + 1);
    }
    return out;
}

bool process_matches(const config::TrackProcess& p, std::string_view comm,
                     std::span<const std::string> argv) {
    if (!p.uses_cmdline()) {
        return comm == std::string_view(p.process).substr(0, kCommMax);
    }
    if (argv.empty() || argv[0] != p.process) {
        return false;
    }
    return params_match(p, argv.subspan(1));
}

ProcessQuorum::ProcessQuorum(const config::TrackProcess& p)
    : quorum_(p.quorum),
      quorum_max_(p.quorum_max),
      fork_delay_us_(p.fork_delay_us),
      terminate_delay_us_(p.terminate_delay_us) {}

bool ProcessQuorum::within(size_t count) const {
    return count >= quorum_ && count <= quorum_max_;
}

bool ProcessQuorum::set_count(size_t count, uint64_t now_us, bool initial) {
    count_ = count;
    const Health want = within(count) ? Health::Up : Health::Down;
    if (want == health_) {
        pending_.reset();
        return false;
    }
    const uint64_t delay = want == Health::Up ? fork_delay_us_ : terminate_delay_us_;
    if (initial || health_ == Health::Unknown || delay == 0) {
        pending_.reset();
        health_ = want;
        return true;
    }
    if (!pending_) {
        pending_ = now_us + delay;
    }
    return false;
}

bool ProcessQuorum::on_deadline(uint64_t now_us) {
    if (!pending_ || now_us < *pending_) {
        return false;
    }
    pending_.reset();
    health_ = within(count_) ? Health::Up : Health::Down;
    return true;
}

}  // namespace xvrrp::track
