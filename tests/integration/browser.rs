//! The briefing theme in real headless Chromium (Debian's `chromium`, driven by playwright-core
//! from tests/browser/): header direction by bounding boxes, the shipped fonts in use, no
//! horizontal overflow at 320 px, print media hiding navigation, no failed requests; and
//! screenshots of home, article and topic in both languages at 375 and 1280 px, written to
//! target/screenshots/ for review.
//!
//! Needs `/usr/bin/chromium` (or `$CHROMIUM`) and `npm ci --prefix tests/browser`; `.ci/run`
//! installs both and sets `BAYAN_REQUIRE_BROWSER=1`, which turns a missing browser into a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::TestSite;

fn browser_ready(manifest: &Path) -> Result<(), String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| "/usr/bin/chromium".into());
    if !chromium.exists() {
        return Err(format!(
            "{} not found (apt-get install chromium)",
            chromium.display()
        ));
    }
    if !manifest
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        return Err("playwright-core not installed (npm ci --prefix tests/browser)".into());
    }
    Ok(())
}

/// Whether the browser tests can run; panics if they must and cannot.
pub(crate) fn skip_browser(manifest: &Path) -> bool {
    match browser_ready(manifest) {
        Ok(()) => false,
        Err(why) if std::env::var_os("BAYAN_REQUIRE_BROWSER").is_some() => {
            panic!("browser tests required but {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED browser tests: {why}; run `bash .ci/run` to install and run them");
            true
        }
    }
}

/// Runs `node tests/browser/<script>` with `args`, asserting it passed at least `checks` checks;
/// returns what it printed.
pub(crate) fn run_node(
    manifest: &Path,
    script: &str,
    args: &[&std::ffi::OsStr],
    checks: usize,
) -> String {
    let run = Command::new("node")
        .arg(manifest.join("tests/browser").join(script))
        .args(args)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    println!("{report}");
    assert!(run.status.success(), "browser checks failed:\n{report}");
    let passed = report.lines().filter(|l| l.starts_with("ok ")).count();
    assert!(passed >= checks, "too few checks ran ({passed}):\n{report}");
    report
}

/// `bayan serve` with a page open in Chromium: saves in place and by rename appear by
/// themselves, keeping the scroll position; broken front-matter shows an overlay that the fix
/// removes; a stylesheet edit applies without a reload; 50 rapid saves end on the last; the
/// page follows a restarted server; the theme keeps serve's Content-Security-Policy.
#[test]
fn live_reload_in_chromium() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_browser(manifest) {
        return;
    }
    let site = TestSite::fixture_with_briefing_theme("basic");
    let filler = "A paragraph long enough to make the page scroll, repeated. ".repeat(12);
    site.edit("content/articles/alpha.en.md", |t| {
        format!("{t}\n{}", format!("\n{filler}\n").repeat(25))
    });
    let binary = std::ffi::OsStr::new(env!("CARGO_BIN_EXE_bayan"));
    run_node(manifest, "serve.mjs", &[binary, site.root.as_os_str()], 17);
}

#[test]
fn briefing_theme_in_chromium() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if skip_browser(manifest) {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_bayan"))
        .args(["build", "--root"])
        .arg(manifest)
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    // The fixture site with this theme, for the mixed-direction cases the briefing lacks.
    let fixture = TestSite::fixture_with_briefing_theme("basic");
    fixture.build_ok(&["--base-url", "https://example.org/"]);

    let shots = manifest.join("target/screenshots");
    let fixture_output = fixture.path("output");
    run_node(
        manifest,
        "theme.mjs",
        &[
            site.as_os_str(),
            shots.as_os_str(),
            fixture_output.as_os_str(),
        ],
        36,
    );
    for name in ["home", "article", "topic"] {
        for lang in ["ar", "en"] {
            for width in [375, 1280] {
                let png = shots.join(format!("{name}-{lang}-{width}.png"));
                assert!(
                    std::fs::metadata(&png)
                        .map(|m| m.len() > 10_000)
                        .unwrap_or(false),
                    "no screenshot {}",
                    png.display()
                );
            }
        }
    }
}
