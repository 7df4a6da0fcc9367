//! A build's scratch file. The bodies rendered while the model is made wait there, on disk,
//! for the pages, feeds and search index that show them, so that a `build` holds the site's
//! model but not its HTML (half its memory at 10,000 articles). The file is unnamed: it goes
//! when the build does, however it ends.

use std::borrow::Cow;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The scratch file, written at once from any thread.
#[derive(Debug)]
pub struct Spill {
    file: std::fs::File,
    end: AtomicU64,
}

/// A text kept in a [`Spill`].
#[derive(Debug, Clone)]
pub struct Spilled {
    spill: Arc<Spill>,
    at: u64,
    len: usize,
}

impl Spill {
    /// A new scratch file in `dir`, which nothing else can open.
    pub fn new_in(dir: &Path) -> io::Result<Arc<Spill>> {
        Ok(Arc::new(Spill {
            file: tempfile::tempfile_in(dir)?,
            end: AtomicU64::new(0),
        }))
    }

    /// Keeps `bytes` in the file.
    pub fn put(self: &Arc<Self>, bytes: &[u8]) -> io::Result<Spilled> {
        let len = bytes.len();
        let at = self.end.fetch_add(len as u64, Ordering::Relaxed);
        self.file.write_all_at(bytes, at)?;
        Ok(Spilled {
            spill: self.clone(),
            at,
            len,
        })
    }
}

impl Spilled {
    /// The bytes, read back.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; self.len];
        self.spill.file.read_exact_at(&mut bytes, self.at)?;
        Ok(bytes)
    }

    /// The text, read back.
    pub fn read_text(&self) -> io::Result<String> {
        crate::utf8::string(self.read()?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// What a diagnostic says when `what` could not be read back from the scratch file.
pub fn unread(what: &str, e: &io::Error) -> String {
    format!("{what}: reading it back from the scratch file: {e}")
}

/// A body's HTML: in memory, or in a build's [`Spill`].
#[derive(Debug, Clone, Copy)]
pub enum Html<'a> {
    Text(&'a str),
    Spilled(&'a Spilled),
}

impl<'a> Html<'a> {
    /// The HTML, read back if it was spilled.
    pub fn text(self) -> io::Result<Cow<'a, str>> {
        match self {
            Html::Text(t) => Ok(Cow::Borrowed(t)),
            Html::Spilled(s) => s.read_text().map(Cow::Owned),
        }
    }

    /// Its length in bytes.
    pub fn len(self) -> usize {
        match self {
            Html::Text(t) => t.len(),
            Html::Spilled(s) => s.len,
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_put_from_many_threads_read_back_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::new_in(dir.path()).unwrap();
        let texts: Vec<String> = (0..64)
            .map(|i| format!("<p>نص {i}</p>").repeat(i + 1))
            .collect();
        let spilled: Vec<Spilled> = std::thread::scope(|s| {
            let handles: Vec<_> = texts
                .iter()
                .map(|t| {
                    let spill = spill.clone();
                    s.spawn(move || spill.put(t.as_bytes()).unwrap())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (text, s) in texts.iter().zip(&spilled) {
            assert_eq!(&Html::Spilled(s).text().unwrap(), text);
            assert_eq!(Html::Spilled(s).len(), text.len());
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the scratch file has no name in the folder"
        );
    }
}
