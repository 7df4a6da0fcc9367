//! `bayan build`: build the site and print one summary line.

use super::Outcome;
use crate::error::Error;
use crate::pipeline::{self, Settings};

/// Builds and returns the summary line to print, with the build's warnings.
pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let summary = pipeline::build(settings)?;
    let per_lang: Vec<String> = summary
        .pages_per_language
        .iter()
        .map(|(code, n)| format!("{n} {code}"))
        .collect();
    let text = format!(
        "built {} pages ({}) and {} files in total into {} in {} ms",
        summary
            .pages_per_language
            .iter()
            .map(|(_, n)| n)
            .sum::<usize>(),
        per_lang.join(", "),
        summary.files,
        settings.output.display(),
        summary.elapsed.as_millis()
    );
    Ok(Outcome {
        warnings: summary.warnings,
        text,
    })
}
