// Helpers shared by the configuration tests: parse in memory, and look for
// findings by their exact `FILE:LINE: severity: ` prefix.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/parser.h"
#include "config/source_loader.h"

namespace xvrrp::config::test {

inline constexpr const char* kMain = "/etc/keepalived/keepalived.conf";

// `text` is the main file; `others` are more files the loader can see.
inline ParseResult parse(std::string_view text, std::map<std::string, std::string> others = {},
                         const PreprocessOptions& opts = {}) {
    MemoryLoader loader(std::move(others));
    loader.add(kMain, std::string(text));
    return parse_file(kMain, loader, opts);
}

// The same, read with `config_id` for `@ID` lines.
inline ParseResult parse_as(std::string_view config_id, std::string_view text,
                            std::map<std::string, std::string> others = {}) {
    PreprocessOptions o;
    o.config_id = std::string(config_id);
    return parse(text, std::move(others), o);
}

inline std::vector<std::string> rendered(const ParseResult& r) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) {
        out.push_back(d.render());
    }
    return out;
}

inline std::vector<std::string> rendered(const ParseResult& r, Severity s) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) {
        if (d.severity == s) {
            out.push_back(d.render());
        }
    }
    return out;
}

// A finding on `line` of the main file, of `severity`, containing `text`.
inline ::testing::Matcher<std::string> At(uint32_t line, std::string_view severity,
                                          const std::string& text) {
    const std::string prefix =
        std::string(kMain) + ":" + std::to_string(line) + ": " + std::string(severity) + ": ";
    return ::testing::AllOf(::testing::StartsWith(prefix), ::testing::HasSubstr(text));
}

// A minimal valid instance (lines 1-6), then `extra` from line 7, then `}`.
inline std::string instance(const std::string& extra, const std::string& name = "VI_1") {
    return "vrrp_instance " + name +
           " {\n"
           "    interface eth0\n"
           "    virtual_router_id 10\n"
           "    virtual_ipaddress {\n"
           "        10.0.0.1/24\n"
           "    }\n" +
           extra + "}\n";
}

// The one instance of a configuration that must parse cleanly (no errors).
inline Instance only_instance(const ParseResult& r) {
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    EXPECT_EQ(r.config.instances.size(), 1u);
    return r.config.instances.empty() ? Instance{} : r.config.instances.front();
}

inline IpAddr ip(std::string_view s) {
    auto a = IpAddr::parse(s);
    EXPECT_TRUE(a.has_value()) << s;
    return a.value_or(IpAddr{});
}

}  // namespace xvrrp::config::test
