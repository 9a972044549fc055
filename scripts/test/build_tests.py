"""Tests of the configuration and build system (the "build" part of
make check): defconfig round trips, rejected assignments, incremental
rebuilds, out-of-tree cleanliness, reproducibility and menuconfig."""
import os
import re
import shutil
import subprocess
import time

CC_LINE = re.compile(r"^  (CC|AS)(?: \[M\])?\s+(\S+)$", re.M)


def make(src, args, env=None, timeout=600):
    e = dict(os.environ)
    e.pop("MAKEFLAGS", None)
    e.pop("MAKELEVEL", None)
    e.update(env or {})
    r = subprocess.run(["make", "-C", src, "--no-print-directory"] + args, env=e,
                       capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       timeout=timeout)
    return r.returncode, r.stdout + r.stderr


def assignments(path):
    with open(path) as f:
        return [l.rstrip("\n") for l in f
                if l.startswith("CONFIG_") or re.match(r"# CONFIG_\S+ is not set", l)]


def test_roundtrip(R, src, out, name):
    o = os.path.join(out, "rt-" + name)
    rc, log = make(src, ["O=" + o, name + "_defconfig"])
    if rc == 0:
        rc, log2 = make(src, ["O=" + o, "savedefconfig"])
        log += log2
    ok = rc == 0 and assignments(os.path.join(o, "defconfig")) == \
        assignments(os.path.join(src, "configs", name + "_defconfig"))
    R.add("build: %s_defconfig round-trips through savedefconfig" % name, ok,
          None if ok else log[-2000:])


BAD = [
    ("unknown symbol", "CONFIG_NO_SUCH_SYMBOL=y\n", r"bad\.defconfig:1: CONFIG_NO_SUCH_SYMBOL=y: unknown symbol"),
    ("out-of-range value", "CONFIG_LOG_BUF_SHIFT=40\n", r"bad\.defconfig:1: CONFIG_LOG_BUF_SHIFT=40: did not take: out of range 12\.\.21"),
    ("value its dependencies forbid", "# CONFIG_DEBUG_KERNEL is not set\nCONFIG_UBSAN=y\n",
     r"bad\.defconfig:2: CONFIG_UBSAN=y: did not take: its dependencies are not met"),
    ("module without MODULES", "# CONFIG_MODULES is not set\nCONFIG_SERIAL_8250=m\n",
     r"bad\.defconfig:2: CONFIG_SERIAL_8250=m: did not take: m needs MODULES"),
]


def test_rejects(R, src, out):
    o = os.path.join(out, "reject")
    os.makedirs(o, exist_ok=True)
    for what, text, pattern in BAD:
        bad = os.path.join(o, "bad.defconfig")
        with open(bad, "w") as f:
            f.write(text)
        rc, log = make(src, ["O=" + o, "defconfig", "DEFCONFIG=" + bad])
        ok = rc != 0 and re.search(pattern, log) and not os.path.exists(os.path.join(o, ".config"))
        R.add("build: a defconfig with an %s is rejected naming the line" % what, bool(ok),
              None if ok else "exit %d\n%s" % (rc, log[-1500:]))


def compiled(log):
    return sorted(m.group(2) for m in CC_LINE.finditer(log))


def test_incremental(R, src, out, figures):
    o = os.path.join(out, "incr")
    shutil.rmtree(o, ignore_errors=True)
    t0 = time.monotonic()
    rc, log = make(src, ["O=" + o, "qemu_defconfig"])
    rc2, log2 = make(src, ["O=" + o, "-j2"])
    if rc or rc2:
        R.add("build: incremental builds", False, (log + log2)[-2000:])
        return
    figures["clean build qemu_defconfig -j2"] = "%.1f s" % (time.monotonic() - t0)
    t0 = time.monotonic()
    rc, log = make(src, ["O=" + o])
    noop = time.monotonic() - t0
    figures["no-op make"] = "%.2f s" % noop
    R.add("build: a no-op make compiles nothing", rc == 0 and not compiled(log) and "LD " not in log,
          "%.2f s" % noop if rc == 0 and not compiled(log) else log[-1500:])

    cfg = os.path.join(o, ".config")
    subprocess.run(["kconfig-tweak", "--file", cfg, "--set-val", "SERIAL_8250_BAUD", "57600"], check=True)
    rc, log = make(src, ["O=" + o])
    got = compiled(log)
    figures["objects rebuilt after SERIAL_8250_BAUD changes"] = ", ".join(got) or "none"
    R.add("build: changing one symbol rebuilds only the files that use it",
          rc == 0 and got == ["drivers/tty/serial8250.o"], "rebuilt: %s\n%s" % (got, log[-800:]))

    # Regression: a CONFIG_ name in a widely included header's comment made
    # every file depend on that symbol.
    subprocess.run(["kconfig-tweak", "--file", cfg, "--set-val", "CONSOLE_LOGLEVEL", "5"],
                   check=True)
    rc, log = make(src, ["O=" + o])
    got = compiled(log)
    R.add("build: changing the console log level rebuilds only the log",
          rc == 0 and got == ["kernel/log/log.o"], "rebuilt: %s" % got)

    hdr = os.path.join(src, "include/loom/memregion.h")
    st = os.stat(hdr)
    os.utime(hdr, None)
    rc, log = make(src, ["O=" + o])
    os.utime(hdr, (st.st_atime, st.st_mtime))
    got = compiled(log)
    want = ["arch/x86/kernel/pvh.o", "kernel/ktest/lib_test.o", "kernel/lib/memregion.o"]
    R.add("build: a header change rebuilds exactly its dependents", rc == 0 and got == want,
          "rebuilt: %s" % got)

    # Regression: with -j2 the ramdisk was built from stale .ko files.
    c = os.path.join(src, "drivers/misc/hello.c")
    st = os.stat(c)
    os.utime(c, None)
    rc, log = make(src, ["O=" + o, "-j2"])
    os.utime(c, (st.st_atime, st.st_mtime))
    ko, rd = os.path.join(o, "drivers/misc/hello.ko"), os.path.join(o, "initrd.cpio")
    ok = rc == 0 and "CPIO    initrd.cpio" in log and os.path.exists(ko) and \
        os.path.getmtime(rd) >= os.path.getmtime(ko)
    R.add("build: a rebuilt module reaches the ramdisk in the same make -j2", ok,
          None if ok else log[-1500:])

    rc, log = make(src, ["O=" + o, "KCFLAGS=-DLOOM_TEST_FLAG"])
    n1 = len(compiled(log))
    rc2, log2 = make(src, ["O=" + o, "KCFLAGS=-DLOOM_TEST_FLAG"])
    ok = rc == 0 and rc2 == 0 and n1 > 20 and not compiled(log2)
    R.add("build: a changed compiler command line rebuilds what it affects", ok,
          "first %d objects, then %d" % (n1, len(compiled(log2))))


def git_status(src):
    r = subprocess.run(["git", "-C", src, "status", "--porcelain", "--ignored"],
                       capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def test_out_of_tree_clean(R, src, out):
    before = git_status(src)
    if before is None:
        R.add("build: an O= build leaves the source tree untouched", True,
              skip="the source tree is not a git checkout")
        return
    o = os.path.join(out, "oot")
    shutil.rmtree(o, ignore_errors=True)
    rc, log = make(src, ["O=" + o, "minimal_defconfig"])
    rc2, log2 = make(src, ["O=" + o, "-j2"])
    after = git_status(src)
    ok = rc == 0 and rc2 == 0 and before == after and os.path.exists(os.path.join(o, "loom.img"))
    R.add("build: an O= build leaves the source tree untouched", ok,
          None if ok else "git status before:\n%s\nafter:\n%s\n%s" % (before, after, (log + log2)[-800:]))


def test_reproducible(R, src, out):
    files = subprocess.run(["git", "-C", src, "ls-files", "-co", "--exclude-standard"],
                           capture_output=True, text=True)
    if files.returncode:
        R.add("build: two clean builds in two folders are byte-identical", True,
              skip="the source tree is not a git checkout")
        return
    trees = []
    for tag in ("a", "bb"):
        t = os.path.join(out, "repro-%s" % tag, "src")
        shutil.rmtree(os.path.dirname(t), ignore_errors=True)
        for rel in files.stdout.split():
            if not os.path.isfile(os.path.join(src, rel)):
                continue
            os.makedirs(os.path.dirname(os.path.join(t, rel)), exist_ok=True)
            shutil.copy2(os.path.join(src, rel), os.path.join(t, rel))
        rc, log = make(t, ["qemu_defconfig"])
        rc2, log2 = make(t, ["-j2"])
        if rc or rc2:
            R.add("build: two clean builds in two folders are byte-identical", False,
                  (log + log2)[-1500:])
            return
        trees.append(t)
    outputs = ["loom.elf", "loom.img", "initrd.cpio", "arch/x86/boot/efi/BOOTX64.EFI"]
    order = os.path.join(trees[0], "modules.order")
    with open(order) as f:
        outputs += [l.strip() for l in f if l.strip()]
    diff = [p for p in outputs if open(os.path.join(trees[0], p), "rb").read() !=
            open(os.path.join(trees[1], p), "rb").read()]
    R.add("build: two clean builds in two folders are byte-identical", not diff,
          "%d files compared" % len(outputs) if not diff else "differ: %s" % diff)


def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock] + list(args), capture_output=True, text=True)


def test_menuconfig(R, src, out):
    o = os.path.join(out, "menu")
    shutil.rmtree(o, ignore_errors=True)
    rc, log = make(src, ["O=" + o, "qemu_defconfig"])
    sock = "loom-check-%d" % os.getpid()
    name = "menuconfig in tmux: toggle Symbolized backtraces and save"
    if rc:
        R.add("build: " + name, False, log[-1000:])
        return
    tmux(sock, "new-session", "-d", "-x", "100", "-y", "30",
         "make -C %s O=%s menuconfig" % (src, o))

    def screen():
        return tmux(sock, "capture-pane", "-p").stdout

    def wait_for(text, secs=20):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            if text in screen():
                return True
            time.sleep(0.2)
        return False

    ok = wait_for("Loom Kernel Configuration")
    if ok:
        tmux(sock, "send-keys", "K")           # jump to "Kernel hacking"
        time.sleep(0.3)
        tmux(sock, "send-keys", "Enter")
        ok = wait_for("Symbolized backtraces")
    if ok:
        tmux(sock, "send-keys", "S")           # jump to "Symbolized backtraces"
        time.sleep(0.3)
        tmux(sock, "send-keys", "n")           # switch it off
        time.sleep(0.3)
        tmux(sock, "send-keys", "Escape", "Escape")
        time.sleep(0.5)
        tmux(sock, "send-keys", "Escape", "Escape")
        ok = wait_for("save your new configuration")
        tmux(sock, "send-keys", "Enter")       # <Yes>
        time.sleep(1.5)
    last = screen()
    tmux(sock, "kill-server")
    with open(os.path.join(o, ".config")) as f:
        cfg = f.read()
    ok = ok and "# CONFIG_KALLSYMS is not set" in cfg
    R.add("build: " + name, ok, None if ok else last)


def test_make_run(R, src, out):
    """make run in a terminal, as a user: the banner appears, Ctrl-A X quits."""
    o = os.path.join(out, "run")
    shutil.rmtree(o, ignore_errors=True)
    sock = "loom-run-%d" % os.getpid()
    name = "build: make run boots the default image to its banner; Ctrl-A X leaves"
    env = "env -u DISPLAY QEMU_MEM=256M"
    tmux(sock, "new-session", "-d", "-x", "120", "-y", "40",
         "%s make -C %s O=%s run; echo RUN-ENDED-$?; sleep 30" % (env, src, o))
    end = time.monotonic() + 240
    seen = ""
    ok = False
    while time.monotonic() < end:
        seen = tmux(sock, "capture-pane", "-p", "-S", "-200").stdout
        if re.search(r"Loom \S+ \(qemu\) booted in \d+ ms", seen):
            ok = True
            break
        if "RUN-ENDED" in seen:
            break
        time.sleep(0.5)
    if ok:
        tmux(sock, "send-keys", "C-a", "x")
        end = time.monotonic() + 20
        ok = False
        while time.monotonic() < end:
            seen = tmux(sock, "capture-pane", "-p", "-S", "-200").stdout
            if "RUN-ENDED-0" in seen:
                ok = True
                break
            time.sleep(0.3)
    tmux(sock, "kill-server")
    R.add(name, ok, None if ok else seen[-2000:])


def test_checkstyle(R, src):
    rc, log = make(src, ["checkstyle"])
    R.add("build: make checkstyle finds the C sources clang-format clean", rc == 0,
          log.strip().splitlines()[-1] if rc == 0 and log.strip() else log[-2000:])


def test_compile_commands(R, src, out):
    o = os.path.join(out, "incr")
    rc, log = make(src, ["O=" + o, "compile_commands.json"])
    n = 0
    if rc == 0:
        import json
        with open(os.path.join(o, "compile_commands.json")) as f:
            entries = json.load(f)
        n = sum(1 for e in entries if e["file"].endswith("kernel/main.c"))
    R.add("build: make compile_commands.json lists the kernel's sources", rc == 0 and n == 1,
          log[-1000:] if rc else None)


def run(R, src, out, figures):
    for name in ("qemu", "hardware", "minimal"):
        test_roundtrip(R, src, out, name)
    test_rejects(R, src, out)
    test_incremental(R, src, out, figures)
    test_compile_commands(R, src, out)
    test_checkstyle(R, src)
    test_out_of_tree_clean(R, src, out)
    test_reproducible(R, src, out)
    test_menuconfig(R, src, out)
    test_make_run(R, src, out)
