//! Translations that know when they are out of date: `status`, `translated`, `check` and the
//! note on an outdated page, through the binary.

use crate::assert_contains;
use crate::support::TestSite;

const ALPHA_AR: &str = "content/articles/alpha.ar.md";
const ALPHA_EN: &str = "content/articles/alpha.en.md";

fn status(site: &TestSite) -> serde_json::Value {
    let run = site.bayan(&["status", "--json"]);
    assert!(run.ok, "status failed:\n{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("status --json prints JSON")
}

/// The files listed under `list` (`outdated`, `unrecorded`, `missing`).
fn listed(report: &serde_json::Value, list: &str) -> Vec<String> {
    report[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["file"].as_str().unwrap().to_string())
        .collect()
}

fn count(report: &serde_json::Value, lang: &str, section: &str, state: &str) -> u64 {
    let l = report["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == lang)
        .unwrap_or_else(|| panic!("no language {lang} in {report}"));
    l[section][state].as_u64().unwrap()
}

fn mark(site: &TestSite, file: &str) {
    let run = site.bayan(&["translated", file]);
    assert!(run.ok, "translated {file} failed:\n{}", run.stderr);
}

/// `text` without its `translation_of` line.
fn without_record(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !l.starts_with("translation_of:"))
        .collect()
}

#[test]
fn one_changed_word_outdates_the_translation_and_marking_it_makes_it_current() {
    let site = TestSite::fixture("basic");
    let before = site.read(ALPHA_EN);
    let report = status(&site);
    assert!(listed(&report, "unrecorded").contains(&ALPHA_EN.to_string()));
    assert_eq!(count(&report, "en", "articles", "current"), 0);

    mark(&site, ALPHA_EN);
    let marked = site.read(ALPHA_EN);
    assert_eq!(without_record(&marked), before, "only the record was added");
    assert_contains!(marked, "\ntranslation_of: {lang: ar, hash: \"");
    let report = status(&site);
    assert_eq!(count(&report, "en", "articles", "current"), 1);
    assert!(listed(&report, "outdated").is_empty());

    site.edit(ALPHA_AR, |s| s.replacen("الأسوأ", "الأفضل", 1));
    let report = status(&site);
    assert_eq!(listed(&report, "outdated"), [ALPHA_EN]);
    let item = &report["outdated"][0];
    assert_eq!(item["original"], ALPHA_AR);
    assert_ne!(item["recorded_hash"], item["current_hash"]);
    assert_eq!(count(&report, "en", "articles", "outdated"), 1);
    let text = site.bayan(&["status"]);
    assert_contains!(
        text.stdout,
        "Outdated",
        "content/articles/alpha.en.md  (original: content/articles/alpha.ar.md)"
    );
    let failing = site.bayan(&["status", "--fail-on", "outdated"]);
    assert_eq!(failing.code, Some(1), "{}", failing.stderr);
    assert_contains!(failing.stderr, "outdated");
    let check = site.bayan(&["check"]);
    assert!(check.ok, "{}", check.stderr);
    assert_contains!(
        check.stderr,
        "outdated translation: content/articles/alpha.ar.md has changed",
        "--> content/articles/alpha.en.md:9:1",
        "bayan translated content/articles/alpha.en.md"
    );

    // A figure is translatable text too.
    mark(&site, ALPHA_EN);
    assert!(listed(&status(&site), "outdated").is_empty());
    site.edit(ALPHA_AR, |s| s.replace("92%", "93%"));
    assert_eq!(listed(&status(&site), "outdated"), [ALPHA_EN]);

    mark(&site, ALPHA_EN);
    let remarked = site.read(ALPHA_EN);
    assert_eq!(without_record(&remarked), before, "only the record changed");
    assert_ne!(remarked, marked, "the record holds the new fingerprint");
    assert_eq!(count(&status(&site), "en", "articles", "current"), 1);
    let again = site.bayan(&["translated", ALPHA_EN]);
    assert_contains!(again.stdout, "already recorded");
    assert_eq!(site.read(ALPHA_EN), remarked);
}

#[test]
fn whitespace_key_order_and_line_endings_keep_a_translation_current() {
    let site = TestSite::fixture("basic");
    mark(&site, ALPHA_EN);
    // The front-matter reordered and requoted, paragraphs reflowed, every line ending CRLF.
    site.edit(ALPHA_AR, |s| {
        let s = s
            .replace("title: \"مقال ألفا عن Europol\"\n", "")
            .replace(
                "summary: \"ملخص ألفا\"\n",
                "summary:   'ملخص ألفا'\ntitle: مقال ألفا عن Europol\n",
            )
            .replace("إن عام 2021 كان", "إن عام\n2021    كان")
            .replace("\n\n2021 عام", "\n\n\n2021 عام");
        s.replace('\n', "\r\n")
    });
    assert!(site.read(ALPHA_AR).contains("\r\n"));
    let report = status(&site);
    assert_eq!(count(&report, "en", "articles", "current"), 1, "{report}");
    assert!(listed(&report, "outdated").is_empty());
}

#[test]
fn a_translation_of_a_missing_original_is_an_error_at_its_record() {
    let site = TestSite::fixture("basic");
    site.edit("content/articles/gamma.en.md", |s| {
        s.replacen(
            "---\n",
            "---\ntranslation_of: {lang: ar, hash: \"0123456789ab\"}\n",
            1,
        )
    });
    for command in [&["build"][..], &["status"], &["check"]] {
        let run = site.bayan(command);
        assert_eq!(run.code, Some(1), "{command:?}: {}", run.stderr);
        assert_contains!(
            run.stderr,
            "a translation of content/articles/gamma.ar.md, which does not exist",
            "--> content/articles/gamma.en.md:2:1",
            "remove `translation_of` if this file is the original"
        );
    }
    let run = site.bayan(&["translated", "content/articles/alpha.ar.md"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(run.stderr, "this file is an original, not a translation");
}

#[test]
fn three_languages_each_against_the_original_they_name() {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", |s| {
        s.replace(
            "  en: {name: \"English\", dir: ltr}\n",
            "  en: {name: \"English\", dir: ltr}\n  fr: {name: \"Français\", dir: ltr}\n",
        )
        .replace(
            "en: \"Test site\"}",
            "en: \"Test site\", fr: \"Site d'essai\"}",
        )
        .replace(
            "en: \"A description\"}",
            "en: \"A description\", fr: \"Une description\"}",
        )
    });
    // French made from the English, which is made from the Arabic.
    site.write(
        "content/articles/alpha.fr.md",
        "---\ntitle: \"Article alpha\"\nsummary: \"Résumé alpha\"\ntopics: [one, two]\n\
         source: {name: \"INTERPOL\"}\ntranslation_of: {lang: en}\n---\nVoir.\n",
    );
    mark(&site, ALPHA_EN);
    mark(&site, "content/articles/alpha.fr.md");
    assert_contains!(
        site.read("content/articles/alpha.fr.md"),
        "translation_of: {lang: en, hash: \""
    );
    let report = status(&site);
    assert_eq!(count(&report, "fr", "articles", "current"), 1, "{report}");
    assert_eq!(count(&report, "en", "articles", "current"), 1);
    assert_eq!(count(&report, "ar", "articles", "original"), 2);
    // beta (Arabic only) and gamma (English only) have no French; gamma no Arabic.
    let missing = listed(&report, "missing");
    for file in [
        "content/articles/beta.fr.md",
        "content/articles/gamma.fr.md",
        "content/articles/gamma.ar.md",
        "content/articles/beta.en.md",
    ] {
        assert!(missing.contains(&file.to_string()), "{file} in {missing:?}");
    }
    assert_eq!(count(&report, "fr", "topics", "missing"), 2);

    // An English edit outdates the French only; an Arabic edit the English only.
    site.edit(ALPHA_EN, |s| s.replace("See [beta]", "Read [beta]"));
    let report = status(&site);
    assert_eq!(
        listed(&report, "outdated"),
        ["content/articles/alpha.fr.md"]
    );
    mark(&site, "content/articles/alpha.fr.md");
    site.edit(ALPHA_AR, |s| s.replace("ملخص ألفا", "ملخص ألفا الجديد"));
    assert_eq!(listed(&status(&site), "outdated"), [ALPHA_EN]);
    let failing = site.bayan(&["status", "--fail-on", "missing"]);
    assert_eq!(failing.code, Some(1));
    assert_contains!(failing.stderr, "translations are missing");
}

#[test]
fn an_outdated_page_tells_its_reader_in_its_language_with_a_link_to_the_original() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    mark(&site, ALPHA_EN);
    site.build_ok(&[]);
    let en = "output/en/articles/alpha/index.html";
    assert!(
        !site.read(en).contains("class=\"outdated\""),
        "a current translation has no note"
    );

    site.edit(ALPHA_AR, |s| s.replacen("الأسوأ", "الأفضل", 1));
    site.build_ok(&[]);
    let page = site.read(en);
    assert_contains!(
        page,
        "<p class=\"outdated\" role=\"note\">This translation may not reflect the latest changes to the original. \
         <a href=\"/sub/ar/articles/alpha/\" hreflang=\"ar\">Read the original</a> (in Arabic)</p>"
    );
    assert!(
        !site
            .read("output/ar/articles/alpha/index.html")
            .contains("class=\"outdated\"")
    );
    // The English listing and feed are as before: only the page says it.
    let feed = site.read("output/en/atom.xml");
    assert!(!feed.contains("may not reflect"));

    // The same, in Arabic, for an Arabic translation of an English original.
    site.edit("content/pages/about.ar.md", |s| {
        s.replacen("---\n", "---\ntranslation_of: {lang: en}\n", 1)
    });
    mark(&site, "content/pages/about.ar.md");
    site.edit("content/pages/about.en.md", |s| {
        format!("{s}\nOne more sentence.\n")
    });
    site.build_ok(&[]);
    assert_contains!(
        site.read("output/ar/pages/about/index.html"),
        "قد لا تعكس هذه الترجمة آخر التعديلات على النص الأصلي.",
        "<a href=\"/sub/en/pages/about/\" hreflang=\"en\">اقرأ الأصل</a> (بالإنجليزية)"
    );
}

#[test]
fn serve_shows_the_table_live_with_links_to_every_version() {
    let site = TestSite::fixture("basic");
    mark(&site, ALPHA_EN);
    let server = crate::serve::Server::start(&site, &[]);
    let page = server.get("/__bayan/status");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert_contains!(
        html,
        "<title>Translations",
        "<link rel=\"stylesheet\" href=\"/__bayan/status.css\">",
        "<script src=\"/__bayan/live.js\"",
        "<td class=\"current\"><a href=\"/sub/en/articles/alpha/\" hreflang=\"en\">current (from ar)</a>",
        "<a href=\"/sub/ar/articles/alpha/\" hreflang=\"ar\">original</a>",
        "<td class=\"missing\">missing <small>content/articles/gamma.ar.md</small></td>"
    );
    assert_eq!(server.get("/__bayan/status.css").status, 200);
    // Read afresh: an edit to the original shows at once.
    site.edit(ALPHA_AR, |s| s.replacen("الأسوأ", "الأفضل", 1));
    assert_contains!(
        server.get("/__bayan/status").text(),
        "<td class=\"outdated\"><a href=\"/sub/en/articles/alpha/\" hreflang=\"en\">outdated (from ar)</a>"
    );
}

#[test]
fn new_starts_a_translation_from_its_original_with_the_record_in_place() {
    let site = TestSite::fixture("basic");
    let run = site.bayan(&["new", "article", "beta", "--lang", "en", "--from", "ar"]);
    assert!(run.ok, "{}", run.stderr);
    let original = site.read("content/articles/beta.ar.md");
    let started = site.read("content/articles/beta.en.md");
    assert_eq!(
        without_record(&started),
        original,
        "a copy to translate in place"
    );
    assert_contains!(started, "\ntranslation_of: {lang: ar}\n---\n");
    // Not up to date before it is translated, nor missing any more.
    let report = status(&site);
    assert!(listed(&report, "unrecorded").contains(&"content/articles/beta.en.md".to_string()));
    assert!(!listed(&report, "missing").contains(&"content/articles/beta.en.md".to_string()));
    mark(&site, "content/articles/beta.en.md");
    assert_contains!(
        site.read("content/articles/beta.en.md"),
        "translation_of: {lang: ar, hash: \""
    );
    assert_eq!(count(&status(&site), "en", "articles", "current"), 1);

    let again = site.bayan(&["new", "article", "beta", "--lang", "en", "--from", "ar"]);
    assert_eq!(again.code, Some(1));
    let none = site.bayan(&["new", "article", "nothing", "--lang", "en", "--from", "ar"]);
    assert_eq!(none.code, Some(1));
    assert_contains!(
        none.stderr,
        "content/articles/nothing.ar.md",
        "write the original first"
    );
}

#[test]
fn a_record_may_name_only_the_language_and_a_broken_one_stops_status() {
    let site = TestSite::fixture("basic");
    site.edit(ALPHA_EN, |s| {
        s.replacen("---\n", "---\ntranslation_of: ar\n", 1)
    });
    let report = status(&site);
    assert!(listed(&report, "unrecorded").contains(&ALPHA_EN.to_string()));
    mark(&site, ALPHA_EN);
    assert_contains!(site.read(ALPHA_EN), "\ntranslation_of: {lang: ar, hash: \"");
    assert_eq!(count(&status(&site), "en", "articles", "current"), 1);

    // A file that cannot be read is not counted as missing: status says what is wrong.
    site.edit(ALPHA_EN, |s| {
        s.replace(
            "translation_of: {lang: ar, hash:",
            "translation_of: {lang: ar, hsh:",
        )
    });
    for command in [&["status"][..], &["translated", ALPHA_EN]] {
        let run = site.bayan(command);
        assert_eq!(run.code, Some(1), "{command:?}");
        assert_contains!(
            run.stderr,
            "unknown key `hsh` (at `translation_of`)",
            "--> content/articles/alpha.en.md:2:",
            "did you mean `hash`?"
        );
    }
}
