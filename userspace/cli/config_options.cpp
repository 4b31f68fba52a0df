// What the configuration reader needs from the machine, read here at the
// edge so the reader stays pure: the config-id (keepalived's default is the
// first label of the node name), the working directory under ${_PWD}, and a
// random source for ${_RANDOM}.
#include <sys/utsname.h>

#include <filesystem>
#include <random>
#include <system_error>

#include "cli/commands.h"

namespace xvrrp::cli {

namespace {

std::string node_name_label() {
    utsname u{};
    if (uname(&u) != 0) {
        return {};
    }
    const std::string node = u.nodename;
    return node.substr(0, node.find('.'));
}

}  // namespace

config::PreprocessOptions preprocess_options(const Args& a) {
    config::PreprocessOptions o;
    o.config_id = a.config_id.empty() ? node_name_label() : a.config_id;
    std::error_code ec;
    o.working_dir = std::filesystem::current_path(ec).string();
    o.random = [](uint64_t lo, uint64_t hi) {
        std::random_device rd;
        return std::uniform_int_distribution<uint64_t>(lo, hi)(rd);
    };
    return o;
}

}  // namespace xvrrp::cli
