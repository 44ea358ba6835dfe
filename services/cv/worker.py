"""One sandboxed CV parse: `python -m services.cv.worker`, started ahead of time by `services.cv.reading`.

It is started with an empty environment (no token, database URL or API key to read) and imports only the
parsers. Then it confines itself (`confine`): no network (a network namespace of its own with nothing in it when
the kernel allows one, and in every case Python's sockets refuse), files it writes at most 1 MB, at most 32 open
files, no child processes where the limit applies (not to root), no core dumps. Then it waits on standard input for
one job: a JSON header line (kind, limits) followed by the file's bytes. It limits its own CPU time and address
space, parses, writes one JSON line to standard output and exits. A hostile file can only take this process down.

`python -m services.cv.worker --self-check [HOST PORT]` confines itself the same way and prints what it could
still do, as JSON: for tests, and to check a deployment (`docs/operations.md`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import resource
import sys
from dataclasses import asdict
from typing import Any

from services.cv.formats import EXTRACTORS, FileProblem, Limits

FILE_SIZE_BYTES = 1024**2
OPEN_FILES = 32
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def _own_network_namespace() -> str:
    """Move into an empty network namespace: as root directly, else inside a user namespace of our own."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return "none"
    for flags, how in ((_CLONE_NEWNET, "namespace"), (_CLONE_NEWUSER | _CLONE_NEWNET, "user namespace")):
        if libc.unshare(flags) == 0:
            return how
    return "none"


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise OSError(errno.EACCES, "no network in the CV sandbox")


def confine() -> str:
    """Cut the network and set the limits that hold for the whole life of the worker. Returns how the kernel cut
    the network ("namespace", "user namespace" or "none": then only Python's sockets refuse)."""
    how = _own_network_namespace()
    import socket

    for name in ("socket", "create_connection", "create_server", "getaddrinfo", "socketpair", "fromfd"):
        setattr(socket, name, _refuse)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_BYTES, FILE_SIZE_BYTES))
    resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    return how


def self_check(host: str | None, port: int | None) -> dict[str, object]:
    """What a confined worker can still do (each "refused" is the sandbox working)."""
    import _socket
    import tempfile

    scratch, scratch_path = tempfile.mkstemp(prefix="cv-worker-self-check-")  # made before the limits hold
    report: dict[str, object] = {"environment": sorted(os.environ), "network_cut_by": confine()}

    def attempt(action: Any) -> str:
        try:
            action()
        except OSError:
            return "refused"
        return "allowed"

    def kernel_connect() -> None:  # below Python's socket module: only the kernel can refuse it
        with contextlib.closing(_socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)) as raw:
            raw.settimeout(2)
            raw.connect((host, port))

    def python_connect() -> None:
        import socket

        socket.create_connection((host or "127.0.0.1", port or 9), timeout=2).close()

    def big_file() -> None:
        with open(scratch, "wb") as f:
            f.write(b"x" * (FILE_SIZE_BYTES + 1))
            f.flush()

    def many_files() -> None:
        opened = [open(os.devnull, "rb") for _ in range(OPEN_FILES + 1)]  # noqa: SIM115
        for f in opened:
            f.close()

    def parent_environment() -> None:  # the bot's own environment holds its secrets
        with open(f"/proc/{os.getppid()}/environ", "rb") as f:
            f.read()

    report["running_as_root"] = os.getuid() == 0
    report["parent_environment"] = attempt(parent_environment)
    if host is not None and port is not None:
        report["kernel_connect"] = attempt(kernel_connect)
    report["python_connect"] = attempt(python_connect)
    report["file_over_1mb"] = attempt(big_file)
    report["open_files_over_limit"] = attempt(many_files)
    os.unlink(scratch_path)
    return report


def run(header: dict[str, object], data: bytes) -> dict[str, object]:
    cpu, memory = int(header["cpu_seconds"]), int(header["memory_mb"])  # type: ignore[call-overload]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory * 1024**2, memory * 1024**2))
    try:
        result = EXTRACTORS[str(header["kind"])](data, Limits(**header["limits"]))  # type: ignore[arg-type]
        return {"status": "ok", "text": result.text, "pages": result.pages}
    except FileProblem as exc:
        return {"status": "problem", "code": exc.code, "params": exc.params}
    except (MemoryError, RecursionError):
        return {"status": "problem", "code": "too_complex", "params": {}}
    except Exception:  # anything else a hostile file provokes means: we could not read it
        return {"status": "problem", "code": "corrupt", "params": {}}


def main() -> None:
    # Import the parsers while idle, so a user's file never waits for them.
    import pypdf  # noqa: F401
    import striprtf.striprtf  # noqa: F401

    if sys.argv[1:2] == ["--self-check"]:
        host, port = (sys.argv[2], int(sys.argv[3])) if len(sys.argv) > 3 else (None, None)
        print(json.dumps(self_check(host, port)))
        return
    confine()
    line = sys.stdin.buffer.readline()
    if not line:  # the bot stopped before handing us a file
        return
    header = json.loads(line)
    data = sys.stdin.buffer.read(int(header["size"]))
    answer = run(header, data)
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def encode_job(kind: str, data: bytes, limits: Limits, cpu_seconds: int, memory_mb: int) -> bytes:
    header = {"kind": kind, "size": len(data), "limits": asdict(limits), "cpu_seconds": cpu_seconds,
              "memory_mb": memory_mb}  # fmt: skip
    return json.dumps(header).encode() + b"\n" + data


if __name__ == "__main__":
    main()
