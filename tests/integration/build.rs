//! Building a fixture site: the pages, the links between them, both languages, sub-paths.

use crate::assert_contains;
use crate::support::TestSite;

#[test]
fn builds_every_page_in_both_languages_and_prints_a_summary() {
    let site = TestSite::fixture("basic");
    let run = site.build_ok(&[]);
    assert_contains!(run.stdout, "built 18 pages (9 ar, 9 en)");
    for path in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "ar/index.html",
        "en/index.html",
        "ar/page/2/index.html",
        "ar/articles/alpha/index.html",
        "en/articles/alpha/index.html",
        "ar/articles/beta/index.html",
        "en/articles/gamma/index.html",
        "ar/topics/index.html",
        "ar/topics/one/index.html",
        "en/topics/two/index.html",
        "ar/pages/about/index.html",
        "ar/atom.xml",
        "en/atom.xml",
        "assets/css/a.css",
        "assets/css/syntax.css",
    ] {
        assert!(site.path("output").join(path).is_file(), "missing {path}");
    }
    assert!(
        !site.path("output/en/articles/beta").exists(),
        "no page for a missing translation"
    );
    for (path, bytes) in site.output_tree() {
        let p = path.to_string_lossy();
        if !p.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let expected = if p.starts_with("en/") {
            "<html lang=\"en\" dir=\"ltr\">"
        } else {
            "<html lang=\"ar\" dir=\"rtl\">"
        };
        assert_contains!(html, expected);
    }
}

#[test]
fn links_carry_the_base_path_and_follow_an_override() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let home = site.read("output/en/index.html");
    assert_contains!(
        home,
        "href=\"/sub/en/articles/alpha/\"",
        "href=\"/sub/assets/css/a."
    );
    assert_contains!(
        site.read("output/sitemap.xml"),
        "<loc>https://example.org/sub/en/articles/alpha/</loc>"
    );

    site.build_ok(&["--base-url", "https://other.example/"]);
    let home = site.read("output/en/index.html");
    assert_contains!(home, "href=\"/en/articles/alpha/\"");
    assert!(!home.contains("/sub/"), "{home}");
    assert_contains!(
        site.read("output/robots.txt"),
        "Sitemap: https://other.example/sitemap.xml"
    );
}

#[test]
fn a_missing_translation_is_listed_in_its_own_language_and_said_in_the_switcher() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let en_page2 = site.read("output/en/page/2/index.html");
    assert_contains!(
        en_page2,
        "<a href=\"/sub/ar/articles/beta/\" lang=\"ar\" dir=\"rtl\">مقال بيتا</a>"
    );
    let beta = site.read("output/ar/articles/beta/index.html");
    assert_contains!(beta, "<span class=\"missing\">English: غير مترجم</span>");
    let alpha = site.read("output/ar/articles/alpha/index.html");
    assert_contains!(
        alpha,
        "<a href=\"/sub/en/articles/alpha/\" hreflang=\"en\">English</a>"
    );
}

#[test]
fn at_links_resolve_per_language_with_anchors_and_markers() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let en = site.read("output/en/articles/alpha/index.html");
    assert_contains!(
        en,
        "<a href=\"/sub/ar/articles/beta/\" hreflang=\"ar\">beta</a> <small class=\"lang-note\">(in Arabic)</small>",
        "<a href=\"/sub/en/topics/one/#background\">the topic</a>",
    );
    let ar = site.read("output/ar/articles/alpha/index.html");
    // Non-ASCII fragments are percent-encoded in href, which browsers match to the Arabic id.
    assert_contains!(
        ar,
        "<a href=\"/sub/ar/topics/one/#%D8%A7%D9%84%D8%AE%D9%84%D9%81%D9%8A%D8%A9\">المحور</a>",
        "<h2 id=\"الضحايا-والجناة\">"
    );
    assert_contains!(
        ar,
        // Focusable, so that a keyboard can scroll a long line (WCAG, axe's scrollable-region).
        "<pre class=\"code\" dir=\"ltr\" tabindex=\"0\"><code class=\"language-rust\">",
        "&lt;b&gt;"
    );
}

#[test]
fn articles_and_topics_link_each_other_both_ways() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let alpha = site.read("output/en/articles/alpha/index.html");
    assert_contains!(
        alpha,
        "href=\"/sub/en/topics/one/\">Topic one</a>",
        "href=\"/sub/en/topics/two/\">Topic two</a>"
    );
    let one = site.read("output/en/topics/one/index.html");
    assert_contains!(
        one,
        "href=\"/sub/en/articles/alpha/\">Alpha article</a>",
        "lang=\"ar\" dir=\"rtl\">مقال بيتا</a>"
    );
    let two = site.read("output/en/topics/two/index.html");
    assert_contains!(
        two,
        "<ul class=\"related-topics\"><li><a href=\"/sub/en/topics/one/\">Topic one</a></li></ul>"
    );
    assert_contains!(two, "<li>92% of referrals</li>");
    let one_ar = site.read("output/ar/topics/one/index.html");
    assert_contains!(
        one_ar,
        "<ul class=\"related-topics\"><li><a href=\"/sub/ar/topics/two/\">المحور الثاني</a></li></ul>"
    );
}

#[test]
fn arabic_gets_its_plurals_month_names_and_digits() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let ar = site.read("output/ar/index.html");
    assert_contains!(ar, "<p class=\"count\">٣ مقالات</p>", "٩ مارس ٢٠٢٣");
    let topics = site.read("output/ar/topics/index.html");
    assert_contains!(topics, "المحور الأول</a> مقالان", "المحور الثاني</a> مقالان");
    assert_contains!(
        site.read("output/en/topics/index.html"),
        "Topic one</a> 2 articles"
    );
}

#[test]
fn listings_paginate_with_prev_and_next() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    assert_contains!(
        site.read("output/ar/index.html"),
        "<a rel=\"next\" href=\"/sub/ar/page/2/\">"
    );
    assert_contains!(
        site.read("output/ar/page/2/index.html"),
        "<a rel=\"prev\" href=\"/sub/ar/\">"
    );
}

#[test]
fn feeds_and_sitemap_describe_both_languages() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let atom = site.read("output/en/atom.xml");
    assert_contains!(
        atom,
        "xml:lang=\"en\"",
        "<id>https://example.org/sub/en/articles/alpha/</id>",
        "<published>2023-03-09T00:00:00Z</published>"
    );
    assert!(
        !atom.contains("<title>مقال بيتا</title>"),
        "the English feed carries English articles only"
    );
    let sitemap = site.read("output/sitemap.xml");
    assert_contains!(
        sitemap,
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/sub/en/articles/alpha/\"/>",
        "<loc>https://example.org/sub/ar/articles/beta/</loc>\n  </url>",
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/articles/delta.en.md",
        "---\ntitle: Delta\nsummary: s\ntopics: [one]\nsource: {name: X}\ndraft: true\n---\nDraft.\n",
    );
    site.build_ok(&[]);
    assert!(!site.path("output/en/articles/delta").exists());
    site.build_ok(&["--drafts"]);
    assert!(site.path("output/en/articles/delta/index.html").is_file());
}

#[test]
fn the_briefing_theme_renders_the_fixture() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    site.build_ok(&[]);
    let ar = site.read("output/ar/articles/alpha/index.html");
    assert_contains!(
        ar,
        "<html lang=\"ar\" dir=\"rtl\">",
        "href=\"/sub/ar/topics/one/\"",
        "hreflang=\"en\""
    );
    let en = site.read("output/en/page/2/index.html");
    assert_contains!(
        en,
        "lang=\"ar\" dir=\"rtl\">مقال بيتا</a>",
        "Not yet translated; shown in Arabic."
    );
    let beta = site.read("output/ar/articles/beta/index.html");
    assert_contains!(beta, "غير مترجمة");
}

#[test]
fn check_passes_and_lists_translation_gaps() {
    let site = TestSite::fixture("basic");
    let run = site.bayan(&["check"]);
    assert!(run.ok, "{}", run.stderr);
    assert_contains!(
        run.stderr,
        "warning: no `en` translation\n  --> content/articles/beta.en.md\n",
        "warning: no `ar` translation\n  --> content/articles/gamma.ar.md\n",
        "help: translate content/articles/gamma.en.md into this file",
        // The fixture's four translations carry no record of their originals' versions.
        "warning: no record of the version of content/articles/alpha.ar.md this translation reflects\n --> content/articles/alpha.en.md:1:1\n"
    );
    assert_contains!(run.stdout, "check passed with 6 warnings");
    assert!(
        !site.path("output").join("index.html").exists(),
        "check writes nothing"
    );
}

#[test]
fn check_finds_a_broken_link_made_by_a_template() {
    let site = TestSite::fixture("basic");
    site.edit("themes/plain/templates/page.html", |t| {
        t.replace(
            "<h1>",
            "<a href=\"{{ url(path='en/nowhere/') }}\">x</a><h1>",
        )
    });
    let run = site.bayan(&["check"]);
    assert!(!run.ok);
    assert_contains!(run.stderr, "the link `/sub/en/nowhere/` leads to nothing");
}

#[test]
fn rendered_pages_match_their_snapshots() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    insta::assert_snapshot!("en_alpha", site.read("output/en/articles/alpha/index.html"));
    insta::assert_snapshot!("ar_topic_one", site.read("output/ar/topics/one/index.html"));
    insta::assert_snapshot!("landing", site.read("output/index.html"));
}

#[test]
fn site_templates_and_static_files_override_the_themes() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"override\">{{ page.title }}</p>{% endblock content %}",
    );
    site.write("static/css/a.css", "body { color: black; }");
    site.build_ok(&[]);
    assert_contains!(
        site.read("output/en/pages/about/index.html"),
        "<p class=\"override\">About</p>"
    );
    assert_eq!(
        site.read("output/assets/css/a.css"),
        "body { color: black; }"
    );
    let fingerprinted = site.read("output/en/index.html");
    assert!(
        !fingerprinted.contains("a.ab39fa67.css"),
        "a new file gets a new fingerprint"
    );
}

#[test]
fn the_written_site_is_the_site_rendered_in_memory() {
    // `build` writes pages as it renders them; `serve` and `check` keep them in memory. Both
    // must make the same files, byte for byte.
    let site = TestSite::fixture_with_briefing_theme("basic");
    let run = site.build_ok(&[]);
    let rendered = bayan::pipeline::render(&site.path(""), &Default::default()).unwrap();
    let mut written = site.output_tree();
    assert!(
        written
            .remove(std::path::Path::new(".bayan-output"))
            .is_some()
    );
    let in_memory: std::collections::BTreeMap<_, _> = rendered
        .files
        .values()
        .map(|file| (std::path::PathBuf::from(&file.path), file.bytes.to_vec()))
        .collect();
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        in_memory.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &in_memory {
        assert!(written[path] == *bytes, "{} differs", path.display());
    }
    assert_contains!(
        run.stdout,
        &format!("and {} files in total", in_memory.len())
    );
}

#[test]
fn check_finds_images_without_alt_text_in_content_and_templates() {
    let site = TestSite::fixture("basic");
    site.edit("content/articles/alpha.en.md", |t| {
        format!("{t}\nA chart: ![](chart.png) and ![The rise](rise.png).\n")
    });
    site.edit("themes/plain/templates/page.html", |t| {
        t.replace("<h1>", "<img src=\"{{ url(path='en/') }}\"><h1>")
    });
    let run = site.bayan(&["check"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "error: an image without alt text",
        "--> content/articles/alpha.en.md:14:10",
        "help: describe the image",
        "an image without an alt attribute",
        "--> en/pages/about/index.html"
    );
    assert_eq!(run.stderr.matches("an image without alt text").count(), 1);
    // The build itself does not stop for it.
    site.build_ok(&[]);
}

#[test]
fn check_warns_of_a_topic_with_one_article_and_still_passes() {
    let site = TestSite::fixture("basic");
    site.edit("content/articles/gamma.en.md", |t| {
        t.replace("topics: [two]", "topics: [one]")
    });
    let run = site.bayan(&["check"]);
    assert!(run.ok, "{}", run.stderr);
    assert_contains!(
        run.stderr,
        "warning: the topic `two` gathers only one article\n  --> content/topics/two.ar.md\n",
        "help: a topic is meant to gather at least two"
    );
    assert!(!run.stderr.contains("(s)"), "{}", run.stderr);
}
