//! One document's terms: its fields normalised and stemmed into stems with their weights and
//! surface forms ([`Analysed`]), which the index's shards are put together from.

use std::collections::HashMap;

use super::analyze::Analyzer;
use super::index::Doc;
use super::shards::fnv1a;
use crate::fast_hash::Fast;

/// How much an occurrence counts, by field.
pub(super) const TITLE: u32 = 10;
const HEADING: u32 = 5;
const SUMMARY: u32 = 4;
const EXTRA: u32 = 3;
const BODY: u32 = 1;

/// Occurrences counted per field, so that repeating a word does not outweigh a title.
const MAX_COUNT: u32 = 5;

/// What a document brings to the index's shards, analysed once: its stems in the order the
/// document first has them (title, headings, summary, figures, body), each with
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
    /// By stem id: the first and last of its (stem, term) pairs in `pairs`, or [`NONE`].
    first: Vec<u32>,
    last: Vec<u32>,
    /// The stems of the current field and of the document, and its (stem, term) pairs in the
    /// order first seen, each with the next pair of the same stem (or [`NONE`]).
    in_field: Vec<u32>,
    in_doc: Vec<u32>,
    pairs: Vec<(u32, u32)>,
    next: Vec<u32>,
}

/// No pair.
const NONE: u32 = u32::MAX;

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
        self.first.push(NONE);
        self.last.push(NONE);
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
                let at = self.pairs.len() as u32;
                self.pairs.push((stem as u32, term as u32));
                self.next.push(NONE);
                match self.last[stem] {
                    NONE => self.first[stem] = at,
                    last => self.next[last as usize] = at,
                }
                self.last[stem] = at;
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
        // The names' length first: a site's analyses are held together, without slack.
        let mut length = 0;
        for &stem in &self.in_doc {
            length += self.strings[stem as usize].len();
            let mut pair = self.first[stem as usize];
            while pair != NONE {
                length += self.strings[self.pairs[pair as usize].1 as usize].len();
                pair = self.next[pair as usize];
            }
        }
        let mut out = Analysed {
            names: String::with_capacity(length),
            terms: Vec::with_capacity(self.in_doc.len()),
            forms: Vec::with_capacity(self.pairs.len()),
        };
        let mut push = |s: &str| {
            let start = out.names.len() as u32;
            out.names.push_str(s);
            (start, out.names.len() as u32)
        };
        // Each stem, then its forms, by following its pairs.
        for &stem in &self.in_doc {
            let stem = stem as usize;
            let at = out.forms.len() as u32;
            let name = push(&self.strings[stem]);
            let mut pair = self.first[stem];
            while pair != NONE {
                let term = self.pairs[pair as usize].1 as usize;
                out.forms.push(push(&self.strings[term]));
                self.has[term] = false;
                pair = self.next[pair as usize];
            }
            out.terms.push(Term {
                stem: name,
                hash: self.hashes[stem],
                weight: self.weight[stem],
                forms: (at, out.forms.len() as u32),
            });
            self.weight[stem] = 0;
            self.first[stem] = NONE;
            self.last[stem] = NONE;
        }
        self.in_doc.clear();
        self.pairs.clear();
        self.next.clear();
        out
    }
}

thread_local! {
    static SEEN: std::cell::RefCell<HashMap<Analyzer, Seen>> = std::cell::RefCell::new(HashMap::new());
}

/// Words remembered per thread before the memory starts again.
const SEEN_LIMIT: usize = 200_000;

/// Forgets the words every thread remembers: for a build, once its index is made (they are
/// tens of MB a thread and language on a large site).
pub(super) fn forget_words() {
    rayon::broadcast(|_| SEEN.with(|seen| seen.borrow_mut().clear()));
    SEEN.with(|seen| seen.borrow_mut().clear());
}

/// `doc` analysed, from its fields and `text` (its summary, then its body's text, as snippets
/// show it).
pub(super) fn analyse(analyzer: &Analyzer, doc: &Doc, text: &str) -> Analysed {
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        let seen = seen.entry(*analyzer).or_default();
        if seen.words.len() > SEEN_LIMIT {
            *seen = Seen::default();
        }
        analyse_with(analyzer, doc, text, seen)
    })
}

fn analyse_with(analyzer: &Analyzer, doc: &Doc, text: &str, seen: &mut Seen) -> Analysed {
    // The body is indexed from the snippet text, after the summary.
    let body = match doc.summary {
        Some(s) if !s.is_empty() => &text[s.len() + 1..],
        _ => text,
    };
    seen.field(analyzer, doc.title, TITLE);
    for h in doc.headings {
        seen.field(analyzer, &h.text, HEADING);
    }
    if let Some(s) = doc.summary {
        seen.field(analyzer, s, SUMMARY);
    }
    for e in doc.extras() {
        seen.field(analyzer, e, EXTRA);
    }
    seen.field(analyzer, body, BODY);
    seen.take()
}
