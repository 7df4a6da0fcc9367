//! Unit tests of `bayan init`'s pure parts: options, the planned files, dates, the empty check.

use super::*;
use crate::config::{Config, Overrides};

fn day() -> Date {
    Date::parse("2025-01-31").unwrap()
}

fn paths(files: &[NewFile]) -> Vec<String> {
    files.iter().map(|f| f.path.display().to_string()).collect()
}

fn text<'a>(files: &'a [NewFile], path: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("no {path} in {:?}", paths(files)));
    std::str::from_utf8(&f.bytes).unwrap()
}

#[test]
fn options_default_to_the_first_language() {
    let o = Options::new("ar,en", None, day()).unwrap();
    assert_eq!(o.default_language.code, "ar");
    let o = Options::new("ar,en", Some("en"), day()).unwrap();
    assert_eq!(o.default_language.code, "en");
    assert_eq!(o.untranslated().count(), 0);
    let o = Options::new("ar,en,fr", None, day()).unwrap();
    assert_eq!(o.untranslated().map(|k| k.code).collect::<Vec<_>>(), ["fr"]);
}

#[test]
fn a_default_language_outside_the_list_is_refused() {
    let e = Options::new("ar,en", Some("fr"), day()).unwrap_err();
    assert!(
        e.contains("the default language `fr` is not one of the site's languages (ar, en)"),
        "{e}"
    );
    let e = Options::new("ar,klingon", None, day()).unwrap_err();
    assert!(e.contains("`klingon` is not a language bayan knows"), "{e}");
}

#[test]
fn the_plan_has_the_site_files_and_every_language_s_content() {
    let files = plan(&Options::new("ar,en", None, day()).unwrap());
    let got = paths(&files);
    for expected in [
        "site.yaml",
        "README.md",
        ".gitignore",
        "content/_index.ar.md",
        "content/_index.en.md",
        "content/articles/writing-an-article.ar.md",
        "content/articles/writing-an-article.en.md",
        "content/topics/guide.ar.md",
        "content/topics/guide.en.md",
        "content/pages/about.ar.md",
        "content/pages/about.en.md",
    ] {
        assert!(got.iter().any(|p| p == expected), "{expected} in {got:?}");
    }
    assert_eq!(got.len(), 11);
    assert!(text(&files, ".gitignore").contains("/output/"));
    let article = text(&files, "content/articles/writing-an-article.en.md");
    assert!(article.contains("date: 2025-01-31\n"), "{article}");
    assert!(!article.contains("{{"), "{article}");
    assert!(article.contains("@/articles/"), "{article}");
    let readme = text(&files, "README.md");
    assert!(readme.starts_with("# New briefing\n"), "{readme}");
    assert!(readme.contains("in Arabic and English"), "{readme}");
    assert!(readme.contains("bayan new article"), "{readme}");
}

#[test]
fn the_site_yaml_is_valid_and_says_what_was_asked() {
    let files = plan(&Options::new("en,ar,fa", Some("ar"), day()).unwrap());
    let yaml = text(&files, "site.yaml");
    let config = Config::parse(Path::new("."), yaml, &Overrides::default()).unwrap();
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["en", "ar", "fa"]);
    assert_eq!(config.default_language, "ar");
    assert_eq!(config.base_url, "https://example.org/");
    assert_eq!(config.base_path, "/");
    assert_eq!(config.theme, "briefing");
    assert_eq!(config.paginate, 20);
    assert_eq!(config.language("fa").unwrap().dir, Direction::Rtl);
    assert_eq!(config.language("fa").unwrap().name, "فارسی");
    assert_eq!(config.title["ar"], "إحاطة جديدة");
    assert_eq!(config.title["fa"], "New briefing");
    assert!(
        yaml.lines().filter(|l| l.starts_with('#')).count() >= 8,
        "commented:\n{yaml}"
    );
}

#[test]
fn other_languages_get_the_english_text_with_a_note() {
    let files = plan(&Options::new("ar,en,fr", None, day()).unwrap());
    let fr = text(&files, "content/topics/guide.fr.md");
    let en = text(&files, "content/topics/guide.en.md");
    assert!(fr.contains("standing in for French"), "{fr}");
    assert!(fr.starts_with("---\ntitle: \"Guide\""), "{fr}");
    let note_at = fr.find("> This is the English example text").unwrap();
    let front_matter_end = fr[4..].find("\n---\n").unwrap() + 4;
    assert!(
        note_at > front_matter_end,
        "the note is in the front-matter:\n{fr}"
    );
    // The same text but for the note and the records: the English is a translation of the
    // Arabic, recorded as current; the French is still to translate.
    let no_record = |t: &str| -> String {
        t.split_inclusive('\n')
            .filter(|l| !l.starts_with("translation_of:"))
            .collect()
    };
    assert!(fr.contains("\ntranslation_of: {lang: ar}\n"), "{fr}");
    assert!(en.contains("\ntranslation_of: {lang: ar, hash: \""), "{en}");
    assert_eq!(
        no_record(&fr.replace(
            &fr[note_at..fr[note_at..].find("\n\n").unwrap() + note_at + 2],
            ""
        )),
        no_record(en)
    );
    let ar = text(&files, "content/topics/guide.ar.md");
    assert!(!ar.contains("English example text"));
    assert!(!ar.contains("translation_of"), "the original has no record");
}

#[test]
fn translation_notes_go_after_the_front_matter() {
    let got = with_translation_note("---\ntitle: x\n---\nBody\n", "French");
    assert!(got.starts_with("---\ntitle: x\n---\n> This is"), "{got}");
    assert!(
        got.ends_with("replace it with your own.\n\nBody\n"),
        "{got}"
    );
    assert!(with_translation_note("Body", "French").ends_with("\n\nBody"));
}

#[test]
fn localised_paths_put_the_language_before_the_extension() {
    assert_eq!(
        localised_path("content/_index.md", "ar"),
        Path::new("content/_index.ar.md")
    );
    assert_eq!(
        localised_path("content/topics/guide.md", "fr"),
        Path::new("content/topics/guide.fr.md")
    );
    assert_eq!(and_list(&["Arabic"]), "Arabic");
    assert_eq!(
        and_list(&["Arabic", "English", "French"]),
        "Arabic, English and French"
    );
}

#[test]
fn days_since_1970_are_calendar_dates() {
    let d = |n| date_from_days(n).to_string();
    assert_eq!(d(0), "1970-01-01");
    assert_eq!(d(-1), "1969-12-31");
    assert_eq!(d(11_016), "2000-02-29");
    assert_eq!(d(19_723), "2024-01-01");
    assert_eq!(d(20_089), "2025-01-01");
    // Every day of 1970 to 2517 exists and follows the one before it.
    let mut previous = date_from_days(-1);
    for n in 0..200_000 {
        let date = date_from_days(n);
        assert!(Date::parse(&date.to_string()).is_ok(), "{n}: {date}");
        assert!(date > previous, "{n}: {date} after {previous}");
        let next_day = (date.year, date.month) == (previous.year, previous.month)
            && date.day == previous.day + 1;
        assert!(next_day || date.day == 1, "{n}: {date} after {previous}");
        previous = date;
    }
}

#[test]
fn only_an_empty_or_new_folder_is_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(check_empty(&tmp.path().join("new")).is_ok());
    assert!(check_empty(tmp.path()).is_ok());
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    assert!(
        check_empty(tmp.path()).is_ok(),
        "a folder with only .git is empty"
    );
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let d = check_empty(tmp.path()).unwrap_err();
    assert_eq!(d.message, "the folder is not empty");
    assert!(
        d.help.as_ref().unwrap().contains("it holds notes.txt"),
        "{d}"
    );
    let d = check_empty(&tmp.path().join("notes.txt")).unwrap_err();
    assert_eq!(d.message, "this is a file, not a folder");
}

#[test]
fn a_site_in_every_language_of_the_table_builds() {
    let codes: Vec<&str> = languages::KNOWN.iter().map(|k| k.code).collect();
    let options = Options::new(&codes.join(","), Some("en"), day()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let report = run(tmp.path(), &options).unwrap();
    assert_eq!(report.warnings.len(), codes.len() - 2);
    let rendered = crate::pipeline::render(tmp.path(), &Overrides::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rendered.warnings.len(), codes.len() - 2);
    let paths: Vec<String> = rendered.files.keys().cloned().collect();
    for code in codes {
        let page = format!("{code}/articles/writing-an-article/index.html");
        assert!(paths.contains(&page), "{page}");
    }
}
