#!/usr/bin/env python3
"""Runs a program on a pseudo-terminal and types into it when it asks.

usage: conpty.py COLSxROWS OUTFILE TAG=BYTES... -- PROGRAM ARGS...

The program prints "ready:TAG" (then a line end) when it is ready for the bytes of
TAG, which are given with Python escapes ("\\x1b[A"); "@COLSxROWS:BYTES" first gives
the terminal that size. Everything it writes to the
terminal goes to OUTFILE as it came (VT sequences included). Exits with the program's
exit status, 124 when it took longer than the time limit, 77 when no pseudo-terminal
can be made here.
"""
import codecs
import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

CSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")
LIMIT = int(os.environ.get("CONPTY_LIMIT", "180"))  # seconds: a hang is a failure, never a timing assertion


def main():
    args = sys.argv[1:]
    split = args.index("--")
    cols, rows = (int(v) for v in args[0].split("x"))
    outfile = args[1]
    steps = {}
    for step in args[2:split]:
        tag, text = step.split("=", 1)
        steps[tag] = codecs.escape_decode(text.encode())[0]
    program = args[split + 1:]
    try:
        pid, master = pty.fork()
    except OSError as e:
        print("no pseudo-terminal:", e)
        return 77
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.execvp(program[0], program)
    out = bytearray()
    log = open(outfile, "wb")   # written as it comes, so that a hang shows how far it got
    seen = 0          # how far out has been searched for requests
    deadline = time.monotonic() + LIMIT
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            break
        r, _, _ = select.select([master], [], [], min(left, 1.0))
        if not r:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b""
        if not data:
            break
        out += data
        log.write(data)
        log.flush()
        # requests are looked for in the text without CSI sequences: a console that
        # draws its text in pieces (Wine's) puts them between the characters
        plain = CSI.sub(b"", bytes(out))
        while True:
            at = plain.find(b"ready:", seen)
            end = plain.find(b"\n", at) if at >= 0 else -1
            if end < 0:
                break
            tag = plain[at + 6:end].strip(b"\r").decode()
            seen = end + 1
            if tag in steps:
                step = steps[tag]
                if step.startswith(b"@"):   # @COLSxROWS:BYTES resizes the window first
                    size, _, step = step[1:].partition(b":")
                    c, r = (int(v) for v in size.split(b"x"))
                    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", r, c, 0, 0))
                if step:
                    os.write(master, step)
    log.close()
    if time.monotonic() >= deadline:
        return 124
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) & 0xff if hasattr(os, "waitstatus_to_exitcode") else status >> 8


if __name__ == "__main__":
    sys.exit(main())
