"""``python -m bench --load N`` and ``--soak``: sessions driven through Streamlit's own websocket
protocol (protobuf ``BackMsg``/``ForwardMsg`` on ``/_stcore/stream``), no browser.

Sessions arrive over a few seconds and open the map (timed apart), then each changes the attribution
filter a few times with a pause between (as an editor clicks), each change a rerun whose time runs
from the request to ``script_finished``.
The soak opens and closes sessions one after another and reads the server's resident memory.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from geo.support.paths import ROOT
from ui.processes import descendants, free_port, stop, wait_until_serving

CHANGES_PER_SESSION = 5
THINK_S = (0.5, 2.0)
# Sessions arrive over this many seconds (people do not open a link in the same millisecond), then
# all stay open together while they change filters.
RAMP_S = 5.0
RERUN_TIMEOUT_S = 120.0


@dataclass
class LoadResult:
    sessions: int
    failed: int = 0
    opens: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        def percentile(values: list[float], share: float) -> float:
            ordered = sorted(values)
            return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3) if ordered else float("nan")

        return {
            "sessions": self.sessions,
            "failed": self.failed,
            "reruns": len(self.reruns),
            "p50_s": percentile(self.reruns, 0.5),
            "p95_s": percentile(self.reruns, 0.95),
            "max_s": round(max(self.reruns), 3) if self.reruns else float("nan"),
            "open_p50_s": percentile(self.opens, 0.5),
            "open_p95_s": percentile(self.opens, 0.95),
            "errors": self.errors[:5],
        }


class Server:
    """The app on a free port, started the way ``scripts/app`` starts it, file watching off; with
    ``replicas`` over 1, that many behind HAProxy (``serve --replicas``)."""

    def __init__(self, env: dict[str, str] | None = None, args: tuple[str, ...] = (), replicas: int = 1):
        self.port = free_port()
        self.replicas = replicas
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ui.serve",
                "--server.port",
                str(self.port),
                "--server.fileWatcherType",
                "none",
                *(("--replicas", str(replicas)) if replicas > 1 else ()),
                *args,
            ],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_until_serving(f"http://127.0.0.1:{self.port}", 120):
            self.stop()
            raise RuntimeError("the app did not start within 120 s")

    def warm(self, query: str, seed: int) -> None:
        """One session per replica (HAProxy sends each new one to an idle replica), so each has
        loaded the dataset before the timed sessions come."""
        for _ in range(self.replicas):
            asyncio.run(_load(self.port, 1, query, seed))

    def _memory_kb(self, field: str) -> int:
        """``field`` of /proc/PID/status summed over the server and every process it started."""
        total = 0
        for pid in [self.process.pid, *descendants(self.process.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            total += int(next((line.split()[1] for line in status.splitlines() if line.startswith(field)), 0))
        return total

    def rss_mb(self) -> float:
        return self._memory_kb("VmRSS") / 1024

    def peak_rss_mb(self) -> float:
        return self._memory_kb("VmHWM") / 1024

    def stop(self) -> None:
        stop(self.process)


@dataclass
class Page:
    """What a browser keeps between reruns and sends with each: the query string the app last set
    (the sidebar writes the filters into the URL) and every input widget's value (a rerun that sent
    only the one changed would drop the others, and the app would rebuild them from the URL)."""

    query: str
    widgets: dict[str, WidgetState] = field(default_factory=dict)
    selects: dict[str, object] = field(default_factory=dict)

    def remember(self, element) -> None:
        """The value the browser holds for a widget the app drew: the one the app set, else the one
        it had, else its default."""
        kind = element.WhichOneof("type")
        widget = getattr(element, kind)
        if kind == "multiselect":
            self.selects[widget.label] = widget
        value = _shown_value(kind, widget)
        if value is None or (not widget.set_value and widget.id in self.widgets):
            return
        self.widgets[widget.id] = _widget_state(widget.id, value)


def _shown_value(kind: str, widget) -> bool | str | list[str] | None:
    """A widget's value as the browser sends it back (Streamlit 1.67's protocol), or None for
    widgets without one (buttons, charts, tables, components)."""
    if kind in ("selectbox", "radio"):
        if widget.set_value:
            return widget.raw_value
        return widget.options[widget.default] if widget.HasField("default") else None
    if kind == "multiselect":
        return list(widget.raw_values) if widget.set_value else [widget.options[i] for i in widget.default]
    if kind == "date_input":
        return list(widget.value) if widget.set_value else list(widget.default)
    if kind == "checkbox":
        return widget.value if widget.set_value else widget.default
    if kind == "text_input":
        return widget.value if widget.set_value else widget.default
    if kind == "button_group":
        return list(widget.raw_values) if widget.set_value else [widget.options[i].content for i in widget.default]
    return None


async def rerun(socket_, page: Page, changed: list[WidgetState] | None = None) -> float:
    """One rerun with the widgets ``changed``, timed to ``script_finished``; the page keeps what it drew."""
    for state in changed or []:
        page.widgets[state.id] = state
    message = BackMsg()
    message.rerun_script.query_string = page.query
    message.rerun_script.page_script_hash = ""
    message.rerun_script.widget_states.widgets.extend(page.widgets.values())
    started = time.perf_counter()
    await socket_.send(message.SerializeToString())
    while True:
        data = await asyncio.wait_for(socket_.recv(), RERUN_TIMEOUT_S)
        forward = ForwardMsg()
        forward.ParseFromString(data)
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            page.remember(forward.delta.new_element)
        elif kind == "page_info_changed":
            page.query = forward.page_info_changed.query_string
        elif kind == "script_finished":
            return time.perf_counter() - started


async def _session(url: str, query: str, result: LoadResult, rng: random.Random, changes: int, delay: float) -> None:
    await asyncio.sleep(delay)
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
            page = Page(query)
            result.opens.append(await rerun(ws, page))
            attribution = next(s for label, s in page.selects.items() if label.lower().startswith("attribution"))
            for _ in range(changes):
                await asyncio.sleep(rng.uniform(*THINK_S))
                # As a browser does: the options' labels, as the widget shows them.
                state = _widget_state(attribution.id, rng.sample(list(attribution.options), rng.randint(1, 3)))
                result.reruns.append(await rerun(ws, page, [state]))
    except Exception as error:  # a failed session is counted and reported, whatever broke it
        result.failed += 1
        result.errors.append(f"{type(error).__name__}: {error}")


def _widget_state(widget_id: str, value: bool | str | list[str]) -> WidgetState:
    """A widget's value as the browser sends it: a checkbox's flag, a choice's label, or labels."""
    state = WidgetState(id=widget_id)
    if isinstance(value, bool):
        state.bool_value = value
    elif isinstance(value, str):
        state.string_value = value
    else:
        state.string_array_value.data.extend(value)
    return state


async def _load(port: int, sessions: int, query: str, seed: int) -> LoadResult:
    result = LoadResult(sessions)
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    rng = random.Random(seed)
    tasks = [
        _session(url, query, result, random.Random(rng.random()), CHANGES_PER_SESSION, rng.uniform(0, RAMP_S))
        for _ in range(sessions)
    ]
    await asyncio.gather(*tasks)
    return result


# The same run against Streamlit's default of a full garbage collection after every script run.
BASELINE_ARGS = ("--runner.postScriptGC", "true")


def run_load(
    sessions: int, query: str = "", env: dict[str, str] | None = None, seed: int = 7, replicas: int = 1
) -> dict:
    """N sessions against a fresh server, then against the baseline; p95 as a ratio of the two."""
    ours = load_once(sessions, query, env, seed, replicas=replicas)
    baseline = load_once(sessions, query, env, seed, BASELINE_ARGS, replicas)
    return {**ours, "baseline": baseline, "p95_ratio": round(baseline["p95_s"] / ours["p95_s"], 1)}


def load_once(
    sessions: int,
    query: str,
    env: dict[str, str] | None,
    seed: int = 7,
    args: tuple[str, ...] = (),
    replicas: int = 1,
) -> dict:
    """N sessions against a fresh server (of ``replicas`` processes), after it has warmed up."""
    server = Server(env, args, replicas)
    try:
        server.warm(query, seed)
        before = server.rss_mb()
        started = time.perf_counter()
        result = asyncio.run(_load(server.port, sessions, query, seed))
        return {
            **result.summary(),
            "replicas": replicas,
            "wall_s": round(time.perf_counter() - started, 1),
            "server_rss_mb": [round(before), round(server.rss_mb())],
        }
    finally:
        server.stop()


async def _open_close(port: int, query: str) -> None:
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
        await rerun(ws, Page(query))


def run_soak(cycles: int, query: str = "", env: dict[str, str] | None = None) -> dict:
    """Sessions opened and closed one after another; the server's memory after warming up and at the end."""
    server = Server(env)
    try:
        warm = 20
        for _ in range(warm):
            asyncio.run(_open_close(server.port, query))
        time.sleep(1)
        before = server.rss_mb()
        samples = []
        for cycle in range(cycles):
            asyncio.run(_open_close(server.port, query))
            if cycle % 50 == 49:
                samples.append(round(server.rss_mb()))
        time.sleep(2)
        after = server.rss_mb()
        return {
            "cycles": cycles,
            "rss_mb_after_warmup": round(before),
            "rss_mb_end": round(after),
            "growth_pct": round(100 * (after - before) / before, 1),
            "samples_mb": samples,
            "median_sample_mb": statistics.median(samples) if samples else None,
        }
    finally:
        server.stop()


async def _hold_sessions(port: int, query: str, count: int, measure) -> float:
    """Open ``count`` sessions, each drawing the page once, and measure while all stay open."""
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    sockets = [
        await websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60) for _ in range(count)
    ]
    try:
        for socket_ in sockets:
            await rerun(socket_, Page(query))
        return measure()
    finally:
        for socket_ in sockets:
            await socket_.close()


def run_sessions(extra: int, query: str = "", env: dict[str, str] | None = None) -> dict:
    """Memory a session costs: the server's RSS with one session open, then with ``extra`` more
    open at once, each having drawn the page; and the process's peak."""
    server = Server(env)
    try:

        async def both() -> tuple[float, float]:
            url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
            async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as first:
                await rerun(first, Page(query))
                time.sleep(1)
                one = server.rss_mb()
                many = await _hold_sessions(server.port, query, extra, server.rss_mb)
                return one, many

        one, many = asyncio.run(both())
        return {
            "sessions": 1 + extra,
            "rss_mb_one_session": round(one),
            "rss_mb_all_sessions": round(many),
            "mb_per_extra_session": round((many - one) / extra, 1),
            "peak_rss_mb": round(server.peak_rss_mb()),
        }
    finally:
        server.stop()
