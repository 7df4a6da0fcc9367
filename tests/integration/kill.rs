//! Nothing lost: a build killed with SIGKILL at any moment leaves the output as it was before the
//! build or as the build meant it, whole, never a mixture or nothing; the next build clears what
//! the killed one left behind.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// The basic fixture with `n` more articles, so a build lasts long enough to be interrupted.
fn larger_site(n: usize) -> TestSite {
    let site = TestSite::fixture("basic");
    let body = "A paragraph of the briefing, long enough to take some rendering. ".repeat(30);
    for i in 0..n {
        site.write(
            &format!("content/articles/extra-{i}.en.md"),
            &format!(
                "---\ntitle: \"Extra {i}\"\ndate: 2023-01-{:02}\nsummary: \"s\"\ntopics: [one]\nsource: {{name: \"x\"}}\n---\n## Part\n\n{body}\n\n```rust\nfn f() {{ {i} }}\n```\n",
                i % 28 + 1
            ),
        );
    }
    site
}

fn build_killed_after(site: &TestSite, delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bayan"))
        .args(["build", "--root"])
        .arg(&site.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();
    finished
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output() {
    let site = larger_site(150);
    site.build_ok(&[]);
    let old: BTreeMap<PathBuf, Vec<u8>> = site.site_tree();
    // What the interrupted builds would write: every page changes.
    site.edit("themes/plain/templates/base.html", |t| {
        format!("<!-- v2 -->{t}")
    });
    let start = Instant::now();
    site.build_ok(&[]);
    let took = start.elapsed();
    let new = site.site_tree();
    assert_ne!(old, new);
    // Back to the old output, then interrupt builds of the new one at moments across a build.
    site.edit("themes/plain/templates/base.html", |t| {
        t.replacen("<!-- v2 -->", "", 1)
    });
    site.build_ok(&[]);
    assert!(site.site_tree() == old);
    site.edit("themes/plain/templates/base.html", |t| {
        format!("<!-- v2 -->{t}")
    });
    let (mut interrupted, mut whole_old, mut whole_new) = (0, 0, 0);
    for step in 0..24 {
        let delay = took.mul_f64(step as f64 / 20.0);
        let finished = build_killed_after(&site, delay);
        let now = site.site_tree();
        if now == old {
            whole_old += 1;
        } else if now == new {
            whole_new += 1;
        } else {
            panic!("after a kill at {delay:?} the output is neither the old nor the new site");
        }
        if !finished {
            interrupted += 1;
        }
        if now == new {
            // Start the next round from the old output again.
            site.edit("themes/plain/templates/base.html", |t| {
                t.replacen("<!-- v2 -->", "", 1)
            });
            site.build_ok(&[]);
            site.edit("themes/plain/templates/base.html", |t| {
                format!("<!-- v2 -->{t}")
            });
        }
    }
    assert!(
        interrupted >= 10,
        "only {interrupted} builds were interrupted (a build took {took:?})"
    );
    assert!(whole_old >= 10, "{whole_old} kills left the old output");
    // The next build clears the staging folders the killed builds left.
    site.build_ok(&[]);
    assert!(site.site_tree() == new);
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The spare (the output before last, kept to make the next build in) is not one.
        .filter(|n| n.contains("bayan-") && !n.ends_with(".bayan-spare"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    eprintln!(
        "{interrupted} interrupted builds: {whole_old} left the old output, {whole_new} the new"
    );
}
