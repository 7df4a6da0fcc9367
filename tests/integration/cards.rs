//! Social cards: drawn for every article, topic and home in each language, readable (their text
//! read back by OCR, in Arabic and English), and drawn again only when what they show changes.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;

use crate::support::{TestSite, copy_dir};

/// A copy of this repository's own briefing: real Arabic and English titles.
fn briefing() -> TestSite {
    let site = TestSite::fixture("basic");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::remove_dir_all(&site.root).unwrap();
    for part in ["content", "themes"] {
        copy_dir(&repo.join(part), &site.root.join(part));
    }
    std::fs::copy(repo.join("site.yaml"), site.root.join("site.yaml")).unwrap();
    site
}

/// The `title:` of a content file.
fn title_of(site: &TestSite, rel: &str) -> String {
    let text = site.read(rel);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap_or_else(|| panic!("{rel} has no title"));
    line.trim_matches('"').to_string()
}

/// A word as OCR and the title are compared: without tashkeel or punctuation, with the
/// hamza-on-alef forms and final yeh/teh marbuta folded, lower case.
fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .filter(|c| !('\u{064B}'..='\u{065F}').contains(c) && *c != '\u{0670}')
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The share of `title`'s words that OCR reads back from `png`.
fn read_back(png: &Path, lang: &str, title: &str) -> (f64, String) {
    let langs = if lang == "ar" { "ara+eng" } else { "eng" };
    let out = Command::new("tesseract")
        .arg(png)
        .args(["stdout", "-l", langs])
        .output()
        .expect("run tesseract");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let seen = words(&text);
    let wanted = words(title);
    let found = wanted.iter().filter(|w| seen.contains(w)).count();
    (found as f64 / wanted.len() as f64, text)
}

fn has_tesseract() -> bool {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    let ok = langs.is_ok_and(|o| {
        let list = String::from_utf8_lossy(&o.stdout).into_owned();
        list.lines().any(|l| l == "ara") && list.lines().any(|l| l == "eng")
    });
    if !ok {
        assert!(
            std::env::var_os("BAYAN_REQUIRE_OCR").is_none(),
            "tesseract with Arabic and English is required (apt-get install tesseract-ocr tesseract-ocr-ara)"
        );
        eprintln!("SKIPPED: reading cards back needs tesseract-ocr and tesseract-ocr-ara");
    }
    ok
}

/// The cards' titles, read back by OCR: most of the words, in both languages, for an article
/// whose Arabic title mixes Latin letters and digits, and for a topic.
#[test]
fn cards_read_back_by_ocr_in_arabic_and_english() {
    if !has_tesseract() {
        return;
    }
    let site = briefing();
    site.build_ok(&[]);
    let cases = [
        ("ar", "articles", "nca-sentencing-meta-encryption"),
        ("en", "articles", "nca-sentencing-meta-encryption"),
        ("ar", "topics", "grooming-and-sextortion"),
        ("en", "topics", "grooming-and-sextortion"),
    ];
    for (lang, section, slug) in cases {
        let title = title_of(&site, &format!("content/{section}/{slug}.{lang}.md"));
        let png = site.path(&format!("output/assets/cards/{lang}/{section}/{slug}.png"));
        let bytes = std::fs::read(&png).unwrap();
        assert!(bytes.len() <= 100_000, "{} bytes", bytes.len());
        // The PNG header's width and height.
        let (w, h) = (
            u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
            u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
        );
        assert_eq!((w, h), (1200, 630));
        let (share, text) = read_back(&png, lang, &title);
        eprintln!(
            "{lang}/{section}/{slug}: {:.0}% of the title read back",
            share * 100.0
        );
        assert!(
            share >= 0.75,
            "{lang}/{section}/{slug}: only {share:.2} of «{title}» read back:\n{text}"
        );
    }
}

/// The same reading fails on Arabic drawn as a renderer without shaping draws it: letters
/// unjoined and laid out left to right (each word's letters kept apart by ZERO WIDTH
/// NON-JOINER and forced left to right; the words in reading order from the left).
#[test]
fn an_unshaped_rendering_fails_the_same_reading() {
    if !has_tesseract() {
        return;
    }
    let site = briefing();
    let rel = "content/articles/nca-sentencing-meta-encryption.ar.md";
    let title = title_of(&site, rel);
    let unshaped: Vec<String> = title
        .split(' ')
        .rev()
        .map(|w| {
            let letters: Vec<String> = w.chars().map(String::from).collect();
            format!("\u{202D}{}\u{202C}", letters.join("\u{200C}"))
        })
        .collect();
    site.edit(rel, |t| t.replacen(&title, &unshaped.join(" "), 1));
    site.build_ok(&[]);
    let png = site.path("output/assets/cards/ar/articles/nca-sentencing-meta-encryption.png");
    let (share, text) = read_back(&png, "ar", &title);
    eprintln!("unshaped: {:.0}% of the title read back", share * 100.0);
    assert!(
        share < 0.4,
        "an unshaped card read back {share:.2}:\n{text}"
    );
}

/// A card is drawn again only when what it shows changes; a build into an empty folder takes
/// drawn cards from the site's cache and gives the same bytes.
#[test]
fn cards_are_drawn_again_only_when_what_they_show_changes() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    site.build_ok(&[]);
    let card = |name: &str| site.path(&format!("output/assets/cards/{name}.png"));
    let stamp = |name: &str| {
        let m = std::fs::metadata(card(name)).unwrap();
        (m.ino(), m.mtime_nsec(), m.mtime())
    };
    let alpha_en = stamp("en/articles/alpha");
    let alpha_ar = stamp("ar/articles/alpha");
    let before = std::fs::read(card("en/articles/alpha")).unwrap();

    // The body is not on the card.
    site.edit("content/articles/alpha.en.md", |t| {
        format!("{t}\nA new paragraph.\n")
    });
    site.build_ok(&[]);
    assert_eq!(stamp("en/articles/alpha"), alpha_en);

    // The title is.
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("title: \"Alpha article\"", "title: \"Alpha, retitled\"")
    });
    site.build_ok(&[]);
    let after = std::fs::read(card("en/articles/alpha")).unwrap();
    assert_ne!(after, before, "the retitled card was not drawn again");
    assert_eq!(stamp("ar/articles/alpha"), alpha_ar);

    // From an empty folder, with the cache: the same bytes.
    let cached = site.root.join(".bayan-cache/cards");
    assert!(std::fs::read_dir(&cached).unwrap().count() > 0);
    let fresh = site.root.join("fresh");
    let run = site.bayan(&["build", "--output", fresh.to_str().unwrap()]);
    assert!(run.ok, "{}", run.stderr);
    let again = std::fs::read(fresh.join("assets/cards/en/articles/alpha.png")).unwrap();
    assert_eq!(again, after);

    // And without it, drawn anew: still the same bytes.
    std::fs::remove_dir_all(&cached).unwrap();
    std::fs::remove_dir_all(&fresh).unwrap();
    let run = site.bayan(&["build", "--output", fresh.to_str().unwrap()]);
    assert!(run.ok, "{}", run.stderr);
    let drawn = std::fs::read(fresh.join("assets/cards/en/articles/alpha.png")).unwrap();
    assert_eq!(drawn, after);
}

/// A broken card template is reported at its place, and nothing is written.
#[test]
fn a_broken_card_template_is_reported_with_its_file_and_line() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    site.write(
        "templates/card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\">\n{{ card.title | nosuchfilter }}\n</svg>\n",
    );
    let run = site.bayan(&["build"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("templates/card.svg:2:"),
        "{}",
        run.stderr
    );
    assert!(!site.path("output/index.html").exists());

    // A template that does not make a card of the right size.
    site.write(
        "templates/card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"600\"></svg>\n",
    );
    let run = site.bayan(&["build"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("templates/card.svg") && run.stderr.contains("600×600"),
        "{}",
        run.stderr
    );
}

/// `check` writes nothing, not even to the card cache.
#[test]
fn check_leaves_no_card_cache_behind() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    let run = site.bayan(&["check"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(!site.path(".bayan-cache").exists());
    site.build_ok(&[]);
    assert!(site.path(".bayan-cache/cards").is_dir());
}
