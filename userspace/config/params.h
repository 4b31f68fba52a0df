// keepalived's substitutable parameters (keepalived.conf(5), "Parameter
// substitution" and "Pre-defined definitions"): the table of `$NAME=value`
// definitions and the expansion of `$NAME` / `${NAME}` in a line.
//
// Expansion happens when a line is used, not when a value is defined, and is
// recursive: the replaced text is scanned again. A name nobody defined is
// left as written, so a shell `$x` in a script line survives.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"

namespace xvrrp::config {

// `${_RANDOM MIN MAX}`: a number in [min, max]. Injected so the reader stays
// pure; the command line passes a real random source.
using RandomSource = std::function<uint64_t(uint64_t min, uint64_t max)>;

struct Definition {
    // The value's lines: one for `$N=value`; a multiline definition (`\` at
    // the end of its lines) keeps its non-blank lines, possibly none.
    std::vector<std::string> lines;
    bool multiline = false;
    SourceRef where;
};

// A name keepalived accepts: [A-Za-z_][A-Za-z0-9_]*.
bool valid_param_name(std::string_view name);

class Params {
  public:
    Params(std::string config_id, RandomSource random, Diagnostics& diags)
        : config_id_(std::move(config_id)), random_(std::move(random)), diags_(diags) {}

    // A later definition of the same name replaces the earlier one, and may
    // replace a pre-defined one (as in keepalived).
    Definition& define(const std::string& name, Definition d);
    Definition* find(const std::string& name);

    // `${_PWD}`: the directory of the file being read.
    void set_pwd(std::string dir) { pwd_ = std::move(dir); }
    const std::string& pwd() const { return pwd_; }

    struct Result {
        bool changed = false;
        // Further lines of the multiline parameters expanded at the end of
        // the line, in order, and the definition each came from.
        std::vector<std::pair<std::string, std::string>> rest;  // (text, "$NAME at FILE:LINE")
        bool failed = false;  // did not terminate; reported at `where`
    };
    // Expands every parameter of `line` in place. A multiline parameter is
    // expanded only where it ends the line (keepalived's rule): its first
    // line replaces it, its other lines come back in `rest`.
    Result expand(std::string& line, const SourceRef& where);

  private:
    struct Ref;
    bool builtin(const Ref& r, std::string& value, const SourceRef& where);
    bool replace_one(std::string& line, size_t at, Result& out, const SourceRef& where);

    std::map<std::string, Definition> defs_;
    std::string config_id_;
    RandomSource random_;
    Diagnostics& diags_;
    std::string pwd_;
    uint64_t work_ = 0;  // bytes moved by every replacement so far
};

}  // namespace xvrrp::config
