#!/bin/bash
# SPDX-License-Identifier: MIT
# VM to VM over a shared-memory channel (guests/shmping): two bare-metal
# partitions ping-pong through the channel's region and its doorbell, each
# writing only its own part (a write to the other's part faults, nothing
# executes there), while a VM outside the channel has its rings refused and
# reaches no member.
. "$(dirname "$0")/lib.sh"

RIGHTS='own part writable, other part read-only \(ESR 0x[0-9a-f]+\), no exec, foreign doorbells refused'

build shm-pair || exit 0
boot shm-pair pair
wait_for '\[ping\] shmping: [0-9]+/1000 round trips ok' 120
check rights-ping "the serving member's rights in the window are wrong: $(grep -a '\[ping\] shmping: part' "$LOG")" \
	seen "\[ping\] shmping: part 0 of 2 at 0x[0-9a-f]+, INTID [0-9]+: $RIGHTS"
check rights-pong "the answering member's rights in the window are wrong: $(grep -a '\[pong\] shmping: part' "$LOG")" \
	seen "\[pong\] shmping: part 1 of 2 at 0x[0-9a-f]+, INTID [0-9]+: $RIGHTS"
check write-faults-logged "Moat did not log the write to the other part as a fault" \
	eval 'seen "moat: vm ping vcpu 0: data access outside its grant: .* IPA 0xc001008 " &&
		seen "moat: vm pong vcpu 0: data access outside its grant: .* IPA 0xc000008 "'
check ping-pong "not every round trip through the region and the doorbell came back right" \
	seen '\[ping\] shmping: 1000/1000 round trips ok, [0-9]+ us each'
check outsider-refused "a VM outside the channel could ring it" \
	seen '\[outsider\] shmping: outsider: 1000/1000 doorbells refused'
wait_for '\[pong\] shmping: answered' 30
check no-foreign-rings "the answering member took more doorbells than rounds" \
	eval 'grep -a "\[pong\] shmping: answered" "$LOG" | tail -1 |
		awk "{ r = \$4; d = \$6; exit !(r >= 1000 && d <= r + 1) }"'
check goes-on "the ping-pong stopped" progresses '\[ping\] shmping: [0-9]+/' 30
check no-fail "a member reported a failure, or Moat panicked" absent 'FAIL|PANIC'
shutdown
