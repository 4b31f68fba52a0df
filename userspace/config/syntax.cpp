#include "config/syntax.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "config/lexer.h"
#include "config/preprocess.h"

namespace xvrrp::config {

namespace {

// Deeper than any real configuration (keepalived's deepest is 4); keeps a
// hostile file from building a tree whose destruction overflows the stack.
constexpr size_t kMaxBlockDepth = 32;
constexpr size_t kMaxIncludeDepth = 32;
// Caps include fan-out (a file included twice by each of 32 nested files).
constexpr size_t kMaxFiles = 1024;

struct Located {
    Token tok;
    SourceRef where;
};

std::string normal(const std::string& path) {
    return std::filesystem::path(path).lexically_normal().string();
}

std::string resolve(const std::string& pattern, const std::string& including_file) {
    if (!pattern.empty() && pattern.front() == '/') {
        return pattern;
    }
    const auto dir = std::filesystem::path(including_file).parent_path();
    return dir.empty() ? pattern : (dir / pattern).string();
}

// Turns the root file and its includes, line by line through the
// pre-processor, into one stream of located tokens.
class Expander {
  public:
    Expander(SourceLoader& loader, const PreprocessOptions& opts, Diagnostics& diags)
        : loader_(loader), diags_(diags), pre_(opts, diags) {}

    void file(const std::string& path, const SourceRef* included_from) {
        auto text = loader_.read(path);
        if (!text) {
            if (included_from != nullptr) {
                diags_.error(*included_from, "include: cannot read '" + path + "'");
            } else {
                diags_.error({path, 0}, "cannot read configuration file");
            }
            return;
        }
        this->text(*text, path);
    }

    void text(std::string_view body, const std::string& path) {
        ++files_read_;
        stack_.push_back(normal(path));
        pre_.file(body, path,
                  [this](const Line& l) { splice(lex_line(l.text, l.where, diags_), l.where); });
        stack_.pop_back();
    }

    std::vector<Located> out;

  private:
    void splice(const std::vector<Token>& toks, const SourceRef& where) {
        bool at_start = true;
        for (size_t i = 0; i < toks.size(); ++i) {
            const Token& t = toks[i];
            const IncludeKeyword* inc = at_start && t.kind == Token::Kind::Word && !t.quoted
                                            ? include_keyword(t.text)
                                            : nullptr;
            if (inc != nullptr) {
                i = include(toks, i, *inc, where);
                continue;  // `i` now sits on the include's end of line
            }
            at_start = t.kind != Token::Kind::Word;
            out.push_back(Located{t, where});
        }
    }

    static const IncludeKeyword* include_keyword(std::string_view word) {
        for (const auto& k : kIncludeKeywords) {
            if (k.name == word) {
                return &k;
            }
        }
        return nullptr;
    }

    // Expands the include at toks[at]; returns the index of its EndOfLine.
    size_t include(const std::vector<Token>& toks, size_t at, const IncludeKeyword& kw,
                   const SourceRef& where) {
        std::vector<std::string> args;
        size_t i = at + 1;
        for (; i < toks.size() && toks[i].kind == Token::Kind::Word; ++i) {
            args.push_back(toks[i].text);
        }
        if (i < toks.size() && toks[i].kind != Token::Kind::EndOfLine) {
            diags_.error(where, std::string(kw.name) + ": unexpected brace after the file pattern");
        }
        if (args.size() != 1) {
            const std::string name(kw.name);
            diags_.error(where, args.empty() ? name + " needs a file pattern"
                                             : name + " takes one file pattern, got '" + args[1] +
                                                   "' after '" + args[0] + "'");
        }
        if (!args.empty()) {
            expand(args[0], kw, where);
        }
        while (i < toks.size() && toks[i].kind != Token::Kind::EndOfLine) {
            ++i;
        }
        if (i < toks.size()) {
            out.push_back(Located{toks[i], where});  // keeps the enclosing statement intact
        }
        return i;
    }

    void expand(const std::string& pattern, const IncludeKeyword& kw, const SourceRef& where) {
        const std::string full = resolve(pattern, where.file);
        const auto matches = loader_.glob(full);
        if (matches.empty()) {
            const bool wildcard = pattern.find_first_of("*?[") != std::string::npos;
            const std::string msg = std::string(kw.name) + " '" + pattern + "': no file matches";
            if (kw.no_match_error && !(kw.wildcard_ok && wildcard)) {
                diags_.error(where, msg);
            } else {
                diags_.warning(where, msg);
            }
            return;
        }
        for (const auto& m : matches) {
            const std::string key = normal(m);
            if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
                diags_.error(where, "include cycle: " + chain(key));
            } else if (files_read_ >= kMaxFiles) {
                diags_.error(where, "include '" + pattern + "': more than " +
                                        std::to_string(kMaxFiles) + " files read in total");
                return;
            } else if (stack_.size() >= kMaxIncludeDepth) {
                diags_.error(where, "include '" + pattern + "': nested too deeply (more than " +
                                        std::to_string(kMaxIncludeDepth) + " levels)");
            } else {
                file(m, &where);
            }
        }
    }

    std::string chain(const std::string& again) const {
        std::string s;
        auto it = std::find(stack_.begin(), stack_.end(), again);
        for (; it != stack_.end(); ++it) {
            s += *it + " -> ";
        }
        return s + again;
    }

    SourceLoader& loader_;
    Diagnostics& diags_;
    Preprocessor pre_;
    std::vector<std::string> stack_;  // files being read, outermost first
    size_t files_read_ = 0;
};

struct Frame {
    std::vector<Statement>* list;
    SourceRef open;  // the `{` (unused for the root)
    std::string owner;
};

// Builds statements from the token stream, tracking braces.
class TreeBuilder {
  public:
    TreeBuilder(const Expander& ex, Diagnostics& diags) : ex_(ex), diags_(diags) {
        frames_.push_back(Frame{&root_, {}, {}});
    }

    std::vector<Statement> run() {
        for (const auto& l : ex_.out) {
            if (skip_depth_ > 0) {
                skip(l);
            } else {
                take(l);
            }
        }
        flush();
        if (skip_depth_ > 0) {
            diags_.error(skip_open_, "'{' is never closed (missing '}')");
        }
        for (size_t i = frames_.size(); i-- > 1;) {
            diags_.error(frames_[i].open,
                         "'{' of '" + frames_[i].owner + "' is never closed (missing '}')");
        }
        return std::move(root_);
    }

  private:
    static const SourceRef& at(const Located& l) { return l.where; }

    void take(const Located& l) {
        switch (l.tok.kind) {
            case Token::Kind::Word:
                if (cur_) {
                    cur_->args.push_back(l.tok.text);
                } else {
                    cur_ = Statement{at(l), l.tok.text, {}, false, {}, {}};
                }
                break;
            case Token::Kind::EndOfLine:
                flush();
                break;
            case Token::Kind::Open:
                open(l);
                break;
            case Token::Kind::Close:
                close(l);
                break;
        }
    }

    void open(const Located& l) {
        auto& list = *frames_.back().list;
        if (cur_) {
            list.push_back(std::move(*cur_));
            cur_.reset();
        } else if (list.empty() || list.back().has_block) {
            diags_.error(at(l), "'{' without a keyword before it");
            skip_depth_ = 1;
            skip_open_ = at(l);
            return;
        }
        // A `{` alone on the line after its keyword belongs to that keyword.
        Statement& owner = list.back();
        if (frames_.size() > kMaxBlockDepth) {
            diags_.error(at(l), "blocks nested too deeply (more than " +
                                    std::to_string(kMaxBlockDepth) + " levels)");
            skip_depth_ = 1;
            skip_open_ = at(l);
            return;
        }
        owner.has_block = true;
        owner.block_where = at(l);
        frames_.push_back(Frame{&owner.children, at(l), owner.keyword});
    }

    void close(const Located& l) {
        flush();
        if (frames_.size() == 1) {
            diags_.error(at(l), "'}' without a matching '{'");
            return;
        }
        frames_.pop_back();
    }

    // Inside a block we refused to build: only brace balance matters.
    void skip(const Located& l) {
        if (l.tok.kind == Token::Kind::Open) {
            ++skip_depth_;
        } else if (l.tok.kind == Token::Kind::Close) {
            --skip_depth_;
        }
    }

    void flush() {
        if (cur_) {
            frames_.back().list->push_back(std::move(*cur_));
            cur_.reset();
        }
    }

    const Expander& ex_;
    Diagnostics& diags_;
    std::vector<Statement> root_;
    std::vector<Frame> frames_;
    std::optional<Statement> cur_;
    size_t skip_depth_ = 0;
    SourceRef skip_open_;
};

std::vector<Statement> build(const Expander& ex, Diagnostics& diags) {
    return TreeBuilder(ex, diags).run();
}

}  // namespace

std::vector<Statement> read_config(const std::string& path, SourceLoader& loader,
                                   Diagnostics& diags, const PreprocessOptions& opts) {
    Expander ex(loader, opts, diags);
    ex.file(path, nullptr);
    return build(ex, diags);
}

std::vector<Statement> read_config_text(std::string_view text, const std::string& name,
                                        SourceLoader& loader, Diagnostics& diags,
                                        const PreprocessOptions& opts) {
    Expander ex(loader, opts, diags);
    ex.text(text, name);
    return build(ex, diags);
}

}  // namespace xvrrp::config
