//! Relations: each topic's articles, related articles and related topics.
//!
//! Articles are ordered newest first (undated last), and everything else follows that order.
//! Related articles are those sharing the most topics, counted through the topics rather than
//! over all pairs of articles, so the work grows with the site's topics, not its square.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::Site;

/// How many related articles an article lists.
const RELATED_ARTICLES: usize = 4;

impl Site {
    /// Fills in the cross-links between articles and topics.
    pub(super) fn link(&mut self) {
        self.articles.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.entry.slug.cmp(&b.entry.slug))
        });
        let topic_index: HashMap<String, usize> = self
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.entry.slug.clone(), i))
            .collect();
        for (ai, article) in self.articles.iter_mut().enumerate() {
            for v in article.entry.versions.iter().flatten() {
                for t in &v.doc.meta.topics {
                    if let Some(&ti) = topic_index.get(t)
                        && !article.topics.contains(&ti)
                    {
                        article.topics.push(ti);
                        self.topics[ti].articles.push(ai);
                    }
                }
            }
        }
        // Related articles: sharing more topics first, then newer first (the list order). The
        // candidates are the other articles of the article's topics, not the whole site.
        let n = self.articles.len();
        let related: Vec<Vec<usize>> = (0..n)
            .into_par_iter()
            .map_init(
                || (vec![0u32; n], Vec::new()),
                |(shared, touched), ai| {
                    for &ti in &self.articles[ai].topics {
                        for &bi in &self.topics[ti].articles {
                            if bi != ai {
                                if shared[bi] == 0 {
                                    touched.push(bi);
                                }
                                shared[bi] += 1;
                            }
                        }
                    }
                    let mut scored: Vec<(usize, u32)> =
                        touched.drain(..).map(|bi| (bi, shared[bi])).collect();
                    for &(bi, _) in &scored {
                        shared[bi] = 0;
                    }
                    let better =
                        |x: &(usize, u32), y: &(usize, u32)| y.1.cmp(&x.1).then(x.0.cmp(&y.0));
                    if scored.len() > RELATED_ARTICLES {
                        scored.select_nth_unstable_by(RELATED_ARTICLES, better);
                        scored.truncate(RELATED_ARTICLES);
                    }
                    scored.sort_unstable_by(better);
                    // A fresh list: collecting from `scored` itself would keep its capacity,
                    // hundreds of entries per article for the whole build.
                    scored.iter().map(|&(bi, _)| bi).collect()
                },
            )
            .collect();
        for (a, r) in self.articles.iter_mut().zip(related) {
            a.related = r;
        }
        // Related topics: declared first, then derived from shared articles.
        let related: Vec<Vec<usize>> = (0..self.topics.len())
            .map(|ti| {
                let topic = &self.topics[ti];
                let mut out: Vec<usize> = Vec::new();
                for v in topic.entry.versions.iter().flatten() {
                    for r in &v.doc.meta.related {
                        if let Some(&ri) = topic_index.get(r)
                            && ri != ti
                            && !out.contains(&ri)
                        {
                            out.push(ri);
                        }
                    }
                }
                let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
                for &ai in &topic.articles {
                    for &other in &self.articles[ai].topics {
                        if other != ti && !out.contains(&other) {
                            *shared.entry(other).or_default() += 1;
                        }
                    }
                }
                let mut derived: Vec<(usize, usize)> = shared.into_iter().collect();
                derived.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                out.extend(derived.into_iter().map(|(i, _)| i));
                out
            })
            .collect();
        for (t, r) in self.topics.iter_mut().zip(related) {
            t.related = r;
        }
    }
}
