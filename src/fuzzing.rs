//! Entry points for the fuzz targets in `fuzz/` and for the test that replays their seeds.
//!
//! Each takes arbitrary bytes, runs one parser the way a build does, and checks what must hold
//! whatever the input; the fuzzer itself catches panics, hangs and runaway memory.

use std::path::Path;

use crate::config::{Config, Overrides};
use crate::content::{ArticleMeta, PageMeta, TopicMeta, document};
use crate::error::Diagnostic;
use crate::markdown::{self, OtherLanguage, Resolved, Settings};

/// A content file: split into front-matter and body, the front-matter read as each kind.
pub fn front_matter(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/articles/x.en.md");
    let doc = || {
        (
            path.to_path_buf(),
            "x".to_string(),
            "en".to_string(),
            source.to_string(),
        )
    };
    let (p, slug, lang, text) = doc();
    check(source, document::<ArticleMeta>(p, slug, lang, text).err());
    let (p, slug, lang, text) = doc();
    check(source, document::<TopicMeta>(p, slug, lang, text).err());
    let (p, slug, lang, text) = doc();
    check(source, document::<PageMeta>(p, slug, lang, text).err());
}

/// A Markdown body with `@/` links, rendered with raw HTML escaped and allowed.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for allow_html in [false, true] {
        let out = markdown::render(
            &text,
            &Settings {
                allow_html,
                resolve: &two_articles,
            },
        );
        for p in &out.problems {
            assert!(p.offset <= text.len(), "a problem outside the text");
        }
        for link in &out.links {
            assert!(link.offset <= text.len(), "a link outside the text");
        }
        if !allow_html {
            // With raw HTML escaped, the only elements are the ones Markdown makes.
            let lower = out.html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "a script element: {}", out.html);
            assert!(!lower.contains("<iframe"), "an iframe: {}", out.html);
            for attr in ["href=\"", "src=\""] {
                for (i, _) in lower.match_indices(attr) {
                    let value = &out.html[i + attr.len()..];
                    let value = &value[..value.find('"').unwrap_or(value.len())];
                    assert!(
                        !markdown::runs_script(&html_unescape(value), attr == "src=\""),
                        "an address that runs script: {value}"
                    );
                }
            }
        }
    }
}

/// Resolves `@/` links as a site of two articles would: `a` in the page's language (English), `b`
/// only in Arabic. Shared with the Markdown tests.
pub fn two_articles(path: &str) -> Result<Resolved, String> {
    match path {
        "articles/a.md" => Ok(Resolved {
            url: "/en/articles/a/".into(),
            other_language: None,
        }),
        "articles/b.md" => Ok(Resolved {
            url: "/ar/articles/b/".into(),
            other_language: Some(OtherLanguage {
                code: "ar".into(),
                note: "(in Arabic)".into(),
            }),
        }),
        _ => Err(format!("no content at `@/{path}`")),
    }
}

/// site.yaml.
pub fn site_yaml(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Config::parse(Path::new("site"), source, &Overrides::default()) {
        for d in &e.diagnostics {
            check_one(source, d);
        }
    }
}

/// A diagnostic must point inside the file and print.
fn check(source: &str, d: Option<Diagnostic>) {
    if let Some(d) = d {
        check_one(source, &d);
    }
}

fn check_one(source: &str, d: &Diagnostic) {
    if let Some(loc) = &d.location {
        let lines = source.split('\n').count();
        assert!(
            loc.line >= 1 && loc.line as usize <= lines,
            "line {} of {lines}: {d}",
            loc.line
        );
        assert!(loc.column >= 1);
    }
    assert!(!d.message.is_empty());
    assert!(!d.message.contains("  "), "a run of spaces: {d}");
    assert!(
        !d.help.as_deref().unwrap_or("").contains("  "),
        "a run of spaces: {d}"
    );
    assert!(d.to_string().starts_with("error: "));
}

/// What a browser reads in an attribute value: the few entities pulldown-cmark writes, and
/// numeric ones.
fn html_unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
