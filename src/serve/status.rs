//! `/__bayan/status` in `serve`: the table `bayan status` prints, read from the files as they
//! are at the request, with links to every page in each language.

use std::fmt::Write;
use std::path::Path;

use crate::cmd::status::Report;
use crate::translations::{STATES, State, Status};
use crate::urls;

/// The status page of the site at `root`, served under `base_path`.
pub fn page(root: &Path, base_path: &str) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Translations · bayan serve</title>\
         <link rel=\"stylesheet\" href=\"/__bayan/status.css\"></head><body><main>\
         <h1>Translations</h1>\n",
    );
    let (config, content) = match crate::translations::load(root) {
        Ok(pair) => pair,
        Err(e) => {
            out.push_str("<p>The site cannot be read:</p><ul>");
            for d in &e.diagnostics {
                let _ = write!(out, "<li>{}</li>", escape(&d.full_message()));
            }
            out.push_str("</ul></main></body></html>\n");
            return out;
        }
    };
    let status = Status::of(&config, &content);
    let report = Report::of(&config, &status);
    let langs = &config.languages;
    let _ = writeln!(
        out,
        "<p>Originals are in <code>{}</code> unless a file's <code>translation_of</code> names \
         another language. After bringing a translation up to date, run \
         <code>bayan translated FILE</code>. This page is read afresh on every visit and \
         reloads after each build.</p>",
        escape(&report.default_language)
    );
    for d in &status.problems {
        let _ = write!(
            out,
            "<p class=\"problem\">{}</p>",
            escape(&d.full_message())
        );
    }
    for l in &report.languages {
        let _ = write!(
            out,
            "<table><caption><span lang=\"{code}\" dir=\"{dir}\">{name}</span> ({code})</caption>\
             <thead><tr><th scope=\"col\">State</th><th scope=\"col\">Articles</th>\
             <th scope=\"col\">Topics</th><th scope=\"col\">Pages</th></tr></thead><tbody>",
            code = escape(&l.code),
            name = escape(&l.name),
            dir = config
                .language(&l.code)
                .map_or("ltr", |lang| lang.dir.as_str())
        );
        for state in STATES {
            let n =
                |m: &std::collections::BTreeMap<&str, usize>| m.get(state).copied().unwrap_or(0);
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{state}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                n(&l.articles),
                n(&l.topics),
                n(&l.pages)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str(
        "<table class=\"entries\"><caption>Every article, topic and page</caption><thead><tr>\
         <th scope=\"col\">Entry</th>",
    );
    for l in langs {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&l.code));
    }
    out.push_str("</tr></thead><tbody>");
    // Those needing work first, then the rest, each in the order of the files.
    let needs_work = |e: &&crate::translations::EntryStatus| {
        e.states
            .iter()
            .any(|s| !matches!(s, State::Original | State::Current { .. }))
    };
    let (todo, done): (Vec<_>, Vec<_>) = status.entries.iter().partition(needs_work);
    for e in todo.into_iter().chain(done) {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}/{}</th>",
            e.section.dir(),
            escape(&e.slug)
        );
        for (li, state) in e.states.iter().enumerate() {
            let code = &langs[li].code;
            let file = escape(&e.files[li].display().to_string());
            let label = state.name();
            if *state == State::Missing {
                let _ = write!(
                    out,
                    "<td class=\"missing\">missing <small>{file}</small></td>"
                );
                continue;
            }
            let url = urls::join(base_path, &urls::content_path(e.section, &e.slug, code));
            let against = state
                .original()
                .map(|o| format!(" (from {})", escape(&langs[o].code)))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<td class=\"{label}\"><a href=\"{}\" hreflang=\"{}\">{label}{against}</a> <small>{file}</small></td>",
                escape(&url),
                escape(code)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></main></body></html>\n");
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
