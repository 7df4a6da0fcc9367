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
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::outputs::Bytes;

use super::analyze::Analyzer;
use super::html::push_text_of;
use super::json::push_str;
use super::shards::{Assembled, assemble, reassemble};
pub use super::shards::{Shard, fnv1a};

/// Documents per text chunk: few enough that the ten results shown load little text (a first
/// query loads one chunk per result), many enough that a large site is not tens of thousands of
/// files: two up to 2,500 documents, then more, up to eight from 10,000.
pub fn chunk_size(docs: usize) -> usize {
    (docs / 1_250).clamp(2, 8)
}

/// Postings per shard aimed at: a shard of about 15 kB gzipped.
pub(super) const POSTINGS_PER_SHARD: usize = 2_500;

/// How much an occurrence counts, by field.
const TITLE: u32 = 10;
const HEADING: u32 = 5;
const SUMMARY: u32 = 4;
const EXTRA: u32 = 3;
const BODY: u32 = 1;

/// Occurrences counted per field, so that repeating a word does not outweigh a title.
const MAX_COUNT: u32 = 5;

/// A document to index, as the model has it.
pub struct Doc<'a> {
    pub url: &'a str,
    pub title: &'a str,
    /// `article`, `topic` or `page`.
    pub kind: &'static str,
    pub summary: Option<&'a str>,
    pub headings: Vec<&'a str>,
    /// Figures' values and labels, the source's name.
    pub extras: Vec<&'a str>,
    /// The rendered body.
    pub html: &'a str,
    /// A hash of everything above, to reuse the analysis of an unchanged document.
    pub key: u64,
}

/// What a document brings to the index's shards, analysed once: its stems in order, each with
/// its weight and the surface forms seen, their names back to back in one string (a document
/// has hundreds, and a site tens of thousands of documents). Its text goes into its chunk as
/// soon as it is read, so that the index never holds the text of every document at once.
pub struct Analysed {
    names: String,
    pub(super) terms: Vec<Term>,
    /// The ranges in `names` of the forms, each term's together.
    pub(super) forms: Vec<(u32, u32)>,
}

pub(super) struct Term {
    pub(super) stem: (u32, u32),
    /// The stem's [`fnv1a`], which says its shard.
    pub(super) hash: u32,
    pub(super) weight: u32,
    /// The range of its forms in [`Analysed::forms`].
    pub(super) forms: (u32, u32),
}

impl Analysed {
    pub(super) fn name(&self, (start, end): (u32, u32)) -> &str {
        &self.names[start as usize..end as usize]
    }
}

/// A text chunk's file, gzipped, and a hash of the documents it was made from.
#[derive(Clone)]
pub struct Chunk {
    pub key: u64,
    pub gz: Bytes,
}

/// One language's documents analysed: each one's analysis, and the text chunks.
pub struct Analyses {
    pub docs: Vec<Arc<Analysed>>,
    pub chunks: Vec<Chunk>,
}

/// What is kept from one build to the next (in `serve`), per language (each language's index
/// is made at the same time as the others'): the documents' analyses, by [`Doc::key`], the
/// text chunks, by their key, and the index as last put together, so that an edit
/// re-assembles only the shards it touches.
#[derive(Default)]
pub struct Cache {
    analyses: Mutex<HashMap<String, HashMap<u64, Arc<Analysed>>>>,
    chunks: Mutex<HashMap<String, HashMap<u64, Bytes>>>,
    assembled: Mutex<HashMap<String, Assembled>>,
}

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
    /// The analyses and text chunks of language `lang`'s `docs`, reusing those kept; afterwards
    /// the cache keeps only these for the language. A chunk is made in one go with its
    /// documents' analyses, and its text dropped once compressed.
    pub fn analyse(&self, lang: &str, analyzer: &Analyzer, docs: &[Doc]) -> Analyses {
        use rayon::prelude::*;
        let old = take(&self.analyses, lang).unwrap_or_default();
        let old_chunks = take(&self.chunks, lang).unwrap_or_default();
        let size = chunk_size(docs.len());
        let made: Vec<(Vec<Arc<Analysed>>, Chunk)> = docs
            .par_chunks(size)
            .map(|group| {
                let keys: Vec<u64> = group.iter().map(|d| d.key).collect();
                let key = crate::outputs::key_of(&keys);
                if let Some(gz) = old_chunks.get(&key)
                    && let Some(kept) = keys.iter().map(|k| old.get(k).cloned()).collect()
                {
                    let gz = gz.clone();
                    return (kept, Chunk { key, gz });
                }
                // The chunk's JSON: `[[url, title, kind, text], …]`.
                let mut json = Vec::with_capacity(group.iter().map(|d| d.html.len()).sum());
                json.push(b'[');
                let analysed = group
                    .iter()
                    .map(|d| {
                        let text = snippet_text(d);
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
                let gz = super::gzip::gzip(&json).unwrap_or_default().into();
                (analysed, Chunk { key, gz })
            })
            .collect();
        let mut out = Analyses {
            docs: Vec::with_capacity(docs.len()),
            chunks: Vec::with_capacity(made.len()),
        };
        for (analysed, chunk) in made {
            out.docs.extend(analysed);
            out.chunks.push(chunk);
        }
        let kept: HashMap<u64, Arc<Analysed>> = docs
            .iter()
            .map(|d| d.key)
            .zip(out.docs.iter().cloned())
            .collect();
        put(&self.analyses, lang, kept);
        let chunks = out.chunks.iter().map(|c| (c.key, c.gz.clone())).collect();
        put(&self.chunks, lang, chunks);
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
        let assembled = match previous {
            Some(p) => reassemble(p, analysed),
            None => assemble(analysed, shard_count),
        };
        let shards = assembled.shards.clone();
        put(&self.assembled, lang, assembled);
        shards
    }
}

/// The words a thread has analysed, each word's term and stem as ids into `strings`: text
/// repeats its words, and a word's analysis (normalisation and stemming) costs more than
/// looking it up. With, by id, the tallies of the document being analysed, so that a word
/// costs one lookup and a few array steps.
#[derive(Default)]
struct Seen {
    words: HashMap<String, Option<(u32, u32)>, Fast>,
    ids: HashMap<String, u32, Fast>,
    strings: Vec<String>,
    /// By id: the string's [`fnv1a`].
    hashes: Vec<u32>,
    /// By stem id: occurrences in the current field, and the document's weight so far.
    count: Vec<u32>,
    weight: Vec<u32>,
    /// By term id: whether the document has it.
    has: Vec<bool>,
    /// The stems of the current field and of the document, and its (stem, term) pairs.
    in_field: Vec<u32>,
    in_doc: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

impl Seen {
    fn id(&mut self, s: String) -> u32 {
        if let Some(&id) = self.ids.get(&s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.hashes.push(fnv1a(&s));
        self.strings.push(s.clone());
        self.ids.insert(s, id);
        self.count.push(0);
        self.weight.push(0);
        self.has.push(false);
        id
    }

    /// The term and stem of `word`, analysed the first time it is seen.
    fn word(&mut self, analyzer: &Analyzer, word: &str) -> Option<(u32, u32)> {
        if let Some(&w) = self.words.get(word) {
            return w;
        }
        let w = analyzer
            .term_and_stem(word)
            .map(|(term, stem)| (self.id(term), self.id(stem)));
        self.words.insert(word.to_string(), w);
        w
    }

    /// Counts the words of one field of the document, each stem at most [`MAX_COUNT`] times.
    fn field(&mut self, analyzer: &Analyzer, text: &str, weight: u32) {
        for (start, end) in analyzer.spans(text) {
            let Some((term, stem)) = self.word(analyzer, &text[start..end]) else {
                continue;
            };
            let (term, stem) = (term as usize, stem as usize);
            if self.count[stem] == 0 {
                self.in_field.push(stem as u32);
            }
            self.count[stem] += 1;
            if !self.has[term] {
                self.has[term] = true;
                self.pairs.push((stem as u32, term as u32));
            }
        }
        for stem in self.in_field.drain(..) {
            let stem = stem as usize;
            if self.weight[stem] == 0 {
                self.in_doc.push(stem as u32);
            }
            self.weight[stem] += weight * self.count[stem].min(MAX_COUNT);
            self.count[stem] = 0;
        }
    }

    /// The document's analysis from its tallies; and a clean slate for the next document.
    fn take(&mut self) -> Analysed {
        let strings = &self.strings;
        let name = |id: u32| strings[id as usize].as_str();
        // By stem, then form: each stem's pairs together, its forms in order.
        self.pairs
            .sort_unstable_by(|a, b| name(a.0).cmp(name(b.0)).then(name(a.1).cmp(name(b.1))));
        let mut out = Analysed {
            names: String::new(),
            terms: Vec::with_capacity(self.in_doc.len()),
            forms: Vec::with_capacity(self.pairs.len()),
        };
        let push = |names: &mut String, s: &str| {
            let start = names.len() as u32;
            names.push_str(s);
            (start, names.len() as u32)
        };
        for (i, &(stem, term)) in self.pairs.iter().enumerate() {
            if i == 0 || self.pairs[i - 1].0 != stem {
                let stem_range = push(&mut out.names, name(stem));
                let at = out.forms.len() as u32;
                out.terms.push(Term {
                    stem: stem_range,
                    hash: self.hashes[stem as usize],
                    weight: self.weight[stem as usize],
                    forms: (at, at),
                });
            }
            let form = push(&mut out.names, name(term));
            out.forms.push(form);
            if let Some(t) = out.terms.last_mut() {
                t.forms.1 += 1;
            }
            self.has[term as usize] = false;
        }
        for &stem in &self.in_doc {
            self.weight[stem as usize] = 0;
        }
        self.in_doc.clear();
        self.pairs.clear();
        out
    }
}

pub(super) type Fast = std::hash::BuildHasherDefault<WordHasher>;

/// A hasher for short words and small ids, eight bytes at a step (in the manner of rustc's
/// FxHash): much faster than SipHash, and the keys come from the site's own text, not from an
/// adversary.
#[derive(Default)]
pub(super) struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

thread_local! {
    static SEEN: std::cell::RefCell<HashMap<Analyzer, Seen>> = std::cell::RefCell::new(HashMap::new());
}

/// Words remembered per thread before the memory starts again.
const SEEN_LIMIT: usize = 200_000;

/// `doc` analysed, from its fields and `text` (its [`snippet_text`]).
fn analyse(analyzer: &Analyzer, doc: &Doc, text: &str) -> Analysed {
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        let seen = seen.entry(*analyzer).or_default();
        if seen.words.len() > SEEN_LIMIT {
            *seen = Seen::default();
        }
        analyse_with(analyzer, doc, text, seen)
    })
}

/// The text a document shows in snippets: its summary, then its body's text.
fn snippet_text(doc: &Doc) -> String {
    let mut text = String::new();
    if let Some(s) = doc.summary.filter(|s| !s.is_empty()) {
        text.reserve(s.len() + 1 + doc.html.len());
        text.push_str(s);
        text.push('\n');
    }
    push_text_of(&mut text, doc.html);
    text
}

fn analyse_with(analyzer: &Analyzer, doc: &Doc, text: &str, seen: &mut Seen) -> Analysed {
    // The body is indexed from the snippet text, after the summary.
    let body = match doc.summary {
        Some(s) if !s.is_empty() => &text[s.len() + 1..],
        _ => text,
    };
    seen.field(analyzer, doc.title, TITLE);
    for h in &doc.headings {
        seen.field(analyzer, h, HEADING);
    }
    if let Some(s) = doc.summary {
        seen.field(analyzer, s, SUMMARY);
    }
    for e in &doc.extras {
        seen.field(analyzer, e, EXTRA);
    }
    seen.field(analyzer, body, BODY);
    seen.take()
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
    use super::*;

    fn doc<'a>(title: &'a str, html: &'a str) -> Doc<'a> {
        Doc {
            url: "/ar/articles/x/",
            title,
            kind: "article",
            summary: None,
            headings: Vec::new(),
            extras: Vec::new(),
            html,
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
        let analysed = cache.analyse("ar", &a, &docs);
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
        let analysed = kept.analyse("en", &a, &first).docs;
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
            let analysed = kept.analyse("en", &a, &docs).docs;
            let after = files(&kept, "en", "ltr", &docs, &analysed);
            let fresh_cache = Cache::default();
            let fresh_analysed = fresh_cache.analyse("en", &a, &docs).docs;
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
        let first = cache.analyse("en", &a, &docs);
        let other = cache.analyse("ar", &Analyzer::new("ar"), &docs).docs;
        let second = cache.analyse("en", &a, &docs);
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
