// The dataplane layer in one include, for the controller:
//
//   auto att = Attachment::attach("bond1", {.mode = XdpMode::Auto});   // load, pin, attach
//   auto maps = Maps::from_skeleton(att->skeleton(), att->ifname());   // typed map access
//   auto timers = TimerControl::from_skeleton(att->skeleton(), att->ifname());
//   auto events = EventReader::create(maps->events_fd(), att->ifname(), on_event);
//   epoll_ctl(loop, EPOLL_CTL_ADD, events->epoll_fd(), ...);          // then events->consume()
//
// att->reused_state() says a previous run's pinned state is there to adopt
// (maps->routers()). Every call returns a Result (see result.h).
#pragma once

#include "dataplane/attachment.h"
#include "dataplane/bpffs.h"
#include "dataplane/counters.h"
#include "dataplane/event_reader.h"
#include "dataplane/events.h"
#include "dataplane/maps.h"
#include "dataplane/pinned_stats.h"
#include "dataplane/result.h"
#include "dataplane/tc_attach.h"
#include "dataplane/timer_control.h"
#include "dataplane/xdp_attach.h"
