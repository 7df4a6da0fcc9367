//! Watching the site's folders and sorting what changed.
//!
//! Folders are watched, not files, so every way an editor saves is seen: writing in place,
//! writing a temporary file and renaming it over the original, deleting and creating. Events
//! pass through notify's debouncer, which gathers the burst one save makes into one batch;
//! each path is then sorted into content (read again one by one) or setup (site.yaml and the
//! theme: read again whole), and editors' temporary files are dropped.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::content::is_editor_temp;
use crate::error::{Diagnostic, Error};
use crate::pipeline::Changes;

/// How long a path must be quiet before its events are passed on. One save is a burst of
/// events well under a millisecond long (a rename-over save included), so a short wait
/// gathers it without making the writer wait.
const QUIET: Duration = Duration::from_millis(5);
/// How often the debouncer looks for quiet paths.
const TICK: Duration = Duration::from_millis(1);

/// The folders under the site's root that are watched whole, when they exist.
const FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// What a changed path is to a build.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    Content,
    Setup,
}

/// Sorts one changed path; `None` for paths no build reads (the output, editors' files).
pub fn classify(root: &Path, path: &Path) -> Option<Kind> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_str()?;
    if is_editor_temp(name) {
        return None;
    }
    let top = rel.components().next()?.as_os_str().to_str()?;
    match top {
        "content" => Some(Kind::Content),
        "site.yaml" if rel.components().count() == 1 => Some(Kind::Setup),
        "themes" | "templates" | "static" => Some(Kind::Setup),
        _ => None,
    }
}

/// Whether an event can change what a build reads. Reading files (as a build does) is not.
fn changes_files(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// The watcher; dropping it stops watching.
pub struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` and sends each batch of changes to `changes`.
    pub fn start(root: &Path, changes: mpsc::Sender<Changes>) -> Result<Watcher, Error> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let session_root = root.clone();
        let handler = move |result: DebounceEventResult| {
            let events = match result {
                Ok(events) => events,
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: watching files: {e}");
                    }
                    return;
                }
            };
            let mut batch = Changes::default();
            for event in events {
                if !changes_files(&event.kind) {
                    continue;
                }
                if event.need_rescan() {
                    batch.setup = true;
                    batch.content.push(session_root.join("content"));
                }
                for path in &event.paths {
                    match classify(&session_root, path) {
                        Some(Kind::Content) => {
                            let p = path.clone();
                            if !batch.content.contains(&p) {
                                batch.content.push(p);
                            }
                        }
                        Some(Kind::Setup) => batch.setup = true,
                        None => {}
                    }
                }
            }
            if batch.setup || !batch.content.is_empty() {
                let _ = changes.send(batch);
            }
        };
        let debouncer = new_debouncer(QUIET, Some(TICK), handler).map_err(|e| {
            Diagnostic::new(&root, format!("could not watch the site's files: {e}"))
        })?;
        let mut watcher = Watcher {
            root,
            debouncer,
            watched: Vec::new(),
        };
        let root = watcher.root.clone();
        watcher
            .debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Diagnostic::new(&root, format!("could not watch the site's folder: {e}"))
            })?;
        watcher.follow_new_folders();
        Ok(watcher)
    }

    /// Watches any of the site's folders that has appeared since the last call.
    pub fn follow_new_folders(&mut self) {
        for name in FOLDERS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(dir),
                    Err(e) => eprintln!("warning: could not watch {}: {e}", dir.display()),
                }
            }
        }
        // A folder that went away stops being watched by itself; forget it so that it is
        // watched again if it comes back.
        self.watched.retain(|d| d.is_dir());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_sorted_by_what_they_change() {
        let root = Path::new("/site");
        let kind = |p: &str| classify(root, &root.join(p));
        assert_eq!(kind("content/articles/a.en.md"), Some(Kind::Content));
        assert_eq!(kind("content/articles"), Some(Kind::Content));
        assert_eq!(kind("site.yaml"), Some(Kind::Setup));
        assert_eq!(
            kind("themes/briefing/templates/base.html"),
            Some(Kind::Setup)
        );
        assert_eq!(kind("static/css/extra.css"), Some(Kind::Setup));
        assert_eq!(kind("templates/article.html"), Some(Kind::Setup));
        assert_eq!(kind("output/index.html"), None);
        assert_eq!(kind("README.md"), None);
        assert_eq!(kind("content/articles/.a.en.md.swp"), None);
        assert_eq!(kind("content/articles/a.en.md~"), None);
        assert_eq!(kind("content/articles/4913"), None);
        assert_eq!(kind("site.yaml.tmp.123"), None);
        assert_eq!(classify(root, Path::new("/elsewhere/site.yaml")), None);
    }
}
