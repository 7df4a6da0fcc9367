//! `bayan new article|topic|page SLUG`: write a new entry's files and say what they are.

use std::path::Path;

use super::{Outcome, shown};
use crate::content::Section;
use crate::error::Error;
use crate::new;

/// Writes the entry's files in the site at `root` and returns what to print.
pub fn run(
    root: &Path,
    section: Section,
    slug: &str,
    lang: Option<&str>,
) -> Result<Outcome, Error> {
    let report = new::run(root, section, slug, lang)?;
    let mut lines: Vec<String> = report
        .files
        .iter()
        .map(|f| format!("wrote {}", shown(root, f).display()))
        .collect();
    lines.extend(report.notes);
    Ok(Outcome {
        warnings: report.warnings,
        text: lines.join("\n"),
    })
}
