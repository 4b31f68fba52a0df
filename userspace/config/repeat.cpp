#include "config/repeat.h"

#include <cerrno>
#include <cstdlib>

#include "config/params.h"

namespace xvrrp::config {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// Splits at the commas outside `{...}`, each part trimmed.
std::vector<std::string> split_top(std::string_view s) {
    std::vector<std::string> out;
    int depth = 0;
    size_t from = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        const char c = i < s.size() ? s[i] : ',';
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        if (c == ',' && depth <= 0) {
            out.emplace_back(trim(s.substr(from, i - from)));
            from = i + 1;
        }
    }
    return out;
}

// The ')' closing the '(' at `open`, braces nested.
size_t closing(std::string_view s, size_t open) {
    int depth = 0;
    for (size_t i = open + 1; i < s.size(); ++i) {
        depth += s[i] == '{' ? 1 : s[i] == '}' ? -1 : 0;
        if (s[i] == ')' && depth <= 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

// strtol with base 0, as keepalived reads them: 10, -3, 0x90, 020 (octal).
std::optional<int64_t> number(const std::string& s) {
    if (s.empty()) {
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 0);
    if (errno != 0 || end != s.c_str() + s.size()) {
        return std::nullopt;
    }
    return static_cast<int64_t>(v);
}

uint64_t distance(int64_t from, int64_t to) {
    return static_cast<uint64_t>(to) - static_cast<uint64_t>(from);  // to >= from
}

std::string seq_values(const std::vector<std::string>& items, bool hex, RepeatBlock& b) {
    if (items.size() < 2 || items.size() > 4) {
        return "takes a variable and 1 to 3 numbers (end; start, end; or start, step, end)";
    }
    std::vector<int64_t> n;
    for (size_t i = 1; i < items.size(); ++i) {
        auto v = number(items[i]);
        if (!v) {
            return "'" + items[i] + "' is not a whole number";
        }
        n.push_back(*v);
    }
    int64_t start = n.size() == 1 ? (n[0] < 0 ? -1 : 1) : n[0];
    int64_t end = n.back();
    int64_t step =
        n.size() == 3 ? n[1] : (n.size() == 1 ? (end < 1 ? -1 : 1) : (start <= end ? 1 : -1));
    if (step == 0 || (start < end && step < 0) || (start > end && step > 0)) {
        return "the step " + std::to_string(step) + " never reaches the end";
    }
    if (hex && (start < 0 || end < 0)) {
        return "~SEQx takes no negative numbers";
    }
    b.start = start;
    b.step = step;
    b.count = step > 0 ? distance(start, end) / static_cast<uint64_t>(step)
                       : distance(end, start) / (0 - static_cast<uint64_t>(step));
    b.count = b.count == UINT64_MAX ? b.count : b.count + 1;
    return {};
}

std::vector<std::string> braced(const std::string& item) {
    if (item.size() >= 2 && item.front() == '{' && item.back() == '}') {
        return split_top(std::string_view(item).substr(1, item.size() - 2));
    }
    return {item};
}

std::string lst_values(const std::vector<std::string>& items, RepeatBlock& b) {
    if (items.size() < 2) {
        return "takes a variable (or {var, ...}) and at least one value";
    }
    b.vars = braced(items[0]);
    for (size_t i = 1; i < items.size(); ++i) {
        b.rows.push_back(braced(items[i]));
        if (b.rows.back().size() > b.vars.size()) {
            return "'" + items[i] + "' has more values than there are variables";
        }
    }
    return {};
}

}  // namespace

std::vector<std::string> RepeatBlock::values(uint64_t i) const {
    if (!seq) {
        std::vector<std::string> v = rows[i];
        v.resize(vars.size());
        return v;
    }
    const auto v =
        static_cast<int64_t>(static_cast<uint64_t>(start) + i * static_cast<uint64_t>(step));
    if (!hex) {
        return {std::to_string(v)};
    }
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    auto u = static_cast<uint64_t>(v);
    do {
        s.insert(s.begin(), kDigits[u % 16]);
        u /= 16;
    } while (u != 0);
    return {s};
}

bool is_repeat(std::string_view line) {
    return line.starts_with("~SEQ") || line.starts_with("~LST");
}

RepeatParse parse_repeat(std::string_view line, const std::function<void(std::string&)>& expand) {
    RepeatBlock b;
    b.seq = line.starts_with("~SEQ");
    b.hex = line.starts_with("~SEQx");
    size_t open = b.hex ? 5 : 4;
    while (open < line.size() && (line[open] == ' ' || line[open] == '\t')) {
        ++open;
    }
    if (open >= line.size() || line[open] != '(') {
        return {std::nullopt, "expected '(' after " + std::string(line.substr(0, b.hex ? 5 : 4))};
    }
    const size_t close = closing(line, open);
    if (close == std::string_view::npos) {
        return {std::nullopt, "no ')' closes its '('"};
    }
    std::string args(line.substr(open + 1, close - open - 1));
    expand(args);
    const auto items = split_top(args);
    b.rest = std::string(trim(line.substr(close + 1)));
    std::string error;
    if (b.seq) {
        b.vars = {items[0]};
        error = seq_values(items, b.hex, b);
    } else {
        error = lst_values(items, b);
    }
    for (const auto& v : b.vars) {
        if (error.empty() && !valid_param_name(v)) {
            error = "'" + v +
                    "' is not a parameter name (letters, digits and '_', not starting "
                    "with a digit)";
        }
    }
    if (!error.empty()) {
        return {std::nullopt, error};
    }
    return {std::move(b), {}};
}

}  // namespace xvrrp::config
