#!/usr/bin/env bash
# cascade_sigterm on an IPv6 segment: VRRPv3 over IPv6, 100 ms adverts, the
# virtual router's link-local address first (P4) and a global VIP; adverts
# come from each router's link-local address, NS for the VIP are answered
# with the IPv6 VMAC 00:00:5e:00:02:0a by the MASTER only.
THREE_FAMILY=6
source "$(dirname "$0")/common.bash"
source "$THREE_DIR/cascade.bash"
LAB_DAD=0 three_up
three_cascade stop 100
info "PASS"
