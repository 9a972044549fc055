#!/usr/bin/env python3
"""Write the initial ramdisk: a cpio "newc" archive, reproducibly.

mkinitrd.py -o OUT [--file DEST=SRC]... [--exec DEST=SRC]... [--text DEST=TEXT]...
--exec adds a program (mode 0755; --file gives 0644).
Parent folders of every DEST are added as directories. Every entry gets
mtime 0, owner 0:0 and inode numbers in order, so the same inputs always
give the same bytes. The archive ends with the TRAILER!!! entry.
"""
import argparse
import sys


def header(ino, mode, nlink, size, name):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad4(n):
    return (4 - n % 4) % 4


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", required=True)
    ap.add_argument("--file", action="append", default=[])
    ap.add_argument("--exec", action="append", default=[])
    ap.add_argument("--text", action="append", default=[])
    args = ap.parse_args()

    files = {}
    modes = {}
    for spec, mode in [(s, 0o100644) for s in args.file] + [(s, 0o100755) for s in args.exec]:
        dest, _, src = spec.partition("=")
        try:
            with open(src, "rb") as f:
                files[dest.strip("/")] = f.read()
            modes[dest.strip("/")] = mode
        except OSError as e:
            sys.exit("mkinitrd.py: %s: %s" % (src, e.strerror))
    for spec in args.text:
        dest, _, text = spec.partition("=")
        files[dest.strip("/")] = (text + "\n").encode()
        modes[dest.strip("/")] = 0o100644

    dirs = set()
    for dest in files:
        parts = dest.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))

    out = bytearray()
    ino = 1

    def add(name, mode, data):
        nonlocal ino
        n = name.encode()
        h = header(ino, mode, 2 if mode & 0o040000 else 1, len(data), n)
        out.extend(h + n + b"\0")
        out.extend(b"\0" * pad4(len(h) + len(n) + 1))
        out.extend(data)
        out.extend(b"\0" * pad4(len(data)))
        ino += 1

    for d in sorted(dirs):
        add(d, 0o040755, b"")
    for name in sorted(files):
        add(name, modes[name], files[name])
    add("TRAILER!!!", 0, b"")
    with open(args.o, "wb") as f:
        f.write(out)


main()
