//! The build, stage by stage: load → model → outputs → sink.
//!
//! A [`Session`] loads the site (site.yaml, the theme, `content/`), makes the model
//! ([`crate::site`]) and runs every output ([`crate::outputs`]) into a sink ([`crate::sink`]).
//! `serve` and `check` keep a session and build into memory; each rebuild reads only the
//! content files that changed and renders only the outputs whose key changed. [`build`] runs one
//! session into a staging folder, writing each file as soon as it is made, so it never holds the
//! site's HTML. Each stage collects its problems, and independent stages (the theme, the content)
//! report theirs together.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::assets::Assets;
use crate::cards::CardTemplate;
use crate::config::{Config, Overrides};
use crate::content::{self, FileResult, Loaded, Section};
use crate::error::{Collector, Diagnostic, Error};
use crate::i18n::I18n;
use crate::outputs::{self, File, Files, Inputs, Made, PageKind, Recorded, Select, Sink};
use crate::sink::{self, Memory, Staging};
use crate::site::{Bodies, Edit, Notes, Site};
use crate::spill::Spill;
use crate::templates::Templates;
use crate::theme::Theme;
use crate::translations::Status;
use crate::urls;

/// What to build.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site's folder (with site.yaml).
    pub root: PathBuf,
    /// Where the site is written; relative paths are taken from the current folder.
    pub output: PathBuf,
    pub overrides: Overrides,
}

/// A site made in memory.
pub struct Rendered {
    pub site: Arc<Site>,
    /// Every file, by path: shared with the session, which keeps them for the next build.
    pub files: Files,
    /// The paths whose bytes are not the session's previous build's: files made or changed,
    /// and files gone. After a session's first build, every path.
    pub changed: Vec<String>,
    /// What the build has to tell without failing (see [`I18n::warnings`]).
    pub warnings: Vec<Diagnostic>,
    /// Whether the build patched the previous model (see [`Session::build`]) rather than make
    /// it anew.
    pub patched: bool,
}

impl Rendered {
    /// The HTML pages, by path.
    pub fn pages(&self) -> Vec<&File> {
        let mut pages: Vec<&File> = self
            .files
            .values()
            .filter(|f| urls::is_page(&f.path))
            .collect();
        pages.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        pages
    }
}

/// Loads, models and renders the site into memory.
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
    i18n: Arc<I18n>,
    assets: Arc<Assets>,
    templates: Templates,
    cards: Option<CardTemplate>,
    search: crate::search::index::Cache,
    notes: Notes,
}

/// A site kept in memory from one build to the next. A build reads again only the content files
/// that changed; the bodies and files of the previous build are reused wherever their inputs are
/// the same (see [`crate::site::Bodies`] and [`crate::outputs::run`]), so an edit to one article
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
    /// The files of the last build that succeeded.
    output: Files,
    /// The model of the last build that succeeded, to patch an edit into.
    site: Option<Arc<Site>>,
    /// What each output read when it was last prepared, in the order of the listing.
    recorded: Recorded,
    /// Where the bodies' HTML is kept, for a build that is not repeated (see [`crate::spill`]).
    spill: Option<Arc<Spill>>,
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
            output: Files::default(),
            site: None,
            recorded: Recorded::default(),
            spill: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site again after `changes`, into memory. On failure the session keeps what it
    /// had read, so the next build after a fix reads only the fixed files.
    ///
    /// An edit that keeps the site's shape (see [`crate::site::Edit`]) is patched into the last
    /// model, and only the outputs that read what it changed are prepared, when the session
    /// alone holds that model: a caller that keeps an earlier [`Rendered`] gets a whole build.
    pub fn build(&mut self, changes: &Changes) -> Result<Rendered, Error> {
        if let Some(rendered) = self.patch(changes) {
            return rendered;
        }
        self.site = None;
        let (site, setup) = self.model(changes)?;
        let site = Arc::new(site);
        let (rendered, made) = self.render(site, &setup, &Select::All)?;
        self.recorded = made.recorded(Recorded::default());
        Ok(rendered)
    }

    /// Renders `site` into memory, preparing the outputs `select` names, and keeps what the
    /// next build reuses; with what the run made (what each output prepared read, the files
    /// that are gone).
    fn render(
        &mut self,
        site: Arc<Site>,
        setup: &Setup,
        select: &Select,
    ) -> Result<(Rendered, Made), Error> {
        let memory = Memory::default();
        let made = run(&site, setup, &self.output, select, &memory, None)?;
        let changed = self.keep(memory.into_files(), &made.gone);
        self.site = Some(site.clone());
        let rendered = Rendered {
            site,
            files: self.output.clone(),
            changed,
            warnings: setup.warnings(),
            patched: !matches!(select, Select::All),
        };
        Ok((rendered, made))
    }

    /// Puts the files a run `made` in place of the last build's, and forgets those `gone`; the
    /// paths whose bytes changed, or that are gone.
    fn keep(&mut self, made: Vec<File>, gone: &[String]) -> Vec<String> {
        // A caller that still holds the last build's files (`serve`, while it serves them)
        // keeps them as they were: the maps share what neither changes.
        let files = &mut self.output;
        let mut changed = Vec::new();
        for file in made {
            if files.get(&file.path).is_none_or(|old| !old.same(&file)) {
                changed.push(file.path.clone());
            }
            files.insert(file.path.clone(), file);
        }
        for path in gone {
            files.remove(path);
            changed.push(path.clone());
        }
        changed
    }

    /// Builds after an edit that keeps the site's shape (see [`crate::site::Edit`]) by patching
    /// the last model and preparing only the outputs that read what it changed; `None` when
    /// the edit is not of that kind, or the session has no model to patch.
    fn patch(&mut self, changes: &Changes) -> Option<Result<Rendered, Error>> {
        if changes.setup || changes.content.is_empty() {
            return None;
        }
        let setup = self.setup.clone()?;
        let files = self.files.as_mut()?;
        let config = &setup.config;
        let mut edits = Vec::with_capacity(changes.content.len());
        let mut loaded = Vec::with_capacity(changes.content.len());
        for path in &changes.content {
            let Some(Ok(Some(old))) = files.get(path) else {
                return None;
            };
            let new = content::load_file(config, path);
            let edit = match (old, &new) {
                (Loaded::Article(_), Ok(Some(Loaded::Article(d)))) => Edit::Article(d.clone()),
                (Loaded::Topic(_), Ok(Some(Loaded::Topic(d)))) => Edit::Topic(d.clone()),
                (Loaded::Page(_), Ok(Some(Loaded::Page(d)))) => Edit::Page(d.clone()),
                (Loaded::Home(_), Ok(Some(Loaded::Home(d)))) => Edit::Home(d.clone()),
                _ => return None,
            };
            edits.push(edit);
            loaded.push((path.clone(), new));
        }
        // From here the files are the ones on disk, whether the patch is made or not.
        files.extend(loaded);
        let mut site = self.site.take()?;
        let site_mut = Arc::get_mut(&mut site)?;
        let files = &*files;
        let states = |section: Option<Section>, slug: &str| {
            let section = section?;
            let mut entry = content::Content::default();
            for l in &config.languages {
                let path =
                    config
                        .root
                        .join(format!("content/{}/{slug}.{}.md", section.dir(), l.code));
                match files.get(&path) {
                    Some(Ok(Some(Loaded::Article(d)))) => entry.articles.push(d.clone()),
                    Some(Ok(Some(Loaded::Topic(d)))) => entry.topics.push(d.clone()),
                    Some(Ok(Some(Loaded::Page(d)))) => entry.pages.push(d.clone()),
                    Some(Ok(Some(Loaded::Home(_)) | None)) | None => {}
                    Some(Err(_)) => return None,
                }
            }
            let status = Status::states(config, &entry);
            if !status.problems.is_empty() {
                return None;
            }
            status.entries.into_iter().next().map(|e| e.states)
        };
        let changed = site_mut.patch(edits, &states, &setup.notes, &mut self.bodies)?;
        // `render` needs the session whole: the reads are lent to the run.
        let recorded = std::mem::take(&mut self.recorded);
        let select = Select::Reading {
            changed: &changed,
            recorded: &recorded,
        };
        match self.render(site, &setup, &select) {
            Ok((rendered, made)) => {
                self.recorded = made.recorded(recorded);
                Some(Ok(rendered))
            }
            Err(e) => {
                self.recorded = recorded;
                Some(Err(e))
            }
        }
    }

    /// Reads what changed and makes the site's model, with the setup to render it.
    fn model(&mut self, changes: &Changes) -> Result<(Site, Arc<Setup>), Error> {
        let mut errors = Collector::default();
        let config = match (&self.setup, changes.setup) {
            (Some(setup), false) => setup.config.clone(),
            _ => {
                let previous = self.setup.take().map(|s| s.config.clone());
                let config = Config::load(&self.root, &self.overrides)?;
                if previous.as_ref() != Some(&config) {
                    // Whether a file is content at all depends on the languages: read them all.
                    self.files = None;
                }
                self.setup = errors.take(self.load_setup(config.clone())).map(Arc::new);
                config
            }
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
            errors.take(Site::build(
                config,
                content,
                &Notes::default(),
                &self.bodies,
                None,
            ));
            return Err(errors.into_error());
        };
        let spill = self.spill.as_ref();
        let (site, bodies) = Site::build(config, content, &setup.notes, &self.bodies, spill)?;
        self.bodies = bodies;
        Ok((site, setup.clone()))
    }

    /// The theme, strings, static files and templates.
    fn load_setup(&self, config: Config) -> Result<Setup, Error> {
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
        if let Some(t) = &theme
            && config.search
            && !t.templates.contains_key(PageKind::Search.template())
        {
            errors.push(
                Diagnostic::new(
                    t.source.label("templates/search.html"),
                    "the site has search, and the theme has no `search.html` template for its page",
                )
                .help("add templates/search.html (`bayan theme eject` writes the briefing theme's), or turn search off with `search: false` in site.yaml"),
            );
        }
        let cards = theme
            .as_ref()
            .and_then(|t| errors.take(CardTemplate::new(t)));
        let (Some(i18n), Some(assets), Some(templates), Some(cards)) =
            (i18n, assets, templates, cards)
        else {
            return Err(errors.into_error());
        };
        let langs = &config.languages;
        let notes = Notes::new(langs.len(), |li, other| {
            let key = format!("only_in_{}", langs[other].code);
            i18n.locale(&langs[li].code)?.t(&key, None).ok()
        });
        Ok(Setup {
            config,
            i18n,
            assets: Arc::new(assets),
            templates,
            cards,
            search: Default::default(),
            notes,
        })
    }

    /// Reads content/ whole the first time, and afterwards the `changed` paths only: a path that
    /// is gone is forgotten with everything under it, a folder is read whole.
    fn read_content(&mut self, config: &Config, changed: &[PathBuf]) -> Result<(), Error> {
        // A build that is not repeated (one with a spill) holds the front-matter only.
        let root: Arc<Path> = config.root.as_path().into();
        let release = self.spill.is_some().then_some(&root);
        let Some(files) = &mut self.files else {
            let (paths, problems) = content::list(config)?;
            let loaded = paths
                .into_par_iter()
                .map(|p| {
                    let result = load(config, &p, release);
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
                files.insert(path.clone(), load(config, path, release));
            } else if path.is_dir() {
                for entry in WalkDir::new(path).into_iter().flatten() {
                    if entry.file_type().is_file() {
                        let p = entry.into_path();
                        let result = load(config, &p, release);
                        files.insert(p, result);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Reads the content file at `path`; with `release` (the site's folder), keeps its front-matter
/// only, to read the file again for its body.
fn load(config: &Config, path: &Path, release: Option<&Arc<Path>>) -> FileResult {
    let mut result = content::load_file(config, path);
    if let (Some(root), Ok(Some(loaded))) = (release, &mut result) {
        loaded.release_source(root);
    }
    result
}

impl Setup {
    /// The setup's warnings, as diagnostics.
    fn warnings(&self) -> Vec<Diagnostic> {
        let general = |w: &String| Diagnostic::general(w.clone()).warning();
        self.i18n.warnings().iter().map(general).collect()
    }
}

/// Runs the outputs of `site` that `select` names into `sink`; with `spill`, for a build that is
/// not repeated.
fn run(
    site: &Site,
    setup: &Setup,
    previous: &Files,
    select: &Select,
    sink: &dyn Sink,
    spill: Option<&Arc<Spill>>,
) -> Result<Made, Error> {
    let inputs = Inputs {
        spill,
        site,
        templates: &setup.templates,
        i18n: &setup.i18n,
        assets: &setup.assets,
        cards: setup.cards.as_ref(),
        search: &setup.search,
    };
    outputs::run(&inputs, previous, select, sink)
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// HTML pages per language code, in the order of site.yaml.
    pub pages_per_language: Vec<(String, usize)>,
    pub files: usize,
    pub elapsed: Duration,
    /// What the build has to tell without failing.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site into `settings.output`, replacing the previous output only on success. Files
/// are written as they are made, so memory holds the site's model and not its HTML; a file
/// whose bytes did not change is kept as it was (see [`crate::sink`]).
pub fn build(settings: &Settings) -> Result<Summary, Error> {
    let start = Instant::now();
    sink::check_target(&settings.root, &settings.output)?;
    // The bodies wait for their pages on disk, beside the output.
    let scratch = sink::parent_of(&settings.output);
    let spill = std::fs::create_dir_all(scratch)
        .and_then(|()| Spill::new_in(scratch))
        .map_err(|e| Diagnostic::io(scratch, "create a scratch file in", &e))?;
    let mut session = Session::new(&settings.root, settings.overrides.clone());
    session.spill = Some(spill.clone());
    // The session goes at once: the documents it holds would keep their sources alive.
    let (site, setup) = session.model(&Changes::default())?;
    drop(session);
    setup.search.keep_nothing();
    let staging = Staging::new(&settings.output)?;
    let made = run(
        &site,
        &setup,
        &Files::default(),
        &Select::All,
        &staging,
        Some(&spill),
    )?;
    staging.commit()?;
    let pages_per_language = site
        .config
        .languages
        .iter()
        .map(|l| {
            let prefix = urls::home_path(&l.code);
            let n = made
                .paths
                .iter()
                .filter(|p| p.starts_with(&prefix) && urls::is_page(p))
                .count();
            (l.code.clone(), n)
        })
        .collect();
    Ok(Summary {
        pages_per_language,
        files: made.paths.len(),
        elapsed: start.elapsed(),
        warnings: setup.warnings(),
    })
}
