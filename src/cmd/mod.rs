//! One file per command, each with its flags (`Args`) and a `run` that wires the library
//! together and prints what the user needs. `main` prints a failed command's diagnostics.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;
pub mod status;
pub mod theme;
pub mod translated;

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Diagnostic;

/// What a command that writes files adds after its count of errors when it failed.
pub const NOTHING_WRITTEN: &str = "; nothing was written";

/// What a command that succeeded has to print: warnings (on stderr) and its report (on stdout).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub warnings: Vec<String>,
    pub text: String,
}

impl Outcome {
    /// Prints the warnings on stderr, then the report on stdout.
    pub fn print(&self) {
        for w in &self.warnings {
            anstream::eprintln!("{}", Diagnostic::general(w.clone()).warning().styled());
        }
        println!("{}", self.text);
    }
}

/// `path` (relative to the site) as the user should see it: from the current folder.
fn shown(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") {
        path.to_path_buf()
    } else {
        root.join(path)
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
