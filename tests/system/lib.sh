# SPDX-License-Identifier: MIT
# Shared by the system tests: build a configuration, boot it on QEMU under a
# timeout, read the console and assert on it. Every check prints one line,
# "PASS: system/<test>/<check>" or "FAIL: system/<test>/<check>: <why>".
# Timeouts are generous wall-clock bounds for slow CI machines, never
# performance assertions; TIMEOUT_SCALE multiplies them all.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOGS=$ROOT/build/test-logs
TIMEOUT_SCALE=${TIMEOUT_SCALE:-1}
TEST=${TEST:-$(basename "$0" .sh)}
mkdir -p "$LOGS"

QEMU_PID=
LOG=
QEMU_LOG=
MONITOR=
QEMU_GONE_REPORTED=
RUN=
SERIAL_IN_FD=
CAT_PID=

pass() { echo "PASS: system/$TEST/$1"; }
fail() { echo "FAIL: system/$TEST/$1: $2"; }

# check NAME DESCRIPTION COMMAND...: PASS when the command succeeds. Once
# QEMU has ended on its own, the run's checks are folded into one failure
# that quotes QEMU's error; the rest are reported as not run (SKIP), never
# as a finding about Moat.
check() {
	local name=$1 why=$2
	shift 2
	if [ -n "$QEMU_GONE_REPORTED" ]; then
		echo "SKIP: system/$TEST/$name: not run, QEMU had ended"
		return
	fi
	if ! qemu_gone && "$@"; then
		pass "$name"
	elif qemu_gone; then
		QEMU_GONE_REPORTED=1
		fail "$RUN/qemu" "QEMU ended before the test did: $(qemu_error) (log: ${QEMU_LOG#"$ROOT"/})"
		echo "SKIP: system/$TEST/$name: not run, QEMU had ended"
	else
		fail "$name" "$why (log: ${LOG#"$ROOT"/})"
	fi
}

# build CONFIG [DTS]: the configuration's image, from configs/ or tests/system/configs/.
build() {
	local config=$1 dts=${2:-}
	if [ -z "$dts" ]; then
		dts=configs/$config.dts
		[ -f "$ROOT/$dts" ] || dts=tests/system/configs/$config.dts
	fi
	if ! make -C "$ROOT" -s CONFIG="$config" CONFIG_DTS="$dts" > "$LOGS/build-$config.log" 2>&1; then
		fail "build-$config" "make CONFIG=$config failed (see build/test-logs/build-$config.log)"
		return 1
	fi
}

# boot CONFIG NAME [CPU] [SMP] [-- QEMU args]: starts QEMU (scripts/qemu); the
# console goes to $LOG, input via send(). QEMU's own messages go to $QEMU_LOG.
boot() {
	local config=$1 name=$2 cpu=${3:-cortex-a72} smp=${4:-4}
	local fifo=$LOGS/$TEST-$name.serial
	shift $(($# < 4 ? $# : 4))
	[ "${1:-}" = -- ] && shift
	RUN=$name
	LOG=$LOGS/$TEST-$name.log
	QEMU_LOG=$LOGS/$TEST-$name.qemu.log
	MONITOR=$LOGS/$TEST-$name.monitor
	QEMU_GONE_REPORTED=
	rm -f "$fifo.in" "$fifo.out" "$LOG" "$MONITOR"
	mkfifo "$fifo.in" "$fifo.out"
	# Started directly (not under timeout(1)), so shutdown() kills QEMU itself.
	"$ROOT/scripts/qemu" --cpu "$cpu" --smp "$smp" --console pipe:"$fifo" --monitor "$MONITOR" \
		"$ROOT/build/$config/moat.elf" -- "$@" > "$QEMU_LOG" 2>&1 &
	QEMU_PID=$!
	cat "$fifo.out" > "$LOG" &
	CAT_PID=$!
	# Read-write, so the open never waits for a QEMU that may not start.
	exec {SERIAL_IN_FD}<>"$fifo.in"
}

# qemu_gone: QEMU ended although the test did not stop it (it could not
# start, or it crashed): every later check of this run is moot.
qemu_gone() { [ -n "$QEMU_PID" ] && ! kill -0 "$QEMU_PID" 2>/dev/null; }

# What QEMU said when it ended: its last line of output, or its exit status.
qemu_error() {
	local said status=0
	said=$(grep -av '^\s*$' "$QEMU_LOG" 2>/dev/null | tail -1)
	wait "$QEMU_PID" 2>/dev/null || status=$?
	echo "${said:-QEMU exited with status $status and printed nothing}"
}

# wait_for REGEX SECONDS: true once the console shows a line matching REGEX.
wait_for() {
	local pattern=$1 deadline=$((SECONDS + $2 * TIMEOUT_SCALE))
	while [ $SECONDS -lt $deadline ]; do
		grep -aqE -- "$pattern" "$LOG" 2>/dev/null && return 0
		qemu_gone && { grep -aqE -- "$pattern" "$LOG"; return; }
		sleep 0.2
	done
	return 1
}

# wait_count REGEX N SECONDS: true once N console lines match REGEX.
wait_count() {
	local deadline=$((SECONDS + $3 * TIMEOUT_SCALE))
	while [ $SECONDS -lt $deadline ]; do
		[ "$(count "$1")" -ge "$2" ] && return 0
		qemu_gone && break
		sleep 0.2
	done
	[ "$(count "$1")" -ge "$2" ]
}

# wait_for_after A B SECONDS: true once a line matching B follows the first line matching A.
wait_for_after() {
	local deadline=$((SECONDS + $3 * TIMEOUT_SCALE))
	while [ $SECONDS -lt $deadline ]; do
		awk -v a="$1" -v b="$2" '!x && $0 ~ a { x = 1; next } x && $0 ~ b { f = 1; exit } END { exit !f }' \
			"$LOG" 2>/dev/null && return 0
		qemu_gone && break
		sleep 0.2
	done
	return 1
}

# victim_intact: the victim keeps checking its memory and reports no change,
# and its memory, read from outside through QEMU's monitor, holds the
# pattern it wrote (tests/system/memcheck.py): a victim that stopped
# checking, or a change it missed, cannot pass.
victim_intact() {
	progresses '\[victim\] victim: round' 20 && absent 'CHECKSUM CHANGED' &&
		python3 "$ROOT/tests/system/memcheck.py" "$MONITOR" "$LOG" >> "$LOGS/$TEST-$RUN.memcheck" 2>&1
}

# health_probe NAME DEMO_INDEX ATTACKER: the check that ends an attack run.
# Console input moves to the demo and reaches it through its emulated
# PL011 and vGIC (it echoes what it receives), and every VM's heartbeat
# goes on: the victim's, the attacker's own, the demo's.
health_probe() {
	local name=$1 demo=$2 attacker=$3
	send "\x1d$demo"
	check "$name/health-focus" "Ctrl-] $demo did not move console input to the demo" \
		wait_for 'moat: console input now goes to vm demo' 20
	send 'x'
	check "$name/health-input" "typed input did not reach the demo through its UART interrupt" \
		wait_for "\[demo\] demo: input 'x'" 20
	check "$name/health-heartbeats" "a VM's heartbeat stopped after the attacks" \
		eval 'progresses "\[victim\] victim: round" 10 &&
		      progresses "\[$attacker\] $attacker: alive" 10 &&
		      progresses "\[demo\] demo: tick" 10'
}

# count REGEX: how many console lines match.
count() { grep -acE -- "$1" "$LOG" 2>/dev/null || true; }
seen() { [ "$(count "$1")" -gt 0 ]; }
absent() { [ "$(count "$1")" -eq 0 ]; }
# at_least REGEX N
at_least() { [ "$(count "$1")" -ge "$2" ]; }
# last_number REGEX: the number at the end of the last matching line (e.g. a round counter).
last_number() { grep -aE -- "$1" "$LOG" | tail -1 | grep -oE '[0-9]+' | tail -1; }
# line_of REGEX: the line number of the first match (0 if none).
line_of() { local n; n=$(grep -anE -- "$1" "$LOG" | head -1 | cut -d: -f1); echo "${n:-0}"; }
# after A B: the first B comes after the first A.
after() { local a b; a=$(line_of "$1"); b=$(line_of "$2"); [ "$a" -gt 0 ] && [ "$b" -gt "$a" ]; }
# progresses REGEX SECONDS: the number on REGEX lines grows within SECONDS.
progresses() {
	local before now deadline=$((SECONDS + $2 * TIMEOUT_SCALE))
	before=$(last_number "$1")
	while [ $SECONDS -lt $deadline ]; do
		now=$(last_number "$1")
		[ -n "$now" ] && [ "${now:-0}" -gt "${before:-0}" ] && return 0
		qemu_gone && return 1
		sleep 0.5
	done
	return 1
}

# send TEXT: typed on the console (printf escapes allowed).
send() { printf "$1" >&"$SERIAL_IN_FD"; }

shutdown() {
	[ -n "$SERIAL_IN_FD" ] && exec {SERIAL_IN_FD}>&- && SERIAL_IN_FD=
	if [ -n "$QEMU_PID" ]; then
		kill "$QEMU_PID" 2>/dev/null
		wait "$QEMU_PID" 2>/dev/null
	fi
	# The console reader ends with QEMU; one that never saw QEMU open the pipe is stopped.
	if [ -n "$CAT_PID" ]; then
		for _ in 1 2 3 4 5; do kill -0 "$CAT_PID" 2>/dev/null || break; sleep 0.1; done
		kill "$CAT_PID" 2>/dev/null
		wait "$CAT_PID" 2>/dev/null
	fi
	QEMU_PID= CAT_PID=
}
trap shutdown EXIT
