#!/usr/bin/env python3
"""Check that every assignment of a defconfig or fragment took effect.

checkconfig.py --srctree DIR --config .config FILE...

kconfig-conf silently drops an assignment to an unknown symbol, an
out-of-range value or a value the symbol's dependencies forbid. This script
compares each `CONFIG_X=v` / `# CONFIG_X is not set` line of FILE with the
resulting .config and fails, naming file and line, for every one that did not
take. On failure the .config is renamed .config.rejected, so that no build
runs from a configuration the user did not ask for.
"""
import argparse
import os
import re
import sys

ASSIGN = re.compile(r"^CONFIG_([A-Za-z0-9_]+)=(.*)$")
UNSET = re.compile(r"^# CONFIG_([A-Za-z0-9_]+) is not set$")


def kconfig_symbols(srctree, path, syms, seen):
    """Collect {name: (type, range)} from a Kconfig file and its sources."""
    if path in seen:
        return
    seen.add(path)
    cur = None
    with open(path) as f:
        for line in f:
            s = line.strip()
            m = re.match(r"^(menu)?config\s+([A-Za-z0-9_]+)", s)
            if m:
                cur = m.group(2)
                syms.setdefault(cur, ["unknown", None])
                continue
            m = re.match(r'^source\s+"?([^"\s]+)"?', s)
            if m:
                kconfig_symbols(srctree, os.path.join(srctree, m.group(1)), syms, seen)
                cur = None
                continue
            if cur is None:
                continue
            m = re.match(r"^(bool|tristate|int|hex|string)\b", s)
            if m:
                syms[cur][0] = m.group(1)
                continue
            m = re.match(r"^range\s+(\S+)\s+(\S+)", s)
            if m:
                syms[cur][1] = (m.group(1), m.group(2))
                continue
            if re.match(r"^(choice|endchoice|menu|endmenu|if|endif|comment)\b", s):
                cur = None


def read_values(path):
    vals = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            m = ASSIGN.match(line)
            if m:
                vals[m.group(1)] = m.group(2)
                continue
            m = UNSET.match(line)
            if m:
                vals[m.group(1)] = "n"
    return vals


def same(typ, want, have):
    if typ == "hex":
        try:
            return int(want, 16) == int(have, 16)
        except ValueError:
            return False
    if typ == "int":
        try:
            return int(want, 0) == int(have, 0)
        except ValueError:
            return False
    return want == have


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srctree", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    syms = {}
    kconfig_symbols(args.srctree, os.path.join(args.srctree, "Kconfig"), syms, set())
    have = read_values(args.config)
    errors = []
    for fname in args.files:
        shown = os.path.relpath(fname, args.srctree) if fname.startswith(args.srctree) else fname
        with open(fname) as f:
            for no, line in enumerate(f, 1):
                line = line.rstrip("\n")
                m = ASSIGN.match(line) or UNSET.match(line)
                if not m:
                    if line.strip() and not line.startswith("#"):
                        errors.append("%s:%d: not a Kconfig assignment: %s" % (shown, no, line))
                    continue
                name = m.group(1)
                want = m.group(2) if m.re is ASSIGN else "n"
                where = "%s:%d: CONFIG_%s=%s" % (shown, no, name, want)
                if name not in syms:
                    errors.append("%s: unknown symbol" % where)
                    continue
                typ, rng = syms[name]
                got = have.get(name, "n")
                if same(typ, want, got):
                    continue
                if name not in have and want != "n":
                    why = "its dependencies are not met, so it is not available"
                elif typ in ("int", "hex") and rng:
                    why = "out of range %s..%s (now %s)" % (rng[0], rng[1], got)
                elif want == "m" and got == "y":
                    why = "m needs MODULES=y, or a dependency forces y (now y)"
                else:
                    why = "its dependencies or a select forbid it (now %s)" % got
                errors.append("%s: did not take: %s" % (where, why))
    if errors:
        for e in errors:
            print("error: " + e, file=sys.stderr)
        os.replace(args.config, args.config + ".rejected")
        print("error: configuration rejected (kept as %s.rejected)" % args.config, file=sys.stderr)
        sys.exit(1)


main()
