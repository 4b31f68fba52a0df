// Cross-check against an independent dissector: frames from the builders are
// written to a classic pcap file and read back by tshark, which must decode
// every field as intended and find every checksum good. tshark is a required
// test dependency (scripts/deps.sh installs it): missing means FAIL.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "helpers.h"
#include "proto/codec.h"
#include "proto/frames.h"

namespace xvrrp::proto {
namespace {

namespace fs = std::filesystem;
using test::ip;

// A temporary directory removed on scope exit, even when an assertion fails.
class TempDir {
  public:
    TempDir() {
        std::string templ = (fs::temp_directory_path() / "xvrrp-proto-XXXXXX").string();
        if (mkdtemp(templ.data()) != nullptr) {
            path_ = templ;
        }
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) {
            fs::remove_all(path_, ec);
        }
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

void put_le32(std::ofstream& out, uint32_t v) {
    const char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 24)};
    out.write(b, 4);
}
void put_le16(std::ofstream& out, uint16_t v) {
    const char b[2] = {static_cast<char>(v), static_cast<char>(v >> 8)};
    out.write(b, 2);
}

// Classic libpcap format (little-endian): global header, then one record
// header + frame per packet; linktype 1 = Ethernet.
void write_pcap(const fs::path& file, const std::vector<std::vector<uint8_t>>& frames) {
    std::ofstream out(file, std::ios::binary);
    put_le32(out, 0xa1b2c3d4);  // magic, microsecond timestamps
    put_le16(out, 2);           // version 2.4
    put_le16(out, 4);
    put_le32(out, 0);      // thiszone
    put_le32(out, 0);      // sigfigs
    put_le32(out, 65535);  // snaplen
    put_le32(out, 1);      // LINKTYPE_ETHERNET
    uint32_t t = 1'700'000'000;
    for (const auto& f : frames) {
        put_le32(out, t++);
        put_le32(out, 0);
        put_le32(out, static_cast<uint32_t>(f.size()));
        put_le32(out, static_cast<uint32_t>(f.size()));
        out.write(reinterpret_cast<const char*>(f.data()), static_cast<std::streamsize>(f.size()));
    }
    ASSERT_TRUE(out.good()) << "writing " << file;
}

bool tshark_available() {
    return std::system("command -v tshark >/dev/null 2>&1") == 0;
}

// One line per frame, one tab-separated column per field.
std::vector<std::vector<std::string>> tshark_fields(const fs::path& pcap,
                                                    const std::vector<std::string>& fields,
                                                    const std::string& prefs = "") {
    std::string cmd = "tshark -n -r '" + pcap.string() + "' " + prefs + " -T fields";
    for (const auto& f : fields) {
        cmd += " -e " + f;
    }
    cmd += " 2>'" + (pcap.parent_path() / "tshark.err").string() + "'";
    std::vector<std::vector<std::string>> rows;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) {
        ADD_FAILURE() << "cannot run: " << cmd;
        return rows;
    }
    std::string out;
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
        out.append(buf, n);
    }
    const int status = pclose(p);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "tshark failed: " << cmd;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> cols;
        std::istringstream cells(line);
        for (std::string cell; std::getline(cells, cell, '\t');) {
            cols.push_back(cell);
        }
        cols.resize(fields.size());  // trailing empty fields
        rows.push_back(cols);
    }
    return rows;
}

#define REQUIRE_TSHARK()                                                                   \
    ASSERT_TRUE(tshark_available())                                                        \
        << "tshark not found: it is the independent dissector these tests check against; " \
           "install it with scripts/deps.sh"

// tshark's checksum status field: 1 = Good, 0 = Bad (2 unverified).
constexpr const char* kGood = "1";
constexpr const char* kBad = "0";

const std::vector<std::string> kVrrpFields = {
    "vrrp.version",
    "vrrp.type",
    "vrrp.virt_rtr_id",
    "vrrp.prio",
    "vrrp.addr_count",
    "vrrp.checksum.status",
    "vrrp.adver_int",
    "vrrp.short_adver_int",
    "vrrp.auth_type",
    "vrrp.auth_string",
    "vrrp.ip_addr",
    "vrrp.ipv6_addr",
    "eth.src",
    "eth.dst",
    "ip.ttl",
    "ipv6.hlim",
    "ip.checksum.status",
    "ip.flags.df",
    "ip.dst",
    "ipv6.dst",
};
enum Col {
    kVersion,
    kType,
    kVrid,
    kPrio,
    kCount,
    kCsum,
    kAdverInt,
    kShortInt,
    kAuthType,
    kAuthString,
    kIpAddrs,
    kIpv6Addrs,
    kEthSrc,
    kEthDst,
    kTtl,
    kHlim,
    kIpCsum,
    kDf,
    kIpDst,
    kIpv6Dst,
};

Advert v2_pass() {
    return test::v2_pass_advert(51, 150, 1, {ip("192.168.1.1"), ip("192.168.1.2")}, "secret");
}
Advert v3_ipv4() {
    return test::v3_advert(Family::V4, 7, 100, 100, {ip("10.0.0.100"), ip("10.0.0.101")});
}
Advert v3_ipv6() {
    return test::v3_advert(Family::V6, 9, 200, 50, {ip("fe80::1"), ip("2001:db8::100")});
}

TEST(Tshark, P2_V2PassAndP3_PseudoFormsDissectedWithGoodChecksums) {
    REQUIRE_TSHARK();
    TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    const fs::path pcap = dir.path() / "adverts.pcap";
    write_pcap(pcap,
               {build_advert_frame(v2_pass(), vmac(Family::V4, 51), ip("192.168.1.10"),
                                   ip("224.0.0.18"), XVRRP_CSUM_PLAIN),
                build_advert_frame(v3_ipv4(), vmac(Family::V4, 7), ip("10.0.0.1"), ip("224.0.0.18"),
                                   XVRRP_CSUM_PSEUDO),
                build_advert_frame(v3_ipv6(), vmac(Family::V6, 9), ip("fe80::a"), ip("ff02::12"),
                                   XVRRP_CSUM_PSEUDO),
                build_advert_frame(v3_ipv4(), vmac(Family::V4, 7), ip("10.0.0.1"), ip("10.0.0.2"),
                                   XVRRP_CSUM_PSEUDO, {.dst_mac = Mac{0x02, 0, 0, 0, 0, 0x02}})});
    // Default preference: v3 checksums with the pseudo-header.
    const auto rows = tshark_fields(pcap, kVrrpFields, "-o ip.check_checksum:TRUE");
    ASSERT_EQ(rows.size(), 4u);

    const auto& v2 = rows[0];
    EXPECT_EQ(v2[kVersion], "2");
    EXPECT_EQ(v2[kType], "1");
    EXPECT_EQ(v2[kVrid], "51");
    EXPECT_EQ(v2[kPrio], "150");
    EXPECT_EQ(v2[kCount], "2");
    EXPECT_EQ(v2[kCsum], kGood);
    EXPECT_EQ(v2[kAuthType], "1");
    EXPECT_EQ(v2[kAuthString], "secret");
    EXPECT_EQ(v2[kAdverInt], "1");
    EXPECT_EQ(v2[kIpAddrs], "192.168.1.1,192.168.1.2");
    EXPECT_EQ(v2[kEthSrc], "00:00:5e:00:01:33");
    EXPECT_EQ(v2[kEthDst], "01:00:5e:00:00:12");
    EXPECT_EQ(v2[kTtl], "255");
    EXPECT_EQ(v2[kIpCsum], kGood);
    EXPECT_EQ(v2[kDf], "1");
    EXPECT_EQ(v2[kIpDst], "224.0.0.18");

    const auto& v3 = rows[1];
    EXPECT_EQ(v3[kVersion], "3");
    EXPECT_EQ(v3[kType], "1");
    EXPECT_EQ(v3[kVrid], "7");
    EXPECT_EQ(v3[kPrio], "100");
    EXPECT_EQ(v3[kCount], "2");
    EXPECT_EQ(v3[kShortInt], "100");
    EXPECT_EQ(v3[kCsum], kGood);
    EXPECT_EQ(v3[kIpAddrs], "10.0.0.100,10.0.0.101");
    EXPECT_EQ(v3[kEthSrc], "00:00:5e:00:01:07");
    EXPECT_EQ(v3[kTtl], "255");
    EXPECT_EQ(v3[kIpCsum], kGood);

    const auto& v6 = rows[2];
    EXPECT_EQ(v6[kVersion], "3");
    EXPECT_EQ(v6[kVrid], "9");
    EXPECT_EQ(v6[kPrio], "200");
    EXPECT_EQ(v6[kCount], "2");
    EXPECT_EQ(v6[kShortInt], "50");
    EXPECT_EQ(v6[kCsum], kGood);
    EXPECT_EQ(v6[kIpv6Addrs], "fe80::1,2001:db8::100");
    EXPECT_EQ(v6[kEthSrc], "00:00:5e:00:02:09");
    EXPECT_EQ(v6[kEthDst], "33:33:00:00:00:12");
    EXPECT_EQ(v6[kHlim], "255");
    EXPECT_EQ(v6[kIpv6Dst], "ff02::12");

    const auto& uni = rows[3];  // pseudo-header over the unicast peer
    EXPECT_EQ(uni[kIpDst], "10.0.0.2");
    EXPECT_EQ(uni[kEthDst], "02:00:00:00:00:02");
    EXPECT_EQ(uni[kCsum], kGood);
}

TEST(Tshark, P3_V3Ipv4PlainFormDissectedWithGoodChecksum) {
    REQUIRE_TSHARK();
    TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    const fs::path pcap = dir.path() / "plain.pcap";
    write_pcap(pcap, {build_advert_frame(v3_ipv4(), vmac(Family::V4, 7), ip("10.0.0.1"),
                                         ip("224.0.0.18"), XVRRP_CSUM_PLAIN),
                      build_advert_frame(v3_ipv4(), vmac(Family::V4, 7), ip("10.0.0.1"),
                                         ip("224.0.0.18"), XVRRP_CSUM_PSEUDO)});
    // RFC 9568 form: tshark's "v3 checksum as in v2" preference.
    const auto plain = tshark_fields(pcap, kVrrpFields, "-o vrrp.v3_checksum_as_in_v2:TRUE");
    ASSERT_EQ(plain.size(), 2u);
    EXPECT_EQ(plain[0][kVersion], "3");
    EXPECT_EQ(plain[0][kVrid], "7");
    EXPECT_EQ(plain[0][kCount], "2");
    EXPECT_EQ(plain[0][kShortInt], "100");
    EXPECT_EQ(plain[0][kCsum], kGood);
    EXPECT_EQ(plain[1][kCsum], kBad);  // the two forms really differ
    // And the other way round with the default preference.
    const auto pseudo = tshark_fields(pcap, kVrrpFields);
    ASSERT_EQ(pseudo.size(), 2u);
    EXPECT_EQ(pseudo[0][kCsum], kBad);
    EXPECT_EQ(pseudo[1][kCsum], kGood);
}

TEST(Tshark, D5_CorruptedChecksumSeenAsBad) {
    REQUIRE_TSHARK();
    TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    const fs::path pcap = dir.path() / "bad.pcap";
    auto f = build_advert_frame(v2_pass(), vmac(Family::V4, 51), ip("192.168.1.10"),
                                ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
    f[14 + 20 + 7] ^= 0x01;
    write_pcap(pcap, {f});
    const auto rows = tshark_fields(pcap, kVrrpFields);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][kCsum], kBad);
    EXPECT_EQ(decode_frame(f)->discard, XVRRP_DISCARD_D5_CHECKSUM);
}

TEST(Tshark, A4_GarpAndUnsolicitedNaDissected) {
    REQUIRE_TSHARK();
    TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    const fs::path pcap = dir.path() / "announce.pcap";
    write_pcap(pcap, {build_garp(7, ip("192.0.2.10")),
                      build_unsolicited_na(9, ip("2001:db8::100"), ip("fe80::a"))});
    const std::vector<std::string> fields = {
        "eth.src",
        "eth.dst",
        "arp.opcode",
        "arp.src.hw_mac",
        "arp.src.proto_ipv4",
        "arp.dst.hw_mac",
        "arp.dst.proto_ipv4",
        "arp.isgratuitous",
        "icmpv6.type",
        "icmpv6.checksum.status",
        "icmpv6.nd.na.flag.r",
        "icmpv6.nd.na.flag.s",
        "icmpv6.nd.na.flag.o",
        "icmpv6.nd.na.target_address",
        "icmpv6.opt.linkaddr",
        "ipv6.hlim",
        "ipv6.dst",
        "ipv6.src",
    };
    const auto rows = tshark_fields(pcap, fields);
    ASSERT_EQ(rows.size(), 2u);

    const auto& garp = rows[0];
    EXPECT_EQ(garp[0], "00:00:5e:00:01:07");
    EXPECT_EQ(garp[1], "ff:ff:ff:ff:ff:ff");
    EXPECT_EQ(garp[2], "1");  // request
    EXPECT_EQ(garp[3], "00:00:5e:00:01:07");
    EXPECT_EQ(garp[4], "192.0.2.10");
    EXPECT_EQ(garp[5], "00:00:5e:00:01:07");
    EXPECT_EQ(garp[6], "192.0.2.10");
    EXPECT_EQ(garp[7], "1");  // tshark recognises it as gratuitous

    const auto& na = rows[1];
    EXPECT_EQ(na[0], "00:00:5e:00:02:09");
    EXPECT_EQ(na[1], "33:33:00:00:00:01");
    EXPECT_EQ(na[8], "136");
    EXPECT_EQ(na[9], kGood);
    EXPECT_EQ(na[10], "1");  // R
    EXPECT_EQ(na[11], "0");  // S
    EXPECT_EQ(na[12], "1");  // O
    EXPECT_EQ(na[13], "2001:db8::100");
    EXPECT_EQ(na[14], "00:00:5e:00:02:09");
    EXPECT_EQ(na[15], "255");
    EXPECT_EQ(na[16], "ff02::1");
    EXPECT_EQ(na[17], "fe80::a");
}

TEST(Tshark, NeighborSolicitationAndArpReplyDissected) {
    REQUIRE_TSHARK();
    TempDir dir;
    ASSERT_FALSE(dir.path().empty());
    const fs::path pcap = dir.path() / "nd.pcap";
    const Mac a = {0x02, 0, 0, 0, 0, 0x0a}, b = {0x02, 0, 0, 0, 0, 0x0b};
    write_pcap(pcap, {build_neighbor_solicitation(a, ip("fe80::a"), ip("2001:db8::100"), true),
                      build_arp(ArpOp::Reply, a, b, a, ip("10.0.0.1"), b, ip("10.0.0.2"))});
    const std::vector<std::string> fields = {"icmpv6.type",
                                             "icmpv6.checksum.status",
                                             "icmpv6.nd.ns.target_address",
                                             "icmpv6.opt.linkaddr",
                                             "ipv6.dst",
                                             "arp.opcode",
                                             "arp.src.proto_ipv4"};
    const auto rows = tshark_fields(pcap, fields);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][0], "135");
    EXPECT_EQ(rows[0][1], kGood);
    EXPECT_EQ(rows[0][2], "2001:db8::100");
    EXPECT_EQ(rows[0][3], "02:00:00:00:00:0a");
    EXPECT_EQ(rows[0][4], "ff02::1:ff00:100");
    EXPECT_EQ(rows[1][5], "2");
    EXPECT_EQ(rows[1][6], "10.0.0.1");
}

}  // namespace
}  // namespace xvrrp::proto
