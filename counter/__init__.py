"""The counter app: a clerk calls, recalls, serves and closes tickets at one counter.

:class:`counter.controller.CounterController` wraps the calling rules; the waiting list is
a Qt model over plain ticket DTOs (:mod:`counter.model`)."""
