//! The Atom feed of each language.
//!
//! Written by code rather than a template: the format is fixed, and every value is escaped in
//! one place. Atom requires an `updated` time on every entry; an article whose source gives no
//! date takes the feed's own `updated` (the newest date in the feed), so no date is invented that
//! a reader could mistake for the source's.

use std::fmt::Write;
use std::hash::{Hash, Hasher};

use super::{Inputs, Output, Prepared, key_of};
use crate::content::Date;
use crate::error::Diagnostic;
use crate::site::Site;
use crate::urls;

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

/// The feeds, one per language.
pub fn outputs<'a>(inputs: &'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>> {
    (0..inputs.site.config.languages.len())
        .map(|li| Box::new(feed(inputs.site, li)) as Box<dyn Output + 'a>)
        .collect()
}

/// Everything a feed shows, typed, so that its key covers exactly that.
#[derive(Hash)]
struct Feed<'a> {
    path: String,
    lang: &'a str,
    title: &'a str,
    subtitle: Option<&'a str>,
    id: String,
    home: String,
    items: Vec<Item<'a>>,
}

#[derive(Hash)]
struct Item<'a> {
    title: &'a str,
    permalink: &'a str,
    date: Option<Date>,
    author: &'a str,
    summary: &'a str,
    content: Body<'a>,
}

/// A rendered body, hashed by the hash made when it was rendered.
struct Body<'a> {
    html: crate::spill::Html<'a>,
    hash: u64,
}

impl Hash for Body<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

fn feed(site: &Site, li: usize) -> Feed<'_> {
    let c = &site.config;
    let code = &c.languages[li].code;
    let path = urls::feed_path(code);
    let items = site
        .articles
        .iter()
        .filter_map(|a| a.entry.versions[li].as_ref())
        .take(FEED_SIZE)
        .map(|v| Item {
            title: &v.doc.meta.title,
            permalink: &v.address.permalink,
            date: v.doc.meta.date,
            author: &v.doc.meta.source.name,
            summary: &v.doc.meta.summary,
            content: Body {
                html: v.html(),
                hash: v.html_hash,
            },
        })
        .collect();
    Feed {
        id: site.urls.permalink(&path),
        home: site.urls.permalink(&urls::home_path(code)),
        path,
        lang: code,
        title: c.title.get(code).map(String::as_str).unwrap_or(""),
        subtitle: c.description.get(code).map(String::as_str),
        items,
    }
}

impl Output for Feed<'_> {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        Prepared::new(key_of(self), || {
            (self.xml().map(|x| x.into_bytes().into()))
                .map_err(|e| Diagnostic::general(crate::spill::unread(&self.path, &e)))
        })
    }
}

impl Feed<'_> {
    fn xml(&self) -> std::io::Result<String> {
        let updated = self
            .items
            .iter()
            .filter_map(|i| i.date)
            .max()
            .map(stamp)
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let mut x = String::new();
        let _ = writeln!(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        let _ = writeln!(
            x,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
            xml_escape(self.lang)
        );
        let _ = writeln!(x, "  <title>{}</title>", xml_escape(self.title));
        if let Some(d) = self.subtitle {
            let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(d));
        }
        let _ = writeln!(x, "  <id>{}</id>", xml_escape(&self.id));
        let _ = writeln!(
            x,
            "  <link rel=\"self\" href=\"{}\"/>",
            xml_escape(&self.id)
        );
        let _ = writeln!(
            x,
            "  <link rel=\"alternate\" href=\"{}\"/>",
            xml_escape(&self.home)
        );
        let _ = writeln!(x, "  <updated>{updated}</updated>");
        for item in &self.items {
            item.write(&mut x, &updated)?;
        }
        x.push_str("</feed>\n");
        Ok(x)
    }
}

impl Item<'_> {
    fn write(&self, x: &mut String, updated: &str) -> std::io::Result<()> {
        let url = xml_escape(self.permalink);
        let _ = writeln!(x, "  <entry>");
        let _ = writeln!(x, "    <title>{}</title>", xml_escape(self.title));
        let _ = writeln!(x, "    <id>{url}</id>");
        let _ = writeln!(x, "    <link rel=\"alternate\" href=\"{url}\"/>");
        let _ = writeln!(
            x,
            "    <updated>{}</updated>",
            self.date.map(stamp).unwrap_or_else(|| updated.to_string())
        );
        if let Some(d) = self.date {
            let _ = writeln!(x, "    <published>{}</published>", stamp(d));
        }
        let _ = writeln!(
            x,
            "    <author><name>{}</name></author>",
            xml_escape(self.author)
        );
        let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(self.summary));
        let _ = writeln!(
            x,
            "    <content type=\"html\">{}</content>",
            xml_escape(&self.content.html.text()?)
        );
        let _ = writeln!(x, "  </entry>");
        Ok(())
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
