//! The staging folder a build is made in, and the swap that puts it in place of the output.
//!
//! The mark (`.bayan-output`) lists every file it wrote, with a hash of its bytes, its size and
//! its time of modification. A file whose new bytes hash the same as the previous build's, and
//! which is still the size and time it was left at, is hard-linked from the output instead of
//! written: it keeps its inode and its mtime.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

use super::{CARRIED_OVER, MARKER};
use crate::error::{Diagnostic, Error};
use crate::outputs::{File, Sink};

/// What the mark records of a file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    hash: u128,
    len: u64,
    /// Nanoseconds since the epoch.
    mtime: u128,
}

/// The first line of the mark.
const MARK: &str = "This folder was made by bayan and is replaced by each build.";

/// The folder beside the output that the next build is made in: the output before last, whose
/// unchanged files are the same files as the output's.
fn spare_of(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    target.with_file_name(format!("{name}.bayan-spare"))
}

/// The folder `target` is in (the current one for a bare name).
pub fn parent_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A staging folder being filled.
///
/// It is the spare folder beside the output (`output.bayan-spare`): the output the build before
/// last made, in which every file the previous build kept is a hard link to the output's own.
/// Bringing it up to date touches only the files that differ; then it is swapped with the output
/// and the output becomes the spare for the next build. A no-change rebuild renames two folders
/// and touches nothing else.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The files of the output, as its mark lists them.
    previous: HashMap<String, Written>,
    /// The files written so far, for the mark.
    written: Mutex<Vec<(String, Written)>>,
    committed: bool,
}

impl Sink for Staging {
    fn put(&self, file: File) -> Result<(), Diagnostic> {
        let hash = xxhash_rust::xxh3::xxh3_128(&file.bytes);
        let path = self.dir.join(&file.path);
        let kept = match self.previous.get(&file.path) {
            Some(old) if old.hash == hash && old.len == file.bytes.len() as u64 => {
                self.keep(&file.path, &path, *old)
            }
            _ => None,
        };
        let linked = match (kept, &file.origin) {
            (None, Some(origin)) => link_file(origin, &path),
            _ => None,
        };
        let written = match kept.or(linked.map(|mtime| Written {
            hash,
            len: file.bytes.len() as u64,
            mtime,
        })) {
            Some(w) => w,
            None => Written {
                hash,
                len: file.bytes.len() as u64,
                mtime: replace_file(&path, &file.bytes)?,
            },
        };
        match self.written.lock() {
            Ok(mut w) => w.push((file.path, written)),
            Err(poisoned) => poisoned.into_inner().push((file.path, written)),
        }
        Ok(())
    }
}

impl Staging {
    /// Readies the staging folder beside `target`: the spare folder if an earlier build left
    /// one, else a new one; leftovers of killed builds are cleared.
    pub fn new(target: &Path) -> Result<Staging, Error> {
        let parent = parent_of(target);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(parent, "create the output's parent folder", &e))?;
        remove_leftovers(parent, &name);
        let dir = spare_of(target);
        if dir.exists() && !dir.join(MARKER).is_file() {
            return Err(Diagnostic::new(
                &dir,
                "a folder of this name is where bayan prepares the next output, and it was not made by bayan",
            )
            .help("move it away or remove it; bayan never replaces a folder it did not make")
            .into());
        }
        fs::create_dir_all(&dir)
            .map_err(|e| Diagnostic::io(&dir, "create the staging folder", &e))?;
        replace_file(&dir.join(MARKER), format!("{MARK}\n").as_bytes())?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            previous: read_mark(&target.join(MARKER)),
            written: Mutex::new(Vec::new()),
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes `to` the output's file at `rel`, if that is still as it was written: nothing to do
    /// when `to` is that file already, else a hard link to it.
    fn keep(&self, rel: &str, to: &Path, old: Written) -> Option<Written> {
        use std::os::unix::fs::MetadataExt;
        let from = self.target.join(rel);
        let meta = fs::symlink_metadata(&from).ok()?;
        if !meta.is_file() || meta.len() != old.len || nanos(&meta)? != old.mtime {
            return None;
        }
        match fs::symlink_metadata(to) {
            Ok(here) if here.ino() == meta.ino() && here.dev() == meta.dev() => return Some(old),
            Ok(here) if here.is_dir() => fs::remove_dir_all(to).ok()?,
            Ok(_) => fs::remove_file(to).ok()?,
            Err(_) => {
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent).ok()?;
                }
            }
        }
        fs::hard_link(&from, to).ok()?;
        Some(old)
    }

    /// Removes what the staging folder holds beyond the files of this build (the spare's files
    /// that are gone from the site), folders left empty with them.
    fn prune(&self, made: &HashSet<&str>) {
        fn walk(dir: &Path, rel: &str, made: &HashSet<&str>) -> bool {
            let Ok(entries) = fs::read_dir(dir) else {
                return false;
            };
            let mut empty = true;
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let path = if rel.is_empty() {
                    name.clone()
                } else {
                    format!("{rel}/{name}")
                };
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                if is_dir && walk(&e.path(), &path, made) {
                    let _ = fs::remove_dir(e.path());
                } else if is_dir || made.contains(path.as_str()) || rel.is_empty() && keeps(&name) {
                    empty = false;
                } else {
                    let _ = fs::remove_file(e.path());
                }
            }
            empty
        }
        fn keeps(name: &str) -> bool {
            name == MARKER || CARRIED_OVER.contains(&name)
        }
        walk(&self.dir, "", made);
    }

    /// Swaps the staging folder in place of the target, with the mark listing its files.
    pub fn commit(mut self) -> Result<(), Error> {
        let mut written =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|p| p.into_inner()));
        written.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.prune(&written.iter().map(|(p, _)| p.as_str()).collect());
        let mut mark = format!("{MARK}\n");
        for (path, w) in &written {
            mark.push_str(&format!("{:032x} {} {} {path}\n", w.hash, w.len, w.mtime));
        }
        replace_file(&self.dir.join(MARKER), mark.as_bytes())?;
        for keep in CARRIED_OVER {
            let (old, new) = (self.target.join(keep), self.dir.join(keep));
            if same_file(&old, &new) {
                continue;
            }
            let _ = fs::remove_file(&new);
            if old.is_file() && fs::hard_link(&old, &new).is_err() {
                let _ = fs::copy(&old, new);
            }
        }
        self.committed = true;
        if !self.target.exists() {
            return fs::rename(&self.dir, &self.target).map_err(|e| {
                Diagnostic::io(&self.target, "move the new output in place", &e).into()
            });
        }
        if exchange(&self.dir, &self.target) {
            // The staging path now holds the previous output: the spare for the next build, if
            // bayan made it (else it held only the files carried over, which are copied).
            if !self.dir.join(MARKER).is_file() {
                let _ = fs::remove_dir_all(&self.dir);
            }
            return Ok(());
        }
        let old = self.dir.with_file_name(format!(
            "{}.bayan-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        fs::rename(&self.target, &old)
            .map_err(|e| Diagnostic::io(&self.target, "move the previous output aside", &e))?;
        fs::rename(&self.dir, &self.target)
            .map_err(|e| Diagnostic::io(&self.target, "move the new output in place", &e))?;
        if fs::rename(&old, &self.dir).is_err() {
            remove_ours(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A build that failed leaves no staging folder behind: a spare half brought up to date
        // would cost more to check than to make again.
        if !self.committed && self.dir.join(MARKER).is_file() {
            remove_ours(&self.dir);
        }
    }
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

/// Removes a folder bayan made, its files in parallel (a site is thousands of small folders),
/// and its mark last, so that a removal cut short is still known as bayan's and cleared by the
/// next build.
fn remove_ours(dir: &Path) {
    fn remove(dir: &Path, keep: Option<&str>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let entries: Vec<fs::DirEntry> = entries.flatten().collect();
        entries.par_iter().for_each(|e| {
            if keep.is_some_and(|k| e.file_name() == k) {
                return;
            }
            match e.file_type() {
                Ok(t) if t.is_dir() => {
                    remove(&e.path(), None);
                    let _ = fs::remove_dir(e.path());
                }
                _ => {
                    let _ = fs::remove_file(e.path());
                }
            }
        });
    }
    remove(dir, Some(MARKER));
    let _ = fs::remove_file(dir.join(MARKER));
    let _ = fs::remove_dir(dir);
}

/// Writes a file at `path`, making its folder. A path where nothing is yet (most of them, in a
/// build into an empty folder) gets a new file at once; otherwise the file is written as a new
/// file renamed over the old one, which may be a hard link to the output's file: writing into
/// it would change the output. Returns its time of modification.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<u128, Diagnostic> {
    let create_new = || {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let fresh = match create_new() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)
                    .map_err(|e| Diagnostic::io(parent, "create a folder in the output", &e))?;
            }
            create_new().ok()
        }
        other => other.ok(),
    };
    if let Some(f) = fresh {
        return write_new(f, path, bytes);
    }
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        let _ = fs::remove_dir_all(path);
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bayan-new");
    let temporary = path.with_file_name(name);
    let f = fs::File::create(&temporary)
        .map_err(|e| Diagnostic::io(path, "create a file in the output", &e))?;
    let mtime = write_new(f, path, bytes)?;
    fs::rename(&temporary, path)
        .map_err(|e| Diagnostic::io(path, "put a file in place in the output", &e))?;
    Ok(mtime)
}

/// Writes `bytes` into `f`, a file just made for `path`; its time of modification.
fn write_new(mut f: fs::File, path: &Path, bytes: &[u8]) -> Result<u128, Diagnostic> {
    f.write_all(bytes)
        .map_err(|e| Diagnostic::io(path, "write a file in the output", &e))?;
    let meta = f
        .metadata()
        .map_err(|e| Diagnostic::io(path, "read back a file in the output", &e))?;
    Ok(nanos(&meta).unwrap_or_default())
}

/// Puts a hard link to `origin` (a file of the site's cache with the same bytes) at `path`,
/// as [`replace_file`] puts a new file; its time of modification, or `None` when it cannot
/// (another disk), for the caller to write the bytes instead. Files in the output and the cache
/// are only ever replaced, never written in place, so sharing one is safe.
fn link_file(origin: &Path, path: &Path) -> Option<u128> {
    let meta = fs::metadata(origin).ok()?;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).ok()?;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bayan-new");
    let temporary = path.with_file_name(name);
    let _ = fs::remove_file(&temporary);
    fs::hard_link(origin, &temporary).ok()?;
    if fs::rename(&temporary, path).is_err() {
        let _ = fs::remove_file(&temporary);
        return None;
    }
    nanos(&meta)
}

fn nanos(meta: &fs::Metadata) -> Option<u128> {
    Some(
        meta.modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
}

/// The files a mark lists; none if it is missing or from an older bayan.
fn read_mark(path: &Path) -> HashMap<String, Written> {
    let Ok(text) = fs::read_to_string(path) else {
        return HashMap::new();
    };
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.splitn(4, ' ');
            let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            let mtime = parts.next()?.parse().ok()?;
            let path = parts.next()?.to_string();
            Some((path, Written { hash, len, mtime }))
        })
        .collect()
}

/// Removes staging and old folders of earlier builds that were killed, if bayan made them.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let leftover = file_name.starts_with(&format!("{name}.bayan-staging-"))
            || file_name.starts_with(&format!("{name}.bayan-old-"));
        if leftover && e.path().join(MARKER).is_file() {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// Atomically exchanges two paths where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(ca), Ok(cb)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::check_target;

    fn file(path: &str, bytes: &[u8]) -> File {
        File {
            origin: None,
            path: path.into(),
            key: 0,
            bytes: bytes.to_vec().into(),
        }
    }

    fn build(out: &Path, files: &[(&str, &[u8])]) {
        let s = Staging::new(out).unwrap();
        for (path, bytes) in files {
            s.put(file(path, bytes)).unwrap();
        }
        s.commit().unwrap();
    }

    #[test]
    fn a_change_made_in_the_spare_never_shows_in_the_output_before_the_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        build(&out, &[("f.html", b"v1")]);
        // Unchanged: the spare's file is now the output's very file (a hard link).
        build(&out, &[("f.html", b"v1")]);
        let s = Staging::new(&out).unwrap();
        s.put(file("f.html", b"v2")).unwrap();
        assert_eq!(fs::read_to_string(out.join("f.html")).unwrap(), "v1");
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("f.html")).unwrap(), "v2");
        let spare = tmp.path().join("output.bayan-spare");
        assert_eq!(fs::read_to_string(spare.join("f.html")).unwrap(), "v1");
        // A file gone from the site is gone from the output made in the spare.
        build(&out, &[("g.html", b"g")]);
        assert!(!out.join("f.html").exists());
        assert_eq!(fs::read_to_string(out.join("g.html")).unwrap(), "g");
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_changed_ones_are_new() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        build(&out, &[("a/index.html", b"same"), ("b.css", b"old")]);
        let inode = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
        let (a, b) = (inode("a/index.html"), inode("b.css"));
        build(&out, &[("a/index.html", b"same"), ("b.css", b"new")]);
        assert_eq!(
            inode("a/index.html"),
            a,
            "an unchanged file is the same file"
        );
        assert_ne!(inode("b.css"), b, "a changed file is written anew");
        assert_eq!(fs::read_to_string(out.join("b.css")).unwrap(), "new");
        // A file changed by hand since is written again, not linked.
        fs::write(out.join("a/index.html"), "hand").unwrap();
        build(&out, &[("a/index.html", b"same")]);
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "same"
        );
        assert!(!out.join("b.css").exists(), "a file no longer made is gone");
    }

    #[test]
    fn swap_replaces_our_output_and_keeps_gitignore() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(".gitignore"), "*\n").unwrap();
        check_target(tmp.path(), &out).unwrap();
        let s = Staging::new(&out).unwrap();
        s.put(file("a/index.html", b"new")).unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(out.join(".gitignore").is_file());
        assert!(out.join(MARKER).is_file());
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            ["output"],
            "no staging folder is left behind, nor a spare of a folder bayan did not make"
        );
        // From now on, the previous output is kept beside it, marked, for the next build.
        build(&out, &[("a/index.html", b"newer")]);
        let spare = tmp.path().join("output.bayan-spare");
        assert_eq!(
            fs::read_to_string(spare.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(spare.join(MARKER).is_file());
    }

    #[test]
    fn refuses_folders_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("mine");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.doc"), "precious").unwrap();
        let e = check_target(tmp.path(), &out).unwrap_err();
        assert!(e.to_string().contains("not made by bayan"), "{e}");
        assert!(check_target(tmp.path(), tmp.path()).is_err());
        assert!(check_target(tmp.path(), &tmp.path().join("content/out")).is_err());
        fs::write(tmp.path().join("file"), "").unwrap();
        assert!(check_target(tmp.path(), &tmp.path().join("file")).is_err());
    }

    #[test]
    fn dropped_staging_leaves_target_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(MARKER), "").unwrap();
        fs::write(out.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&out).unwrap();
            s.put(file("x.html", b"x")).unwrap();
        }
        assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
