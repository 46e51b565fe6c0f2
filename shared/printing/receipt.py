"""What a receipt says (:class:`Receipt`), and the two ways it is drawn: ESC/POS bytes for a
thermal printer (rendered once into python-escpos's ``Dummy``) and a PNG for ``preview``.

Both drawings come from the same :class:`Receipt`, so the preview is what the paper shows.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import textwrap
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from shared.calendar import long_date
from shared.dto import IssuedTicket
from shared.i18n import ID, say

CODE_SIZE = 6  # the number is printed 6x wide and 6x tall (about 2 cm high on 80 mm paper)
QR_SIZE = 7  # module size in dots: about 2.6 cm square for our references
QR_QUIET_MODULES = 4  # the QR standard's quiet zone around the symbol
QR_QUIET_LINES = 2
"""Blank lines above and below the printed QR. One default line is 30 to 34 dots on common
printers (1/6 inch, or 3.75 mm), more than the 28 dots of a 4-module quiet zone; two, so
the zone holds even where the printer counts the line the symbol sits on."""
REPRINT_MARK = say("CETAK ULANG")
REPRINT_SIZE = 3  # the reprint mark, near the top: 3x wide and tall where the paper allows
SCAN_HINT = say("Tunjukkan kode QR ini di loket")
YOUR_NUMBER = say("Nomor antrean Anda")


@dataclass(frozen=True)
class Receipt:
    """Everything printed on one ticket, in the visitor's language (``lang``: the kiosk's
    choice for this visitor; Indonesian by default) and local time. Names from the site
    (agency, service, priority class, footer) are printed as the site wrote them."""

    site_name: str
    agency_name: str
    service_name: str
    code: str
    issued_local: dt.datetime
    ahead: int
    estimated_wait_min: int
    reference: str
    """The QR payload: ``ANTRE1|day|code|token`` (see :func:`shared.rules.parse_ticket_ref`)."""
    footer: str = ""
    priority_name: str | None = None
    reprint: bool = False
    past_closing: str | None = None
    """The service's closing time when the estimated wait runs past it (IssuedTicket's)."""
    lang: str = ID

    @property
    def date_line(self) -> str:
        t = self.issued_local
        return f"{long_date(t.date(), self.lang)}  {t:%H:%M}"

    @property
    def wait_line(self) -> str:
        if self.ahead == 0:
            return say("Tidak ada antrean di depan Anda").in_language(self.lang)
        return say("Di depan Anda: {n} orang", n=self.ahead).in_language(self.lang)

    @property
    def estimate_line(self) -> str:
        if self.ahead == 0:
            return ""
        estimate = say("Perkiraan tunggu: {minutes} menit", minutes=self.estimated_wait_min)
        return estimate.in_language(self.lang)

    @property
    def priority_line(self) -> str:
        if not self.priority_name:
            return ""
        return say("PRIORITAS: {name}", name=self.priority_name).in_language(self.lang)

    @property
    def reprint_mark(self) -> str:
        return REPRINT_MARK.in_language(self.lang)

    @property
    def number_caption(self) -> str:
        return YOUR_NUMBER.in_language(self.lang)

    @property
    def scan_hint(self) -> str:
        return SCAN_HINT.in_language(self.lang)

    @property
    def closing_line(self) -> str:
        """One plain line when the estimated wait runs past the service's closing time."""
        if not self.past_closing or self.ahead == 0:
            return ""
        return say("Perkiraan tunggu melewati jam tutup layanan ({time}).",
                   time=self.past_closing).in_language(self.lang)

    def lines(self) -> list[str]:
        """The texts in print order (for tests, logs and the screen reader)."""
        out = [self.reprint_mark] if self.reprint else []
        out += [self.site_name, self.agency_name, self.service_name, self.number_caption, self.code]
        if self.priority_line:
            out.append(self.priority_line)
        out += [self.date_line, self.wait_line]
        if self.estimate_line:
            out.append(self.estimate_line)
        if self.closing_line:
            out.append(self.closing_line)
        out.append(self.scan_hint)
        if self.footer:
            out.append(self.footer)
        return out


@functools.lru_cache(maxsize=64)
def qr_modules(reference: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of a ticket reference, row by row (True: a dark module), with its 4-module
    quiet zone: error correction M, as printed. The same symbol for the receipt picture and
    the kiosk's screen. Choosing the mask takes a few milliseconds of pure Python, so it is
    cached: the kiosk computes it in its worker right after issuing, and the ticket page
    only paints it."""
    import qrcode

    qr = qrcode.QRCode(border=QR_QUIET_MODULES, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(reference)
    qr.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in qr.get_matrix())


def qr_image(reference: str, box: int) -> Image.Image:
    """:func:`qr_modules` as a greyscale picture, ``box`` pixels per module."""
    rows = qr_modules(reference)
    side = len(rows)
    small = Image.frombytes("L", (side, side), bytes(0 if dark else 255 for row in rows for dark in row))
    return small.resize((side * box, side * box), resample=Image.Resampling.NEAREST)


def receipt_for(
    issued: IssuedTicket, *, timezone: str, footer: str = "", priority_name: str | None = None,
    reprint: bool = False, lang: str = ID,
) -> Receipt:
    t = issued.ticket
    return Receipt(
        site_name=issued.site_name, agency_name=t.agency_name, service_name=t.service_name,
        code=t.code, issued_local=t.issued_at.astimezone(zoneinfo.ZoneInfo(timezone)),
        ahead=issued.ahead, estimated_wait_min=issued.estimated_wait_min, reference=t.qr_payload,
        footer=footer, priority_name=priority_name or t.priority_class, reprint=reprint, lang=lang,
        past_closing=issued.past_closing,
    )


# --- ESC/POS ----------------------------------------------------------------------------

def _code_size(profile_data: dict[str, object], code: str, largest: int = CODE_SIZE) -> int:
    """The largest magnification (up to ``largest``) at which ``code`` fits on one line:
    6x on 80 mm paper; less on 58 mm paper for long codes. Font A is 12 dots wide."""
    media = profile_data.get("media")
    width = media.get("width") if isinstance(media, dict) else None
    pixels = width.get("pixels") if isinstance(width, dict) else None
    if not isinstance(pixels, int) or pixels <= 0:
        return largest
    return max(2, min(largest, pixels // (12 * max(1, len(code)))))


def _columns(profile_data: dict[str, object]) -> int:
    fonts = profile_data.get("fonts")
    if isinstance(fonts, dict):
        font_a = fonts.get("0")
        if isinstance(font_a, dict) and isinstance(font_a.get("columns"), int):
            return int(font_a["columns"])
    return 42


def render_escpos(receipt: Receipt, *, profile: str = "TM-T88V", logo: str = "") -> bytes:
    """The receipt as one ESC/POS job: init, a reprint's mark, texts, the number very large,
    a native QR code (error correction M, a 4-module quiet zone) and a cut. Sending these
    bytes is the only thing left to do with the printer."""
    from escpos.constants import QR_ECLEVEL_M
    from escpos.printer import Dummy

    p = Dummy(profile=profile)
    cols = _columns(p.profile.profile_data)

    def wrapped(text: str, width: int = cols) -> None:
        for line in textwrap.wrap(text, width) or [""]:
            p.textln(line)

    p.hw("INIT")
    if receipt.reprint:  # white on black, large, first: no one takes it for a new number
        mark = f" {receipt.reprint_mark} "
        size = _code_size(p.profile.profile_data, mark, REPRINT_SIZE)
        p.set(align="center", bold=True, custom_size=True, width=size, height=size, invert=True)
        p.textln(mark)
        p.set(align="center", normal_textsize=True, bold=False, invert=False)
        p.ln()
    p.set(align="center")
    if logo:
        p.image(logo, center=True)
    p.set(align="center", bold=True, double_width=True, double_height=True)
    wrapped(receipt.site_name, cols // 2)
    p.set(align="center", normal_textsize=True, bold=False)
    wrapped(receipt.agency_name)
    p.set(align="center", bold=True, double_height=True)
    wrapped(receipt.service_name)
    p.set(align="center", normal_textsize=True, bold=False)
    p.ln()
    p.textln(receipt.number_caption)
    size = _code_size(p.profile.profile_data, receipt.code)
    p.set(align="center", bold=True, custom_size=True, width=size, height=size)
    p.textln(receipt.code)
    p.set(align="center", normal_textsize=True, bold=True)
    if receipt.priority_line:
        wrapped(receipt.priority_line)
    p.set(align="center", normal_textsize=True, bold=False)
    p.ln()
    p.textln(receipt.date_line)
    p.set(align="center", bold=True)
    p.textln(receipt.wait_line)
    p.set(align="center", bold=False)
    if receipt.estimate_line:
        p.textln(receipt.estimate_line)
    if receipt.closing_line:
        wrapped(receipt.closing_line)
    p.ln(QR_QUIET_LINES)
    p.qr(receipt.reference, ec=QR_ECLEVEL_M, size=QR_SIZE, native=True)
    p.ln(QR_QUIET_LINES)
    p.set(align="center")
    p.textln(receipt.scan_hint)
    if receipt.footer:
        p.ln()
        wrapped(receipt.footer)
    p.set(align="left", normal_textsize=True, bold=False)
    p.cut()
    return bytes(p.output)


# --- picture (preview) ------------------------------------------------------------------

PAPER_PX = 576  # 80 mm paper at 203 dpi, the common thermal printer
_MARGIN = 24
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("C:/Windows/Fonts"))


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    names = ("DejaVuSans-Bold.ttf", "arialbd.ttf") if bold else ("DejaVuSans.ttf", "arial.ttf")
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            for folder in _FONT_DIRS:
                if (folder / name).is_file():
                    return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def render_image(receipt: Receipt, *, logo: str = "") -> Image.Image:
    """The receipt as a picture of the paper roll, for ``preview`` and the screen."""
    width = PAPER_PX
    inner = width - 2 * _MARGIN
    blocks: list[tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont, int] | Image.Image] = []

    def text(value: str, size: int, *, bold: bool = False, gap: int = 6) -> None:
        font = _font(size, bold=bold)
        # Wrap by measured width, word by word.
        line = ""
        for word in value.split():
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > inner:
                blocks.append((line, font, 6))  # the block's own gap comes after its last line
                line = word
            else:
                line = trial
        blocks.append((line, font, gap))

    if receipt.reprint:
        blocks.append(_reprint_mark(inner, receipt.reprint_mark))
    if logo:
        with Image.open(logo) as img:
            pic = img.convert("L")
            pic.thumbnail((inner, 160))
            blocks.append(pic)
    text(receipt.site_name, 34, bold=True)
    text(receipt.agency_name, 24)
    text(receipt.service_name, 30, bold=True, gap=18)
    text(receipt.number_caption, 24)
    text(receipt.code, 150, bold=True, gap=10)
    if receipt.priority_line:
        text(receipt.priority_line, 26, bold=True)
    text(receipt.date_line, 24, gap=10)
    text(receipt.wait_line, 26, bold=True)
    if receipt.estimate_line:
        text(receipt.estimate_line, 24)
    if receipt.closing_line:
        text(receipt.closing_line, 24, bold=True)
    blocks.append(qr_image(receipt.reference, QR_SIZE))  # its border is the quiet zone
    text(receipt.scan_hint, 22, gap=18)
    if receipt.footer:
        text(receipt.footer, 22)

    def height_of(block: tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont, int] | Image.Image) -> int:
        if isinstance(block, Image.Image):
            return block.height + 12
        line, font, gap = block
        box = font.getbbox(line or " ")
        return int(box[3] - min(0, box[1])) + gap

    total = _MARGIN * 2 + sum(height_of(b) for b in blocks) + 40  # + the torn edge
    page = Image.new("L", (width, total), 255)
    draw = ImageDraw.Draw(page)
    y = _MARGIN
    for block in blocks:
        if isinstance(block, Image.Image):
            page.paste(block, ((width - block.width) // 2, y))
        else:
            line, font, _gap = block
            draw.text(((width - font.getlength(line)) / 2, y), line, font=font, fill=0)
        y += height_of(block)
    for x in range(0, width, 16):  # the cut, drawn as a dashed line
        draw.line((x, total - 20, x + 8, total - 20), fill=120, width=2)
    return page


def _reprint_mark(width: int, mark: str) -> Image.Image:
    """ "CETAK ULANG" (``mark``) white on a black band, as the printer prints it."""
    font = _font(52, bold=True)
    box = font.getbbox(mark)
    height = int(box[3] - box[1]) + 28
    band = Image.new("L", (width, height + 16), 255)  # + a blank line's worth below, as printed
    draw = ImageDraw.Draw(band)
    draw.rectangle((0, 0, width - 1, height - 1), fill=0)
    draw.text(((width - font.getlength(mark)) / 2, 14 - box[1]), mark, font=font, fill=255)
    return band


def render_png(receipt: Receipt, *, logo: str = "") -> bytes:
    buf = io.BytesIO()
    render_image(receipt, logo=logo).save(buf, format="PNG")
    return buf.getvalue()
