// `xvrrp config check FILE`: every finding as FILE:LINE: severity: message;
// interfaces missing on this machine are warnings (the file may be meant
// for another host). Exit 1 when there is any error.
#include <net/if.h>

#include <iostream>

#include "cli/commands.h"
#include "config/fs_loader.h"
#include "config/interfaces.h"
#include "config/parser.h"

namespace xvrrp::cli {

int run_config_check(const Args& a) {
    config::FsLoader loader;
    const auto parsed = config::parse_file(a.file, loader, preprocess_options(a));
    auto findings = parsed.diagnostics;
    if (parsed.ok()) {
        const auto missing = config::check_interfaces(
            parsed.config,
            [](const std::string& name) { return if_nametoindex(name.c_str()) != 0; },
            config::Severity::Warning);
        findings.insert(findings.end(), missing.begin(), missing.end());
    }
    size_t errors = 0;
    size_t warnings = 0;
    for (const auto& d : findings) {
        std::cout << d.render() << "\n";
        errors += d.severity == config::Severity::Error;
        warnings += d.severity == config::Severity::Warning;
    }
    if (errors > 0) {
        std::cout << a.file << ": " << errors << " error(s), " << warnings << " warning(s)\n";
        return 1;
    }
    std::cout << a.file << ": OK, " << parsed.config.instances.size() << " vrrp_instance(s), "
              << warnings << " warning(s)\n";
    return 0;
}

}  // namespace xvrrp::cli
