//! One file per command; each wires the library together and prints what the user needs.

pub mod build;
pub mod check;
pub mod init;

/// What a command that succeeded has to print: warnings (on stderr) and its report (on stdout).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub warnings: Vec<String>,
    pub text: String,
}
