//! Writing the files of a new site, a new entry or an ejected theme: all of them, or none.
//!
//! `init`, `new` and `theme eject` each make a handful of files that must not replace anything a
//! person wrote. So every path is checked first, and a single one that exists stops the command
//! before it writes a byte; each file is then created with `create_new`, so one that appears
//! meanwhile is not overwritten either. If writing fails halfway (a full disk, a folder without
//! write permission), what this run wrote is removed again, folders included.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::error::{Diagnostic, Error};

/// A file to create: its path relative to the folder it goes in, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl NewFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> NewFile {
        NewFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// The diagnostics for the files of `files` that already exist under `base`; messages name
/// them as `shown` joined with their path.
pub fn existing(base: &Path, shown: &Path, files: &[NewFile]) -> Vec<Diagnostic> {
    files
        .iter()
        .filter(|f| base.join(&f.path).symlink_metadata().is_ok())
        .map(|f| {
            Diagnostic::new(shown.join(&f.path), "the file already exists")
                .help("bayan never replaces a file; choose another name, or edit this file")
        })
        .collect()
}

/// Writes every file of `files` under `base`, or none: it refuses when any exists (see
/// [`existing`]) and removes what it wrote when writing fails. `shown` is how messages name
/// `base` (the folder as the user gave it, or empty for paths relative to the site).
pub fn write_all(base: &Path, shown: &Path, files: &[NewFile]) -> Result<(), Error> {
    let clashes = existing(base, shown, files);
    if !clashes.is_empty() {
        return Err(Error::new(clashes));
    }
    let mut written: Vec<PathBuf> = Vec::new();
    let mut made: Vec<PathBuf> = Vec::new();
    for file in files {
        let target = base.join(&file.path);
        if let Err(e) = write_one(&target, &file.bytes, &mut made) {
            for path in written.iter().rev() {
                let _ = std::fs::remove_file(path);
            }
            for dir in made.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(
                Diagnostic::io(&shown.join(&file.path), "write the file", &e)
                    .help("check that the folder can be written to; nothing was left behind")
                    .into(),
            );
        }
        written.push(target);
    }
    Ok(())
}

/// Creates `target` (never replacing a file), making the folders it needs and noting them in
/// `made`, parents first.
fn write_one(target: &Path, bytes: &[u8], made: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if let Some(parent) = target.parent() {
        let mut missing: Vec<&Path> = parent
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .collect();
        missing.reverse();
        for dir in missing {
            std::fs::create_dir(dir)?;
            made.push(dir.to_path_buf());
        }
    }
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)?;
    out.write_all(bytes)
}

/// The configuration of the site at `root`, for a command that adds to it (`new`, `theme
/// eject`); a folder without site.yaml is not a site, and the message says how to start one.
pub fn existing_site(root: &Path) -> Result<Config, Error> {
    let site_yaml = root.join("site.yaml");
    if !site_yaml.is_file() {
        return Err(
            Diagnostic::new(&site_yaml, "there is no site here: no site.yaml")
                .help(
                    "run this in a site's folder or pass --root DIR; to start a new site, run \
                 `bayan init DIR`",
                )
                .into(),
        );
    }
    Config::load(root, &Overrides::default())
}

/// A YAML double-quoted scalar, for text put into the YAML files bayan writes (JSON's string
/// syntax is a subset of YAML's).
pub fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_reads_back_as_yaml() {
        for text in [
            "plain",
            "with \"quotes\" and: colons",
            "عربي # not a comment",
            "a\\b",
        ] {
            let back: String = serde_yaml::from_str(&quoted(text)).unwrap();
            assert_eq!(back, text);
        }
    }

    #[test]
    fn writes_every_file_with_its_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let files = [
            NewFile::new("a/b/c.txt", "c"),
            NewFile::new("a/d.txt", "d"),
            NewFile::new("e.txt", "e"),
        ];
        write_all(tmp.path(), Path::new(""), &files).unwrap();
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("a/b/c.txt")).unwrap(),
            "c"
        );
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("e.txt")).unwrap(),
            "e"
        );
    }

    #[test]
    fn one_existing_file_stops_everything() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("b.txt"), "mine").unwrap();
        let files = [NewFile::new("new/a.txt", "a"), NewFile::new("b.txt", "b")];
        let e = write_all(tmp.path(), Path::new("site"), &files).unwrap_err();
        assert_eq!(e.diagnostics.len(), 1);
        assert_eq!(
            e.diagnostics[0].path.as_deref(),
            Some(Path::new("site/b.txt"))
        );
        assert_eq!(e.diagnostics[0].message, "the file already exists");
        assert!(!tmp.path().join("new").exists());
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("b.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_failure_halfway_removes_what_was_written() {
        let tmp = tempfile::tempdir().unwrap();
        // A file where a folder is needed makes the second write fail.
        std::fs::write(tmp.path().join("blocker"), "").unwrap();
        let files = [
            NewFile::new("x/y/first.txt", "1"),
            NewFile::new("blocker/second.txt", "2"),
        ];
        let e = write_all(tmp.path(), Path::new(""), &files).unwrap_err();
        assert!(
            e.diagnostics[0]
                .message
                .starts_with("could not write the file")
        );
        assert!(!tmp.path().join("x").exists(), "the folders made were left");
    }
}
