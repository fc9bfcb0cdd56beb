#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The victim's memory, checked from outside the machine.

    memcheck.py MONITOR_SOCKET CONSOLE_LOG

Reads from the console log where the victim's RAM sits (Moat's "vm victim:
... RAM ... at IPA ... (PA ...)" line) and which part of it holds its
pattern (the victim's "victim: pattern at IPA a..b" line), saves that
physical memory through QEMU's monitor (pmemsave), and checks every word
against the pattern guests/victim/main.c wrote. Prints one line; exit
status 0 when every word holds its pattern.
"""
import os
import re
import socket
import struct
import sys
import tempfile
import time

SEED = 0x76696374696d2121
MASK = (1 << 64) - 1


def pattern(addr):
    z = (addr ^ SEED) & MASK
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK
    return z ^ (z >> 31)


def layout(log):
    text = open(log, "rb").read().decode(errors="replace")
    # Anchored at the start of a line: Moat's own line, and the victim's own
    # (its tag), never a line another VM printed to look like them.
    ram = re.search(r"^moat: vm victim: \d+ vCPU\(s\), RAM 0x([0-9a-f]+) bytes at IPA 0x([0-9a-f]+) "
                    r"\(PA 0x([0-9a-f]+)\)", text, re.M)
    pat = re.search(r"^\[victim\] victim: pattern at IPA 0x([0-9a-f]+)\.\.0x([0-9a-f]+)", text, re.M)
    if not ram or not pat:
        sys.exit("memcheck: the console log does not say where the victim's memory is")
    size, ipa, pa = (int(g, 16) for g in ram.groups())
    start, end = int(pat.group(1), 16), int(pat.group(2), 16)
    # The pattern fills the victim's RAM beyond its image: most of it, within it.
    if not (ipa <= start < end <= ipa + size and end - start >= size // 2):
        sys.exit("memcheck: the victim's pattern 0x%x..0x%x is not most of its RAM 0x%x+0x%x"
                 % (start, end, ipa, size))
    return start, end, pa - ipa


def monitor(path, command):
    """One HMP command over the monitor's socket; returns once its prompt is back."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(30)
        s.connect(path)
        out = b""
        while not out.endswith(b"(qemu) "):
            out += s.recv(4096)
        s.sendall(command.encode() + b"\n")
        out = b""
        while not out.endswith(b"(qemu) "):
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk
        return out.decode(errors="replace")


def main():
    sock, log = sys.argv[1], sys.argv[2]
    start, end, ipa_to_pa = layout(log)
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "victim.bin")
        monitor(sock, 'pmemsave 0x%x 0x%x "%s"' % (start + ipa_to_pa, end - start, dump))
        for _ in range(100):
            if os.path.exists(dump) and os.path.getsize(dump) == end - start:
                break
            time.sleep(0.1)
        data = open(dump, "rb").read()
    if len(data) != end - start:
        sys.exit("memcheck: QEMU saved %d of %d bytes" % (len(data), end - start))
    words = struct.unpack("<%dQ" % (len(data) // 8), data)
    for i, word in enumerate(words):
        addr = start + 8 * i
        if word != pattern(addr):
            sys.exit("memcheck: the victim's word at IPA 0x%x (PA 0x%x) is 0x%x, not 0x%x"
                     % (addr, addr + ipa_to_pa, word, pattern(addr)))
    print("memcheck: %d bytes of the victim's RAM hold their pattern" % (end - start))


if __name__ == "__main__":
    main()
