//! What a content file says never becomes markup on a page: every front-matter field that holds
//! text comes out escaped in the HTML pages and in the Atom feeds (the site has no JSON output).

use crate::support::TestSite;

/// Markup that would open a script element, close an attribute or start an entity if a template
/// or feed let it through. Each field gets its own marker, so a leak names the field.
fn payload(field: &str) -> String {
    format!("{field} </title><script>alert(1)</script> \\\"><b x='1'>&amp; ]]>")
}

/// The same text as an HTML or XML escaper writes it, to find it on the pages.
fn escaped(field: &str) -> String {
    format!("{field} &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
}

#[test]
fn every_text_field_of_the_front_matter_is_escaped_in_html_and_xml() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    let fields = [
        "article-title",
        "article-summary",
        "source-name",
        "figure-value",
        "figure-label",
        "topic-title",
        "topic-summary",
        "page-title",
        "page-summary",
        "home-title",
        "home-summary",
    ];
    let p = |f: &str| payload(f);
    site.write(
        "content/articles/alpha.en.md",
        &format!(
            "---\ntitle: \"{}\"\ndate: 2023-03-09\nsummary: \"{}\"\ntopics: [one, two]\nsource: {{name: \"{}\", url: \"https://example.org/?a=1&b=<2>\"}}\nfigures:\n  - {{value: \"{}\", label: \"{}\"}}\n---\nBody.\n",
            p("article-title"),
            p("article-summary"),
            p("source-name"),
            p("figure-value"),
            p("figure-label"),
        ),
    );
    site.write(
        "content/topics/one.en.md",
        &format!(
            "---\ntitle: \"{}\"\nsummary: \"{}\"\n---\n## Background\n",
            p("topic-title"),
            p("topic-summary")
        ),
    );
    site.write(
        "content/pages/about.en.md",
        &format!(
            "---\ntitle: \"{}\"\nsummary: \"{}\"\n---\nA page.\n",
            p("page-title"),
            p("page-summary")
        ),
    );
    site.write(
        "content/_index.en.md",
        &format!(
            "---\ntitle: \"{}\"\nsummary: \"{}\"\n---\nHome.\n",
            p("home-title"),
            p("home-summary")
        ),
    );
    site.build_ok(&[]);

    let mut html = String::new();
    let mut xml = String::new();
    for (path, bytes) in site.output_tree() {
        let name = path.to_string_lossy();
        let Ok(text) = String::from_utf8(bytes) else {
            continue; // fonts
        };
        for f in fields {
            for raw in ["<script>", "<b x=", "\"><b", "</title><"] {
                let leak = text
                    .match_indices(raw)
                    .any(|(i, _)| text[..i].ends_with(&format!("{f} ")) || raw == "<script>");
                assert!(!leak, "{name}: `{raw}` of {f} came through unescaped");
            }
        }
        if name.ends_with(".html") {
            html.push_str(&text);
        } else if name.ends_with(".xml") {
            xml.push_str(&text);
        }
    }
    for f in fields {
        assert!(
            html.contains(&escaped(f)),
            "{f} does not appear escaped on any page"
        );
    }
    for f in ["article-title", "article-summary", "source-name"] {
        assert!(
            xml.contains(&escaped(f)),
            "{f} does not appear escaped in the feed"
        );
    }
    assert!(
        !html.contains("b=<2>") && !xml.contains("b=<2>"),
        "the source address came through unescaped"
    );
}
