//! The shards of one language's index: each stem's forms and postings, put together from the
//! documents' analyses, all at once or, after an edit, only where the postings changed.

use std::collections::HashMap;
use std::sync::Arc;

use super::index::POSTINGS_PER_SHARD;
use super::json::{push_number, push_str};
use super::terms::{Analysed, Term};
use crate::fast_hash::Fast;

/// One language's index as last put together.
pub(super) struct Assembled {
    pub(super) analysed: Vec<Arc<Analysed>>,
    /// By shard: its postings as (doc, term index in the doc's analysis), in document order.
    buckets: Vec<Vec<(u32, u32)>>,
    pub(super) shards: Vec<Arc<Shard>>,
}

/// Documents changed at most, of all, for an index to be re-assembled shard by shard rather
/// than whole: an edit in `serve` changes one or a few.
const INCREMENTAL_LIMIT: usize = 64;

/// The stems whose postings differ between two analyses of a document: those only one has,
/// and those whose weight or forms changed.
fn differing_stems<'a>(old: &'a Analysed, new: &'a Analysed) -> Vec<&'a str> {
    let forms = |a: &'a Analysed, t: &Term| {
        a.forms[t.forms.0 as usize..t.forms.1 as usize]
            .iter()
            .map(move |&r| a.name(r))
    };
    let mut before: HashMap<&str, &Term, Fast> =
        old.terms.iter().map(|t| (old.name(t.stem), t)).collect();
    let mut out = Vec::new();
    for nt in &new.terms {
        let stem = new.name(nt.stem);
        match before.remove(stem) {
            Some(ot) if ot.weight == nt.weight && forms(old, ot).eq(forms(new, nt)) => {}
            _ => out.push(stem),
        }
    }
    out.extend(before.into_keys());
    out
}

/// The shard a stem is in, of `count`.
fn shard_of(stem: &str, count: usize) -> usize {
    (fnv1a(stem) as usize) % count
}

/// Every shard anew. Each posting, as (doc, term index), is put in its shard's run of one
/// list, in document order: the terms are walked twice, once to count each shard's postings
/// and once to place them, so that the list is made at its size and making a shard reads its
/// postings where they lie together rather than in thousands of analyses. Unless `for_edits`,
/// the assembly holds only its shards, not each shard's postings that [`reassemble`] works on.
pub(super) fn assemble(
    analysed: &[Arc<Analysed>],
    shard_count: usize,
    for_edits: bool,
) -> Assembled {
    use rayon::prelude::*;
    let shard = |term: &Term| term.hash as usize % shard_count;
    let mut starts = vec![0usize; shard_count + 1];
    for a in analysed {
        for term in &a.terms {
            starts[shard(term) + 1] += 1;
        }
    }
    for s in 0..shard_count {
        starts[s + 1] += starts[s];
    }
    let mut placed = starts.clone();
    let mut runs = vec![(0u32, 0u32); starts[shard_count]];
    for (id, a) in analysed.iter().enumerate() {
        for (t, term) in a.terms.iter().enumerate() {
            let at = &mut placed[shard(term)];
            runs[*at] = (id as u32, t as u32);
            *at += 1;
        }
    }
    let run = |s: usize| &runs[starts[s]..starts[s + 1]];
    let shards = (0..shard_count)
        .into_par_iter()
        .map(|s| Arc::new(Shard::of(&Postings::of(run(s), analysed))))
        .collect();
    let mut buckets = Vec::new();
    if for_edits {
        buckets = (0..shard_count)
            .map(|s| {
                let mut bucket = Vec::with_capacity(run(s).len() + POSTINGS_PER_SHARD / 4);
                bucket.extend_from_slice(run(s));
                bucket
            })
            .collect();
    }
    Assembled {
        analysed: analysed.to_vec(),
        buckets,
        shards,
    }
}

/// The previous build's index with the postings of the documents that changed replaced, and
/// the shards they are in made again; or every shard anew when many changed.
pub(super) fn reassemble(mut p: Assembled, analysed: &[Arc<Analysed>]) -> Assembled {
    use rayon::prelude::*;
    let count = p.shards.len();
    let changed: Vec<u32> = (0..analysed.len())
        .filter(|&i| !Arc::ptr_eq(&p.analysed[i], &analysed[i]))
        .map(|i| i as u32)
        .collect();
    if changed.is_empty() {
        return p;
    }
    if changed.len() > INCREMENTAL_LIMIT {
        return assemble(analysed, count, true);
    }
    // The shards whose postings change are made again; those that hold a changed document's
    // stems at all have its postings replaced (their term indices may have moved).
    let mut touched = vec![false; count];
    let mut holding = vec![false; count];
    for &i in &changed {
        for stem in differing_stems(&p.analysed[i as usize], &analysed[i as usize]) {
            touched[shard_of(stem, count)] = true;
        }
        for a in [&p.analysed[i as usize], &analysed[i as usize]] {
            for term in &a.terms {
                holding[shard_of(a.name(term.stem), count)] = true;
            }
        }
    }
    // The changed documents' postings, by shard, in document order (`changed` is in order).
    let mut fresh: Vec<Vec<(u32, u32)>> = vec![Vec::new(); count];
    for &i in &changed {
        let a = &analysed[i as usize];
        for (t, term) in a.terms.iter().enumerate() {
            fresh[shard_of(a.name(term.stem), count)].push((i, t as u32));
        }
    }
    // A bucket is in document order, as a whole assembly has it: each changed document's run
    // of postings is found by halving and replaced in place.
    for (s, bucket) in p.buckets.iter_mut().enumerate() {
        if !holding[s] {
            continue;
        }
        let new = &fresh[s];
        for &i in &changed {
            let start = bucket.partition_point(|&(d, _)| d < i);
            let end = start + bucket[start..].partition_point(|&(d, _)| d == i);
            let from = new.partition_point(|&(d, _)| d < i);
            let to = from + new[from..].partition_point(|&(d, _)| d == i);
            bucket.splice(start..end, new[from..to].iter().copied());
        }
    }
    let buckets = &p.buckets;
    let remade: Vec<(usize, Arc<Shard>)> = (0..count)
        .into_par_iter()
        .filter(|&s| touched[s])
        .map(|s| (s, Arc::new(Shard::of(&Postings::of(&buckets[s], analysed)))))
        .collect();
    for (s, shard) in remade {
        p.shards[s] = shard;
    }
    p.analysed = analysed.to_vec();
    p
}

/// One shard as the client reads it: its stems, in order, with their forms and postings; and a
/// hash of that text, which keys the shard's file: written out only when the key changed.
pub struct Shard {
    json: Vec<u8>,
    pub key: u64,
}

impl Shard {
    /// The shard of `postings`, in document order.
    fn of(postings: &Postings) -> Shard {
        // Stems in first-seen order, found by hash; each with its forms in first-seen order.
        let mut at: HashMap<u64, usize, Fast> = HashMap::default();
        let mut entries: Vec<Entry> = Vec::new();
        for p in &postings.posts {
            let e = *at.entry(p.hash).or_insert_with(|| {
                entries.push(Entry {
                    stem: p.stem,
                    forms: Vec::new(),
                    posts: Vec::new(),
                });
                entries.len() - 1
            });
            let entry = &mut entries[e];
            let mut mask = 0u32;
            for &(hash, form) in &postings.forms[p.forms.0 as usize..p.forms.1 as usize] {
                let i = match entry.forms.iter().position(|&(h, _)| h == hash) {
                    Some(i) => i,
                    None => {
                        entry.forms.push((hash, form));
                        entry.forms.len() - 1
                    }
                };
                mask |= 1 << i.min(30);
            }
            entry.posts.push([p.doc, p.weight, mask]);
        }
        entries.sort_unstable_by(|a, b| a.stem.cmp(b.stem));
        let mut out = Vec::with_capacity(postings.posts.len() * 16);
        out.push(b'{');
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_str(&mut out, entry.stem);
            out.extend_from_slice(b":[[");
            for (j, (_, form)) in entry.forms.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                push_str(&mut out, form);
            }
            out.extend_from_slice(b"],[");
            for (j, posting) in entry.posts.iter().enumerate() {
                for (k, &n) in posting.iter().enumerate() {
                    if j > 0 || k > 0 {
                        out.push(b',');
                    }
                    push_number(&mut out, n);
                }
            }
            out.extend_from_slice(b"]]");
        }
        out.push(b'}');
        let key = xxhash_rust::xxh3::xxh3_64(&out);
        Shard { json: out, key }
    }

    /// The shard's file before compression: JSON, in UTF-8.
    pub fn json(&self) -> &[u8] {
        &self.json
    }
}

/// A stem in a shard: its surface forms (with their hashes), and its postings (doc, weight,
/// forms' mask).
struct Entry<'a> {
    stem: &'a str,
    forms: Vec<(u64, &'a str)>,
    posts: Vec<[u32; 3]>,
}

/// The postings of one shard, with what making it needs of their analyses: the stem and its
/// forms, each named by a 64-bit hash, as the output's keys are (a collision is as unlikely
/// as two files with the same key).
struct Postings<'a> {
    posts: Vec<Posting<'a>>,
    /// Each posting's forms, by their range here.
    forms: Vec<(u64, &'a str)>,
}

struct Posting<'a> {
    stem: &'a str,
    hash: u64,
    doc: u32,
    weight: u32,
    forms: (u32, u32),
}

impl<'a> Postings<'a> {
    fn with_capacity(posts: usize) -> Postings<'a> {
        Postings {
            posts: Vec::with_capacity(posts),
            forms: Vec::with_capacity(posts + posts / 2),
        }
    }

    /// The postings of `bucket` ((doc, term index), in document order).
    fn of(bucket: &[(u32, u32)], analysed: &'a [Arc<Analysed>]) -> Postings<'a> {
        let mut out = Postings::with_capacity(bucket.len());
        for &(doc, t) in bucket {
            let a = &analysed[doc as usize];
            out.push(doc, a, &a.terms[t as usize]);
        }
        out
    }

    fn push(&mut self, doc: u32, a: &'a Analysed, term: &Term) {
        let hash = |s: &str| xxhash_rust::xxh3::xxh3_64(s.as_bytes());
        let stem = a.name(term.stem);
        let start = self.forms.len() as u32;
        for &range in &a.forms[term.forms.0 as usize..term.forms.1 as usize] {
            let form = a.name(range);
            self.forms.push((hash(form), form));
        }
        self.posts.push(Posting {
            stem,
            hash: hash(stem),
            doc,
            weight: term.weight,
            forms: (start, self.forms.len() as u32),
        });
    }
}

/// FNV-1a (32 bits) of the UTF-8 bytes: which shard a stem is in. The client computes the same.
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(16_777_619);
    }
    h
}
