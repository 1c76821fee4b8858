# apps_harness.py: runs one program against APPS-style tests. It runs INSIDE the bubblewrap sandbox built by
# sandbox.ts (no network, read-only filesystem, rlimits, its own PID namespace); never run it outside one.
#
# Protocol
#   stdin: one JSON job
#     {"mode": "stdin" | "call" | "assert", "code": str, "fn_name": str | null, "setup": str | null,
#      "tests": [str, ...], "test_timeout_s": float, "max_output_bytes": int}
#     tests[i] is the text fed on stdin (mode "stdin"), a JSON array text of the call's arguments (mode "call"), or
#     Python statements that assert on the program's functions (mode "assert", MBPP's test_list; `setup` runs first).
#   stdout: one JSON object per line, in this order
#     {"ready": true}                                  the job was read; no untrusted code has run yet
#     {"compile_error": "SyntaxError: ... (line 3)"}   then exit, when the code does not compile
#     {"test": i, "status": "ok", "stdout": str}       mode "stdin": what the program printed
#     {"test": i, "status": "ok", "result": str}       mode "call": the return value as JSON text
#     {"test": i, "status": "ok", "passed": bool}      mode "assert": false when an assert failed (AssertionError)
#     {"test": i, "status": "error" | "timeout" | "output_limit" | "crash", "message": str}
#
# Expected outputs never enter the sandbox: the caller (code-verifier.ts) compares them, so a program can neither
# read nor forge them. Each test runs in a fresh forked child with its own stdin/stdout pipes, killed (with every
# process it left behind) when it overruns test_timeout_s or prints more than max_output_bytes; the harness stays
# alive and goes on with the next test. The caller stops the whole sandbox once the score is decided.
#
# Execution follows the PRIME authors' APPS runner (verl/utils/reward_score/prime_code/testing_util.py):
# the same star-imports are in scope before the program runs, the recursion limit is 6*10**5, SystemExit ends a
# run normally, call mode calls Solution().fn_name when the program defines that class, else the top-level fn_name.
# Departure: the program runs as a real script (__name__ == "__main__" in stdin mode) instead of being rewritten
# into a function body, and stdin is a real pipe rather than patched sys.stdin methods.

import builtins
import io
import json
import os
import select
import signal
import sys
import time

# Names the authors' runner puts in scope before the program (`from m import *` for each, then builtins again so
# that e.g. io.open does not shadow open). Imported here once so that every forked child starts with them loaded.
PRELUDE_MODULES = (
    "string", "re", "datetime", "collections", "heapq", "bisect", "copy", "math", "random", "statistics",
    "itertools", "functools", "operator", "io", "sys", "json", "builtins", "typing",
)
PRELUDE = "".join(f"from {m} import *\n" for m in PRELUDE_MODULES) + "".join(
    f"import {m}\n" for m in PRELUDE_MODULES if m not in ("builtins", "typing")
)
for _m in PRELUDE_MODULES:
    __import__(_m)

CHUNK = 65536


def emit(record):
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def describe(exc):
    if isinstance(exc, SyntaxError):
        return f"{type(exc).__name__}: {exc.msg} (line {exc.lineno})"
    text = str(exc)
    return f"{type(exc).__name__}: {text[:500]}" if text else type(exc).__name__


def child_main(code_obj, mode, fn_name, setup, test, in_r, out_w, report_w):
    """In the forked child: wire the pipes to fds 0/1, run the program, report on report_w, never return."""
    try:
        os.dup2(in_r, 0)
        os.dup2(out_w, 1)
        devnull = os.open("/dev/null", os.O_WRONLY)
        os.dup2(devnull, 2)
        os.closerange(3, report_w)
        os.closerange(report_w + 1, 1 << 16)
        sys.stdin = open(0, "r", encoding="utf-8", errors="replace", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)
        sys.setrecursionlimit(6 * 10**5)
    except BaseException as exc:  # the harness's own set-up failed: report it as such
        os.write(report_w, json.dumps({"error": "harness: " + describe(exc)}).encode())
        os._exit(1)

    report = {}
    try:
        scope = {"__name__": "__main__" if mode == "stdin" else "solution", "__builtins__": builtins}
        exec(PRELUDE, scope)
        try:
            exec(code_obj, scope)
            if mode == "call":
                args = json.loads(test)
                cls = scope.get("Solution")
                if isinstance(cls, type) and hasattr(cls, fn_name):
                    fn = getattr(cls(), fn_name)
                elif callable(scope.get(fn_name)):
                    fn = scope[fn_name]
                else:
                    raise LookupError(f"the program defines no function {fn_name!r} (nor a Solution method)")
                value = fn(*args)
                try:
                    report["result"] = json.dumps(value, allow_nan=False)
                except (TypeError, ValueError) as exc:
                    raise TypeError(f"return value is not JSON ({exc})") from None
            elif mode == "assert":
                if setup:
                    exec(compile(setup, "<test setup>", "exec", dont_inherit=True), scope)
                try:
                    exec(compile(test, "<test>", "exec", dont_inherit=True), scope)
                    report["passed"] = True
                except AssertionError:
                    report["passed"] = False
        except SystemExit:
            pass  # exit()/sys.exit() end a run normally, as in the authors' runner
        sys.stdout.flush()
        report["ok"] = True
    except BaseException as exc:
        report = {"error": describe(exc)}
    try:
        os.write(report_w, json.dumps(report).encode())
    finally:
        os._exit(0 if "ok" in report else 1)


def kill_leftovers(deadline_s=2.0):
    """Kill every process of this PID namespace except ourselves and init (kill(-1) spares both), until none is
    left, so nothing a test started (a fork bomb, a daemon) survives into the next test."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            return True
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        time.sleep(0.002)
    return False


def run_test(code_obj, mode, fn_name, setup, test, timeout_s, max_output):
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    report_r, report_w = os.pipe()
    sys.stdout.flush()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(in_w)
        os.close(out_r)
        os.close(report_r)
        child_main(code_obj, mode, fn_name, setup, test, in_r, out_w, report_w)
    for fd in (in_r, out_w, report_w):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    for fd in (in_w, out_r, report_r):
        os.set_blocking(fd, False)

    stdin_data = test.encode("utf-8") if mode == "stdin" else b""
    written = 0
    out, report = bytearray(), bytearray()
    readers = {out_r: out, report_r: report}
    writer = in_w
    if not stdin_data:
        os.close(in_w)
        writer = None
    status = None
    exited = False
    deadline = start + timeout_s

    def drain(fd):
        """Read what is available now; False once the pipe is at end of file."""
        while True:
            try:
                chunk = os.read(fd, CHUNK)
            except BlockingIOError:
                return True
            if not chunk:
                return False
            readers[fd].extend(chunk)
            if len(readers[fd]) > max_output:
                return True

    while not exited:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            status = "timeout"
            break
        wanted = [pidfd, *readers]
        ready_r, ready_w, _ = select.select(wanted, [writer] if writer is not None else [], [], remaining)
        for fd in ready_r:
            if fd == pidfd:
                exited = True
            elif not drain(fd):
                del readers[fd]
                os.close(fd)
        if len(out) > max_output or len(report) > max_output:
            status = "output_limit"
            break
        if writer is not None and ready_w:
            try:
                written += os.write(writer, stdin_data[written : written + CHUNK])
            except BrokenPipeError:
                written = len(stdin_data)  # the program stopped reading: the rest of its input is irrelevant
            except BlockingIOError:
                pass
            if written >= len(stdin_data):
                os.close(writer)
                writer = None
    if exited:
        for fd in list(readers):
            drain(fd)  # what the program wrote before exiting; writes by leftover processes are not waited for
    elapsed = time.monotonic() - start

    if status is not None:
        os.kill(pid, signal.SIGKILL)
    _, wait_status = os.waitpid(pid, 0)
    os.close(pidfd)
    if writer is not None:
        os.close(writer)
    for fd in readers:
        os.close(fd)
    if not kill_leftovers():
        return {"status": "crash", "message": "processes left by the program could not be killed"}, True

    if status == "timeout":
        return {"status": "timeout", "message": f"ran past {timeout_s * 1000:.0f} ms"}, False
    if status == "output_limit":
        return {"status": "output_limit", "message": f"printed more than {max_output} bytes"}, False
    if os.WIFSIGNALED(wait_status):
        sig = os.WTERMSIG(wait_status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return {"status": "crash", "message": f"killed by signal {name} after {elapsed * 1000:.0f} ms"}, False
    try:
        rep = json.loads(report.decode("utf-8")) if report else {}
    except ValueError:
        rep = {}
    code = os.WEXITSTATUS(wait_status)
    if "error" in rep:
        return {"status": "error", "message": str(rep["error"])}, False
    if mode == "call":
        if rep.get("ok") and isinstance(rep.get("result"), str):
            return {"status": "ok", "result": rep["result"]}, False
        return {"status": "error", "message": f"exited with status {code} before returning"}, False
    if mode == "assert":
        if rep.get("ok") and isinstance(rep.get("passed"), bool):
            return {"status": "ok", "passed": rep["passed"]}, False
        return {"status": "error", "message": f"exited with status {code} before the test finished"}, False
    if code != 0 and not rep.get("ok"):
        return {"status": "error", "message": f"exited with status {code}"}, False
    return {"status": "ok", "stdout": out.decode("utf-8", errors="replace")}, False



def main():
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    emit({"ready": True})
    mode, fn_name = job["mode"], job.get("fn_name")
    try:
        code_obj = compile(job["code"], "<solution>", "exec", dont_inherit=True)
    except BaseException as exc:  # SyntaxError, ValueError (NUL bytes), MemoryError, RecursionError
        emit({"compile_error": describe(exc)})
        return
    for i, test in enumerate(job["tests"]):
        record, fatal = run_test(code_obj, mode, fn_name, job.get("setup"), test, float(job["test_timeout_s"]), int(job["max_output_bytes"]))
        emit({"test": i, **record})
        if fatal:
            return


if __name__ == "__main__":
    main()
