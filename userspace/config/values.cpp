#include "config/values.h"

#include <charconv>

namespace xvrrp::config {

namespace {
constexpr uint64_t kUsPerSecond = 1'000'000;
}

std::optional<uint64_t> parse_uint(std::string_view s, uint64_t min, uint64_t max) {
    if (s.empty() || s.front() == '+' || s.front() == '-') {
        return std::nullopt;
    }
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

std::optional<int64_t> parse_int(std::string_view s, int64_t min, int64_t max) {
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);  // keepalived (atoi) takes "+10" for a weight
        if (s.empty() || s.front() == '-') {
            return std::nullopt;
        }
    }
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

std::optional<uint64_t> parse_seconds_us(std::string_view s, uint64_t max_us) {
    const size_t dot = s.find('.');
    const std::string_view whole = s.substr(0, dot);
    const std::string_view frac =
        dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    if ((whole.empty() && frac.empty()) || frac.size() > 6) {
        return std::nullopt;
    }
    uint64_t us = 0;
    if (!whole.empty()) {
        auto w = parse_uint(whole, 0, max_us / kUsPerSecond);
        if (!w) {
            return std::nullopt;
        }
        us = *w * kUsPerSecond;
    }
    if (!frac.empty()) {
        auto f = parse_uint(frac, 0, 999'999);
        if (!f) {
            return std::nullopt;
        }
        uint64_t scaled = *f;
        for (size_t i = frac.size(); i < 6; ++i) {
            scaled *= 10;
        }
        us += scaled;
    }
    if (us > max_us) {
        return std::nullopt;
    }
    return us;
}

std::optional<uint64_t> parse_duration_us(std::string_view s, uint64_t max_us) {
    struct Unit {
        std::string_view suffix;
        uint64_t us_per_unit;
    };
    // Longest suffixes first: "ms" and "cs" before "s".
    constexpr Unit units[] = {{"ms", 1'000}, {"cs", 10'000}, {"us", 1}, {"s", kUsPerSecond}};
    for (const auto& u : units) {
        if (s.size() > u.suffix.size() && s.ends_with(u.suffix)) {
            const auto n = s.substr(0, s.size() - u.suffix.size());
            if (u.us_per_unit == kUsPerSecond) {
                return parse_seconds_us(n, max_us);
            }
            auto v = parse_uint(n, 0, max_us / u.us_per_unit);
            if (!v) {
                return std::nullopt;
            }
            return *v * u.us_per_unit;
        }
    }
    return parse_seconds_us(s, max_us);
}

bool valid_interface_name(std::string_view n) {
    return !n.empty() && n.size() <= 15 && n != "." && n != ".." &&
           n.find_first_of("/: \t") == std::string_view::npos;
}

std::optional<std::pair<proto::IpAddr, uint8_t>> parse_prefix(std::string_view s) {
    const size_t slash = s.find('/');
    auto addr = proto::IpAddr::parse(s.substr(0, slash));
    if (!addr) {
        return std::nullopt;
    }
    const uint8_t host = addr->is_v4() ? 32 : 128;
    if (slash == std::string_view::npos) {
        return std::pair{*addr, host};
    }
    auto len = parse_uint(s.substr(slash + 1), 0, host);
    if (!len) {
        return std::nullopt;
    }
    return std::pair{*addr, static_cast<uint8_t>(*len)};
}

}  // namespace xvrrp::config
