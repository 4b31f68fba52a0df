// The real filesystem behind SourceLoader: the configuration layer's only I/O.
#pragma once

#include "config/source_loader.h"

namespace xvrrp::config {

class FsLoader : public SourceLoader {
  public:
    std::optional<std::string> read(const std::string& path) override;
    std::vector<std::string> glob(const std::string& pattern) override;
};

}  // namespace xvrrp::config
