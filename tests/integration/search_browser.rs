//! Search as a reader uses it, in real headless Chromium (tests/browser/search.mjs): the
//! fixture site tests/fixtures/search, built with the briefing theme and served under
//! `/briefing/`, whose articles spell the same words differently (الإحالات, الاحالات, احالات;
//! الأطفال, الاطفال, الأَطْفَالِ; referral, referrals). The script checks that every spelling
//! finds the same pages, that snippets mark the match, that nonsense finds nothing, that Arabic
//! results run right to left, that `?q=` runs on load, that "more" and other languages work, and
//! that every request stays on the site and succeeds with a clean console. It prints the time to
//! the first result and a query's p95 time, which this test passes on for the benchmark, and
//! writes target/screenshots/search-ar.png.
//!
//! Needs what tests/integration/browser.rs needs, and skips or fails the same way without it.

use std::path::Path;

use crate::browser::{run_node, skip_browser};
use crate::support::TestSite;

/// Articles that share one word (الشرطة) with an article of the fixture, so that a query finds
/// more results than a page shows.
const FILLERS: usize = 12;

#[test]
fn search_in_chromium() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_browser(manifest) {
        return;
    }
    let site = TestSite::fixture_with_briefing_theme("search");
    for n in 1..=FILLERS {
        site.write(
            &format!("content/articles/filler-{n:02}.ar.md"),
            &format!(
                "---\ntitle: \"نشرة رقم {n}\"\ndate: 2022-01-{n:02}\nsummary: \"خبر قصير.\"\n\
                 topics: [protection]\nsource: {{name: \"NCA\"}}\n---\n\
                 أعلنت الشرطة في النشرة رقم {n} عن نتائج جديدة.\n"
            ),
        );
    }
    site.build_ok(&[]);
    assert!(
        site.path("output/assets/search/ar/meta.json").is_file(),
        "the build wrote no search index"
    );

    let shots = manifest.join("target/screenshots");
    let output = site.path("output");
    let report = run_node(
        manifest,
        "search.mjs",
        &[output.as_os_str(), shots.as_os_str()],
        41,
    );
    for line in report.lines().filter(|l| l.starts_with("timing ")) {
        eprintln!("search {line}");
    }
    let png = shots.join("search-ar.png");
    assert!(
        std::fs::metadata(&png).is_ok_and(|m| m.len() > 10_000),
        "no screenshot {}",
        png.display()
    );
}
