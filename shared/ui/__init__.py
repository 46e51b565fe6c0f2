"""The only part of ``shared`` that may import Qt: feed watcher, worker pool, app bootstrap."""
