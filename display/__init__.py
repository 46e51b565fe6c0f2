"""The wall display: the latest calls, large, for the whole hall. A pure board reducer
(:mod:`display.board`) fed by the event feed, with thin Qt views on top."""
