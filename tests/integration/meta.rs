//! What a shared link shows: Open Graph and Twitter meta on every page of the briefing theme,
//! in the page's language, with the locales of the translations that exist.

use crate::assert_contains;
use crate::support::TestSite;

#[test]
fn every_page_carries_open_graph_meta_in_its_language() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    site.edit("site.yaml", |t| {
        t.replace(
            "en: {name: \"English\", dir: ltr}",
            "en: {name: \"English\", dir: ltr, locale: en_GB}",
        )
    });
    site.build_ok(&[]);
    let alpha = site.read("output/en/articles/alpha/index.html");
    assert_contains!(
        alpha,
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:title\" content=\"Alpha article\">",
        "<meta property=\"og:description\" content=\"Alpha summary\">",
        "<meta property=\"og:url\" content=\"https://example.org/sub/en/articles/alpha/\">",
        "<meta property=\"og:site_name\" content=\"Test site\">",
        "<meta property=\"og:locale\" content=\"en_GB\">",
        "<meta property=\"og:locale:alternate\" content=\"ar_AR\">",
        "<meta property=\"article:published_time\" content=\"2023-03-09\">",
        "<meta property=\"og:image\" content=\"https://example.org/sub/assets/cards/en/articles/alpha.png\">",
        "<meta property=\"og:image:width\" content=\"1200\">",
        "<meta property=\"og:image:height\" content=\"630\">",
        "<meta property=\"og:image:alt\" content=\"Alpha article · Test site\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/sub/\">"
    );
    // Gamma exists in English only: no alternate locale names a page that does not exist.
    let gamma = site.read("output/en/articles/gamma/index.html");
    assert_contains!(gamma, "<meta property=\"og:locale\" content=\"en_GB\">");
    assert!(!gamma.contains("og:locale:alternate"), "{gamma}");
    let topic = site.read("output/ar/topics/one/index.html");
    assert_contains!(
        topic,
        "<meta property=\"og:type\" content=\"website\">",
        "<meta property=\"og:locale\" content=\"ar_AR\">",
        "<meta property=\"og:locale:alternate\" content=\"en_GB\">",
        "<meta property=\"og:image\" content=\"https://example.org/sub/assets/cards/ar/topics/one.png\">"
    );
    assert!(!topic.contains("article:published_time"), "{topic}");
    // Pages without a card of their own show their language's home card.
    let about = site.read("output/en/pages/about/index.html");
    assert_contains!(
        about,
        "<meta property=\"og:image\" content=\"https://example.org/sub/assets/cards/en/home.png\">"
    );
    for card in ["en/articles/alpha", "ar/topics/one", "en/home", "ar/home"] {
        let png = std::fs::read(site.path(&format!("output/assets/cards/{card}.png"))).unwrap();
        assert_eq!(&png[1..4], b"PNG", "{card}");
    }
    let landing = site.read("output/index.html");
    assert_contains!(
        landing,
        "<meta property=\"og:url\" content=\"https://example.org/sub/\">",
        "<meta property=\"og:locale\" content=\"ar_AR\">",
        "<meta property=\"og:locale:alternate\" content=\"en_GB\">"
    );
}
