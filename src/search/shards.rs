//! The shards of one language's index: each stem's forms and postings, put together from the
//! documents' analyses, all at once or, after an edit, only where the postings changed.

use std::collections::HashMap;
use std::sync::Arc;

use super::index::POSTINGS_PER_SHARD;
use super::json::{push_number, push_str};
use super::terms::{Analysed, Fast, Term};

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
/// and those whose weight or forms changed (both lists are in the order of stems).
fn differing_stems<'a>(old: &'a Analysed, new: &'a Analysed) -> Vec<&'a str> {
    let forms = |a: &'a Analysed, t: &Term| {
        a.forms[t.forms.0 as usize..t.forms.1 as usize]
            .iter()
            .map(move |&r| a.name(r))
    };
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.terms.len() || j < new.terms.len() {
        let o = old.terms.get(i).map(|t| (old.name(t.stem), t));
        let n = new.terms.get(j).map(|t| (new.name(t.stem), t));
        match (o, n) {
            (Some((os, ot)), Some((ns, nt))) if os == ns => {
                if ot.weight != nt.weight || !forms(old, ot).eq(forms(new, nt)) {
                    out.push(os);
                }
                i += 1;
                j += 1;
            }
            (Some((os, _)), Some((ns, _))) if os < ns => {
                out.push(os);
                i += 1;
            }
            (Some((os, _)), None) => {
                out.push(os);
                i += 1;
            }
            (_, Some((ns, _))) => {
                out.push(ns);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// The shard a stem is in, of `count`.
fn shard_of(stem: &str, count: usize) -> usize {
    (fnv1a(stem) as usize) % count
}

/// Every shard anew.
pub(super) fn assemble(analysed: &[Arc<Analysed>], shard_count: usize) -> Assembled {
    use rayon::prelude::*;
    let mut buckets: Vec<Vec<(u32, u32)>> = (0..shard_count)
        .map(|_| Vec::with_capacity(POSTINGS_PER_SHARD + POSTINGS_PER_SHARD / 4))
        .collect();
    for (id, a) in analysed.iter().enumerate() {
        for (t, term) in a.terms.iter().enumerate() {
            let shard = term.hash as usize % shard_count;
            buckets[shard].push((id as u32, t as u32));
        }
    }
    let shards = buckets
        .par_iter()
        .map(|b| Arc::new(Shard::of(b, analysed)))
        .collect();
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
        return assemble(analysed, count);
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
        .map(|s| (s, Arc::new(Shard::of(&buckets[s], analysed))))
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
    /// The shard of the postings `bucket` ((doc, term index), in document order).
    fn of(bucket: &[(u32, u32)], analysed: &[Arc<Analysed>]) -> Shard {
        // Stem → (forms, postings), forms in first-seen order of docs.
        let mut stems: HashMap<&str, Entry, Fast> = HashMap::default();
        for &(id, t) in bucket {
            let a = &analysed[id as usize];
            let term = &a.terms[t as usize];
            let entry = stems.entry(a.name(term.stem)).or_default();
            let mut mask = 0u32;
            for &range in &a.forms[term.forms.0 as usize..term.forms.1 as usize] {
                let f = a.name(range);
                let i = match entry.0.iter().position(|x| *x == f) {
                    Some(i) => i,
                    None => {
                        entry.0.push(f);
                        entry.0.len() - 1
                    }
                };
                mask |= 1 << i.min(30);
            }
            entry.1.push([id, term.weight, mask]);
        }
        let mut list: Vec<(&str, Entry)> = stems.into_iter().collect();
        list.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut out = Vec::with_capacity(bucket.len() * 16);
        out.push(b'{');
        for (i, (stem, (forms, posts))) in list.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_str(&mut out, stem);
            out.extend_from_slice(b":[[");
            for (j, form) in forms.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                push_str(&mut out, form);
            }
            out.extend_from_slice(b"],[");
            for (j, posting) in posts.iter().enumerate() {
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

/// A stem in the index: its surface forms, and its postings (doc, weight, forms' mask).
type Entry<'a> = (Vec<&'a str>, Vec<[u32; 3]>);

/// FNV-1a (32 bits) of the UTF-8 bytes: which shard a stem is in. The client computes the same.
pub fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 2_166_136_261;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(16_777_619);
    }
    h
}
