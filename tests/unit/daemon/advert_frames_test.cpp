// What a virtual router puts on the wire and in the kernel's router entry
// for the checksum forms (P3) and v2/v3 migration (RFC 9568 8.4, I1-I3).
#include "daemon/advert_frames.h"

#include <gtest/gtest.h>

#include "daemon/instance.h"
#include "daemon/router_image.h"
#include "daemon/router_setup.h"
#include "daemon/status.h"
#include "helpers.h"
#include "proto/checksum.h"
#include "proto/codec.h"

namespace xvrrp::daemon {
namespace {

using testing::instance;
using testing::ip;

const proto::IpAddr kPrimary = ip("192.0.2.1");
const proto::Mac kLinkMac = {0x02, 0, 0, 0, 0, 0x01};

// The VRRP message of an Ethernet + IPv4 (no options) advert frame.
std::span<const uint8_t> message(const std::vector<uint8_t>& frame) {
    return std::span<const uint8_t>(frame).subspan(14 + 20);
}

AdvertBatchPtr batch(const config::Instance& in, uint8_t priority = 100) {
    AdvertFrames frames(router_config(in, kPrimary), in, frame_mac(in, kLinkMac));
    return frames.get(priority);
}

config::Instance migrating(uint16_t advert_int_cs = 100) {
    config::Instance in = instance();
    in.advert_int_cs = advert_int_cs;
    in.version_migration = true;
    return in;
}

TEST(AdvertFrames, P3_V3Ipv4DefaultIsThePseudoHeaderForm) {
    const auto b = batch(instance());
    ASSERT_EQ(b->packets.size(), 1u);
    const auto r = proto::decode_frame(b->packets[0]);
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ(r->csum_form, XVRRP_CSUM_PSEUDO);
    EXPECT_NE(proto::vrrp_checksum_plain(message(b->packets[0])), 0);
    EXPECT_EQ(proto::vrrp_checksum_pseudo(message(b->packets[0]), kPrimary, ip("224.0.0.18")), 0);
}

TEST(AdvertFrames, P3_V3ChecksumAsV2SendsTheRfc9568Form) {
    config::Instance in = instance();
    in.v3_checksum_as_v2 = true;
    for (uint8_t prio : {uint8_t{100}, uint8_t{0}}) {
        const auto b = batch(in, prio);
        ASSERT_EQ(b->packets.size(), 1u);
        const auto r = proto::decode_frame(b->packets[0]);
        ASSERT_TRUE(r && r->ok());
        EXPECT_EQ(r->csum_form, XVRRP_CSUM_PLAIN);
        EXPECT_EQ(r->advert.priority, prio);
        EXPECT_EQ(proto::vrrp_checksum_plain(message(b->packets[0])), 0);
    }
}

TEST(AdvertFrames, P3_UnicastPseudoHeaderUsesThePeerAndRfc9568FormDoesNot) {
    config::Instance in = instance();
    in.unicast_peers = {ip("192.0.2.2")};
    const auto pseudo = batch(in);
    ASSERT_EQ(pseudo->packets.size(), 1u);
    auto r = proto::decode_ip_packet(pseudo->packets[0]);
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ(r->csum_form, XVRRP_CSUM_PSEUDO);
    EXPECT_EQ(r->ip.dst, ip("192.0.2.2"));
    in.v3_checksum_as_v2 = true;
    const auto plain = batch(in);
    r = proto::decode_ip_packet(plain->packets[0]);
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ(r->csum_form, XVRRP_CSUM_PLAIN);
}

TEST(AdvertFrames, I1_MigrationSendsV3ThenV2EveryTime) {
    for (uint8_t prio : {uint8_t{100}, uint8_t{0}}) {
        const auto b = batch(migrating(200), prio);
        ASSERT_EQ(b->packets.size(), 2u);
        const auto v3 = proto::decode_frame(b->packets[0]);
        const auto v2 = proto::decode_frame(b->packets[1]);
        ASSERT_TRUE(v3 && v3->ok());
        ASSERT_TRUE(v2 && v2->ok());
        EXPECT_EQ(v3->advert.version, proto::Version::V3);
        EXPECT_EQ(v3->advert.interval, 200);  // centiseconds
        EXPECT_EQ(v3->csum_form, XVRRP_CSUM_PSEUDO);
        EXPECT_EQ(v2->advert.version, proto::Version::V2);
        EXPECT_EQ(v2->advert.interval, 2);  // whole seconds (I2 on the other side)
        EXPECT_EQ(v2->advert.auth_type, proto::AuthType::None);
        EXPECT_EQ(v2->csum_form, XVRRP_CSUM_PLAIN);
        EXPECT_EQ(v2->advert.priority, prio);
        EXPECT_EQ(v2->advert.addresses, v3->advert.addresses);
        // The same VMAC source and group for both (P5, P6).
        EXPECT_TRUE(
            std::equal(b->packets[0].begin(), b->packets[0].begin() + 12, b->packets[1].begin()));
    }
}

TEST(AdvertFrames, I1_MigrationV2AdvertPassesAV2PeersChecks) {
    // What a keepalived VRRPv2 backup checks (V1-V3) on the v2 copy.
    proto::ReceivePolicy v2peer;
    v2peer.version = proto::Version::V2;
    v2peer.vrids = {7};
    v2peer.v2_interval_s = 1;
    v2peer.vips = {ip("192.0.2.254")};
    const auto b = batch(migrating(100));
    const auto r = proto::decode_frame(b->packets[1], &v2peer);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->discard, XVRRP_DISCARD_NONE) << proto::discard_name(r->discard);
    // ... and the v3 copy is D2 to it, as to keepalived.
    EXPECT_EQ(proto::decode_frame(b->packets[0], &v2peer)->discard, XVRRP_DISCARD_D2_VERSION);
}

TEST(AdvertFrames, I1_MigrationRfc9568FormAppliesToTheV3AdvertOnly) {
    config::Instance in = migrating();
    in.v3_checksum_as_v2 = true;
    const auto b = batch(in);
    ASSERT_EQ(b->packets.size(), 2u);
    EXPECT_EQ(proto::decode_frame(b->packets[0])->csum_form, XVRRP_CSUM_PLAIN);
    EXPECT_EQ(proto::decode_frame(b->packets[1])->csum_form, XVRRP_CSUM_PLAIN);
    EXPECT_EQ(proto::decode_frame(b->packets[1])->advert.version, proto::Version::V2);
}

TEST(AdvertFrames, I1_MigrationUnicastSendsBothVersionsToEachPeer) {
    config::Instance in = migrating();
    in.unicast_peers = {ip("192.0.2.2"), ip("192.0.2.3")};
    const auto b = batch(in);
    ASSERT_TRUE(b->unicast);
    ASSERT_EQ(b->packets.size(), 4u);
    ASSERT_EQ(b->peers.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        const auto r = proto::decode_ip_packet(b->packets[i]);
        ASSERT_TRUE(r && r->ok()) << i;
        EXPECT_EQ(r->ip.dst, b->peers[i]);
        EXPECT_EQ(r->advert.version, i < 2 ? proto::Version::V3 : proto::Version::V2) << i;
    }
}

TEST(AdvertFrames, D1_UnicastTtlIsTheTtlOfEveryUnicastAdvert) {
    config::Instance in = instance();
    in.unicast_peers = {ip("198.51.100.2"), ip("203.0.113.2")};
    EXPECT_EQ(proto::decode_ip_packet(batch(in)->packets[0])->ip.ttl, 255);
    in.unicast_ttl = 64;
    const auto b = batch(in);
    ASSERT_EQ(b->packets.size(), 2u);
    for (const auto& p : b->packets) {
        const auto r = proto::decode_ip_packet(p);  // no policy: D1 applies
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->ip.ttl, 64);
        EXPECT_EQ(r->discard, XVRRP_DISCARD_D1_TTL);
    }
}

TEST(AdvertFrames, D1_UnicastTtlV6IsTheHopLimit) {
    config::Instance in = instance();
    in.family = proto::Family::V6;
    in.version = proto::Version::V3;
    in.vips = {{ip("2001:db8::100"), 64, {}, {}, {}}};
    in.unicast_peers = {ip("2001:db8:2::2")};
    in.unicast_ttl = 3;
    AdvertFrames frames(router_config(in, ip("2001:db8:1::1")), in, frame_mac(in, kLinkMac));
    const auto r = proto::decode_ip_packet(frames.get(100)->packets.at(0));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->ip.ttl, 3);
}

TEST(AdvertFrames, P5_SourceIsTheVmacOrTheRealMacInRealMacMode) {
    config::Instance in = instance();
    auto src = [](const AdvertBatchPtr& b) {
        return std::vector<uint8_t>(b->packets.at(0).begin() + 6, b->packets.at(0).begin() + 12);
    };
    const proto::Mac vmac = proto::vmac(in.family, in.vrid);
    EXPECT_EQ(src(batch(in)), std::vector<uint8_t>(vmac.begin(), vmac.end()));
    in.real_mac = true;
    EXPECT_EQ(src(batch(in)), std::vector<uint8_t>(kLinkMac.begin(), kLinkMac.end()));
}

// ---- the kernel's router entry ------------------------------------------------------

TEST(RouterImage, I3_MigrationAcceptsBothVersionsInTheKernel) {
    const config::Instance in = migrating();
    fsm::VirtualRouter vr(router_config(in, kPrimary));
    const auto r = router_image(in, vr, 0);
    EXPECT_EQ(r.accept_v2_v3, 1);
    EXPECT_EQ(r.version, 3);
    EXPECT_EQ(r.adver_int_cs, 100);
    EXPECT_EQ(r.v2_adver_int_s, 1);  // V2: the v2 peer's interval must match ours
    EXPECT_EQ(r.v2_auth_type, 0);
    const config::Instance plain = instance();
    EXPECT_EQ(
        router_image(plain, fsm::VirtualRouter(router_config(plain, kPrimary)), 0).accept_v2_v3, 0);
}

TEST(RouterImage, A3_NoAcceptReachesTheKernelExceptForTheOwner) {
    auto no_accept = [](bool accept, uint8_t priority) {
        config::Instance in = instance();
        in.accept = accept;
        in.priority = priority;
        return router_image(in, fsm::VirtualRouter(router_config(in, kPrimary)), 0).no_accept;
    };
    EXPECT_EQ(no_accept(false, 100), 1);
    EXPECT_EQ(no_accept(true, 100), 0);
    EXPECT_EQ(no_accept(false, 255), 0);  // RFC 9568 6.4.3: the owner accepts
}

TEST(RouterImage, I2_I3_KnownMastersVersionIsTheAdvertsNotOurs) {
    const config::Instance in = migrating();
    fsm::VirtualRouter vr(router_config(in, kPrimary));
    (void)vr.startup(0);
    proto::Advert v2;
    v2.version = proto::Version::V2;
    v2.vrid = 7;
    v2.priority = 200;
    v2.interval = 1;
    (void)vr.advert_received(v2, ip("192.0.2.9"), 1000);
    auto r = router_image(in, vr, 1000);
    EXPECT_EQ(r.master_known, 1);
    EXPECT_EQ(r.master_version, 2);  // else the kernel takes it for a v3 master (I3)
    EXPECT_EQ(r.master_adver_int_cs, 100);
    proto::Advert v3 = v2;
    v3.version = proto::Version::V3;
    v3.interval = 100;
    (void)vr.advert_received(v3, ip("192.0.2.9"), 2000);
    EXPECT_EQ(router_image(in, vr, 2000).master_version, 3);
}

TEST(RouterImage, D1_RelaxedInTheKernelOnlyForUnicastWithUnicastTtl) {
    config::Instance in = instance();
    const auto image = [&] {
        return router_image(in, fsm::VirtualRouter(router_config(in, kPrimary)), 0);
    };
    EXPECT_EQ(image().skip_ttl_check, 0);
    in.unicast_peers = {ip("198.51.100.2")};
    EXPECT_EQ(image().skip_ttl_check, 0);
    in.unicast_ttl = 64;
    EXPECT_EQ(image().skip_ttl_check, 1);
    EXPECT_EQ(image().unicast, 1);
}

// ---- status ----------------------------------------------------------------------------

TEST(Status, P3_V3ChecksumFormAndMigrationAreShown) {
    config::Instance in = instance();
    auto s = to_json(status_of(Instance(1, in, kPrimary)));
    EXPECT_EQ(s["v3_checksum"], "pseudo-header");
    EXPECT_EQ(s["version_migration"], false);
    in.v3_checksum_as_v2 = true;
    in.version_migration = true;
    in.advert_int_cs = 100;
    s = to_json(status_of(Instance(1, in, kPrimary)));
    EXPECT_EQ(s["v3_checksum"], "rfc9568");
    EXPECT_EQ(s["version_migration"], true);
    config::Instance v2 = instance();
    v2.version = proto::Version::V2;
    v2.advert_int_cs = 100;
    EXPECT_TRUE(to_json(status_of(Instance(1, v2, kPrimary)))["v3_checksum"].is_null());
}

}  // namespace
}  // namespace xvrrp::daemon
