//! The `bayan` command: parse the flags, run one command, print the outcome, choose the exit code.
//!
//! Exit codes: 0 success; 1 the site has errors (each printed with file, line and column);
//! 2 the command line is wrong (clap's own code).

use std::process::ExitCode;

use bayan::cli::{Cli, Command, EntryKind, ThemeCommand};
use bayan::cmd::Outcome;
use bayan::config::Overrides;
use bayan::content::Section;
use bayan::pipeline::Settings;
use clap::{CommandFactory, Parser};

/// Builds allocate many small strings and values from several threads at once, which mimalloc
/// serves markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    without_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let output = output.unwrap_or_else(|| {
                if root == std::path::Path::new(".") {
                    "output".into()
                } else {
                    root.join("output")
                }
            });
            let settings = Settings {
                root,
                output,
                overrides: Overrides {
                    base_url,
                    drafts,
                    plain_assets: false,
                },
            };
            bayan::cmd::build::run(&settings).map(print)
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            // Events name absolute paths; the session must name files the same way.
            let root = std::fs::canonicalize(&root).unwrap_or(root);
            let settings = bayan::serve::Settings {
                root,
                port,
                bind,
                open,
                drafts,
            };
            bayan::serve::run(&settings)
        }
        Command::Check { root } => bayan::cmd::check::run(&root).map(|warnings| {
            warn(&warnings);
            println!(
                "check passed with {} warning{}",
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" }
            );
        }),
        Command::Init {
            dir,
            languages,
            default_language,
        } => {
            let today = bayan::cmd::init::today();
            let options =
                match bayan::init::Options::new(&languages, default_language.as_deref(), today) {
                    Ok(options) => options,
                    Err(message) => usage_error("init", message),
                };
            bayan::cmd::init::run(&dir, &options).map(print)
        }
        Command::New {
            kind,
            slug,
            lang,
            root,
        } => {
            let section = match kind {
                EntryKind::Article => Section::Articles,
                EntryKind::Topic => Section::Topics,
                EntryKind::Page => Section::Pages,
            };
            bayan::cmd::new::run(&root, section, &slug, lang.as_deref()).map(print)
        }
        Command::Theme {
            command: ThemeCommand::Eject { name, root },
        } => bayan::cmd::theme::eject(&root, &name).map(print),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            anstream::eprintln!("{}", e.styled());
            ExitCode::from(1)
        }
    }
}

/// A wrong flag is a wrong command line: clap's message, with the subcommand's usage, and exit
/// code 2.
fn usage_error(subcommand: &str, message: String) -> ! {
    let mut cli = Cli::command();
    cli.build();
    let mut command = cli.find_subcommand(subcommand).cloned().unwrap_or(cli);
    command
        .error(clap::error::ErrorKind::InvalidValue, message)
        .exit()
}

/// Prints a command's warnings on stderr, then its report on stdout.
fn print(outcome: Outcome) {
    warn(&outcome.warnings);
    println!("{}", outcome.text);
}

fn warn(warnings: &[String]) {
    let y = anstyle::AnsiColor::Yellow.on_default().bold();
    for w in warnings {
        anstream::eprintln!("{y}warning{y:#}: {w}");
    }
}

/// mimalloc asks for transparent huge pages, so that touching a few bytes of a fresh 2 MiB region
/// makes all of it resident: that costs a build a third more memory and gains it nothing
/// measurable. Turned off for the process (Linux only; elsewhere there is nothing to do).
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
