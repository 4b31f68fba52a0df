// Reading the XDP program's ring buffers from the controller's epoll loop:
// add epoll_fd() to the loop; when it is readable, call consume() (or
// drain()), which decodes every pending record and hands each event on.
//
// One reader can hold the rings of several interfaces (one "events" map per
// attachment) behind a single epoll fd. Each ring either has its own
// handler, called from consume(), or none, in which case its events are
// queued with the interface name and collected by drain(): a loop that must
// look at events in more than one way (normal dispatch, waiting for a
// hand-over) takes them as a batch instead of binding one callback.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dataplane/events.h"
#include "dataplane/result.h"

namespace xvrrp::dataplane {

// An event from a ring added without a handler, with the interface it came
// from.
struct SourcedEvent {
    std::string ifname;
    Event event;
};

class EventReader {
  public:
    using Handler = std::function<void(const Event&)>;

    // A reader with no ring yet: epoll_fd() is -1 until the first add().
    EventReader();
    // A reader of one ring; the same as EventReader() followed by add().
    static Result<EventReader> create(int ring_fd, std::string_view ifname, Handler handler);

    // Adds the ring `ring_fd` (the "events" map, Maps::events_fd()) of
    // `ifname`; it is only used while the reader lives, not owned. With no
    // handler, its events wait for drain(). Rings cannot be removed.
    Result<void> add(int ring_fd, std::string_view ifname, Handler handler = {});

    // Becomes readable when records are pending (ring_buffer__epoll_fd).
    int epoll_fd() const;
    // Handles every pending record without blocking; returns how many.
    // -EINTR is not an error (0 handled); anything else is reported. An
    // exception from a handler stops the batch and propagates.
    Result<int> consume();
    // Waits up to `timeout_ms` for records, then handles them.
    Result<int> poll(int timeout_ms);
    // consume(), then every queued event of the handler-less rings, oldest
    // first. On error the queue is kept for the next call.
    Result<std::vector<SourcedEvent>> drain();
    // Records that could not be decoded (too short, unknown type): skipped.
    uint64_t undecodable() const;

    EventReader(EventReader&&) noexcept;
    EventReader& operator=(EventReader&&) noexcept;
    ~EventReader();

  private:
    struct State;
    struct Source;
    explicit EventReader(std::unique_ptr<State> state);
    Result<int> finish(int rc, const char* what);
    std::unique_ptr<State> state_;  // stable address: libbpf holds pointers into it
};

}  // namespace xvrrp::dataplane
