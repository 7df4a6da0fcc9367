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

use crate::config::Config;
use crate::content::{ArticleMeta, Content, Document, PageMeta, Section, TopicMeta};
use crate::error::Diagnostic;
use crate::yaml;

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

/// The fingerprint of a document's translatable text and body: twelve hex digits.
pub fn fingerprint<M: Translatable>(meta: &M, body: &str) -> String {
    let mut text = String::with_capacity(body.len() + 256);
    let texts = meta.texts();
    for piece in texts.iter().copied().chain([body]) {
        push_words(&mut text, piece);
        // A separator no text holds, so that a word moved from the title to the summary counts.
        text.push('\u{1f}');
    }
    let h = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    format!("{:012x}", h >> 16)
}

/// The words of `text` (as `split_whitespace` finds them) onto `out`, one space between each.
/// Runs of bytes that cannot be or begin a space are copied whole, and only the bytes that can
/// begin a non-ASCII space are decoded: most of a briefing is Arabic letters, which
/// `split_whitespace` would decode one by one.
fn push_words(out: &mut String, text: &str) {
    // ASCII spaces, and the lead bytes of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000.
    let maybe_space = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r' | 0xc2 | 0xe1 | 0xe2 | 0xe3);
    let bytes = text.as_bytes();
    let first = out.len();
    let mut word: Option<usize> = None;
    let emit = |out: &mut String, start: usize, end: usize| {
        if out.len() > first {
            out.push(' ');
        }
        out.push_str(&text[start..end]);
    };
    let mut i = 0;
    loop {
        let next = bytes[i..]
            .iter()
            .position(maybe_space)
            .map_or(bytes.len(), |p| i + p);
        if next > i && word.is_none() {
            word = Some(i);
        }
        if next == bytes.len() {
            break;
        }
        let (space, len) = match bytes[next] {
            b if b.is_ascii() => (true, 1),
            _ => {
                let c = text[next..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
        };
        match (space, word) {
            (true, Some(start)) => {
                emit(out, start, next);
                word = None;
            }
            (false, None) => word = Some(next),
            _ => {}
        }
        i = next + len;
    }
    if let Some(start) = word {
        emit(out, start, bytes.len());
    }
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
                let d = content
                    .source_of(e.section, &e.slug, &langs[li].code)
                    .map_or_else(
                        || Diagnostic::new(&e.files[li], message.clone()),
                        |(source, yaml)| at(source, yaml),
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

/// `source` with its record set to `hash` (and `lang`, when it has no record yet): only the
/// record changes, the rest of the file is kept byte for byte. `yaml` is where the
/// front-matter is in `source`.
///
/// An existing record keeps its layout: only its hash's value is replaced (or, when it has
/// none, `hash` is added inside it). A file without one gets a line at the end of its
/// front-matter, with the file's own line ending.
pub fn set_record(source: &str, yaml: std::ops::Range<usize>, lang: &str, hash: &str) -> String {
    let eol = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let front = &source[yaml.clone()];
    let quoted = format!("\"{hash}\"");
    let Some(&key) = yaml::key_lines(front, KEY).first() else {
        let mut out = String::with_capacity(source.len() + 64);
        out.push_str(&source[..yaml.end]);
        if !front.is_empty() && !front.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(&format!("{KEY}: {{lang: {lang}, hash: {quoted}}}{eol}"));
        out.push_str(&source[yaml.end..]);
        return out;
    };
    let (start, end) = record_span(source, &yaml, key);
    let record = &source[start..end];
    let replaced = match record.find("hash:") {
        Some(h) => {
            let value_start = h
                + 5
                + (record[h + 5..].len() - record[h + 5..].trim_start_matches([' ', '\t']).len());
            let rest = &record[value_start..];
            let len = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
                _ => rest
                    .find([',', '}', '\n', '\r', ' ', '\t', '#'])
                    .unwrap_or(rest.len()),
            };
            format!("{}{quoted}{}", &record[..value_start], &rest[len..])
        }
        None => match record.find('}') {
            // A flow mapping on one line: the hash goes before its closing brace.
            Some(close) if !record[..close].contains('\n') => {
                let inside = record[..close].trim_end();
                let sep = if inside.ends_with('{') { "" } else { ", " };
                format!("{inside}{sep}hash: {quoted}{}", &record[close..])
            }
            _ => {
                // A block mapping: a line like its first, or the key on its own.
                let indent = record
                    .lines()
                    .nth(1)
                    .map(|l| &l[..l.len() - l.trim_start().len()])
                    .unwrap_or("  ");
                let body = record.trim_end_matches(['\n', '\r']);
                if record.lines().count() > 1 || body.trim_end().ends_with(':') {
                    format!("{body}{eol}{indent}hash: {quoted}{eol}")
                } else {
                    format!("{KEY}: {{lang: {lang}, hash: {quoted}}}{eol}")
                }
            }
        },
    };
    format!("{}{replaced}{}", &source[..start], &source[end..])
}

/// Where the record is in `source`, given where its key's line starts in the front-matter:
/// its own line and the indented lines that follow it.
fn record_span(source: &str, yaml: &std::ops::Range<usize>, key: usize) -> (usize, usize) {
    let line_end = |at: usize| {
        source[at..yaml.end]
            .find('\n')
            .map_or(yaml.end, |i| at + i + 1)
    };
    let start = yaml.start + key;
    let mut end = line_end(start);
    while end < yaml.end && source[end..].starts_with([' ', '\t']) {
        end = line_end(end);
    }
    (start, end)
}

/// The text of a new translation from the original's `source`: the same file, to translate in
/// place, whose record names the original's language `lang` and no version yet (so that it is
/// not taken to be up to date before it is translated). A record the original has of its own
/// original is replaced.
pub fn start_translation(source: &str, yaml: std::ops::Range<usize>, lang: &str) -> String {
    let eol = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let front = &source[yaml.clone()];
    let mut out = String::with_capacity(source.len() + 32);
    let (cut_start, cut_end) = match yaml::key_lines(front, KEY).first() {
        Some(&key) => record_span(source, &yaml, key),
        None => (yaml.end, yaml.end),
    };
    out.push_str(&source[..cut_start]);
    out.push_str(&source[cut_end..yaml.end]);
    if !out.is_empty() && !out.ends_with('\n') && yaml.end > yaml.start {
        out.push_str(eol);
    }
    out.push_str(&format!("{KEY}: {{lang: {lang}}}{eol}"));
    out.push_str(&source[yaml.end..]);
    out
}

/// The file of `path` relative to the site: `path` is taken from the site's folder, or from
/// the current one when only that names a file.
pub fn site_relative(root: &Path, path: &Path) -> PathBuf {
    let in_site = root.join(path);
    let abs = if path.is_absolute() || (!in_site.exists() && path.exists()) {
        path.to_path_buf()
    } else {
        in_site
    };
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (abs, root) = (canon(&abs), canon(root));
    abs.strip_prefix(&root)
        .map_or(abs.clone(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, summary: Option<&str>) -> PageMeta {
        PageMeta {
            title: title.into(),
            summary: summary.map(Into::into),
            translation_of: None,
        }
    }

    #[test]
    fn whitespace_does_not_change_a_fingerprint_and_a_word_does() {
        let a = fingerprint(
            &page("A title", Some("One two.")),
            "Para one.\n\nPara two.\n",
        );
        let reflowed = fingerprint(
            &page("A  title", Some(" One\ntwo. ")),
            "Para\r\none.\r\n\r\n\r\nPara two.",
        );
        assert_eq!(a, reflowed);
        assert_eq!(a.len(), 12);
        assert_ne!(
            a,
            fingerprint(&page("A title", Some("One two.")), "Para one.\n\nPara 2.\n")
        );
        assert_ne!(
            a,
            fingerprint(
                &page("A title One", Some("two.")),
                "Para one.\n\nPara two.\n"
            )
        );
    }

    #[test]
    fn words_are_split_as_split_whitespace_splits_them() {
        for text in [
            "",
            "  ",
            "one",
            " a  b\tc\r\nd ",
            "عربي\u{a0}نص\u{2003}و\u{3000}x\u{85}y\u{2028}z",
            "\u{2019}quote\u{2026} é\u{1680}ü",
            "تقول NCA إن ثمانية من كل 10",
        ] {
            let mut out = String::new();
            push_words(&mut out, text);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(out, expected, "{text:?}");
        }
    }

    fn front(source: &str) -> std::ops::Range<usize> {
        let parts = crate::content::frontmatter::split(source).unwrap();
        parts.yaml
    }

    #[test]
    fn a_record_is_added_at_the_end_of_the_front_matter_with_the_file_s_line_ending() {
        let s = "---\n# a comment\ntitle: \"T\"   # kept\n---\nBody\n";
        let out = set_record(s, front(s), "ar", "0123456789ab");
        assert_eq!(
            out,
            "---\n# a comment\ntitle: \"T\"   # kept\ntranslation_of: {lang: ar, hash: \"0123456789ab\"}\n---\nBody\n"
        );
        let crlf = "---\r\ntitle: T\r\n---\r\nBody\r\n";
        let out = set_record(crlf, front(crlf), "ar", "0123456789ab");
        assert_eq!(
            out,
            "---\r\ntitle: T\r\ntranslation_of: {lang: ar, hash: \"0123456789ab\"}\r\n---\r\nBody\r\n"
        );
    }

    #[test]
    fn a_new_translation_names_its_original_and_no_version() {
        let s = "---\ntitle: T\ntranslation_of:\n  lang: fr\n  hash: abc\nsummary: S\n---\nBody\n";
        assert_eq!(
            start_translation(s, front(s), "en"),
            "---\ntitle: T\nsummary: S\ntranslation_of: {lang: en}\n---\nBody\n"
        );
        let plain = "---\ntitle: T\n---\nBody\n";
        assert_eq!(
            start_translation(plain, front(plain), "ar"),
            "---\ntitle: T\ntranslation_of: {lang: ar}\n---\nBody\n"
        );
    }

    #[test]
    fn only_the_hash_of_an_existing_record_changes() {
        let s = "---\ntitle: T\ntranslation_of: { lang: ar , hash: 'old' }  # from the Arabic\nsummary: S\n---\nB\n";
        let out = set_record(s, front(s), "ar", "0123456789ab");
        assert_eq!(
            out,
            "---\ntitle: T\ntranslation_of: { lang: ar , hash: \"0123456789ab\" }  # from the Arabic\nsummary: S\n---\nB\n"
        );
        let block = "---\ntranslation_of:\n    lang: ar\n    hash: abc\ntitle: T\n---\n";
        let out = set_record(block, front(block), "ar", "0123456789ab");
        assert_eq!(
            out,
            "---\ntranslation_of:\n    lang: ar\n    hash: \"0123456789ab\"\ntitle: T\n---\n"
        );
        let no_hash = "---\ntitle: T\ntranslation_of: {lang: en}\n---\n";
        assert_eq!(
            set_record(no_hash, front(no_hash), "en", "0123456789ab"),
            "---\ntitle: T\ntranslation_of: {lang: en, hash: \"0123456789ab\"}\n---\n"
        );
        let block_no_hash = "---\ntranslation_of:\n  lang: en\ntitle: T\n---\n";
        assert_eq!(
            set_record(block_no_hash, front(block_no_hash), "en", "0123456789ab"),
            "---\ntranslation_of:\n  lang: en\n  hash: \"0123456789ab\"\ntitle: T\n---\n"
        );
    }
}
