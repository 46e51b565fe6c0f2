"""What the clerk reads after an action: one line each, built from the rules' answers, in
the station's language (the counter's Qt catalog; Indonesian is the source)."""

from __future__ import annotations

from counter import actions
from shared.dto import CallResult, CounterView, TicketView
from shared.ui.translation import QT_TRANSLATE_NOOP, tr

LINES = {
    "taken_over": QT_TRANSLATE_NOOP(
        "counter", "{counter} tadi masih terbuka atas nama {clerk}; sekarang atas nama Anda."
    ),
    "resuming": QT_TRANSLATE_NOOP("counter", "Melanjutkan tiket {code}."),
    "opened": QT_TRANSLATE_NOOP("counter", "{counter} dibuka. Tekan Berikutnya (F1) untuk memanggil."),
    "type_number": QT_TRANSLATE_NOOP("counter", "Ketik atau pindai nomor antrean dulu, lalu tekan Enter."),
    "type_no_show": QT_TRANSLATE_NOOP(
        "counter", "Ketik atau pindai nomor yang tidak hadir tadi, lalu tekan Kembalikan ke antrean (F8)."
    ),
    "held_on_leaving": QT_TRANSLATE_NOOP(
        "counter", "Selesaikan, alihkan atau tandai tidak hadir tiket {code} sebelum keluar."
    ),
    "not_sent": QT_TRANSLATE_NOOP(
        "counter", "Basis data belum tersambung; tindakan tidak dikirim. Tunggu sebentar."
    ),
    "slow": QT_TRANSLATE_NOOP(
        "counter", "Basis data belum menjawab. Tindakan masih menunggu; jangan ulangi."
    ),
    "already_serving": QT_TRANSLATE_NOOP(
        "counter", "{code} sudah dilayani, jadi tidak perlu dipanggil ulang. Tekan Selesai (F4) bila sudah."
    ),
    "not_run": QT_TRANSLATE_NOOP(
        "counter", "Basis data tidak terhubung; tindakan tidak dijalankan. Coba lagi setelah tersambung."
    ),
    "store_back": QT_TRANSLATE_NOOP("counter", "Tersambung kembali ke basis data."),
    "store_down": QT_TRANSLATE_NOOP(
        "counter",
        "Basis data tidak terhubung. Tombol ditahan sampai tersambung "
        "kembali; tidak ada tindakan yang hilang.",
    ),
}
"""The clerk's fixed lines, by key (Indonesian, the catalog's source)."""


def line(key: str, **values: object) -> str:
    """The line ``key`` of :data:`LINES` in the station's language, with ``values`` filled in."""
    text = tr("counter", LINES[key])
    return text.format(**values) if values else text


def call_message(result: CallResult) -> str:
    """After "next": what was closed on the way (served, or a no-show), and who is called."""
    parts = []
    if result.finished is not None and result.finished.status == "no_show":
        parts.append(
            tr("counter", "{code} dicatat tidak hadir (layanannya belum dimulai).").format(
                code=result.finished.code
            )
        )
    elif result.finished is not None:
        parts.append(tr("counter", "{code} selesai.").format(code=result.finished.code))
    if result.ticket is None:
        parts.append(tr("counter", "Tidak ada yang menunggu."))
    else:
        t = result.ticket
        parts.append(
            tr("counter", "Memanggil {code} — {service}.").format(code=t.code, service=t.service_name)
        )
    return " ".join(parts)


def action_message(key: str, t: TicketView) -> str:
    """After an action on ticket ``t``."""
    if key == actions.RECALL.key:
        return tr("counter", "{code} dipanggil ulang (panggilan ke-{n}).").format(code=t.code, n=t.call_count)
    if key == actions.START.key:
        return tr("counter", "{code} mulai dilayani.").format(code=t.code)
    if key == actions.FINISH.key:
        return tr("counter", "{code} selesai dilayani.").format(code=t.code)
    if key == actions.NO_SHOW.key:
        return tr(
            "counter",
            "{code} dicatat tidak hadir. Bila datang kembali: ketik nomornya, lalu "
            "Kembalikan ke antrean (F8).",
        ).format(code=t.code)
    if key == actions.TRANSFER.key:
        return tr("counter", "{code} dialihkan ke {service} ({agency}).").format(
            code=t.code, service=t.service_name, agency=t.agency
        )
    if key == actions.REQUEUE.key:
        return tr("counter", "{code} masuk antrean lagi.").format(code=t.code)
    return f"{t.code}: {tr('counter', actions.STATUS_TEXT.get(t.status, t.status))}."


def counter_message(view: CounterView) -> str:
    """The counter's state changed (here or from a supervisor's screen)."""
    if view.state == "paused":
        return tr("counter", "{name} jeda ({reason}). Tekan Lanjutkan bila siap.").format(
            name=view.name, reason=view.pause_reason
        )
    if view.state == "closed":
        return tr("counter", "{name} ditutup. Tekan Buka loket untuk melayani lagi.").format(name=view.name)
    return tr("counter", "{name} buka. Tekan Berikutnya (F1) untuk memanggil.").format(name=view.name)
