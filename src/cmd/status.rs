//! `bayan status`: per language, how many articles, topics and pages are originals, current
//! translations, outdated, unrecorded and missing; and which files those are.

use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::config::Config;
use crate::content::Section;
use crate::error::{Diagnostic, Error};
use crate::translations::{self, STATES, State, Status};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (where site.yaml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Print the report as JSON, for tools.
    #[arg(long)]
    pub json: bool,
    /// Exit with code 1 when any translation is missing, or outdated (which includes those
    /// with no record); may be given twice, or as `missing,outdated`.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Missing,
    Outdated,
}

/// Prints the report; fails only on a broken record or what `--fail-on` names.
pub fn run(args: Args) -> Result<(), Error> {
    let (config, content) = translations::load(&args.root)?;
    let status = Status::of(&config, &content);
    if !status.problems.is_empty() {
        return Err(Error::new(status.problems));
    }
    let report = Report::of(&config, &status);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print!("{}", report.text());
    }
    let outdated = report.outdated.len() + report.unrecorded.len();
    let mut failures = Vec::new();
    if args.fail_on.contains(&FailOn::Missing) && !report.missing.is_empty() {
        failures.push(count(
            report.missing.len(),
            "translation is",
            "translations are",
            "missing",
        ));
    }
    if args.fail_on.contains(&FailOn::Outdated) && outdated > 0 {
        failures.push(count(
            outdated,
            "translation is",
            "translations are",
            "outdated or unrecorded",
        ));
    }
    if failures.is_empty() {
        return Ok(());
    }
    Err(Error::new(vec![
        Diagnostic::general(failures.join("; "))
            .help("`--fail-on` asked for none; run `bayan status` to see which"),
    ]))
}

fn count(n: usize, one: &str, many: &str, what: &str) -> String {
    format!("{n} {} {what}", if n == 1 { one } else { many })
}

/// The report `status` prints, and `--json` gives whole.
#[derive(Debug, Serialize)]
pub struct Report {
    pub default_language: String,
    pub languages: Vec<LanguageCounts>,
    pub outdated: Vec<Item>,
    pub unrecorded: Vec<Item>,
    pub missing: Vec<Item>,
}

/// One language's counts, by section and state.
#[derive(Debug, Serialize)]
pub struct LanguageCounts {
    pub code: String,
    pub name: String,
    pub articles: std::collections::BTreeMap<&'static str, usize>,
    pub topics: std::collections::BTreeMap<&'static str, usize>,
    pub pages: std::collections::BTreeMap<&'static str, usize>,
}

/// A translation that is not current, with the file of its original.
#[derive(Debug, Serialize)]
pub struct Item {
    pub section: &'static str,
    pub slug: String,
    pub lang: String,
    pub file: String,
    pub original_lang: String,
    pub original: String,
    /// The original's fingerprint now, and the one the translation records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_hash: Option<String>,
}

impl Report {
    pub fn of(config: &Config, status: &Status) -> Report {
        let langs = &config.languages;
        let default = langs
            .iter()
            .position(|l| l.code == config.default_language)
            .unwrap_or(0);
        let counts = status.counts(langs.len());
        let languages = langs
            .iter()
            .zip(counts)
            .map(|(l, mut c)| LanguageCounts {
                code: l.code.clone(),
                name: l.name.clone(),
                articles: c.remove(&Section::Articles).unwrap_or_default(),
                topics: c.remove(&Section::Topics).unwrap_or_default(),
                pages: c.remove(&Section::Pages).unwrap_or_default(),
            })
            .collect();
        let mut report = Report {
            default_language: config.default_language.clone(),
            languages,
            outdated: Vec::new(),
            unrecorded: Vec::new(),
            missing: Vec::new(),
        };
        for e in &status.entries {
            for (li, state) in e.states.iter().enumerate() {
                let original = match state {
                    State::Missing => e.source_of_missing(default),
                    other => other.original(),
                };
                let Some(original) = original else { continue };
                let item = Item {
                    section: e.section.dir(),
                    slug: e.slug.clone(),
                    lang: langs[li].code.clone(),
                    file: e.files[li].display().to_string(),
                    original_lang: langs[original].code.clone(),
                    original: e.files[original].display().to_string(),
                    current_hash: (*state != State::Missing)
                        .then(|| e.fingerprints[original].clone())
                        .flatten(),
                    recorded_hash: e.recorded[li].clone(),
                };
                match state {
                    State::Outdated { .. } => report.outdated.push(item),
                    State::Unrecorded { .. } => report.unrecorded.push(item),
                    State::Missing => report.missing.push(item),
                    _ => {}
                }
            }
        }
        report
    }

    /// The report as a reader sees it: a table per language, then the lists.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Translations (originals are in `{}` unless a file's record names another language)",
            self.default_language
        );
        for l in &self.languages {
            let _ = writeln!(out, "\n{} ({})", l.code, l.name);
            let _ = writeln!(
                out,
                "  {:<12}{:>9}{:>8}{:>7}",
                "", "articles", "topics", "pages"
            );
            let total = |state: &str| {
                [&l.articles, &l.topics, &l.pages]
                    .iter()
                    .map(|m| m.get(state).copied().unwrap_or(0))
                    .sum::<usize>()
            };
            // A language of originals only has no translation to be current or outdated.
            let translations = total("current") + total("outdated") + total("unrecorded");
            for state in STATES {
                let n = |m: &std::collections::BTreeMap<&str, usize>| {
                    m.get(state).copied().unwrap_or(0)
                };
                let (a, t, p) = (n(&l.articles), n(&l.topics), n(&l.pages));
                let empty = a + t + p == 0;
                if empty
                    && (matches!(state, "original" | "unrecorded")
                        || (translations == 0 && matches!(state, "current" | "outdated")))
                {
                    continue;
                }
                let _ = writeln!(out, "  {:<12}{a:>9}{t:>8}{p:>7}", label(state));
            }
        }
        let lists = [
            (
                "Outdated: the original changed after the recorded version",
                &self.outdated,
            ),
            (
                "Unrecorded: no record of the original's version",
                &self.unrecorded,
            ),
            ("Missing", &self.missing),
        ];
        for (title, items) in lists {
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{title}:");
            for i in items {
                let _ = writeln!(out, "  {}  (original: {})", i.file, i.original);
            }
        }
        if !self.outdated.is_empty() || !self.unrecorded.is_empty() {
            let _ = writeln!(
                out,
                "\nOnce a translation matches its original, run `bayan translated FILE` to record it."
            );
        }
        out
    }
}

fn label(state: &str) -> &str {
    match state {
        "current" => "up to date",
        "unrecorded" => "no record",
        other => other,
    }
}
