//! `bayan check`: everything build checks, plus links, anchors and translation parity.

use std::path::PathBuf;

use crate::check;
use crate::config::{Config, Overrides};
use crate::content;
use crate::error::{self, Error};
use crate::pipeline;
use crate::translations::Status;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (where site.yaml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Checks the site and prints its warnings; errors fail the command.
pub fn run(args: Args) -> Result<(), Error> {
    let rendered = pipeline::render(
        &args.root,
        &Overrides {
            read_only: true,
            ..Overrides::default()
        },
    )?;
    let report = check::check(&rendered);
    let errors: Vec<_> = report.errors().cloned().collect();
    if !errors.is_empty() {
        return Err(Error::new(errors));
    }
    let config = Config::load(&args.root, &Overrides::default())?;
    let content = content::load(&config)?;
    let unfinished = check::unfinished(&content);
    let stale = Status::states(&config, &content).warnings(&content, &config);
    let found = report
        .warnings()
        .cloned()
        .chain(unfinished)
        .chain(stale)
        .collect();
    let warnings: Vec<_> = rendered
        .warnings
        .iter()
        .cloned()
        .chain(error::sorted(found))
        .collect();
    for w in &warnings {
        anstream::eprintln!("{}", w.styled());
    }
    let n = warnings.len();
    println!(
        "check passed with {n} warning{}",
        if n == 1 { "" } else { "s" }
    );
    Ok(())
}
