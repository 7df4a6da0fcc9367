//! The build, stage by stage: load → model → render → write.
//!
//! [`render`] does everything but writing and returns the site as files in memory; `build` writes
//! them through a staging folder and `check` inspects them. Each stage collects its problems, and
//! independent stages (the theme, the content) report theirs together.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::assets::Assets;
use crate::config::{Config, Overrides};
use crate::error::{Collector, Error};
use crate::i18n::I18n;
use crate::output::{self, Staging};
use crate::pages::{self, Output};
use crate::render::Templates;
use crate::site::Site;
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

/// A site rendered in memory.
pub struct Rendered {
    pub site: Site,
    pub pages: Vec<Output>,
    pub assets: Assets,
}

impl Rendered {
    /// Every file of the site: pages, feeds, assets.
    pub fn files(&self) -> impl Iterator<Item = (String, &[u8])> {
        self.pages
            .iter()
            .map(|p| (p.path.clone(), p.html.as_bytes()))
            .chain(self.assets.outputs())
    }

    /// HTML pages per language code, in the order of site.yaml.
    pub fn pages_per_language(&self) -> Vec<(String, usize)> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| {
                let prefix = format!("{}/", l.code);
                let n = self
                    .pages
                    .iter()
                    .filter(|p| p.path.starts_with(&prefix) && p.path.ends_with(".html"))
                    .count();
                (l.code.clone(), n)
            })
            .collect()
    }
}

/// Loads, models and renders the site, writing nothing.
pub fn render(root: &Path, overrides: &Overrides) -> Result<Rendered, Error> {
    let config = Config::load(root, overrides)?;
    let mut errors = Collector::default();
    let theme = errors.take(Theme::load(&config));
    let i18n = theme
        .as_ref()
        .and_then(|t| errors.take(I18n::load(root, &t.dir, &config.languages)))
        .map(Arc::new);
    let assets = theme
        .as_ref()
        .and_then(|t| errors.take(Assets::load(root, &t.statics)));
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
    let content = errors.take(content::load(&config));
    let (Some(i18n), Some(content)) = (i18n, content) else {
        return Err(errors.into_error());
    };
    // The model is built even when the templates failed, so that content problems are reported
    // together with template problems.
    let site = errors.take(Site::build(config, content, &i18n));
    let (Some(assets), Some(templates), Some(site)) = (assets, templates, site) else {
        return Err(errors.into_error());
    };
    let mut pages = pages::render_all(&site, &i18n, &templates)?;
    for li in 0..site.config.languages.len() {
        pages.push(feeds::atom(&site, li));
    }
    pages.push(feeds::sitemap(&site, &pages));
    pages.push(feeds::robots(&site));
    Ok(Rendered {
        site,
        pages,
        assets,
    })
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages_per_language: Vec<(String, usize)>,
    pub files: usize,
    pub elapsed: Duration,
}

/// Builds the site into `settings.output`, replacing the previous output only on success.
pub fn build(settings: &Settings) -> Result<Summary, Error> {
    let start = Instant::now();
    output::check_target(&settings.root, &settings.output)?;
    let rendered = render(&settings.root, &settings.overrides)?;
    let staging = Staging::new(&settings.output)?;
    let files: Vec<(String, &[u8])> = rendered.files().collect();
    let count = files.len();
    staging.write_all(files)?;
    staging.commit()?;
    Ok(Summary {
        pages_per_language: rendered.pages_per_language(),
        files: count,
        elapsed: start.elapsed(),
    })
}
