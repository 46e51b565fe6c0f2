"""Site files: the TOML that describes one MPP (agencies, services, counters, users).

Loading is two steps. :func:`parse_site` (:mod:`~shared.site.parse`) validates the whole file
and either returns a :class:`SiteSpec` (:mod:`~shared.site.spec`) or raises
:class:`SiteFileError` listing every mistake with the entry and the field. :func:`apply_site`
(:mod:`~shared.site.apply`) then writes the spec in the caller's transaction. A mistake
therefore never leaves a half-loaded site. Re-applying is an upsert by code: entities that
left the file are deactivated, never deleted, so tickets that already exist stay valid.
"""

from shared.calendar import DAYS, Hours, parse_hours
from shared.site.apply import ApplyReport, apply_site
from shared.site.parse import load_site_file, parse_site, parse_site_data
from shared.site.spec import (
    DEFAULT_ANNOUNCEMENT,
    DEFAULT_PRIORITY_CLASSES,
    TEMPLATE_FIELDS,
    AgencySpec,
    CounterSpec,
    ServiceSpec,
    SiteSettings,
    SiteSpec,
    UserSpec,
)

__all__ = [
    "DAYS",
    "DEFAULT_ANNOUNCEMENT",
    "DEFAULT_PRIORITY_CLASSES",
    "TEMPLATE_FIELDS",
    "AgencySpec",
    "ApplyReport",
    "CounterSpec",
    "Hours",
    "ServiceSpec",
    "SiteSettings",
    "SiteSpec",
    "UserSpec",
    "apply_site",
    "load_site_file",
    "parse_hours",
    "parse_site",
    "parse_site_data",
]
