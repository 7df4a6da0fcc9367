//! One file per command; each wires the library together and prints what the user needs.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod theme;

use std::path::{Path, PathBuf};

/// What a command that succeeded has to print: warnings (on stderr) and its report (on stdout).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub warnings: Vec<String>,
    pub text: String,
}

/// `path` (relative to the site) as the user should see it: from the current folder.
fn shown(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}
