#include "config/preprocess.h"

#include <filesystem>
#include <utility>

#include "config/repeat.h"

namespace xvrrp::config {

namespace {

// Deeper than any real nesting of blocks and multiline parameters; stops a
// multiline parameter that uses itself.
constexpr int kMaxDepth = 64;

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

std::string trim_left(std::string_view s) {
    while (!s.empty() && blank(s.front())) {
        s.remove_prefix(1);
    }
    return std::string(s);
}

// `~SEQ(...)` of a block line, for messages.
std::string head(const std::string& text) {
    const size_t close = text.find(')');
    return close == std::string::npos ? text.substr(0, 40) : text.substr(0, close + 1);
}

// Cuts `text` before its first brace outside quotes and `${...}` (after it,
// when the brace comes first) and returns the rest, trimmed.
std::string split_at_brace(std::string& text) {
    bool quote = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            quote = !quote;
        } else if (!quote && c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            const size_t close = text.find('}', i);
            i = close == std::string::npos ? i : close;
        } else if (!quote && (c == '{' || c == '}')) {
            const size_t cut = i == 0 ? 1 : i;
            std::string rest = trim_left(std::string_view(text).substr(cut));
            text.resize(cut);
            while (!text.empty() && blank(text.back())) {
                text.pop_back();
            }
            return rest;
        }
    }
    return {};
}

}  // namespace

std::string decomment(std::string_view line, bool& continued) {
    std::string out;
    bool quote = false;
    continued = false;
    size_t i = 0;
    while (i < line.size() && blank(line[i])) {
        ++i;
    }
    for (; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') {
            quote = !quote;
        } else if (c == '\\' && i + 1 == line.size()) {
            continued = true;
            break;
        } else if (c == '\\') {
            const char n = line[++i];
            if (quote || (n != '#' && n != '!')) {
                out += c;  // other escapes are for the words' own readers
            }
            out += n;
            continue;
        } else if (!quote && (c == '!' || c == '#')) {
            break;
        }
        out += c;
    }
    while (!out.empty() && blank(out.back())) {
        out.pop_back();
    }
    return out;
}

class Preprocessor::Impl {
  public:
    Impl(PreprocessOptions opts, Diagnostics& diags)
        : opts_(std::move(opts)), diags_(diags), params_(opts_.config_id, opts_.random, diags) {}

    void file(std::string_view text, const std::string& path, const Sink& sink) {
        const std::string saved_pwd = params_.pwd();
        const std::string saved_pending = std::exchange(pending_, {});
        params_.set_pwd(pwd_for(path));
        uint32_t n = 0;
        for (size_t from = 0; from < text.size();) {
            size_t nl = text.find('\n', from);
            nl = nl == std::string_view::npos ? text.size() : nl;
            ++n;
            bool continued = false;
            std::string t = decomment(text.substr(from, nl - from), continued);
            from = nl + 1;
            if (!pending_.empty()) {
                continue_definition(t, continued);
            } else if (!t.empty()) {
                line(std::move(t), SourceRef{path, n, {}}, continued, 0, sink);
            }
        }
        end_definition();
        pending_ = saved_pending;
        params_.set_pwd(saved_pwd);
    }

  private:
    using Rest = std::vector<std::pair<std::string, std::string>>;

    std::string pwd_for(const std::string& path) const {
        std::filesystem::path p(path);
        if (p.is_relative() && !opts_.working_dir.empty()) {
            p = std::filesystem::path(opts_.working_dir) / p;
        }
        std::string dir = p.parent_path().lexically_normal().string();
        while (dir.size() > 1 && dir.back() == '/') {
            dir.pop_back();
        }
        return dir.empty() ? "." : dir;
    }

    // One line: kept, dropped (@ID), a definition, a block, or expanded;
    // then the further lines of the multiline parameters it used.
    void line(std::string text, const SourceRef& where, bool continued, int depth,
              const Sink& sink) {
        if (depth > kMaxDepth) {
            diags_.error(where, "expansion nested more than " + std::to_string(kMaxDepth) +
                                    " levels deep: does a multiline parameter use itself?");
            return;
        }
        Rest rest;
        while (!text.empty() && resolve(text, where, continued, depth, sink, rest)) {
            // As in keepalived, what follows a brace is read as a line of its
            // own: `unicast_peer { @^main 10.0.0.1 }` keeps its condition.
            std::string residue = split_at_brace(text);
            if (!room_for(text, where)) {
                return;
            }
            sink(Line{std::move(text), where});
            text = std::move(residue);
            continued = false;
        }
        for (auto& [t, origin] : rest) {
            if (!generate(where)) {
                return;
            }
            line(std::move(t), SourceRef{where.file, where.line, origin}, false, depth + 1, sink);
        }
    }

    // True when `text` is left as a line for the lexer.
    bool resolve(std::string& text, const SourceRef& where, bool continued, int depth,
                 const Sink& sink, Rest& rest) {
        for (int pass = 0; pass < 8; ++pass) {
            if (text.starts_with("@") && !conditional(text, where)) {
                return false;
            }
            if (definition(text, where, continued, depth == 0)) {
                return false;
            }
            if (text.starts_with("~")) {
                repeat(text, where, depth, sink);
                return false;
            }
            auto r = params_.expand(text, where);
            rest.insert(rest.begin(), r.rest.begin(), r.rest.end());
            if (r.failed) {
                exhausted_ = true;  // a runaway expansion generates nothing more
                return false;
            }
            if (text.empty()) {
                return false;
            }
            if (!r.changed) {
                break;
            }
        }
        if (continued) {
            diags_.error(where, "a '\\' at the end of a line continues only a $NAME= definition");
        }
        return true;
    }

    // `@ID rest` / `@^ID rest`: false when the line is not for this config-id.
    bool conditional(std::string& text, const SourceRef& where) {
        const bool negated = text.starts_with("@^");
        const size_t from = negated ? 2 : 1;
        const size_t end = text.find_first_of(" \t", from);
        if (end == std::string::npos) {
            diags_.warning(where, "'" + text + "': nothing after the config-id, line ignored");
            return false;
        }
        const bool match = text.compare(from, end - from, opts_.config_id) == 0;
        if (match == negated) {
            return false;
        }
        text = trim_left(std::string_view(text).substr(end));
        return true;
    }

    // `$NAME=value`: no blank before '='; a trailing `\` starts a multiline one.
    bool definition(const std::string& text, const SourceRef& where, bool continued,
                    bool physical) {
        const size_t eq = text.find('=');
        if (!text.starts_with("$") || eq == std::string::npos ||
            !valid_param_name(std::string_view(text).substr(1, eq - 1))) {
            return false;
        }
        const std::string name = text.substr(1, eq - 1);
        Definition d;
        d.where = where;
        d.multiline = continued && physical;
        std::string value = trim_left(std::string_view(text).substr(eq + 1));
        if (!value.empty() || !d.multiline) {
            d.lines.push_back(std::move(value));
        }
        if (continued && !physical) {
            diags_.error(where, "$" + name +
                                    "=: a multiline definition must be written out, "
                                    "not generated");
        }
        const bool multiline = d.multiline;
        params_.define(name, std::move(d));
        if (multiline) {
            pending_ = name;
        }
        return true;
    }

    // A line after `$NAME= \`: blank lines are skipped, a line without `\`
    // (or an empty one) is the last.
    void continue_definition(const std::string& t, bool continued) {
        if (!t.empty()) {
            params_.find(pending_)->lines.push_back(t);
        }
        if (!continued) {
            end_definition();
        }
    }

    void end_definition() {
        if (pending_.empty()) {
            return;
        }
        Definition* d = params_.find(pending_);
        d->multiline = !d->lines.empty();
        if (d->lines.empty()) {
            d->lines.emplace_back();
        }
        pending_.clear();
    }

    void repeat(const std::string& text, const SourceRef& where, int depth, const Sink& sink) {
        if (!is_repeat(text)) {
            diags_.error(where, "'" + head(text) +
                                    "': unknown block (keepalived has ~SEQ, ~SEQx "
                                    "and ~LST)");
            return;
        }
        bool multiline = false;
        auto parsed = parse_repeat(text, [&](std::string& args) {
            multiline = multiline || !params_.expand(args, where).rest.empty();
        });
        if (!parsed.block || multiline) {
            diags_.error(where, head(text) + ": " +
                                    (multiline ? "a multiline parameter cannot be an argument"
                                               : parsed.error));
            return;
        }
        const RepeatBlock& b = *parsed.block;
        if (b.size() > kMaxGeneratedLines) {
            refuse(where);
            return;
        }
        for (uint64_t i = 0; i < b.size() && generate(where); ++i) {
            const auto values = b.values(i);
            for (size_t v = 0; v < b.vars.size(); ++v) {
                params_.define(b.vars[v], Definition{{values[v]}, false, where});
            }
            if (!b.rest.empty()) {
                line(b.rest, where, false, depth + 1, sink);
            }
        }
    }

    // Counts the bytes handed on; false (reported once) past the limit.
    bool room_for(const std::string& text, const SourceRef& where) {
        if (!overflow_ && (emitted_ += text.size()) > kMaxExpandedBytes) {
            overflow_ = true;
            diags_.error(where, "the configuration is more than " +
                                    std::to_string(kMaxExpandedBytes >> 20) +
                                    " MiB once expanded: refused");
        }
        return !overflow_;
    }

    // Counts one generated line; false (reported once) past the limit.
    bool generate(const SourceRef& where) {
        if (!exhausted_ && ++generated_ > kMaxGeneratedLines) {
            refuse(where);
        }
        return !exhausted_;
    }

    void refuse(const SourceRef& where) {
        if (!exhausted_) {
            diags_.error(where, "more than " + std::to_string(kMaxGeneratedLines) +
                                    " lines generated by ~SEQ/~LST blocks and multiline "
                                    "parameters: refused (is something repeated more than "
                                    "intended?)");
        }
        exhausted_ = true;
    }

    PreprocessOptions opts_;
    Diagnostics& diags_;
    Params params_;
    std::string pending_;  // the multiline definition being read
    uint64_t generated_ = 0;
    bool exhausted_ = false;  // no more generated lines
    uint64_t emitted_ = 0;
    bool overflow_ = false;  // no more lines at all
};

Preprocessor::Preprocessor(PreprocessOptions opts, Diagnostics& diags)
    : impl_(std::make_unique<Impl>(std::move(opts), diags)) {}

Preprocessor::~Preprocessor() = default;

void Preprocessor::file(std::string_view text, const std::string& path, const Sink& sink) {
    impl_->file(text, path, sink);
}

}  // namespace xvrrp::config
