//! Pairing translations: documents grouped by slug, one slot per language, and which slugs
//! exist in which languages (what `@/` links and topic names are checked against).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::content::{Document, Section};
use crate::error::{Diagnostic, did_you_mean};

/// Groups documents by slug, one slot per language.
pub(super) fn group<M>(
    docs: Vec<Arc<Document<M>>>,
    lang_index: &HashMap<&str, usize>,
) -> Groups<M> {
    let mut out: Groups<M> = BTreeMap::new();
    for doc in docs {
        let Some(&li) = lang_index.get(doc.lang.as_str()) else {
            continue;
        };
        let slots = out
            .entry(doc.slug.clone())
            .or_insert_with(|| lang_index.iter().map(|_| None).collect());
        slots[li] = Some(doc);
    }
    out
}

/// Documents by slug, one slot per language.
pub(super) type Groups<M> = BTreeMap<String, Vec<Option<Arc<Document<M>>>>>;

pub(super) fn presence<M>(docs: &Groups<M>) -> HashMap<String, Vec<bool>> {
    docs.iter()
        .map(|(slug, v)| (slug.clone(), v.iter().map(Option::is_some).collect()))
        .collect()
}

pub(super) fn unknown_topic<M>(
    doc: &Document<M>,
    key: &str,
    topic: &str,
    topics: &HashMap<&str, ()>,
) -> Diagnostic {
    let d = doc.error_at_value(key, topic, format!("unknown topic `{topic}`"));
    match did_you_mean(topic, topics.keys().copied()) {
        Some(near) => d.help(format!("did you mean `{near}`?")),
        None => {
            let mut known: Vec<&str> = topics.keys().copied().collect();
            known.sort_unstable();
            d.help(format!(
                "create content/topics/{topic}.<lang>.md, or use an existing topic: {}",
                known.join(", ")
            ))
        }
    }
}

/// Which slugs exist, per section, per language.
#[derive(Debug)]
pub struct Existence {
    pub articles: HashMap<String, Vec<bool>>,
    pub topics: HashMap<String, Vec<bool>>,
    pub pages: HashMap<String, Vec<bool>>,
}

impl Existence {
    pub fn section(&self, section: Section) -> &HashMap<String, Vec<bool>> {
        match section {
            Section::Articles => &self.articles,
            Section::Topics => &self.topics,
            Section::Pages => &self.pages,
        }
    }

    pub fn section_mut(&mut self, section: Section) -> &mut HashMap<String, Vec<bool>> {
        match section {
            Section::Articles => &mut self.articles,
            Section::Topics => &mut self.topics,
            Section::Pages => &mut self.pages,
        }
    }
}
