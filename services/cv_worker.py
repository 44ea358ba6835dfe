"""One sandboxed CV parse: `python -m services.cv_worker`, started ahead of time by `services.cv_reading`.

It imports only the parsers, then waits on standard input for one job: a JSON header line (kind, limits)
followed by the file's bytes. It limits its own CPU time and address space, parses, writes one JSON line to
standard output and exits. A hostile file can only take this process down.
"""

from __future__ import annotations

import json
import resource
import sys
from dataclasses import asdict

from services.cv_formats import EXTRACTORS, FileProblem, Limits


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
