// Seeded property tests: round trips of random adverts, and hostile input
// (random bytes, truncations, bit flips) that must never crash the decoder
// nor be accepted with a checksum that does not verify. Bounded loops; the
// seeds are fixed so a failure reproduces.
#include <gtest/gtest.h>

#include <random>

#include "helpers.h"
#include "proto/codec.h"
#include "proto/frames.h"

namespace xvrrp::proto {
namespace {

using test::ref_checksum;
using test::ref_with_pseudo;

class Gen {
  public:
    explicit Gen(uint32_t seed) : rng_(seed) {}

    uint32_t below(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_); }
    uint8_t byte() { return static_cast<uint8_t>(below(256)); }
    bool coin() { return below(2) == 1; }

    IpAddr addr(Family f) {
        if (f == Family::V4) {
            return IpAddr::v4({byte(), byte(), byte(), byte()});
        }
        std::array<uint8_t, 16> b{};
        for (auto& x : b) {
            x = byte();
        }
        return IpAddr::v6(b);
    }
    IpAddr link_local() {
        IpAddr a = addr(Family::V6);
        auto b = a.bytes();
        b[0] = 0xfe;
        b[1] = static_cast<uint8_t>(0x80 | (b[1] & 0x3f));
        return IpAddr::v6(b);
    }
    // Mostly small lists, sometimes the 255 maximum.
    size_t count() { return below(20) == 0 ? 255 : 1 + below(12); }

    Advert advert() {
        Advert a;
        a.version = coin() ? Version::V3 : Version::V2;
        a.family = (a.version == Version::V3 && coin()) ? Family::V6 : Family::V4;
        a.vrid = byte();
        a.priority = byte();
        if (a.version == Version::V3) {
            a.interval = static_cast<uint16_t>(1 + below(4095));
        } else {
            a.interval = byte();
            a.auth_type = coin() ? AuthType::Pass : AuthType::None;
            for (auto& x : a.auth) {
                x = byte();
            }
        }
        const size_t n = count();
        for (size_t i = 0; i < n; ++i) {
            a.addresses.push_back(i == 0 && a.family == Family::V6 ? link_local() : addr(a.family));
        }
        return a;
    }
    IpHeader header(Family f) {
        const IpAddr src = f == Family::V6 ? link_local() : addr(f);
        const IpAddr dst = coin() ? vrrp_group(f) : addr(f);
        return {src, dst, 255};
    }
    xvrrp_csum_form form() { return coin() ? XVRRP_CSUM_PLAIN : XVRRP_CSUM_PSEUDO; }

  private:
    std::mt19937 rng_;
};

// The independent verdict on a checksum the decoder reports as matching.
bool ref_verifies(std::span<const uint8_t> m, const IpHeader& ip, xvrrp_csum_form form) {
    const std::vector<uint8_t> msg(m.begin(), m.end());
    if (form == XVRRP_CSUM_PLAIN) {
        return ref_checksum(msg) == 0;
    }
    if (form == XVRRP_CSUM_PSEUDO) {
        return ref_checksum(ref_with_pseudo(msg, ip.src, ip.dst, 112)) == 0;
    }
    return false;
}

// An accepted result must be internally consistent and checksum-correct.
void check_accepted(std::span<const uint8_t> m, const DecodeResult& r) {
    if (!r.ok()) {
        EXPECT_EQ(r.csum_form, XVRRP_CSUM_NONE);
        return;
    }
    EXPECT_TRUE(ref_verifies(m, r.ip, r.csum_form)) << test::hex({m.begin(), m.end()});
    EXPECT_EQ(r.ip.ttl, 255);
    EXPECT_GE(r.advert.addresses.size(), 1u);
    EXPECT_EQ(m.size(),
              vrrp_message_len(r.advert.version, r.ip.family(), r.advert.addresses.size()));
    if (r.advert.version == Version::V3) {
        EXPECT_NE(r.advert.interval, 0);
    }
    if (r.ip.family() == Family::V6) {
        EXPECT_EQ(r.advert.version, Version::V3);
        EXPECT_TRUE(r.advert.addresses[0].is_link_local());
    }
}

TEST(Property, P1_P2_RandomAdvertsRoundTrip) {
    Gen g(20240601);
    for (int i = 0; i < 4000; ++i) {
        const Advert a = g.advert();
        const IpHeader h = g.header(a.family);
        const xvrrp_csum_form form = g.form();
        const auto m = encode(a, h.src, h.dst, form);
        ASSERT_EQ(m.size(), vrrp_message_len(a.version, a.family, a.addresses.size()));
        const auto r = decode(m, h);
        ASSERT_TRUE(r.ok()) << i << ": " << discard_name(r.discard) << "\n" << test::hex(m);
        ASSERT_EQ(r.advert, a) << i;
        ASSERT_TRUE(ref_verifies(m, h, r.csum_form)) << i;
        if (a.version == Version::V2) {
            EXPECT_EQ(r.csum_form, XVRRP_CSUM_PLAIN);
        } else if (a.family == Family::V6 || form == XVRRP_CSUM_PSEUDO) {
            // PLAIN only if the plain sum happens to verify too (P3 prefers it).
            EXPECT_TRUE(r.csum_form == XVRRP_CSUM_PSEUDO || ref_verifies(m, h, XVRRP_CSUM_PLAIN));
        } else {
            EXPECT_EQ(r.csum_form, XVRRP_CSUM_PLAIN);
        }
        // And through the frame builder and frame decoder.
        const auto f = build_advert_frame(a, vmac(a.family, a.vrid), h.src, h.dst, form,
                                          {.dst_mac = kBroadcastMac});
        const auto rf = decode_frame(f);
        ASSERT_TRUE(rf.has_value() && rf->ok()) << i;
        ASSERT_EQ(rf->advert, a);
        ASSERT_EQ(rf->ip.src, h.src);
        ASSERT_EQ(rf->ip.dst, h.dst);
    }
}

TEST(Property, P1_RandomAdvertsAcceptedByMatchingPolicy) {
    Gen g(5798);
    for (int i = 0; i < 1000; ++i) {
        const Advert a = g.advert();
        const IpHeader h = g.header(a.family);
        ReceivePolicy p;
        p.version = a.version;
        p.vrids = {a.vrid};
        p.unicast = g.coin();
        p.peers = {h.src};
        p.v2_auth_type = a.auth_type;
        p.v2_auth = a.auth;
        p.v2_interval_s = a.interval;
        p.vips.assign(a.addresses.rbegin(), a.addresses.rend());
        const auto r = decode(encode(a, h.src, h.dst, g.form()), h, &p);
        ASSERT_TRUE(r.ok()) << i << ": " << discard_name(r.discard);
        ASSERT_EQ(r.advert, a);
    }
}

TEST(Property, RandomBytesNeverCrashNorPassUnverified) {
    Gen g(3768);
    size_t accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        const Family f = g.coin() ? Family::V4 : Family::V6;
        const IpHeader h = g.header(f);
        std::vector<uint8_t> m(g.below(80));
        for (auto& x : m) {
            x = g.byte();
        }
        if (!m.empty() && g.coin()) {
            m[0] = g.coin() ? 0x31 : 0x21;  // get past D2/D3 more often
        }
        if (m.size() > 3 && g.coin()) {
            m[3] = static_cast<uint8_t>(1 + g.below(3));
        }
        const auto r = decode(m, h);
        check_accepted(m, r);
        accepted += r.ok();
    }
    // Random bytes essentially never carry a valid checksum; a handful may.
    EXPECT_LT(accepted, 20u);
}

TEST(Property, D4_TruncatedValidAdvertsNeverAccepted) {
    Gen g(4);
    for (int i = 0; i < 300; ++i) {
        const Advert a = g.advert();
        const IpHeader h = g.header(a.family);
        const auto m = encode(a, h.src, h.dst, g.form());
        for (size_t n = 0; n < m.size(); ++n) {
            const auto r = decode(std::span(m).first(n), h);
            ASSERT_FALSE(r.ok()) << i << " cut at " << n;
        }
    }
}

TEST(Property, D5_BitFlipsNeverAcceptedWithWrongChecksum) {
    Gen g(1071);
    size_t single_flip_accepted = 0;
    for (int i = 0; i < 3000; ++i) {
        const Advert a = g.advert();
        const IpHeader h = g.header(a.family);
        auto m = encode(a, h.src, h.dst, g.form());
        const uint32_t flips = 1 + g.below(3);
        for (uint32_t k = 0; k < flips; ++k) {
            m[g.below(static_cast<uint32_t>(m.size()))] ^= static_cast<uint8_t>(1u << g.below(8));
        }
        const auto r = decode(m, h);
        check_accepted(m, r);
        single_flip_accepted += flips == 1 && r.ok() && a.version == Version::V2;
    }
    // One flipped bit always breaks a v2 (single-form) checksum.
    EXPECT_EQ(single_flip_accepted, 0u);
}

TEST(Property, MutatedFramesNeverCrashNorPassUnverified) {
    Gen g(8200);
    for (int i = 0; i < 3000; ++i) {
        const Advert a = g.advert();
        const IpHeader h = g.header(a.family);
        auto f = build_advert_frame(a, vmac(a.family, a.vrid), h.src, h.dst, g.form(),
                                    {.dst_mac = kBroadcastMac});
        switch (g.below(3)) {
            case 0:
                f.resize(g.below(static_cast<uint32_t>(f.size())));
                break;
            case 1:
                for (int k = 0; k < 4; ++k) {
                    f[g.below(static_cast<uint32_t>(f.size()))] = g.byte();
                }
                break;
            default:  // damage the IP header only
                f[kEthHeaderLen + g.below(20)] ^= static_cast<uint8_t>(1u << g.below(8));
                break;
        }
        const auto r = decode_frame(f);
        if (r.has_value() && r->ok()) {
            // Re-derive the VRRP payload the decoder used and verify it here.
            const size_t ip_len = r->ip.family() == Family::V4 ? size_t{f[14] & 0x0fu} * 4 : 40;
            const size_t len =
                vrrp_message_len(r->advert.version, r->ip.family(), r->advert.addresses.size());
            ASSERT_LE(kEthHeaderLen + ip_len + len, f.size());
            check_accepted(std::span(f).subspan(kEthHeaderLen + ip_len, len), *r);
        }
    }
}

}  // namespace
}  // namespace xvrrp::proto
