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
