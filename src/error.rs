//! What went wrong, where, and what to do about it.
//!
//! Every failure a user can cause is a [`Diagnostic`]: a file, a line and a column when there is
//! one, a message that says what is wrong, and a hint that says what to do. A build does not stop
//! at the first problem; stages collect their diagnostics and the build reports them all at once
//! as an [`Error`]. The display mimics rustc, so the offending line is shown with a caret under
//! the column, because writers fix what they can see.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a file. Lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

/// Whether a problem stops the command or is only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// The pages a problem happened on: the first, and how many others had the same problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pages {
    /// The page's path under the site (`en/articles/x/`).
    pub first: String,
    pub others: usize,
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file at fault, relative to the site root where possible; `None` when the problem is
    /// not about a file (a busy port).
    pub path: Option<PathBuf>,
    /// Where in the file; `None` when the problem is the file as a whole.
    pub location: Option<Location>,
    /// The page being made when the problem showed, for problems in templates.
    pub pages: Option<Box<Pages>>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The text of the offending line, shown under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (or folder).
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: Some(path.into()),
            ..Diagnostic::general(message)
        }
    }

    /// A problem that is not about any file.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            location: None,
            pages: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// The same problem, reported without stopping the command.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Names the page being made (its path under the site) when the problem showed.
    pub fn on_page(mut self, page: &str) -> Self {
        self.pages = Some(Box::new(Pages {
            first: page.to_string(),
            others: 0,
        }));
        self
    }

    /// Points the diagnostic at a line and column, quoting that line from `source`.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        let line = line.max(1);
        let fit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.location = Some(Location {
            line: fit(line),
            column: fit(column.max(1)),
        });
        self.source_line = source
            .lines()
            .nth(line - 1)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Points the diagnostic at a byte offset in `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(source, line, column)
    }

    /// Adds what the user should do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// An I/O failure on `path`, said in plain words.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        Diagnostic::new(path, format!("could not {action}: {err}"))
    }

    /// The message with the pages it happened on.
    pub fn full_message(&self) -> String {
        match self.pages.as_deref() {
            None => self.message.clone(),
            Some(Pages { first, others: 0 }) => {
                format!("{} (while rendering /{first})", self.message)
            }
            Some(Pages { first, others }) => format!(
                "{} (while rendering /{first} and {others} other page{})",
                self.message,
                if *others == 1 { "" } else { "s" }
            ),
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The styles of a report: rustc's colours, or none.
struct Palette {
    error: anstyle::Style,
    warning: anstyle::Style,
    gutter: anstyle::Style,
    help: anstyle::Style,
}

impl Palette {
    const PLAIN: Palette = Palette {
        error: anstyle::Style::new(),
        warning: anstyle::Style::new(),
        gutter: anstyle::Style::new(),
        help: anstyle::Style::new(),
    };

    const COLOURED: Palette = Palette {
        error: anstyle::AnsiColor::Red.on_default().bold(),
        warning: anstyle::AnsiColor::Yellow.on_default().bold(),
        gutter: anstyle::AnsiColor::Blue.on_default().bold(),
        help: anstyle::AnsiColor::Cyan.on_default().bold(),
    };
}

impl Diagnostic {
    /// The report with rustc's colours, for a terminal: print it through `anstream`, which drops
    /// the colours when the output is not a terminal or `NO_COLOR` is set.
    pub fn styled(&self) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out, &Palette::COLOURED);
        out
    }

    fn write(&self, f: &mut impl fmt::Write, p: &Palette) -> fmt::Result {
        let (e, g, h) = (p.error, p.gutter, p.help);
        let (style, word) = match self.severity {
            Severity::Error => (p.error, "error"),
            Severity::Warning => (p.warning, "warning"),
        };
        writeln!(f, "{style}{word}{style:#}: {}", self.full_message())?;
        let gutter = self
            .location
            .as_ref()
            .map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(path) = &self.path {
            let path = path.display();
            match &self.location {
                Some(loc) => {
                    writeln!(f, "{pad}{g}-->{g:#} {path}:{}:{}", loc.line, loc.column)?;
                    if let Some(text) = &self.source_line {
                        let caret_pad: String = text
                            .chars()
                            .take(loc.column as usize - 1)
                            .map(|c| if c == '\t' { '\t' } else { ' ' })
                            .collect();
                        writeln!(f, "{pad} {g}|{g:#}")?;
                        writeln!(f, "{g}{} |{g:#} {text}", loc.line)?;
                        writeln!(f, "{pad} {g}|{g:#} {caret_pad}{e}^{e:#}")?;
                    }
                }
                None => writeln!(f, "{pad} {g}-->{g:#} {path}")?,
            }
        }
        if let Some(help) = &self.help {
            let pad = if self.location.is_some() {
                format!("{pad} ")
            } else {
                "   ".into()
            };
            writeln!(f, "{pad}{g}={g:#} {h}help{h:#}: {help}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &Palette::PLAIN)
    }
}

/// Everything that stopped a command, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// Sorted by file and position so that the report reads in order.
    pub fn new(diagnostics: Vec<Diagnostic>) -> Self {
        Error {
            diagnostics: sorted(diagnostics),
        }
    }

    /// `1 error found`, `3 errors found`.
    pub fn count(&self) -> String {
        let n = self.diagnostics.len();
        format!("{n} error{} found", if n == 1 { "" } else { "s" })
    }
}

/// Diagnostics in reading order (file, then position), without repeats, and with a problem that
/// stopped many pages alike reported once.
pub fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        let pos = |d: &Diagnostic| d.location.as_ref().map(|l| (l.line, l.column));
        (&a.path, pos(a)).cmp(&(&b.path, pos(b)))
    });
    diagnostics.dedup();
    collapse_pages(diagnostics)
}

/// One template mistake stops every page that uses the template: such a run of diagnostics, the
/// same but for the page, is reported once, naming the first page and how many others.
fn collapse_pages(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for d in diagnostics {
        if let Some(last) = out.last_mut()
            && let (Some(pages), Some(_)) = (&mut last.pages, &d.pages)
            && (&last.path, &last.location, &last.message, &last.help)
                == (&d.path, &d.location, &d.message, &d.help)
        {
            pages.others += 1;
            continue;
        }
        out.push(d);
    }
    out
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::new(vec![d])
    }
}

impl Error {
    /// The whole report with rustc's colours (see [`Diagnostic::styled`]), ending in `closing`
    /// after the count (`; nothing was written`).
    pub fn styled(&self, closing: &str) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out, &Palette::COLOURED);
        out.push_str(closing);
        out
    }

    fn write(&self, f: &mut impl fmt::Write, p: &Palette) -> fmt::Result {
        for d in &self.diagnostics {
            d.write(f, p)?;
            writeln!(f)?;
        }
        write!(f, "{}", self.count())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &Palette::PLAIN)
    }
}

impl std::error::Error for Error {}

/// Gathers diagnostics from a stage that keeps going after a problem.
#[derive(Debug, Default)]
pub struct Collector {
    diagnostics: Vec<Diagnostic>,
}

impl Collector {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(ds);
    }

    /// Keeps the value of a result, or records its diagnostics and returns `None`.
    pub fn take<T>(&mut self, r: Result<T, Error>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.diagnostics.extend(e.diagnostics);
                None
            }
        }
    }

    /// Everything gathered, as an error (for a stage that could not go on).
    pub fn into_error(self) -> Error {
        Error::new(self.diagnostics)
    }

    /// `Ok(value)` when nothing went wrong, else every diagnostic gathered.
    pub fn finish<T>(self, value: T) -> Result<T, Error> {
        if self.diagnostics.is_empty() {
            Ok(value)
        } else {
            Err(Error::new(self.diagnostics))
        }
    }
}

impl FromIterator<Diagnostic> for Collector {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Collector {
            diagnostics: iter.into_iter().collect(),
        }
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo: at most
/// one edit (a transposition counts as one) per three characters; failing that, a candidate
/// that contains the word or is contained in it (`nca-sentencing` for `nca-sentencing-meta`).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let limit = (word.chars().count() / 3).max(1);
    let by_edits = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(distance, _)| *distance <= limit)
        .min_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| {
                strsim::jaro_winkler(word, b.1).total_cmp(&strsim::jaro_winkler(word, a.1))
            })
        })
        .map(|(_, c)| c);
    by_edits.or_else(|| {
        (word.len() >= 4)
            .then(|| {
                candidates
                    .iter()
                    .filter(|c| c.len() >= 4 && (c.contains(word) || word.contains(**c)))
                    .min_by_key(|c| c.len().abs_diff(word.len()))
                    .copied()
            })
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let src = "أ\nبت x";
        let offset = src.find('x').unwrap();
        assert_eq!(line_column(src, offset), (2, 4));
        assert_eq!(line_column(src, 0), (1, 1));
    }

    #[test]
    fn display_quotes_the_line_with_a_caret() {
        let d = Diagnostic::new("content/a.en.md", "unknown key `summry`")
            .at("---\nsummry: x\n", 2, 1)
            .help("did you mean `summary`?");
        let text = d.to_string();
        assert!(text.contains("--> content/a.en.md:2:1"), "{text}");
        assert!(text.contains("2 | summry: x"), "{text}");
        assert!(text.contains("  | ^"), "{text}");
        assert!(text.contains("help: did you mean `summary`?"), "{text}");
    }

    #[test]
    fn one_template_mistake_on_many_pages_is_reported_once() {
        let at = |page: &str| {
            Diagnostic::new("themes/t/templates/page.html", "no `x`")
                .at("{{ x }}\n", 1, 4)
                .on_page(page)
        };
        let e = Error::new(vec![
            at("en/"),
            at("ar/"),
            at("en/page/2/"),
            at("ar/page/2/"),
        ]);
        assert_eq!(e.diagnostics.len(), 1);
        assert_eq!(
            e.diagnostics[0].full_message(),
            "no `x` (while rendering /en/ and 3 other pages)"
        );
        let other = Diagnostic::new("themes/t/templates/page.html", "no `y`")
            .at("{{ x }}\n{{ y }}\n", 2, 4)
            .on_page("en/");
        assert_eq!(
            Error::new(vec![at("en/"), other, at("ar/")])
                .diagnostics
                .len(),
            2
        );
        assert!(e.to_string().ends_with("1 error found"));
    }

    #[test]
    fn a_problem_not_about_a_file_names_none_and_a_warning_says_so() {
        let d = Diagnostic::general("ports 1111 to 1120 are all in use").help("choose --port");
        assert_eq!(
            d.to_string(),
            "error: ports 1111 to 1120 are all in use\n   = help: choose --port\n"
        );
        let w = Diagnostic::new("content/topics/two.en.md", "only one article").warning();
        assert_eq!(
            w.to_string(),
            "warning: only one article\n  --> content/topics/two.en.md\n"
        );
        assert_eq!(Error::new(vec![d.clone(), d]).count(), "1 error found");
    }

    #[test]
    fn colours_are_added_only_to_the_styled_report() {
        let d = Diagnostic::new("a.md", "bad").at("x\n", 1, 1).help("fix");
        assert!(!d.to_string().contains('\u{1b}'));
        let styled = d.styled();
        assert!(styled.contains("\u{1b}["), "{styled:?}");
        let plain = anstream::adapter::strip_str(&styled).to_string();
        assert_eq!(plain, d.to_string());
    }

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        let keys = ["title", "summary", "topics"];
        assert_eq!(did_you_mean("summry", keys), Some("summary"));
        assert_eq!(did_you_mean("topic", keys), Some("topics"));
        assert_eq!(did_you_mean("zzz", keys), None);
        assert_eq!(did_you_mean("tow", ["one", "two"]), Some("two"));
        assert_eq!(did_you_mean("en", ["ar", "en"]), Some("en"));
        assert_eq!(
            did_you_mean("sextortion", ["grooming-and-sextortion", "covid"]),
            Some("grooming-and-sextortion")
        );
        assert_eq!(did_you_mean("nca", ["nca-sentencing"]), None);
    }
}
