//! Where made files go: into memory, or into a folder without ever leaving half a site.
//!
//! [`Memory`] keeps the files, for `serve` and `check`. [`Staging`] makes them into the folder
//! beside the output that is swapped in only when every file is written: on Linux with one
//! atomic `renameat2(RENAME_EXCHANGE)`, elsewhere with renames. A failed or killed build leaves
//! the previous output as it was. bayan marks the folders it makes with a `.bayan-output` file
//! and refuses to replace a non-empty folder without the mark, so it never deletes a user's files
//! ([`check_target`]). A file whose bytes did not change keeps its inode and its mtime, so a
//! rebuild with no change rewrites nothing, and rsync or a bucket sync uploads only the files
//! that changed.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Diagnostic, Error};
use crate::outputs::{File, Sink};

mod staging;

pub use staging::{Staging, parent_of};

/// The file that marks a folder as made by bayan.
pub const MARKER: &str = ".bayan-output";

/// Files kept from the previous output (so a checked-in `output/.gitignore` survives builds).
const CARRIED_OVER: [&str; 2] = [".gitignore", ".gitkeep"];

/// Checks that `output` may be written: not the site root, not inside content/ or a theme, not
/// a file, and either absent, empty, or made by bayan.
pub fn check_target(root: &Path, output: &Path) -> Result<(), Error> {
    let abs_root = absolute(root);
    let abs_out = absolute(output);
    let refuse = |message: String, help: &str| -> Result<(), Error> {
        Err(Diagnostic::new(output, message).help(help).into())
    };
    if abs_out == abs_root || abs_root.starts_with(&abs_out) {
        return refuse(
            "the output folder would contain the site itself".into(),
            "choose a folder of its own, e.g. --output output",
        );
    }
    for inner in ["content", "themes", "templates", "static"] {
        if abs_out.starts_with(abs_root.join(inner)) {
            return refuse(
                format!("the output folder is inside {inner}/"),
                "choose a folder outside the site's sources, e.g. --output output",
            );
        }
    }
    if abs_out.exists() && !abs_out.is_dir() {
        return refuse(
            "the output path is a file, not a folder".into(),
            "remove the file or choose another --output",
        );
    }
    if abs_out.is_dir() && !is_ours(&abs_out) {
        return refuse(
            "the output folder was not made by bayan and is not empty; bayan will not replace it"
                .into(),
            "empty it or choose another --output (bayan marks its own output with a .bayan-output file)",
        );
    }
    Ok(())
}

/// A folder bayan may replace: it has the marker, or holds nothing but carried-over dotfiles.
fn is_ours(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .all(|e| CARRIED_OVER.iter().any(|keep| e.file_name() == *keep)),
        Err(_) => false,
    }
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Resolve `..` and symlinks where the path exists; else normalise by hand.
    if let Ok(c) = abs.canonicalize() {
        return c;
    }
    let mut out = PathBuf::new();
    for part in abs.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => parent.canonicalize().map(|p| p.join(name)).unwrap_or(out),
        _ => out,
    }
}

/// Files kept in memory.
#[derive(Default)]
pub struct Memory(Mutex<Vec<File>>);

impl Sink for Memory {
    fn put(&self, file: File) -> Result<(), Diagnostic> {
        match self.0.lock() {
            Ok(mut files) => files.push(file),
            Err(poisoned) => poisoned.into_inner().push(file),
        }
        Ok(())
    }
}

impl Memory {
    /// The files, in the order they were made.
    pub fn into_files(self) -> Vec<File> {
        self.0.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}
