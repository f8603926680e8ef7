from bodies.text import SlugAllocator, fold, search_words


def test_fold_removes_accents_case_and_punctuation():
    assert fold("TÜV SÜD Société/Kraków, Łódź") == "tuv sud societe krakow lodz"


def test_search_words_are_folded_and_unique():
    assert search_words("  Tüv tuv  KRAKÓW ") == ["tuv", "krakow"]


def test_slug_allocator_adds_country_then_a_counter():
    slugs = SlugAllocator(taken={"cert-gmbh"})
    assert slugs.allocate("Cert GmbH", "DE") == "cert-gmbh-de"
    assert slugs.allocate("Cert GmbH", "DE") == "cert-gmbh-de-2"
    assert slugs.allocate("Cert GmbH", "DE") == "cert-gmbh-de-3"
    assert slugs.allocate("Zertifizierung Süd", "AT") == "zertifizierung-sud"
    assert slugs.allocate("!!!", "") == "body"
