"""The optional media pane: loops the images and videos of a folder (``--media DIR``).

Images stay :data:`IMAGE_S` seconds each; a video plays to its end, muted (the hall must
hear the calls). Files are read in name order, so operators order them by naming them
``01-...``, ``02-...``. The folder is listed again at each loop, so files copied in while
the board runs are picked up without a restart. A file that cannot be shown is skipped.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QWidget

log = logging.getLogger(__name__)

IMAGE_S = 10
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"})
VIDEOS = frozenset({".mp4", ".webm", ".mkv", ".avi", ".mov"})


def media_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGES | VIDEOS),
                  key=lambda p: p.name.lower())


class MediaPane(QWidget):
    """Shows ``folder``'s media in a loop; ``has_media`` is False for no folder or an empty one."""

    def __init__(self, folder: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._folder = folder
        self._files = media_files(folder)
        self._index = -1
        self._pixmap: QPixmap | None = None
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(1, 1)
        # Only the space the board's layout gives it: a large picture must not push the calls.
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.image)
        self._video: _Video | None = None
        self._timer = QTimer(self, singleShot=True, interval=IMAGE_S * 1000)
        self._timer.timeout.connect(self.next)
        if folder is not None and not self._files:
            log.warning("media folder %s has no images or videos", folder)

    @property
    def has_media(self) -> bool:
        return bool(self._files)

    @property
    def current(self) -> Path | None:
        return self._files[self._index] if 0 <= self._index < len(self._files) else None

    def start(self) -> None:
        if self._files and self._index < 0:
            self.next()

    def stop(self) -> None:
        self._timer.stop()
        if self._video is not None:
            self._video.stop()

    def next(self) -> None:
        for _ in range(len(self._files)):
            self._index += 1
            if self._index >= len(self._files):
                self._index = 0
                self._files = media_files(self._folder) or self._files
            path = self._files[self._index]
            if path.suffix.lower() in VIDEOS and self._play_video(path):
                return
            if path.suffix.lower() in IMAGES and self._show_image(path):
                return
            log.warning("media file %s cannot be shown; skipped", path.name)
        self._timer.start()  # nothing showable now: look again later

    def _show_image(self, path: Path) -> bool:
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            return False
        self._pixmap = pixmap
        self._fit_image()
        self._stack.setCurrentWidget(self.image)
        self._timer.start()
        return True

    def _play_video(self, path: Path) -> bool:
        if self._video is None:
            self._video = _Video(self)
            self._stack.addWidget(self._video.widget)
        self._stack.setCurrentWidget(self._video.widget)
        self._video.play(path)
        return True

    def _fit_image(self) -> None:
        if self._pixmap is not None and self.width() > 1 and self.height() > 1:
            self.image.setPixmap(self._pixmap.scaled(
                self.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_image()


class _Video(QObject):
    """A muted QMediaPlayer on a QVideoWidget; created only when the folder has a video."""

    def __init__(self, pane: MediaPane) -> None:
        super().__init__(pane)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self._pane = pane
        self.widget = QVideoWidget(pane)  # a child from the start, never a window of its own
        self.player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._audio.setMuted(True)
        self.player.setAudioOutput(self._audio)
        self.player.setVideoOutput(self.widget)
        self.player.mediaStatusChanged.connect(self._on_status)
        self.player.errorOccurred.connect(self._on_error)
        self._moving_on = False
        self._end = QMediaPlayer.MediaStatus.EndOfMedia
        self._invalid = QMediaPlayer.MediaStatus.InvalidMedia

    def play(self, path: Path) -> None:
        self._moving_on = False
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.play()

    def _move_on(self, after_ms: int) -> None:
        """Next file, once per video (a broken file reports both an error and a status)."""
        if not self._moving_on:
            self._moving_on = True
            QTimer.singleShot(after_ms, self._pane.next)

    def stop(self) -> None:
        self.player.stop()

    def _on_status(self, status: object) -> None:
        if status == self._end:
            self._move_on(0)
        elif status == self._invalid:
            self._move_on(IMAGE_S * 1000)  # never spin on a broken file

    def _on_error(self, _error: object, message: str) -> None:
        log.warning("media video failed: %s", message)
        self._move_on(IMAGE_S * 1000)
