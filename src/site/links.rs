//! Links between pieces of content: `@/` links resolved against what exists, and their
//! `#anchors` checked against the headings of the pages they name.
//!
//! A link to an entry with no version in the page's language leads to a version that exists,
//! with a note in the page's language ("only in Arabic"). The notes are theme strings, but the
//! model does not read the theme: they come in as [`Notes`], a plain value.

use std::collections::HashMap;
use std::path::Path;

use super::pairing::Existence;
use super::{Entry, Site};
use crate::config::Config;
use crate::content::{Document, Section};
use crate::error::{Collector, Diagnostic, did_you_mean};
use crate::markdown::{self, Heading, OtherLanguage, Resolved};
use crate::urls::{Urls, content_path};

/// What a link to a page in another language says, by (page language, target language); where
/// none is given, the target language's name in brackets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes(HashMap<(usize, usize), String>);

impl Notes {
    /// The notes `note(page language, target language)` gives, for every pair of languages.
    pub fn new(languages: usize, note: impl Fn(usize, usize) -> Option<String>) -> Notes {
        let mut notes = HashMap::new();
        for li in 0..languages {
            for oi in (0..languages).filter(|&oi| oi != li) {
                if let Some(n) = note(li, oi) {
                    notes.insert((li, oi), n);
                }
            }
        }
        Notes(notes)
    }

    fn note(&self, li: usize, other: usize, name: &str) -> String {
        self.0
            .get(&(li, other))
            .cloned()
            .unwrap_or_else(|| format!("({name})"))
    }
}

impl std::hash::Hash for Notes {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut pairs: Vec<_> = self.0.iter().collect();
        pairs.sort();
        pairs.hash(state);
    }
}

/// Resolves `@/` links against what exists.
pub struct Links<'a> {
    pub config: &'a Config,
    pub urls: &'a Urls,
    pub exists: &'a Existence,
    pub notes: &'a Notes,
}

impl Links<'_> {
    /// `articles/x.md` (the part of an `@/` link after `@/`) to a URL in language `li`.
    pub fn resolve(&self, path: &str, li: usize) -> Result<Resolved, String> {
        let unknown = || format!("`@/{path}` links to nothing");
        let (dir, file) = path.split_once('/').ok_or_else(unknown)?;
        let section = Section::from_dir(dir).ok_or_else(|| {
            format!("`@/{path}` links to nothing: `{dir}` is not articles, topics or pages")
        })?;
        let slug = file
            .strip_suffix(".md")
            .ok_or_else(|| format!("`@/{path}` must name a `.md` file"))?;
        let known = self.exists.section(section);
        let Some(present) = known.get(slug) else {
            let near = did_you_mean(slug, known.keys().map(String::as_str))
                .map(|n| format!("; did you mean `@/{dir}/{n}.md`?"))
                .unwrap_or_default();
            return Err(format!(
                "`@/{path}` links to nothing: there is no content/{dir}/{slug}.<lang>.md{near}"
            ));
        };
        let langs = &self.config.languages;
        if present[li] {
            return Ok(Resolved {
                url: self.urls.url(&content_path(section, slug, &langs[li].code)),
                other_language: None,
            });
        }
        let other = present.iter().position(|&p| p).ok_or_else(unknown)?;
        let code = &langs[other].code;
        Ok(Resolved {
            url: self.urls.url(&content_path(section, slug, code)),
            other_language: Some(OtherLanguage {
                code: code.clone(),
                note: self.notes.note(li, other, &langs[other].name),
            }),
        })
    }
}

impl Site {
    /// Every `@/…#anchor` must name a heading of the page it points to.
    pub(super) fn check_anchors(&self, errors: &mut Collector) {
        let mut headings: HashMap<(Section, &str), Vec<Option<&[Heading]>>> = HashMap::new();
        type Linking<'s> = (&'s dyn Source, &'s [markdown::Link], usize);
        let mut links: Vec<Linking> = Vec::new();
        fn index<'s, M>(
            section: Section,
            entries: impl Iterator<Item = &'s Entry<M>>,
            headings: &mut HashMap<(Section, &'s str), Vec<Option<&'s [Heading]>>>,
            links: &mut Vec<Linking<'s>>,
        ) where
            M: 's,
        {
            for e in entries {
                let ids = e
                    .versions
                    .iter()
                    .map(|v| v.as_ref().map(|v| v.body.headings.as_slice()));
                headings.insert((section, &e.slug), ids.collect());
                for (li, v) in e.versions.iter().enumerate() {
                    if let Some(v) = v {
                        links.push((&*v.doc, &v.body.links, li));
                    }
                }
            }
        }
        index(
            Section::Articles,
            self.articles.iter().map(|a| &a.entry),
            &mut headings,
            &mut links,
        );
        index(
            Section::Topics,
            self.topics.iter().map(|t| &t.entry),
            &mut headings,
            &mut links,
        );
        index(
            Section::Pages,
            self.free_pages.iter(),
            &mut headings,
            &mut links,
        );
        let mut home_links = Vec::new();
        index(
            Section::Pages,
            std::iter::once(&self.home),
            &mut HashMap::new(),
            &mut home_links,
        );
        links.extend(home_links);

        for (doc, doc_links, li) in links {
            for link in doc_links {
                let Some(anchor) = &link.anchor else { continue };
                let Some((dir, file)) = link.target.split_once('/') else {
                    continue;
                };
                let (Some(section), Some(slug)) =
                    (Section::from_dir(dir), file.strip_suffix(".md"))
                else {
                    continue;
                };
                let Some(versions) = headings.get(&(section, slug)) else {
                    continue;
                };
                let target = versions[li].or_else(|| versions.iter().flatten().next().copied());
                let Some(target) = target else { continue };
                if !target.iter().any(|h| &h.id == anchor) {
                    let known: Vec<&str> = target.iter().map(|h| h.id.as_str()).collect();
                    let help = match did_you_mean(anchor, known.iter().copied()) {
                        Some(near) => format!("did you mean `#{near}`?"),
                        None if known.is_empty() => {
                            "that page has no headings; link to the page without `#…`".into()
                        }
                        None => format!(
                            "the headings there are: {}",
                            known
                                .iter()
                                .map(|k| format!("#{k}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    let (path, source, body_start) = doc.source();
                    errors.push(
                        Diagnostic::new(
                            path,
                            format!(
                                "`@/{}#{anchor}` links to a heading that does not exist",
                                link.target
                            ),
                        )
                        .at_offset(&source, body_start + link.offset)
                        .help(help),
                    );
                }
            }
        }
    }
}

/// A document's path, whole text (read again if it was released) and where its body starts in
/// it, for a diagnostic to point into.
trait Source {
    fn source(&self) -> (&Path, std::borrow::Cow<'_, str>, usize);
}

impl<M> Source for Document<M> {
    fn source(&self) -> (&Path, std::borrow::Cow<'_, str>, usize) {
        (&self.path, self.text().unwrap_or_default(), self.body_start)
    }
}
