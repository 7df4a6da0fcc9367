//! The one door to serde_yaml.
//!
//! site.yaml, front-matter and theme files all come through [`parse`], which turns serde_yaml's
//! messages into diagnostics that point at the real line and column of the file (not of the
//! snippet that was parsed) and say what to do. Keeping serde_yaml behind this module means the
//! rest of the crate never sees its error type, and a change of YAML library touches one file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean};

/// Parses `text`, which starts at byte `offset` of the file `source` read from `path`.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    source: &str,
    text: &str,
    offset: usize,
) -> Result<T, Diagnostic> {
    if let Some(at) = too_deep(text) {
        return Err(Diagnostic::new(
            path,
            format!("the YAML is nested more than {MAX_FLOW_DEPTH} brackets deep"),
        )
        .at_offset(source, offset + at)
        .help("front-matter and site.yaml hold plain values, lists and maps; close the brackets"));
    }
    serde_yaml::from_str(text).map_err(|err| diagnose(path, source, text, offset, &err))
}

/// How deep `[ ]` and `{ }` may nest. The YAML scanner takes time that grows with the square of
/// the depth (100,000 brackets: about a minute), and no setting needs more than three.
const MAX_FLOW_DEPTH: usize = 64;

/// Where the brackets of `text` first nest deeper than [`MAX_FLOW_DEPTH`], outside quotes and
/// comments; a rough reading of YAML, enough to bound the real parser's work.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let mut previous = b'\n';
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match (quote, b) {
            (_, b'\n') => {
                comment = false;
                quote = quote.filter(|_| depth > 0); // flow scalars may span lines
            }
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') if previous.is_ascii_whitespace() => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = b;
    }
    None
}

fn diagnose(
    path: &Path,
    source: &str,
    text: &str,
    offset: usize,
    err: &serde_yaml::Error,
) -> Diagnostic {
    let raw = err.to_string();
    // serde_yaml appends its own position; ours is better (it is in the whole file).
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    // serde_yaml names where in the structure a nested value failed (`related[0]: …`).
    let (inner, message) = match message.split_once(": ") {
        Some((at, rest)) if is_value_path(at) => (Some(at.to_string()), rest.to_string()),
        _ => (None, message),
    };
    let (mut message, help) = explain(&message);
    if let Some(at) = inner {
        message = format!("{message} (at `{at}`)");
    }
    // A repeated key is shown at its repetition, not at its first line.
    let repeated = message
        .strip_prefix("the key `")
        .and_then(|r| r.split('`').next())
        .and_then(|key| key_lines(text, key).get(1).copied());
    // A value our own types rejected is quoted in backticks; point at it where serde_yaml
    // points at the start of the enclosing mapping.
    let quoted = message.split('`').nth(1).filter(|v| {
        !v.is_empty() && !message.starts_with("unknown key") && !message.starts_with("missing")
    });
    let at = match (repeated, quoted.and_then(|v| text.find(v)), err.location()) {
        (Some(i), _, _) => offset + i,
        (_, Some(i), _) if message.starts_with('`') => offset + i,
        (_, _, Some(loc)) => offset + loc.index(),
        (_, _, None) => offset,
    };
    let d = Diagnostic::new(path, message).at_offset(source, at);
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// Where the lines that set `key` at the top level of `yaml` begin (`key:` at a line's start).
pub fn key_lines(yaml: &str, key: &str) -> Vec<usize> {
    yaml.match_indices(&format!("{key}:"))
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || yaml.as_bytes()[i - 1] == b'\n')
        .collect()
}

/// Whether `at` is a path into the document as serde_yaml writes it (`related[0]`, `source.url`).
fn is_value_path(at: &str) -> bool {
    !at.is_empty()
        && !at.contains(' ')
        && at
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'))
}

/// Rewrites serde's terse messages into what a writer needs to read.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match did_you_mean(key, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None if allowed.is_empty() => "remove this key".to_string(),
            None => format!(
                "remove this key; the keys allowed here are {}",
                allowed
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return (format!("unknown key `{key}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            format!("missing required key `{key}`"),
            Some(format!("add a line `{key}: …`")),
        );
    }
    if message.starts_with("invalid type") {
        return (
            message.replace("invalid type: ", "wrong type: found "),
            Some("check the value's form: text in quotes, a list in [ ], a map in { }".into()),
        );
    }
    if message.starts_with('`') {
        // One of our own checks on a value (a date, say); its message says what to do.
        return (
            message.to_string(),
            Some("correct the value on this line".into()),
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            format!("the key `{key}` appears twice"),
            Some("each key may appear once; keep one of the two lines".into()),
        );
    }
    if message.contains("duplicate entry") {
        return (
            message.to_string(),
            Some("each key may appear once; remove or rename the repeated one".into()),
        );
    }
    if message.starts_with("recursion limit exceeded") || message.contains("repetition limit") {
        return (
            format!("the YAML is nested or repeated too deeply ({message})"),
            Some("front-matter and site.yaml hold plain values; flatten the structure".into()),
        );
    }
    (
        format!("invalid YAML: {message}"),
        Some("check the quoting and indentation on this line and the one before".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::path::PathBuf;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        summary: String,
    }

    fn err(source: &str, offset: usize) -> Diagnostic {
        let path = PathBuf::from("x.md");
        parse::<Meta>(&path, source, &source[offset..], offset).unwrap_err()
    }

    #[test]
    fn unknown_key_points_at_the_key_in_the_whole_file() {
        let source = "---\ntitle: a\nsummry: b\n---\n";
        let d = err(source, 4);
        assert_eq!(d.message, "unknown key `summry`");
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (3, 1));
    }

    #[test]
    fn syntax_error_has_a_line_in_the_file() {
        let source = "---\ntitle: \"a\nsummary: b\n---\n";
        let d = err(source, 4);
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
        assert!(d.location.unwrap().line >= 2);
    }

    #[test]
    fn a_repeated_key_is_shown_at_its_second_line() {
        let d = err("---\ntitle: a\nsummary: b\ntitle: c\n---\n", 4);
        assert_eq!(d.message, "the key `title` appears twice");
        assert_eq!(d.location.unwrap().line, 4);
    }

    #[test]
    fn a_nested_value_of_the_wrong_type_says_where() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Topic {
            related: Vec<String>,
        }
        let source = "---\nrelated: [[a]]\n---\n";
        let d = parse::<Topic>(Path::new("x.md"), source, &source[4..], 4).unwrap_err();
        assert!(d.message.starts_with("wrong type: found"), "{}", d.message);
        assert!(d.message.ends_with("(at `related[0]`)"), "{}", d.message);
    }

    #[test]
    fn brackets_nested_too_deep_are_refused_before_parsing() {
        let source = format!(
            "---\nrelated: {}{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let d = err(&source, 4);
        assert!(d.message.contains("nested more than 64"), "{}", d.message);
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (2, 10 + 64));
        // Brackets in quotes and comments do not count; real lists still parse.
        let deep_text = format!("\"{}\"", "[".repeat(100));
        assert_eq!(
            too_deep(&format!(
                "title: {deep_text} # {}\nx: [[a]]",
                "{".repeat(100)
            )),
            None
        );
    }

    #[test]
    fn missing_key_is_named() {
        let d = err("---\ntitle: a\n", 4);
        assert_eq!(d.message, "missing required key `summary`");
    }
}
