//! The machine-readable files: Atom feeds per language, the sitemap with hreflang alternates,
//! and robots.txt.
//!
//! These are written by code rather than templates: their formats are fixed, and every value is
//! escaped in one place. Atom requires an `updated` time on every entry; an article whose source
//! gives no date takes the feed's own `updated` (the newest date in the feed), so no date is
//! invented that a reader could mistake for the source's.

use std::fmt::Write;

use crate::content::{ArticleMeta, Date, Section};
use crate::pages::Output;
use crate::render::join_url;
use crate::site::{Article, Site, Version, content_path};

/// How many articles a feed carries.
const FEED_SIZE: usize = 30;

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            // Characters XML 1.0 forbids are dropped rather than breaking the feed.
            b if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') => "",
            _ => continue,
        };
        // Every byte matched is ASCII, so `i` is on a character boundary.
        out.push_str(&s[plain..i]);
        out.push_str(replacement);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out
}

fn stamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// The articles a language's feed carries.
fn feed_items(site: &Site, li: usize) -> impl Iterator<Item = (&Article, &Version<ArticleMeta>)> {
    site.articles
        .iter()
        .filter_map(move |a| a.entry.versions[li].as_ref().map(|v| (a, v)))
        .take(FEED_SIZE)
}

/// Changes whenever [`atom`]'s output would; `setup` stands for the configuration.
pub fn atom_key(site: &Site, li: usize, setup: &str) -> u64 {
    let mut key = xxhash_rust::xxh3::Xxh3::new();
    key.update(setup.as_bytes());
    key.update(&li.to_le_bytes());
    for (a, v) in feed_items(site, li) {
        key.update(format!("{}{:?}{}", a.entry.slug, v.doc.meta, v.html_hash).as_bytes());
    }
    key.digest()
}

/// Changes whenever [`sitemap`]'s output would.
pub fn sitemap_key<'a>(paths: impl IntoIterator<Item = &'a str>, setup: &str) -> u64 {
    let mut key = xxhash_rust::xxh3::Xxh3::new();
    key.update(setup.as_bytes());
    for p in paths {
        key.update(p.as_bytes());
        key.update(&[0]);
    }
    key.digest()
}

/// The Atom feed of one language.
pub fn atom(site: &Site, li: usize) -> Output {
    let c = &site.config;
    let lang = &c.languages[li];
    let abs = |path: &str| join_url(&c.base_url, path);
    let items: Vec<_> = feed_items(site, li).collect();
    let updated = items
        .iter()
        .filter_map(|(_, v)| v.doc.meta.date)
        .max()
        .map(stamp)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let title = c.title.get(&lang.code).map(String::as_str).unwrap_or("");
    let mut x = String::new();
    let _ = writeln!(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&lang.code)
    );
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(title));
    if let Some(d) = c.description.get(&lang.code) {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(d));
    }
    let feed_url = abs(&format!("{}/atom.xml", lang.code));
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(&feed_url));
    let _ = writeln!(
        x,
        "  <link rel=\"self\" href=\"{}\"/>",
        xml_escape(&feed_url)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" href=\"{}\"/>",
        xml_escape(&abs(&format!("{}/", lang.code)))
    );
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    for (a, v) in items {
        let m = &v.doc.meta;
        let url = abs(&content_path(Section::Articles, &a.entry.slug, &lang.code));
        let _ = writeln!(x, "  <entry>");
        let _ = writeln!(x, "    <title>{}</title>", xml_escape(&m.title));
        let _ = writeln!(x, "    <id>{}</id>", xml_escape(&url));
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" href=\"{}\"/>",
            xml_escape(&url)
        );
        let _ = writeln!(
            x,
            "    <updated>{}</updated>",
            m.date.map(stamp).unwrap_or_else(|| updated.clone())
        );
        if let Some(d) = m.date {
            let _ = writeln!(x, "    <published>{}</published>", stamp(d));
        }
        let _ = writeln!(
            x,
            "    <author><name>{}</name></author>",
            xml_escape(&m.source.name)
        );
        let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(&m.summary));
        let _ = writeln!(
            x,
            "    <content type=\"html\">{}</content>",
            xml_escape(&v.body.html)
        );
        let _ = writeln!(x, "  </entry>");
    }
    x.push_str("</feed>\n");
    Output {
        path: format!("{}/atom.xml", lang.code),
        html: x,
    }
}

/// The sitemap: every page, each with links to its versions in the other languages.
pub fn sitemap<'a>(site: &Site, paths: impl IntoIterator<Item = &'a str>) -> Output {
    let c = &site.config;
    let codes: Vec<&str> = c.languages.iter().map(|l| l.code.as_str()).collect();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let all: std::collections::HashSet<&str> = paths.into_iter().collect();
    let mut paths: Vec<&str> = all
        .iter()
        .copied()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    paths.sort_unstable();
    for path in paths {
        let dir = path.trim_end_matches("index.html");
        let _ = writeln!(
            x,
            "  <url>\n    <loc>{}</loc>",
            xml_escape(&join_url(&c.base_url, dir))
        );
        // A page under `<lang>/` has alternates at the same path under the other languages,
        // where they exist.
        if let Some((lang, rest)) = dir.split_once('/')
            && codes.contains(&lang)
        {
            let alternates: Vec<String> = codes
                .iter()
                .map(|other| format!("{other}/{rest}"))
                .collect();
            let existing: Vec<(&str, &String)> = codes
                .iter()
                .zip(&alternates)
                .filter(|(_, alt)| all.contains(format!("{alt}index.html").as_str()))
                .map(|(code, alt)| (*code, alt))
                .collect();
            if existing.len() > 1 {
                for (code, alt) in existing {
                    let _ = writeln!(
                        x,
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                        xml_escape(&join_url(&c.base_url, alt))
                    );
                }
                let _ = writeln!(
                    x,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    xml_escape(&c.base_url)
                );
            }
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    Output {
        path: "sitemap.xml".into(),
        html: x,
    }
}

/// robots.txt, pointing at the sitemap.
pub fn robots(site: &Site) -> Output {
    Output {
        path: "robots.txt".into(),
        html: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            join_url(&site.config.base_url, "sitemap.xml")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_covers_markup_and_control_characters() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
    }
}
