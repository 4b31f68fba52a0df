#include "common/log_context.h"

#include <utility>

namespace xvrrp::logctx {

namespace {

thread_local Fields g_current;

}  // namespace

Scope::Scope(Fields fields) : outer_(std::exchange(g_current, std::move(fields))) {}

Scope::~Scope() {
    g_current = std::move(outer_);
}

const Fields& current() {
    return g_current;
}

}  // namespace xvrrp::logctx
