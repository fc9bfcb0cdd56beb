#!/bin/bash
# SPDX-License-Identifier: MIT
# The console of the default system as shipped (make run): the data plane
# prints a status line every 10 s and no more, and in the solo view a person
# types in the Linux shell and reads its answers with no other partition's
# line in between; the lines the others printed meanwhile follow, at once,
# when every VM is shown again.
. "$(dirname "$0")/lib.sh"

PROMPT='\[linux\] moat-linux# '
shell() { send "$1\r"; }

# lines_between A B REGEX: lines matching REGEX after the first A and before the first B after it.
lines_between() {
	awk -v a="$1" -v b="$2" -v re="$3" '
		!in_range && $0 ~ a { in_range = 1; next }
		in_range && $0 ~ b { exit }
		in_range && $0 ~ re { n++ }
		END { print n + 0 }' "$LOG"
}

STATUS='^\[dataplane\] dataplane: forwarded'

build default || exit 0
boot default run
started=$SECONDS
check shell "Linux did not reach its shell" \
	eval 'wait_for "$PROMPT" 300 && wait_for "^\[app\] MOAT-SHELL" 300'
# A status line every 10 s: the first comes, and no more than the time allows.
check quiet-partitions "the data plane printed more (or less) than a status line every 10 s" \
	eval 'wait_for "$STATUS" 40 && [ "$(count "$STATUS")" -le $(((SECONDS - started) / 10 + 1)) ]'
send '\x1ds'
check solo-on "Ctrl-] s did not switch to the solo view" \
	wait_for 'moat: console: only vm linux is shown' 30
# 24 seconds of answers: the data plane prints at least two status lines meanwhile.
shell 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo solo-$i; sleep 2; done; echo solo-"end"'
check solo-answers "the shell's answers did not all arrive" wait_for '^\[linux\] solo-end' 90
check solo-alone "another VM's line came between the command and its answers" \
	eval '[ "$(lines_between "^\\[linux\\] (moat-linux# )?for i" "^\\[linux\\] solo-end" "^\\[(dataplane|app)\\]")" -eq 0 ] &&
	      [ "$(lines_between "^\\[linux\\] (moat-linux# )?for i" "^\\[linux\\] solo-end" "^\\[linux\\] solo-[0-9]+")" -eq 12 ]'
send '\x1da'
check all-again "Ctrl-] a did not show every VM again" \
	wait_for 'moat: console: every VM is shown' 30
# The data plane's status lines from the solo view, held until now: none
# before, and at least two at once (it prints one every 10 s on its own).
sleep 3
check held-lines-follow "the data plane's lines from the solo view were not held and then shown at once" \
	eval '[ "$(lines_between "moat: console: only vm linux is shown" "moat: console: every VM is shown" "$STATUS")" -eq 0 ] &&
	      [ "$(lines_between "moat: console: every VM is shown" "^\\[linux\\] typed-" "$STATUS")" -ge 2 ]'
check input-after "typed input did not reach the shell after the view changed" \
	eval 'shell "echo typed-\$((6*7))"; wait_for "^\[linux\] typed-42" 30'
check no-panic "Moat panicked or faulted" absent 'PANIC|moat: vm .* outside its grant'
