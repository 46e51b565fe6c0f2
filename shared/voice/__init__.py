"""Offline Indonesian announcements (pyttsx3), queued in one thread with a watchdog."""
