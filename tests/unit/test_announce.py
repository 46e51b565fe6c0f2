import pytest

from shared.announce import announcement, spell_letters, spoken_ticket, spoken_words


def test_default_sentence_reads_number_as_a_whole_and_counter_from_its_name():
    assert announcement("A012", "Loket 3") == "Nomor antrean A dua belas, silakan menuju loket tiga"


@pytest.mark.parametrize(
    ("code", "spoken"),
    [
        ("A011", "A sebelas"),
        ("A012", "A dua belas"),
        ("A019", "A sembilan belas"),
        ("A100", "A seratus"),
        ("A110", "A seratus sepuluh"),
        ("A1000", "A seribu"),
        ("B001", "be satu"),
        ("A999", "A sembilan ratus sembilan puluh sembilan"),
    ],
)
def test_numbers_are_read_in_indonesian_words(code, spoken):
    assert spoken_ticket(code) == spoken


def test_multi_letter_prefixes_are_spelled_with_indonesian_letter_names():
    assert spell_letters("KTP") == "ka te pe"
    assert spoken_ticket("KTP007") == "ka te pe tujuh"
    assert spoken_ticket("SK120") == "es ka seratus dua puluh"
    assert spell_letters("QXYZW") == "ki eks ye zet we"


def test_digit_mode_reads_each_digit():
    assert spoken_ticket("A012", mode="digits") == "A nol satu dua"
    assert announcement("PK105", "Loket 12", mode="digits") == (
        "Nomor antrean pe ka satu nol lima, silakan menuju loket dua belas"
    )


def test_counter_names_with_letters_and_numbers_are_read_naturally():
    assert spoken_words("Loket 3B") == "loket tiga be"
    assert spoken_words("Loket Prioritas-2") == "loket prioritas dua"
    assert spoken_words("Meja 10") == "meja sepuluh"


def test_site_template_can_name_service_and_agency():
    text = announcement(
        "A005", "Loket 7", template="Antrean {nomor} layanan {layanan}, ke {loket}", service_name="KTP-el"
    )
    assert text == "Antrean A lima layanan KTP-el, ke loket tujuh"


def test_the_short_form_is_just_the_number_and_the_counter() -> None:
    from shared.announce import short_announcement

    assert short_announcement("A012", "Loket 3") == "A dua belas loket tiga"
    assert short_announcement("PK105", "Loket 12", mode="digits") == "pe ka satu nol lima loket dua belas"
