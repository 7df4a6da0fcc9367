//! The build, stage by stage: load → model → render → write.
//!
//! [`render`] does everything but writing and returns the site as files in memory, for `serve`
//! and `check`; [`build`] writes each page into a staging folder as soon as it is rendered, so
//! that it never holds the site's HTML. Both render the same files (a test compares them). Each
//! stage collects its problems, and independent stages (the theme, the content) report theirs
//! together.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::assets::Assets;
use crate::config::{Config, Overrides};
use crate::content::FileResult;
use crate::error::{Collector, Diagnostic, Error};
use crate::i18n::I18n;
use crate::output::{self, Staging};
use crate::pages::{self, Output, Pages};
use crate::render::Templates;
use crate::site::{Bodies, Site};
use crate::theme::Theme;
use crate::{content, feeds};

/// What to build.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site's folder (with site.yaml).
    pub root: PathBuf,
    /// Where the site is written; relative paths are taken from the current folder.
    pub output: PathBuf,
    pub overrides: Overrides,
}

/// One file of a built site. Files are shared between builds when they did not change.
#[derive(Debug, Clone)]
pub enum File {
    Page(Arc<Output>),
    Asset(Arc<[u8]>),
}

impl File {
    pub fn bytes(&self) -> &[u8] {
        match self {
            File::Page(p) => p.html.as_bytes(),
            File::Asset(a) => a,
        }
    }

    /// Whether two files have the same bytes (at once when they are the same file).
    pub fn same(&self, other: &File) -> bool {
        match (self, other) {
            (File::Page(a), File::Page(b)) if Arc::ptr_eq(a, b) => true,
            (File::Asset(a), File::Asset(b)) if Arc::ptr_eq(a, b) => true,
            _ => self.bytes() == other.bytes(),
        }
    }
}

/// A site rendered in memory.
pub struct Rendered {
    pub site: Site,
    /// The pages, then the feeds, the sitemap and robots.txt.
    pub pages: Vec<Arc<Output>>,
    pub assets: Arc<Assets>,
    /// What the build has to tell without failing (see [`I18n::warnings`]).
    pub warnings: Vec<String>,
}

impl Rendered {
    /// Every file of the site by its path under the output folder: pages, feeds, assets.
    pub fn files(&self) -> impl Iterator<Item = (String, File)> {
        self.pages
            .iter()
            .map(|p| (p.path.clone(), File::Page(p.clone())))
            .chain(
                self.assets
                    .outputs()
                    .map(|(path, bytes)| (path, File::Asset(bytes.clone()))),
            )
    }
}

/// HTML pages per language code, in the order of site.yaml, given the paths of the files built.
fn pages_per_language<'a>(
    site: &Site,
    paths: impl Iterator<Item = &'a str> + Clone,
) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .map(|l| {
            let prefix = format!("{}/", l.code);
            let n = paths
                .clone()
                .filter(|p| p.starts_with(&prefix) && p.ends_with(".html"))
                .count();
            (l.code.clone(), n)
        })
        .collect()
}

/// Loads, models and renders the site, writing nothing.
pub fn render(root: &Path, overrides: &Overrides) -> Result<Rendered, Error> {
    Session::new(root, overrides.clone()).build(&Changes::default())
}

/// What changed on disk since a session's last build.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// site.yaml or the theme (templates, strings, static files): these are read again.
    pub setup: bool,
    /// Files or folders under content/ that were written, created, deleted or renamed.
    pub content: Vec<PathBuf>,
}

impl Changes {
    /// Both sets of changes at once.
    pub fn merge(&mut self, other: Changes) {
        self.setup |= other.setup;
        for p in other.content {
            if !self.content.contains(&p) {
                self.content.push(p);
            }
        }
    }

    /// A short account for the terminal: the file changed, or how many.
    pub fn describe(&self, root: &Path) -> String {
        let first = self
            .content
            .first()
            .map(|p| p.strip_prefix(root).unwrap_or(p));
        match (self.setup, self.content.len(), first) {
            (true, 0, _) => "site.yaml or theme changed".into(),
            (false, 1, Some(p)) => format!("{} changed", p.display()),
            (setup, n, _) => format!(
                "{n} content files{} changed",
                if setup { ", site.yaml or theme" } else { "" }
            ),
        }
    }
}

/// Everything but the content: read again whenever any of it changes, which is cheap.
struct Setup {
    config: Config,
    /// `Config`'s whole state, to tell whether a change to site.yaml changed anything.
    config_state: String,
    i18n: Arc<I18n>,
    assets: Arc<Assets>,
    templates: Templates,
}

/// A site kept in memory from one build to the next. A build reads again only the content files
/// that changed; the bodies and pages of the previous build are reused wherever their inputs are
/// the same (see [`crate::site::Bodies`] and [`crate::pages::Pages`]), so an edit to one article
/// renders that article's body and the pages that show it. The first build reads everything;
/// a fresh session and one after any series of builds give the same site.
pub struct Session {
    root: PathBuf,
    overrides: Overrides,
    setup: Option<Arc<Setup>>,
    /// Every content file, by path, as last read; `None` before the first listing.
    files: Option<BTreeMap<PathBuf, FileResult>>,
    /// What listing content/ reported (unreadable folders).
    listing_problems: Vec<Diagnostic>,
    bodies: Bodies,
    pages: Pages,
}

impl Session {
    pub fn new(root: &Path, overrides: Overrides) -> Session {
        Session {
            root: root.to_path_buf(),
            overrides,
            setup: None,
            files: None,
            listing_problems: Vec::new(),
            bodies: Bodies::default(),
            pages: Pages::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site again after `changes`. On failure the session keeps what it had read, so
    /// the next build after a fix reads only the fixed files.
    pub fn build(&mut self, changes: &Changes) -> Result<Rendered, Error> {
        let (site, setup) = self.model(changes)?;
        let (mut pages, mut cache) =
            pages::render_all(&site, &setup.i18n, &setup.templates, &self.pages)?;
        // The feeds and the sitemap, made again only when what they list changed.
        let state = &setup.config_state;
        let mut made = Vec::new();
        for li in 0..site.config.languages.len() {
            let path = format!("{}/atom.xml", site.config.languages[li].code);
            let key = feeds::atom_key(&site, li, state);
            let feed = self.pages.get(&path, key);
            made.push((
                key,
                feed.unwrap_or_else(|| Arc::new(feeds::atom(&site, li))),
            ));
        }
        let paths = || pages.iter().map(|p| p.path.as_str());
        let key = feeds::sitemap_key(paths(), state);
        let sitemap = self.pages.get("sitemap.xml", key);
        made.push((
            key,
            sitemap.unwrap_or_else(|| Arc::new(feeds::sitemap(&site, paths()))),
        ));
        made.push((0, Arc::new(feeds::robots(&site))));
        for (key, output) in made {
            cache.insert(key, output.clone());
            pages.push(output);
        }
        self.pages = cache;
        Ok(Rendered {
            site,
            pages,
            assets: setup.assets.clone(),
            warnings: setup.i18n.warnings().to_vec(),
        })
    }

    /// Reads what changed and makes the site's model, with the setup to render it.
    fn model(&mut self, changes: &Changes) -> Result<(Site, Arc<Setup>), Error> {
        let mut errors = Collector::default();
        let mut partial_i18n = None;
        let config = if let (Some(setup), false) = (&self.setup, changes.setup) {
            setup.config.clone()
        } else {
            let previous = self.setup.take().map(|s| s.config_state.clone());
            let config = Config::load(&self.root, &self.overrides)?;
            let config_state = format!("{config:?}");
            if previous.as_ref() != Some(&config_state) {
                // Whether a file is content at all depends on the languages: read them all.
                self.files = None;
            }
            match self.load_setup(config.clone(), config_state) {
                Ok(setup) => self.setup = Some(Arc::new(setup)),
                Err((e, i18n)) => {
                    errors.extend(e.diagnostics);
                    partial_i18n = i18n;
                }
            }
            config
        };
        self.read_content(&config, &changes.content)?;
        let files = self
            .files
            .as_ref()
            .map(|f| f.values())
            .into_iter()
            .flatten();
        let content = content::assemble(files, self.listing_problems.clone());
        let Some(setup) = &self.setup else {
            // The model is built even when the theme failed, so that content problems are
            // reported together with the theme's.
            if let Some(i18n) = partial_i18n {
                errors.take(Site::build(config, content, &i18n, &self.bodies));
            }
            return Err(errors.into_error());
        };
        let (site, bodies) = Site::build(config, content, &setup.i18n, &self.bodies)?;
        self.bodies = bodies;
        Ok((site, setup.clone()))
    }

    /// The theme, strings, static files and templates; on failure, the strings if they loaded,
    /// so the content can still be checked.
    fn load_setup(
        &self,
        config: Config,
        config_state: String,
    ) -> Result<Setup, (Error, Option<Arc<I18n>>)> {
        let mut errors = Collector::default();
        let theme = errors.take(Theme::load(&config));
        let i18n = theme
            .as_ref()
            .and_then(|t| errors.take(I18n::load(&t.source, &config.languages)))
            .map(Arc::new);
        let assets = theme
            .as_ref()
            .and_then(|t| errors.take(Assets::load(&t.statics, self.overrides.plain_assets)));
        let templates = match (&theme, &i18n, &assets) {
            (Some(t), Some(i), Some(a)) => errors.take(Templates::new(
                t,
                i.clone(),
                a,
                &config.base_url,
                &config.base_path,
            )),
            _ => None,
        };
        let (Some(i18n), Some(assets), Some(templates)) = (i18n.clone(), assets, templates) else {
            return Err((errors.into_error(), i18n));
        };
        Ok(Setup {
            config,
            config_state,
            i18n,
            assets: Arc::new(assets),
            templates,
        })
    }

    /// Reads content/ whole the first time, and afterwards the `changed` paths only: a path that
    /// is gone is forgotten with everything under it, a folder is read whole.
    fn read_content(&mut self, config: &Config, changed: &[PathBuf]) -> Result<(), Error> {
        let Some(files) = &mut self.files else {
            let (paths, problems) = content::list(config)?;
            let loaded = paths
                .into_par_iter()
                .map(|p| {
                    let result = content::load_file(config, &p);
                    (p, result)
                })
                .collect();
            self.files = Some(loaded);
            self.listing_problems = problems;
            return Ok(());
        };
        let dir = config.root.join("content");
        if !dir.is_dir() {
            // The same diagnostic as a first build's.
            content::list(config)?;
        }
        for path in changed {
            files.retain(|p, _| !p.starts_with(path));
            if path.is_file() {
                files.insert(path.clone(), content::load_file(config, path));
            } else if path.is_dir() {
                for entry in WalkDir::new(path).into_iter().flatten() {
                    if entry.file_type().is_file() {
                        let p = entry.into_path();
                        let result = content::load_file(config, &p);
                        files.insert(p, result);
                    }
                }
            }
        }
        Ok(())
    }
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages_per_language: Vec<(String, usize)>,
    pub files: usize,
    pub elapsed: Duration,
    /// What the build has to tell without failing (see [`I18n::warnings`]).
    pub warnings: Vec<String>,
}

/// Builds the site into `settings.output`, replacing the previous output only on success. Pages
/// are written as they are rendered, so memory holds the site's model and not its HTML.
pub fn build(settings: &Settings) -> Result<Summary, Error> {
    let start = Instant::now();
    output::check_target(&settings.root, &settings.output)?;
    let (mut site, setup) =
        Session::new(&settings.root, settings.overrides.clone()).model(&Changes::default())?;
    site.release_sources();
    let staging = Staging::new(&settings.output)?;
    let paths = pages::render_each(&site, &setup.i18n, &setup.templates, |path, bytes| {
        staging.write(path, bytes)
    })?;
    let mut extra: Vec<Output> = (0..site.config.languages.len())
        .map(|li| feeds::atom(&site, li))
        .collect();
    extra.push(feeds::sitemap(&site, paths.iter().map(String::as_str)));
    extra.push(feeds::robots(&site));
    let rest: Vec<(String, &[u8])> = extra
        .iter()
        .map(|o| (o.path.clone(), o.html.as_bytes()))
        .chain(
            setup
                .assets
                .outputs()
                .map(|(path, bytes)| (path, &bytes[..])),
        )
        .collect();
    let files = paths.len() + rest.len();
    staging.write_all(rest)?;
    staging.commit()?;
    Ok(Summary {
        pages_per_language: pages_per_language(&site, paths.iter().map(String::as_str)),
        files,
        elapsed: start.elapsed(),
        warnings: setup.i18n.warnings().to_vec(),
    })
}
