//! `bayan check`: everything build checks, plus links, anchors and translation parity.

use std::path::Path;

use crate::check;
use crate::config::Overrides;
use crate::error::Error;
use crate::pipeline;

/// Checks the site; warnings are returned to print, errors fail the command.
pub fn run(root: &Path) -> Result<Vec<String>, Error> {
    let rendered = pipeline::render(root, &Overrides::default())?;
    let report = check::check(&rendered);
    if report.errors.is_empty() {
        Ok(rendered
            .warnings
            .into_iter()
            .chain(report.warnings)
            .collect())
    } else {
        Err(Error::new(report.errors))
    }
}
