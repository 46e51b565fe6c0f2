"""The only part of ``shared`` that may import Qt: app bootstrap, self-test, feed, reloader, worker."""
