#!/usr/bin/env python3
"""make bench: boot-time and size figures for every defconfig.

Builds each defconfig under tests-out/bench-<name>, boots its image through
OVMF and its kernel through PVH BENCH_RUNS times (default 5) on q35 with one
CPU and 256 MiB, and prints medians: kernel entry to the end of init (the
banner's "booted in N ms") and QEMU start to the banner, plus the sizes of
the kernel (loaded bytes, stripped file) and of the image; then the
in-kernel microbenchmarks (CONFIG_KBENCH) of the qemu kernel, and
osbench (/work/shared/bench/osbench.c or $OSBENCH_SRC), a portable user
program compiled with scripts/loom-cc and run by init (INIT_RUN) on the
qemu kernel: its own "bench NAME PARAM VALUE UNIT" lines, prefixed
"osbench."; and "fb": the qemu image booted through OVMF runs
"fbfill -b" at its shell (whole-screen fills through write() and through
the mapping). One line per figure: "bench NAME [PARAM] VALUE UNIT"."""
import os
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

SRC = os.environ.get("srctree") or os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
OUT = os.path.abspath(os.environ.get("CHECK_OUT", "tests-out"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BANNER = re.compile(r"booted in (\d+) ms on (\d+) CPUs")


def loaded_bytes(elf):
    r = subprocess.run(["readelf", "-lW", elf], capture_output=True, text=True, check=True)
    total = 0
    for line in r.stdout.splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            total += int(f[5], 16)
    return total


def boot_times(cmd):
    kern, wall = [], []
    for _ in range(RUNS):
        b = qemu.boot(cmd, timeout=120, until=") booted in ")
        m = BANNER.search(b.output)
        if not m:
            print("# boot failed:\n" + b.tail(), file=sys.stderr)
            return None, None
        kern.append(int(m.group(1)))
        wall.append(b.seconds)
    return statistics.median(kern), statistics.median(wall)


from check import USER_NEEDS  # noqa: E402
OSBENCH_SRC = os.environ.get("OSBENCH_SRC", "/work/shared/bench/osbench.c")
OSBENCH_ARGS = os.environ.get("OSBENCH_ARGS", "-s 10 -r 3 -m 5 -p 500")


def osbench(out):
    """Build osbench with the SDK into a qemu image and print its lines."""
    if not all(os.path.exists(os.path.join(SRC, f)) for f in USER_NEEDS):
        print("# osbench: skipped: the kernel lacks processes, /proc or pipes (%s)" %
              ", ".join(USER_NEEDS))
        return 0
    if not os.path.exists(OSBENCH_SRC):
        print("# osbench: skipped: no %s" % OSBENCH_SRC)
        return 0
    prog = os.path.join(out, "osbench")
    steps = [["make", "-C", SRC, "O=" + out, "qemu_defconfig"], ["make", "-C", SRC, "O=" + out, "-j2", "sdk"],
             [os.path.join(SRC, "scripts/loom-cc"), "-O", out, "-O2", "-o", prog, OSBENCH_SRC],
             ["make", "-C", SRC, "O=" + out, "-j2", "EXTRA_PROGS=" + prog,
              "INIT_RUN=/bin/osbench " + OSBENCH_ARGS]]
    for cmd in steps:
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            print(r.stdout[-2000:] + r.stderr[-2000:], file=sys.stderr)
            return 1
    # 2 CPUs and 512 MiB, as ../shared/bench/linux/run.sh gives Linux.
    b = qemu.boot(qemu.command(kernel=os.path.join(out, "loom.elf"),
                               initrd=os.path.join(out, "initrd.cpio"), append="loglevel=4",
                               cpus=2, mem="512M"),
                  timeout=900, until="osbench done")
    lines = re.findall(r"^(?:\[[ .0-9]+\] )?bench (\S+ \S+ \S+ \S+)\s*$", b.output, re.M)
    if not b.matched or not lines:
        print("# osbench failed:\n" + b.tail(), file=sys.stderr)
        return 1
    for line in lines:
        print("bench osbench." + line)
    return 0


def fb_fill(out):
    """fbfill -b on the GOP framebuffer of the qemu image (OVMF)."""
    for goal in (["qemu_defconfig"], ["-j2"]):
        r = subprocess.run(["make", "-C", SRC, "O=" + out] + goal, capture_output=True, text=True)
        if r.returncode:
            print(r.stdout[-2000:] + r.stderr[-2000:], file=sys.stderr)
            return 1
    ok, log = qemu.drive_shell(qemu.command(image=os.path.join(out, "loom.img")),
                               ["fbfill -b -r 10"], prompt=" $ ", timeout=300)
    lines = re.findall(r"^(bench fb_\S+ \S+ \d+ \S+)$", log[0] if ok else "", re.M)
    if not lines:
        print("# fbfill -b failed:\n" + str(log)[-2000:], file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


def main():
    names = sys.argv[1:] or ["qemu", "hardware", "minimal", "osbench", "fb"]
    if "fb" in names:
        names.remove("fb")
        if fb_fill(os.path.join(OUT, "bench-qemu")):
            return 1
    if "osbench" in names:
        names.remove("osbench")
        if osbench(os.path.join(OUT, "bench-osbench")):
            return 1
    for name in names:
        out = os.path.join(OUT, "bench-" + name)
        for goal in (["%s_defconfig" % name], ["-j2"]):
            r = subprocess.run(["make", "-C", SRC, "O=" + out] + goal,
                               capture_output=True, text=True)
            if r.returncode:
                print(r.stdout[-2000:] + r.stderr[-2000:], file=sys.stderr)
                return 1
        elf = os.path.join(out, "loom.stripped.elf")
        print("bench %s.kernel_loaded %d bytes" % (name, loaded_bytes(elf)))
        print("bench %s.kernel_file %d bytes" % (name, os.path.getsize(elf)))
        print("bench %s.image %d bytes" % (name, os.path.getsize(os.path.join(out, "loom.img"))))
        k, w = boot_times(qemu.command(image=os.path.join(out, "loom.img")))
        if k is None:
            return 1
        print("bench %s.uefi_kernel_init %d ms" % (name, k))
        print("bench %s.uefi_qemu_to_banner %.2f s" % (name, w))
        k, w = boot_times(qemu.command(kernel=os.path.join(out, "loom.elf"),
                                       initrd=os.path.join(out, "initrd.cpio"), append=""))
        print("bench %s.pvh_kernel_init %d ms" % (name, k))
        print("bench %s.pvh_qemu_to_banner %.2f s" % (name, w))
        sys.stdout.flush()
        if name == "qemu":
            # In-kernel microbenchmarks (CONFIG_KBENCH in qemu_defconfig),
            # with 2 CPUs for the cross-CPU figures.
            b = qemu.boot(qemu.command(kernel=os.path.join(out, "loom.elf"),
                                       initrd=os.path.join(out, "initrd.cpio"),
                                       append="kbench loglevel=5", cpus=2), timeout=300)
            lines = re.findall(r"\] (bench \S+ \d+ \d+ \S+)", b.output)
            if b.status != qemu.EXIT_SUCCESS or not lines:
                print("# kbench failed:\n" + b.tail(), file=sys.stderr)
                return 1
            for line in lines:
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
