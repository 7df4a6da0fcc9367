//! The slower checks of `bayan check`, run on the rendered site in memory.
//!
//! Every internal `href` and `src` of every page, including the links templates add, must lead
//! to a file the build makes, and every `#fragment` to an `id` on that page. Translation gaps are
//! warnings: a missing translation is allowed, but an editor wants to know about it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::content::Section;
use crate::error::Diagnostic;
use crate::pipeline::Rendered;
use crate::site::Entry;

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<String>,
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

/// Checks links, anchors and translations.
pub fn check(rendered: &Rendered) -> Report {
    let mut report = Report::default();
    let base = rendered.site.config.base_path.clone();
    let files: HashSet<String> = rendered.files().map(|(p, _)| p).collect();
    let ids: HashMap<&str, HashSet<String>> = rendered
        .pages
        .iter()
        .filter(|p| p.path.ends_with(".html"))
        .map(|p| {
            (
                p.path.as_str(),
                attribute_values(&p.html, "id").into_iter().collect(),
            )
        })
        .collect();
    for page in rendered.pages.iter().filter(|p| p.path.ends_with(".html")) {
        for link in attribute_values(&page.html, "href")
            .into_iter()
            .chain(attribute_values(&page.html, "src"))
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
            } else if let Some(rest) = path.strip_prefix(base.as_str()) {
                let rest = rest.split('?').next().unwrap_or(rest);
                Some(if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest.to_string()
                })
            } else {
                None
            };
            let Some(target) = target else {
                report.errors.push(
                    Diagnostic::new(
                        PathBuf::from(&page.path),
                        format!("the link `{link}` is outside the site's base path `{base}`"),
                    )
                    .help("make links in templates with url(path=…) and in Markdown with @/…"),
                );
                continue;
            };
            if !files.contains(&target) {
                report.errors.push(
                    Diagnostic::new(
                        PathBuf::from(&page.path),
                        format!("the link `{link}` leads to nothing"),
                    )
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
                report.errors.push(
                    Diagnostic::new(
                        PathBuf::from(&page.path),
                        format!("the link `{link}` names an anchor that is not on {target}"),
                    )
                    .help("link to a heading id that exists on that page"),
                );
            }
        }
    }
    for page in rendered.pages.iter().filter(|p| p.path.ends_with(".html")) {
        for tag in page
            .html
            .match_indices("<img")
            .map(|(i, _)| &page.html[i..])
        {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            if !tag.contains(" alt=") {
                report.errors.push(
                    Diagnostic::new(
                        PathBuf::from(&page.path),
                        "an image without an alt attribute",
                    )
                    .help(
                        "give the image in the template an alt text (alt=\"\" if it is decoration)",
                    ),
                );
            }
        }
    }
    let site = &rendered.site;
    unlabelled_images(site, &mut report);
    let langs = &site.config.languages;
    let mut gaps = |section: Section, slug: &str, present: Vec<bool>| {
        for (i, p) in present.iter().enumerate() {
            if !p {
                report.warnings.push(format!(
                    "content/{}/{slug}.{}.md: no `{}` translation",
                    section.dir(),
                    langs[i].code,
                    langs[i].code
                ));
            }
        }
    };
    for a in &site.articles {
        gaps(
            Section::Articles,
            &a.entry.slug,
            a.entry.versions.iter().map(Option::is_some).collect(),
        );
    }
    for t in &site.topics {
        gaps(
            Section::Topics,
            &t.entry.slug,
            t.entry.versions.iter().map(Option::is_some).collect(),
        );
    }
    for p in &site.pages {
        gaps(
            Section::Pages,
            &p.slug,
            p.versions.iter().map(Option::is_some).collect(),
        );
    }
    for t in site.topics.iter().filter(|t| t.articles.len() < 2) {
        report.warnings.push(format!(
            "content/topics/{}: only {} article(s); a topic is meant to gather at least two",
            t.entry.slug,
            t.articles.len()
        ));
    }
    report
}

/// Images in the content without alt text: a reader who cannot see them learns nothing of them.
fn unlabelled_images(site: &crate::site::Site, report: &mut Report) {
    fn each<M>(entry: &Entry<M>, report: &mut Report) {
        for v in entry.versions.iter().flatten() {
            for &offset in &v.body.unlabelled_images {
                report.errors.push(
                    Diagnostic::new(&v.doc.path, "an image without alt text")
                        .at_offset(&v.doc.source, v.doc.body_start + offset)
                        .help("describe the image between the brackets: ![what it shows](…)"),
                );
            }
        }
    }
    each(&site.home, report);
    site.articles.iter().for_each(|a| each(&a.entry, report));
    site.topics.iter().for_each(|t| each(&t.entry, report));
    site.pages.iter().for_each(|p| each(p, report));
}
