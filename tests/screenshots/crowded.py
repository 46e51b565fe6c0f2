"""A big MPP for the kiosk's search: the demo site's 15 agencies and 25 more (a city that puts
every office in one hall), more than fit one page of touch-sized tiles at any screen size; and
agency logos drawn for the shoot. Shared by the layout tests and ``make screenshots``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PIL import Image, ImageDraw

from shared import rules, site
from shared.site import AgencySpec, ServiceSpec, SiteSpec
from shared.store import Store
from tests.screenshots.common import SITE_FILE

# (code, short name, plain description, one service)
MORE_AGENCIES: tuple[tuple[str, str, str, str], ...] = (
    ("DISHUB", "Dishub", "Uji kendaraan (KIR)", "Pengujian Kendaraan Bermotor"),
    ("DINKES", "Dinkes", "Izin praktik kesehatan", "Surat Izin Praktik"),
    ("DINSOS", "Dinsos", "Bantuan sosial", "Surat Keterangan Tidak Mampu"),
    ("DLH", "DLH", "Lingkungan hidup", "Persetujuan Lingkungan"),
    ("DISPERINDAG", "Disperindag", "Perdagangan, tera", "Tera Ulang Timbangan"),
    ("KEJARI", "Kejaksaan", "Tilang dan perkara", "Pengambilan Barang Bukti Tilang"),
    ("PN", "Pengadilan Negeri", "Surat keterangan", "Surat Tidak Pernah Dipidana"),
    ("POS", "Kantor Pos", "Kiriman dan giro", "Layanan Pos dan Giro"),
    ("BPOM", "BPOM", "Izin pangan olahan", "Konsultasi Izin Edar"),
    ("KEMENKUMHAM", "Kemenkumham", "Merek dan hak cipta", "Konsultasi Kekayaan Intelektual"),
    ("PLN", "PLN", "Listrik", "Pasang Baru dan Tambah Daya"),
    ("BRI", "Bank BRI", "Tabungan dan KUR", "Kredit Usaha Rakyat"),
    ("BNI", "Bank BNI", "Tabungan dan setoran", "Pembukaan Rekening"),
    ("MANDIRI", "Bank Mandiri", "Tabungan dan setoran", "Setoran Tunai"),
    ("BSI", "BSI", "Bank syariah, haji", "Tabungan Haji"),
    ("TASPEN", "Taspen", "Pensiun ASN", "Klaim Pensiun"),
    ("JASARAHARJA", "Jasa Raharja", "Santunan kecelakaan", "Santunan Kecelakaan"),
    ("DISDIK", "Disdik", "Legalisir ijazah", "Legalisir Ijazah"),
    ("DPUPR", "DPUPR", "Tata ruang", "Keterangan Rencana Kota"),
    ("DISKOMINFO", "Diskominfo", "Aduan layanan publik", "Pengaduan SP4N-LAPOR!"),
    ("BKPSDM", "BKPSDM", "Kepegawaian ASN", "Layanan Kepegawaian"),
    ("SATPOLPP", "Satpol PP", "Ketertiban umum", "Izin Keramaian"),
    ("KEC_BATU", "Kec. Batu", "Layanan kecamatan", "Surat Pengantar Kecamatan Batu"),
    ("KEC_JUNREJO", "Kec. Junrejo", "Layanan kecamatan", "Surat Pengantar Kecamatan Junrejo"),
    ("KEC_BUMIAJI", "Kec. Bumiaji", "Layanan kecamatan", "Surat Pengantar Kecamatan Bumiaji"),
)
LOGO_AGENCIES = ("DUKCAPIL", "DPMPTSP", "SAMSAT", "IMIGRASI", "PA", "DISHUB", "PLN", "BRI")


def _prefixes(taken: set[str]) -> list[str]:
    free = [f"Q{a}{b}" for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    return [p for p in free if p not in taken]


def crowded_spec() -> SiteSpec:
    """The demo site, always open, with :data:`MORE_AGENCIES` after its own 15."""
    spec = site.load_site_file(SITE_FILE)
    prefixes = _prefixes({s.prefix for s in spec.services})
    agencies = list(spec.agencies)
    services = list(spec.services)
    for (code, short, about, service), prefix in zip(MORE_AGENCIES, prefixes, strict=False):
        agencies.append(AgencySpec(code, f"{short} Kota Batu", short, about))
        services.append(ServiceSpec(f"{code}_1", code, service, prefix, None, None, 10.0))
    return dataclasses.replace(
        spec,
        agencies=tuple(agencies),
        services=tuple(services),
        settings=dataclasses.replace(spec.settings, always_open=True),
    )


def load_crowded(store: Store, now: dt.datetime) -> SiteSpec:
    spec = crowded_spec()
    with store.transaction() as s:
        site.apply_site(s, spec, now=now)
    with store.transaction() as s:
        rules.roll_over(s, now=now)
    return spec


def draw_logos(folder: Path) -> Path:
    """Wide and square stand-in logos (``<CODE>.png``) for :data:`LOGO_AGENCIES`."""
    folder.mkdir(parents=True, exist_ok=True)
    colours = ((200, 30, 30), (20, 120, 60), (230, 160, 0), (30, 90, 200))
    for i, code in enumerate(LOGO_AGENCIES):
        size = (240, 120) if i % 2 else (160, 160)  # a wide emblem and a round seal
        img = Image.new("RGBA", size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(img)
        colour = colours[i % len(colours)]
        if i % 2:
            draw.rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=24, fill=(255, 255, 255, 255))
            draw.rounded_rectangle((12, 12, size[0] - 13, size[1] - 13), radius=16, fill=(*colour, 255))
        else:
            draw.ellipse((0, 0, size[0] - 1, size[1] - 1), fill=(255, 255, 255, 255))
            draw.ellipse((14, 14, size[0] - 15, size[1] - 15), fill=(*colour, 255))
        img.save(folder / f"{code}.png")
    return folder
