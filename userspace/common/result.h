// How the I/O layers (dataplane, net) report failure: fallible calls return
// Result<T> and never throw.
//
// Why not exceptions: most failures there are operating conditions the
// caller decides about (native mode refused -> retry in SKB mode; one
// interface of several failed -> roll the others back), and a rollback path
// must run to the end rather than be unwound past. An Error carries the
// errno-style code for such decisions and a complete operator-facing message
// that already names the interface (and VRID where relevant) and what to do.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace xvrrp {

struct Error {
    int code = 0;         // positive errno value (EPERM, ENODEV, ...), 0 if none applies
    std::string message;  // "bond1: interface not found"
};

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

  private:
    Error error_;
    bool ok_ = true;
};

// "<what>: <strerror(err)>", plus " (<when_denied>)" for EPERM/EACCES so the
// operator learns which capabilities the layer needs. `err` may be a
// positive or negative errno value.
Error errno_error(int err, const std::string& what, std::string_view when_denied);

}  // namespace xvrrp
