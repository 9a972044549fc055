#!/usr/bin/env python3
"""make check: every test of Loom, with one line per test and, last,
"N passed, N failed[, N skipped]". Exit status 1 when anything failed.

  check.py [host] [kernel] [boot] [selftest]      (default: all parts)

Environment: TESTS=a,b (only these in-kernel suites / host tests; boot
tests run only if "boot" is named), RANDCONFIG_SEEDS="1 2 3 4 5",
CHECK_JOBS=2 (QEMU instances at once). Builds go to tests-out/ under the
build folder; logs of failures are printed with their last lines.
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_tests  # noqa: E402
import qemu  # noqa: E402

SRC = os.environ.get("srctree") or os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
OUT = os.path.abspath(os.environ.get("CHECK_OUT", "tests-out"))
TESTS = [t for t in os.environ.get("TESTS", "").replace(" ", ",").split(",") if t]
SEEDS = os.environ.get("RANDCONFIG_SEEDS", "1 2 3 4 5").split()
JOBS = int(os.environ.get("CHECK_JOBS", "2"))
BANNER = re.compile(r"Loom \S+ \((\S+)\) booted in (\d+) ms on (\d+) CPUs")
STAMP = re.compile(r"^\[\s*\d+\.\d+\] ")
DEFCONFIGS = ["qemu", "hardware", "minimal"]
# What user space needs from the kernel: processes, /proc (wait, ctl, env)
# and pipes. Until the tree has them the user-space tests are skipped.
USER_NEEDS = ["kernel/proc/Makefile", "fs/procfs/pid.c", "ipc/pipe.c"]


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def add(self, name, ok, detail=None, skip=None):
        with self.lock:
            if skip:
                self.skipped += 1
                print("ok - %s # SKIP %s" % (name, skip), flush=True)
            elif ok:
                self.passed += 1
                print("ok - %s%s" % (name, " (%s)" % detail if detail else ""), flush=True)
            else:
                self.failed += 1
                self.failures.append(name)
                print("not ok - %s" % name, flush=True)
                if detail:
                    for line in detail.rstrip().splitlines():
                        print("    | " + line)
                sys.stdout.flush()


R = Results()
pool = concurrent.futures.ThreadPoolExecutor(max_workers=JOBS)


def run_make(args, log):
    """Run make in the source tree; True on success. Output goes to log."""
    with open(log, "a") as f:
        f.write("$ make %s\n" % " ".join(args))
        f.flush()
        r = subprocess.run(["make", "-C", SRC, "--no-print-directory"] + args,
                           stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return r.returncode == 0


def tail(path, n=30):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def build(name, config_goals, env_goals=(), jobs=2):
    """Configure and build O=tests-out/<name>; returns the folder or None."""
    out = os.path.join(OUT, name)
    os.makedirs(out, exist_ok=True)
    log = os.path.join(out, "build.log")
    open(log, "w").close()
    t0 = time.monotonic()
    ok = run_make(["O=" + out] + list(env_goals) + list(config_goals), log) and \
        run_make(["O=" + out, "-j%d" % jobs], log)
    R.add("build: %s" % name, ok, ("%.0f s" % (time.monotonic() - t0)) if ok else tail(log))
    return out if ok else None


# ---------------------------------------------------------------------------
def ktap_cases(text):
    """(suite, case, ok, skipped, diagnostics) for every KTAP subtest line,
    and whether the '# Totals' line (the end of the run) was seen."""
    cases, suite, diag, done = [], None, [], False
    for raw in text.splitlines():
        line = STAMP.sub("", raw)
        m = re.match(r"^    # Subtest: (\S+)", line)
        if m:
            suite = m.group(1)
            continue
        m = re.match(r"^    (not ok|ok) \d+ (\S+)(.*)$", line)
        if m and suite:
            skipped = "# SKIP" in m.group(3)
            cases.append((suite, m.group(2), m.group(1) == "ok", skipped, "\n".join(diag)))
            diag = []
            continue
        if re.match(r"^        # ", line):
            diag.append(line.strip())
        if line.startswith("# Totals:"):
            done = True
    return cases, done


def judge_ktest(b):
    """'pass', 'fail' (a test failed), 'crash' (panic, triple fault, no
    result) or 'timeout', with the cases parsed."""
    cases, done = ktap_cases(b.output)
    if b.timed_out:
        return "timeout", cases
    if not done or b.status not in (qemu.EXIT_SUCCESS, qemu.EXIT_FAILURE):
        return "crash", cases
    if b.status == qemu.EXIT_FAILURE or not all(c[2] for c in cases):
        return "fail", cases
    return "pass", cases


def check_kernel(out, label="kernel", cpus=1, machine="q35", suites=None, append_extra=""):
    kernel = os.path.join(out, "loom.elf")
    if suites is not None:
        suites = [s for s in suites if not TESTS or s in TESTS]
        if not suites:
            return
    chosen = suites or TESTS
    append = "ktest" + ("=" + ",".join(chosen) if chosen else "") + \
        (" " + append_extra if append_extra else "")
    b = qemu.boot(qemu.command(kernel=kernel, initrd=os.path.join(out, "initrd.cpio"),
                               append=append, mem="256M", cpus=cpus, machine=machine),
                  timeout=120)
    verdict, cases = judge_ktest(b)
    for suite, case, ok, skipped, diag in cases:
        R.add("%s: %s.%s" % (label, suite, case), ok, None if ok else diag,
              skip="skipped" if skipped else None)
    if verdict in ("crash", "timeout"):
        what = {"crash": "the test kernel stopped without a result (panic, triple "
                         "fault or crash); QEMU status %s" % b.status,
                "timeout": "the test kernel hung (no result after %.0f s)" % b.seconds}
        R.add("%s: run completed" % label, False, what[verdict] + "\n" + b.tail())
    elif not cases:
        R.add("%s: run completed" % label, False, "no test ran\n" + b.tail())


def check_selftest(out):
    """The harness must notice a failing and a hanging in-kernel test."""
    kernel = os.path.join(out, "loom.elf")
    b = qemu.boot(qemu.command(kernel=kernel, append="ktest=selftest_fail"), timeout=60)
    verdict, _ = judge_ktest(b)
    R.add("selftest: a failing in-kernel test is reported as failed", verdict == "fail",
          None if verdict == "fail" else "harness said %s\n%s" % (verdict, b.tail()))
    b = qemu.boot(qemu.command(kernel=kernel, append="ktest=selftest_hang"), timeout=8)
    verdict, _ = judge_ktest(b)
    R.add("selftest: a hanging in-kernel test is caught by the timeout", verdict == "timeout",
          None if verdict == "timeout" else "harness said %s\n%s" % (verdict, b.tail()))
    b = qemu.boot(qemu.command(kernel=kernel, append="crash=ud"), timeout=60)
    verdict, _ = judge_ktest(b)
    R.add("selftest: a kernel panic is reported as a crash", verdict == "crash" and
          b.status == qemu.EXIT_PANIC, "harness said %s, status %s" % (verdict, b.status))


# ---------------------------------------------------------------------------
def banner_check(name, b, want_config=None):
    m = BANNER.search(b.output)
    if b.matched and m:
        R.add(name, True, "%s ms kernel, %.1f s QEMU" % (m.group(2), b.seconds))
    elif b.timed_out:
        R.add(name, False, "no boot banner after %.0f s (hung)\n%s" % (b.seconds, b.tail()))
    else:
        R.add(name, False, "QEMU ended (status %s) before the banner\n%s" % (b.status, b.tail()))


def check_boot(name, out):
    img = os.path.join(out, "loom.img")
    kernel = os.path.join(out, "loom.elf")
    initrd = os.path.join(out, "initrd.cpio")
    jobs = []
    for machine in ("q35", "pc"):
        for cpus in (1, 4):
            for mem in ("128M", "2G"):
                label = "boot: %s image, OVMF, %s, %d CPU%s, %s" % (
                    name, machine, cpus, "s" if cpus > 1 else "", mem)
                cmd = qemu.command(image=img, machine=machine, cpus=cpus, mem=mem)
                jobs.append(pool.submit(lambda c=cmd, l=label: banner_check(
                    l, qemu.boot(c, timeout=90, until=") booted in "))))
    cmd = qemu.command(kernel=kernel, initrd=initrd, append="loglevel=6")
    jobs.append(pool.submit(lambda: banner_check("boot: %s kernel, PVH (-kernel)" % name,
                                                 qemu.boot(cmd, timeout=60, until=") booted in "))))
    return jobs


def check_crash_trace(out):
    kernel = os.path.join(out, "loom.elf")
    b = qemu.boot(qemu.command(kernel=kernel, append="crash=pagefault"), timeout=60)
    text = "\n".join(STAMP.sub("", l) for l in b.output.splitlines())
    ok = b.status == qemu.EXIT_PANIC and re.search(
        r"Call trace:\n +\[<[0-9a-f]+>\] crash_pagefault\+0x[0-9a-f]+/0x[0-9a-f]+", text)
    R.add("boot: a deliberate page fault prints a backtrace naming crash_pagefault",
          bool(ok), None if ok else "status %s\n%s" % (b.status, b.tail()))


def check_truncated_kernel(out):
    """A truncated kernel on the ESP: the loader must say so, not hang."""
    tmp = os.path.join(OUT, "truncated")
    os.makedirs(tmp, exist_ok=True)
    src = os.path.join(out, "loom.stripped.elf")
    with open(src, "rb") as f:
        data = f.read()
    short = os.path.join(tmp, "loom.elf")
    with open(short, "wb") as f:
        f.write(data[:len(data) // 2])
    img = os.path.join(tmp, "loom.img")
    r = subprocess.run(["bash", os.path.join(SRC, "scripts/mkimage.sh"), "--out", img,
                        "--efi", os.path.join(out, "arch/x86/boot/efi/BOOTX64.EFI"),
                        "--kernel", short], capture_output=True, text=True)
    if r.returncode:
        R.add("boot: the loader reports a truncated kernel", False, r.stdout + r.stderr)
        return
    b = qemu.boot(qemu.command(image=img), timeout=60, until="truncated")
    R.add("boot: the loader reports a truncated kernel", b.matched,
          None if b.matched else b.tail())


def check_allmodconfig(qemu_out):
    """allmodconfig builds and boots; every BOOT_ALWAYS module loads from the
    ramdisk. Its modules are another build: the qemu kernel must refuse them."""
    out = build("allmod", ["allmodconfig"])
    if not out:
        return
    with open(os.path.join(out, "modules.order")) as f:
        kos = [os.path.basename(l.strip())[:-3] for l in f if l.strip()]
    b = qemu.boot(qemu.command(kernel=os.path.join(out, "loom.elf"),
                               initrd=os.path.join(out, "initrd.cpio"), append="qemu_exit"),
                  timeout=60)
    loaded = set(re.findall(r"module: loaded (\S+) ", b.output))
    nodev = set(re.findall(r"module: (\S+): no device to drive here", b.output))
    missing = [k for k in kos if k not in loaded and k not in nodev]
    ok = b.status == qemu.EXIT_SUCCESS and not missing and "refused" not in b.output
    R.add("boot: allmodconfig loads all %d of its BOOT_ALWAYS modules" % len(kos), ok,
          None if ok else "status %s, not loaded: %s\n%s" % (b.status, missing, b.tail()))
    if not qemu_out:
        return
    b = qemu.boot(qemu.command(kernel=os.path.join(qemu_out, "loom.elf"),
                               initrd=os.path.join(out, "initrd.cpio"), append="qemu_exit"),
                  timeout=60)
    ok = b.status == qemu.EXIT_SUCCESS and re.search(
        r"module: hello: refused: built for another kernel", b.output) and \
        "module: loaded hello" not in b.output
    R.add("boot: a module from another build is refused and the kernel boots on", bool(ok),
          None if ok else "status %s\n%s" % (b.status, b.tail()))


def check_randconfig(seed):
    name = "rand-%s" % seed
    out = build(name, ["randconfig"], ["KCONFIG_SEED=%s" % seed], jobs=1)
    if not out:
        return
    kernel = os.path.join(out, "loom.elf")
    b = qemu.boot(qemu.command(kernel=kernel, append="qemu_exit"), timeout=60)
    ok = b.status == qemu.EXIT_SUCCESS
    R.add("boot: randconfig seed %s boots (PVH)" % seed, ok,
          None if ok else "status %s\n%s" % (b.status, b.tail()))


# ---------------------------------------------------------------------------
def check_init(out):
    """init=PATH: the kernel's test program runs as pid 1 on /dev/console,
    its status is logged; a missing init is logged and the kernel goes on."""
    kernel, initrd = os.path.join(out, "loom.elf"), os.path.join(out, "initrd.cpio")
    b = qemu.boot(qemu.command(kernel=kernel, initrd=initrd, append="init=/tests/user/utest"),
                  timeout=60, until="(pid 1) ended:")
    text = "\n".join(STAMP.sub("", l) for l in b.output.splitlines())
    ok = b.matched and "hello from user space\nargv: /tests/user/utest\nenv: PATH=" in text \
        and re.search(r"init: /tests/user/utest \(pid 1\) ended: 0", b.output)
    R.add("boot: init=PATH runs a user program as pid 1 on /dev/console", bool(ok),
          None if ok else b.tail())
    b = qemu.boot(qemu.command(kernel=kernel, initrd=initrd, append="init=/sbin/none"),
                  timeout=60, until="no user space started")
    ok = b.matched and "init: /sbin/none: not found" in b.output
    R.add("boot: a missing init is logged and the kernel keeps running", bool(ok),
          None if ok else b.tail())


def check_console_input(out):
    """Lines typed on the serial port reach init through /dev/console's line
    discipline (echo, erase) and Ctrl-D ends its input."""
    cmd = qemu.command(kernel=os.path.join(out, "loom.elf"),
                       initrd=os.path.join(out, "initrd.cpio"),
                       append="init=/tests/user/utest -- echo")
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    got, state = [], {"sent": False}

    def reader():
        buf = b""
        for line in iter(proc.stdout.readline, b""):
            got.append(line)
            buf += line
            if b"echo: ready" in buf and not state["sent"]:
                state["sent"] = True
                proc.stdin.write(b"hello wx\x7forld\rsecond\r\x04")
                proc.stdin.flush()
            if b"(pid 1) ended:" in buf:
                proc.kill()
                return

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    t.join(5)
    text = b"".join(got).decode("utf-8", "replace").replace("\r", "")
    ok = "got: hello world\n" in text and "got: second\n" in text and \
        re.search(r"init: /tests/user/utest \(pid 1\) ended: 2", text)
    R.add("boot: lines typed on the serial port reach init through /dev/console", bool(ok),
          None if ok else "\n".join(text.splitlines()[-25:]))


class MonitorSession:
    """A booted normal image with its serial port (the shell) and QEMU's
    monitor on a socket: type lines on the serial port, press keys and move
    the mouse through the monitor, wait for text to appear."""

    def __init__(self, out, extra=()):
        import socket
        import tempfile
        self.dir = tempfile.mkdtemp(prefix="loom-mon-")
        self.mon_path = os.path.join(self.dir, "monitor")
        cmd = qemu.command(kernel=os.path.join(out, "loom.elf"),
                           initrd=os.path.join(out, "initrd.cpio"), append="",
                           extra=["-monitor", "unix:%s,server,nowait" % self.mon_path] +
                           list(extra))
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.got = []
        self.lock = threading.Condition()
        self.sock = None
        self.socket = socket
        self.thread = threading.Thread(target=self._reader, daemon=True)
        self.thread.start()

    def _reader(self):
        for d in iter(lambda: self.proc.stdout.read1(4096), b""):
            with self.lock:
                self.got.append(d)
                self.lock.notify_all()

    def text(self):
        with self.lock:
            return b"".join(self.got).decode("utf-8", "replace").replace("\r", "")

    def wait_for(self, pattern, since=0, timeout=30):
        """Wait until pattern (a regex) matches the output after offset
        since; the match end, or -1 on a timeout."""
        end = time.time() + timeout
        while True:
            m = re.search(pattern, self.text()[since:], re.M)
            if m:
                return since + m.end()
            left = end - time.time()
            if left <= 0 or self.proc.poll() is not None:
                return -1
            with self.lock:
                self.lock.wait(min(left, 0.5))

    def type_line(self, line):
        self.proc.stdin.write(line.encode() + b"\r")
        self.proc.stdin.flush()

    def monitor(self, *commands):
        if self.sock is None:
            self.sock = self.socket.socket(self.socket.AF_UNIX)
            self.sock.connect(self.mon_path)
        for c in commands:
            self.sock.send((c + "\n").encode())
            time.sleep(0.1)

    def close(self):
        try:
            if self.sock:
                self.sock.close()
        except OSError:
            pass
        self.proc.kill()
        self.proc.wait()
        self.thread.join(5)

    def tail(self, n=25):
        return "\n".join(self.text().splitlines()[-n:])


def check_shell_idle(out):
    """A shell waiting at its prompt costs no timer interrupts: console
    input comes by interrupt, nobody polls. QEMU's apic_local_deliver trace
    event counts the local APIC's interrupts (the timer's); with polled
    input there are about 100 a second. A line typed then still runs."""
    import tempfile

    log = os.path.join(tempfile.mkdtemp(prefix="loom-trace-"), "trace")

    def delivered():
        try:
            with open(log, errors="replace") as f:
                return sum(1 for line in f if "apic_local_deliver" in line)
        except OSError:
            return 0

    s = MonitorSession(out, extra=["-trace", "enable=apic_local_deliver", "-D", log])
    count, ran = None, False
    try:
        pos = s.wait_for(r"\$ ", timeout=60)
        if pos > 0:
            time.sleep(1)  # the shell is in its read
            a = delivered()
            time.sleep(3)
            count = delivered() - a
            s.type_line("echo awake")
            ran = s.wait_for(r"^awake$", since=pos) > 0
    except OSError:
        pass
    s.close()
    shutil.rmtree(os.path.dirname(log), ignore_errors=True)
    ok = count is not None and count <= 6 and ran
    R.add("boot: a shell waiting at its prompt costs no timer interrupts", ok,
          None if ok else "%s local APIC interrupts in 3 s at the prompt; the line %s\n%s" %
          (count, "ran" if ran else "did not run", s.tail()))


def check_keyboard(out):
    """Keys pressed on the PC keyboard (QEMU's monitor sendkey, through the
    i8042 driver attached to ACPI's PNP0303) reach the shell on
    /dev/console: Shift works, and the command runs."""
    s = MonitorSession(out)
    try:
        if s.wait_for(r"\$ ", timeout=60) > 0:
            s.monitor(*["sendkey " + k for k in
                        ["e", "c", "h", "o", "spc", "shift-k", "e", "y", "s", "spc",
                         "shift-o", "k", "ret"]])
            s.wait_for(r"^Keys Ok$", timeout=20)
    except OSError:
        pass
    s.close()
    text = s.text()
    ok = "echo Keys Ok\nKeys Ok\n" in text and "attached to i8042" in text
    R.add("boot: keys typed on the PC keyboard (i8042) reach the shell", ok,
          None if ok else s.tail())


def check_input_events(out):
    """/dev/input through inputev at the shell (serial): the keyboard's and
    the PS/2 mouse's devices are listed; keys pressed with the monitor's
    sendkey and the mouse moved and clicked with mouse_move/mouse_button
    come out as key, motion and button events."""
    s = MonitorSession(out)
    results = {}
    try:
        pos = s.wait_for(r"\$ ", timeout=60)
        mouse = None
        if pos > 0:
            s.type_line("inputev")
            end = s.wait_for(r"\$ ", since=pos)
            m = re.search(r"^(\d+) PS/2 mouse$", s.text()[pos:end if end > 0 else None], re.M)
            kbd = re.search(r"^(\d+) i8042 keyboard$", s.text()[pos:end if end > 0 else None],
                            re.M)
            results["list"] = bool(m and kbd)
            mouse = m.group(1) if m else None
            pos = end
        if pos > 0 and results.get("list"):
            s.type_line("inputev %s 6" % kbd.group(1))
            pos = s.wait_for(r"^input \d+: i8042 keyboard$", since=pos)
            if pos > 0:
                s.monitor("sendkey up", "sendkey a", "sendkey backspace")
                end = s.wait_for(r"\$ ", since=pos)
                # The keys' text is echoed as they are typed (console
                # input by interrupt): a line may begin with that echo.
                got = re.findall(r"\d+\.\d{6} key (\S+ \S+)$", s.text()[pos:end], re.M)
                results["keys"] = got == ["UP press", "UP release", "A press", "A release",
                                          "BACKSPACE press", "BACKSPACE release"]
                results["keys-got"] = got
                pos = end
        if pos > 0 and mouse:
            s.type_line("inputev %s 4" % mouse)
            pos = s.wait_for(r"^input \d+: PS/2 mouse$", since=pos)
            if pos > 0:
                s.monitor("mouse_move 10 -5", "mouse_button 1", "mouse_button 0")
                end = s.wait_for(r"\$ ", since=pos)
                got = re.findall(r"^\d+\.\d{6} ((?:rel|key) \S+ \S+)$", s.text()[pos:end],
                                 re.M)
                results["mouse"] = got == ["rel x 10", "rel y -5", "key BTN_LEFT press",
                                           "key BTN_LEFT release"]
                results["mouse-got"] = got
    except OSError:
        pass
    s.close()
    for name, what in [("list", "inputev lists the keyboard and the PS/2 mouse"),
                       ("keys", "keys pressed (sendkey) are key events"),
                       ("mouse", "mouse moved and clicked (mouse_move, mouse_button) "
                                 "are motion and button events")]:
        ok = results.get(name, False)
        R.add("boot: input: " + what, ok,
              None if ok else "got %s\n%s" % (results.get(name + "-got"), s.tail(40)))


def read_ppm(path):
    """(width, height, rgb bytes) of a binary PPM (QEMU's screendump)."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a P6 PPM: %r" % fields)
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def rect_colours(shot, x, y, w, h):
    """The set of (r, g, b) in a rectangle of a read_ppm() picture."""
    sw, _, px = shot
    seen = set()
    for row in range(y, y + h):
        line = px[(row * sw + x) * 3:(row * sw + x + w) * 3]
        seen.update(zip(line[0::3], line[1::3], line[2::3]))
    return seen


def check_fb(out, label="fb"):
    """The screen as files, booted through OVMF: /dev/fb/0/info tells the
    GOP mode; fbfill maps the buffer and fills three rectangles, which a
    QEMU screendump shows exactly while the text console keeps away (a
    command typed meanwhile is echoed without drawing); when fbfill
    exits, the console repaints its text over them."""
    import socket
    import tempfile
    tmp = tempfile.mkdtemp(prefix="loom-fb-")
    name = lambda what: "boot: %s: %s" % (label, what)  # noqa: E731
    mon = os.path.join(tmp, "monitor")
    rects = [((255, 0, 0), (0, 0, 200, 100)), ((0, 255, 0), (200, 0, 200, 100)),
             ((0, 0, 255), (0, 100, 400, 100))]
    shots, state = {}, {"ok_during": False}

    def screendump(name):
        path = os.path.join(tmp, name + ".ppm")
        s = socket.socket(socket.AF_UNIX)
        s.connect(mon)
        s.settimeout(20)
        s.send(("screendump %s\n" % path).encode())
        end = time.time() + 20
        size = 0
        while time.time() < end:  # written when its size stops changing
            time.sleep(0.3)
            now = os.path.getsize(path) if os.path.exists(path) else 0
            if now and now == size:
                break
            size = now
        s.close()
        shots[name] = read_ppm(path)
        return shots[name]

    def drawn(shot):
        return all(rect_colours(shot, *r) == {c} for c, r in rects)

    def during(answers):
        end = time.time() + 30
        while time.time() < end:
            if drawn(screendump("during")):
                state["ok_during"] = True
                break
            time.sleep(0.5)
        return "echo typed while drawing"

    def after(answers):
        screendump("after")
        return "echo back"

    cmd = qemu.command(image=os.path.join(out, "loom.img"),
                       extra=["-monitor", "unix:%s,server,nowait" % mon])
    steps = ["cat /dev/fb/0/info; cat /dev/fb/0/name",
             lambda a: (screendump("before"), "fbfill -w 12000 ff0000 0 0 200 100 "
                        "00ff00 200 0 200 100 0000ff 0 100 400 100 &")[1],
             during, "cat /proc/$!/wait; echo", after]
    try:
        ok, log = qemu.drive_shell(cmd, steps, prompt=" $ ", timeout=150)
    except (OSError, ValueError) as e:
        ok, log = False, "monitor or screendump failed: %s" % e
    if not ok:
        R.add(name("OVMF image, shell and screendumps"), False, str(log)[-3000:])
        shutil.rmtree(tmp, ignore_errors=True)
        return
    info = log[0].strip().splitlines()
    w, h = shots["before"][0], shots["before"][1]
    good = len(info) >= 2 and re.match(r"^%d %d \d+ (bgrx|rgbx)$" % (w, h), info[0]) \
        and info[1] == "efi-gop"
    R.add(name("/dev/fb/0/info and name describe the GOP mode"), bool(good),
          None if good else "info/name: %r, screendump %dx%d" % (info, w, h))
    text = lambda shot: len(rect_colours(shot, 0, 0, 400, 200) - {(0, 0, 0)})
    R.add(name("the console shows text before fbfill"), text(shots["before"]) > 0,
          None if text(shots["before"]) else "no text pixels in the top left")
    detail = None
    if not state["ok_during"]:
        got = [sorted(rect_colours(shots["during"], *r))[:4] for _, r in rects]
        detail = "rectangles show %s" % got
    R.add(name("fbfill's rectangles are on the screen, the console keeps away"),
          state["ok_during"], detail)
    back = shots["after"]
    ok_after = not drawn(back) and all(
        c not in rect_colours(back, *r) for c, r in rects) and text(back) > 0
    R.add(name("the console redraws its text when fbfill exits"), ok_after,
          None if ok_after else "after: %s" % [sorted(rect_colours(back, *r))[:4]
                                                for _, r in rects])
    shutil.rmtree(tmp, ignore_errors=True)


def check_user():
    """User-space tests: a qemu_defconfig image with usertest.config, whose
    init runs every program of /tests (usr/tests/) and prints their KTAP;
    each case becomes a result here, each program one more. Then the shell
    is driven over the serial console (check_shell)."""
    if not all(os.path.exists(os.path.join(SRC, f)) for f in USER_NEEDS):
        R.add("user: tests run", True, skip="the kernel lacks processes, /proc or pipes "
              "(%s)" % ", ".join(USER_NEEDS))
        return
    out = build("user", ["qemu_defconfig", "usertest.config"])
    if not out:
        return
    b = qemu.boot(qemu.command(kernel=os.path.join(out, "loom.elf"),
                               initrd=os.path.join(out, "initrd.cpio"), append="loglevel=4"),
                  timeout=300, until="# Totals:")
    cases, _ = ktap_cases(b.output)
    for suite, case, ok, skipped, diag in cases:
        R.add("user: %s.%s" % (suite, case), ok, None if ok else diag,
              skip="skipped" if skipped else None)
    progs = re.findall(r"^(?:\[[ .0-9]+\] )?(not ok|ok) \d+ (\S+)$", b.output, re.M)
    for verdict, name in progs:
        R.add("user: /tests/%s ran to the end" % name, verdict == "ok",
              None if verdict == "ok" else b.tail())
    if not b.matched or not progs:
        R.add("user: run completed", False, "no '# Totals' line from init\n" + b.tail())
    check_shell()


def check_shell():
    """The shell over the serial console of a normal qemu image."""
    out = os.path.join(OUT, "qemu")
    if not os.path.exists(os.path.join(out, "loom.elf")):
        out = build("qemu", ["qemu_defconfig"])
        if not out:
            return
    steps = [
        ("touch file.txt:ce; ls", r"^file\.txt$"),
        ("touch file.txt:ce; echo rc=$?", r"File exists\s*\nrc=1"),
        ("mkdir d; touch d/inner; ls :R", r"^d/\n(.|\n)*^\./d:\ninner$"),
        ("echo x > f:a; echo y > f:a; cat f", r"^x\ny$"),
        ("symlink /tmp/f ln; stat ln; stat ln:nofollow",
         r"^ln: file size 4 .*\n^ln:nofollow: symlink .* -> /tmp/f$"),
        ("sleep 1 &", r"^\[\d+\]$"),
        ("cat /proc/$!/wait; echo", r"^0$"),
        ("X=prepared env X", r"^prepared$"),
        ("echo one | cat | cat", r"^one$"),
        ("ls /net/local", r"^seqpacket\nstream$"),
        ("cat /net/local/stream; echo", r"^\d+$"),
        ("stackoverflow",
         r"^shell: pagefault at 0x[0-9a-f]+ due to stack overflow at 0x[0-9a-f]+$"),
        ("echo still here $?", r"^still here 128$"),
    ]
    t0 = time.monotonic()
    ok, log = qemu.drive_shell(qemu.command(kernel=os.path.join(out, "loom.elf"),
                                            initrd=os.path.join(out, "initrd.cpio"),
                                            append="loglevel=4"),
                               ["cd /tmp"] + [s[0] for s in steps], prompt=" $ ", timeout=240)
    if not ok:
        R.add("user: shell over the serial console", False, log[-3000:])
        return
    for (cmd, pattern), answer in zip(steps, log[1:]):
        good = re.search(pattern, answer, re.S | re.M) is not None
        name = cmd
        R.add("user: shell: %s" % name, good, None if good else "output:\n" + answer)
    print("# shell session took %.0f s" % (time.monotonic() - t0))


def check_host():
    out = os.path.join(OUT, "host")
    os.makedirs(out, exist_ok=True)
    log = os.path.join(out, "build.log")
    open(log, "w").close()
    if not run_make(["-f", os.path.join(SRC, "tests/host/Makefile"), "srctree=" + SRC,
                     "out=" + out, "-j2"], log):
        R.add("host: build", False, tail(log))
        return
    r = subprocess.run([os.path.join(out, "host-tests")] + TESTS, capture_output=True,
                       text=True, timeout=300)
    seen = 0
    diag = []
    for line in r.stdout.splitlines():
        m = re.match(r"^(not ok|ok) \d+ (\S+)", line)
        if m:
            seen += 1
            R.add("host: %s" % m.group(2), m.group(1) == "ok", "\n".join(diag))
            diag = []
        elif line.startswith("    #"):
            diag.append(line.strip())
    if r.returncode not in (0, 1) or not seen:
        R.add("host: run completed", False, "exit %d\n%s%s" % (r.returncode, r.stdout[-2000:],
                                                               r.stderr[-3000:]))


def main():
    parts = sys.argv[1:] or ["host", "build", "kernel", "boot", "selftest"]
    if TESTS and "boot" not in TESTS and len(sys.argv) == 1:
        parts = ["host", "kernel"]
    t0 = time.monotonic()
    futures = []
    if "host" in parts:
        check_host()
    figures = {}
    if "build" in parts:
        build_tests.run(R, SRC, os.path.join(OUT, "build"), figures)
    if "kernel" in parts or "boot" in parts:
        out = build("qemu", ["qemu_defconfig"])
        if out and "kernel" in parts:
            check_kernel(out)
            # The ACPI namespace and the devices it announces on the other
            # machine QEMU has (i440FX/PIIX instead of Q35/ICH9), with its
            # own MADT overrides for the I/O APIC and the input drivers.
            check_kernel(out, "kernel-pc", machine="pc",
                         suites=["acpi", "module", "ioapic", "i8042", "psmouse", "tty"])
            # Without I/O APIC routing (noioapic) the keyboard is polled.
            check_kernel(out, "kernel-noioapic", suites=["ioapic", "i8042", "psmouse", "tty"],
                         append_extra="noioapic")
            check_init(out)
            check_console_input(out)
            check_shell_idle(out)
            check_keyboard(out)
            check_input_events(out)
        if out and "boot" in parts:
            futures += check_boot("qemu", out)
            futures.append(pool.submit(check_fb, out))
            futures.append(pool.submit(check_crash_trace, out))
            futures.append(pool.submit(check_truncated_kernel, out))
    if "boot" in parts:
        # The screen shared by fbfill and the console, fbcon a module.
        out = build("fbcon-module", ["qemu_defconfig", "fbcon-module.config"])
        if out:
            futures.append(pool.submit(check_fb, out, "fb, fbcon.ko"))
        for name in DEFCONFIGS[1:]:
            out = build(name, ["%s_defconfig" % name])
            if out:
                futures += check_boot(name, out)
    if "kernel" in parts:
        out = build("debug", ["qemu_defconfig", "debug.config", "samples-builtin.config"])
        if out:
            check_kernel(out, "kernel-ubsan")
        out = build("rr", ["qemu_defconfig", "rr.config"])
        if out:
            check_kernel(out, "kernel-rr")
        # Every suite with the application processors online: EEVDF with
        # smp built in (4 CPUs), round-robin with smp.ko loaded from the
        # ramdisk (2 CPUs).
        out = build("smp", ["qemu_defconfig", "smp.config"])
        if out:
            check_kernel(out, "kernel-smp", cpus=4)
        out = build("smp-module", ["qemu_defconfig", "smp-module.config", "rr.config"])
        if out:
            check_kernel(out, "kernel-smp-module-rr", cpus=2)
        check_user()
    if "selftest" in parts:
        out = build("selftest", ["qemu_defconfig", "selftest.config"])
        if out:
            check_selftest(out)
    if "boot" in parts:
        check_allmodconfig(os.path.join(OUT, "qemu") if os.path.exists(
            os.path.join(OUT, "qemu", "loom.elf")) else None)
        for seed in SEEDS:
            check_randconfig(seed)
    for f in futures:
        f.result()
    pool.shutdown()
    for k, v in figures.items():
        print("# figure: %s: %s" % (k, v))
    print("# make check took %.0f s" % (time.monotonic() - t0))
    if R.failures:
        print("# failed: " + ", ".join(R.failures))
    tail_line = "%d passed, %d failed" % (R.passed, R.failed)
    if R.skipped:
        tail_line += ", %d skipped" % R.skipped
    print(tail_line)
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main())
