"""Wiring of the wall display: ``build(...)`` assembles it, ``main()`` runs it."""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from display.board import EVERYWHERE, Scope
from display.controller import Clock, DisplayController, FeedFactory
from display.ports import Announcer
from display.view import LAYOUTS, BoardWindow
from display.voice import BoardVoice
from shared import config, rules
from shared.errors import BadInput
from shared.selftest import Station
from shared.store import Store
from shared.ui.app import AppParts, base_arguments, run
from shared.ui.feed import FeedWatcher
from shared.ui.worker import Worker
from shared.voice.announcer import AudioSink
from shared.voice.settings import VoiceSettings, from_section

log = logging.getLogger(__name__)

APP_NAME = "Antre Layar"
TITLE = "Antre — Layar Antrean"


@dataclass
class DisplayApp(AppParts[BoardWindow, DisplayController]):
    """The display's parts; ``voice`` is the announcement queue when the board speaks."""

    voice: BoardVoice | None = None

    def start(self) -> None:
        if self.voice is not None:
            self.voice.start()
        self.window.media.start()
        super().start()

    def stop(self) -> None:
        super().stop()
        self.window.media.stop()
        if self.voice is not None:
            self.voice.stop()


def build(
    store: Store, *, clock: Clock = rules.utc_now, announcer: Announcer | None = None,
    feed_factory: FeedFactory | None = None, scope: Scope = EVERYWHERE, media_dir: Path | None = None,
    voice: VoiceSettings | None = None, voice_problem: str | None = None,
    sink: AudioSink | None = None, voice_sleep: Callable[[float], None] = time.sleep,
    layout: str = "papan",
) -> DisplayApp:
    """Assemble the display. Nothing touches the store until ``start()``.

    ``announcer`` speaks the calls (tests pass a fake); with ``voice`` settings instead, the
    board gets its real voice (pyttsx3 through QtMultimedia, or through ``sink``).
    ``voice_problem`` is shown as the no-voice notice (e.g. a mistake in ``[voice]``).
    ``voice_sleep`` waits out the voice's silences (a benchmark compressing time passes its own).
    ``layout`` is "papan" (the latest call large) or "loket" (every open counter's number)."""
    worker = Worker()
    board_voice = None
    if announcer is None and voice is not None:
        board_voice = BoardVoice(voice, sink=sink, sleep=voice_sleep)
        announcer = board_voice
    controller = DisplayController(
        store, worker, clock=clock, announcer=announcer, scope=scope,
        feed_factory=feed_factory or (lambda last_id: FeedWatcher(store, last_id)),
    )
    window = BoardWindow(clock=clock, scope_label=scope.describe(), media_dir=media_dir, layout=layout)
    controller.board_changed.connect(window.show_board)
    controller.called.connect(window.flash_call)
    controller.site_changed.connect(window.set_site)
    controller.store_available.connect(window.set_store_available)
    controller.scope_problem.connect(window.set_scope_problem)
    if board_voice is not None:
        board_voice.status_changed.connect(window.set_voice_notice)
        board_voice.progress_changed.connect(window.show_voice)
        window.set_voice_notice(board_voice.status)
    if voice_problem:
        window.set_voice_notice(voice_problem)
    return DisplayApp(window=window, controller=controller, worker=worker, voice=board_voice)


def board_layout(db: str | None, chosen: str | None) -> str:
    """``--layout``, else ``layout`` in the config file's ``[display]``, else "papan"."""
    if chosen:
        return chosen
    value = config.resolve(db).section("display").get("layout", LAYOUTS[0])
    if value not in LAYOUTS:
        raise BadInput(f"Pengaturan layar [display] layout tidak valid: pilih {' atau '.join(LAYOUTS)}, "
                       f"bukan {value!r}.")
    return str(value)


def voice_settings(db: str | None) -> tuple[VoiceSettings, str | None]:
    """The ``[voice]`` settings of this station; a mistake there gives the chime only and a
    notice naming the field, never a board that refuses to start."""
    try:
        return from_section(config.resolve(db).section("voice")), None
    except BadInput as exc:
        log.warning("voice settings: %s", exc.message)
        return VoiceSettings(engine="none"), exc.message


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = base_arguments("antre-display", "Antre: layar antrean (TV).")
    p.add_argument("--zone", help="only calls to counters in this zone, e.g. \"Lantai 2\"")
    p.add_argument("--agency", help="only calls of this agency (its code), e.g. DUKCAPIL")
    p.add_argument("--media", type=Path, metavar="DIR",
                   help="a folder of images/videos to loop beside the calls")
    p.add_argument("--layout", choices=LAYOUTS, default=None,
                   help="papan: the latest call large (default); loket: every open counter's number "
                        "(also [display] layout in the config file)")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None, *, clock: Clock = rules.utc_now) -> int:
    """Run the display; ``clock`` is the station's time (tests and benchmarks pass theirs)."""
    args = parse_args(argv)
    scope = Scope(zone=(args.zone or "").strip() or None, agency=(args.agency or "").strip() or None)

    def build_app(store: Store) -> DisplayApp:
        settings, problem = voice_settings(args.db)
        if args.media is not None and not args.media.is_dir():
            raise BadInput(f"Folder media {args.media} tidak ada.")
        return build(store, clock=clock, scope=scope, media_dir=args.media, voice=settings,
                     voice_problem=problem, layout=board_layout(args.db, args.layout))

    return run(APP_NAME, "antre-display", TITLE, "Layar", args, build_app, window_size=(1280, 720),
               ready=lambda board: board.controller.site is not None,
               station=Station(voice="speak", role="read", player=True), clock=clock, catalog="display")
