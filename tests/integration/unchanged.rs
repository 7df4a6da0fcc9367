//! A rebuild keeps every file whose bytes did not change as it was on disk (same inode, same
//! time of modification), so that rsync or a bucket sync uploads only what changed.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use crate::support::TestSite;

/// Every file of the output (bayan's mark aside) with its inode and its mtime in nanoseconds.
fn stamps(site: &TestSite) -> BTreeMap<PathBuf, (u64, i64, i64)> {
    let out = site.path("output");
    walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != ".bayan-output")
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(&out).unwrap().to_path_buf();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

/// The files whose inode or mtime differ between two stamps, and those added or removed.
fn changed(
    before: &BTreeMap<PathBuf, (u64, i64, i64)>,
    after: &BTreeMap<PathBuf, (u64, i64, i64)>,
) -> Vec<String> {
    let mut out: Vec<String> = after
        .iter()
        .filter(|(p, s)| before.get(*p) != Some(s))
        .map(|(p, _)| p.display().to_string())
        .collect();
    out.extend(
        before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .map(|p| format!("-{}", p.display())),
    );
    out
}

#[test]
fn a_rebuild_with_no_change_rewrites_no_file() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let first = stamps(&site);
    site.build_ok(&[]);
    let second = stamps(&site);
    assert!(!first.is_empty());
    assert_eq!(changed(&first, &second), Vec::<String>::new());
}

#[test]
fn a_one_article_edit_changes_only_the_files_that_show_it() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let before = stamps(&site);
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("See [beta]", "A new sentence. See [beta]")
    });
    site.build_ok(&[]);
    let after = stamps(&site);
    assert_eq!(
        changed(&before, &after),
        [
            "assets/search/en/shard-0.json.gz",
            "assets/search/en/text-0.json.gz",
            "en/articles/alpha/index.html",
            "en/atom.xml"
        ],
        "a body edit shows on the article's page, in its language's feed, and in the search \
         index: the shard of its new words and the text of its chunk"
    );
    let page = site.read("output/en/articles/alpha/index.html");
    assert!(page.contains("A new sentence."), "{page}");
}

#[test]
fn a_file_changed_by_hand_in_the_output_is_written_again() {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let built = site.read("output/en/index.html");
    // The same length, so only the time of modification tells.
    let edited: String = built.chars().rev().collect();
    site.write("output/en/index.html", &edited);
    site.build_ok(&[]);
    assert_eq!(site.read("output/en/index.html"), built);
}
