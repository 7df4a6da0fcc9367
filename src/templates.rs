//! The templates: Tera set up with the functions a theme calls.
//!
//! Templates are parsed once, after our functions and filters are registered, so Tera can reject
//! an unknown filter or function when the theme loads rather than halfway through a build. Its
//! errors, which point into the template with a span, become diagnostics naming the template's
//! file, line and column.
//!
//! Functions for templates (documented with examples in the README):
//! - `url(path, absolute=false)`: the one way to make a link; applies the base URL.
//! - `asset(path)`: the fingerprinted URL of a static file.
//! - `t(key, count=none, lang=page language)`: a UI string, in the plural form for `count`.
//! - filters `date(lang=…)` and `number(lang=…)`: a `YYYY-MM-DD` date or an integer in the
//!   language's words and digits.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

use crate::assets::Assets;
use crate::content::Date;
use crate::error::{Diagnostic, Error};
use crate::i18n::I18n;
use crate::outputs::PageKind;
use crate::theme::Theme;
use crate::urls::join;

/// Parsed templates with our functions, ready to render pages in parallel.
pub struct Templates {
    tera: Tera,
    /// Template name to the file it came from, for messages.
    files: BTreeMap<String, (PathBuf, String)>,
    /// A hash of everything that decides what a context renders to: the templates, the
    /// strings, the asset names and the base URL.
    generation: u64,
}

impl Templates {
    pub fn new(
        theme: &Theme,
        i18n: Arc<I18n>,
        assets: &Assets,
        base_url: &str,
        base_path: &str,
    ) -> Result<Templates, Error> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let i18n_fingerprint = i18n.fingerprint();
        register(&mut tera, i18n, assets, base_url, base_path);
        let files: BTreeMap<String, (PathBuf, String)> = theme
            .templates
            .iter()
            // The card is drawn, not a page: crate::cards parses it with its own functions.
            .filter(|(name, _)| name.as_str() != crate::cards::TEMPLATE)
            .map(|(name, src)| (name.clone(), (src.path.clone(), src.text.clone())))
            .collect();
        let missing: Vec<Diagnostic> = PageKind::ALL
            .iter()
            .map(|kind| kind.template())
            .filter(|name| !files.contains_key(*name))
            .map(|name| {
                Diagnostic::new(
                    theme.source.label(&format!("templates/{name}")),
                    format!("the theme has no `{name}` template"),
                )
                .help("add it to the theme's templates/ or to the site's templates/")
            })
            .collect();
        if !missing.is_empty() {
            return Err(Error::new(missing));
        }
        let pairs = files
            .iter()
            .map(|(name, (_, text))| (name.as_str(), text.as_str()));
        if let Err(e) = tera.add_raw_templates(pairs) {
            return Err(template_error(&files, &e));
        }
        let generation = crate::outputs::key_of(&(
            &files,
            i18n_fingerprint,
            &assets.fingerprinted,
            base_url,
            base_path,
        ));
        Ok(Templates {
            tera,
            files,
            generation,
        })
    }

    /// See [`Templates::generation`]'s field: equal generations render equal contexts equally.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether any template's tags mention the variable `name` (`articles` in `{% for a in
    /// articles %}`, but not in `articles_count`, in a string such as `'/topics/'`, as a field
    /// such as `page.topics`, or in the page's text). A variable no tag mentions cannot change
    /// a page. The dump of the whole context counts as a mention of every variable.
    pub fn mention(&self, name: &str) -> bool {
        self.files.values().any(|(_, text)| {
            tags(text).any(|tag| {
                tag.contains("__tera_context") || has_variable(&without_strings(tag), name)
            })
        })
    }

    /// Renders `template` with `context`; `page` (its path under the site) names the page being
    /// made, for messages.
    pub fn render(
        &self,
        template: &str,
        context: &impl Serialize,
        page: &str,
    ) -> Result<String, Diagnostic> {
        let fail = |e: tera::Error| {
            let mut d = template_error(&self.files, &e).diagnostics.remove(0);
            d = d.on_page(page);
            d
        };
        let context = Context::from_serialize(context).map_err(fail)?;
        self.tera.render(template, &context).map_err(fail)
    }
}

/// The insides of a template's `{{ … }}` and `{% … %}` tags (comments skipped).
fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find('{')?;
            let after = &rest[start + 1..];
            let close = match after.as_bytes().first() {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                Some(b'#') => "#}",
                _ => {
                    rest = after;
                    continue;
                }
            };
            let inner = &after[1..];
            let end = inner.find(close).unwrap_or(inner.len());
            rest = &inner[(end + close.len()).min(inner.len())..];
            if close != "#}" {
                return Some(&inner[..end]);
            }
        }
    })
}

/// Whether `word` occurs in `text` as a variable: with no identifier character on either side,
/// and not after a `.` (a field of something else).
fn has_variable(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(ident)
            && !text[..i].trim_end().ends_with('.')
            && !text[i + word.len()..].chars().next().is_some_and(ident)
    })
}

/// A tag's text with its string literals (`"…"`, `'…'`, `` `…` ``) made blank.
fn without_strings(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(' ');
            }
            Some(_) => out.push(' '),
            None if matches!(c, '"' | '\'' | '`') => {
                quote = Some(c);
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

pub(crate) fn template_error(
    files: &BTreeMap<String, (PathBuf, String)>,
    e: &tera::Error,
) -> Error {
    let report = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let d = match report {
        Some(r) => {
            let (path, text) = files
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| (PathBuf::from(r.filename()), String::new()));
            let span = r.span();
            Diagnostic::new(path, r.message())
                .at(&text, span.start_line, span.start_col + 1)
                .help(template_help(r.message()))
        }
        None => {
            if let ErrorKind::Msg(text) = e.kind() {
                let reports = parse_reports(files, text);
                if !reports.is_empty() {
                    return Error::new(reports);
                }
            }
            let path = match e.kind() {
                ErrorKind::MissingParent { current, .. } => files.get(current).map(|f| f.0.clone()),
                ErrorKind::TemplateNotFound(name) => files.get(name).map(|f| f.0.clone()),
                _ => None,
            };
            let d = match path {
                Some(path) => Diagnostic::new(path, e.to_string()),
                None => Diagnostic::general(format!("in the templates: {e}")),
            };
            d.help("check the template names in `extends` and `include`")
        }
    };
    Error::new(vec![d])
}

/// Tera reports template validation problems (unknown filters, functions, components) as one
/// message of rustc-style reports; each becomes a diagnostic on the template's real file.
fn parse_reports(files: &BTreeMap<String, (PathBuf, String)>, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for report in text.split("\n\n") {
        let mut lines = report.lines();
        let Some(message) = lines.next().and_then(|l| l.strip_prefix("error: ")) else {
            continue;
        };
        let Some(locus) = lines.find_map(|l| l.trim_start().strip_prefix("--> ")) else {
            continue;
        };
        let mut parts = locus.rsplitn(3, ':');
        let (Some(col), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(line), Ok(col)) = (line.parse::<usize>(), col.parse::<usize>()) else {
            continue;
        };
        let (path, source) = files
            .get(name)
            .cloned()
            .unwrap_or_else(|| (PathBuf::from(name), String::new()));
        out.push(
            Diagnostic::new(path, message)
                .at(&source, line, col)
                .help(template_help(message)),
        );
    }
    out
}

fn template_help(message: &str) -> String {
    if message.contains("ilter") {
        "the filters bayan adds are `date` and `number`; see the README's theme API".into()
    } else if message.contains("unction") {
        "the functions bayan adds are `url`, `asset` and `t`; see the README's theme API".into()
    } else if message.contains("not found in context") || message.contains("undefined") {
        "check the variable's name against the template context in the README, or guard it with `is defined`".into()
    } else {
        "fix the template at this place".into()
    }
}

fn register(tera: &mut Tera, i18n: Arc<I18n>, assets: &Assets, base_url: &str, base_path: &str) {
    let assets_base = join(base_path, "assets/");
    let (base_url, base_path) = (base_url.to_string(), base_path.to_string());
    tera.register_function("url", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        let path: String = kwargs.must_get("path")?;
        let absolute: bool = kwargs.get("absolute")?.unwrap_or(false);
        if path.contains("://") || path.starts_with("//") {
            return Err(tera::Error::message(format!(
                "url(path=\"{path}\") takes a path inside the site, not a full URL; write the link directly"
            )));
        }
        Ok(join(if absolute { &base_url } else { &base_path }, &path))
    });

    let fingerprinted = assets.fingerprinted.clone();
    tera.register_function("asset", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        let path: String = kwargs.must_get("path")?;
        let name = path.trim_start_matches('/');
        match fingerprinted.get(name) {
            Some(f) => Ok(join(&assets_base, f)),
            None => Err(tera::Error::message(format!(
                "asset(path=\"{path}\"): there is no such static file in the theme's or the site's static/"
            ))),
        }
    });

    let strings = i18n.clone();
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let count: Option<i64> = kwargs.get("count")?;
            let lang = language(&kwargs, state)?;
            let locale = strings.locale(&lang).ok_or_else(|| {
                tera::Error::message(format!("t(): `{lang}` is not a language of the site"))
            })?;
            locale.t(&key, count).map_err(tera::Error::message)
        },
    );

    let dates = i18n.clone();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang = language(&kwargs, state)?;
            let date = Date::parse(value).map_err(tera::Error::message)?;
            Ok(dates
                .locale(&lang)
                .map(|l| l.date(date))
                .unwrap_or_else(|| value.to_string()))
        },
    );

    let numbers = i18n;
    tera.register_filter(
        "number",
        move |value: i64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang = language(&kwargs, state)?;
            Ok(numbers
                .locale(&lang)
                .map(|l| l.number(value))
                .unwrap_or_else(|| value.to_string()))
        },
    );
}

/// The `lang` argument, or else the page's language (`lang.code` in the context).
fn language(kwargs: &Kwargs, state: &State) -> tera::TeraResult<String> {
    if let Some(lang) = kwargs.get::<String>("lang")? {
        return Ok(lang);
    }
    let lang: Option<Value> = state.get("lang")?;
    lang.as_ref()
        .and_then(|l| l.get_from_path("code"))
        .and_then(|c| c.as_str().map(String::from))
        .ok_or_else(|| tera::Error::message("no page language here; pass `lang=\"…\"`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions(tag: &str, name: &str) -> bool {
        has_variable(&without_strings(tag), name)
    }

    #[test]
    fn a_variable_is_mentioned_only_as_itself() {
        assert!(mentions(" for a in articles ", "articles"));
        assert!(mentions(" topics | length ", "topics"));
        assert!(mentions("(topics)", "topics"));
        assert!(!mentions(" t(key=\"articles_count\") ", "articles"));
        assert!(!mentions(" url(path=lang.code ~ '/topics/') ", "topics"));
        assert!(!mentions(" page.kind == \"topics\" ", "topics"));
        assert!(!mentions(" page.topics ", "topics"));
        assert!(!mentions(" page . topics ", "topics"));
        assert!(mentions(" 'a' ~ topics ~ \"b\" ", "topics"));
        assert!(!mentions(" my_topics ", "topics"));
    }
}
