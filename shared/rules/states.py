"""Ticket states and the actions each allows."""

from __future__ import annotations

from shared.models import TicketStatus

ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)
