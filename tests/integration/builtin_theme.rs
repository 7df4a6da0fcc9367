//! The theme built into the binary: a site without `themes/` builds with it, the site's own
//! templates and static files still override it, and `bayan theme eject` copies it out so
//! faithfully that the built site does not change.

use std::path::Path;

use crate::assert_contains;
use crate::newsite::{bayan_in, init_site, ok};
use crate::support::{TestSite, tree};

/// The basic fixture with `theme: briefing` and no themes/ folder at all.
fn fixture_without_themes() -> TestSite {
    let site = TestSite::fixture("basic");
    std::fs::remove_dir_all(site.path("themes")).unwrap();
    site.edit("site.yaml", |s| {
        s.replace("theme: plain", "theme: briefing")
    });
    site
}

#[test]
fn a_site_without_themes_builds_with_the_built_in_theme() {
    let site = fixture_without_themes();
    let run = site.build_ok(&[]);
    assert_contains!(run.stdout, "built 18 pages (9 ar, 9 en)");
    let home = site.read("output/ar/index.html");
    assert_contains!(
        home,
        "<html lang=\"ar\" dir=\"rtl\">",
        "class=\"skip-link\"",
        "href=\"/sub/assets/css/site.",
        "<link rel=\"icon\" href=\"/sub/assets/favicon."
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/briefing/static");
    assert_eq!(
        std::fs::read(site.path("output/assets/css/site.css")).unwrap(),
        std::fs::read(repo.join("css/site.css")).unwrap()
    );
    assert_eq!(
        std::fs::read(site.path("output/assets/favicon.ico")).unwrap(),
        std::fs::read(repo.join("favicon.ico")).unwrap()
    );
}

#[test]
fn the_site_s_templates_and_static_files_override_the_built_in_theme() {
    let site = fixture_without_themes();
    site.write(
        "templates/base.html",
        "<!doctype html>\n<html lang=\"{{ lang.code }}\" dir=\"{{ lang.dir }}\"><head><title>{% block title %}{{ page.title }}{% endblock title %}</title></head>\n<body class=\"my-own-base\">{% block content %}{% endblock content %}</body></html>\n",
    );
    site.write("static/css/site.css", "body { color: red }\n");
    site.build_ok(&[]);
    let article = site.read("output/en/articles/alpha/index.html");
    assert_contains!(article, "<body class=\"my-own-base\">", "Alpha");
    assert!(!article.contains("skip-link"), "{article}");
    assert_eq!(
        site.read("output/assets/css/site.css"),
        "body { color: red }\n"
    );
    // The templates that do not extend base.html are still the built-in ones.
    assert_contains!(site.read("output/index.html"), "<link rel=\"icon\"");
}

#[test]
fn a_site_s_own_themes_briefing_wins_over_the_built_in_one() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    site.edit("themes/briefing/templates/partials/card.html", |t| {
        format!("<!-- my card -->{t}")
    });
    site.build_ok(&[]);
    assert_contains!(site.read("output/en/index.html"), "<!-- my card -->");
}

#[test]
fn a_misspelt_theme_name_suggests_the_built_in_theme() {
    let site = fixture_without_themes();
    site.edit("site.yaml", |s| {
        s.replace("theme: briefing", "theme: breifing")
    });
    let run = site.bayan(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "the theme `breifing` does not exist",
        "did you mean `theme: briefing`?"
    );
}

#[test]
fn eject_copies_the_theme_and_the_site_looks_the_same() {
    let (_tmp, root) = init_site(&[]);
    ok(&root, &["build"]);
    let built_in = tree(&root.join("output"));
    let run = ok(&root, &["theme", "eject"]);
    assert_contains!(
        run.stdout,
        "wrote the built-in theme into themes/briefing/",
        "  templates/ (",
        "  theme.yaml",
        "site.yaml says `theme: briefing`, so the site now uses this copy"
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/briefing");
    assert_eq!(
        tree(&root.join("themes/briefing")),
        tree(&repo),
        "the copy differs"
    );
    ok(&root, &["build"]);
    assert!(built_in == tree(&root.join("output")), "the site changed");
}

#[test]
fn eject_refuses_a_second_time_and_changes_nothing() {
    let (_tmp, root) = init_site(&[]);
    ok(&root, &["theme", "eject"]);
    std::fs::write(root.join("themes/briefing/templates/base.html"), "mine").unwrap();
    let before = tree(&root);
    let run = bayan_in(&root, &["theme", "eject"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "error: the folder already exists",
        "--> themes/briefing",
        "`--name NEW-NAME`",
        "nothing was written"
    );
    assert_eq!(before, tree(&root));
}

#[test]
fn eject_under_another_name_says_what_to_set() {
    let (_tmp, root) = init_site(&[]);
    let run = ok(&root, &["theme", "eject", "--name", "mine"]);
    assert_contains!(
        run.stdout,
        "into themes/mine/",
        "the site still uses the theme `briefing`; to use this copy, set `theme: mine` in site.yaml"
    );
    assert_contains!(
        std::fs::read_to_string(root.join("themes/mine/theme.yaml")).unwrap(),
        "name: \"mine\""
    );
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        site_yaml.replace("theme: briefing", "theme: mine"),
    )
    .unwrap();
    ok(&root, &["build"]);
}

#[test]
fn eject_refuses_a_name_that_is_not_a_folder_name() {
    let (_tmp, root) = init_site(&[]);
    let run = bayan_in(&root, &["theme", "eject", "--name", "../elsewhere"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "`../elsewhere` cannot be a theme's name",
        "--name my-theme"
    );
    assert!(!root.join("themes").exists());
    assert!(!root.parent().unwrap().join("elsewhere").exists());
}

#[test]
fn eject_outside_a_site_says_how_to_start_one() {
    let tmp = tempfile::tempdir().unwrap();
    let run = bayan_in(tmp.path(), &["theme", "eject"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "there is no site here: no site.yaml",
        "`bayan init DIR`"
    );
    assert!(!tmp.path().join("themes").exists());
}

#[test]
fn eject_writes_the_strings_the_built_in_theme_lent() {
    let (_tmp, root) = init_site(&["--languages", "ar,en,fr"]);
    ok(&root, &["build"]);
    let built_in = tree(&root.join("output"));
    ok(&root, &["theme", "eject"]);
    let fr = std::fs::read_to_string(root.join("themes/briefing/i18n/fr.yaml")).unwrap();
    assert_contains!(
        fr,
        "English strings standing in for French",
        "only_in_fr: \"(in French)\""
    );
    assert_contains!(
        std::fs::read_to_string(root.join("themes/briefing/i18n/ar.yaml")).unwrap(),
        "only_in_fr: \"(بالفرنسية)\""
    );
    let run = ok(&root, &["build"]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(built_in == tree(&root.join("output")), "the site changed");
}

#[test]
fn a_site_s_own_theme_without_a_language_s_strings_is_an_error() {
    let (_tmp, root) = init_site(&["--languages", "ar,en,fr"]);
    ok(&root, &["theme", "eject"]);
    std::fs::remove_file(root.join("themes/briefing/i18n/fr.yaml")).unwrap();
    let run = bayan_in(&root, &["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "could not read the theme's strings",
        "themes/briefing/i18n/fr.yaml",
        "a theme needs i18n/fr.yaml"
    );
}

#[test]
fn a_mistake_met_in_a_built_in_template_names_it_as_built_in() {
    let site = fixture_without_themes();
    // The built-in card reads `item.url`; an include with a number for `item` fails there.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{% set item = 5 %}{% include \"partials/card.html\" %}{% endblock content %}\n",
    );
    let run = site.bayan(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "--> <built-in briefing theme>/templates/partials/card.html:",
        "while rendering /"
    );
}
