//! Whether each translation is current with its original.
//!
//! A translation records the version of its original it reflects, in its front-matter:
//! `translation_of: {lang: ar, hash: "3f2a9c01b2de"}`. The hash is the original's
//! [`fingerprint`]: its translatable text (title, summary, figures, body) with every run of
//! whitespace made one space, so that a changed word or figure changes it and a reflowed
//! paragraph, a line ending or a reordered front-matter does not. Nothing here needs git: the
//! record travels with the file.
//!
//! The original is the default language's version unless the record names another language.
//! A version with no record is an original when it is in the default language (or the default
//! language has no version); otherwise it is a translation of unknown age, *unrecorded*, never
//! taken to be current.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::{Config, Overrides};
use crate::content::{ArticleMeta, Content, Document, PageMeta, Section, TopicMeta};
use crate::error::{Diagnostic, Error};
use crate::yaml;

mod fingerprint;
mod record;

pub use fingerprint::fingerprint;
pub use record::{set_record, start_translation};

/// The front-matter key of the record.
pub const KEY: &str = "translation_of";

/// `translation_of:` in a translation's front-matter: `{lang: ar, hash: "…"}`, or the
/// original's language alone (`translation_of: ar`) for a translation with no version yet.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TranslationOf {
    /// The original's language; the site's default language when absent.
    pub lang: Option<String>,
    /// The original's fingerprint when this translation was made or last brought up to date;
    /// absent until `bayan translated` records it.
    pub hash: Option<String>,
}

/// The record's keys, as written in full.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    hash: Option<String>,
}

impl<'de> Deserialize<'de> for TranslationOf {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = TranslationOf;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the original's language, or {lang: …, hash: \"…\"}")
            }

            fn visit_str<E: serde::de::Error>(self, lang: &str) -> Result<TranslationOf, E> {
                Ok(TranslationOf {
                    lang: Some(lang.to_string()),
                    hash: None,
                })
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<TranslationOf, A::Error> {
                let w = Written::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(TranslationOf {
                    lang: w.lang,
                    hash: w.hash,
                })
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// What of a document is translated, and its record.
pub trait Translatable {
    /// The translatable text, piece by piece, in a fixed order.
    fn texts(&self) -> Vec<&str>;
    fn translation_of(&self) -> Option<&TranslationOf>;
}

impl Translatable for ArticleMeta {
    fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.title.as_str(), self.summary.as_str()];
        for f in &self.figures {
            out.push(&f.value);
            out.push(&f.label);
        }
        out
    }

    fn translation_of(&self) -> Option<&TranslationOf> {
        self.translation_of.as_ref()
    }
}

impl Translatable for TopicMeta {
    fn texts(&self) -> Vec<&str> {
        vec![&self.title, &self.summary]
    }

    fn translation_of(&self) -> Option<&TranslationOf> {
        self.translation_of.as_ref()
    }
}

impl Translatable for PageMeta {
    fn texts(&self) -> Vec<&str> {
        vec![&self.title, self.summary.as_deref().unwrap_or("")]
    }

    fn translation_of(&self) -> Option<&TranslationOf> {
        self.translation_of.as_ref()
    }
}

/// The configuration and content of the site at `root`, for the commands that read
/// translations: a content file that cannot be read is an error here, since it would
/// otherwise be counted as missing.
pub fn load(root: &Path) -> Result<(Config, Content), Error> {
    let config = Config::load(root, &Overrides::default())?;
    let content = crate::content::load(&config)?;
    if !content.problems.is_empty() {
        return Err(Error::new(content.problems));
    }
    Ok((config, content))
}

/// Where one language's version of an entry stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum State {
    /// There is no file in this language.
    Missing,
    /// This version is an original.
    Original,
    /// A translation of the version in language `original` as it is now.
    Current { original: usize },
    /// A translation of an earlier text of the version in language `original`.
    Outdated { original: usize },
    /// A translation without a record of what it reflects.
    Unrecorded { original: usize },
}

impl State {
    /// The name `status --json` and the tables use.
    pub fn name(&self) -> &'static str {
        match self {
            State::Missing => "missing",
            State::Original => "original",
            State::Current { .. } => "current",
            State::Outdated { .. } => "outdated",
            State::Unrecorded { .. } => "unrecorded",
        }
    }

    /// The language index of the original, for a translation.
    pub fn original(&self) -> Option<usize> {
        match *self {
            State::Current { original }
            | State::Outdated { original }
            | State::Unrecorded { original } => Some(original),
            State::Missing | State::Original => None,
        }
    }
}

/// An article, topic or page in every language.
#[derive(Debug, Clone)]
pub struct EntryStatus {
    pub section: Section,
    pub slug: String,
    /// By language index.
    pub states: Vec<State>,
    /// The file of each language's version, relative to the site (whether or not it exists).
    pub files: Vec<PathBuf>,
    /// The fingerprint of each version that is an original of another (none for the others),
    /// and the one each translation's record holds.
    pub fingerprints: Vec<Option<String>>,
    pub recorded: Vec<Option<String>>,
}

impl EntryStatus {
    /// The language whose version a missing translation would be made from: the default
    /// language's when it exists, else the first that does.
    pub fn source_of_missing(&self, default: usize) -> Option<usize> {
        if self.states[default] != State::Missing {
            return Some(default);
        }
        self.states.iter().position(|s| *s != State::Missing)
    }
}

/// Every entry's translations, and the records that name no original.
#[derive(Debug, Default)]
pub struct Status {
    pub entries: Vec<EntryStatus>,
    /// Records that cannot be followed (an unknown language, the file's own, a missing
    /// original): errors at the record's line.
    pub problems: Vec<Diagnostic>,
    /// Whether the originals of unrecorded translations are fingerprinted too.
    unrecorded_too: bool,
}

impl Status {
    /// The states of every version in `content` (drafts included: their translations age too),
    /// with the fingerprints of the originals of every translation, for `status` and
    /// `translated`.
    pub fn of(config: &Config, content: &Content) -> Status {
        Status::with(config, content, true)
    }

    /// The states alone, as the model needs them: fingerprints are made only where a record is
    /// compared with one.
    pub fn states(config: &Config, content: &Content) -> Status {
        Status::with(config, content, false)
    }

    fn with(config: &Config, content: &Content, unrecorded_too: bool) -> Status {
        let mut status = Status {
            unrecorded_too,
            ..Status::default()
        };
        status.add(config, Section::Articles, &content.articles);
        status.add(config, Section::Topics, &content.topics);
        status.add(config, Section::Pages, &content.pages);
        status
    }

    fn add<M: Translatable + Sync + Send>(
        &mut self,
        config: &Config,
        section: Section,
        docs: &[Arc<Document<M>>],
    ) {
        let langs = &config.languages;
        let index = |code: &str| langs.iter().position(|l| l.code == code);
        let Some(default) = index(&config.default_language) else {
            return;
        };
        let mut by_slug: BTreeMap<&str, Vec<Option<&Document<M>>>> = BTreeMap::new();
        for d in docs {
            if let Some(li) = index(&d.lang) {
                by_slug
                    .entry(&d.slug)
                    .or_insert_with(|| vec![None; langs.len()])[li] = Some(d);
            }
        }
        // The originals whose fingerprints are wanted, made in parallel first.
        let wanted: Vec<&Document<M>> = by_slug
            .values()
            .flat_map(|slots| {
                slots.iter().enumerate().filter_map(|(li, doc)| {
                    let record = doc.as_ref()?.meta.translation_of();
                    let original = match record {
                        Some(r) => index(r.lang.as_deref().unwrap_or(&config.default_language))?,
                        None if li != default && self.unrecorded_too => default,
                        None => return None,
                    };
                    *slots.get(original)?
                })
            })
            .collect();
        {
            use rayon::prelude::*;
            wanted.par_iter().for_each(|d| {
                d.fingerprint();
            });
        }
        for (slug, slots) in by_slug {
            let mut entry = EntryStatus {
                section,
                slug: slug.to_string(),
                states: vec![State::Missing; langs.len()],
                files: langs
                    .iter()
                    .map(|l| {
                        PathBuf::from(format!("content/{}/{slug}.{}.md", section.dir(), l.code))
                    })
                    .collect(),
                fingerprints: vec![None; langs.len()],
                recorded: vec![None; langs.len()],
            };
            for (li, doc) in slots.iter().enumerate() {
                let Some(doc) = doc else { continue };
                entry.states[li] = match doc.meta.translation_of() {
                    None if li == default || slots[default].is_none() => State::Original,
                    None => {
                        if let (Some(source), true) = (slots[default], self.unrecorded_too) {
                            entry.fingerprints[default] = Some(source.fingerprint().to_string());
                        }
                        State::Unrecorded { original: default }
                    }
                    Some(record) => {
                        let code = record.lang.as_deref().unwrap_or(&config.default_language);
                        let problem = |message: String, help: String| {
                            doc.error_at_value(KEY, KEY, message).help(help)
                        };
                        let Some(original) = index(code) else {
                            let codes: Vec<&str> = langs.iter().map(|l| l.code.as_str()).collect();
                            self.problems.push(problem(
                                format!("`{code}` is not a language of this site"),
                                format!(
                                    "name the original's language, one of: {}",
                                    codes.join(", ")
                                ),
                            ));
                            continue;
                        };
                        if original == li {
                            self.problems.push(problem(
                                "a translation of itself: the record names the file's own language"
                                    .into(),
                                "name the language it was translated from, or remove \
                                 `translation_of` if this is the original"
                                    .into(),
                            ));
                            continue;
                        }
                        let Some(source) = slots[original] else {
                            self.problems.push(problem(
                                format!(
                                    "a translation of {}, which does not exist",
                                    entry.files[original].display()
                                ),
                                format!(
                                    "create the original, or remove `{KEY}` if this file is the \
                                     original now"
                                ),
                            ));
                            continue;
                        };
                        entry.recorded[li] = record.hash.clone();
                        let fingerprint = source.fingerprint();
                        entry.fingerprints[original] = Some(fingerprint.to_string());
                        match &record.hash {
                            None => State::Unrecorded { original },
                            Some(h) if h.trim().eq_ignore_ascii_case(fingerprint) => {
                                State::Current { original }
                            }
                            Some(_) => State::Outdated { original },
                        }
                    }
                };
            }
            self.entries.push(entry);
        }
    }

    /// By section, then slug: each entry's states, for the model to look up.
    pub fn by_entry(&self) -> BTreeMap<(Section, &str), &[State]> {
        self.entries
            .iter()
            .map(|e| ((e.section, e.slug.as_str()), e.states.as_slice()))
            .collect()
    }

    /// What `check` says: each outdated or unrecorded translation, at its record's line (or
    /// the front-matter's first line when it has none).
    pub fn warnings(&self, content: &Content, config: &Config) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let langs = &config.languages;
        let sources = content.sources();
        for e in &self.entries {
            for (li, state) in e.states.iter().enumerate() {
                let Some(original) = state.original() else {
                    continue;
                };
                let (message, help) = match state {
                    State::Outdated { .. } => (
                        format!(
                            "outdated translation: {} has changed since this translation was recorded",
                            e.files[original].display()
                        ),
                        format!(
                            "bring it up to date with the {} original, then run `bayan translated {}`",
                            langs[original].code,
                            e.files[li].display()
                        ),
                    ),
                    State::Unrecorded { .. } => (
                        format!(
                            "no record of the version of {} this translation reflects",
                            e.files[original].display()
                        ),
                        format!(
                            "once it matches the original, run `bayan translated {}`",
                            e.files[li].display()
                        ),
                    ),
                    _ => continue,
                };
                let at = |source: &str, yaml: &std::ops::Range<usize>| {
                    let lines = yaml::key_lines(&source[yaml.clone()], KEY);
                    match lines.first() {
                        Some(&k) => Diagnostic::new(&e.files[li], message.clone())
                            .at_offset(source, yaml.start + k),
                        None => Diagnostic::new(&e.files[li], message.clone()).at(source, 1, 1),
                    }
                };
                let d = sources.get(e.files[li].as_path()).map_or_else(
                    || Diagnostic::new(&e.files[li], message.clone()),
                    |&(source, yaml)| at(source, yaml),
                );
                out.push(d.help(help).warning());
            }
        }
        out
    }

    /// Counts per language and section: `[language][section][state]`.
    pub fn counts(
        &self,
        languages: usize,
    ) -> Vec<BTreeMap<Section, BTreeMap<&'static str, usize>>> {
        let mut out: Vec<BTreeMap<Section, BTreeMap<&'static str, usize>>> = (0..languages)
            .map(|_| {
                Section::ALL
                    .into_iter()
                    .map(|s| (s, STATES.iter().map(|n| (*n, 0)).collect()))
                    .collect()
            })
            .collect();
        for e in &self.entries {
            for (li, s) in e.states.iter().enumerate() {
                if let Some(n) = out[li]
                    .get_mut(&e.section)
                    .and_then(|m| m.get_mut(s.name()))
                {
                    *n += 1;
                }
            }
        }
        out
    }
}

/// The states in the order tables list them.
pub const STATES: [&str; 5] = ["original", "current", "outdated", "unrecorded", "missing"];
