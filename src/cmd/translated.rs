//! `bayan translated FILE…`: records in each translation that it reflects its original as the
//! original is now. Only the `translation_of` record changes; the rest of the file is kept byte
//! for byte.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::translations::{self, KEY, State, Status};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The translations' files, e.g. content/articles/my-article.en.md.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The site's folder (where site.yaml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Marks every file current, or none: a file that is not a translation stops the command
/// before anything is written.
pub fn run(args: Args) -> Result<(), Error> {
    let (config, content) = translations::load(&args.root)?;
    let status = Status::of(&config, &content);
    let files: HashMap<&Path, (usize, usize)> = status
        .entries
        .iter()
        .enumerate()
        .flat_map(|(ei, e)| {
            e.files
                .iter()
                .enumerate()
                .map(move |(li, f)| (f.as_path(), (ei, li)))
        })
        .collect();
    let sources = content.sources();
    let mut problems = Vec::new();
    let mut edits = Vec::new();
    let mut lines = Vec::new();
    for file in &args.files {
        let rel = site_relative(&args.root, file);
        match plan(&config, &sources, &status, &files, &rel) {
            Ok(Plan::Write { text, line }) => {
                edits.push((config.root.join(&rel), text));
                lines.push(line);
            }
            Ok(Plan::Already(line)) => lines.push(line),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(Error::new(problems));
    }
    for (path, text) in &edits {
        write(path, text)
            .map_err(|e| Error::new(vec![Diagnostic::io(path, "write the file", &e)]))?;
    }
    for l in lines {
        println!("{l}");
    }
    Ok(())
}

enum Plan {
    Write { text: String, line: String },
    Already(String),
}

fn plan(
    config: &Config,
    sources: &HashMap<&Path, (&str, &std::ops::Range<usize>)>,
    status: &Status,
    files: &HashMap<&Path, (usize, usize)>,
    rel: &Path,
) -> Result<Plan, Diagnostic> {
    let langs = &config.languages;
    let entry = files.get(rel).map(|&(ei, li)| (&status.entries[ei], li));
    let Some((entry, li)) = entry else {
        return Err(Diagnostic::new(rel, "not an article, topic or page of this site")
            .help("name a translation's file from the site's folder, e.g. content/articles/my-article.en.md"));
    };
    let (original, state) = match &entry.states[li] {
        State::Missing => {
            return Err(Diagnostic::new(rel, "there is no such file").help(format!(
                "translate {} into it first",
                entry
                    .source_of_missing(
                        langs
                            .iter()
                            .position(|l| l.code == config.default_language)
                            .unwrap_or(0)
                    )
                    .map_or_else(String::new, |o| entry.files[o].display().to_string())
            )));
        }
        State::Original => {
            return Err(Diagnostic::new(rel, "this file is an original, not a translation").help(format!(
                "to record it as a translation of another language, add `{KEY}: {{lang: <code>}}` to its front-matter and run this again"
            )));
        }
        s => (s.original().unwrap_or(0), s.clone()),
    };
    let hash = entry.fingerprints[original].clone().unwrap_or_default();
    let shown = format!(
        "{}: current with {} ({hash})",
        rel.display(),
        entry.files[original].display()
    );
    if let State::Current { .. } = state {
        return Ok(Plan::Already(format!("{shown}, already recorded")));
    }
    let Some(&(source, yaml)) = sources.get(rel) else {
        return Err(Diagnostic::new(rel, "the file could not be read"));
    };
    let text = translations::set_record(source, yaml.clone(), &langs[original].code, &hash);
    Ok(Plan::Write { text, line: shown })
}

/// Writes `text` to `path` whole or not at all: into a file beside it, then renamed over it.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    let temp = path.with_extension("md.bayan-tmp");
    std::fs::write(&temp, text)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&temp, meta.permissions());
    }
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// The file of `path` relative to the site: `path` is taken from the site's folder, or from
/// the current one when only that names a file.
fn site_relative(root: &Path, path: &Path) -> PathBuf {
    let in_site = root.join(path);
    let abs = if path.is_absolute() || (!in_site.exists() && path.exists()) {
        path.to_path_buf()
    } else {
        in_site
    };
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (abs, root) = (canon(&abs), canon(root));
    abs.strip_prefix(&root)
        .map_or(abs.clone(), Path::to_path_buf)
}
