// The only way the configuration reader reaches files: injected, so the
// parser stays pure and tests (and the fuzzer) use an in-memory tree.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xvrrp::config {

class SourceLoader {
  public:
    virtual ~SourceLoader() = default;
    // The whole text of `path`, or nullopt when it cannot be read.
    virtual std::optional<std::string> read(const std::string& path) = 0;
    // Files matching a shell glob (`*`, `?`, `[...]`), sorted; empty when
    // nothing matches. A pattern without wildcards matches itself if the
    // file exists.
    virtual std::vector<std::string> glob(const std::string& pattern) = 0;
};

// Files held in memory, keyed by path. For tests, the fuzzer and callers
// that already hold the text (e.g. a configuration received over a socket).
class MemoryLoader : public SourceLoader {
  public:
    MemoryLoader() = default;
    explicit MemoryLoader(std::map<std::string, std::string> files) : files_(std::move(files)) {}

    void add(const std::string& path, std::string text) { files_[path] = std::move(text); }
    std::optional<std::string> read(const std::string& path) override;
    std::vector<std::string> glob(const std::string& pattern) override;

  private:
    std::map<std::string, std::string> files_;
};

}  // namespace xvrrp::config
