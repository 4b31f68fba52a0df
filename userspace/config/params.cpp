#include "config/params.h"

#include <algorithm>
#include <optional>

#include "config/values.h"

namespace xvrrp::config {

namespace {

// Far beyond any real line; stops `$A=x $A` (which keepalived would grow
// until its buffer is full) from looping or eating memory.
constexpr size_t kMaxReplacements = 10'000;
constexpr size_t kMaxLineBytes = 64 * 1024;
// Bytes moved by replacements over the whole reading: each line's limits
// alone would still let a ~SEQ repeat a slow line 100,000 times.
constexpr uint64_t kMaxWorkBytes = 256 * 1024 * 1024;

bool name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

bool valid_param_name(std::string_view name) {
    if (name.empty() || !name_start(name[0])) {
        return false;
    }
    for (char c : name) {
        if (!name_char(c)) {
            return false;
        }
    }
    return true;
}

// `$NAME` (ended by a blank, ',', ')' or the end of the line) or
// `${NAME}`, the latter with numeric arguments for `${_RANDOM MIN MAX}`.
struct Params::Ref {
    std::string name;
    std::string text;  // as written
    size_t len = 0;    // from the '$' through the end of the reference
    std::vector<std::string_view> args;

    static std::optional<Ref> at(std::string_view s, size_t dollar) {
        size_t i = dollar + 1;
        const bool braces = i < s.size() && s[i] == '{';
        i += braces ? 1 : 0;
        size_t n = i;
        if (n >= s.size() || !name_start(s[n])) {
            return std::nullopt;
        }
        while (n < s.size() && name_char(s[n])) {
            ++n;
        }
        Ref r;
        r.name = std::string(s.substr(i, n - i));
        if (!braces) {
            const char next = n < s.size() ? s[n] : ' ';
            if (next != ' ' && next != '\t' && next != ',' && next != ')') {
                return std::nullopt;
            }
            r.len = n - dollar;
            r.text = std::string(s.substr(dollar, r.len));
            return r;
        }
        size_t p = n;
        while (p < s.size() && (s[p] == ' ' || is_digit(s[p]))) {
            ++p;
        }
        if (p >= s.size() || s[p] != '}' || s[p - 1] == ' ') {
            return std::nullopt;
        }
        for (size_t a = n; a < p;) {
            const size_t b = s.find(' ', a);
            const size_t e = b == std::string_view::npos || b > p ? p : b;
            if (e > a) {
                r.args.push_back(s.substr(a, e - a));
            }
            a = e + 1;
        }
        r.len = p + 1 - dollar;
        r.text = std::string(s.substr(dollar, r.len));
        return r;
    }
};

Definition& Params::define(const std::string& name, Definition d) {
    return defs_[name] = std::move(d);
}

Definition* Params::find(const std::string& name) {
    auto it = defs_.find(name);
    return it == defs_.end() ? nullptr : &it->second;
}

bool Params::builtin(const Ref& r, std::string& value, const SourceRef& where) {
    if (r.name == "_RANDOM") {
        uint64_t lo = 0;
        uint64_t hi = 32767;
        std::optional<uint64_t> a = r.args.empty() ? lo : parse_uint(r.args[0], 0, UINT32_MAX);
        std::optional<uint64_t> b = r.args.size() < 2 ? hi : parse_uint(r.args[1], 0, UINT32_MAX);
        if (r.args.size() > 2 || !a || !b || *a > *b) {
            diags_.error(where, "'" + r.text +
                                    "': takes an optional MIN and MAX from 0 to 4294967295, "
                                    "MIN not above MAX");
            return false;
        }
        lo = *a;
        hi = *b;
        value = std::to_string(random_ ? std::clamp(random_(lo, hi), lo, hi) : lo);
        return true;
    }
    if (!r.args.empty()) {
        return false;  // arguments only for _RANDOM; anything else stays as written
    }
    if (r.name == "_PWD") {
        value = pwd_;
    } else if (r.name == "_INSTANCE") {
        value = config_id_;
    } else if (r.name == "_HASH") {
        value = "#";
    } else if (r.name == "_BANG") {
        value = "!";
    } else {
        return false;
    }
    return true;
}

bool Params::replace_one(std::string& line, size_t at, Result& out, const SourceRef& where) {
    const auto ref = Ref::at(line, at);
    if (!ref) {
        return false;
    }
    std::string value;
    if (const Definition* d = find(ref->name); d != nullptr && ref->args.empty()) {
        if (d->multiline && at + ref->len != line.size()) {
            return false;  // keepalived expands a multiline value only at the end of a line
        }
        value = d->lines.empty() ? std::string{} : d->lines.front();
        if (d->multiline && d->lines.size() > 1) {
            const std::string origin = "$" + ref->name + " defined at " + to_string(d->where);
            std::vector<std::pair<std::string, std::string>> more;
            for (size_t i = 1; i < d->lines.size(); ++i) {
                more.emplace_back(d->lines[i], origin);
            }
            out.rest.insert(out.rest.begin(), more.begin(), more.end());
        }
    } else if (!builtin(*ref, value, where)) {
        return false;
    }
    line.replace(at, ref->len, value);
    return true;
}

Params::Result Params::expand(std::string& line, const SourceRef& where) {
    Result out;
    size_t count = 0;
    for (size_t pos = line.find('$'); pos != std::string::npos; pos = line.find('$', pos)) {
        if (work_ > kMaxWorkBytes) {
            out.failed = true;  // reported once, when the budget ran out
            return out;
        }
        if (!replace_one(line, pos, out, where)) {
            ++pos;
            continue;
        }
        out.changed = true;
        work_ += line.size();
        if (work_ > kMaxWorkBytes) {
            diags_.error(where, "parameter expansion needs more than " +
                                    std::to_string(kMaxWorkBytes >> 20) +
                                    " MiB of work in this configuration: refused");
            out.failed = true;
            return out;
        }
        // The replacement is scanned again from `pos`: values may use values.
        if (++count > kMaxReplacements || line.size() > kMaxLineBytes) {
            diags_.error(where, "parameter expansion does not end (more than " +
                                    std::to_string(kMaxReplacements) + " replacements or " +
                                    std::to_string(kMaxLineBytes) +
                                    " bytes): does a parameter contain itself?");
            out.failed = true;
            return out;
        }
    }
    return out;
}

}  // namespace xvrrp::config
