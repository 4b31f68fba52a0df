// An IPv4 or IPv6 address as it appears on the wire (network byte order).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xvrrp::proto {

enum class Family : uint8_t { V4 = 4, V6 = 6 };

class IpAddr {
  public:
    IpAddr() = default;

    static IpAddr v4(std::array<uint8_t, 4> b);
    static IpAddr v6(std::array<uint8_t, 16> b);
    // Parses dotted-quad or RFC 5952 text; nullopt on anything else.
    static std::optional<IpAddr> parse(std::string_view text);

    Family family() const { return family_; }
    bool is_v4() const { return family_ == Family::V4; }
    // 4 (IPv4) or 16 (IPv6) meaningful bytes at the front of bytes().
    size_t size() const { return is_v4() ? 4 : 16; }
    const std::array<uint8_t, 16>& bytes() const { return bytes_; }
    const uint8_t* data() const { return bytes_.data(); }
    bool is_link_local() const;  // fe80::/10 (IPv6 only; false for IPv4)
    bool is_multicast() const;   // 224.0.0.0/4 or ff00::/8
    std::string to_string() const;

    // Unsigned comparison in network order (S10 tie-break); IPv4 sorts before IPv6.
    friend std::strong_ordering operator<=>(const IpAddr&, const IpAddr&) = default;
    friend bool operator==(const IpAddr&, const IpAddr&) = default;

  private:
    Family family_ = Family::V4;
    std::array<uint8_t, 16> bytes_{};  // IPv4 uses the first 4, the rest stay 0
};

}  // namespace xvrrp::proto
