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
    /// Write a new site, with example content in every language, that builds at once with the
    /// built-in theme. Refuses a folder that is not empty.
    Init(cmd::init::Args),
    /// Write the files of a new article, topic or page, in every language of the site.
    New(cmd::new::Args),
    /// Work with themes.
    Theme(cmd::theme::Args),
    /// Per language: how many articles, topics and pages are translated, outdated and missing,
    /// and which.
    Status(cmd::status::Args),
    /// Record that translations reflect their originals as they are now.
    Translated(cmd::translated::Args),
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

    #[test]
    fn init_new_and_eject_flags_parse() {
        use cmd::new::EntryKind;
        use cmd::theme::ThemeCommand;
        match Cli::parse_from(["bayan", "init"]).command {
            Command::Init(args) => {
                assert_eq!(args.dir, PathBuf::from("."));
                assert_eq!(args.languages, "ar,en");
                assert_eq!(args.default_language, None);
            }
            other => panic!("parsed as {other:?}"),
        }
        match Cli::parse_from(["bayan", "new", "topic", "x", "--lang", "en"]).command {
            Command::New(args) => assert_eq!(
                (args.kind, args.slug.as_str(), args.lang.as_deref()),
                (EntryKind::Topic, "x", Some("en"))
            ),
            other => panic!("parsed as {other:?}"),
        }
        match Cli::parse_from(["bayan", "theme", "eject", "--name", "mine"]).command {
            Command::Theme(args) => match args.command {
                ThemeCommand::Eject { name, root } => {
                    assert_eq!((name.as_str(), root), ("mine", PathBuf::from(".")))
                }
            },
            other => panic!("parsed as {other:?}"),
        }
        assert!(Cli::try_parse_from(["bayan", "new", "post", "x"]).is_err());
    }
}
