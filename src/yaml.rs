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
    serde_yaml::from_str(text).map_err(|err| diagnose(path, source, text, offset, &err))
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
    let (message, help) = explain(&message);
    // A value our own types rejected is quoted in backticks; point at it where serde_yaml
    // points at the start of the enclosing mapping.
    let quoted = message.split('`').nth(1).filter(|v| {
        !v.is_empty() && !message.starts_with("unknown key") && !message.starts_with("missing")
    });
    let at = match (quoted.and_then(|v| text.find(v)), err.location()) {
        (Some(i), _) if message.starts_with('`') => offset + i,
        (_, Some(loc)) => offset + loc.index(),
        (_, None) => offset,
    };
    let d = Diagnostic::new(path, message).at_offset(source, at);
    match help {
        Some(h) => d.help(h),
        None => d,
    }
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
    fn missing_key_is_named() {
        let d = err("---\ntitle: a\n", 4);
        assert_eq!(d.message, "missing required key `summary`");
    }
}
