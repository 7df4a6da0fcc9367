//! `bayan init`: a new site that builds at once, with the built-in theme.
//!
//! The new site is made from real files kept in `src/init/skeleton/` and embedded at compile time:
//! `site.yaml` and `README.md` with a few `{{…}}` blanks, a `.gitignore` (stored as `gitignore`,
//! so that it does not apply to the skeleton itself), and per language the site's title and the
//! example content (the home text, an article, a topic, a page). Arabic and English have their own
//! text; any other language of bayan's table gets the English text with a note to translate it.
//! [`plan`] makes the files without touching the disk; [`run`] checks the folder and writes them.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::Deserialize;

use crate::config::Direction;
use crate::content::Date;
use crate::error::{Diagnostic, Error};
use crate::languages::{self, Known};
use crate::scaffold::{self, NewFile, quoted};

static SKELETON: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/init/skeleton");

/// The language whose example text stands in for languages that have none of their own.
const FALLBACK: &str = "en";

/// What the new site is made of.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's languages, in the order of the language switcher.
    pub languages: Vec<&'static Known>,
    pub default_language: &'static Known,
    /// The date of the example article.
    pub today: Date,
}

impl Options {
    /// Reads `--languages` (`ar,en`) and `--default-language` (the first language when `None`).
    pub fn new(
        languages: &str,
        default_language: Option<&str>,
        today: Date,
    ) -> Result<Options, String> {
        let languages = languages::parse_list(languages)?;
        let default_language = match default_language {
            None => languages[0],
            Some(code) => *languages.iter().find(|k| k.code == code).ok_or_else(|| {
                let codes: Vec<&str> = languages.iter().map(|k| k.code).collect();
                format!(
                    "the default language `{code}` is not one of the site's languages ({}); add it to --languages or choose one of them",
                    codes.join(", ")
                )
            })?,
        };
        Ok(Options {
            languages,
            default_language,
            today,
        })
    }

    /// The languages that get the English example text and the built-in theme's English strings.
    pub fn untranslated(&self) -> impl Iterator<Item = &'static Known> + '_ {
        self.languages
            .iter()
            .copied()
            .filter(|k| SKELETON.get_dir(k.code).is_none())
    }
}

/// What `init` wrote, and what it has to say about it.
#[derive(Debug, Clone)]
pub struct Report {
    /// Relative to the new site's folder.
    pub files: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

/// Writes a new site into `dir`, which must be empty or not exist yet (a folder holding only
/// `.git` counts as empty). Nothing is written when it refuses.
pub fn run(dir: &Path, options: &Options) -> Result<Report, Error> {
    check_empty(dir)?;
    let files = plan(options);
    scaffold::write_all(dir, dir, &files)?;
    let warnings = options
        .untranslated()
        .map(|k| {
            format!(
                "`{code}` ({name}): the example content in {name} is the English text, to be \
                 translated, and the built-in theme has no {name} strings, so its pages use the \
                 English ones",
                code = k.code,
                name = k.english
            )
        })
        .collect();
    Ok(Report {
        files: files.into_iter().map(|f| f.path).collect(),
        warnings,
    })
}

/// Refuses a file, or a folder with anything in it but `.git`.
fn check_empty(dir: &Path) -> Result<(), Diagnostic> {
    let shown = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) if dir.is_file() => {
            return Err(Diagnostic::new(shown, "this is a file, not a folder")
                .help("give bayan init the name of a new or an empty folder"));
        }
        Err(e) => return Err(Diagnostic::io(&shown, "read the folder", &e)),
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".git")
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown_names = if names.len() > 5 {
        format!("{}, …", names[..5].join(", "))
    } else {
        names.join(", ")
    };
    Err(
        Diagnostic::new(shown, "the folder is not empty").help(format!(
            "bayan init writes a new site only into an empty folder, so that it replaces nothing; \
         run `bayan init NEW-FOLDER`, or empty this one (it holds {shown_names})"
        )),
    )
}

/// The title and description a language's skeleton gives the site.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteText {
    title: String,
    description: String,
}

/// Every file of the new site, by its path in the site's folder.
pub fn plan(options: &Options) -> Vec<NewFile> {
    let mut title = String::new();
    let mut description = String::new();
    let mut languages = String::new();
    let mut content = Vec::new();
    for k in &options.languages {
        let own = SKELETON.get_dir(k.code).is_some();
        let source = if own { k.code } else { FALLBACK };
        let text: SiteText = serde_yaml::from_str(&skeleton_text(&format!("{source}/site.yaml")))
            .unwrap_or(SiteText {
                title: "New briefing".into(),
                description: String::new(),
            });
        title.push_str(&format!("  {}: {}\n", k.code, quoted(&text.title)));
        description.push_str(&format!("  {}: {}\n", k.code, quoted(&text.description)));
        let digits = if k.code == "ar" { ", digits: arab" } else { "" };
        let dir = match k.dir {
            Direction::Rtl => "rtl",
            Direction::Ltr => "ltr",
        };
        languages.push_str(&format!(
            "  {}: {{name: {}, dir: {dir}{digits}}}\n",
            k.code,
            quoted(k.name)
        ));
        let note = (!own).then_some(k);
        for (rel, text) in skeleton_files(&format!("{source}/content")) {
            let path = localised_path(&rel, k.code);
            let text = text.replace("{{date}}", &options.today.to_string());
            let text = match note {
                Some(k) => with_translation_note(&text, k.english),
                None => text,
            };
            content.push(NewFile::new(path, text));
        }
    }
    let codes: Vec<&str> = options.languages.iter().map(|k| k.code).collect();
    let names: Vec<&str> = options.languages.iter().map(|k| k.english).collect();
    let site_yaml = skeleton_text("site.yaml")
        .replace("{{title}}\n", &title)
        .replace("{{description}}\n", &description)
        .replace("{{languages}}\n", &languages)
        .replace("{{default_language}}", options.default_language.code);
    let readme = skeleton_text("README.md")
        .replace("{{title}}", &english_title())
        .replace("{{language_names}}", &and_list(&names))
        .replace("{{languages}}", &codes.join(", "));
    let translated: Vec<&str> = options
        .languages
        .iter()
        .filter(|k| SKELETON.get_dir(k.code).is_some())
        .map(|k| k.code)
        .collect();
    with_records(&mut content, options.default_language.code, &translated);
    let mut files = vec![
        NewFile::new("site.yaml", site_yaml),
        NewFile::new("README.md", readme),
        NewFile::new(".gitignore", skeleton_text("gitignore")),
    ];
    files.extend(content);
    files
}

/// Gives each example article, topic and page outside the default language its record of the
/// default language's version: current where the skeleton has that language's own text (the
/// two are translations of each other), and with no version yet where English stands in for
/// it, so that `status` lists it as still to translate.
fn with_records(files: &mut [NewFile], default: &str, translated: &[&str]) {
    use crate::content::{ArticleMeta, PageMeta, Section, TopicMeta, document};
    use crate::translations::{self, fingerprint};
    let originals: std::collections::HashMap<PathBuf, String> = files
        .iter()
        .filter_map(|f| {
            let name = f.path.to_str()?;
            name.strip_suffix(&format!(".{default}.md")).map(|stem| {
                (
                    PathBuf::from(stem),
                    String::from_utf8_lossy(&f.bytes).into_owned(),
                )
            })
        })
        .collect();
    for f in files.iter_mut() {
        let Some(name) = f.path.to_str() else {
            continue;
        };
        let Some((stem, code)) = name.strip_suffix(".md").and_then(|n| n.rsplit_once('.')) else {
            continue;
        };
        let section = stem
            .strip_prefix("content/")
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(dir, _)| Section::from_dir(dir));
        let (Some(section), false) = (section, code == default) else {
            continue;
        };
        let Some(original) = originals.get(&PathBuf::from(stem)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&f.bytes).into_owned();
        let Ok(parts) = crate::content::frontmatter::split(&text) else {
            continue;
        };
        if !translated.contains(&code) {
            f.bytes = translations::start_translation(&text, parts.yaml, default).into_bytes();
            continue;
        }
        let (path, slug, lang) = (PathBuf::from(stem), String::new(), default.to_string());
        let source = original.clone();
        let hash = match section {
            Section::Articles => document::<ArticleMeta>(path, slug, lang, source)
                .map(|d| fingerprint(&d.meta, d.body())),
            Section::Topics => document::<TopicMeta>(path, slug, lang, source)
                .map(|d| fingerprint(&d.meta, d.body())),
            Section::Pages => document::<PageMeta>(path, slug, lang, source)
                .map(|d| fingerprint(&d.meta, d.body())),
        };
        if let Ok(hash) = hash {
            f.bytes = translations::set_record(&text, parts.yaml, default, &hash).into_bytes();
        }
    }
}

/// The text of a skeleton file; the skeleton is part of bayan, so a missing file is empty.
fn skeleton_text(rel: &str) -> String {
    SKELETON
        .get_file(rel)
        .and_then(|f| f.contents_utf8())
        .unwrap_or("")
        .to_string()
}

/// Every file under the skeleton's folder `sub`, by its path relative to that folder.
fn skeleton_files(sub: &str) -> Vec<(String, String)> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(dir.files());
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut files = Vec::new();
    if let Some(dir) = SKELETON.get_dir(sub) {
        walk(dir, &mut files);
    }
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .filter_map(|f| {
            let rel = f.path().strip_prefix(sub).ok()?;
            let rel: Vec<String> = rel
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            Some((
                format!("content/{}", rel.join("/")),
                f.contents_utf8()?.to_string(),
            ))
        })
        .collect();
    out.sort();
    out
}

/// `content/articles/x.md` for the language `fr`: `content/articles/x.fr.md`.
fn localised_path(rel: &str, code: &str) -> PathBuf {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    PathBuf::from(format!("{stem}.{code}.md"))
}

/// `text` with a note after its front-matter that it is the English text, to translate.
fn with_translation_note(text: &str, language: &str) -> String {
    let note = format!(
        "> This is the English example text, standing in for {language}: translate it, or \
         replace it with your own.\n\n"
    );
    match text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n"))
    {
        Some(i) => {
            let end = "---\n".len() + i + "\n---\n".len();
            format!("{}{note}{}", &text[..end], &text[end..])
        }
        None => format!("{note}{text}"),
    }
}

fn english_title() -> String {
    serde_yaml::from_str::<SiteText>(&skeleton_text("en/site.yaml"))
        .map(|t| t.title)
        .unwrap_or_else(|_| "New briefing".into())
}

/// `Arabic`, `Arabic and English`, `Arabic, English and French`.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The calendar date `days` days after 1970-01-01 (negative: before it), for the example
/// article's date. From Howard Hinnant's `civil_from_days`.
pub fn date_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

#[cfg(test)]
mod tests;
