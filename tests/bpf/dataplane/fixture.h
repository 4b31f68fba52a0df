// The common fixture of the dataplane tests: root only; a fresh network
// namespace with a veth pair (entered for the test) and a private bpffs pin
// root, both gone after the test whatever happens.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "lab.h"

namespace xvrrp::dataplane::testing {

class DataplaneTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!running_as_root()) {
            GTEST_SKIP() << "needs root (network namespaces, BPF, XDP); run the bpf label as root";
        }
        const std::string tag = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        ns_ = std::make_unique<Netns>("dp");
        ASSERT_TRUE(ns_->ok()) << "cannot create network namespace " << ns_->name();
        pins_ = std::make_unique<PinRoot>("dp");
        ASSERT_TRUE(pins_->ok()) << "cannot mount a bpffs on " << pins_->mount_point();
    }

    void TearDown() override {
        // Namespace first (detaches everything), then the bpffs.
        ns_.reset();
        pins_.reset();
    }

    const std::string& ifname() const { return ns_->veth0(); }
    std::string pin_root() const { return pins_->root(); }
    std::string pin_dir() const { return pins_->root() + "/" + ns_->veth0(); }

    std::unique_ptr<Netns> ns_;
    std::unique_ptr<PinRoot> pins_;
};

}  // namespace xvrrp::dataplane::testing
