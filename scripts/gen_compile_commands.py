#!/usr/bin/env python3
"""Write compile_commands.json (to stdout) from the saved commands in the
.<object>.cmd files of a build folder: gen_compile_commands.py OBJTREE."""
import json
import os
import re
import sys

objtree = os.path.abspath(sys.argv[1])
entries = []
for root, dirs, files in os.walk(objtree):
    dirs[:] = sorted(d for d in dirs if d not in (".git", "tests-out"))
    for name in sorted(files):
        if not (name.startswith(".") and name.endswith(".o.cmd")):
            continue
        with open(os.path.join(root, name)) as f:
            m = re.match(r"savedcmd_\S+ := (.*)", f.readline())
        if not m or " -c " not in m.group(1):
            continue
        cmd = m.group(1).replace("$(pound)", "#").replace("'\\''", "'")
        src = cmd.split()[-1]
        if not src.endswith(".c"):
            continue
        entries.append({"directory": objtree, "command": cmd, "file": src})
json.dump(entries, sys.stdout, indent=1)
sys.stdout.write("\n")
