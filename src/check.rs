//! The slower checks of `bayan check`, run on the rendered site in memory.
//!
//! Every internal `href` and `src` of every page, including the links templates add, must lead
//! to a file the build makes, and every `#fragment` to an `id` on that page. Translation gaps are
//! warnings: a missing translation is allowed, but an editor wants to know about it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::content::{Content, Document, Section};
use crate::error::{Diagnostic, Severity};
use crate::outputs::File;
use crate::pipeline::Rendered;
use crate::site::{Entry, Site};

/// What `check` found: errors and warnings, each a diagnostic with its severity.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
}

fn html(file: &File) -> &str {
    std::str::from_utf8(&file.bytes).unwrap_or_default()
}

/// Values of `attr="…"` in `html`, with HTML's `&amp;` undone.
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, m)| {
            let start = i + m.len();
            let end = html[start..].find('"')? + start;
            Some(html[start..end].replace("&amp;", "&"))
        })
        .collect()
}

/// Checks links, anchors, images and translations.
pub fn check(rendered: &Rendered) -> Report {
    let mut report = Report::default();
    links(rendered, &mut report.diagnostics);
    let site = &rendered.site;
    unlabelled_images(rendered, &mut report.diagnostics);
    translation_gaps(site, &mut report.diagnostics);
    for t in site.topics.iter().filter(|t| t.articles.len() < 2) {
        let (_, v) = t.entry.version_or_fallback(0);
        let gathers = match t.articles.len() {
            0 => "no article".to_string(),
            _ => "only one article".to_string(),
        };
        report.diagnostics.push(
            Diagnostic::new(
                &v.doc.path,
                format!("the topic `{}` gathers {gathers}", t.entry.slug),
            )
            .help("a topic is meant to gather at least two; file more articles under it, or merge it into another")
            .warning(),
        );
    }
    report
}

/// Every internal link and image of every page leads to a file of the site, and every
/// `#fragment` to an `id` on that page.
fn links(rendered: &Rendered, errors: &mut Vec<Diagnostic>) {
    let urls = &rendered.site.urls;
    let base = &urls.base_path;
    let files: HashSet<&str> = rendered.files.keys().map(String::as_str).collect();
    let ids: HashMap<&str, HashSet<String>> = rendered
        .pages()
        .into_iter()
        .map(|p| {
            (
                p.path.as_str(),
                attribute_values(html(p), "id").into_iter().collect(),
            )
        })
        .collect();
    for page in rendered.pages() {
        let text = html(page);
        let at = Path::new(&page.path);
        for link in attribute_values(text, "href")
            .into_iter()
            .chain(attribute_values(text, "src"))
        {
            if link.contains("://")
                || link.starts_with("//")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                Some(page.path.clone())
            } else {
                urls.file_of_link(path)
            };
            let Some(target) = target else {
                errors.push(
                    Diagnostic::new(
                        at,
                        format!("the link `{link}` is outside the site's base path `{base}`"),
                    )
                    .help("make links in templates with url(path=…) and in Markdown with @/…"),
                );
                continue;
            };
            if !files.contains(target.as_str()) {
                errors.push(
                    Diagnostic::new(at, format!("the link `{link}` leads to nothing"))
                        .help("fix the link in the template or the content that made it"),
                );
                continue;
            }
            let fragment = fragment.map(|f| {
                percent_encoding::percent_decode_str(f)
                    .decode_utf8_lossy()
                    .into_owned()
            });
            if let (Some(fragment), Some(page_ids)) = (&fragment, ids.get(target.as_str()))
                && !fragment.is_empty()
                && !page_ids.contains(fragment)
            {
                errors.push(
                    Diagnostic::new(
                        at,
                        format!("the link `{link}` names an anchor that is not on {target}"),
                    )
                    .help("link to a heading id that exists on that page"),
                );
            }
        }
    }
}

/// What new files still lack: the `TODO` placeholders `bayan new` writes, and drafts, which
/// `build` leaves out.
pub fn unfinished(content: &Content) -> Vec<Diagnostic> {
    fn todos<M>(doc: &Document<M>, out: &mut Vec<Diagnostic>) {
        for (offset, _) in doc.source.match_indices("TODO") {
            let line_end = doc.source[offset..]
                .find('\n')
                .map_or(doc.source.len(), |i| offset + i);
            let line = &doc.source[offset..line_end];
            let said = line.split(['"', '#']).next().unwrap_or(line).trim_end();
            out.push(
                Diagnostic::new(&doc.path, format!("still to write: `{said}`"))
                    .at_offset(&doc.source, offset)
                    .help("replace the placeholder with the real text")
                    .warning(),
            );
        }
    }
    let mut out = Vec::new();
    content.home.iter().for_each(|d| todos(d, &mut out));
    content.topics.iter().for_each(|d| todos(d, &mut out));
    content.pages.iter().for_each(|d| todos(d, &mut out));
    for doc in &content.articles {
        todos(doc, &mut out);
        if doc.meta.draft {
            out.push(
                doc.error_at_value("draft", "true", "a draft: `build` leaves it out")
                    .help("delete the `draft: true` line to publish it; `build --drafts` shows it meanwhile")
                    .warning(),
            );
        }
    }
    out
}

/// An entry missing in a language is a warning at the file that would hold it.
fn translation_gaps(site: &Site, out: &mut Vec<Diagnostic>) {
    let langs = &site.config.languages;
    let mut gaps = |section: Section, slug: &str, present: Vec<bool>| {
        let Some(original) = present.iter().position(|&p| p) else {
            return;
        };
        let file = |li: usize| format!("content/{}/{slug}.{}.md", section.dir(), langs[li].code);
        for (i, p) in present.iter().enumerate() {
            if !p {
                out.push(
                    Diagnostic::new(file(i), format!("no `{}` translation", langs[i].code))
                        .help(format!(
                            "translate {} into this file; until then the `{}` side shows the original",
                            file(original),
                            langs[i].code
                        ))
                        .warning(),
                );
            }
        }
    };
    for a in &site.articles {
        gaps(Section::Articles, &a.entry.slug, a.entry.present());
    }
    for t in &site.topics {
        gaps(Section::Topics, &t.entry.slug, t.entry.present());
    }
    for p in &site.free_pages {
        gaps(Section::Pages, &p.slug, p.present());
    }
}

/// Images in the content without alt text: a reader who cannot see them learns nothing of them.
fn unlabelled_images(rendered: &Rendered, out: &mut Vec<Diagnostic>) {
    for page in rendered.pages() {
        let text = html(page);
        for tag in text.match_indices("<img").map(|(i, _)| &text[i..]) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            if !tag.contains(" alt=") {
                out.push(
                    Diagnostic::new(&page.path, "an image without an alt attribute").help(
                        "give the image in the template an alt text (alt=\"\" if it is decoration)",
                    ),
                );
            }
        }
    }
    fn each<M>(entry: &Entry<M>, out: &mut Vec<Diagnostic>) {
        for v in entry.versions.iter().flatten() {
            for &offset in &v.body.unlabelled_images {
                out.push(
                    Diagnostic::new(&v.doc.path, "an image without alt text")
                        .at_offset(&v.doc.source, v.doc.body_start + offset)
                        .help("describe the image between the brackets: ![what it shows](…)"),
                );
            }
        }
    }
    let site = &rendered.site;
    each(&site.home, out);
    site.articles.iter().for_each(|a| each(&a.entry, out));
    site.topics.iter().for_each(|t| each(&t.entry, out));
    site.free_pages.iter().for_each(|p| each(p, out));
}
