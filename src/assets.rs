//! Static files: read once, fingerprinted, ready to write under `assets/`.
//!
//! Every file is written under its own name (so relative references inside stylesheets keep
//! working) and under a fingerprinted name (`site.3fa2c91b.css`), which is what templates get from
//! `asset(...)`: a new version of a file gets a new URL, so hosts may cache assets forever. The
//! stylesheet for highlighted code is generated here too. `serve` asks for plain names, so an
//! edited stylesheet keeps its URL and no page has to change.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::outputs::Bytes;

use crate::error::{Collector, Diagnostic, Error};
use crate::highlight;
use crate::theme::StaticFile;

/// The generated stylesheet for highlighted code.
pub const SYNTAX_CSS: &str = "css/syntax.css";

/// The site's static files.
#[derive(Debug, Default)]
pub struct Assets {
    /// By name (`css/site.css`): the fingerprinted name (`css/site.3fa2c91b.css`).
    pub fingerprinted: BTreeMap<String, String>,
    /// By name: the bytes.
    pub files: BTreeMap<String, Bytes>,
    plain: bool,
}

impl Assets {
    /// Reads the files listed in `statics` (by name) and adds the generated ones. With
    /// `plain`, every file keeps its own name only.
    pub fn load(statics: &BTreeMap<String, StaticFile>, plain: bool) -> Result<Assets, Error> {
        let mut assets = Assets {
            plain,
            ..Assets::default()
        };
        let mut errors = Collector::default();
        for (name, file) in statics {
            match file.read() {
                Ok(bytes) => assets.add(name, bytes),
                Err(e) => errors.push(Diagnostic::io(file.label(), "read the static file", &e)),
            }
        }
        if !assets.files.contains_key(SYNTAX_CSS) {
            assets.add(SYNTAX_CSS, highlight::stylesheet().into_bytes());
        }
        errors.finish(assets)
    }

    fn add(&mut self, name: &str, bytes: Vec<u8>) {
        let linked = if self.plain {
            name.to_string()
        } else {
            fingerprint(name, &bytes)
        };
        self.fingerprinted.insert(name.to_string(), linked);
        self.files.insert(name.to_string(), Arc::new(bytes));
    }

    /// Every file to write, with its path under the output folder.
    pub fn outputs(&self) -> impl Iterator<Item = (String, &Bytes)> {
        self.files.iter().flat_map(move |(name, bytes)| {
            let plain = (format!("assets/{name}"), bytes);
            let hashed = self
                .fingerprinted
                .get(name)
                .filter(|f| *f != name)
                .map(|f| (format!("assets/{f}"), bytes));
            std::iter::once(plain).chain(hashed)
        })
    }
}

/// `css/site.css` with its content hash: `css/site.3fa2c91b.css`.
pub fn fingerprint(name: &str, bytes: &[u8]) -> String {
    let hash = xxhash_rust::xxh3::xxh3_64(bytes);
    let short = format!("{:08x}", (hash >> 32) as u32);
    let (dir, file) = match name.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), name),
    };
    match file.split_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{short}.{ext}"),
        _ => format!("{dir}{file}.{short}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_follow_content() {
        let a = fingerprint("css/site.css", b"a");
        assert!(a.starts_with("css/site.") && a.ends_with(".css"), "{a}");
        assert_eq!(a.len(), "css/site..css".len() + 8);
        assert_ne!(a, fingerprint("css/site.css", b"b"));
        assert_eq!(a, fingerprint("css/site.css", b"a"));
        assert!(fingerprint("fonts/x.woff2", b"").ends_with(".woff2"));
        assert!(fingerprint("LICENSE", b"").starts_with("LICENSE."));
    }
}
