//! Finding a theme's files: templates (with the site's overrides), static files and strings.
//!
//! A theme is `themes/<name>/` with `templates/`, `static/`, `i18n/<lang>.yaml` and `theme.yaml`.
//! A file in the site's own `templates/` replaces the theme's file of the same name, and the
//! site's `static/` adds to (or replaces) the theme's static files. This module only reads; the
//! templates are parsed once by [`crate::render`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::is_editor_temp;
use crate::error::{Diagnostic, Error, did_you_mean};
use crate::yaml;

/// theme.yaml: a name and a description, for people browsing themes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ThemeFile {
    name: String,
    #[serde(default)]
    description: Option<String>,
}

/// A template's text and the file it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Relative to the site root, for messages.
    pub path: PathBuf,
    pub text: String,
}

/// The files that make up the theme in use.
#[derive(Debug, Clone)]
pub struct Theme {
    pub dir: PathBuf,
    /// By template name (`article.html`, `partials/switcher.html`).
    pub templates: BTreeMap<String, TemplateSource>,
    /// By output path under `assets/` (`css/site.css`), the file to copy.
    pub statics: BTreeMap<String, PathBuf>,
}

impl Theme {
    pub fn load(config: &Config) -> Result<Theme, Error> {
        let root = &config.root;
        let dir = root.join("themes").join(&config.theme);
        if !dir.is_dir() {
            let available: Vec<String> = std::fs::read_dir(root.join("themes"))
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter(|e| e.path().is_dir())
                        .filter_map(|e| e.file_name().to_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let help = match did_you_mean(&config.theme, available.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `theme: {near}`?"),
                None if available.is_empty() => {
                    "create themes/<name>/ or set `theme:` in site.yaml".into()
                }
                None => format!("the themes here are: {}", available.join(", ")),
            };
            return Err(Diagnostic::new(
                "site.yaml",
                format!("the theme `{}` does not exist", config.theme),
            )
            .help(help)
            .into());
        }
        let theme_yaml = dir.join("theme.yaml");
        let rel_yaml = relative(root, &theme_yaml);
        match std::fs::read_to_string(&theme_yaml) {
            Ok(text) => {
                yaml::parse::<ThemeFile>(&rel_yaml, &text, &text, 0)?;
            }
            Err(e) => {
                return Err(Diagnostic::io(&rel_yaml, "read theme.yaml", &e)
                    .help("a theme has a theme.yaml with at least `name:`")
                    .into());
            }
        }
        let mut templates = BTreeMap::new();
        for base in [dir.join("templates"), root.join("templates")] {
            for (name, path) in files(&base)? {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Diagnostic::io(&relative(root, &path), "read the template", &e))?;
                templates.insert(
                    name,
                    TemplateSource {
                        path: relative(root, &path),
                        text,
                    },
                );
            }
        }
        let mut statics = BTreeMap::new();
        for base in [dir.join("static"), root.join("static")] {
            statics.extend(files(&base)?);
        }
        Ok(Theme {
            dir,
            templates,
            statics,
        })
    }
}

/// Files under `base` by their '/'-separated path relative to it; none if `base` is absent.
fn files(base: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut out = Vec::new();
    if !base.is_dir() {
        return Ok(out);
    }
    for entry in WalkDir::new(base).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::new(base, format!("could not read the folder: {e}")))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || is_editor_temp(&name) {
            continue;
        }
        let rel = entry.path().strip_prefix(base).unwrap_or(entry.path());
        let key: Vec<String> = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        out.push((key.join("/"), entry.into_path()));
    }
    Ok(out)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
