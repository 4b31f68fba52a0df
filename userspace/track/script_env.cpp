#include "track/script_env.h"

#include <algorithm>
#include <array>
#include <string_view>

extern char** environ;

namespace xvrrp::track {

namespace {

// glibc's UNSECURE_ENVVARS (what ld.so clears for AT_SECURE programs)
// less the LD_ ones, matched by prefix below; the shells' start files;
// systemd's service protocol; PATH, set anew.
constexpr std::array<std::string_view, 17> kDropped{
    "GCONV_PATH", "GETCONF_DIR", "HOSTALIASES",      "LOCALDOMAIN",    "LOCPATH", "MALLOC_TRACE",
    "NIS_PATH",   "NLSPATH",     "RESOLV_HOST_CONF", "RES_OPTIONS",    "TMPDIR",  "TZDIR",
    "BASH_ENV",   "ENV",         "NOTIFY_SOCKET",    "JOURNAL_STREAM", "PATH"};

constexpr std::array<std::string_view, 3> kDroppedPrefixes{"LD_", "WATCHDOG_", "LISTEN_"};

bool dropped(std::string_view name) {
    if (std::find(kDropped.begin(), kDropped.end(), name) != kDropped.end()) {
        return true;
    }
    return std::any_of(kDroppedPrefixes.begin(), kDroppedPrefixes.end(),
                       [&](std::string_view p) { return name.starts_with(p); });
}

}  // namespace

std::vector<std::string> script_environment(const std::vector<std::string>& parent) {
    std::vector<std::string> out;
    for (const auto& entry : parent) {
        const size_t eq = entry.find('=');
        if (eq == std::string::npos || eq == 0 || dropped(std::string_view(entry).substr(0, eq))) {
            continue;
        }
        out.push_back(entry);
    }
    out.push_back(std::string("PATH=") + kScriptPath);
    return out;
}

std::vector<std::string> own_environment() {
    std::vector<std::string> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        out.emplace_back(*e);
    }
    return out;
}

}  // namespace xvrrp::track
