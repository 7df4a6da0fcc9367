//! Bodies: each version's Markdown rendered to HTML, reused from the previous build when its
//! text is the same and each of its `@/` links resolves as it did then.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::links::Links;
use super::pairing::Groups;
use super::{Entry, Version};
use crate::content::Document;
use crate::error::{Collector, Diagnostic};
use crate::markdown::{self, Rendered, Resolved, Settings};
use crate::spill::{Spill, Spilled};
use crate::translations::State;

/// Bodies rendered by an earlier build, to pass to the next.
#[derive(Debug, Default)]
pub struct Bodies(HashMap<u128, Arc<CachedBody>>);

impl Bodies {
    /// Keeps a body rendered for an edit.
    pub(super) fn insert(&mut self, key: u128, body: Arc<CachedBody>) {
        self.0.insert(key, body);
    }
}

#[derive(Debug)]
pub struct CachedBody {
    rendered: Arc<Rendered>,
    html_hash: u64,
    /// Each `@/` target the body asked about, and the answer.
    resolved: Vec<(String, Result<Resolved, String>)>,
    /// Where its HTML is when it was spilled (and `rendered.html` is empty).
    spilled: Option<Spilled>,
}

impl CachedBody {
    /// The body of a document whose file could not be read again.
    fn empty() -> CachedBody {
        CachedBody {
            rendered: Arc::default(),
            html_hash: 0,
            resolved: Vec::new(),
            spilled: None,
        }
    }
}

/// Renders bodies, resolving `@/` links against what exists.
pub(super) struct Renderer<'a> {
    pub links: &'a Links<'a>,
    pub previous: &'a Bodies,
    /// Where a build puts the HTML of the bodies it renders, to be read back by the outputs
    /// that show them; `None` keeps it in memory.
    pub spill: Option<&'a Arc<Spill>>,
}

impl Renderer<'_> {
    /// The entries of `docs`, each version with its body and its address (`path(slug, lang)`).
    pub fn entries<M: Send + Sync>(
        &self,
        docs: Groups<M>,
        path: impl Fn(&str, &str) -> String + Sync,
        errors: &mut Collector,
        used: &mut Bodies,
    ) -> Vec<Entry<M>> {
        type Made<M> = (Entry<M>, Vec<Diagnostic>, Vec<(u128, Arc<CachedBody>)>);
        let rendered: Vec<Made<M>> = docs
            .into_par_iter()
            .map(|(slug, slots)| {
                let mut problems = Vec::new();
                let mut bodies = Vec::new();
                let versions = slots
                    .into_iter()
                    .enumerate()
                    .map(|(li, doc)| {
                        doc.map(|doc| {
                            let address = self.links.urls.address(&path(&slug, &doc.lang));
                            let (version, key, cached, found) = self.version(doc, li, address);
                            problems.extend(found);
                            bodies.push((key, cached));
                            version
                        })
                    })
                    .collect();
                (Entry { slug, versions }, problems, bodies)
            })
            .collect();
        rendered
            .into_iter()
            .map(|(entry, problems, bodies)| {
                errors.extend(problems);
                used.0.extend(bodies);
                entry
            })
            .collect()
    }

    /// The version of `doc` in language `li` at `address`, as an original (the model gives it
    /// its translation state), with its body's key and the problems its body has.
    pub fn version<M>(
        &self,
        doc: Arc<Document<M>>,
        li: usize,
        address: crate::urls::Address,
    ) -> (Version<M>, u128, Arc<CachedBody>, Vec<Diagnostic>) {
        let (key, cached, mut problems) = match self.body(&doc, li) {
            Ok((key, cached)) => (key, cached, Vec::new()),
            Err(unread) => (0, Arc::new(CachedBody::empty()), vec![unread]),
        };
        if !cached.rendered.problems.is_empty() {
            let source = doc.text().unwrap_or_default();
            problems.extend(cached.rendered.problems.iter().map(|p| {
                Diagnostic::new(&doc.path, p.message.clone())
                    .at_offset(&source, doc.body_start + p.offset)
                    .help(p.help.clone())
            }));
        }
        let version = Version {
            doc,
            body: cached.rendered.clone(),
            html_hash: cached.html_hash,
            spilled: cached.spilled.clone(),
            address,
            translation: State::Original,
            search_key: std::sync::OnceLock::new(),
        };
        (version, key, cached, problems)
    }

    /// The rendered body of `doc` in language `li`: the earlier one if it still holds, else new
    /// (from its source read again, if it was released: which fails if the file changed).
    fn body<M>(&self, doc: &Document<M>, li: usize) -> Result<(u128, Arc<CachedBody>), Diagnostic> {
        let allow_html = self.links.config.raw_html == crate::config::RawHtml::Allow;
        let mut key = xxhash_rust::xxh3::Xxh3::new();
        key.update(&doc.body_hash.to_le_bytes());
        key.update(&[li as u8, allow_html as u8]);
        let key = key.digest128();
        if let Some(cached) = self.previous.0.get(&key)
            && cached
                .resolved
                .iter()
                .all(|(target, answer)| self.links.resolve(target, li) == *answer)
        {
            return Ok((key, cached.clone()));
        }
        let source = doc.text()?;
        let body = source.get(doc.body_start..).unwrap_or("");
        let asked = Mutex::new(Vec::new());
        let resolve = |path: &str| {
            let answer = self.links.resolve(path, li);
            if let Ok(mut asked) = asked.lock() {
                asked.push((path.to_string(), answer.clone()));
            }
            answer
        };
        let settings = Settings {
            allow_html,
            resolve: &resolve,
        };
        let mut rendered = markdown::render(body, &settings);
        let resolved = asked.into_inner().unwrap_or_default();
        let html_hash = xxhash_rust::xxh3::xxh3_64(rendered.html.as_bytes());
        // Where the scratch file cannot take it, the HTML stays in memory.
        let spilled = self
            .spill
            .and_then(|s| s.put(rendered.html.as_bytes()).ok());
        if spilled.is_some() {
            rendered.html = String::new();
        }
        Ok((
            key,
            Arc::new(CachedBody {
                rendered: Arc::new(rendered),
                html_hash,
                resolved,
                spilled,
            }),
        ))
    }
}
