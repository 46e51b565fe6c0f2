"""The wall display app: the latest calls, large enough for the whole hall, and read out aloud."""

from shared.ui.qapp import route_qt_logging

# QtMultimedia reports its backend probing (pipewire, FFmpeg) as soon as it is imported, before
# any app is made: Qt's messages go to Antre's log from the moment the display package loads.
route_qt_logging()
