#include "cli/status_table.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace xvrrp::cli {

namespace {

// Joins by appending. "literal" + std::string temporaries make GCC 12 at -O2
// and above report a -Wrestrict false positive (GCC bug 105329).
std::string cat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (const auto p : parts) {
        out += p;
    }
    return out;
}

std::string text(const nlohmann::json& v) {
    if (v.is_null()) {
        return "-";
    }
    if (v.is_string()) {
        return v.get<std::string>();
    }
    return v.dump();
}

std::string join(const nlohmann::json& list) {
    std::string out;
    for (const auto& v : list) {
        if (!out.empty()) {
            out += ',';
        }
        out += text(v);
    }
    return out.empty() ? "-" : out;
}

std::vector<std::string> row(const nlohmann::json& s) {
    std::string last = text(s.value("last_transition", nlohmann::json()));
    const std::string reason = s.value("last_reason", "");
    if (last != "-" && !reason.empty()) {
        last = cat({last, " (", reason, ")"});
    }
    return {text(s["name"]),
            text(s["interface"]),
            text(s["vrid"]),
            text(s["family"]),
            cat({"v", text(s["version"])}),
            text(s["state"]),
            s["priority"] == s["effective_priority"]
                ? text(s["priority"])
                : cat({text(s["priority"]), "->", text(s["effective_priority"])}),
            text(s["master_ip"]),
            cat({text(s["advert_interval_ms"]), "ms"}),
            join(s["vips"]),
            text(s["transitions"]),
            last};
}

}  // namespace

std::string render_status_table(const nlohmann::json& status) {
    std::vector<std::vector<std::string>> rows = {{"NAME", "IFACE", "VRID", "FAMILY", "VER",
                                                   "STATE", "PRIO", "MASTER", "ADVERT", "VIPS",
                                                   "TRANS", "LAST TRANSITION"}};
    for (const auto& s : status.value("instances", nlohmann::json::array())) {
        rows.push_back(row(s));
    }
    std::vector<size_t> width(rows[0].size(), 0);
    for (const auto& r : rows) {
        for (size_t i = 0; i < r.size(); ++i) {
            width[i] = std::max(width[i], r[i].size());
        }
    }
    std::string out;
    for (const auto& r : rows) {
        std::string line;
        for (size_t i = 0; i < r.size(); ++i) {
            line += r[i];
            if (i + 1 < r.size()) {
                line += std::string(width[i] - r[i].size() + 2, ' ');
            }
        }
        out += line;
        out += '\n';
    }
    if (rows.size() == 1) {
        out += "(no virtual routers)\n";
    }
    return out;
}

}  // namespace xvrrp::cli
