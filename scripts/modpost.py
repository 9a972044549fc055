#!/usr/bin/env python3
"""Check modules against the kernel and record their dependencies.

modpost.py --kernel loom.elf --order modules.order -o modules.dep

Every undefined symbol of every .ko must be exported (EXPORT_SYMBOL) by the
kernel or by another module; anything else fails the build naming the
module and the symbol. modules.dep gets one line per module,
"name: dep1 dep2", the modules it needs, which the kernel loads first.
The file is rewritten only when its contents change.
"""
import argparse
import os
import subprocess
import sys


def nm(path):
    r = subprocess.run([os.environ.get("NM", "nm"), path], capture_output=True, text=True)
    if r.returncode:
        sys.exit("modpost: nm %s failed: %s" % (path, r.stderr.strip()))
    syms = []
    for line in r.stdout.splitlines():
        f = line.split()
        if len(f) == 2:
            syms.append((f[0], f[1]))
        elif len(f) == 3:
            syms.append((f[1], f[2]))
    return syms


def exports(syms):
    return {n[len("__export_"):] for t, n in syms if n.startswith("__export_") and t != "U"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--order", required=True)
    ap.add_argument("-o", required=True)
    a = ap.parse_args()

    kernel = exports(nm(a.kernel))
    with open(a.order) as f:
        kos = [l.strip() for l in f if l.strip()]
    mods = {}
    owner = {}
    errors = []
    for ko in kos:
        name = os.path.basename(ko)[:-3]
        syms = nm(ko)
        mods[name] = (ko, syms)
        for sym in exports(syms):
            if sym in kernel or sym in owner:
                errors.append("%s: exports '%s', which %s exports already" %
                              (ko, sym, "the kernel" if sym in kernel else owner[sym] + ".ko"))
            owner[sym] = name
    lines = []
    for name, (ko, syms) in mods.items():
        deps = []
        for t, sym in syms:
            if t != "U" or sym in kernel:
                continue
            if sym in owner and owner[sym] != name:
                if owner[sym] not in deps:
                    deps.append(owner[sym])
            else:
                errors.append("%s: needs '%s', which neither the kernel nor any module exports"
                              % (ko, sym))
        lines.append("%s: %s" % (name, " ".join(deps)))
    if errors:
        for e in errors:
            print("modpost: " + e, file=sys.stderr)
        sys.exit(1)
    text = "".join(l.rstrip() + "\n" for l in lines)
    try:
        with open(a.o) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(a.o, "w") as f:
        f.write(text)


main()
