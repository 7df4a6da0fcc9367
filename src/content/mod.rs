//! Loading `content/`: files to typed documents, with every problem collected.
//!
//! A file's place and name say what it is (`articles/<slug>.<lang>.md`); its front-matter is
//! checked against the schema of its kind. Nothing here knows about other files: whether a topic
//! named by an article exists is the model's business ([`crate::site`]).

pub mod frontmatter;
pub mod meta;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Collector, Diagnostic, Error, did_you_mean};
use crate::translations::{self, Translatable};
use crate::yaml;
pub use meta::{ArticleMeta, Date, Figure, PageMeta, SourceRef, TopicMeta};

/// The kinds of content, by the folder they live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Articles,
    Topics,
    Pages,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Articles, Section::Topics, Section::Pages];

    /// The folder name, which is also the URL segment.
    pub fn dir(self) -> &'static str {
        match self {
            Section::Articles => "articles",
            Section::Topics => "topics",
            Section::Pages => "pages",
        }
    }

    pub fn from_dir(dir: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.dir() == dir)
    }
}

/// One content file, parsed.
#[derive(Debug, Clone)]
pub struct Document<M> {
    pub slug: String,
    pub lang: String,
    /// The path relative to the site root, for messages.
    pub path: PathBuf,
    /// The whole file, kept so later stages can point at lines, unless it was released (see
    /// [`Document::text`]).
    pub source: String,
    pub meta: M,
    /// Where the Markdown body starts in `source`.
    pub body_start: usize,
    /// Where the front-matter YAML is in `source`.
    pub yaml: std::ops::Range<usize>,
    /// A hash of the body, so a rebuild can tell an unchanged body without reading it again.
    pub body_hash: u128,
    /// The fingerprint of its translatable text, which translations record: made when first
    /// asked for (only originals are asked).
    fingerprint: std::sync::OnceLock<String>,
    /// The site's folder, to read the file again from, once its source was released.
    released: Option<Arc<Path>>,
}

impl<M: Translatable> Document<M> {
    /// The fingerprint of its translatable text (see [`translations::fingerprint`]).
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            // A file that cannot be read again fails the build when its body is rendered.
            let text = self.text().unwrap_or_default();
            let body = text.get(self.body_start..).unwrap_or("");
            translations::fingerprint(&self.meta, body)
        })
    }
}

impl<M> Document<M> {
    /// The Markdown body, as kept: empty once the source is released (see [`Document::text`]).
    pub fn body(&self) -> &str {
        self.source.get(self.body_start..).unwrap_or("")
    }

    /// Frees the source text, to read it again from its path under `root` (the site's folder)
    /// when it is needed: a build that is not repeated holds the site's front-matter, not all
    /// its text.
    pub fn release_source(&mut self, root: Arc<Path>) {
        self.source = String::new();
        self.released = Some(root);
    }

    /// The whole file: the source kept, or read again if it was released, when it is still
    /// the text the document was made from.
    pub fn text(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let Some(root) = &self.released else {
            return Ok(self.source.as_str().into());
        };
        let text = read_text(&self.path, &root.join(&self.path))?;
        let body = text.as_bytes().get(self.body_start..).unwrap_or_default();
        if xxhash_rust::xxh3::xxh3_128(body) != self.body_hash {
            return Err(Diagnostic::new(
                &self.path,
                "the file changed while the site was being built",
            )
            .help("build again once it is saved"));
        }
        Ok(text.into())
    }

    /// A diagnostic pointing at `value` in the front-matter, looked for from the line of `key`
    /// on (so that `topics: [one]` is found there and not in a title that says "one").
    pub fn error_at_value(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(&self.path, message);
        let Ok(source) = self.text() else {
            return d;
        };
        let Some(yaml) = source.get(self.yaml.clone()) else {
            return d;
        };
        let key_at = yaml::key_lines(yaml, key).first().copied().unwrap_or(0);
        let at = yaml[key_at..].find(value).map_or(key_at, |i| key_at + i);
        d.at_offset(&source, self.yaml.start + at)
    }
}

/// Everything in `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub home: Vec<Arc<Document<PageMeta>>>,
    pub articles: Vec<Arc<Document<ArticleMeta>>>,
    pub topics: Vec<Arc<Document<TopicMeta>>>,
    pub pages: Vec<Arc<Document<PageMeta>>>,
    /// Files that exist but could not be read or parsed: (section, slug, lang). Their problems
    /// are in `problems`; they still count as existing, so links to them are not reported too.
    pub unparsed: Vec<(Option<Section>, String, String)>,
    /// What went wrong in individual files.
    pub problems: Vec<Diagnostic>,
}

impl Content {
    /// Every article's, topic's and page's source text and front-matter range, by its path.
    pub fn sources(&self) -> std::collections::HashMap<&Path, (&str, &std::ops::Range<usize>)> {
        fn add<'a, M>(
            out: &mut std::collections::HashMap<&'a Path, (&'a str, &'a std::ops::Range<usize>)>,
            docs: &'a [Arc<Document<M>>],
        ) {
            for d in docs {
                out.insert(d.path.as_path(), (d.source.as_str(), &d.yaml));
            }
        }
        let mut out = std::collections::HashMap::new();
        add(&mut out, &self.articles);
        add(&mut out, &self.topics);
        add(&mut out, &self.pages);
        out
    }
}

/// What a file's path says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Home,
    In(Section),
}

/// Whether a file is an editor's temporary or backup file, which is never content.
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains(".tmp.")
        || name == "4913"
}

/// Whether `slug` is lower-case ASCII words joined by single hyphens.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A slug made from arbitrary text, to suggest when a file name is not one.
pub fn suggest_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Loads every content file under `<root>/content`. Problems with single files are gathered in
/// [`Content::problems`] so the rest of the site can still be checked.
pub fn load(config: &Config) -> Result<Content, Error> {
    let (files, problems) = list(config)?;
    let loaded: Vec<(PathBuf, FileResult)> = files
        .into_par_iter()
        .map(|path| {
            let result = load_file(config, &path);
            (path, result)
        })
        .collect();
    Ok(assemble(loaded.iter().map(|(_, r)| r), problems))
}

/// Every file under `<root>/content`, in path order, and the folders that could not be read.
pub fn list(config: &Config) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Error> {
    let dir = config.root.join("content");
    if !dir.is_dir() {
        return Err(Diagnostic::new("content", "there is no content folder")
            .help(format!(
                "create {}/ with articles/, topics/ and pages/, or pass --root to the site's folder",
                dir.display()
            ))
            .into());
    }
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => problems.push(Diagnostic::new(
                e.path()
                    .unwrap_or(&dir)
                    .strip_prefix(&config.root)
                    .unwrap_or(&dir),
                format!("could not read the content folder: {e}"),
            )),
        }
    }
    Ok((files, problems))
}

/// Puts loaded files together, in the order given (path order, so every build sees the same).
pub fn assemble<'a>(
    results: impl IntoIterator<Item = &'a FileResult>,
    problems: Vec<Diagnostic>,
) -> Content {
    let mut errors: Collector = problems.into_iter().collect();
    let mut content = Content::default();
    for result in results {
        match result {
            Ok(Some(Loaded::Home(d))) => content.home.push(d.clone()),
            Ok(Some(Loaded::Article(d))) => content.articles.push(d.clone()),
            Ok(Some(Loaded::Topic(d))) => content.topics.push(d.clone()),
            Ok(Some(Loaded::Page(d))) => content.pages.push(d.clone()),
            Ok(None) => {}
            Err(Failed { diagnostic, file }) => {
                errors.push((**diagnostic).clone());
                if let Some((kind, slug, lang)) = file {
                    let section = match kind {
                        Kind::Home => None,
                        Kind::In(s) => Some(*s),
                    };
                    content.unparsed.push((section, slug.clone(), lang.clone()));
                }
            }
        }
    }
    content.problems = errors.into_error().diagnostics;
    content
}

/// What loading one file gave: a document, nothing (not content, e.g. an editor's backup), or
/// the reason it failed.
pub type FileResult = Result<Option<Loaded>, Failed>;

/// A file that could not be loaded, and what it would have been when its name says so.
#[derive(Debug, Clone)]
pub struct Failed {
    diagnostic: Box<Diagnostic>,
    file: Option<(Kind, String, String)>,
}

impl From<Diagnostic> for Failed {
    fn from(diagnostic: Diagnostic) -> Self {
        Failed {
            diagnostic: Box::new(diagnostic),
            file: None,
        }
    }
}

/// A parsed content file. Documents are shared: a rebuild that did not touch a file reuses it.
#[derive(Debug, Clone)]
pub enum Loaded {
    Home(Arc<Document<PageMeta>>),
    Article(Arc<Document<ArticleMeta>>),
    Topic(Arc<Document<TopicMeta>>),
    Page(Arc<Document<PageMeta>>),
}

impl Loaded {
    /// Frees the document's source, to read it again from under `root` when needed (see
    /// [`Document::release_source`]), if nothing else holds the document yet.
    pub fn release_source(&mut self, root: &Arc<Path>) {
        let root = root.clone();
        let _ = match self {
            Loaded::Home(d) | Loaded::Page(d) => Arc::get_mut(d).map(|d| d.release_source(root)),
            Loaded::Article(d) => Arc::get_mut(d).map(|d| d.release_source(root)),
            Loaded::Topic(d) => Arc::get_mut(d).map(|d| d.release_source(root)),
        };
    }
}

/// Loads the content file at `path` (absolute, under `<root>/content`).
pub fn load_file(config: &Config, path: &Path) -> FileResult {
    let rel = path
        .strip_prefix(&config.root)
        .unwrap_or(path)
        .to_path_buf();
    let name = match path.file_name().and_then(|n| n.to_str()) {
        Some(n) => n,
        None => {
            return Err(Diagnostic::new(&rel, "the file name is not valid UTF-8")
                .help("rename the file with a lower-case ASCII slug, e.g. `my-article.en.md`")
                .into());
        }
    };
    if is_editor_temp(name) {
        return Ok(None);
    }
    if !name.ends_with(".md") {
        let lower = name.to_ascii_lowercase();
        let stem = [".md", ".markdown", ".mdown", ".mkd"]
            .iter()
            .find_map(|ext| {
                lower
                    .ends_with(ext)
                    .then(|| &name[..name.len() - ext.len()])
            });
        return match stem {
            // Markdown under another spelling would be silently left out of the site.
            Some(stem) => Err(Diagnostic::new(
                &rel,
                "a Markdown file whose name does not end in `.md`",
            )
            .help(format!(
                "rename it to `{stem}.md`; bayan reads only `.md` files"
            ))
            .into()),
            None => Ok(None),
        };
    }
    let in_content = rel.strip_prefix("content").unwrap_or(&rel);
    let folders: Vec<&str> = in_content
        .parent()
        .map(|p| p.iter().filter_map(|s| s.to_str()).collect())
        .unwrap_or_default();
    let (slug, lang) = split_name(&rel, name, config)?;
    let kind = match (folders.as_slice(), slug) {
        ([], "_index") => Kind::Home,
        ([dir], _) if Section::from_dir(dir).is_some() => {
            Kind::In(Section::from_dir(dir).unwrap_or(Section::Pages))
        }
        _ => {
            return Err(Diagnostic::new(&rel, "a content file in an unexpected place").help(
                "articles go in content/articles/, topics in content/topics/, pages in content/pages/, \
                 and the home text is content/_index.<lang>.md",
            ).into());
        }
    };
    if kind != Kind::Home && !is_slug(slug) {
        let better = format!("{}.{lang}.md", suggest_slug(slug));
        let help = if path.with_file_name(&better).is_file() {
            format!(
                "`{better}` exists too, and names that differ only in case are one file on macOS \
                 and Windows: merge the two files into `{better}`"
            )
        } else {
            format!(
                "slugs are lower-case ASCII letters, digits and single hyphens; rename it to `{better}`"
            )
        };
        return Err(
            Diagnostic::new(&rel, format!("`{slug}` is not a valid slug"))
                .help(help)
                .into(),
        );
    }
    let (slug, lang) = (slug.to_string(), lang.to_string());
    let parsed = read_text(&rel, path).and_then(|source| {
        let (slug, lang) = (slug.clone(), lang.clone());
        Ok(match kind {
            Kind::Home => Loaded::Home(document(rel, slug, lang, source)?.into()),
            Kind::In(Section::Articles) => {
                Loaded::Article(document(rel, slug, lang, source)?.into())
            }
            Kind::In(Section::Topics) => Loaded::Topic(document(rel, slug, lang, source)?.into()),
            Kind::In(Section::Pages) => Loaded::Page(document(rel, slug, lang, source)?.into()),
        })
    });
    parsed.map(Some).map_err(|diagnostic| Failed {
        diagnostic: Box::new(diagnostic),
        file: Some((kind, slug, lang)),
    })
}

/// The file's text, or a diagnostic naming the first byte that is not UTF-8.
fn read_text(rel: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(rel, "read the file", &e))?;
    crate::utf8::string(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, col) = crate::error::line_column(&prefix, valid);
        Diagnostic::new(rel, "the file is not valid UTF-8 text")
            .at(&prefix, line, col)
            .help("save the file as UTF-8 in your editor")
    })
}

/// `<slug>.<lang>.md` to (slug, lang), checking the language.
fn split_name<'n>(
    rel: &Path,
    name: &'n str,
    config: &Config,
) -> Result<(&'n str, &'n str), Diagnostic> {
    let stem = &name[..name.len() - 3];
    let codes = || config.languages.iter().map(|l| l.code.as_str());
    let Some((slug, lang)) = stem.rsplit_once('.') else {
        return Err(
            Diagnostic::new(rel, "the file name has no language").help(format!(
                "name it `<slug>.<lang>.md`, e.g. `{stem}.{}.md`",
                config.default_language
            )),
        );
    };
    if config.language(lang).is_none() {
        let mut d = Diagnostic::new(rel, format!("`{lang}` is not a language of this site"));
        d = match did_you_mean(lang, codes()) {
            Some(near) => d.help(format!("did you mean `{slug}.{near}.md`?")),
            None => d.help(format!(
                "the languages in site.yaml are: {}",
                codes().collect::<Vec<_>>().join(", ")
            )),
        };
        return Err(d);
    }
    Ok((slug, lang))
}

pub(crate) fn document<M: DeserializeOwned + Translatable>(
    path: PathBuf,
    slug: String,
    lang: String,
    source: String,
) -> Result<Document<M>, Diagnostic> {
    let parts = frontmatter::split(&source).map_err(|e| match e {
        frontmatter::SplitError::NoOpening => Diagnostic::new(
            &path,
            "the file has no front-matter",
        )
        .at(&source, 1, 1)
        .help("start the file with a line `---`, the YAML front-matter, and another `---` line"),
        frontmatter::SplitError::NoClosing => {
            Diagnostic::new(&path, "the front-matter is not closed")
                .at(&source, 1, 1)
                .help("end the front-matter with a line that holds only `---`")
        }
    })?;
    let meta = yaml::parse(
        &path,
        &source,
        &source[parts.yaml.clone()],
        parts.yaml.start,
    )?;
    Ok(Document {
        slug,
        lang,
        path,
        fingerprint: std::sync::OnceLock::new(),
        released: None,
        meta,
        body_start: parts.body.start,
        body_hash: xxhash_rust::xxh3::xxh3_128(&source.as_bytes()[parts.body.start..]),
        yaml: parts.yaml,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_source_is_read_again_unless_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.en.md");
        let text = "---\ntitle: A\nsummary: S\n---\nThe body.\n";
        std::fs::write(&file, text).unwrap();
        let mut doc: Document<PageMeta> =
            document("a.en.md".into(), "a".into(), "en".into(), text.into()).unwrap();
        doc.release_source(dir.path().into());
        assert!(doc.source.is_empty() && doc.body().is_empty());
        assert_eq!(doc.text().unwrap(), text);
        std::fs::write(&file, text.replace("body", "edited body")).unwrap();
        let e = doc.text().unwrap_err();
        assert!(
            e.message.contains("changed while the site was being built"),
            "{e:?}"
        );
        std::fs::remove_file(&file).unwrap();
        assert!(doc.text().is_err());
    }

    #[test]
    fn slugs_are_lower_case_ascii_words() {
        assert!(is_slug("meta-encryption-lost-referrals"));
        assert!(is_slug("covid19"));
        assert!(!is_slug("Meta"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("تشفير"));
        assert!(!is_slug(""));
    }

    #[test]
    fn suggested_slugs_are_slugs() {
        assert_eq!(suggest_slug("Meta Encryption_2023"), "meta-encryption-2023");
        assert!(is_slug(&suggest_slug("  A  b ")));
    }

    #[test]
    fn editor_temp_files_are_recognised() {
        for name in [".x.md.swp", "x.md~", "#x.md#", "4913", "x.md.tmp", ".#x.md"] {
            assert!(is_editor_temp(name), "{name}");
        }
        assert!(!is_editor_temp("x.en.md"));
    }
}
