#include "config/lexer.h"

namespace xvrrp::config {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\0';
}

bool ends_word(char c) {
    return is_space(c) || c == '\n' || c == '"' || c == '!' || c == '#' || c == '{' || c == '}';
}

class Lexer {
  public:
    Lexer(std::string_view text, const std::string& file, Diagnostics& diags)
        : text_(text), file_(file), diags_(diags) {}

    std::vector<Token> run() {
        while (pos_ < text_.size()) {
            step();
        }
        if (!out_.empty() && out_.back().kind != Token::Kind::EndOfLine) {
            push(Token::Kind::EndOfLine, {});
        }
        return std::move(out_);
    }

  private:
    void step() {
        const char c = text_[pos_];
        if (c == '\n') {
            push(Token::Kind::EndOfLine, {});
            ++line_;
            ++pos_;
        } else if (is_space(c)) {
            ++pos_;
        } else if (c == '!' || c == '#') {
            skip_comment();
        } else if (c == '{' || c == '}') {
            push(c == '{' ? Token::Kind::Open : Token::Kind::Close, {});
            ++pos_;
        } else if (c == '"') {
            quoted();
        } else {
            word();
        }
    }

    void skip_comment() {
        while (pos_ < text_.size() && text_[pos_] != '\n') {
            ++pos_;
        }
    }

    void quoted() {
        const size_t start = ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
            ++pos_;
        }
        std::string value(text_.substr(start, pos_ - start));
        if (pos_ < text_.size() && text_[pos_] == '"') {
            ++pos_;
        } else {
            diags_.error({file_, line_}, "unterminated quoted string \"" + value + "\"");
        }
        push(Token::Kind::Word, std::move(value), true);
    }

    void word() {
        const size_t start = pos_;
        while (pos_ < text_.size() && !ends_word(text_[pos_])) {
            ++pos_;
        }
        push(Token::Kind::Word, std::string(text_.substr(start, pos_ - start)));
    }

    void push(Token::Kind kind, std::string text, bool quoted = false) {
        out_.push_back(Token{kind, std::move(text), quoted, line_});
    }

    std::string_view text_;
    const std::string& file_;
    Diagnostics& diags_;
    size_t pos_ = 0;
    uint32_t line_ = 1;
    std::vector<Token> out_;
};

}  // namespace

std::vector<Token> lex(std::string_view text, const std::string& file, Diagnostics& diags) {
    return Lexer(text, file, diags).run();
}

}  // namespace xvrrp::config
