// Routes libbpf's and libxdp's own diagnostics into spdlog, so a verifier
// rejection or libxdp's dispatcher fallback shows up in the controller's log
// instead of on a stderr nobody reads.
#pragma once

namespace xvrrp::dataplane {

// Idempotent; called by everything in this layer that talks to libbpf.
void install_bpf_logging();

// While one exists, libbpf's warnings are logged at debug level. Used around
// libxdp's attach, which probes its dispatcher by loading programs that this
// kernel refuses: expected failures that would read as alarms in the log.
class QuietLibbpfWarnings {
  public:
    QuietLibbpfWarnings();
    ~QuietLibbpfWarnings();
    QuietLibbpfWarnings(const QuietLibbpfWarnings&) = delete;
    QuietLibbpfWarnings& operator=(const QuietLibbpfWarnings&) = delete;
};

}  // namespace xvrrp::dataplane
