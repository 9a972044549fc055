#!/usr/bin/env python3
"""QEMU command lines for Loom, in one place (make run, make gdb, the tests).

As a program:  qemu.py run --image loom.img [--cpus N] [--mem M] [--gdb]
               [--extra "ARGS"]
Runs QEMU q35 + OVMF with the serial port on the terminal, a window when
$DISPLAY is set and none otherwise. As a module: command() builds the
argument list and boot() runs one test boot with a hard timeout.
"""
import argparse
import os
import shlex
import subprocess
import sys
import threading
import time

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
EXIT_SUCCESS = 33  # isa-debug-exit code 0x10
EXIT_FAILURE = 35  # 0x11: tests failed
EXIT_PANIC = 37    # 0x12: kernel panic


def command(image=None, kernel=None, initrd=None, append=None, machine="q35",
            cpus=1, mem="256M", display=False, gdb=False, interactive=False,
            extra=()):
    """Argument list for one QEMU. image: a disk image booted through OVMF;
    kernel: an ELF booted directly through its PVH note."""
    cmd = ["qemu-system-x86_64", "-machine", machine, "-accel", "tcg",
           "-cpu", "max", "-smp", str(cpus), "-m", str(mem), "-nic", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-no-reboot"]
    if image:
        cmd += ["-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                "-drive", "if=pflash,format=raw,unit=1,readonly=on,file=" + OVMF_VARS,
                "-drive", "file=%s,format=raw,if=ide,snapshot=on" % image]
    if kernel:
        cmd += ["-kernel", kernel]
        if initrd:
            cmd += ["-initrd", initrd]
        if append is not None:
            cmd += ["-append", append]
    if not display:
        cmd += ["-display", "none"]
    cmd += ["-serial", "mon:stdio" if interactive else "stdio"]
    if gdb:
        cmd += ["-s", "-S"]
    cmd += list(extra)
    return cmd


class Boot:
    """Result of one test boot."""

    def __init__(self, status, output, timed_out, matched, seconds):
        self.status = status        # QEMU exit status (None if killed)
        self.output = output        # everything on the serial port
        self.timed_out = timed_out  # killed at the hard timeout
        self.matched = matched      # the `until` text appeared
        self.seconds = seconds

    def tail(self, n=25):
        return "\n".join(self.output.splitlines()[-n:])


def boot(cmd, timeout, until=None):
    """Run cmd with a hard timeout. With `until`, stop QEMU as soon as that
    text appears on the serial port (matched=True)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    chunks = []
    state = {"matched": False}

    def reader():
        buf = b""
        for line in iter(proc.stdout.readline, b""):
            chunks.append(line)
            buf += line
            if until and not state["matched"] and until.encode() in buf:
                state["matched"] = True
                proc.kill()
            buf = buf[-4096:]

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        proc.kill()
        proc.wait()
    t.join(5)
    out = b"".join(chunks).decode("utf-8", "replace").replace("\r", "")
    status = None if (timed_out or state["matched"]) else proc.returncode
    return Boot(status, out, timed_out and not state["matched"], state["matched"],
                time.monotonic() - start)


def drive_shell(cmd, lines, prompt, timeout):
    """Boot cmd, wait for the shell's prompt on the serial port, type each
    line (a function of the answers so far gives the line) and collect what came back before the next prompt. Returns (ok,
    answers): answers[i] is the output of lines[i] (without the echo of
    the line itself); ok is False with the whole log as answers on a
    timeout."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    buf = bytearray()
    lock = threading.Condition()

    def reader():
        for chunk in iter(lambda: proc.stdout.read1(4096), b""):
            with lock:
                buf.extend(chunk)
                lock.notify_all()

    threading.Thread(target=reader, daemon=True).start()

    def wait_prompt(since):
        with lock:
            while prompt.encode() not in bytes(buf[since:]):
                left = timeout - (time.monotonic() - start)
                if left <= 0 or proc.poll() is not None:
                    return -1
                lock.wait(min(left, 1.0))
            return since + bytes(buf[since:]).index(prompt.encode()) + len(prompt)

    answers = []
    try:
        pos = wait_prompt(0)
        for line in lines:
            if pos < 0:
                break
            if callable(line):  # built from the answers so far
                line = line(answers)
            proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
            end = wait_prompt(pos)
            if end < 0:
                pos = -1
                break
            text = bytes(buf[pos:end - len(prompt)]).decode("utf-8", "replace").replace("\r", "")
            if text.startswith(line):
                text = text[len(line):]
            answers.append(text)
            pos = end
    finally:
        proc.kill()
        proc.wait()
    if pos < 0:
        return False, bytes(buf).decode("utf-8", "replace")
    return True, answers


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("what", choices=["run"])
    ap.add_argument("--image", required=True)
    ap.add_argument("--cpus", default=os.environ.get("QEMU_CPUS") or "1")
    ap.add_argument("--mem", default=os.environ.get("QEMU_MEM") or "512M")
    ap.add_argument("--extra", default=os.environ.get("QEMU_ARGS", ""))
    ap.add_argument("--gdb", action="store_true")
    args = ap.parse_args()
    display = bool(os.environ.get("DISPLAY"))
    cmd = command(image=args.image, cpus=args.cpus, mem=args.mem, display=display,
                  gdb=args.gdb, interactive=True, extra=shlex.split(args.extra))
    print("Booting %s (serial console here; Ctrl-A X leaves QEMU)" % args.image)
    if args.gdb:
        print("Waiting for gdb: run 'make gdb' in another terminal")
    print(" ".join(shlex.quote(c) for c in cmd), flush=True)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    sys.exit(main())
