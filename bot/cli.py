"""`python -m bot <command>`: the command-line contract of ARCHITECTURE.md.

Exit codes: 0 done; 1 the command failed (the message says why); 2 bad usage or configuration.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from aiohttp import web
from loguru import logger

from bot.logging import setup_logging
from bot.runtime import Runtime, create_cv_intake, create_services, open_runtime, settle_heap
from bot.settings import Settings, SettingsError, load_settings
from db import backup as dbbackup
from db import migrate
from db.errors import DatabaseUnavailable
from db.legacy_writer import LegacyWriter
from handlers.web.app import create_metrics_app
from handlers.web.metrics import Metrics
from locales import ENGLISH
from scheduler.heartbeat import Heartbeat
from services.admin.api_tokens import ApiTokens, Scope
from services.admin.stats import Stats, StatsService
from services.container import Services
from services.cv.reading import guard_own_environment
from services.errors import DomainError
from services.jobs.index import JobIndexer
from services.search.job_search import JobSearch, SearchResponse, unique_texts
from services.search.query import SearchFilters, simple_filters

if TYPE_CHECKING:
    from bot.devtools.playground import Console

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEMO_JOBS_ON_FIRST_RUN = 2000
BACKGROUND_BATCH = 16
"""Jobs a batch when the playground indexes in the background: the first batch is searchable about a second after
the model has loaded, and a search's query waits behind at most one batch for the shared model's threads (a batch
commits on its own, so a smaller one costs a little more in all: about 3 s more over 2,000 jobs)."""
PLAYGROUND_LOG = Path("logs") / "playground.log"
"""Under DATA_DIR: where the log goes while the playground owns the terminal."""
INDEX_JSON_KEYS = ("jobs_seen", "embedded", "unchanged", "removed", "provider_calls", "seconds")


def _existing_file(value: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {value}")
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="The accountancy jobs bot.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the bot (the default)")
    sub.add_parser("chat", help="the terminal playground: chat with the bot through a local Bot API stand-in")
    sub.add_parser("migrate", help="alembic upgrade head on our schema")
    seed = sub.add_parser("seed-demo", help="development only: generated firms and jobs in the legacy tables")
    seed.add_argument("--jobs", type=int, default=DEMO_JOBS_ON_FIRST_RUN, help="how many jobs (default 2000)")
    seed.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
    seed.add_argument("--replace", action="store_true", help="empty the legacy tables first")
    imp = sub.add_parser("import-jobs", help="development only: load jobs from a JSONL file")
    imp.add_argument("file", type=_existing_file)
    parse_cv = sub.add_parser("parse-cv", help="read a CV file into a profile")
    parse_cv.add_argument("file", type=_existing_file)
    parse_cv.add_argument("--json", action="store_true", help="print the profile as JSON")
    search = sub.add_parser("search", help="search the job index")
    search.add_argument("query")
    search.add_argument("--location", action="append", default=[], help="a town or region (repeatable)")
    search.add_argument("--remote", choices=["remote", "hybrid", "hybrid_only"],
                        help="remote only; hybrid or remote; or hybrid only")  # fmt: skip
    search.add_argument("--min-salary", type=int, help="annual, in pounds")
    search.add_argument("--seniority", help="a level word: trainee ... partner")
    search.add_argument("--service", action="append", default=[], help="audit, tax, payroll ... (repeatable)")
    search.add_argument("--employment", action="append", default=[], help="permanent, contract ... (repeatable)")
    search.add_argument("--top", type=int, default=10)
    search.add_argument("--json", action="store_true")
    match = sub.add_parser("match-cv", help="the jobs that fit a CV")
    match.add_argument("file", type=_existing_file)
    match.add_argument("--top", type=int, default=10)
    match.add_argument("--json", action="store_true")
    index = sub.add_parser("index", help="refresh the job index incrementally")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    backup = sub.add_parser("backup", help="dump our schema (never the job board's tables) to a file")
    backup.add_argument("file", type=Path, nargs="?", help="default: DATA_DIR/backups/jobbot-<time>.dump")
    restore = sub.add_parser("restore", help="restore our schema from a backup file")
    restore.add_argument("file", type=_existing_file)
    restore.add_argument("--replace", action="store_true", help="drop our schema's tables first")
    token = sub.add_parser("api-token", help="HTTP API tokens: create, list, revoke")
    token_sub = token.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = token_sub.add_parser("create", help="a new token (shown once)")
    create.add_argument("name")
    create.add_argument(
        "--scope",
        action="append",
        choices=[s.value for s in Scope],
        required=True,
        help="read, match or admin (repeatable)",
    )
    token_list = token_sub.add_parser("list", help="every token, without the secret")
    token_list.add_argument("--json", action="store_true")
    revoke = token_sub.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("id", type=int)
    stats = sub.add_parser("stats", help="what /stats shows: users, CVs, searches, jobs, tasks, errors, broadcasts")
    stats.add_argument("--json", action="store_true", help="print the numbers as JSON")
    return parser


def _print(args: argparse.Namespace, human: str, data: dict[str, Any] | None = None) -> None:
    if getattr(args, "json", False) and data is not None:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(human)


async def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    async with open_runtime(settings) as rt:
        await migrate.upgrade(rt.engine)
        revision = await migrate.current_revision(rt.engine)
    print(f"Our schema is at revision {revision} (head).")
    return EXIT_OK


async def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from bot.devtools.dev_data import seed_demo  # development only: never imported in production

    if args.jobs < 1:
        print("--jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    async with open_runtime(settings) as rt:
        report = await seed_demo(
            LegacyWriter(rt.engine), jobs=args.jobs, seed=args.seed, replace=args.replace,
            production=settings.is_production,
        )  # fmt: skip
    if report.skipped_existing:
        print(f"The job board already has {report.skipped_existing} jobs; nothing written (use --replace).")
    else:
        print(f"Seeded {report.firms} firms and {report.jobs} jobs in {report.seconds:.1f}s.")
    return EXIT_OK


async def cmd_import_jobs(settings: Settings, args: argparse.Namespace) -> int:
    from bot.devtools.dev_data import import_jobs  # development only

    path: Path = args.file
    async with open_runtime(settings) as rt:
        report = await import_jobs(LegacyWriter(rt.engine), path, production=settings.is_production)
    for number, problem in report.errors:
        print(f"line {number}: skipped: {problem}", file=sys.stderr)
    print(
        f"Loaded {report.loaded} of {report.lines} jobs ({report.created} new, {report.updated} updated, "
        f"{report.firms_created} new firms); {len(report.errors)} lines skipped."
    )
    return EXIT_OK if report.loaded or not report.lines else EXIT_FAILED


class ProgressBar:
    """A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, label: str, stream: TextIO = sys.stderr) -> None:
        self.label, self.stream = label, stream
        self.enabled = stream.isatty()
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        width = 30
        filled = int(width * done / total)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        eta = (total - done) / rate if rate else 0
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:.0f}/s eta {eta:.0f}s "
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


async def cmd_index(settings: Settings, args: argparse.Namespace) -> int:
    async with open_runtime(settings) as rt:
        report = await JobIndexer(rt.uow, rt.embeddings).refresh(progress=ProgressBar("indexing"))
    summary = {k: v for k, v in report.as_dict().items() if k in INDEX_JSON_KEYS}
    _print(
        args,
        f"Job index ({report.model}): {report.jobs_seen} jobs on the board, {report.embedded} indexed, "
        f"{report.unchanged} unchanged, {report.removed} removed; {report.provider_calls} provider calls "
        f"({report.cache_hits} cache hits) in {report.seconds:.1f}s.",
        summary,
    )
    return EXIT_OK


async def cmd_parse_cv(settings: Settings, args: argparse.Namespace) -> int:
    """Needs no database: reading and extracting are local."""
    result = await create_cv_intake(settings).from_file(await asyncio.to_thread(args.file.read_bytes))
    profile = result.profile
    quals = ", ".join(f"{q.code} ({q.status.value.replace('_', '-')})" for q in profile.qualifications) or "none"
    human = "\n".join(
        [
            f"{args.file.name}: {result.kind}, {result.pages or '-'} pages, {result.characters:,} characters",
            f"accounting CV:  {'yes' if profile.is_accounting else 'no'}",
            f"role family:    {profile.role_family}",
            f"current title:  {profile.current_title or '-'}",
            f"seniority:      {profile.seniority or '-'}",
            f"experience:     {profile.years_experience:g} years",
            f"qualifications: {quals}",
            f"skills:         {', '.join(profile.skills) or '-'}",
            f"software:       {', '.join(profile.software) or '-'}",
            f"location:       {profile.location or '-'}",
        ]
    )
    _print(args, human, profile.model_dump(mode="json"))
    return EXIT_OK


def _filters_from_args(args: argparse.Namespace) -> SearchFilters:
    return simple_filters(locations=args.location, remote=args.remote, min_salary=args.min_salary,
                          seniority=args.seniority, services=args.service, employment=args.employment)  # fmt: skip


def _results_text(response: SearchResponse, *, cv: bool = False) -> str:
    head = []
    if response.understood:
        head.append(ENGLISH("results-understood", text=response.understood))
    if response.off_topic:
        return "\n".join([*head, ENGLISH("results-off-topic")])
    if response.outside:
        head.append(ENGLISH("results-outside", places=", ".join(response.outside)))
    elif response.not_here:
        head.append(ENGLISH("results-not-here", places=", ".join(response.not_here)))
    if not response.results:
        return "\n".join([*head, ENGLISH("results-none")])
    lines = []
    for i, r in enumerate(response.results, start=1):
        lines.append(f"{i}. {r.title} - {r.firm} ({r.score:.2f})")
        why = unique_texts(r.fits, ENGLISH.reason)
        check = unique_texts(r.to_check, ENGLISH.reason)
        if why:
            lines.append(f"   {'; '.join(why)}")
        if check:
            lines.append(f"   {ENGLISH('results-to-check', items='; '.join(check))}")
    if response.few_fit:
        head.append(ENGLISH("few-fit" if cv else "few-fit-query"))
    return "\n".join([*head, *lines]) + f"\n({response.took_ms:.0f} ms)"


async def cmd_search(settings: Settings, args: argparse.Namespace) -> int:
    async with open_runtime(settings) as rt:
        response = await JobSearch(rt.uow, rt.embeddings).search(args.query, _filters_from_args(args), top=args.top)
    _print(args, _results_text(response), response.as_dict(ENGLISH.reason))
    return EXIT_OK


async def cmd_match_cv(settings: Settings, args: argparse.Namespace) -> int:
    result = await create_cv_intake(settings).from_file(await asyncio.to_thread(args.file.read_bytes))
    async with open_runtime(settings) as rt:
        response = await JobSearch(rt.uow, rt.embeddings).match_cv(result.profile, top=args.top)
    data = {
        "profile": result.profile.model_dump(mode="json"),
        **response.as_dict(ENGLISH.reason),
        "few_fit": response.few_fit,
    }
    human = f"{result.profile.current_title or 'CV'} ({result.profile.role_family})\n" + _results_text(
        response, cv=True
    )
    _print(args, human, data)
    return EXIT_OK


def stats_lines(stats: Stats) -> str:
    """`stats` for people: the same numbers as /stats, in English."""
    u, j = stats.users, stats.jobs
    lines = [
        f"Users: {u['total']} (new in 24 h {u['new_24h']}, active in 7 days {u['active_7d']}, with a CV "
        f"{u['with_cv']}, blocked the bot {u['blocked_us']}, banned {u['banned']})",
        f"CVs processed: {stats.cvs_processed['total']} (24 h: {stats.cvs_processed['last_24h']})",
        f"Searches: today {stats.searches['today']}, in 7 days {stats.searches['last_7d']}",
        f"Saved jobs: {stats.saved_jobs}; alerts sent: {stats.alerts_sent['total']}",
        f"Jobs: {j['on_board']} on the board, {j['indexed']} indexed, {j['waiting']} waiting",
        f"Errors in 24 h: {stats.errors_24h}",
    ]
    lines += [f"Task {t.task}: {t.outcome} at {t.started_at:%Y-%m-%d %H:%M} ({t.items} items)" for t in stats.tasks]
    if not stats.tasks:
        lines.append("No scheduled task has run yet.")
    b = stats.broadcast
    if b is not None:
        lines.append(f"Broadcast #{b.id}: {b.status}, {b.sent} of {b.total} sent, {b.blocked} blocked, "
                     f"{b.failed} failed, {b.pending} left")  # fmt: skip
    return "\n".join(lines)


async def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    async with open_runtime(settings) as rt:
        stats = await StatsService(rt.uow, rt.embeddings.model).report()
    _print(args, stats_lines(stats), stats.as_dict())
    return EXIT_OK


async def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    async with open_runtime(settings) as rt:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        path = args.file or settings.data_dir / "backups" / f"jobbot-{stamp}.dump"
        report = await dbbackup.backup(rt.url, path)
    print(f"Backed up our schema ({report.tables} tables, {report.bytes:,} bytes) to {report.path}")
    return EXIT_OK


async def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    async with open_runtime(settings) as rt:
        tables = await dbbackup.restore(rt.engine, rt.url, args.file, replace=args.replace)
        revision = await migrate.current_revision(rt.engine)
    print(f"Restored {tables} tables of our schema from {args.file}; revision {revision}.")
    return EXIT_OK


async def cmd_api_token(settings: Settings, args: argparse.Namespace) -> int:
    async with open_runtime(settings) as rt:
        tokens = ApiTokens(rt.uow)
        if args.action == "create":
            secret, info = await tokens.create(args.name, {Scope(s) for s in args.scope})
            print(
                f"Token {info.id} ({info.name}, scopes {', '.join(sorted(info.scopes))}):\n{secret}\n"
                "Keep it now: only its hash is stored."
            )
        elif args.action == "list":
            rows = await tokens.list()
            data = [
                {
                    "id": t.id,
                    "name": t.name,
                    "prefix": t.prefix,
                    "scopes": sorted(t.scopes),
                    "created_at": t.created_at.isoformat(),
                    "revoked": t.revoked,
                    "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                }
                for t in rows
            ]
            human = (
                "\n".join(
                    f"{t.id:>4}  {t.prefix}…  {t.name}  [{', '.join(sorted(t.scopes))}]"
                    f"{'  revoked' if t.revoked else ''}"
                    for t in rows
                )
                or "No API tokens."
            )
            _print(args, human, {"tokens": data})
        elif not await tokens.revoke(args.id):
            print(f"No live token {args.id}.", file=sys.stderr)
            return EXIT_FAILED
        else:
            print(f"Token {args.id} revoked.")
    return EXIT_OK


async def _prepare_dev_data(rt: Runtime, *, index: bool = True) -> None:
    """Locally: migrate, seed demo jobs on the first start (only into the embedded database: a DATABASE_URL names a
    board that is the job board's, whose tables the bot never writes), and (with `index`) bring the index up to
    date; the playground leaves that to `_index_in_background` instead."""
    from bot.devtools.dev_data import seed_demo  # development only

    await migrate.upgrade(rt.engine)
    if rt.embedded is not None:
        report = await seed_demo(LegacyWriter(rt.engine), jobs=DEMO_JOBS_ON_FIRST_RUN, production=False)
        if not report.skipped_existing:
            logger.info("first start: seeded {} demo jobs from {} firms", report.jobs, report.firms)
    if index:
        await JobIndexer(rt.uow, rt.embeddings).refresh(progress=ProgressBar("indexing the demo jobs"))


class IndexProgress:
    """The background index's progress as playground lines: when it starts, at each quarter, when it is done.
    Nothing when there is nothing to index (every start after the first)."""

    def __init__(self, say: Callable[[str], None], clock: Callable[[], float] = time.monotonic) -> None:
        self._say, self._clock = say, clock
        self._started = clock()
        self._quarter = 0
        self._first = False

    def __call__(self, done: int, total: int) -> None:
        if total == 0:
            return
        elapsed = self._clock() - self._started
        if done == 0:
            self._say(f"(indexing {total:,} jobs in the background: searches find the ones indexed so far)")
        elif done >= total:
            self._say(f"(all {total:,} jobs indexed in {elapsed:.0f} s)")
        elif not self._first:
            self._first = True
            self._say(f"(the first {done:,} jobs are searchable; indexing the other {total - done:,})")
        elif (quarter := 4 * done // total) > self._quarter:
            self._quarter = quarter
            left = elapsed * (total - done) / done
            self._say(f"(indexed {done:,} of {total:,} jobs, about {left:.0f} s left)")


def _terminal_console() -> Console:
    from bot.devtools.playground import terminal_console  # development only: never imported in production

    return terminal_console()


async def _index_in_background(rt: Runtime, console: Console) -> None:
    """The playground's index refresh, beside the chat: small batches, each searchable once committed (full-text
    and vector alike), progress on the console. A failure is logged and said; the chat goes on."""
    try:
        await JobIndexer(rt.uow, rt.embeddings, batch_size=BACKGROUND_BATCH).refresh(
            progress=IndexProgress(console.line)
        )
    except Exception as exc:
        logger.exception("indexing the demo jobs failed")
        console.line(f"(indexing stopped: {type(exc).__name__}; see the log)")


async def _open_playground(rt: Runtime, console: Console, **chat_options: Any) -> int:
    """The terminal chat at once, with the index refreshed in the background meanwhile (cancelled if the chat ends
    first: what was committed stays, and the next start goes on from there)."""
    from bot.devtools.chat import (
        run_chat,  # aiogram takes seconds to import: only when it runs (and before the indexer)
    )

    indexing = asyncio.create_task(_index_in_background(rt, console))
    try:
        result: int = await run_chat(rt, console=console, **chat_options)
        return result
    finally:
        indexing.cancel()
        await asyncio.gather(indexing, return_exceptions=True)


@asynccontextmanager
async def _web_app(runtime: Runtime, services: Services, metrics: Metrics, heartbeat: Heartbeat | None = None,
                   webhook: tuple[str, Any] | None = None) -> AsyncIterator[None]:  # fmt: skip
    """The aiohttp application on PORT: health, readiness (with the scheduler's heartbeat when it runs), metrics,
    the admin pages, the HTTP API, and the webhook route when given (path, handler)."""
    from bot.app import build_web_app  # aiogram takes seconds to import: only when the bot or the playground runs

    app = build_web_app(runtime, services=services, metrics=metrics,
                        heartbeat=heartbeat.age if heartbeat is not None else None)  # fmt: skip
    if webhook is not None:
        app.router.add_post(*webhook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host="0.0.0.0", port=runtime.settings.port)  # noqa: S104 - fly.io routes to it
    await site.start()
    logger.info("web app listening on :{} (/healthz, /readyz, /admin, /api/v1)", runtime.settings.port)
    metrics_runner: web.AppRunner | None = None
    metrics_port = runtime.settings.metrics_port
    if metrics_port is not None:
        metrics_runner = web.AppRunner(create_metrics_app(services, metrics), access_log=None)
        await metrics_runner.setup()
        await web.TCPSite(metrics_runner, host="0.0.0.0", port=metrics_port).start()  # noqa: S104 - fly's scraper
        logger.info("metrics listening on :{} (/metrics)", metrics_port)
    try:
        yield
    finally:
        if metrics_runner is not None:
            await metrics_runner.cleanup()
        await runner.cleanup()


async def _serve_until_stopped(runtime: Runtime, token: str) -> None:
    """The web app and the bot, fed by the webhook (WEBHOOK_URL) or by polling, until SIGINT or SIGTERM."""
    from bot.app import build_bot_app, poll_until, serve_webhook_until  # aiogram takes seconds to import
    from handlers.web.webhook import WebhookReceiver

    settings = runtime.settings
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    services, metrics, heartbeat = create_services(runtime), Metrics(), Heartbeat()
    app = build_bot_app(runtime, token, services=services, metrics=metrics, heartbeat=heartbeat)
    logger.info("start-up objects frozen for the garbage collector: {}", settle_heap())
    beat = heartbeat if settings.scheduler else None
    try:
        if settings.webhook_url and settings.webhook_secret is not None:
            secret = settings.webhook_secret.get_secret_value()
            assert app.claims is not None
            receiver = WebhookReceiver(app.bot, app.dp, secret, app.claims)
            route = (urlsplit(settings.webhook_url).path or "/", receiver.handle)
            async with _web_app(runtime, services, metrics, beat, webhook=route):
                await serve_webhook_until(app, stop, receiver, settings.webhook_url, secret,
                                          grace=settings.shutdown_grace)  # fmt: skip
        else:
            async with _web_app(runtime, services, metrics, beat):
                await poll_until(app, stop, grace=settings.shutdown_grace)
    finally:
        logger.info("stopped")


async def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.bot_token is None and settings.is_production:
        print("BOT_TOKEN is required in production (the playground is for development).", file=sys.stderr)
        return EXIT_USAGE
    if settings.webhook_url and settings.webhook_secret is None:
        # aiogram's own handler would accept any caller without a secret; this bot refuses to run that way.
        print("WEBHOOK_URL is set but WEBHOOK_SECRET is not: refusing to start a webhook anyone could call.",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    guard_own_environment()  # before any CV worker starts
    async with open_runtime(settings) as rt:
        if not settings.is_production:
            # In production `release_command` migrates before machines update; locally we do it here (for the
            # playground, the index is refreshed beside the chat).
            await _prepare_dev_data(rt, index=settings.bot_token is not None)
        if settings.bot_token is None:
            services, metrics, heartbeat = create_services(rt), Metrics(), Heartbeat()
            async with _web_app(rt, services, metrics, heartbeat if settings.scheduler else None):
                return await _open_playground(rt, _terminal_console(), services=services, metrics=metrics,
                                              heartbeat=heartbeat)  # fmt: skip
        await _serve_until_stopped(rt, settings.bot_token.get_secret_value())
    return EXIT_OK


async def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    """The terminal playground, always against the local stand-in (never Telegram)."""
    if settings.is_production:
        print("The playground is for development only.", file=sys.stderr)
        return EXIT_USAGE
    async with open_runtime(settings) as rt:
        await _prepare_dev_data(rt, index=False)
        return await _open_playground(rt, _terminal_console())


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]] = {
    "run": cmd_run,
    "chat": cmd_chat,
    "migrate": cmd_migrate,
    "seed-demo": cmd_seed_demo,
    "import-jobs": cmd_import_jobs,
    "index": cmd_index,
    "parse-cv": cmd_parse_cv,
    "search": cmd_search,
    "match-cv": cmd_match_cv,
    "stats": cmd_stats,
    "api-token": cmd_api_token,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def playground_log(settings: Settings, command: str) -> Path | None:
    """Where the log goes when the playground will own the terminal (`chat`, and `run` without BOT_TOKEN, in
    development): a file under DATA_DIR, so that no log line is written over the chat. None otherwise (stderr)."""
    playground = command == "chat" or (command == "run" and settings.bot_token is None)
    if not playground or settings.is_production:
        return None
    return (settings.data_dir / PLAYGROUND_LOG).resolve()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    log_file = playground_log(settings, command)
    setup_logging(settings, log_file=log_file)
    if log_file is not None:
        print(f"Playground: the log goes to {log_file}", flush=True)
    try:
        return asyncio.run(COMMANDS[command](settings, args))
    except DomainError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    except DatabaseUnavailable as exc:
        logger.error("{}", exc)
        if log_file is not None:  # (the log is in the file: say it here too)
            print(exc, file=sys.stderr)
        return EXIT_FAILED
    except dbbackup.BackupError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
