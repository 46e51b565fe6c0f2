"""Antre's Qt-free core: store, event feed, site files, queue rules, the antre CLI, printer and voice."""

__version__ = "0.1.0"
