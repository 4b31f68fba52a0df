// Argument checks shared by every keyword handler.
#include <cctype>
#include <string>

#include "config/builder.h"
#include "config/values.h"

namespace xvrrp::config::detail {

namespace {

constexpr std::string_view kDefineHint = "define it with $NAME=value before its use";

// A `$NAME` or `${NAME}` still in a word was never defined: defined ones
// were expanded before the words were split.
bool undefined_parameter(const std::string& word) {
    for (size_t i = word.find('$'); i != std::string::npos; i = word.find('$', i + 1)) {
        const size_t from = i + 1 < word.size() && word[i + 1] == '{' ? i + 2 : i + 1;
        if (from < word.size() &&
            (std::isalpha(static_cast<unsigned char>(word[from])) != 0 || word[from] == '_')) {
            return true;
        }
    }
    return false;
}

std::string count_text(size_t n) {
    return n == 1 ? "1 value" : std::to_string(n) + " values";
}

bool arity(const Statement& st, size_t min, size_t max, Ctx& ctx) {
    if (st.args.size() < min) {
        ctx.diags.error(st.where,
                        st.keyword + (min == 1 ? ": needs a value" : ": needs " + count_text(min)));
        return false;
    }
    if (st.args.size() > max) {
        ctx.diags.error(st.where, st.keyword + ": unexpected '" + st.args[max] + "' (takes " +
                                      (max == 0 ? std::string("no value") : count_text(max)) + ")");
        return false;
    }
    return true;
}

}  // namespace

std::string bad_value(const std::string& keyword, const std::string& value,
                      const std::string& why) {
    if (undefined_parameter(value)) {
        return keyword + ": '" + value + "' is an undefined parameter (" +
               std::string(kDefineHint) + ")";
    }
    return keyword + ": '" + value + "' " + why;
}

std::string bad_value(const Statement& st, size_t i, const std::string& why) {
    return bad_value(st.keyword, st.args[i], why);
}

bool simple(const Statement& st, size_t min, size_t max, Ctx& ctx) {
    if (st.has_block) {
        ctx.diags.error(st.block_where, st.keyword + ": takes no { } block");
        return false;
    }
    return arity(st, min, max, ctx);
}

bool with_block(const Statement& st, size_t args, Ctx& ctx) {
    if (!st.has_block) {
        ctx.diags.error(st.where, st.keyword + ": needs a { } block");
        return false;
    }
    return arity(st, args, args, ctx);
}

std::optional<uint64_t> uint_arg(const Statement& st, size_t i, uint64_t min, uint64_t max,
                                 Ctx& ctx) {
    auto v = parse_uint(st.args[i], min, max);
    if (!v) {
        ctx.diags.error(st.where, bad_value(st, i,
                                            "is not a whole number from " + std::to_string(min) +
                                                " to " + std::to_string(max)));
    }
    return v;
}

std::optional<int64_t> int_arg(const Statement& st, size_t i, int64_t min, int64_t max, Ctx& ctx) {
    auto v = parse_int(st.args[i], min, max);
    if (!v) {
        ctx.diags.error(st.where, bad_value(st, i,
                                            "is not a whole number from " + std::to_string(min) +
                                                " to " + std::to_string(max)));
    }
    return v;
}

std::optional<uint64_t> seconds_arg(const Statement& st, size_t i, uint64_t max_s, Ctx& ctx) {
    auto v = parse_seconds_us(st.args[i], max_s * 1'000'000);
    if (!v) {
        ctx.diags.error(
            st.where,
            bad_value(st, i, "is not a number of seconds from 0 to " + std::to_string(max_s)));
    }
    return v;
}

std::optional<IpAddr> host_address(const std::string& text, const SourceRef& where,
                                   const std::string& what, Ctx& ctx) {
    const size_t slash = text.find('/');
    auto a = IpAddr::parse(std::string_view(text).substr(0, slash));
    if (!a) {
        ctx.diags.error(where, bad_value(what, text, "is not an IP address"));
        return std::nullopt;
    }
    if (slash != std::string::npos) {
        const unsigned max_len = a->is_v4() ? 32 : 128;
        if (!parse_uint(std::string_view(text).substr(slash + 1), 0, max_len)) {
            ctx.diags.error(where, what + ": '" + text + "': '" + text.substr(slash + 1) +
                                       "' is not a prefix length (0-" + std::to_string(max_len) +
                                       ")");
            return std::nullopt;
        }
        ctx.diags.notice(where, what + ": '" + text + "': the prefix length is ignored (" +
                                    text.substr(0, slash) + " is the address used)");
    }
    return a;
}

std::optional<bool> bool_arg(const Statement& st, Ctx& ctx) {
    if (!simple(st, 0, 1, ctx)) {
        return std::nullopt;
    }
    if (st.args.empty()) {
        return true;
    }
    const std::string& a = st.args[0];
    if (a == "true" || a == "yes" || a == "on") {
        return true;
    }
    if (a == "false" || a == "no" || a == "off") {
        return false;
    }
    ctx.diags.error(st.where, bad_value(st, 0, "is not one of true/false/yes/no/on/off"));
    return std::nullopt;
}

std::optional<ScriptCommand> command_arg(const Statement& st, Ctx& ctx) {
    if (!simple(st, 1, 3, ctx)) {
        return std::nullopt;
    }
    if (st.args[0].empty()) {
        ctx.diags.error(st.where, st.keyword + ": the command is empty");
        return std::nullopt;
    }
    ScriptCommand c;
    c.command = st.args[0];
    c.user = st.args.size() > 1 ? st.args[1] : std::string{};
    c.group = st.args.size() > 2 ? st.args[2] : std::string{};
    c.where = st.where;
    return c;
}

bool weight_args(const Statement& st, size_t i, const std::string& what,
                 std::optional<int32_t>& weight, bool& reverse, Ctx& ctx, int32_t limit) {
    const auto& a = st.args;
    if (i == a.size()) {
        return true;
    }
    if (a[i] != "weight") {
        ctx.diags.error(st.where, what + ": unexpected '" + a[i] + "' (expected 'weight N')");
        return false;
    }
    if (i + 1 == a.size()) {
        ctx.diags.error(st.where, what + ": 'weight' needs a value");
        return false;
    }
    auto w = parse_int(a[i + 1], -limit, limit);
    if (!w) {
        ctx.diags.error(st.where, what + ": weight '" + a[i + 1] + "' is not a whole number from " +
                                      std::to_string(-limit) + " to " + std::to_string(limit));
        return false;
    }
    weight = static_cast<int32_t>(*w);
    size_t next = i + 2;
    if (next < a.size() && a[next] == "reverse") {
        reverse = true;
        ++next;
    } else if (next < a.size() && (a[next] == "noreverse" || a[next] == "no_reverse")) {
        reverse = false;  // keepalived's explicit default
        ++next;
    }
    if (next < a.size()) {
        ctx.diags.error(st.where, what + ": unexpected '" + a[next] + "'");
        return false;
    }
    return true;
}

void report_unhandled(const Statement& st, const Unhandled& u, Ctx& ctx) {
    if (u.once && !ctx.once(u.name)) {
        return;
    }
    if (u.severity == Severity::Error) {
        ctx.diags.error(st.where,
                        st.keyword + ": not supported by xvrrp (" + std::string(u.why) + ")");
    } else {
        ctx.diags.add(st.where, u.severity, st.keyword + ": " + std::string(u.why));
    }
}

KeywordInfo describe_unhandled(const Unhandled& u) {
    const bool rejected = u.severity == Severity::Error;
    return KeywordInfo{u.name,
                       rejected ? KeywordStatus::Rejected : KeywordStatus::Accepted,
                       u.why,
                       {},
                       u.severity};
}

namespace {

// The registry block a block's display name is about: "vrrp_instance VI_1"
// is vrrp_instance.
std::string_view registry_block(std::string_view shown) {
    if (shown == "the top level") {
        return kTopLevel;
    }
    return shown.substr(0, shown.find(' '));
}

// " (did you mean 'priority'?)", or where the keyword belongs when it is
// another block's, or nothing.
std::string hint(std::string_view word, std::string_view block) {
    if (auto near = closest_keyword(block, word); !near.empty()) {
        return " (did you mean '" + std::string(near) + "'?)";
    }
    for (const auto& b : keyword_registry()) {
        if (b.block != block && find_keyword(b.block, word) != nullptr) {
            return " (it is a keyword of " +
                   (b.block == kTopLevel ? std::string("the top level") : std::string(b.block)) +
                   ")";
        }
    }
    return {};
}

}  // namespace

void report_unknown(const Statement& st, std::string_view block, Ctx& ctx) {
    if (undefined_parameter(st.keyword)) {
        ctx.diags.error(st.where, "'" + st.keyword + "' is an undefined parameter (" +
                                      std::string(kDefineHint) + ")");
    } else {
        ctx.diags.error(st.where, "unknown keyword '" + st.keyword + "' in " + std::string(block) +
                                      hint(st.keyword, registry_block(block)));
    }
}

}  // namespace xvrrp::config::detail
