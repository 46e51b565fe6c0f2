"""Antre's Qt-free core: store, queue rules, event feed, announcement text and hardware ports."""

__version__ = "0.1.0"
