"""``make rehearse``: a compressed MPP day through the real programs, with faults
(docs/rehearsal.md). ``python -m tests.rehearsal --help``."""
