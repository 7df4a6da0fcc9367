//! `bayan theme eject`: copy the built-in theme into the site and say how to use it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Outcome, shown};
use crate::builtin;
use crate::error::Error;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ThemeCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum ThemeCommand {
    /// Copy the built-in theme into themes/NAME/ to change it; refuses if that folder exists.
    Eject {
        /// The new theme folder's name.
        #[arg(long, default_value = "briefing")]
        name: String,
        /// The site's folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs a `theme` subcommand.
pub fn run(args: Args) -> Result<(), Error> {
    match args.command {
        ThemeCommand::Eject { name, root } => eject(&root, &name)?.print(),
    }
    Ok(())
}

/// Copies the built-in theme into `root/themes/<name>/` and returns what to print.
fn eject(root: &Path, name: &str) -> Result<Outcome, Error> {
    let ejected = builtin::eject(root, name)?;
    let folder = shown(root, &ejected.folder);
    let mut text = format!(
        "wrote the built-in theme into {}/ ({} files):\n",
        folder.display(),
        ejected.files.len()
    );
    // One line per folder of the theme, with how many files it got.
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    for f in &ejected.files {
        let mut parts = f.iter();
        let first = parts.next().map(|p| p.to_string_lossy().into_owned());
        let key = match (first, parts.next()) {
            (Some(dir), Some(_)) => format!("{dir}/"),
            (Some(file), None) => file,
            _ => continue,
        };
        *groups.entry(key).or_default() += 1;
    }
    for (group, n) in groups {
        if group.ends_with('/') {
            let s = if n == 1 { "" } else { "s" };
            text.push_str(&format!("  {group} ({n} file{s})\n"));
        } else {
            text.push_str(&format!("  {group}\n"));
        }
    }
    if ejected.theme_in_use == name {
        text.push_str(&format!(
            "site.yaml says `theme: {name}`, so the site now uses this copy instead of the \
             built-in theme: change it there."
        ));
    } else {
        text.push_str(&format!(
            "the site still uses the theme `{}`; to use this copy, set `theme: {name}` in site.yaml.",
            ejected.theme_in_use
        ));
    }
    Ok(Outcome {
        warnings: Vec::new(),
        text,
    })
}
