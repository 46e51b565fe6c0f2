"""Site files: every mistake is reported with the file, the entry and the field."""

from pathlib import Path

import pytest

from shared.errors import SiteFileError
from shared.site import DEFAULT_PRIORITY_CLASSES, load_site_file, parse_site

ROOT = Path(__file__).resolve().parents[2]
GOOD = """
[site]
name = "MPP"

[[agencies]]
code = "DUKCAPIL"
name = "Dukcapil"

[[services]]
code = "KTP"
agency = "DUKCAPIL"
name = "KTP-el"
prefix = "A"
quota = 10

[[counters]]
code = "L1"
name = "Loket 1"
agency = "DUKCAPIL"
services = ["KTP"]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(SiteFileError) as info:
        parse_site(text, source="site.toml")
    return info.value.problems


def test_a_minimal_site_loads_with_the_legal_default_priority_classes():
    spec = parse_site(GOOD)
    assert spec.settings.timezone == "Asia/Jakarta"
    assert spec.priority_classes == DEFAULT_PRIORITY_CLASSES
    assert {c for c, _ in spec.priority_classes} == {"lansia", "disabilitas", "ibu_hamil", "anak"}
    assert spec.settings.priority_ratio == 2


def test_the_demo_site_is_a_believable_mpp():
    spec = load_site_file(ROOT / "resources" / "sites" / "demo-batu.toml")
    assert len(spec.agencies) >= 10
    assert len(spec.counters) >= 25
    assert len({s.prefix for s in spec.services}) == len(spec.services)


def test_unknown_agency_reference_names_entry_and_field():
    text = GOOD.replace('agency = "DUKCAPIL"\nname = "KTP-el"', 'agency = "DISDUK"\nname = "KTP-el"')
    [p] = problems(text)
    assert p.startswith("site.toml: services[0] (code 'KTP'), field 'agency':")
    assert "DISDUK" in p


def test_duplicate_prefix_is_reported_with_the_other_service():
    text = GOOD + """
[[services]]
code = "KK"
agency = "DUKCAPIL"
name = "KK"
prefix = "A"
"""
    found = problems(text)
    assert any("services[1] (code 'KK'), field 'prefix'" in p and "'KTP'" in p for p in found)


def test_duplicate_codes_bad_times_missing_fields_and_wrong_types_are_all_listed_at_once():
    text = """
[site]
name = "MPP"
hours = "8 pagi"
timezone = "Asia/Jakartaa"

[[agencies]]
code = "A1"
name = "X"

[[agencies]]
code = "A1"
name = "Y"

[[services]]
code = "S1"
agency = "A1"
prefix = "A"
quota = "banyak"
hours = "15:00-08:00"

[[counters]]
code = "L1"
agency = "A1"
services = ["S1", "S9"]
"""
    found = problems(text)
    joined = "\n".join(found)
    assert "[site], field 'hours'" in joined
    assert "[site], field 'timezone'" in joined
    assert "agencies[1] (code 'A1'), field 'code': kode 'A1' dipakai dua kali" in joined
    assert "services[0] (code 'S1'), field 'name': wajib diisi" in joined
    assert "services[0] (code 'S1'), field 'quota': harus bertipe bilangan bulat" in joined
    assert "services[0] (code 'S1'), field 'hours'" in joined
    assert "counters[0] (code 'L1'), field 'name': wajib diisi" in joined
    assert "counters[0] (code 'L1'), field 'services': layanan 'S9'" in joined
    assert all(p.startswith("site.toml: ") for p in found)


def test_a_counter_cannot_serve_another_agencys_service():
    text = GOOD + """
[[agencies]]
code = "POLRES"
name = "Polres"

[[counters]]
code = "P1"
name = "Loket 9"
agency = "POLRES"
services = ["KTP"]
"""
    [p] = problems(text)
    assert "counters[1] (code 'P1'), field 'services'" in p


def test_boolean_is_not_accepted_as_a_quota():
    [p] = problems(GOOD.replace("quota = 10", "quota = true"))
    assert "field 'quota'" in p


def test_unknown_keys_are_reported_so_typos_do_not_pass_silently():
    [p] = problems(GOOD.replace("quota = 10", "kuota = 10"))
    assert "services[0] (code 'KTP'), field 'kuota': tidak dikenal" in p


def test_announcement_template_fields_are_checked():
    text = GOOD.replace('name = "MPP"', 'name = "MPP"\nannouncement = "Nomor {nomer} ke {loket}"')
    found = problems(text)
    assert any("'{nomer}' tidak dikenal" in p for p in found)


def test_invalid_toml_is_one_clear_line():
    [p] = problems("[site\nname=")
    assert p.startswith("site.toml: bukan TOML yang valid")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SiteFileError) as info:
        load_site_file(tmp_path / "nope.toml")
    assert "tidak bisa dibaca" in info.value.problems[0]


# --- issue 15, finding 8: what `site check` accepts, `site load` and the voice accept too ---

@pytest.mark.parametrize(("old", "new", "entry", "field"), [
    ('[site]\nname = "MPP"', '[site]\nname = ""', "[site]", "name"),
    ('code = "DUKCAPIL"\nname = "Dukcapil"', 'code = "DUKCAPIL"\nname = ""', "agencies[0]", "name"),
    ('name = "KTP-el"', 'name = "  "', "services[0]", "name"),
    ('name = "Loket 1"', 'name = ""', "counters[0]", "name"),
])
def test_an_empty_name_is_refused_with_its_entry_and_field(old, new, entry, field):
    p, *_ = problems(GOOD.replace(old, new))
    assert p.startswith(f"site.toml: {entry}")
    assert f"field '{field}'" in p
    assert "kosong" in p


@pytest.mark.parametrize(("old", "column", "entry", "field"), [
    ('[site]\nname = "MPP"', "site.name", "[site]", "name"),
    ('code = "DUKCAPIL"\nname = "Dukcapil"', "agency.name", "agencies[0]", "name"),
    ('name = "KTP-el"', "service.name", "services[0]", "name"),
    ('name = "Loket 1"', "counter.name", "counters[0]", "name"),
])
def test_a_name_longer_than_its_store_column_is_refused(old, column, entry, field):
    from shared.limits import TEXT

    key, _, _ = old.rpartition("=")
    short = '\nshort = "Dukcapil"' if column == "agency.name" else ""
    parse_site(GOOD.replace(old, f'{key}= "{"N" * TEXT[column]}"{short}'))
    [p] = problems(GOOD.replace(old, f'{key}= "{"N" * (TEXT[column] + 1)}"{short}'))
    assert p.startswith(f"site.toml: {entry}")
    assert f"field '{field}'" in p
    assert f"paling banyak {TEXT[column]}" in p


def test_short_names_and_zones_must_fit_their_columns_too():
    text = GOOD.replace('name = "Dukcapil"', f'name = "Dukcapil"\nshort = "{"S" * 41}"').replace(
        'services = ["KTP"]', f'services = ["KTP"]\nzone = "{"Z" * 81}"')
    found = problems(text)
    assert any("field 'short'" in p and "paling banyak 40" in p for p in found)
    assert any("field 'zone'" in p and "paling banyak 80" in p for p in found)


def test_a_long_agency_name_needs_a_short_name_for_the_kiosk_tile():
    [p] = problems(GOOD.replace('name = "Dukcapil"', f'name = "{"D" * 41}"'))
    assert "field 'short'" in p


@pytest.mark.parametrize("quota", [0, 100_000, 3_000_000_000])
def test_a_quota_outside_sensible_bounds_is_refused(quota):
    [p] = problems(GOOD.replace("quota = 10", f"quota = {quota}"))
    assert "field 'quota'" in p
    assert "harus antara 1 dan 99999" in p


@pytest.mark.parametrize("ratio", [0, 21, 2**40, -1])
def test_priority_ratio_must_lie_between_1_and_20(ratio):
    [p] = problems(GOOD.replace('name = "MPP"', f'name = "MPP"\npriority_ratio = {ratio}', 1))
    assert "field 'priority_ratio'" in p
    assert "antara 1 dan 20" in p


@pytest.mark.parametrize("ratio", [1, 20])
def test_priority_ratio_bounds_are_included(ratio):
    spec = parse_site(GOOD.replace('name = "MPP"', f'name = "MPP"\npriority_ratio = {ratio}', 1))
    assert spec.settings.priority_ratio == ratio


@pytest.mark.parametrize(("template", "says"), [
    ("Nomor {nomor} ke {loket} }", "tidak berpasangan"),
    ("Nomor {nomor} ke {loket", "tidak berpasangan"),
    ("Nomor {nomor} ke {tempat}", "'{tempat}' tidak dikenal"),
    ("Nomor {nomor:>5} ke {loket}", "tanpa format"),
    ("Nomor {nomor!r} ke {loket}", "tanpa format"),
    ("Nomor {nomor} {} ke {loket}", "'{}' tidak dikenal"),
    ("Silakan ke {loket}", "harus memuat {nomor}"),
])
def test_a_broken_announcement_template_is_refused(template, says):
    [p] = problems(GOOD.replace('name = "MPP"', f'name = "MPP"\nannouncement = "{template}"', 1))
    assert "field 'announcement'" in p
    assert says in p


def test_every_template_check_accepts_renders_with_every_field():
    from shared import announce

    template = "{{Panggilan}} nomor {nomor}, {layanan} {instansi}, silakan menuju {loket}"
    spec = parse_site(GOOD.replace('name = "MPP"', f'name = "MPP"\nannouncement = "{template}"', 1))
    text = announce.announcement("A012", "Loket 3", template=spec.settings.announcement,
                                 service_name="KTP-el", agency_name="Dukcapil")
    assert text == "{Panggilan} nomor A dua belas, KTP-el Dukcapil, silakan menuju loket tiga"


def test_an_agency_may_have_a_plain_description_that_fits_its_column():
    described = GOOD.replace('name = "Dukcapil"', 'name = "Dukcapil"\ndescription = "KTP, KK dan akta"', 1)
    assert parse_site(described).agencies[0].description == "KTP, KK dan akta"
    assert parse_site(GOOD).agencies[0].description == ""
    [p] = problems(GOOD.replace('name = "Dukcapil"', f'name = "Dukcapil"\ndescription = "{"x" * 81}"', 1))
    assert "field 'description'" in p
    assert "paling banyak 80" in p


def test_the_demo_site_describes_every_agency_whose_short_name_is_not_plain():
    spec = load_site_file(ROOT / "resources" / "sites" / "demo-batu.toml")
    assert all(a.description for a in spec.agencies)
    assert dict((a.code, a.description) for a in spec.agencies)["DPMPTSP"] == "Perizinan usaha"


@pytest.mark.parametrize("minutes", [4, 601, -1])
def test_the_long_wait_threshold_must_lie_between_5_and_600_minutes(minutes):
    [p] = problems(GOOD.replace('name = "MPP"', f'name = "MPP"\nlong_wait_min = {minutes}', 1))
    assert "field 'long_wait_min'" in p
    assert "antara 5 dan 600" in p


def test_the_long_wait_threshold_defaults_to_an_hour_and_is_kept_in_the_site_settings():
    assert parse_site(GOOD).settings.long_wait_min == 60
    spec = parse_site(GOOD.replace('name = "MPP"', 'name = "MPP"\nlong_wait_min = 45', 1))
    assert spec.settings.long_wait_min == 45
    assert spec.config()["long_wait_min"] == 45
