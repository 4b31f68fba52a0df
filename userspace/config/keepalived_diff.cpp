#include "config/keepalived_diff.h"

#include <algorithm>
#include <string_view>

namespace xvrrp::config {

namespace {

// The registry block a keyword opens, when its children are keywords.
std::string_view child_block(std::string_view block, std::string_view keyword) {
    if (block == kTopLevel) {
        for (std::string_view b : {"global_defs", "vrrp_instance", "vrrp_script", "vrrp_sync_group",
                                   "track_file", "vrrp_track_process"}) {
            if (keyword == b) {
                return b;
            }
        }
        return keyword == "vrrp_track_file" ? "track_file" : "";
    }
    return block == "vrrp_instance" && keyword == "authentication" ? "authentication" : "";
}

void walk(const std::vector<Statement>& list, std::string_view block,
          std::vector<KeywordUse>& out) {
    for (const auto& st : list) {
        auto it = std::find_if(out.begin(), out.end(), [&](const KeywordUse& u) {
            return u.block == block && u.keyword == st.keyword;
        });
        if (it == out.end()) {
            out.push_back(KeywordUse{std::string(block), st.keyword, st.where, 0,
                                     find_keyword(block, st.keyword)});
            it = out.end() - 1;
        }
        ++it->uses;
        if (auto child = child_block(block, st.keyword); !child.empty() && st.has_block) {
            walk(st.children, child, out);
        }
    }
}

bool uses(const Statement& block, std::string_view keyword) {
    return std::any_of(block.children.begin(), block.children.end(),
                       [&](const Statement& s) { return s.keyword == keyword; });
}

}  // namespace

std::vector<KeywordUse> keywords_used(const std::vector<Statement>& statements) {
    std::vector<KeywordUse> out;
    walk(statements, kTopLevel, out);
    return out;
}

std::vector<DefaultDifference> default_differences(const std::vector<Statement>& statements) {
    std::vector<DefaultDifference> out;
    for (const auto& st : statements) {
        if (st.keyword != "vrrp_instance" || !st.has_block) {
            continue;
        }
        const std::string name = st.args.empty() ? "" : " " + st.args[0];
        if (!uses(st, "use_vmac")) {
            out.push_back({st.where, "vrrp_instance" + name +
                                         " has no use_vmac: keepalived sends and answers with "
                                         "the interface's own MAC, xvrrp with the virtual MAC "
                                         "00:00:5e:00:01:VRID (00:00:5e:00:02:VRID for IPv6)"});
        }
        if (!uses(st, "virtual_ipaddress")) {
            out.push_back({st.where, "vrrp_instance" + name +
                                         " has no virtual_ipaddress: keepalived warns and runs "
                                         "it, xvrrp refuses it"});
        }
    }
    return out;
}

}  // namespace xvrrp::config
