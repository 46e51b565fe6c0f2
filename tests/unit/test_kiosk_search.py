"""The kiosk's search: a visitor finds an agency by its name, acronym, plain description or
one of its services, however the word is cased or accented."""

from dataclasses import replace

from kiosk.catalog import AgencyEntry, fold, search
from shared.dto import ServiceView


def service(code: str, name: str, agency: str) -> ServiceView:
    return ServiceView(
        code=code,
        name=name,
        agency=agency,
        agency_name=agency,
        agency_short=agency,
        prefix=code[:1],
        quota=None,
        hours="08:00-15:00",
        issued_today=0,
        waiting=0,
        served_today=0,
        longest_wait_s=0,
        estimated_wait_min=0,
        open_counters=1,
        available=True,
        unavailable_reason=None,
    )


def agency(code: str, short: str, name: str, description: str, *services: tuple[str, str]) -> AgencyEntry:
    return AgencyEntry(
        code=code,
        short=short,
        name=name,
        description=description,
        services=tuple(service(c, n, code) for c, n in services),
    )


AGENCIES = (
    agency(
        "DUKCAPIL",
        "Dukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "KTP, KK dan akta",
        ("KTP", "Perekaman & Cetak KTP-el"),
        ("AKTA", "Akta Kelahiran"),
    ),
    agency(
        "DPMPTSP",
        "DPMPTSP",
        "Dinas Penanaman Modal dan PTSP",
        "Perizinan usaha",
        ("NIB", "Nomor Induk Berusaha (OSS)"),
        ("PBG", "Persetujuan Bangunan Gedung"),
    ),
    agency(
        "KPP",
        "Pajak (KPP)",
        "Kantor Pelayanan Pajak Pratama Batu",
        "Pajak pusat: NPWP dan SPT",
        ("NPWP", "Pendaftaran NPWP"),
    ),
    agency(
        "BAPENDA",
        "Bapenda Batu",
        "Badan Pendapatan Daerah",
        "Pajak daerah: PBB dan BPHTB",
        ("PBB", "Pajak Bumi dan Bangunan"),
    ),
    agency(
        "PA",
        "Pengadilan Agama",
        "Pengadilan Agama Kota Batu",
        "",
        ("ISBAT", "Isbat nikah"),
        ("CERAI", "Gugatan cerai"),
    ),
)


def codes(query: str) -> list[str]:
    return [m.agency.code for m in search(AGENCIES, query)]


def test_fold_ignores_case_diacritics_and_punctuation():
    assert fold("  Périzinan  USAHA ") == "perizinan usaha"
    assert fold("KTP-el") == "ktp el"
    assert fold("Akta/Kelahiran") == "akta kelahiran"


def test_an_acronym_finds_its_agency_first():
    assert codes("dpmptsp") == ["DPMPTSP"]
    assert codes("DUK") == ["DUKCAPIL"]


def test_the_plain_description_finds_an_agency_whose_name_is_an_acronym():
    assert codes("perizinan") == ["DPMPTSP"]
    assert codes("usaha") == ["DPMPTSP"]


def test_a_service_name_finds_its_agency_and_names_the_service():
    [match] = search(AGENCIES, "isbat")
    assert match.agency.code == "PA"
    assert [s.code for s in match.services] == ["ISBAT"]


def test_an_agency_found_by_its_own_words_names_no_service():
    [match] = search(AGENCIES, "pengadilan")
    assert match.services == ()


def test_every_word_must_match_somewhere():
    assert codes("pajak daerah") == ["BAPENDA"]
    assert codes("pajak pusat") == ["KPP"]
    assert codes("pajak") == ["KPP", "BAPENDA"]  # "Pajak (KPP)" starts with the word
    assert codes("pajak kawin") == []


def test_case_and_accents_do_not_matter():
    assert codes("AKTA") == codes("akta") == codes("ákta") == ["DUKCAPIL"]


def test_letters_run_together_still_find_a_hyphenated_name_from_four_letters():
    assert codes("ktpel") == ["DUKCAPIL"]
    assert codes("tpe") == []  # three letters must start a word


def test_an_empty_query_finds_nothing():
    assert search(AGENCIES, "") == ()
    assert search(AGENCIES, "  - ") == ()


def test_matches_keep_the_sites_order_within_a_rank():
    more = (*AGENCIES, replace(AGENCIES[1], code="DPMPTSP2", short="Perizinan"))
    assert [m.agency.code for m in search(more, "perizinan")] == ["DPMPTSP2", "DPMPTSP"]
