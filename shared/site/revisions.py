"""Site revisions: what the admin console saves, compares, undoes and exports.

Every change of the site, a file loaded or an admin's edit, is a new revision kept whole
(:class:`~shared.models.SiteRevision`) with who saved it and what changed, and a
``site_loaded`` event that running apps follow. An edit starts from a revision and is saved
against it: when someone else saved in between, the second save is refused (optimistic
check) instead of silently undoing the first. Every save goes through the one validator of
sites (:func:`~shared.site.parse.parse_site_data`)."""

from __future__ import annotations

import copy
import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.errors import NotFound, RuleRefused
from shared.models import Site, SiteRevision
from shared.site.apply import ApplyReport, apply_site
from shared.site.export import diff, site_data, to_toml
from shared.site.parse import parse_site_data
from shared.site.spec import SiteSpec


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    at: dt.datetime
    author: str
    note: str
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Editable:
    """A site as an admin starts editing it: its data and the revision it came from."""

    revision: int
    data: dict[str, Any]


def _info(r: SiteRevision) -> RevisionInfo:
    return RevisionInfo(r.revision, r.at, r.author, r.note, tuple(r.changes or ()))


def history(session: Session, limit: int = 200) -> list[RevisionInfo]:
    """The latest revisions first."""
    rows = session.scalars(select(SiteRevision).order_by(SiteRevision.revision.desc()).limit(limit))
    return [_info(r) for r in rows]


def current(session: Session) -> Editable:
    """The site as it is now, to edit (a deep copy: the caller may change it freely)."""
    rev = session.scalar(select(Site.revision).where(Site.id == 1))
    if rev is None:
        raise NotFound("Situs belum dimuat. Jalankan 'antre site load BERKAS.toml' dulu.")
    row = session.get(SiteRevision, rev)
    if row is None:
        raise NotFound(f"Revisi {rev} dimuat sebelum riwayat revisi ada. Muat ulang berkas situs sekali "
                       "('antre site load BERKAS.toml'); sejak itu setiap perubahan tercatat.")
    return Editable(rev, copy.deepcopy(row.data))


def revision_data(session: Session, revision: int) -> dict[str, Any]:
    row = session.get(SiteRevision, revision)
    if row is None:
        raise NotFound(f"Revisi {revision} tidak ada.")
    return copy.deepcopy(row.data)


def check(data: dict[str, Any]) -> SiteSpec:
    """Validate an edit with the one site validator (raises SiteFileError with every mistake,
    each placed at its entry and field)."""
    return parse_site_data(data, "situs")


def save(
    session: Session, data: dict[str, Any], *, base_revision: int, by: str, now: dt.datetime,
    user_id: int | None = None, note: str = "",
) -> ApplyReport:
    """Save an admin's edit of revision ``base_revision`` as the next revision.

    Refused when someone saved another revision since ``base_revision`` (the site row is
    locked first, so of two concurrent saves the second always sees the first), when the edit
    changes nothing, or when the validator finds a mistake (SiteFileError)."""
    site = session.scalar(select(Site).where(Site.id == 1).with_for_update())
    if site is None:
        raise NotFound("Situs belum dimuat. Jalankan 'antre site load BERKAS.toml' dulu.")
    if site.revision != base_revision:
        newer = session.get(SiteRevision, site.revision)
        who = f" oleh {newer.author}" if newer is not None and newer.author else ""
        when = (f" pukul {newer.at.astimezone(zoneinfo.ZoneInfo(site.timezone)):%H:%M}"
                if newer is not None else "")
        raise RuleRefused(
            f"Situs sudah diubah{who}{when} (revisi {site.revision}) sejak Anda mulai menyunting revisi "
            f"{base_revision}. Perubahan Anda belum disimpan: buka revisi terbaru, lalu ulangi.")
    spec = check(data)
    before = session.get(SiteRevision, base_revision)
    if before is not None and not diff(before.data, site_data(spec)):
        raise RuleRefused("Tidak ada perubahan untuk disimpan.")
    return apply_site(session, spec, now=now, by=by, user_id=user_id, note=note)


def undo_to(
    session: Session, revision: int, *, base_revision: int, by: str, now: dt.datetime,
    user_id: int | None = None,
) -> ApplyReport:
    """Go back to an earlier revision: its data saved again as a new revision (history stays)."""
    return save(session, revision_data(session, revision), base_revision=base_revision, by=by, now=now,
                user_id=user_id, note=f"kembali ke revisi {revision}")


def changes_between(session: Session, old: int, new: int) -> list[str]:
    return diff(revision_data(session, old), revision_data(session, new))


def export_toml(session: Session, revision: int | None = None) -> str:
    """A site file of ``revision`` (default: the current one) that ``antre site load`` reads
    back unchanged. Users come without password hashes: passwords stay in the store."""
    if revision is None:
        revision = current(session).revision
    row = session.get(SiteRevision, revision)
    if row is None:
        raise NotFound(f"Revisi {revision} tidak ada.")
    header = (f"Situs {row.data.get('site', {}).get('name', '')}, revisi {row.revision}"
              f" ({row.at:%Y-%m-%d %H:%M} UTC" + (f", {row.author}" if row.author else "") + ").\n"
              "Ditulis oleh Antre; periksa dengan 'antre site check', muat dengan 'antre site load'.")
    return to_toml(row.data, header=header)
