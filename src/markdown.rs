//! Markdown to HTML: pulldown-cmark plus what a briefing needs.
//!
//! On top of CommonMark with tables, footnotes and strikethrough this adds: heading ids that stay
//! readable in Arabic (`## الضحايا` gets `id="الضحايا"`), unique within the page; `@/` links to
//! other content, resolved by a function the caller passes in (so this module knows nothing of
//! the site); fenced code highlighted into classes and kept left-to-right in right-to-left pages;
//! and raw HTML escaped unless the site allows it. It is pure: text in, HTML and findings out.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, html};

use crate::highlight;

/// Where an `@/` link goes, as the resolver decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The URL to write in `href`.
    pub url: String,
    /// When the target exists only in another language: its code and direction, and a short
    /// note in the page's language to put after the link.
    pub other_language: Option<OtherLanguage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherLanguage {
    pub code: String,
    pub note: String,
}

/// A heading of the rendered document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An `@/` link found in the document, kept so anchors can be checked once every page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The path after `@/`, without the anchor (`articles/x.md`).
    pub target: String,
    pub anchor: Option<String>,
    /// Byte offset of the link in the Markdown.
    pub offset: usize,
}

/// A problem in the Markdown, at a byte offset of the text given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub help: String,
}

/// The result of rendering one document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub problems: Vec<Problem>,
    /// Where images without alt text are, as byte offsets (for `bayan check`).
    pub unlabelled_images: Vec<usize>,
}

/// How to render.
pub struct Settings<'a> {
    /// Whether raw HTML passes through (true) or is shown as text (false).
    pub allow_html: bool,
    /// Resolves the part of an `@/` link after `@/` and before `#`.
    pub resolve: &'a (dyn Fn(&str) -> Result<Resolved, String> + Sync),
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

type Events<'a> = [(Event<'a>, std::ops::Range<usize>)];

/// Renders `text` to HTML.
pub fn render(text: &str, settings: &Settings) -> Rendered {
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let mut out = Rendered::default();
    let mut ids = IdSet::default();
    let mut html_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        if let Event::Start(Tag::Image { .. }) = event {
            let end = find_end(&events, i);
            let alt: String = events[i + 1..end]
                .iter()
                .filter_map(|(e, _)| plain_text(e))
                .collect();
            if alt.trim().is_empty() {
                out.unlabelled_images.push(range.start);
            }
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = find_end(&events, i);
                let text: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| plain_text(e))
                    .collect();
                let wanted = id
                    .as_ref()
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| heading_id(&text));
                let unique = ids.claim(&wanted);
                out.headings.push(Heading {
                    level: *level as u8,
                    id: unique.clone(),
                    text: text.trim().to_string(),
                });
                html_events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(unique)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("@/") => {
                if let Some(next) = content_link(&events, i, settings, &mut out, &mut html_events) {
                    i = next;
                    continue;
                }
            }
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }))
                if runs_script(dest_url, matches!(tag, Tag::Image { .. })) =>
            {
                out.problems.push(unsafe_address(range.start, dest_url));
                let mut emptied = tag.clone();
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut emptied {
                    *dest_url = CowStr::Borrowed("");
                }
                html_events.push(Event::Start(emptied));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                i = code_block(&events, i, kind, &mut html_events);
                continue;
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !settings.allow_html => {
                html_events.push(Event::Text(raw.clone()));
            }
            _ => html_events.push(event.clone()),
        }
        i += 1;
    }
    out.html.reserve(text.len() * 3 / 2);
    html::push_html(&mut out.html, html_events.into_iter());
    // Bodies are kept for the whole build: keep none of the room reserved for growth.
    out.html.shrink_to_fit();
    out
}

/// An `@/` link at `events[i]`, resolved: a plain link, or one to another language's page with
/// its note. Returns the index after the link when it was written whole here.
fn content_link<'a>(
    events: &Events<'a>,
    i: usize,
    settings: &Settings,
    out: &mut Rendered,
    html_events: &mut Vec<Event<'a>>,
) -> Option<usize> {
    let (event, range) = &events[i];
    let Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    }) = event
    else {
        return None;
    };
    let end = find_end(events, i);
    let (path, anchor) = match dest_url[2..].split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (&dest_url[2..], None),
    };
    let resolved = match (settings.resolve)(path) {
        Ok(resolved) => resolved,
        Err(message) => {
            out.problems.push(Problem {
                offset: range.start,
                message,
                help: "link to an existing file as `@/articles/<slug>.md`, `@/topics/<slug>.md` or `@/pages/<slug>.md`".into(),
            });
            html_events.push(event.clone());
            return None;
        }
    };
    out.links.push(Link {
        target: path.to_string(),
        anchor: anchor.clone(),
        offset: range.start,
    });
    let href = match &anchor {
        Some(a) => format!("{}#{a}", resolved.url),
        None => resolved.url.clone(),
    };
    let Some(other) = &resolved.other_language else {
        html_events.push(Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: href.into(),
            title: title.clone(),
            id: id.clone(),
        }));
        return None;
    };
    html_events.push(Event::InlineHtml(
        format!(
            "<a href=\"{}\" hreflang=\"{}\">",
            attr(&href),
            attr(&other.code)
        )
        .into(),
    ));
    html_events.extend(events[i + 1..end].iter().map(|(e, _)| e.clone()));
    html_events.push(Event::InlineHtml(
        format!(
            "</a> <small class=\"lang-note\">{}</small>",
            text_escape(&other.note)
        )
        .into(),
    ));
    Some(end + 1)
}

/// The code block starting at `events[i]`, highlighted; returns the index after it.
fn code_block(
    events: &Events,
    i: usize,
    kind: &CodeBlockKind,
    html_events: &mut Vec<Event>,
) -> usize {
    let end = find_end(events, i);
    let code: String = events[i + 1..end]
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let lang = match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
        CodeBlockKind::Indented => "",
    };
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", attr(lang))
    };
    html_events.push(Event::Html(
        format!(
            "<pre class=\"code\" dir=\"ltr\" tabindex=\"0\"><code{class}>{}</code></pre>\n",
            highlight::highlight(&code, lang)
        )
        .into(),
    ));
    end + 1
}

/// Whether following `url` (a link's or an image's address) would run script: the
/// `javascript:` and `vbscript:` schemes, and `data:` except for images. The scheme is read as a
/// browser reads it, ignoring leading spaces and control characters, tabs and line breaks, and
/// case.
pub fn runs_script(url: &str, image: bool) -> bool {
    let cleaned: String = url
        .chars()
        .skip_while(|c| *c <= ' ')
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, rest)) = cleaned.split_once(':') else {
        return false;
    };
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return false;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "javascript" | "vbscript" => true,
        "data" => !(image && rest.trim_start().to_ascii_lowercase().starts_with("image/")),
        _ => false,
    }
}

fn unsafe_address(offset: usize, url: &str) -> Problem {
    let shown: String = url.chars().take(40).collect();
    Problem {
        offset,
        message: format!("the address `{shown}` would run script in the reader's browser"),
        help: concat!(
            "link to a web page (https://…) or to content with `@/…`; ",
            "bayan does not publish javascript:, vbscript: or data: addresses"
        )
        .into(),
    }
}

/// The index of the `End` matching the `Start` at `start`.
fn find_end(events: &[(Event, std::ops::Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn plain_text<'a>(e: &'a Event) -> Option<&'a str> {
    match e {
        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
        _ => None,
    }
}

/// A readable id for a heading: letters and digits of any script, lower-cased, with hyphens for
/// spaces; Arabic vowel marks and the tatweel are dropped so that ids match however they were typed.
pub fn heading_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.trim().chars() {
        if is_arabic_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !id.is_empty()
            && !id.ends_with('-')
        {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() { "section".into() } else { id }
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}')
}

/// Ids already used in one document.
#[derive(Default)]
struct IdSet(std::collections::HashSet<String>);

impl IdSet {
    /// `wanted`, or `wanted-1`, `wanted-2`… if it is taken.
    fn claim(&mut self, wanted: &str) -> String {
        let mut candidate = wanted.to_string();
        let mut n = 0;
        while self.0.contains(&candidate) {
            n += 1;
            candidate = format!("{wanted}-{n}");
        }
        self.0.insert(candidate.clone());
        candidate
    }
}

/// Escapes text for an HTML attribute value in double quotes.
pub fn attr(s: &str) -> String {
    text_escape(s).replace('"', "&quot;")
}

/// Escapes text for HTML element content.
pub fn text_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzing::two_articles as resolve;

    fn md(text: &str) -> Rendered {
        render(
            text,
            &Settings {
                allow_html: false,
                resolve: &resolve,
            },
        )
    }

    #[test]
    fn addresses_that_run_script_are_refused_however_written() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:x",
            "data:text/html,<script>",
        ] {
            assert!(runs_script(url, false), "{url:?}");
        }
        for url in [
            "https://example.org/a:b",
            "/en/articles/a/",
            "mailto:a@example.org",
            "#javascript:x",
            "./javascript:x",
        ] {
            assert!(!runs_script(url, false), "{url:?}");
        }
        assert!(!runs_script("data:image/png;base64,AAAA", true));
        assert!(runs_script("data:image/png;base64,AAAA", false));

        let r = md("[a](javascript:alert(1)) <javascript:alert(2)> ![i](jav&#x09;ascript:x)\n");
        assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
        assert!(r.problems[0].message.contains("would run script"));
        assert_eq!(r.html.matches("href=\"\"").count(), 2, "{}", r.html);
        assert!(r.html.contains("<img src=\"\""), "{}", r.html);
    }

    #[test]
    fn images_without_alt_text_are_noted() {
        let r = md("![](a.png) ![A chart](b.png)\n\n![ ](c.png)\n");
        assert_eq!(r.unlabelled_images, [0, 30]);
    }

    #[test]
    fn arabic_headings_keep_readable_unique_ids() {
        let r = md("## الضحايا والجناة\n\n## الضحايا والجناة\n\n## Key Figures!\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["الضحايا-والجناة", "الضحايا-والجناة-1", "key-figures"]);
        assert!(r.html.contains("<h2 id=\"الضحايا-والجناة\">"), "{}", r.html);
    }

    #[test]
    fn vowel_marks_do_not_change_ids() {
        assert_eq!(heading_id("الأطفالُ"), heading_id("الأطفال"));
        assert_eq!(heading_id("?!"), "section");
    }

    #[test]
    fn at_links_resolve_with_anchor_and_other_language_marker() {
        let r = md("See [a](@/articles/a.md#x) and [b](@/articles/b.md).\n");
        assert!(r.html.contains("href=\"/en/articles/a/#x\""), "{}", r.html);
        assert!(r.html.contains("<a href=\"/ar/articles/b/\" hreflang=\"ar\">b</a> <small class=\"lang-note\">(in Arabic)</small>"), "{}", r.html);
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].anchor.as_deref(), Some("x"));
        assert!(r.problems.is_empty());
    }

    #[test]
    fn broken_at_link_is_a_problem_at_its_offset() {
        let text = "line one\n\nA [gone](@/articles/gone.md) link.\n";
        let r = md(text);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].offset, text.find("[gone]").unwrap());
        assert!(r.problems[0].message.contains("@/articles/gone.md"));
    }

    #[test]
    fn code_blocks_are_highlighted_and_left_to_right() {
        let r = md("```rust\nlet x = 1;\n```\n");
        assert!(
            r.html.contains(
                "<pre class=\"code\" dir=\"ltr\" tabindex=\"0\"><code class=\"language-rust\">"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("hl-"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let r = md("<script>alert(1)</script>\n\nhi <b>x</b>\n");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        let allowed = render(
            "hi <b>x</b>\n",
            &Settings {
                allow_html: true,
                resolve: &resolve,
            },
        );
        assert!(allowed.html.contains("<b>x</b>"));
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n[^1]: note\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote-definition"));
    }
}
