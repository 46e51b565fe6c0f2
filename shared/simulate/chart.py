"""The results as one PNG, drawn with Pillow (already a dependency; the core never imports
Qt): the people waiting over the day, and each service's p90 wait beside its target."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from shared.simulate.model import SAMPLE_S
from shared.simulate.profile import Profile
from shared.simulate.runs import NEVER_S, Summary

_W = 1200
_INK, _GRID, _OK, _OVER, _LINE = (33, 37, 41), (222, 226, 230), (47, 158, 68), (224, 49, 49), (25, 113, 194)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def write_png(profile: Profile, s: Summary, path: Path, title: str) -> None:
    rows = [r for r in s.services if r.issued]
    bar_h = 20
    top_h = 330
    height = 70 + top_h + 60 + bar_h * max(1, len(rows)) + 60
    img = Image.new("RGB", (_W, height), "white")
    d = ImageDraw.Draw(img)
    big, small = _font(20), _font(13)
    d.text((20, 16), title.replace("—", "-"), fill=_INK, font=big)  # the default font has no em dash

    # 1. Everyone waiting, every ten minutes (mean over the runs).
    x0, y0, x1, y1 = 90, 80, _W - 30, 80 + top_h - 50
    d.text((x0, y0 - 22), "Orang menunggu (semua layanan, rata-rata antar-run)", fill=_INK, font=small)
    series = s.queue_total
    peak = max(series, default=0.0)
    ymax = max(10.0, peak * 1.1)
    for k in range(6):
        y = y1 - (y1 - y0) * k / 5
        d.line((x0, y, x1, y), fill=_GRID)
        d.text((x0 - 45, y - 7), f"{ymax * k / 5:.0f}", fill=_INK, font=small)
    if series:
        start = s.queue_start_s
        span = max(1, (len(series) - 1) * SAMPLE_S)
        first_hour = -(-start // 3600)
        for h in range(first_hour, (start + span) // 3600 + 1):
            x = x0 + (x1 - x0) * (h * 3600 - start) / span
            d.line((x, y0, x, y1), fill=_GRID)
            d.text((x - 16, y1 + 6), f"{h:02d}:00", fill=_INK, font=small)
        pts = [
            (x0 + (x1 - x0) * i * SAMPLE_S / span, y1 - (y1 - y0) * v / ymax) for i, v in enumerate(series)
        ]
        if len(pts) > 1:
            d.line(pts, fill=_LINE, width=3)
    d.rectangle((x0, y0, x1, y1), outline=_INK)

    # 2. Each service's p90 wait (the bar) and its target (the black mark).
    top = 80 + top_h + 20
    d.text(
        (20, top),
        "p90 tunggu per layanan (menit): hijau dalam target, merah melebihi; garis hitam = target",
        fill=_INK,
        font=small,
    )
    top += 26
    lx, rx = 200, _W - 90
    worst = max(
        [r.target_min * 1.0 for r in rows]
        + [min(r.waits.p90_s or 0.0, NEVER_S) / 60 for r in rows if (r.waits.p90_s or 0) < NEVER_S]
        + [1.0]
    )
    scale = (rx - lx) / (worst * 1.1)
    for i, r in enumerate(rows):
        y = top + i * bar_h
        d.text((20, y + 3), r.code[:24], fill=_INK, font=small)
        p90 = r.waits.p90_s
        never = p90 is not None and p90 >= NEVER_S
        minutes = worst * 1.1 if never else (p90 or 0.0) / 60
        color = _OK if r.meets_target else _OVER
        d.rectangle((lx, y + 3, lx + max(1.0, minutes * scale), y + bar_h - 3), fill=color)
        label = "tak terpanggil" if never else ("-" if p90 is None else f"{p90 / 60:.0f}")
        d.text((lx + minutes * scale + 6, y + 3), label, fill=_INK, font=small)
        tx = lx + r.target_min * scale
        d.line((tx, y + 1, tx, y + bar_h - 1), fill=_INK, width=2)
    img.save(path, format="PNG")
