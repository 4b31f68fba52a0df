#include "config/lexer.h"

namespace xvrrp::config {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n' || c == '\0';
}

bool ends_word(char c) {
    return is_space(c) || c == '"' || c == '{' || c == '}';
}

class Lexer {
  public:
    Lexer(std::string_view text, const SourceRef& where, Diagnostics& diags)
        : text_(text), where_(where), diags_(diags) {}

    std::vector<Token> run() {
        while (pos_ < text_.size()) {
            step();
        }
        push(Token::Kind::EndOfLine, {});
        return std::move(out_);
    }

  private:
    void step() {
        const char c = text_[pos_];
        if (is_space(c)) {
            ++pos_;
        } else if (c == '{' || c == '}') {
            push(c == '{' ? Token::Kind::Open : Token::Kind::Close, {});
            ++pos_;
        } else if (c == '"') {
            quoted();
        } else {
            word();
        }
    }

    void quoted() {
        const size_t start = ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"') {
            ++pos_;
        }
        std::string value(text_.substr(start, pos_ - start));
        if (pos_ < text_.size()) {
            ++pos_;
        } else {
            diags_.error(where_, "unterminated quoted string \"" + value + "\"");
        }
        push(Token::Kind::Word, std::move(value), true);
    }

    void word() {
        const size_t start = pos_;
        while (pos_ < text_.size() && !ends_word(text_[pos_])) {
            pos_ = text_.substr(pos_).starts_with("${") ? parameter_end() : pos_ + 1;
        }
        push(Token::Kind::Word, std::string(text_.substr(start, pos_ - start)));
    }

    // Past the `}` of a `${...}` at pos_ (no blank inside), or just past '$'.
    size_t parameter_end() const {
        size_t i = pos_ + 2;
        while (i < text_.size() && text_[i] != '}' && !is_space(text_[i]) && text_[i] != '{') {
            ++i;
        }
        return i < text_.size() && text_[i] == '}' ? i + 1 : pos_ + 1;
    }

    void push(Token::Kind kind, std::string text, bool quoted = false) {
        out_.push_back(Token{kind, std::move(text), quoted});
    }

    std::string_view text_;
    const SourceRef& where_;
    Diagnostics& diags_;
    size_t pos_ = 0;
    std::vector<Token> out_;
};

}  // namespace

std::vector<Token> lex_line(std::string_view line, const SourceRef& where, Diagnostics& diags) {
    return Lexer(line, where, diags).run();
}

}  // namespace xvrrp::config
