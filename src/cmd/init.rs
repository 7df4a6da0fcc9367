//! `bayan init [DIR]`: write a new site and say what to do next.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::{Outcome, usage_error};
use crate::content::Date;
use crate::error::Error;
use crate::init::{self, Options};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new site's folder; created if it does not exist.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The site's languages, comma-separated, in the order of the language switcher.
    #[arg(long, default_value = "ar,en", value_name = "CODES")]
    pub languages: String,
    /// The language of the landing and 404 pages (default: the first of --languages).
    #[arg(long, value_name = "CODE")]
    pub default_language: Option<String>,
}

/// Writes the new site and prints what it wrote and what to do next.
pub fn run(args: Args) -> Result<(), Error> {
    let options = Options::new(&args.languages, args.default_language.as_deref(), today())
        .unwrap_or_else(|message| usage_error("init", message));
    write(&args.dir, &options)?.print();
    Ok(())
}

/// Writes the new site into `dir` and returns what to print.
fn write(dir: &Path, options: &Options) -> Result<Outcome, Error> {
    let report = init::run(dir, options)?;
    let mut text = format!(
        "created a new site in {} ({} files):\n",
        dir.display(),
        report.files.len()
    );
    for f in &report.files {
        text.push_str(&format!("  {}\n", f.display()));
    }
    text.push_str("next:\n");
    if dir != Path::new(".") {
        text.push_str(&format!("  cd {}\n", dir.display()));
    }
    text.push_str(
        "  bayan serve                  # see it at http://127.0.0.1:1111/ as you edit\n  \
         bayan new article my-article # a new article, in every language\n  \
         bayan build                  # the site, into output/\n\
         and see README.md in the new folder.",
    );
    Ok(Outcome {
        warnings: report.warnings,
        text,
    })
}

/// Today's date (UTC), or the day of `SOURCE_DATE_EPOCH` when it is set, as reproducible builds
/// ask.
fn today() -> Date {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    init::date_from_days(secs.div_euclid(86_400))
}
