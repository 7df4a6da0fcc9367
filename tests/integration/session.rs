//! The incremental builds `serve` relies on: after any series of edits, a session's site is the
//! site a fresh build makes, and an edit re-renders only the pages it touches.

use std::collections::BTreeMap;

use bayan::config::Overrides;
use bayan::outputs::File;
use bayan::pipeline::{Changes, Rendered, Session, render};

use crate::support::TestSite;

fn files(r: &Rendered) -> BTreeMap<String, File> {
    r.files
        .values()
        .map(|f| (f.path.clone(), f.clone()))
        .collect()
}

/// Builds `session` after `changes` and compares it with a fresh build of the same folder.
fn assert_same_as_fresh(session: &mut Session, changes: Changes, step: &str) -> Option<Rendered> {
    let overrides = Overrides {
        plain_assets: true,
        ..Overrides::default()
    };
    let incremental = session.build(&changes);
    let fresh = render(session.root(), &overrides);
    match (incremental, fresh) {
        (Ok(a), Ok(b)) => {
            let (a_files, b_files) = (files(&a), files(&b));
            let a_paths: Vec<&String> = a_files.keys().collect();
            let b_paths: Vec<&String> = b_files.keys().collect();
            assert_eq!(a_paths, b_paths, "{step}: the sites have different files");
            for (path, f) in &a_files {
                assert!(
                    f.same(&b_files[path]),
                    "{step}: {path} differs from a fresh build:\n--- session\n{}\n--- fresh\n{}",
                    String::from_utf8_lossy(&f.bytes),
                    String::from_utf8_lossy(&b_files[path].bytes)
                );
            }
            Some(a)
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string(), "{step}: different errors");
            None
        }
        (Ok(_), Err(e)) => panic!("{step}: the session built but a fresh build failed:\n{e}"),
        (Err(e), Ok(_)) => panic!("{step}: a fresh build worked but the session failed:\n{e}"),
    }
}

fn content(site: &TestSite, rels: &[&str]) -> Changes {
    Changes {
        setup: false,
        content: rels.iter().map(|r| site.path(r)).collect(),
    }
}

fn setup() -> Changes {
    Changes {
        setup: true,
        content: Vec::new(),
    }
}

fn session(site: &TestSite) -> Session {
    Session::new(
        &site.root,
        Overrides {
            plain_assets: true,
            ..Overrides::default()
        },
    )
}

#[test]
fn any_series_of_edits_gives_the_site_a_fresh_build_gives() {
    let site = TestSite::fixture("basic");
    let mut s = session(&site);
    assert_same_as_fresh(&mut s, Changes::default(), "first build").expect("builds");

    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("See [beta]", "A new sentence. See [beta]")
    });
    let c = content(&site, &["content/articles/alpha.en.md"]);
    assert_same_as_fresh(&mut s, c, "body edit");

    site.edit("content/articles/beta.ar.md", |t| {
        t.replacen("title: \"", "title: \"جديد ", 1)
    });
    let c = content(&site, &["content/articles/beta.ar.md"]);
    assert_same_as_fresh(&mut s, c, "title edit");

    site.write(
        "content/articles/delta.en.md",
        "---\ntitle: \"Delta\"\ndate: 2024-01-01\nsummary: \"New\"\ntopics: [one]\nsource: {name: \"Europol\"}\n---\nDelta links to [alpha](@/articles/alpha.md).\n",
    );
    let c = content(&site, &["content/articles/delta.en.md"]);
    assert_same_as_fresh(&mut s, c, "new article");

    std::fs::rename(
        site.path("content/articles/gamma.en.md"),
        site.path("content/articles/gamma-renamed.en.md"),
    )
    .unwrap();
    let c = content(
        &site,
        &[
            "content/articles/gamma.en.md",
            "content/articles/gamma-renamed.en.md",
        ],
    );
    assert_same_as_fresh(&mut s, c, "renamed article");

    std::fs::remove_file(site.path("content/articles/delta.en.md")).unwrap();
    let c = content(&site, &["content/articles/delta.en.md"]);
    assert_same_as_fresh(&mut s, c, "deleted article");

    // A broken file fails both builds alike; the fix brings both back.
    let good = site.read("content/articles/alpha.ar.md");
    site.write(
        "content/articles/alpha.ar.md",
        &good.replace("topics:", "topics: [oops"),
    );
    let c = content(&site, &["content/articles/alpha.ar.md"]);
    assert!(assert_same_as_fresh(&mut s, c.clone(), "broken front-matter").is_none());
    site.write("content/articles/alpha.ar.md", &good);
    assert_same_as_fresh(&mut s, c, "fixed front-matter").expect("builds again");

    // A heading that a link's anchor needs is removed, then restored.
    let topic = site.read("content/topics/one.en.md");
    site.write(
        "content/topics/one.en.md",
        &topic.replace("## Background", "## Context"),
    );
    let c = content(&site, &["content/topics/one.en.md"]);
    assert!(assert_same_as_fresh(&mut s, c.clone(), "anchor removed").is_none());
    site.write("content/topics/one.en.md", &topic);
    assert_same_as_fresh(&mut s, c, "anchor restored").expect("builds again");

    // A body that gains a link to a heading that is not there, its own headings unchanged.
    let alpha = site.read("content/articles/alpha.en.md");
    site.write(
        "content/articles/alpha.en.md",
        &format!("{alpha}\nSee [the start](@/topics/one.md#nowhere).\n"),
    );
    let c = content(&site, &["content/articles/alpha.en.md"]);
    assert!(assert_same_as_fresh(&mut s, c.clone(), "bad anchor added").is_none());
    site.write("content/articles/alpha.en.md", &alpha);
    assert_same_as_fresh(&mut s, c, "bad anchor gone").expect("builds again");

    site.edit("themes/plain/templates/base.html", |t| {
        t.replace("<main>", "<main class=\"edited\">")
    });
    assert_same_as_fresh(&mut s, setup(), "template edit");

    site.edit("themes/plain/static/css/a.css", |t| {
        format!("{t}\nbody {{ color: red }}\n")
    });
    assert_same_as_fresh(&mut s, setup(), "stylesheet edit");

    site.edit("themes/plain/i18n/en.yaml", |t| {
        format!("{t}\nextra: \"unused\"\n")
    });
    assert_same_as_fresh(&mut s, setup(), "strings edit");

    site.edit("site.yaml", |t| t.replace("paginate: 2", "paginate: 1"));
    assert_same_as_fresh(&mut s, setup(), "site.yaml edit");

    // A whole folder goes, then comes back.
    std::fs::rename(site.path("content/pages"), site.path("pages-away")).unwrap();
    let c = content(&site, &["content/pages"]);
    assert_same_as_fresh(&mut s, c.clone(), "pages folder removed");
    std::fs::rename(site.path("pages-away"), site.path("content/pages")).unwrap();
    assert_same_as_fresh(&mut s, c, "pages folder back").expect("builds");
}

#[test]
fn an_edit_that_moves_outputs_in_the_listing_still_gives_a_fresh_build() {
    // A body edit keeps the site's shape, so it is patched in; but 3,000 new words give the
    // English index a second shard, so every output listed after its shards (the rest of the
    // index, the feeds, the sitemap, the static files) moves one place down.
    let site = TestSite::fixture("basic");
    let mut s = session(&site);
    // Each build's `Rendered` is dropped at once: an edit is patched into the session's model
    // only while no caller holds it.
    let shards = |r: Rendered| {
        let n = r
            .files
            .keys()
            .filter(|p| p.starts_with("assets/search/en/shard-"))
            .count();
        (n, r.patched)
    };
    let first = assert_same_as_fresh(&mut s, Changes::default(), "first build").expect("builds");
    assert_eq!(shards(first), (1, false));
    let words: Vec<String> = (0..3_000).map(|i| format!("zq{i}x")).collect();
    let alpha = site.read("content/articles/alpha.en.md");
    site.write(
        "content/articles/alpha.en.md",
        &format!(
            "{alpha}
{}
",
            words.join(" ")
        ),
    );
    let c = content(&site, &["content/articles/alpha.en.md"]);
    let grown = assert_same_as_fresh(&mut s, c.clone(), "index grown").expect("builds");
    assert_eq!(shards(grown), (2, true), "two shards, the edit patched in");
    // And back: the listing moves up again.
    site.write("content/articles/alpha.en.md", &alpha);
    let back = assert_same_as_fresh(&mut s, c.clone(), "index shrunk").expect("builds");
    assert_eq!(shards(back), (1, true));
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("See [beta]", "Another sentence. See [beta]")
    });
    assert_same_as_fresh(&mut s, c, "edit after the moves").expect("builds");
}

/// The pages a build rendered anew rather than taking from the previous build.
fn rendered_anew(before: &Rendered, after: &Rendered) -> Vec<String> {
    let old: BTreeMap<&str, &File> = before
        .pages()
        .into_iter()
        .map(|p| (p.path.as_str(), p))
        .collect();
    after
        .pages()
        .into_iter()
        .filter(|p| {
            old.get(p.path.as_str())
                .is_none_or(|o| !std::sync::Arc::ptr_eq(&o.bytes, &p.bytes))
        })
        .map(|p| p.path.clone())
        .collect()
}

#[test]
fn an_edit_re_renders_only_the_pages_that_show_it() {
    let site = TestSite::fixture("basic");
    let mut s = session(&site);
    let first = s.build(&Changes::default()).expect("builds");

    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("See [beta]", "A new sentence. See [beta]")
    });
    let second = s
        .build(&content(&site, &["content/articles/alpha.en.md"]))
        .expect("builds");
    assert_eq!(
        rendered_anew(&first, &second),
        ["en/articles/alpha/index.html"],
        "a body edit re-renders its own page only"
    );

    site.edit("themes/plain/static/css/a.css", |t| {
        format!("{t}\np {{ margin: 0 }}\n")
    });
    let third = s.build(&setup()).expect("builds");
    assert_eq!(
        rendered_anew(&second, &third),
        Vec::<String>::new(),
        "a stylesheet edit changes no page"
    );
    let css = third
        .files
        .values()
        .find(|f| f.path == "assets/css/a.css")
        .expect("the stylesheet");
    assert!(String::from_utf8_lossy(&css.bytes).contains("margin: 0"));
}

#[test]
fn a_title_edit_re_renders_the_pages_that_list_the_article() {
    // The briefing theme shows no list of all articles on every page, so a title is on the
    // article's own page, the listings, its topics and the articles that list it as related.
    let site = TestSite::fixture_with_briefing_theme("basic");
    let mut s = session(&site);
    let before = s.build(&Changes::default()).expect("builds");
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("Alpha article", "Alpha, retitled")
    });
    let after = s
        .build(&content(&site, &["content/articles/alpha.en.md"]))
        .expect("builds");
    let anew = rendered_anew(&before, &after);
    for page in [
        "en/articles/alpha/index.html",
        "en/index.html",
        "en/topics/one/index.html",
        "en/topics/two/index.html",
        "en/articles/gamma/index.html",
    ] {
        assert!(
            anew.iter().any(|p| p == page),
            "{page} not re-rendered: {anew:?}"
        );
    }
    for page in [
        "en/pages/about/index.html",
        "en/topics/index.html",
        "ar/articles/alpha/index.html",
        "ar/index.html",
    ] {
        assert!(
            !anew.iter().any(|p| p == page),
            "{page} re-rendered: {anew:?}"
        );
    }
    assert!(
        after
            .files
            .get("en/atom.xml")
            .is_some_and(|p| String::from_utf8_lossy(&p.bytes).contains("Alpha, retitled")),
        "the feed shows the new title"
    );
}

#[test]
fn a_session_keeps_working_after_site_yaml_breaks() {
    let site = TestSite::fixture("basic");
    let mut s = session(&site);
    s.build(&Changes::default()).expect("builds");
    let good = site.read("site.yaml");
    site.write("site.yaml", &good.replace("paginate: 2", "paginate: two"));
    let e = s.build(&setup()).err().expect("fails");
    assert!(e.to_string().contains("site.yaml"), "{e}");
    site.write("site.yaml", &good);
    // Even a content-only change after the failure reads the configuration again.
    let r = s
        .build(&content(&site, &["content/articles/alpha.en.md"]))
        .expect("builds again");
    assert!(r.files.contains_key("en/articles/alpha/index.html"));
}

/// In `serve`, a word an edit adds is in the search index the reload serves, under its stem
/// and in the spelling written, and a word it removes is gone.
#[test]
fn an_edit_is_findable_after_the_rebuild() {
    use bayan::search::analyze::Analyzer;
    use bayan::search::index::fnv1a;
    use std::io::Read;

    let site = TestSite::fixture("basic");
    let mut s = session(&site);
    s.build(&Changes::default()).expect("builds");
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("See [beta]", "The zephyrists' referrals. See [beta]")
    });
    let rendered = s
        .build(&content(&site, &["content/articles/alpha.en.md"]))
        .expect("rebuilds");
    let built = files(&rendered);
    let meta: serde_json::Value =
        serde_json::from_slice(&built["assets/search/en/meta.json"].bytes).unwrap();
    let shards = meta["shards"].as_u64().unwrap() as u32;
    let en = Analyzer::new("en");
    let entry = |word: &str| {
        let stem = en.stem(&en.normalise(word));
        let path = format!("assets/search/en/shard-{}.json.gz", fnv1a(&stem) % shards);
        let mut json = String::new();
        flate2::read::GzDecoder::new(&built[&path].bytes[..])
            .read_to_string(&mut json)
            .unwrap();
        let shard: serde_json::Value = serde_json::from_str(&json).unwrap();
        shard[&stem].clone()
    };
    let found = entry("zephyrist");
    assert!(
        found.is_array(),
        "the new word is not in the index: {found}"
    );
    assert_eq!(found[0], serde_json::json!(["zephyrists"]));

    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("The zephyrists' referrals. ", "")
    });
    let rendered = s
        .build(&content(&site, &["content/articles/alpha.en.md"]))
        .expect("rebuilds");
    let built = files(&rendered);
    let stem = en.stem("zephyrists");
    let path = format!("assets/search/en/shard-{}.json.gz", fnv1a(&stem) % shards);
    let mut json = String::new();
    flate2::read::GzDecoder::new(&built[&path].bytes[..])
        .read_to_string(&mut json)
        .unwrap();
    assert!(!json.contains("zephyrist"), "a removed word stays: {json}");
}

/// One step of a random series of edits.
#[derive(Debug, Clone)]
enum Step {
    /// A sentence added to the body of `CONTENT[file]`.
    Body(usize),
    /// A new heading in that body.
    Heading(usize),
    Title(usize),
    Summary(usize),
    /// alpha.en's figure changes value.
    Figure(u8),
    /// alpha.en's topics lose or regain `two`.
    Topics,
    /// alpha.en's date moves a day.
    Date,
    /// alpha.en's front-matter breaks, then is fixed in the next build.
    BreakThenFix,
    /// The heading an anchor needs goes from topics/one.en, then comes back.
    AnchorGoneThenBack,
    /// alpha.en gains or loses a translation record.
    Record,
    /// delta.en appears or goes.
    NewOrGone,
    /// gamma.en becomes a draft or stops being one.
    Draft,
}

const CONTENT: [&str; 13] = [
    "content/_index.ar.md",
    "content/_index.en.md",
    "content/articles/alpha.ar.md",
    "content/articles/alpha.en.md",
    "content/articles/beta.ar.md",
    "content/articles/gamma.en.md",
    "content/pages/about.ar.md",
    "content/pages/about.en.md",
    "content/topics/one.ar.md",
    "content/topics/one.en.md",
    "content/topics/two.ar.md",
    "content/topics/two.en.md",
    "content/articles/alpha.en.md",
];

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    let file = 0..CONTENT.len();
    prop_oneof![
        4 => file.clone().prop_map(Step::Body),
        2 => file.clone().prop_map(Step::Heading),
        3 => file.clone().prop_map(Step::Title),
        2 => file.prop_map(Step::Summary),
        1 => any::<u8>().prop_map(Step::Figure),
        1 => Just(Step::Topics),
        1 => Just(Step::Date),
        1 => Just(Step::BreakThenFix),
        1 => Just(Step::AnchorGoneThenBack),
        1 => Just(Step::Record),
        1 => Just(Step::NewOrGone),
        1 => Just(Step::Draft),
    ]
}

/// Makes `step` on the site; the files it changed, and whether it only changes words (which a
/// session patches in rather than build anew, unless the file is a draft and so not in the
/// model).
fn make(site: &TestSite, step: &Step, n: usize) -> (Vec<&'static str>, bool) {
    const ALPHA: &str = "content/articles/alpha.en.md";
    let in_model = |f: usize| !site.read(CONTENT[f]).contains("draft: true");
    match *step {
        Step::Body(f) => {
            site.edit(CONTENT[f], |t| format!("{t}\nSentence {n}.\n"));
            (vec![CONTENT[f]], in_model(f))
        }
        Step::Heading(f) => {
            site.edit(CONTENT[f], |t| format!("{t}\n## Heading {n}\n\nText.\n"));
            (vec![CONTENT[f]], in_model(f))
        }
        Step::Title(f) => {
            site.edit(CONTENT[f], |t| {
                t.replacen("title: \"", &format!("title: \"{n} "), 1)
            });
            (vec![CONTENT[f]], in_model(f))
        }
        Step::Summary(f) => {
            site.edit(CONTENT[f], |t| {
                t.replacen("summary: \"", &format!("summary: \"{n} "), 1)
            });
            (vec![CONTENT[f]], in_model(f))
        }
        Step::Figure(v) => {
            site.edit(ALPHA, |t| {
                let start = t.find("{value: \"").unwrap() + 9;
                let end = start + t[start..].find('"').unwrap();
                format!("{}{v}%{}", &t[..start], &t[end..])
            });
            (vec![ALPHA], true)
        }
        Step::Topics => {
            site.edit(ALPHA, |t| {
                if t.contains("topics: [one, two]") {
                    t.replace("topics: [one, two]", "topics: [one]")
                } else {
                    t.replace("topics: [one]", "topics: [one, two]")
                }
            });
            (vec![ALPHA], false)
        }
        Step::Date => {
            site.edit(ALPHA, |t| {
                if t.contains("date: 2023-03-09") {
                    t.replace("date: 2023-03-09", "date: 2023-03-10")
                } else {
                    t.replace("date: 2023-03-10", "date: 2023-03-09")
                }
            });
            (vec![ALPHA], false)
        }
        Step::Record => {
            site.edit(ALPHA, |t| {
                if t.contains("translation_of:") {
                    t.replace("translation_of: {lang: ar, hash: \"0\"}\n", "")
                } else {
                    t.replacen("---\n", "---\ntranslation_of: {lang: ar, hash: \"0\"}\n", 1)
                }
            });
            (vec![ALPHA], true)
        }
        Step::NewOrGone => {
            const DELTA: &str = "content/articles/delta.en.md";
            if site.path(DELTA).exists() {
                std::fs::remove_file(site.path(DELTA)).unwrap();
            } else {
                site.write(
                    DELTA,
                    "---\ntitle: \"Delta\"\ndate: 2024-01-01\nsummary: \"New\"\ntopics: [one]\nsource: {name: \"Europol\"}\n---\nDelta links to [alpha](@/articles/alpha.md).\n",
                );
            }
            (vec![DELTA], false)
        }
        Step::Draft => {
            const GAMMA: &str = "content/articles/gamma.en.md";
            site.edit(GAMMA, |t| {
                if t.contains("draft: true\n") {
                    t.replace("draft: true\n", "")
                } else {
                    t.replacen("---\n", "---\ndraft: true\n", 1)
                }
            });
            (vec![GAMMA], false)
        }
        Step::BreakThenFix | Step::AnchorGoneThenBack => unreachable!("made in two builds"),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..Default::default()
    })]

    /// After any series of edits, the session's site is a fresh build's, byte for byte; and
    /// an edit that changes only words is patched in rather than built anew.
    #[test]
    fn random_edits_give_the_site_a_fresh_build_gives(
        steps in proptest::collection::vec(step(), 1..10),
        lists in proptest::bool::ANY,
    ) {
        let site = TestSite::fixture_with_briefing_theme("basic");
        if !lists {
            // Without the list of every topic on the home, a topic's title reaches the pages
            // that show it through the cards of its articles only.
            site.edit("themes/briefing/templates/home.html", |t| {
                t.replace("{% set chips = topics %}", "{% set chips = [] %}")
            });
            site.edit("themes/briefing/templates/topics.html", |t| {
                t.replace("count=topics | length", "count=0")
            });
        }
        let mut s = session(&site);
        assert_same_as_fresh(&mut s, Changes::default(), "first build").expect("builds");
        for (n, step) in steps.iter().enumerate() {
            let name = format!("step {n}: {step:?}");
            match step {
                Step::BreakThenFix | Step::AnchorGoneThenBack => {
                    let (rel, from, to) = match step {
                        Step::BreakThenFix => ("content/articles/alpha.en.md", "topics:", "topics: [oops"),
                        _ => ("content/topics/one.en.md", "## Background", "## Context"),
                    };
                    let good = site.read(rel);
                    site.write(rel, &good.replacen(from, to, 1));
                    let c = content(&site, &[rel]);
                    let broken = assert_same_as_fresh(&mut s, c.clone(), &name);
                    proptest::prop_assert!(broken.is_none(), "{name}: the broken site built");
                    site.write(rel, &good);
                    assert_same_as_fresh(&mut s, c, &name).expect("builds again");
                }
                _ => {
                    let (rels, words) = make(&site, step, n);
                    let built = assert_same_as_fresh(&mut s, content(&site, &rels), &name);
                    if let Some(built) = built {
                        proptest::prop_assert!(
                            built.patched || !words,
                            "{name}: an edit of words only was built anew"
                        );
                    }
                }
            }
        }
    }
}
