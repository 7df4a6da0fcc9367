//! `bayan new article|topic|page SLUG`: write a new entry's files and say what they are.

use std::path::{Path, PathBuf};

use super::{Outcome, shown};
use crate::content::Section;
use crate::error::Error;
use crate::new;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to make.
    pub kind: EntryKind,
    /// The name shared by every language's file: lower-case letters, digits and hyphens.
    pub slug: String,
    /// Write this language's file only.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Start the `--lang` file as a translation of the existing version in this language: a
    /// copy of it, with a record naming its original.
    #[arg(long, value_name = "CODE", requires = "lang")]
    pub from: Option<String>,
    /// The site's folder (where site.yaml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// What `bayan new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EntryKind {
    Article,
    Topic,
    Page,
}

/// Writes the entry's files and prints what it wrote.
pub fn run(args: Args) -> Result<(), Error> {
    let section = match args.kind {
        EntryKind::Article => Section::Articles,
        EntryKind::Topic => Section::Topics,
        EntryKind::Page => Section::Pages,
    };
    if let (Some(from), Some(lang)) = (&args.from, &args.lang) {
        let report = new::translation(&args.root, section, &args.slug, lang, from)?;
        outcome(&args.root, report).print();
        return Ok(());
    }
    write(&args.root, section, &args.slug, args.lang.as_deref())?.print();
    Ok(())
}

/// Writes the entry's files in the site at `root` and returns what to print.
fn write(root: &Path, section: Section, slug: &str, lang: Option<&str>) -> Result<Outcome, Error> {
    let report = new::run(root, section, slug, lang)?;
    Ok(outcome(root, report))
}

/// What to print of what `new` wrote.
fn outcome(root: &Path, report: new::Report) -> Outcome {
    let mut lines: Vec<String> = report
        .files
        .iter()
        .map(|f| format!("wrote {}", shown(root, f).display()))
        .collect();
    lines.extend(report.notes);
    Outcome {
        warnings: report.warnings,
        text: lines.join("\n"),
    }
}
