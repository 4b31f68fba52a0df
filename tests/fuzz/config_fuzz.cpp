// libFuzzer: arbitrary bytes as a keepalived configuration (with an include
// tree around it, read through the pre-processor: @ID lines, $NAME
// parameters, ~SEQ/~LST), and as command-line values for the quick start. Beyond
// "no crash, no leak, no UB", a configuration reported as ok() must satisfy
// the rules the parser promises; a violation traps.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/parser.h"
#include "config/quick_start.h"
#include "config/source_loader.h"

namespace {

using namespace xvrrp::config;

void require(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

void check_instance(const Instance& in) {
    require(in.vrid >= 1 && !in.interface.empty() && in.priority >= 1);
    require(!in.vips.empty() && in.vips.size() <= 255);
    for (const auto& v : in.vips) {
        require(v.addr.family() == in.family);
        require(v.prefix_len <= (v.addr.is_v4() ? 32 : 128));
    }
    for (const auto& p : in.unicast_peers) {
        require(p.family() == in.family);
    }
    if (in.version == Version::V2) {
        require(in.family == Family::V4);
        require(in.advert_int_cs % 100 == 0 && in.advert_int_cs >= 100 &&
                in.advert_int_cs <= 25500);
    } else {
        require(in.advert_int_cs >= 1 && in.advert_int_cs <= 4095);
        require(!in.auth_pass_enabled);
    }
    require(in.auth_pass.size() <= 8);
    require(!in.auth_pass_enabled || !in.auth_pass.empty());
    require(in.preempt || in.state == InitialState::Backup);
}

void check(const ParseResult& r) {
    bool error = false;
    for (const auto& d : r.diagnostics) {
        require(!d.render().empty());
        error = error || d.severity == Severity::Error;
    }
    require(r.ok() == !error);
    if (!r.ok()) {
        return;
    }
    for (const auto& in : r.config.instances) {
        check_instance(in);
        for (const auto& t : in.track_scripts) {
            require(r.config.find_script(t.name) != nullptr);
        }
    }
}

// Lines of the input as quick-start values: the same rules must hold.
QuickStart quick_start_from(std::string_view text) {
    QuickStart q;
    size_t field = 0;
    while (!text.empty() && field < 8) {
        const size_t nl = text.find('\n');
        const std::string line(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        switch (field++) {
            case 0:
                q.interface = line;
                break;
            case 1:
                q.vrid = static_cast<int>(line.size() * 7 % 300);
                break;
            case 2:
                q.vips.push_back(line);
                break;
            case 3:
                q.advert_int = line;
                break;
            case 4:
                q.version = line.size() % 2 == 0 ? 3 : 2;
                break;
            case 5:
                q.unicast_src = line;
                break;
            case 6:
                q.unicast_peers.push_back(line);
                break;
            default:
                q.auth_pass = line;
                break;
        }
    }
    return q;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    MemoryLoader loader;
    loader.add("/fuzz/keepalived.conf", text);
    loader.add("/fuzz/conf.d/10-script.conf", "vrrp_script chk {\n  script \"/bin/true\"\n}\n");
    loader.add("/fuzz/conf.d/20-loop.conf", "include ../keepalived.conf\n");
    // A config-id so `@fuzz` lines are taken and others dropped; ${_RANDOM}
    // from the input's size, so a crash replays.
    PreprocessOptions pre;
    pre.config_id = "fuzz";
    pre.random = [size](uint64_t lo, uint64_t hi) { return lo + size % (hi - lo + 1); };
    check(parse_file("/fuzz/keepalived.conf", loader, pre));
    check(quick_start(quick_start_from(text)));
    return 0;
}
