//! The search index, per language (see [`crate::search::index`] for its files), when the site
//! has search. Its files are keyed by their text, so an edit rewrites only the shards and text
//! chunks it changes; each document's analysis is kept between builds in `serve`.

use rayon::prelude::*;

use super::{Inputs, Output, Prepared, key_of};
use crate::content::meta::Figure;
use crate::error::Diagnostic;
use crate::search::analyze::Analyzer;
use crate::search::index::{self, Doc};
use crate::site::{Site, Version};
use crate::spill::{Spill, Spilled};
use std::sync::Arc;

pub fn outputs<'a>(inputs: &'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>> {
    let site = inputs.site;
    if !site.config.search {
        return Vec::new();
    }
    let langs = &site.config.languages;
    let spill = inputs.spill;
    let language = |li: usize| {
        let l = &langs[li];
        let analyzer = Analyzer::new(&l.code);
        let docs = docs(site, li);
        let analyses = inputs.search.analyse(&l.code, &analyzer, &docs, spill);
        let files = index::files(
            inputs.search,
            &l.code,
            l.dir.as_str(),
            &docs,
            &analyses.docs,
        );
        let dir = format!("assets/search/{}", l.code);
        let mut out = vec![IndexOutput::Meta(MetaFile {
            path: format!("{dir}/meta.json"),
            text: files.meta,
            unread: analyses.unread,
        })];
        let shards: Vec<IndexOutput> = files
            .shards
            .into_par_iter()
            .enumerate()
            .map(|(n, shard)| {
                let path = format!("{dir}/shard-{n}.json.gz");
                IndexOutput::Shard(ShardFile::new(path, shard, spill))
            })
            .collect();
        out.extend(shards);
        for (c, chunk) in analyses.chunks.into_iter().enumerate() {
            let path = format!("{dir}/text-{c}.json.gz");
            out.push(IndexOutput::Chunk(ChunkFile { path, chunk }));
        }
        out
    };
    // Each language's index is made with both cores; a build that is not repeated makes them
    // one after the other, so that it holds one language's analyses at a time.
    let per_language: Vec<Vec<IndexOutput>> = match spill {
        Some(_) => (0..langs.len()).map(language).collect(),
        None => (0..langs.len()).into_par_iter().map(language).collect(),
    };
    per_language
        .into_iter()
        .flatten()
        .map(|f| match f {
            IndexOutput::Meta(m) => Box::new(m) as Box<dyn Output + 'a>,
            IndexOutput::Shard(s) => Box::new(s),
            IndexOutput::Chunk(c) => Box::new(c),
        })
        .collect()
}

/// The documents of language `li` in the index's order: articles (newest first), topics, pages.
fn docs(site: &Site, li: usize) -> Vec<Doc<'_>> {
    fn doc<'a, M>(
        v: &'a Version<M>,
        kind: &'static str,
        title: &'a str,
        summary: Option<&'a str>,
        source: Option<&'a str>,
        figures: &'a [Figure],
    ) -> Doc<'a> {
        let headings = &v.body.headings;
        let key = *v.search_key.get_or_init(|| {
            let headings: Vec<&str> = headings.iter().map(|h| h.text.as_str()).collect();
            key_of(&(
                &v.address.url,
                kind,
                title,
                summary,
                &headings,
                source,
                figures,
                v.html_hash,
            ))
        });
        Doc {
            url: &v.address.url,
            title,
            kind,
            summary,
            headings,
            source,
            figures,
            html: v.html(),
            key,
        }
    }
    let mut docs =
        Vec::with_capacity(site.articles.len() + site.topics.len() + site.free_pages.len());
    for a in &site.articles {
        if let Some(v) = &a.entry.versions[li] {
            let m = &v.doc.meta;
            let source = Some(m.source.name.as_str());
            docs.push(doc(
                v,
                "article",
                &m.title,
                Some(&m.summary),
                source,
                &m.figures,
            ));
        }
    }
    for t in &site.topics {
        if let Some(v) = &t.entry.versions[li] {
            let m = &v.doc.meta;
            docs.push(doc(v, "topic", &m.title, Some(&m.summary), None, &[]));
        }
    }
    for p in &site.free_pages {
        if let Some(v) = &p.versions[li] {
            let m = &v.doc.meta;
            docs.push(doc(v, "page", &m.title, m.summary.as_deref(), None, &[]));
        }
    }
    docs
}

enum IndexOutput {
    Meta(MetaFile),
    Shard(ShardFile),
    Chunk(ChunkFile),
}

/// A shard, keyed by its stems, forms and postings.
struct ShardFile {
    path: String,
    key: u64,
    shard: Shard,
}

/// A shard as it is put together, or compressed and spilled until it is written.
enum Shard {
    Json(std::sync::Arc<index::Shard>),
    Spilled(Spilled),
}

impl ShardFile {
    /// The file of `shard` at `path`, compressed and put in `spill` now if given.
    fn new(path: String, shard: std::sync::Arc<index::Shard>, spill: Option<&Arc<Spill>>) -> Self {
        let key = key_of(&(&path, shard.key));
        let spilled = spill.and_then(|s| {
            let gz = gzipped(&path, shard.json()).ok()?;
            s.put(&gz).ok()
        });
        let shard = match spilled {
            Some(s) => Shard::Spilled(s),
            None => Shard::Json(shard),
        };
        ShardFile { path, key, shard }
    }
}

impl Output for ShardFile {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        match &self.shard {
            Shard::Json(shard) => {
                Prepared::new(self.key, move || gzipped(&self.path, shard.json()))
            }
            Shard::Spilled(s) => Prepared::spilled(self.key, &self.path, s),
        }
    }
}

/// A text chunk, made and compressed with its documents' analyses: keyed by their keys, which
/// cover all that its text is made from.
struct ChunkFile {
    path: String,
    chunk: index::Chunk,
}

impl Output for ChunkFile {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        let key = key_of(&(&self.path, self.chunk.key));
        match &self.chunk.spilled {
            Some(s) => Prepared::spilled(key, &self.path, s),
            None => Prepared::made(key, self.chunk.gz.clone()),
        }
    }
}

/// The index's description, as it is (the client reads it first, and it is short). It fails
/// to render when a body spilled by the build could not be read back for the index.
struct MetaFile {
    path: String,
    text: String,
    unread: Option<String>,
}

impl Output for MetaFile {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        let content = xxhash_rust::xxh3::xxh3_64(self.text.as_bytes());
        Prepared::new(key_of(&(&self.path, content)), move || match &self.unread {
            Some(why) => Err(Diagnostic::general(format!(
                "{}: the index lacks a body: {why}",
                self.path
            ))),
            None => Ok(self.text.as_bytes().to_vec().into()),
        })
    }
}

/// `text` gzipped, as the bytes of the file at `path`.
fn gzipped(path: &str, text: &[u8]) -> Result<super::Bytes, Diagnostic> {
    crate::search::gzip::gzip(text)
        .map(Into::into)
        .map_err(|e| Diagnostic::general(format!("compressing {path}: {e}")))
}
