#include "dataplane/event_reader.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <exception>
#include <utility>

namespace xvrrp::dataplane {

// One ring: libbpf's callback context.
struct EventReader::Source {
    State* state;
    std::string ifname;
    Handler handler;
};

struct EventReader::State {
    ring_buffer* ring = nullptr;
    std::vector<std::unique_ptr<Source>> sources;
    std::vector<SourcedEvent> queued;
    uint64_t undecodable = 0;
    int handled = 0;
    std::exception_ptr failure;

    ~State() { ring_buffer__free(ring); }

    // The interfaces, for an error that is not about one ring.
    std::string names() const {
        std::string out;
        for (const auto& s : sources) {
            out += (out.empty() ? "" : ", ") + s->ifname;
        }
        return out;
    }

    static int on_record(void* ctx, void* data, size_t size) {
        auto* src = static_cast<Source*>(ctx);
        State* self = src->state;
        const auto event = decode_event({static_cast<const uint8_t*>(data), size});
        if (!event) {
            ++self->undecodable;
            return 0;
        }
        // Exceptions must not cross libbpf's C frames: park it, stop the
        // batch, rethrow from consume().
        try {
            if (src->handler) {
                src->handler(*event);
            } else {
                self->queued.push_back(SourcedEvent{src->ifname, *event});
            }
        } catch (...) {
            self->failure = std::current_exception();
            return -ECANCELED;
        }
        ++self->handled;
        return 0;
    }
};

EventReader::EventReader() : state_(std::make_unique<State>()) {}
EventReader::EventReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
EventReader::EventReader(EventReader&&) noexcept = default;
EventReader& EventReader::operator=(EventReader&&) noexcept = default;
EventReader::~EventReader() = default;

Result<EventReader> EventReader::create(int ring_fd, std::string_view ifname, Handler handler) {
    EventReader reader;
    if (auto added = reader.add(ring_fd, ifname, std::move(handler)); !added) {
        return added.error();
    }
    return reader;
}

Result<void> EventReader::add(int ring_fd, std::string_view ifname, Handler handler) {
    auto& sources = state_->sources;
    sources.push_back(
        std::make_unique<Source>(Source{state_.get(), std::string(ifname), std::move(handler)}));
    void* ctx = sources.back().get();
    int err = 0;
    if (state_->ring == nullptr) {
        state_->ring = ring_buffer__new(ring_fd, &State::on_record, ctx, nullptr);
        err = state_->ring != nullptr ? 0 : errno;
    } else {
        err = ring_buffer__add(state_->ring, ring_fd, &State::on_record, ctx);
    }
    if (err != 0) {
        sources.pop_back();
        return errno_error(err, std::string(ifname) + ": cannot open the event ring buffer");
    }
    return {};
}

int EventReader::epoll_fd() const {
    return state_->ring != nullptr ? ring_buffer__epoll_fd(state_->ring) : -1;
}

uint64_t EventReader::undecodable() const {
    return state_->undecodable;
}

Result<int> EventReader::finish(int rc, const char* what) {
    const int handled = state_->handled;
    state_->handled = 0;
    if (state_->failure) {
        std::rethrow_exception(std::exchange(state_->failure, nullptr));
    }
    if (rc < 0 && rc != -EINTR) {
        return errno_error(rc, state_->names() + ": " + what);
    }
    return handled;
}

Result<int> EventReader::consume() {
    if (state_->ring == nullptr) {
        return 0;
    }
    return finish(ring_buffer__consume(state_->ring), "cannot read the event ring buffer");
}

Result<int> EventReader::poll(int timeout_ms) {
    if (state_->ring == nullptr) {
        return 0;
    }
    return finish(ring_buffer__poll(state_->ring, timeout_ms), "cannot poll the event ring buffer");
}

Result<std::vector<SourcedEvent>> EventReader::drain() {
    if (auto consumed = consume(); !consumed) {
        return consumed.error();
    }
    return std::exchange(state_->queued, {});
}

}  // namespace xvrrp::dataplane
