//! site.yaml: read strictly, validated once, then plain data.
//!
//! The file's schema ([`SiteFile`]) rejects unknown keys, so a misspelt setting is an error with
//! a suggestion rather than a silent default. [`Config`] is what the rest of the build reads: the
//! languages in the order the file gives them, the base URL split into the parts that links need,
//! and the command-line overrides already applied.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use crate::error::{Collector, Diagnostic, Error};
use crate::yaml;

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Rtl,
    Ltr,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Rtl => "rtl",
            Direction::Ltr => "ltr",
        }
    }
}

/// Which digits dates and counts use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// Arabic-Indic digits (٠١٢٣).
    Arab,
    /// Latin digits (0123).
    Latn,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    name: String,
    dir: Direction,
    #[serde(default)]
    digits: Option<Digits>,
    /// The Open Graph locale (`ar_AR`); by default one for the code.
    #[serde(default)]
    locale: Option<String>,
}

/// The schema of site.yaml.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    title: BTreeMap<String, String>,
    #[serde(default)]
    description: BTreeMap<String, String>,
    base_url: String,
    default_language: String,
    languages: Ordered<LanguageFile>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_paginate")]
    paginate: usize,
    #[serde(default)]
    markdown: MarkdownFile,
    /// Whether the build writes a search index and search pages (on by default).
    #[serde(default = "default_search")]
    search: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownFile {
    #[serde(default)]
    raw_html: RawHtml,
}

/// What happens to raw HTML written inside Markdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text: `<b>` appears on the page as `<b>`. The safe default.
    #[default]
    Escape,
    /// Passed through as HTML, for sites whose writers are trusted with markup.
    Allow,
}

fn default_theme() -> String {
    "briefing".into()
}

fn default_paginate() -> usize {
    20
}

fn default_search() -> bool {
    true
}

/// A YAML mapping read in file order.
#[derive(Debug)]
struct Ordered<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V2<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of language codes")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V2(std::marker::PhantomData))
    }
}

/// A language of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language {
    /// The code used in file names and URLs (`ar`).
    pub code: String,
    /// The name in its own language (`العربية`).
    pub name: String,
    pub dir: Direction,
    pub digits: Option<Digits>,
    /// Language and territory as Open Graph names them (`ar_AR`, `en_US`).
    pub locale: String,
}

/// The Open Graph locale of a language code when site.yaml gives none: the usual territory of
/// the languages briefings are written in, else the code alone.
pub fn default_locale(code: &str) -> String {
    let territory = match code {
        "ar" => "AR",
        "en" => "US",
        "fr" => "FR",
        "es" => "ES",
        "de" => "DE",
        "it" => "IT",
        "pt" => "PT",
        "nl" => "NL",
        "ru" => "RU",
        "tr" => "TR",
        "fa" => "IR",
        "ur" => "PK",
        "he" => "IL",
        "hi" => "IN",
        "id" => "ID",
        "ja" => "JP",
        "zh" => "CN",
        "sw" => "KE",
        _ => return code.to_string(),
    };
    format!("{code}_{territory}")
}

/// Settings that come from the command line rather than site.yaml.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Link static files by their plain names rather than fingerprinted ones. `serve` does, so
    /// that editing a stylesheet changes no page.
    pub plain_assets: bool,
    /// Write nothing in the site's folder, not even to its cache (`check`).
    pub read_only: bool,
}

/// The validated configuration of a site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Config {
    /// The site's folder (where site.yaml is).
    pub root: PathBuf,
    pub title: BTreeMap<String, String>,
    pub description: BTreeMap<String, String>,
    /// The base URL with a trailing slash (`https://example.org/briefing/`).
    pub base_url: String,
    /// The path part of the base URL, with slashes on both ends (`/briefing/`).
    pub base_path: String,
    /// Languages in the order of site.yaml; the default language is among them.
    pub languages: Vec<Language>,
    pub default_language: String,
    pub theme: String,
    pub paginate: usize,
    pub raw_html: RawHtml,
    pub drafts: bool,
    /// Whether costly outputs made anew may be kept in the site's `.bayan-cache/` (not in
    /// `check`, which writes nothing).
    pub writes_cache: bool,
    /// Whether the site has search (`search: false` in site.yaml turns it off).
    pub search: bool,
}

impl Config {
    /// Reads and validates `<root>/site.yaml`.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Error> {
        let path = root.join("site.yaml");
        let source = std::fs::read_to_string(&path).map_err(|e| {
            let d = Diagnostic::io(Path::new("site.yaml"), "read site.yaml", &e);
            if e.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::new(Path::new("site.yaml"), "there is no site here: no site.yaml").help(
                    format!(
                        "run bayan in the site's folder or pass --root DIR (there is no site.yaml in {}); to start a new site, run `bayan init DIR`",
                        root.display()
                    ),
                )
            } else {
                d
            }
        })?;
        Config::parse(root, &source, overrides)
    }

    /// Validates the text of a site.yaml.
    pub fn parse(root: &Path, source: &str, overrides: &Overrides) -> Result<Config, Error> {
        let file = Path::new("site.yaml");
        let raw: SiteFile = yaml::parse(file, source, source, 0)?;
        let mut errors = Collector::default();
        let at_key = |key: &str, message: String| {
            let d = Diagnostic::new(file, message);
            match find_key(source, key) {
                Some(offset) => d.at_offset(source, offset),
                None => d,
            }
        };

        let mut languages = Vec::new();
        for (code, lang) in raw.languages.0 {
            if !is_language_code(&code) {
                errors.push(
                    at_key(&code, format!("`{code}` is not a language code"))
                        .help("use a lower-case code such as `ar` or `en`"),
                );
            }
            languages.push(Language {
                locale: lang.locale.unwrap_or_else(|| default_locale(&code)),
                code,
                name: lang.name,
                dir: lang.dir,
                digits: lang.digits,
            });
        }
        if languages.is_empty() {
            errors.push(
                at_key("languages", "no languages are declared".into()).help(
                    "list at least one language, e.g. `languages: {ar: {name: العربية, dir: rtl}}`",
                ),
            );
        }
        let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        if !codes.contains(&raw.default_language.as_str()) {
            errors.push(
                at_key(
                    "default_language",
                    format!(
                        "default_language `{}` is not one of the languages",
                        raw.default_language
                    ),
                )
                .help(format!("use one of: {}", codes.join(", "))),
            );
        }
        for (name, map) in [("title", &raw.title), ("description", &raw.description)] {
            for code in map.keys() {
                if !codes.contains(&code.as_str()) {
                    errors.push(
                        at_key(
                            name,
                            format!(
                                "{name} has text for `{code}`, which is not a language of the site"
                            ),
                        )
                        .help(format!("the languages are: {}", codes.join(", "))),
                    );
                }
            }
        }
        for code in &codes {
            if !raw.title.contains_key(*code) {
                errors.push(
                    at_key("title", format!("the site has no title in `{code}`"))
                        .help(format!("add `{code}: \"…\"` under `title`")),
                );
            }
        }
        if raw.paginate == 0 {
            errors.push(
                at_key("paginate", "paginate must be at least 1".into())
                    .help("the number of articles on a listing page, e.g. `paginate: 20`"),
            );
        }
        let base = overrides.base_url.as_deref().unwrap_or(&raw.base_url);
        let (base_url, base_path) = match split_base_url(base) {
            Some(parts) => parts,
            None => {
                let d = if overrides.base_url.is_some() {
                    Diagnostic::general(format!("--base-url `{base}` is not an http(s) URL"))
                } else {
                    at_key("base_url", format!("`{base}` is not an http(s) URL"))
                };
                errors.push(d.help("write the full address, e.g. `https://example.org/briefing/`"));
                (String::new(), "/".into())
            }
        };
        errors.finish(Config {
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            base_url,
            base_path,
            languages,
            default_language: raw.default_language,
            theme: raw.theme,
            paginate: raw.paginate,
            search: raw.search,
            raw_html: raw.markdown.raw_html,
            drafts: overrides.drafts,
            writes_cache: !overrides.read_only,
        })
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn default_lang(&self) -> &Language {
        self.language(&self.default_language)
            .unwrap_or(&self.languages[0])
    }
}

/// Splits `https://host/sub/` into (`https://host/sub/`, `/sub/`).
pub fn split_base_url(url: &str) -> Option<(String, String)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || path.contains(['?', '#', ' ']) {
        return None;
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let scheme_len = url.len() - rest.len();
    Some((format!("{}{host}{path}", &url[..scheme_len]), path))
}

fn is_language_code(code: &str) -> bool {
    (2..=8).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// The offset of `key:` at the start of a line, for pointing at a setting.
fn find_key(source: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(&format!("{key}:")) {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "title: {ar: \"بيان\", en: Statement}\nbase_url: https://example.org/b\ndefault_language: ar\nlanguages:\n  ar: {name: العربية, dir: rtl}\n  en: {name: English, dir: ltr}\n";

    #[test]
    fn languages_keep_file_order_and_base_path_is_split() {
        let c = Config::parse(Path::new("."), SITE, &Overrides::default()).unwrap();
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["ar", "en"]);
        assert_eq!(c.base_url, "https://example.org/b/");
        assert_eq!(c.base_path, "/b/");
        assert_eq!(c.paginate, 20);
    }

    #[test]
    fn override_replaces_base_url() {
        let o = Overrides {
            base_url: Some("http://localhost:1111".into()),
            ..Overrides::default()
        };
        let c = Config::parse(Path::new("."), SITE, &o).unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.base_path.as_str()),
            ("http://localhost:1111/", "/")
        );
    }

    #[test]
    fn unknown_default_language_is_reported_at_its_line() {
        let src = SITE.replace("default_language: ar", "default_language: fr");
        let e = Config::parse(Path::new("."), &src, &Overrides::default()).unwrap_err();
        let d = &e.diagnostics[0];
        assert!(d.message.contains("`fr`"), "{}", d.message);
        assert_eq!(d.location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn split_base_url_rejects_non_urls() {
        assert_eq!(split_base_url("example.org"), None);
        assert_eq!(split_base_url("https://"), None);
        assert_eq!(
            split_base_url("https://a.org").unwrap(),
            ("https://a.org/".to_string(), "/".to_string())
        );
    }
}
