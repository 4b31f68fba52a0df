#include "config/quick_start.h"

#include "config/builder.h"
#include "config/values.h"

namespace xvrrp::config {

namespace {

Statement line(const std::string& option, std::string keyword, std::vector<std::string> args) {
    Statement st;
    st.where = SourceRef{option, 0};
    st.keyword = std::move(keyword);
    st.args = std::move(args);
    return st;
}

Statement block(const std::string& option, std::string keyword, std::vector<Statement> children) {
    Statement st = line(option, std::move(keyword), {});
    st.has_block = true;
    st.block_where = st.where;
    st.children = std::move(children);
    return st;
}

Statement list_block(const std::string& option, std::string keyword,
                     const std::vector<std::string>& values) {
    std::vector<Statement> entries;
    for (const auto& v : values) {
        entries.push_back(line(option, v, {}));
    }
    return block(option, std::move(keyword), std::move(entries));
}

// Microseconds as the decimal seconds advert_int takes ("0.01", "1.5").
std::string seconds_text(uint64_t us) {
    std::string frac = std::to_string(us % 1'000'000);
    frac.insert(0, 6 - frac.size(), '0');
    while (!frac.empty() && frac.back() == '0') {
        frac.pop_back();
    }
    const std::string whole = std::to_string(us / 1'000'000);
    return frac.empty() ? whole : whole + "." + frac;
}

}  // namespace

ParseResult quick_start(const QuickStart& q) {
    Diagnostics diags;
    std::vector<Statement> body;
    if (!q.interface.empty()) {
        body.push_back(line("interface", "interface", {q.interface}));
    }
    body.push_back(line("--vrid", "virtual_router_id", {std::to_string(q.vrid)}));
    body.push_back(line("--priority", "priority", {std::to_string(q.priority)}));
    body.push_back(line("--version", "version", {std::to_string(q.version)}));
    if (auto us = parse_duration_us(q.advert_int, 255'000'000)) {
        body.push_back(line("--advert-int", "advert_int", {seconds_text(*us)}));
    } else {
        diags.error({"--advert-int", 0},
                    "'" + q.advert_int + "' is not a duration (for example 10ms, 1s, 0.5)");
    }
    if (!q.state.empty()) {
        body.push_back(line("--state", "state", {q.state}));
    }
    if (q.nopreempt) {
        body.push_back(line("--nopreempt", "nopreempt", {}));
    }
    if (!q.unicast_src.empty()) {
        body.push_back(line("--unicast-src", "unicast_src_ip", {q.unicast_src}));
    }
    if (!q.unicast_peers.empty()) {
        body.push_back(list_block("--unicast-peer", "unicast_peer", q.unicast_peers));
    }
    if (!q.auth_pass.empty()) {
        body.push_back(block("--auth-pass", "authentication",
                             {line("--auth-pass", "auth_type", {"PASS"}),
                              line("--auth-pass", "auth_pass", {q.auth_pass})}));
    }
    if (q.v3_checksum_as_v2) {
        body.push_back(line("--v3-checksum-as-v2", "v3_checksum_as_v2", {}));
    }
    if (q.version_migration) {
        body.push_back(line("--version-migration", "version_migration", {}));
    }
    if (!q.vips.empty()) {
        body.push_back(list_block("--vip", "virtual_ipaddress", q.vips));
    }
    Statement instance = block("command line", "vrrp_instance", std::move(body));
    instance.args = {"VI_" + std::to_string(q.vrid)};
    return detail::build_config({instance}, diags);
}

}  // namespace xvrrp::config
