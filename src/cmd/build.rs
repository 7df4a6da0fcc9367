//! `bayan build`: build the site and print one summary line.

use std::path::{Path, PathBuf};

use crate::config::Overrides;
use crate::error::Error;
use crate::pipeline::{self, Settings};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (where site.yaml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (relative to the current folder; default: the site's output/).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.yaml's (e.g. https://example.org/briefing/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Builds the site and prints its summary line.
pub fn run(args: Args) -> Result<(), Error> {
    let output = args.output.unwrap_or_else(|| {
        if args.root == Path::new(".") {
            "output".into()
        } else {
            args.root.join("output")
        }
    });
    let settings = Settings {
        root: args.root,
        output,
        overrides: Overrides {
            base_url: args.base_url,
            drafts: args.drafts,
            plain_assets: false,
            read_only: false,
        },
    };
    let summary = pipeline::build(&settings)?;
    for w in &summary.warnings {
        anstream::eprintln!("{}", w.styled());
    }
    let per_lang: Vec<String> = summary
        .pages_per_language
        .iter()
        .map(|(code, n)| format!("{n} {code}"))
        .collect();
    println!(
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
    Ok(())
}
