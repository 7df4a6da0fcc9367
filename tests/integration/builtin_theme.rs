//! The theme built into the binary: a site without `themes/` builds with it, and the site's own
//! templates and static files still override it.

use std::path::Path;

use crate::assert_contains;
use crate::support::TestSite;

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
    assert_contains!(run.stdout, "built 16 pages (8 ar, 8 en)");
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
