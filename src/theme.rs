//! Finding a theme's files: templates (with the site's overrides), static files and strings.
//!
//! A theme is `themes/<name>/` with `templates/`, `static/`, `i18n/<lang>.yaml` and `theme.yaml`.
//! A file in the site's own `templates/` replaces the theme's file of the same name, and the
//! site's `static/` adds to (or replaces) the theme's static files. This module only reads; the
//! templates are parsed once by [`crate::render`].
//!
//! The theme's files come from a [`ThemeSource`]: the site's folder `themes/<name>/` when it has
//! one, else, for `theme: briefing`, the copy built into bayan ([`crate::builtin`]). Everything
//! else reads through the source, so the two differ only in where bytes come from and in how
//! messages name them (`themes/briefing/templates/base.html` or
//! `<built-in briefing theme>/templates/base.html`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use crate::builtin;
use crate::config::{Config, Language};
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

/// Where a theme's files are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    /// A folder of the site: `dir` to read, `label` (`themes/<name>`) to name it in messages.
    Folder { dir: PathBuf, label: PathBuf },
    /// The `briefing` theme built into bayan.
    Builtin,
}

/// A static file to copy under `assets/`.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// A file on disk, and how messages name it.
    Disk { path: PathBuf, label: PathBuf },
    /// A file of the built-in theme.
    Builtin {
        label: PathBuf,
        bytes: &'static [u8],
    },
}

impl StaticFile {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            StaticFile::Disk { path, .. } => std::fs::read(path),
            StaticFile::Builtin { bytes, .. } => Ok(bytes.to_vec()),
        }
    }

    /// The file's name in messages.
    pub fn label(&self) -> &Path {
        match self {
            StaticFile::Disk { label, .. } | StaticFile::Builtin { label, .. } => label,
        }
    }
}

/// A theme's strings for one language: the text, its name in messages, and whether the built-in
/// theme lent its English strings for a language it has none for.
#[derive(Debug, Clone)]
pub struct Strings {
    pub label: PathBuf,
    pub text: String,
    pub fallback: bool,
}

impl ThemeSource {
    /// The theme `config.theme`: the site's folder if there is one, else the built-in theme.
    pub fn find(config: &Config) -> Result<ThemeSource, Error> {
        let root = &config.root;
        let dir = root.join("themes").join(&config.theme);
        if dir.is_dir() {
            let label = PathBuf::from("themes").join(&config.theme);
            return Ok(ThemeSource::Folder { dir, label });
        }
        if config.theme == builtin::NAME {
            return Ok(ThemeSource::Builtin);
        }
        let mut available: Vec<String> = std::fs::read_dir(root.join("themes"))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().to_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        available.sort();
        let candidates = available.iter().map(String::as_str).chain([builtin::NAME]);
        let help = match did_you_mean(&config.theme, candidates) {
            Some(near) => format!("did you mean `theme: {near}`?"),
            None if available.is_empty() => format!(
                "use the built-in theme (`theme: {}`), or create themes/{}/",
                builtin::NAME,
                config.theme
            ),
            None => format!(
                "the themes here are: {}, and the built-in `{}`",
                available.join(", "),
                builtin::NAME
            ),
        };
        Err(Diagnostic::new(
            "site.yaml",
            format!("the theme `{}` does not exist", config.theme),
        )
        .help(help)
        .into())
    }

    /// `rel` (`templates/base.html`) as messages name it.
    pub fn label(&self, rel: &str) -> PathBuf {
        match self {
            ThemeSource::Folder { label, .. } => label.join(rel),
            ThemeSource::Builtin => builtin::label(rel),
        }
    }

    /// The text of the file `rel`.
    fn read_text(&self, rel: &str) -> std::io::Result<String> {
        match self {
            ThemeSource::Folder { dir, .. } => std::fs::read_to_string(dir.join(rel)),
            ThemeSource::Builtin => builtin::file(rel)
                .ok_or_else(|| std::io::ErrorKind::NotFound.into())
                .and_then(|b| {
                    String::from_utf8(b.to_vec())
                        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
                }),
        }
    }

    /// The files under the theme's folder `sub`, by their '/'-separated path relative to it.
    fn files(&self, sub: &str) -> Result<Vec<(String, StaticFile)>, Error> {
        match self {
            ThemeSource::Folder { dir, label } => Ok(files(&dir.join(sub))?
                .into_iter()
                .map(|(name, path)| {
                    let label = label.join(sub).join(&name);
                    (name, StaticFile::Disk { path, label })
                })
                .collect()),
            ThemeSource::Builtin => {
                let prefix = format!("{sub}/");
                Ok(builtin::files(sub)
                    .into_iter()
                    .filter_map(|(rel, bytes)| {
                        let name = rel.strip_prefix(&prefix)?.to_string();
                        let label = builtin::label(&rel);
                        Some((name, StaticFile::Builtin { label, bytes }))
                    })
                    .collect())
            }
        }
    }

    /// The strings for `lang`, from `i18n/<code>.yaml`. The built-in theme makes them for any
    /// language of the site (see [`builtin::strings_file`]); a folder must have the file.
    pub fn strings(&self, lang: &Language, languages: &[Language]) -> std::io::Result<Strings> {
        let rel = format!("i18n/{}.yaml", lang.code);
        let label = self.label(&rel);
        match self {
            ThemeSource::Folder { .. } => Ok(Strings {
                text: self.read_text(&rel)?,
                label,
                fallback: false,
            }),
            ThemeSource::Builtin => {
                let (text, fallback) = builtin::strings_file(&lang.code, languages);
                Ok(Strings {
                    label,
                    text,
                    fallback,
                })
            }
        }
    }
}

/// A template's text and the file it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Relative to the site root (or in the built-in theme), for messages.
    pub path: PathBuf,
    pub text: String,
}

/// The files that make up the theme in use.
#[derive(Debug, Clone)]
pub struct Theme {
    pub source: ThemeSource,
    /// By template name (`article.html`, `partials/switcher.html`).
    pub templates: BTreeMap<String, TemplateSource>,
    /// By output path under `assets/` (`css/site.css`), the file to copy.
    pub statics: BTreeMap<String, StaticFile>,
    /// The fonts the build draws with (social cards), by name under `fonts/`: TTF or OTF, which
    /// the rasteriser reads (browsers get the theme's web fonts from `static/`).
    pub fonts: BTreeMap<String, StaticFile>,
}

impl Theme {
    pub fn load(config: &Config) -> Result<Theme, Error> {
        let root = &config.root;
        let source = ThemeSource::find(config)?;
        let rel_yaml = source.label("theme.yaml");
        match source.read_text("theme.yaml") {
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
        let theme_templates = source.files("templates")?.into_iter();
        let site_templates = site_files(root, "templates")?.into_iter();
        for (name, file) in theme_templates.chain(site_templates) {
            let text = file
                .read()
                .and_then(|b| {
                    String::from_utf8(b)
                        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
                })
                .map_err(|e| Diagnostic::io(file.label(), "read the template", &e))?;
            let path = file.label().to_path_buf();
            templates.insert(name, TemplateSource { path, text });
        }
        let mut statics = BTreeMap::new();
        statics.extend(source.files("static")?);
        statics.extend(site_files(root, "static")?);
        let fonts = source
            .files("fonts")?
            .into_iter()
            .filter(|(name, _)| is_font(name))
            .collect();
        Ok(Theme {
            source,
            templates,
            statics,
            fonts,
        })
    }
}

/// Whether a file under `fonts/` is a font the rasteriser reads (licences lie beside them).
fn is_font(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The site's own files under `root/sub` (its `templates/` or `static/`).
fn site_files(root: &Path, sub: &str) -> Result<Vec<(String, StaticFile)>, Error> {
    Ok(files(&root.join(sub))?
        .into_iter()
        .map(|(name, path)| {
            let label = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            (name, StaticFile::Disk { path, label })
        })
        .collect())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    fn config(root: &Path, theme: &str) -> Config {
        let site = format!(
            "title: {{ar: ع, en: E}}\nbase_url: https://example.org/\ndefault_language: ar\nlanguages:\n  ar: {{name: العربية, dir: rtl}}\n  en: {{name: English, dir: ltr}}\ntheme: {theme}\n"
        );
        Config::parse(root, &site, &Overrides::default()).unwrap()
    }

    #[test]
    fn without_a_folder_briefing_is_the_built_in_theme_and_named_so() {
        let tmp = tempfile::tempdir().unwrap();
        let theme = Theme::load(&config(tmp.path(), "briefing")).unwrap();
        assert_eq!(theme.source, ThemeSource::Builtin);
        let base = &theme.templates["base.html"];
        assert_eq!(
            base.path,
            Path::new("<built-in briefing theme>/templates/base.html")
        );
        assert!(base.text.contains("<html"));
        let css = &theme.statics["css/site.css"];
        assert_eq!(
            css.label(),
            Path::new("<built-in briefing theme>/static/css/site.css")
        );
        assert!(!css.read().unwrap().is_empty());
        assert!(theme.statics.contains_key("favicon.svg"));
    }

    #[test]
    fn a_folder_of_the_site_wins_and_the_site_s_files_override_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("themes/briefing");
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::write(dir.join("theme.yaml"), "name: briefing\n").unwrap();
        std::fs::write(dir.join("templates/a.html"), "theme").unwrap();
        std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
        std::fs::write(tmp.path().join("templates/a.html"), "site").unwrap();
        std::fs::create_dir_all(tmp.path().join("static")).unwrap();
        std::fs::write(tmp.path().join("static/x.txt"), "x").unwrap();
        let theme = Theme::load(&config(tmp.path(), "briefing")).unwrap();
        assert_eq!(
            theme.source.label("i18n/ar.yaml"),
            Path::new("themes/briefing/i18n/ar.yaml")
        );
        assert_eq!(theme.templates["a.html"].text, "site");
        assert_eq!(
            theme.templates["a.html"].path,
            Path::new("templates/a.html")
        );
        assert_eq!(theme.statics["x.txt"].label(), Path::new("static/x.txt"));
        assert_eq!(theme.templates.len(), 1, "nothing of the built-in theme");
    }

    #[test]
    fn an_unknown_theme_is_an_error_that_knows_the_built_in_one() {
        let tmp = tempfile::tempdir().unwrap();
        let e = Theme::load(&config(tmp.path(), "brefing")).unwrap_err();
        let d = &e.diagnostics[0];
        assert_eq!(d.message, "the theme `brefing` does not exist");
        assert_eq!(d.help.as_deref(), Some("did you mean `theme: briefing`?"));
        let e = Theme::load(&config(tmp.path(), "corporate")).unwrap_err();
        let help = e.diagnostics[0].help.clone().unwrap();
        assert!(help.contains("`theme: briefing`"), "{help}");
        assert!(help.contains("themes/corporate/"), "{help}");
    }

    #[test]
    fn the_built_in_theme_has_strings_for_any_language_and_a_folder_only_its_own() {
        let langs = config(Path::new("."), "briefing").languages;
        let fr = Language {
            code: "fr".into(),
            name: "Français".into(),
            dir: crate::config::Direction::Ltr,
            digits: None,
            locale: "fr_FR".into(),
        };
        let s = ThemeSource::Builtin.strings(&fr, &langs).unwrap();
        assert!(s.fallback);
        assert_eq!(s.label, Path::new("<built-in briefing theme>/i18n/fr.yaml"));
        assert!(
            !ThemeSource::Builtin
                .strings(&langs[0], &langs)
                .unwrap()
                .fallback
        );
        let tmp = tempfile::tempdir().unwrap();
        let folder = ThemeSource::Folder {
            dir: tmp.path().to_path_buf(),
            label: PathBuf::from("themes/mine"),
        };
        let e = folder.strings(&fr, &langs).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    }
}
