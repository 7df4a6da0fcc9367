//! The command line, as clap reads it: raw flags only. `main` turns them into settings.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
    Build {
        /// The site's folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (relative to the current folder).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Use this base URL instead of site.yaml's (e.g. https://example.org/briefing/).
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site into memory and serve it, rebuilding and reloading open pages on every save.
    Serve {
        /// The site's folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (default 1111, or the next free one; 0 for any free port).
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on. Anything but a loopback address lets other machines in.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check everything build checks, plus every internal link and anchor and translation
    /// parity; writes nothing.
    Check {
        /// The site's folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a new site, with example content in every language, that builds at once with the
    /// built-in theme. Refuses a folder that is not empty.
    Init {
        /// The new site's folder; created if it does not exist.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's languages, comma-separated, in the order of the language switcher.
        #[arg(long, default_value = "ar,en", value_name = "CODES")]
        languages: String,
        /// The language of the landing and 404 pages (default: the first of --languages).
        #[arg(long, value_name = "CODE")]
        default_language: Option<String>,
    },
    /// Write the files of a new article, topic or page, in every language of the site.
    New {
        /// What to make.
        kind: EntryKind,
        /// The name shared by every language's file: lower-case letters, digits and hyphens.
        slug: String,
        /// Write this language's file only.
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        /// The site's folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Work with themes.
    Theme {
        #[command(subcommand)]
        command: ThemeCommand,
    },
}

/// What `bayan new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EntryKind {
    Article,
    Topic,
    Page,
}

#[derive(Debug, Subcommand)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

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
            Command::Build {
                root,
                base_url,
                drafts,
                output,
            } => {
                assert_eq!(root, PathBuf::from("site"));
                assert_eq!(base_url.as_deref(), Some("https://x.org/b/"));
                assert!(drafts);
                assert_eq!(output, None);
            }
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn init_new_and_eject_flags_parse() {
        let cli = Cli::parse_from(["bayan", "init"]);
        match cli.command {
            Command::Init {
                dir,
                languages,
                default_language,
            } => {
                assert_eq!(dir, PathBuf::from("."));
                assert_eq!(languages, "ar,en");
                assert_eq!(default_language, None);
            }
            other => panic!("parsed as {other:?}"),
        }
        let cli = Cli::parse_from(["bayan", "new", "topic", "x", "--lang", "en"]);
        match cli.command {
            Command::New {
                kind, slug, lang, ..
            } => {
                assert_eq!(
                    (kind, slug.as_str(), lang.as_deref()),
                    (EntryKind::Topic, "x", Some("en"))
                );
            }
            other => panic!("parsed as {other:?}"),
        }
        let cli = Cli::parse_from(["bayan", "theme", "eject", "--name", "mine"]);
        match cli.command {
            Command::Theme {
                command: ThemeCommand::Eject { name, root },
            } => assert_eq!((name.as_str(), root), ("mine", PathBuf::from("."))),
            other => panic!("parsed as {other:?}"),
        }
        assert!(Cli::try_parse_from(["bayan", "new", "post", "x"]).is_err());
    }
}
