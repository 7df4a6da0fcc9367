//! The command line, as clap reads it. Each command's flags are its own `Args`, in its file
//! under [`crate::cmd`]; `main` hands them to that command.

use clap::{Parser, Subcommand};

use crate::cmd;

/// bayan: a static site generator for bilingual (Arabic/English) briefing sites.
#[derive(Debug, Parser)]
#[command(name = "bayan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the whole site into the output folder.
    Build(cmd::build::Args),
    /// Build the site into memory and serve it, rebuilding and reloading open pages on every save.
    Serve(cmd::serve::Args),
    /// Check everything build checks, plus every internal link and anchor and translation
    /// parity; writes nothing.
    Check(cmd::check::Args),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::path::PathBuf;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn build_flags_parse() {
        let cli = Cli::parse_from([
            "bayan",
            "build",
            "--root",
            "site",
            "--base-url",
            "https://x.org/b/",
            "--drafts",
        ]);
        match cli.command {
            Command::Build(args) => {
                assert_eq!(args.root, PathBuf::from("site"));
                assert_eq!(args.base_url.as_deref(), Some("https://x.org/b/"));
                assert!(args.drafts);
                assert_eq!(args.output, None);
            }
            other => panic!("parsed as {other:?}"),
        }
    }
}
