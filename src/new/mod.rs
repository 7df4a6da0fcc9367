//! `bayan new article|topic|page SLUG`: the files of a new entry, one per language.
//!
//! Each file has every front-matter key of its kind with a comment on what it is for, and
//! placeholder text (`TODO: …`) where a value is required, so that the site still builds and
//! `grep TODO` finds what is left to write. A new article is a draft: `build` leaves it out and
//! `build --drafts` shows it, which is why it names a topic that exists (an unknown topic is an
//! error once drafts are built). The front-matter templates are the files beside this one.

use std::path::{Path, PathBuf};

use crate::config::Language;
use crate::content::{Section, is_slug, suggest_slug};
use crate::error::{Diagnostic, Error};
use crate::scaffold::{self, NewFile};

const ARTICLE: &str = include_str!("article.md");
const TOPIC: &str = include_str!("topic.md");
const PAGE: &str = include_str!("page.md");

/// The column where the comments of the templates begin, for the one line whose width varies.
const COMMENT_COLUMN: usize = 43;

/// What `new` wrote, and what to tell about it.
#[derive(Debug, Clone)]
pub struct Report {
    /// Relative to the site's folder.
    pub files: Vec<PathBuf>,
    /// What to do next.
    pub notes: Vec<String>,
    /// What stands in the way of building the new files with `--drafts`.
    pub warnings: Vec<String>,
}

/// Writes `content/<section>/<slug>.<lang>.md` for every language of the site at `root`, or
/// only for `lang`. Writes nothing when any of the files exists.
pub fn run(root: &Path, section: Section, slug: &str, lang: Option<&str>) -> Result<Report, Error> {
    let config = scaffold::existing_site(root)?;
    let languages: Vec<&Language> = match lang {
        None => config.languages.iter().collect(),
        Some(code) => match config.language(code) {
            Some(l) => vec![l],
            None => {
                let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
                return Err(Diagnostic::new(
                    "site.yaml",
                    format!("`{code}` is not a language of this site"),
                )
                .help(format!(
                    "use one of: {}; or leave --lang out to write every language",
                    codes.join(", ")
                ))
                .into());
            }
        },
    };
    let first = format!("content/{}/{slug}.{}.md", section.dir(), languages[0].code);
    check_slug(section, slug, &first)?;
    let topics = topic_slugs(root);
    let mut files = plan(section, slug, &languages, &topics);
    if lang.is_none() {
        record_originals(&mut files, &config.default_language);
    }
    scaffold::write_all(root, Path::new(""), &files)?;
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    if section == Section::Articles {
        notes.push(
            "the article is a draft: `bayan serve --drafts` or `bayan build --drafts` shows it; \
             delete its `draft: true` line to publish it"
                .to_string(),
        );
        if topics.is_empty() {
            warnings.push(
                "there is no topic yet, and an article needs one: create it with \
                 `bayan new topic SLUG` and name it in the article's `topics:`"
                    .to_string(),
            );
        }
    }
    Ok(Report {
        files: files.into_iter().map(|f| f.path).collect(),
        notes,
        warnings,
    })
}

/// Names, in each new file outside the default language, the default language's file as its
/// original (`translation_of: {lang: …}`, with no version yet): an entry written in every
/// language at once is written first in the default one and translated from it.
fn record_originals(files: &mut [NewFile], default: &str) {
    let own = format!(".{default}.md");
    for f in files.iter_mut() {
        if f.path.to_str().is_some_and(|p| p.ends_with(&own)) {
            continue;
        }
        let text = String::from_utf8_lossy(&f.bytes).into_owned();
        if let Ok(parts) = crate::content::frontmatter::split(&text) {
            let line = format!("translation_of: {{lang: {default}}}");
            let commented = format!(
                "{line}{}# the original; once translated, `bayan translated FILE` records its version",
                " ".repeat(COMMENT_COLUMN.saturating_sub(line.len()).max(1))
            );
            let text = crate::translations::start_translation(&text, parts.yaml, default).replacen(
                &format!("{line}\n"),
                &format!("{commented}\n"),
                1,
            );
            f.bytes = text.into_bytes();
        }
    }
}

/// Writes `content/<section>/<slug>.<lang>.md` as a translation to be made of the version in
/// `from`: that file's text, to translate in place, with a record naming its original (and no
/// version of it yet, so that `status` lists it until `bayan translated` records one).
pub fn translation(
    root: &Path,
    section: Section,
    slug: &str,
    lang: &str,
    from: &str,
) -> Result<Report, Error> {
    let config = scaffold::existing_site(root)?;
    for code in [lang, from] {
        if config.language(code).is_none() {
            let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            return Err(Diagnostic::new(
                "site.yaml",
                format!("`{code}` is not a language of this site"),
            )
            .help(format!("use one of: {}", codes.join(", ")))
            .into());
        }
    }
    let path = format!("content/{}/{slug}.{lang}.md", section.dir());
    if lang == from {
        return Err(Diagnostic::general(format!(
            "`--from {from}` names the language of the file to write"
        ))
        .help("name the language of the original, e.g. `--lang en --from ar`")
        .into());
    }
    check_slug(section, slug, &path)?;
    let original = format!("content/{}/{slug}.{from}.md", section.dir());
    let source = std::fs::read_to_string(root.join(&original)).map_err(|e| {
        Diagnostic::io(Path::new(&original), "read the original", &e).help(format!(
            "a translation starts from an existing file; write the original first, e.g. \
             `bayan new {} {slug} --lang {from}`",
            kind_word(section)
        ))
    })?;
    let Ok(parts) = crate::content::frontmatter::split(&source) else {
        return Err(
            Diagnostic::new(&original, "the original has no front-matter")
                .at(&source, 1, 1)
                .help("fix the original first: `bayan check` says what is wrong")
                .into(),
        );
    };
    let text = crate::translations::start_translation(&source, parts.yaml, from);
    let files = vec![NewFile::new(&path, text)];
    scaffold::write_all(root, Path::new(""), &files)?;
    Ok(Report {
        files: vec![PathBuf::from(&path)],
        notes: vec![format!(
            "{path} is a copy of {original} to translate in place; `bayan status` lists it as \
             having no record until, once it matches the original, you run \
             `bayan translated {path}`"
        )],
        warnings: Vec::new(),
    })
}

/// A slug is lower-case ASCII letters, digits and hyphens; `path` is the file it would make.
pub fn check_slug(section: Section, slug: &str, path: &str) -> Result<(), Diagnostic> {
    if is_slug(slug) {
        return Ok(());
    }
    let kind = kind_word(section);
    let suggestion = match suggest_slug(slug) {
        s if s.is_empty() => "first-steps".to_string(),
        s => s,
    };
    Err(
        Diagnostic::new(path, format!("`{slug}` is not a valid slug")).help(format!(
            "a slug is lower-case ASCII letters, digits and single hyphens, the same in every \
         language, e.g. `bayan new {kind} {suggestion}`"
        )),
    )
}

fn kind_word(section: Section) -> &'static str {
    match section {
        Section::Articles => "article",
        Section::Topics => "topic",
        Section::Pages => "page",
    }
}

/// The slugs of the topics in `root/content/topics`, sorted.
fn topic_slugs(root: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = std::fs::read_dir(root.join("content/topics"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let (slug, _) = name.strip_suffix(".md")?.rsplit_once('.')?;
            is_slug(slug).then(|| slug.to_string())
        })
        .collect();
    slugs.sort();
    slugs.dedup();
    slugs
}

/// The files of a new entry, without touching the disk.
pub fn plan(
    section: Section,
    slug: &str,
    languages: &[&Language],
    topics: &[String],
) -> Vec<NewFile> {
    languages
        .iter()
        .map(|lang| {
            let path = format!("content/{}/{slug}.{}.md", section.dir(), lang.code);
            NewFile::new(path, front_matter(section, &lang.code, topics))
        })
        .collect()
}

/// The text of a new file of `section` in the language `code`.
fn front_matter(section: Section, code: &str, topics: &[String]) -> String {
    let body = body(section, code);
    match section {
        Section::Articles => {
            let topic = topics.first().map_or("", String::as_str);
            let used = "topics: []".len() + topic.len();
            let list = match topics.len() {
                0 => "there are none yet: `bayan new topic SLUG`".to_string(),
                1..=8 => format!("from content/topics/: {}", topics.join(", ")),
                _ => format!("from content/topics/: {}, …", topics[..8].join(", ")),
            };
            ARTICLE
                .replace("{{topic}}", topic)
                .replace(
                    "{{topic_padding}}",
                    &" ".repeat(COMMENT_COLUMN.saturating_sub(used).max(1)),
                )
                .replace("{{topic_list}}", &list)
                .replace("{{body}}", body)
        }
        Section::Topics => TOPIC
            .replace(
                "{{example_topic}}",
                topics.first().map_or("other-topic", String::as_str),
            )
            .replace("{{body}}", body),
        Section::Pages => PAGE.replace("{{body}}", body),
    }
}

/// The placeholder text of a new file's body.
fn body(section: Section, code: &str) -> &'static str {
    match (section, code) {
        (Section::Articles, "ar") => "TODO: اكتب نص المقال هنا بصيغة Markdown.",
        (Section::Articles, _) => "TODO: write the article here, in Markdown.",
        (Section::Topics, "ar") => {
            "TODO: اكتب هنا خلاصة المحور: ما تقوله مقالاته مجتمعةً، وما ينبغي أن يعرفه القارئ عنه."
        }
        (Section::Topics, _) => {
            "TODO: write the topic's synthesis here: what its articles say together, and what a \
             reader should know."
        }
        (Section::Pages, "ar") => "TODO: اكتب نص الصفحة هنا بصيغة Markdown.",
        (Section::Pages, _) => "TODO: write the page here, in Markdown.",
    }
}

#[cfg(test)]
mod tests;
