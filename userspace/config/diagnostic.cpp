#include "config/diagnostic.h"

#include <algorithm>

namespace xvrrp::config {

std::string_view to_string(Severity s) {
    switch (s) {
        case Severity::Info:
            return "info";
        case Severity::Notice:
            return "notice";
        case Severity::Warning:
            return "warning";
        case Severity::Error:
            return "error";
    }
    return "error";
}

std::string to_string(const SourceRef& r) {
    return r.line == 0 ? r.file : r.file + ":" + std::to_string(r.line);
}

std::string Diagnostic::render() const {
    std::string out = to_string(where);
    out += ": ";
    out += to_string(severity);
    out += ": ";
    out += message;
    if (!where.origin.empty()) {
        out += " (from " + where.origin + ")";
    }
    return out;
}

void sort_findings(std::vector<Diagnostic>& findings) {
    std::stable_sort(findings.begin(), findings.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return a.where.file != b.where.file ? a.where.file < b.where.file
                                                             : a.where.line < b.where.line;
                     });
}

void Diagnostics::add(const SourceRef& where, Severity s, std::string message) {
    items_.push_back(Diagnostic{where, s, std::move(message)});
}

bool Diagnostics::has_errors() const {
    return count(Severity::Error) != 0;
}

size_t Diagnostics::count(Severity s) const {
    return static_cast<size_t>(std::count_if(items_.begin(), items_.end(),
                                             [s](const Diagnostic& d) { return d.severity == s; }));
}

}  // namespace xvrrp::config
