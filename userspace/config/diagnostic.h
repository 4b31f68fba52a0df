// What the configuration reader tells the operator: one finding, with the
// file and line it is about, in the form `FILE:LINE: severity: message`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xvrrp::config {

// Ordered by weight: only errors make a configuration unusable.
enum class Severity : uint8_t { Info, Notice, Warning, Error };

std::string_view to_string(Severity s);

// Where a keyword or value was written. Line 0 means "the file as a whole"
// (for instance, a file that cannot be read).
struct SourceRef {
    SourceRef() = default;
    SourceRef(std::string f, uint32_t l, std::string o = {})
        : file(std::move(f)), line(l), origin(std::move(o)) {}

    std::string file;
    uint32_t line = 0;
    // For a line generated from a multiline parameter (placed at its use):
    // "$NAME defined at FILE:LINE". Empty otherwise.
    std::string origin;

    friend bool operator==(const SourceRef&, const SourceRef&) = default;
};

// `FILE:LINE`, or `FILE` for line 0.
std::string to_string(const SourceRef& r);

struct Diagnostic {
    SourceRef where;
    Severity severity = Severity::Error;
    std::string message;

    // `FILE:LINE: severity: message` (or `FILE: severity: message` for line 0),
    // then ` (from $NAME defined at FILE:LINE)` for a line a multiline
    // parameter generated.
    std::string render() const;

    friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// By file name, then line; findings on one line keep their order (the
// order they were made in, which is cause before consequence).
void sort_findings(std::vector<Diagnostic>& findings);

// Collects findings in the order they were made; never stops at the first.
class Diagnostics {
  public:
    void add(const SourceRef& where, Severity s, std::string message);
    void error(const SourceRef& where, std::string message) {
        add(where, Severity::Error, std::move(message));
    }
    void warning(const SourceRef& where, std::string message) {
        add(where, Severity::Warning, std::move(message));
    }
    void notice(const SourceRef& where, std::string message) {
        add(where, Severity::Notice, std::move(message));
    }
    void info(const SourceRef& where, std::string message) {
        add(where, Severity::Info, std::move(message));
    }

    bool has_errors() const;
    size_t count(Severity s) const;
    const std::vector<Diagnostic>& all() const { return items_; }
    std::vector<Diagnostic> take() { return std::move(items_); }

  private:
    std::vector<Diagnostic> items_;
};

}  // namespace xvrrp::config
