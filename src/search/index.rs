//! The search index of one language, as the browser's client reads it (`static/js/search.js`):
//!
//! - `meta.json`: `{"v":1,"lang","dir","docs","shards","chunk"}`.
//! - `shard-N.json.gz`: the stems whose FNV-1a hash modulo `shards` is N, each with its surface
//!   forms and postings: `{"<stem>": [["form", …], [doc, weight, mask, …]]}`. `weight` counts
//!   the stem's occurrences, those in the title most, then headings, the summary, figures and
//!   the source's name, the body least; bit `i` of `mask` says the doc has form `i` (forms past
//!   the 31st share the last bit), so a query can prefer the exact form over its stem alone.
//! - `text-C.json.gz`: docs `C×chunk` to `C×chunk+chunk−1` (see [`chunk_size`]), each `[url, title, kind, text]`,
//!   the text (summary, then body) for snippets.
//!
//! A query loads `meta.json`, one shard per word and the text chunks of the results it shows.
//! Files are gzip, which the client decompresses itself, so that no host setting is needed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::fast_hash::Fast;
use crate::outputs::Bytes;

use super::analyze::Analyzer;
use super::html::push_text_of;
use super::json::push_str;
use super::shards::{Assembled, assemble, reassemble};
pub use super::shards::{Shard, fnv1a};
pub use super::terms::Analysed;
use super::terms::analyse;

/// Documents per text chunk: few enough that the ten results shown load little text (a first
/// query loads one chunk per result), many enough that a large site is not tens of thousands of
/// files: two up to 2,500 documents, then more, up to eight from 10,000.
pub fn chunk_size(docs: usize) -> usize {
    (docs / 1_250).clamp(2, 8)
}

/// Postings per shard aimed at: a shard of about 15 kB gzipped.
pub(super) const POSTINGS_PER_SHARD: usize = 2_500;

/// A document to index, as the model has it.
pub struct Doc<'a> {
    pub url: &'a str,
    pub title: &'a str,
    /// `article`, `topic` or `page`.
    pub kind: &'static str,
    pub summary: Option<&'a str>,
    /// The body's headings.
    pub headings: &'a [crate::markdown::Heading],
    /// The source's name, if the document has one.
    pub source: Option<&'a str>,
    /// Its figures, whose values and labels are indexed with the source's name.
    pub figures: &'a [crate::content::meta::Figure],
    /// The rendered body.
    pub html: crate::spill::Html<'a>,
    /// A hash of everything above, to reuse the analysis of an unchanged document.
    pub key: u64,
}

impl<'a> Doc<'a> {
    /// The source's name, then each figure's value and label.
    pub fn extras(&self) -> impl Iterator<Item = &'a str> {
        let figures = self.figures;
        self.source.into_iter().chain(
            figures
                .iter()
                .flat_map(|f| [f.value.as_str(), f.label.as_str()]),
        )
    }
}

/// A text chunk's file, gzipped, and a hash of the documents it was made from. A build that
/// is not repeated spills it (and `gz` is empty) until it is written.
#[derive(Clone)]
pub struct Chunk {
    pub key: u64,
    pub gz: Bytes,
    pub spilled: Option<crate::spill::Spilled>,
}

/// One language's documents analysed: each one's analysis, and the text chunks.
pub struct Analyses {
    pub docs: Vec<Arc<Analysed>>,
    pub chunks: Vec<Chunk>,
    /// Why a body spilled by the build could not be read back, if one could not.
    pub unread: Option<String>,
}

/// What is kept from one build to the next (in `serve`), per language (each language's index
/// is made at the same time as the others'): the documents' analyses, by [`Doc::key`], the
/// text chunks, by their key, and the index as last put together, so that an edit
/// re-assembles only the shards it touches.
///
/// A `build` makes one index and keeps nothing ([`Cache::keep_nothing`]).
#[derive(Default)]
pub struct Cache {
    analyses: Mutex<HashMap<String, ByKey<Arc<Analysed>>>>,
    chunks: Mutex<HashMap<String, ByKey<Bytes>>>,
    assembled: Mutex<HashMap<String, Assembled>>,
    forgets: AtomicBool,
}

/// What is kept by a document's or chunk's key.
type ByKey<T> = HashMap<u64, T, Fast>;

fn take<T>(m: &Mutex<HashMap<String, T>>, lang: &str) -> Option<T> {
    match m.lock() {
        Ok(mut m) => m.remove(lang),
        Err(p) => p.into_inner().remove(lang),
    }
}

fn put<T>(m: &Mutex<HashMap<String, T>>, lang: &str, value: T) {
    match m.lock() {
        Ok(mut m) => m.insert(lang.to_string(), value),
        Err(p) => p.into_inner().insert(lang.to_string(), value),
    };
}

impl Cache {
    /// From now on, keeps nothing for a next build: for a single build, which then holds
    /// neither the analyses by key nor the postings by shard that only an edit reuses.
    pub fn keep_nothing(&self) {
        self.forgets.store(true, Ordering::Relaxed);
    }

    fn keeps(&self) -> bool {
        !self.forgets.load(Ordering::Relaxed)
    }

    /// The analyses and text chunks of language `lang`'s `docs`, reusing those kept; afterwards
    /// the cache keeps only these for the language. A chunk is made in one go with its
    /// documents' analyses, and its text dropped once compressed.
    ///
    /// With `spill`, each chunk is put there as soon as it is compressed (where the file takes
    /// it), so that the index never holds every chunk.
    pub fn analyse(
        &self,
        lang: &str,
        analyzer: &Analyzer,
        docs: &[Doc],
        spill: Option<&Arc<crate::spill::Spill>>,
    ) -> Analyses {
        use rayon::prelude::*;
        let old = take(&self.analyses, lang).unwrap_or_default();
        let old_chunks = take(&self.chunks, lang).unwrap_or_default();
        let size = chunk_size(docs.len());
        let unread = Mutex::new(None);
        let made: Vec<(Vec<Arc<Analysed>>, Chunk)> = docs
            .par_chunks(size)
            .map(|group| {
                let keys: Vec<u64> = group.iter().map(|d| d.key).collect();
                let key = crate::outputs::key_of(&keys);
                if let Some(gz) = old_chunks.get(&key)
                    && let Some(kept) = keys.iter().map(|k| old.get(k).cloned()).collect()
                {
                    let gz = gz.clone();
                    let spilled = None;
                    return (kept, Chunk { key, gz, spilled });
                }
                // The chunk's JSON: `[[url, title, kind, text], …]`.
                let mut json = Vec::with_capacity(group.iter().map(|d| d.html.len()).sum());
                json.push(b'[');
                let analysed = group
                    .iter()
                    .map(|d| {
                        let text = snippet_text(d).unwrap_or_else(|e| {
                            if let Ok(mut u) = unread.lock() {
                                *u = Some(crate::spill::unread(d.url, &e));
                            }
                            String::new()
                        });
                        let a = match old.get(&d.key) {
                            Some(a) => a.clone(),
                            None => Arc::new(analyse(analyzer, d, &text)),
                        };
                        if json.len() > 1 {
                            json.push(b',');
                        }
                        json.push(b'[');
                        for field in [d.url, d.title, d.kind] {
                            push_str(&mut json, field);
                            json.push(b',');
                        }
                        push_str(&mut json, &text);
                        json.push(b']');
                        a
                    })
                    .collect();
                json.push(b']');
                // Into memory: it cannot fail.
                let gz: Bytes = super::gzip::gzip(&json).unwrap_or_default().into();
                let spilled = spill.and_then(|s| s.put(&gz).ok());
                let gz = if spilled.is_some() {
                    Bytes::default()
                } else {
                    gz
                };
                (analysed, Chunk { key, gz, spilled })
            })
            .collect();
        let mut out = Analyses {
            docs: Vec::with_capacity(docs.len()),
            chunks: Vec::with_capacity(made.len()),
            unread: unread.into_inner().unwrap_or_default(),
        };
        for (analysed, chunk) in made {
            out.docs.extend(analysed);
            out.chunks.push(chunk);
        }
        if self.keeps() {
            let kept: ByKey<Arc<Analysed>> = docs
                .iter()
                .map(|d| d.key)
                .zip(out.docs.iter().cloned())
                .collect();
            put(&self.analyses, lang, kept);
            let chunks = out.chunks.iter().map(|c| (c.key, c.gz.clone())).collect();
            put(&self.chunks, lang, chunks);
        } else {
            super::terms::forget_words();
        }
        out
    }

    /// The shards of language `lang`'s index from `analysed`: those no changed document has
    /// a stem in are the last build's, when few documents changed in place (the same number of
    /// documents and of shards); otherwise every shard is made anew.
    pub fn shards(&self, lang: &str, analysed: &[Arc<Analysed>]) -> Vec<Arc<Shard>> {
        let postings: usize = analysed.iter().map(|a| a.terms.len()).sum();
        let shard_count = postings.div_ceil(POSTINGS_PER_SHARD).max(1);
        let previous = take(&self.assembled, lang)
            .filter(|p| p.shards.len() == shard_count && p.analysed.len() == analysed.len());
        let keeps = self.keeps();
        let assembled = match previous {
            Some(p) => reassemble(p, analysed),
            None => assemble(analysed, shard_count, keeps),
        };
        let shards = assembled.shards.clone();
        if keeps {
            put(&self.assembled, lang, assembled);
        }
        shards
    }
}

/// The text a document shows in snippets: its summary, then its body's text.
fn snippet_text(doc: &Doc) -> std::io::Result<String> {
    let html = doc.html.text()?;
    let mut text = String::new();
    if let Some(s) = doc.summary.filter(|s| !s.is_empty()) {
        text.reserve(s.len() + 1 + html.len());
        text.push_str(s);
        text.push('\n');
    }
    push_text_of(&mut text, &html);
    Ok(text)
}

/// The files of one language's index that depend on every document, as text before
/// compression (the text chunks are made with the analyses: [`Cache::analyse`]).
pub struct Files {
    pub meta: String,
    pub shards: Vec<Arc<Shard>>,
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    lang: &'a str,
    dir: &'a str,
    docs: usize,
    shards: usize,
    chunk: usize,
}

/// The index's files of one language that depend on every document: its shards put together
/// (through `cache`, which keeps them for the next build) and its description.
pub fn files(
    cache: &Cache,
    lang: &str,
    dir: &str,
    docs: &[Doc],
    analysed: &[Arc<Analysed>],
) -> Files {
    let shards = cache.shards(lang, analysed);
    let meta = serde_json::to_string(&Meta {
        v: 1,
        lang,
        dir,
        docs: docs.len(),
        shards: shards.len(),
        chunk: chunk_size(docs.len()),
    })
    .unwrap_or_default();
    Files { meta, shards }
}

#[cfg(test)]
mod tests {
    use super::super::terms::TITLE;
    use super::*;

    fn doc<'a>(title: &'a str, html: &'a str) -> Doc<'a> {
        Doc {
            url: "/ar/articles/x/",
            title,
            kind: "article",
            summary: None,
            headings: &[],
            source: None,
            figures: &[],
            html: crate::spill::Html::Text(html),
            key: crate::outputs::key_of(&(title, html)),
        }
    }

    #[test]
    fn variant_spellings_share_a_stem_and_keep_their_forms() {
        let a = Analyzer::new("ar");
        let docs = [
            doc("الإحالات", "<p>الأطفال</p>"),
            doc("احالات", "<p>الاطفال</p>"),
        ];
        let cache = Cache::default();
        let analysed = cache.analyse("ar", &a, &docs, None);
        let f = files(&cache, "ar", "rtl", &docs, &analysed.docs);
        let stem = a.stem(&a.normalise("الإحالات"));
        let shard = f.shards[(fnv1a(&stem) as usize) % f.shards.len()].json();
        let v: serde_json::Value = serde_json::from_slice(shard).unwrap();
        let entry = &v[&stem];
        assert_eq!(entry[0].as_array().unwrap().len(), 2, "{entry}");
        // Both docs, the title's weight, and each with its own form.
        assert_eq!(entry[1], serde_json::json!([0, TITLE, 1, 1, TITLE, 2]));
        let meta: serde_json::Value = serde_json::from_str(&f.meta).unwrap();
        assert_eq!(meta["docs"], 2);
        assert_eq!(analysed.chunks.len(), 1);
        let mut json = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&analysed.chunks[0].gz[..]),
            &mut json,
        )
        .unwrap();
        let chunk: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(
            chunk[1],
            serde_json::json!(["/ar/articles/x/", "احالات", "article", "الاطفال"])
        );
    }

    #[test]
    fn an_index_reassembled_after_an_edit_is_the_one_made_anew() {
        let a = Analyzer::new("en");
        // Enough distinct words for several shards.
        let mut bodies: Vec<String> = (0..60)
            .map(|d| {
                let words: Vec<String> = (0..200).map(|i| format!("w{d}x{i} common")).collect();
                format!("<p>{}</p>", words.join(" "))
            })
            .collect();
        // A short document, whose edit reaches three shards at most.
        bodies[7] = "<p>common lonely words</p>".into();
        fn make(bodies: &[String]) -> Vec<Doc<'_>> {
            bodies.iter().map(|b| doc("Title", b)).collect()
        }
        let kept = Cache::default();
        let first = make(&bodies);
        let analysed = kept.analyse("en", &a, &first, None).docs;
        let before = files(&kept, "en", "ltr", &first, &analysed);
        assert!(before.shards.len() >= 4, "{} shards", before.shards.len());

        let json = |f: &Files| {
            f.shards
                .iter()
                .map(|s| s.json().to_vec())
                .collect::<Vec<_>>()
        };
        // A series of edits, each compared with an index made anew: a word replaced, words
        // added before the others (which moves the positions of the document's stems), a long
        // document changed, then the first edit undone.
        let mut edited = bodies.clone();
        let mut previous = before;
        let edits: [(usize, &str); 4] = [
            (7, "<p>common fresh words</p>"),
            (7, "<p>aardvark abacus common fresh words</p>"),
            (3, "<p>w3x1 common</p>"),
            (7, "<p>common lonely words</p>"),
        ];
        for (n, (d, body)) in edits.into_iter().enumerate() {
            edited[d] = body.to_string();
            let docs = make(&edited);
            let analysed = kept.analyse("en", &a, &docs, None).docs;
            let after = files(&kept, "en", "ltr", &docs, &analysed);
            let fresh_cache = Cache::default();
            let fresh_analysed = fresh_cache.analyse("en", &a, &docs, None).docs;
            let fresh = files(&fresh_cache, "en", "ltr", &docs, &fresh_analysed);
            assert_eq!(json(&after), json(&fresh), "after edit {n}");
            assert_ne!(json(&after), json(&previous), "edit {n} shows");
            if n == 0 {
                // Shards the edit does not reach are the same shards, not made again.
                let reused = previous
                    .shards
                    .iter()
                    .zip(&after.shards)
                    .filter(|(b, a)| Arc::ptr_eq(b, a))
                    .count();
                assert!(reused >= 1, "no shard was reused");
            }
            previous = after;
        }
    }

    #[test]
    fn an_unchanged_document_is_not_analysed_again() {
        let a = Analyzer::new("en");
        let cache = Cache::default();
        let docs = [doc("Referrals", "<p>text</p>")];
        let first = cache.analyse("en", &a, &docs, None);
        let other = cache.analyse("ar", &Analyzer::new("ar"), &docs, None).docs;
        let second = cache.analyse("en", &a, &docs, None);
        assert!(
            Arc::ptr_eq(&first.docs[0], &second.docs[0]),
            "another language's index does not evict it"
        );
        assert!(
            Arc::ptr_eq(&first.chunks[0].gz, &second.chunks[0].gz),
            "nor its text chunks"
        );
        assert!(!Arc::ptr_eq(&first.docs[0], &other[0]));
    }
}
