// Counters of a running xvrrp, read from its pins alone: what `xvrrp stats`
// and an exporter use, with or without a controller alive. The counters map
// is opened by path and checked to be the map we expect; a watcher notices
// when the pin starts naming another map (controller re-attached fresh) and
// follows it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dataplane/bpffs.h"
#include "dataplane/counters.h"
#include "dataplane/map_spec.h"
#include "dataplane/result.h"

namespace xvrrp::dataplane {

class PinnedCounters {
  public:
    static Result<PinnedCounters> open(std::string_view ifname,
                                       const std::string& pin_root = kDefaultPinRoot);

    // Every counter summed over CPUs; reopens the pin first if it now names
    // a different map than the one held.
    Result<std::vector<CounterValue>> read();
    uint32_t map_id() const { return map_id_; }

  private:
    PinnedCounters() = default;
    Result<void> reopen();

    std::string ifname_;
    std::string pin_dir_;
    OwnedFd fd_;
    uint32_t map_id_ = 0;
};

// One-shot: open, read, close.
Result<std::vector<CounterValue>> read_pinned_counters(
    std::string_view ifname, const std::string& pin_root = kDefaultPinRoot);

}  // namespace xvrrp::dataplane
