//! Starting a site: `bayan init` into an empty folder, then `bayan new`, then a build, each
//! through the real binary; and every way each of them refuses, with nothing written.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::assert_contains;
use crate::support::{Run, tree};

/// 2026-01-01, so the example article's date is fixed.
const EPOCH: &str = "1767225600";

/// Runs `bayan <args>` in the folder `cwd`, without colour and with a fixed date.
pub fn bayan_in(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_bayan"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("run bayan");
    Run::from(output)
}

/// A new site made by `bayan init site <extra>` in a temporary folder: (the folder, the site).
pub fn init_site(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut args = vec!["init", "site"];
    args.extend_from_slice(extra);
    let run = bayan_in(tmp.path(), &args);
    assert!(run.ok, "init failed:\n{}{}", run.stdout, run.stderr);
    let root = tmp.path().join("site");
    (tmp, root)
}

/// `bayan <args>` in the site's folder, asserting success.
pub fn ok(root: &Path, args: &[&str]) -> Run {
    let run = bayan_in(root, args);
    assert!(run.ok, "`bayan {}` failed:\n{}", args.join(" "), run.stderr);
    run
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
}

#[test]
fn init_then_build_makes_a_site_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let run = bayan_in(tmp.path(), &["init", "my-site"]);
    assert!(run.ok, "{}", run.stderr);
    assert_eq!(run.stderr, "", "no warnings for Arabic and English");
    assert_contains!(
        run.stdout,
        "created a new site in my-site (11 files):",
        "  content/articles/writing-an-article.ar.md",
        "  cd my-site",
        "bayan serve"
    );
    let root = tmp.path().join("my-site");
    assert_contains!(read(&root, ".gitignore"), "/output/");
    assert_contains!(read(&root, "README.md"), "bayan new article", "bayan build");
    let site_yaml = read(&root, "site.yaml");
    assert_contains!(
        site_yaml,
        "base_url: \"https://example.org/\"",
        "default_language: ar",
        "theme: briefing",
        "paginate: 20",
        "  ar: \"إحاطة جديدة\"",
        "# "
    );
    assert!(!root.join("themes").exists(), "the theme is built in");

    let run = ok(&root, &["build"]);
    assert_contains!(run.stdout, "built 12 pages (6 ar, 6 en)");
    let out = root.join("output");
    for page in [
        "index.html",
        "404.html",
        "ar/index.html",
        "en/index.html",
        "ar/articles/writing-an-article/index.html",
        "en/articles/writing-an-article/index.html",
        "ar/topics/guide/index.html",
        "en/topics/guide/index.html",
        "ar/pages/about/index.html",
        "en/pages/about/index.html",
        "ar/topics/index.html",
        "assets/favicon.svg",
        "assets/favicon.ico",
        "assets/css/site.css",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let ar = read(&out, "ar/articles/writing-an-article/index.html");
    assert_contains!(
        ar,
        "<html lang=\"ar\" dir=\"rtl\">",
        "<h1>كيف تكتب مقالًا</h1>",
        "href=\"/ar/topics/guide/\"",
        "<time datetime=\"2026-01-01\">",
        "<link rel=\"icon\" href=\"/assets/favicon."
    );
    let en = read(&out, "en/topics/guide/index.html");
    assert_contains!(
        en,
        "<html lang=\"en\" dir=\"ltr\">",
        "href=\"/en/articles/writing-an-article/\""
    );
    let check = ok(&root, &["check"]);
    assert_contains!(check.stdout, "check passed");
}

#[test]
fn init_without_a_folder_writes_into_the_current_one() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder with only a Git repository in it counts as empty.
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let run = bayan_in(tmp.path(), &["init"]);
    assert!(run.ok, "{}", run.stderr);
    assert_contains!(run.stdout, "created a new site in . (11 files)");
    assert!(!run.stdout.contains("cd "), "{}", run.stdout);
    assert!(tmp.path().join("site.yaml").is_file());
    ok(tmp.path(), &["build"]);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_leaves_it_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("busy");
    std::fs::create_dir_all(dir.join("notes")).unwrap();
    std::fs::write(dir.join("notes/todo.txt"), "mine").unwrap();
    std::fs::write(dir.join("site.yaml"), "title: {en: Mine}\n").unwrap();
    let before = tree(&dir);
    let run = bayan_in(tmp.path(), &["init", "busy"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_contains!(
        run.stderr,
        "error: the folder is not empty",
        "busy",
        "bayan init NEW-FOLDER",
        "it holds notes, site.yaml",
        "nothing was written"
    );
    assert_eq!(before, tree(&dir), "the folder changed");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
}

#[test]
fn init_refuses_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("plain"), "text").unwrap();
    let run = bayan_in(tmp.path(), &["init", "plain"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "this is a file, not a folder",
        "plain",
        "a new or an empty folder"
    );
    assert_eq!(read(tmp.path(), "plain"), "text");
}

#[test]
fn init_in_three_languages_lends_english_to_the_third_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let run = bayan_in(tmp.path(), &["init", "site", "--languages", "ar,en,fr"]);
    assert!(run.ok, "{}", run.stderr);
    assert_contains!(
        run.stderr,
        "warning: `fr` (French): the example content in French is the English text"
    );
    let root = tmp.path().join("site");
    assert_contains!(
        read(&root, "site.yaml"),
        "  fr: {name: \"Français\", dir: ltr}",
        "  fr: \"New briefing\""
    );
    assert_contains!(
        read(&root, "content/pages/about.fr.md"),
        "> This is the English example text, standing in for French"
    );
    let build = ok(&root, &["build"]);
    assert_contains!(
        build.stderr,
        "warning: the built-in theme has no strings in `fr` (Français): its pages use the English ones",
        "bayan theme eject"
    );
    assert_contains!(build.stdout, "(6 ar, 6 en, 6 fr)");
    let out = root.join("output");
    assert_contains!(
        read(&out, "fr/articles/writing-an-article/index.html"),
        "<html lang=\"fr\" dir=\"ltr\">"
    );
    assert_contains!(read(&out, "index.html"), "Read the briefing in French");
    let check = ok(&root, &["check"]);
    assert_contains!(check.stderr, "no strings in `fr`");
    // The Arabic and English examples are translations of each other, recorded as current; the
    // French stand-ins are still to translate.
    assert_contains!(
        read(&root, "content/pages/about.en.md"),
        "translation_of: {lang: ar, hash: \""
    );
    assert_contains!(
        read(&root, "content/pages/about.fr.md"),
        "translation_of: {lang: ar}\n"
    );
    let status = ok(&root, &["status", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    let unrecorded: Vec<&str> = report["unrecorded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["lang"].as_str().unwrap())
        .collect();
    assert!(
        !unrecorded.is_empty() && unrecorded.iter().all(|l| *l == "fr"),
        "{unrecorded:?}"
    );
    assert!(report["outdated"].as_array().unwrap().is_empty());
}

#[test]
fn a_new_site_s_translations_are_recorded_as_current() {
    let (_tmp, root) = init_site(&[]);
    let status = ok(&root, &["status", "--fail-on", "missing,outdated"]);
    assert_contains!(status.stdout, "up to date");
    let check = ok(&root, &["check"]);
    assert!(!check.stderr.contains("translation"), "{}", check.stderr);
}

#[test]
fn init_in_a_right_to_left_language_from_the_table() {
    let (_tmp, root) = init_site(&["--languages", "en,fa", "--default-language", "fa"]);
    assert_contains!(
        read(&root, "site.yaml"),
        "default_language: fa",
        "  fa: {name: \"فارسی\", dir: rtl}"
    );
    ok(&root, &["build"]);
    assert_contains!(
        read(&root, "output/fa/index.html"),
        "<html lang=\"fa\" dir=\"rtl\">"
    );
}

#[test]
fn init_refuses_unknown_languages_as_a_command_line_mistake() {
    let tmp = tempfile::tempdir().unwrap();
    let run = bayan_in(tmp.path(), &["init", "site", "--languages", "ar,xx"]);
    assert_eq!(run.code, Some(2));
    assert_contains!(
        run.stderr,
        "`xx` is not a language bayan knows",
        "ar, de, en"
    );
    let run = bayan_in(tmp.path(), &["init", "site", "--default-language", "fr"]);
    assert_eq!(run.code, Some(2));
    assert_contains!(
        run.stderr,
        "the default language `fr` is not one of the site's languages (ar, en)"
    );
    let run = bayan_in(tmp.path(), &["init", "site", "--languages", "ar,ar"]);
    assert_contains!(run.stderr, "`ar` is listed twice");
    assert!(!tmp.path().join("site").exists(), "nothing is written");
}

#[test]
fn a_new_article_is_a_draft_in_every_language() {
    let (_tmp, root) = init_site(&[]);
    let run = ok(&root, &["new", "article", "first-steps"]);
    assert_contains!(
        run.stdout,
        "wrote content/articles/first-steps.ar.md",
        "wrote content/articles/first-steps.en.md",
        "bayan build --drafts"
    );
    for code in ["ar", "en"] {
        let text = read(&root, &format!("content/articles/first-steps.{code}.md"));
        assert_contains!(
            text,
            "draft: true",
            "title: \"TODO: title\"",
            "topics: [guide]",
            "# url:"
        );
    }
    // The English names the Arabic as its original, to be recorded once translated.
    assert_contains!(
        read(&root, "content/articles/first-steps.en.md"),
        "\ntranslation_of: {lang: ar}                 # the original"
    );
    assert!(!read(&root, "content/articles/first-steps.ar.md").contains("translation_of"));
    let run = ok(&root, &["build"]);
    assert_contains!(run.stdout, "built 12 pages (6 ar, 6 en)");
    assert!(!root.join("output/en/articles/first-steps").exists());
    let run = ok(&root, &["build", "--drafts"]);
    assert_contains!(run.stdout, "built 14 pages (7 ar, 7 en)");
    for code in ["ar", "en"] {
        let page = read(
            &root,
            &format!("output/{code}/articles/first-steps/index.html"),
        );
        assert_contains!(page, "TODO: title");
    }
    assert_contains!(
        read(&root, "output/en/index.html"),
        "href=\"/en/articles/first-steps/\""
    );
}

#[test]
fn new_topics_and_pages_build_at_once_and_lang_writes_one_file() {
    let (_tmp, root) = init_site(&[]);
    ok(&root, &["new", "topic", "sources"]);
    let run = ok(&root, &["new", "page", "contact", "--lang", "en"]);
    assert_contains!(run.stdout, "wrote content/pages/contact.en.md");
    assert!(!root.join("content/pages/contact.ar.md").exists());
    assert_contains!(
        read(&root, "content/topics/sources.ar.md"),
        "related: []",
        "e.g. [guide]"
    );
    ok(&root, &["build"]);
    assert!(root.join("output/ar/topics/sources/index.html").is_file());
    assert!(root.join("output/en/pages/contact/index.html").is_file());
}

#[test]
fn new_with_root_names_the_files_from_the_current_folder() {
    let (tmp, root) = init_site(&[]);
    let run = bayan_in(tmp.path(), &["new", "article", "x", "--root", "site"]);
    assert!(run.ok, "{}", run.stderr);
    assert_contains!(run.stdout, "wrote site/content/articles/x.ar.md");
    assert!(root.join("content/articles/x.en.md").is_file());
}

#[test]
fn new_refuses_a_bad_slug() {
    let (_tmp, root) = init_site(&[]);
    let before = tree(&root);
    let run = bayan_in(&root, &["new", "article", "First Steps"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "error: `First Steps` is not a valid slug",
        "content/articles/First Steps.ar.md",
        "`bayan new article first-steps`"
    );
    assert_eq!(before, tree(&root));
}

#[test]
fn new_refuses_to_replace_a_file_and_writes_none() {
    let (_tmp, root) = init_site(&[]);
    let mine = root.join("content/articles/first-steps.en.md");
    std::fs::write(&mine, "my own text").unwrap();
    let before = tree(&root);
    let run = bayan_in(&root, &["new", "article", "first-steps"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "error: the file already exists",
        "--> content/articles/first-steps.en.md",
        "choose another name, or edit this file",
        "nothing was written"
    );
    assert!(!run.stderr.contains("first-steps.ar.md"), "{}", run.stderr);
    assert_eq!(before, tree(&root), "the other language's file was written");
}

#[test]
fn new_outside_a_site_says_how_to_start_one() {
    let tmp = tempfile::tempdir().unwrap();
    let run = bayan_in(tmp.path(), &["new", "page", "about"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "error: there is no site here: no site.yaml",
        "--> ./site.yaml",
        "`bayan init DIR`"
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn new_refuses_a_language_the_site_does_not_have() {
    let (_tmp, root) = init_site(&[]);
    let run = bayan_in(&root, &["new", "page", "about-us", "--lang", "fr"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "error: `fr` is not a language of this site",
        "--> site.yaml",
        "use one of: ar, en"
    );
    assert!(!root.join("content/pages/about-us.ar.md").exists());
}

#[test]
fn a_new_article_without_any_topic_says_to_make_one() {
    let (_tmp, root) = init_site(&[]);
    std::fs::remove_dir_all(root.join("content/topics")).unwrap();
    let run = ok(&root, &["new", "article", "lonely"]);
    assert_contains!(
        run.stderr,
        "warning: there is no topic yet",
        "bayan new topic SLUG"
    );
    assert_contains!(read(&root, "content/articles/lonely.en.md"), "topics: []");
}

#[test]
fn build_check_and_serve_outside_a_site_say_how_to_start_one() {
    let tmp = tempfile::tempdir().unwrap();
    for command in ["build", "check", "serve"] {
        let run = bayan_in(tmp.path(), &[command]);
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        assert_contains!(
            run.stderr,
            "error: there is no site here: no site.yaml",
            "to start a new site, run `bayan init DIR`"
        );
    }
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn check_lists_what_a_new_article_still_lacks() {
    let (_tmp, root) = init_site(&[]);
    ok(&root, &["new", "article", "first-steps"]);
    let run = ok(&root, &["check"]);
    assert_contains!(
        run.stderr,
        "warning: still to write: `TODO: title`\n --> content/articles/first-steps.en.md:3:9",
        "warning: still to write: `TODO: source`",
        "warning: a draft: `build` leaves it out\n  --> content/articles/first-steps.en.md:13:8",
        "delete the `draft: true` line to publish it"
    );
    let written = std::fs::read_to_string(root.join("content/articles/first-steps.en.md")).unwrap();
    std::fs::write(
        root.join("content/articles/first-steps.en.md"),
        written
            .replace("TODO: title", "First steps")
            .replace("draft: true", "draft: false"),
    )
    .unwrap();
    let run = ok(&root, &["check"]);
    assert!(
        !run.stderr
            .contains("`TODO: title`\n --> content/articles/first-steps.en.md"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("first-steps.en.md:13:8"),
        "{}",
        run.stderr
    );
}
