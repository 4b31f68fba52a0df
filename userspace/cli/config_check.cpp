// `xvrrp config check FILE`: every finding as FILE:LINE: severity: message,
// sorted by file and line; interfaces missing on this machine are warnings
// (the file may be meant for another host). Exit 1 when there is any error.
// With --keepalived-diff, then what xvrrp does differently from keepalived.
#include <net/if.h>

#include <iostream>
#include <set>

#include "cli/commands.h"
#include "config/fs_loader.h"
#include "config/interfaces.h"
#include "config/keepalived_diff.h"
#include "config/parser.h"

namespace xvrrp::cli {

namespace {

std::string verdict(const config::KeywordUse& u) {
    if (u.info == nullptr) {
        return "unknown to xvrrp: an error (see the findings above)";
    }
    const std::string why(u.info->why);
    switch (u.info->status) {
        case config::KeywordStatus::Supported:
            return "differs: " + std::string(u.info->differs);
        case config::KeywordStatus::Accepted:
            return "accepted, no effect: " + why;
        case config::KeywordStatus::Rejected:
            return "rejected: " + why;
    }
    return {};
}

// Per keyword used: what xvrrp does that keepalived would not. Keywords
// that behave the same are counted, not listed.
void print_keepalived_diff(const Args& a) {
    config::FsLoader loader;
    config::Diagnostics ignored;  // the check above already reported them
    const auto statements = config::read_config(a.file, loader, ignored, preprocess_options(a));
    const auto used = config::keywords_used(statements);
    std::cout << "\nkeepalived 2.2.7 -> xvrrp, per keyword of " << a.file << ":\n";
    size_t same = 0;
    size_t counts[4] = {0, 0, 0, 0};  // differs, accepted, rejected, unknown
    for (const auto& u : used) {
        const bool differs = u.info != nullptr &&
                             u.info->status == config::KeywordStatus::Supported &&
                             !u.info->differs.empty();
        if (u.info != nullptr && u.info->status == config::KeywordStatus::Supported && !differs) {
            ++same;
            continue;
        }
        ++counts[u.info == nullptr ? 3 : differs ? 0 : static_cast<size_t>(u.info->status)];
        const std::string block = u.block == config::kTopLevel ? "" : u.block + " ";
        std::cout << to_string(u.first) << ": " << block << u.keyword
                  << (u.uses > 1 ? " (" + std::to_string(u.uses) + " uses)" : "") << ": "
                  << verdict(u) << "\n";
    }
    for (const auto& d : config::default_differences(statements)) {
        std::cout << to_string(d.where) << ": " << d.text << "\n";
    }
    std::cout << used.size() << " keyword(s) used: " << same << " as in keepalived, " << counts[0]
              << " differ, " << counts[1] << " accepted without effect, " << counts[2]
              << " rejected, " << counts[3] << " unknown\n";
}

// "; errors in A, B": the files the errors are in (included ones too).
std::string error_files(const std::vector<config::Diagnostic>& findings) {
    std::set<std::string> files;
    for (const auto& d : findings) {
        if (d.severity == config::Severity::Error) {
            files.insert(d.where.file);
        }
    }
    std::string s;
    for (const auto& f : files) {
        s += (s.empty() ? "; errors in " : ", ") + f;
    }
    return s;
}

}  // namespace

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
        config::sort_findings(findings);
    }
    size_t errors = 0;
    size_t warnings = 0;
    for (const auto& d : findings) {
        std::cout << d.render() << "\n";
        errors += d.severity == config::Severity::Error;
        warnings += d.severity == config::Severity::Warning;
    }
    if (a.keepalived_diff) {
        print_keepalived_diff(a);
    }
    if (errors > 0) {
        std::cout << a.file << ": " << errors << " error(s), " << warnings << " warning(s)"
                  << error_files(findings) << "\n";
        return 1;
    }
    std::cout << a.file << ": OK, " << parsed.config.instances.size() << " vrrp_instance(s), "
              << warnings << " warning(s)\n";
    return 0;
}

}  // namespace xvrrp::cli
