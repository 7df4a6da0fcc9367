//! Writing a translation's record into its file: only the record changes, every other byte of
//! the file is kept.

use super::KEY;
use crate::yaml;

/// `source` with its record set to `hash` (and `lang`, when it has no record yet): only the
/// record changes, the rest of the file is kept byte for byte. `yaml` is where the
/// front-matter is in `source`.
///
/// An existing record keeps its layout: only its hash's value is replaced (or, when it has
/// none, `hash` is added inside it). A file without one gets a line at the end of its
/// front-matter, with the file's own line ending.
pub fn set_record(source: &str, yaml: std::ops::Range<usize>, lang: &str, hash: &str) -> String {
    let eol = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let front = &source[yaml.clone()];
    let quoted = format!("\"{hash}\"");
    let Some(&key) = yaml::key_lines(front, KEY).first() else {
        let mut out = String::with_capacity(source.len() + 64);
        out.push_str(&source[..yaml.end]);
        if !front.is_empty() && !front.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(&format!("{KEY}: {{lang: {lang}, hash: {quoted}}}{eol}"));
        out.push_str(&source[yaml.end..]);
        return out;
    };
    let (start, end) = record_span(source, &yaml, key);
    let record = &source[start..end];
    let replaced = match record.find("hash:") {
        Some(h) => {
            let value_start = h
                + 5
                + (record[h + 5..].len() - record[h + 5..].trim_start_matches([' ', '\t']).len());
            let rest = &record[value_start..];
            let len = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
                _ => rest
                    .find([',', '}', '\n', '\r', ' ', '\t', '#'])
                    .unwrap_or(rest.len()),
            };
            format!("{}{quoted}{}", &record[..value_start], &rest[len..])
        }
        None => match record.find('}') {
            // A flow mapping on one line: the hash goes before its closing brace.
            Some(close) if !record[..close].contains('\n') => {
                let inside = record[..close].trim_end();
                let sep = if inside.ends_with('{') { "" } else { ", " };
                format!("{inside}{sep}hash: {quoted}{}", &record[close..])
            }
            _ => {
                // A block mapping: a line like its first, or the key on its own.
                let indent = record
                    .lines()
                    .nth(1)
                    .map(|l| &l[..l.len() - l.trim_start().len()])
                    .unwrap_or("  ");
                let body = record.trim_end_matches(['\n', '\r']);
                if record.lines().count() > 1 || body.trim_end().ends_with(':') {
                    format!("{body}{eol}{indent}hash: {quoted}{eol}")
                } else {
                    format!("{KEY}: {{lang: {lang}, hash: {quoted}}}{eol}")
                }
            }
        },
    };
    format!("{}{replaced}{}", &source[..start], &source[end..])
}

/// Where the record is in `source`, given where its key's line starts in the front-matter:
/// its own line and the indented lines that follow it.
fn record_span(source: &str, yaml: &std::ops::Range<usize>, key: usize) -> (usize, usize) {
    let line_end = |at: usize| {
        source[at..yaml.end]
            .find('\n')
            .map_or(yaml.end, |i| at + i + 1)
    };
    let start = yaml.start + key;
    let mut end = line_end(start);
    while end < yaml.end && source[end..].starts_with([' ', '\t']) {
        end = line_end(end);
    }
    (start, end)
}

/// The text of a new translation from the original's `source`: the same file, to translate in
/// place, whose record names the original's language `lang` and no version yet (so that it is
/// not taken to be up to date before it is translated). A record the original has of its own
/// original is replaced.
pub fn start_translation(source: &str, yaml: std::ops::Range<usize>, lang: &str) -> String {
    let eol = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let front = &source[yaml.clone()];
    let mut out = String::with_capacity(source.len() + 32);
    let (cut_start, cut_end) = match yaml::key_lines(front, KEY).first() {
        Some(&key) => record_span(source, &yaml, key),
        None => (yaml.end, yaml.end),
    };
    out.push_str(&source[..cut_start]);
    out.push_str(&source[cut_end..yaml.end]);
    if !out.is_empty() && !out.ends_with('\n') && yaml.end > yaml.start {
        out.push_str(eol);
    }
    out.push_str(&format!("{KEY}: {{lang: {lang}}}{eol}"));
    out.push_str(&source[yaml.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(source: &str) -> std::ops::Range<usize> {
        let parts = crate::content::frontmatter::split(source).unwrap();
        parts.yaml
    }

    #[test]
    fn a_record_is_added_at_the_end_of_the_front_matter_with_the_file_s_line_ending() {
        let s = "---\n# a comment\ntitle: \"T\"   # kept\n---\nBody\n";
        let out = set_record(s, front(s), "ar", "0123456789ab");
        assert_eq!(
            out,
            "---\n# a comment\ntitle: \"T\"   # kept\ntranslation_of: {lang: ar, hash: \"0123456789ab\"}\n---\nBody\n"
        );
        let crlf = "---\r\ntitle: T\r\n---\r\nBody\r\n";
        let out = set_record(crlf, front(crlf), "ar", "0123456789ab");
        assert_eq!(
            out,
            "---\r\ntitle: T\r\ntranslation_of: {lang: ar, hash: \"0123456789ab\"}\r\n---\r\nBody\r\n"
        );
    }

    #[test]
    fn a_new_translation_names_its_original_and_no_version() {
        let s = "---\ntitle: T\ntranslation_of:\n  lang: fr\n  hash: abc\nsummary: S\n---\nBody\n";
        assert_eq!(
            start_translation(s, front(s), "en"),
            "---\ntitle: T\nsummary: S\ntranslation_of: {lang: en}\n---\nBody\n"
        );
        let plain = "---\ntitle: T\n---\nBody\n";
        assert_eq!(
            start_translation(plain, front(plain), "ar"),
            "---\ntitle: T\ntranslation_of: {lang: ar}\n---\nBody\n"
        );
    }

    #[test]
    fn only_the_hash_of_an_existing_record_changes() {
        let s = "---\ntitle: T\ntranslation_of: { lang: ar , hash: 'old' }  # from the Arabic\nsummary: S\n---\nB\n";
        let out = set_record(s, front(s), "ar", "0123456789ab");
        assert_eq!(
            out,
            "---\ntitle: T\ntranslation_of: { lang: ar , hash: \"0123456789ab\" }  # from the Arabic\nsummary: S\n---\nB\n"
        );
        let block = "---\ntranslation_of:\n    lang: ar\n    hash: abc\ntitle: T\n---\n";
        let out = set_record(block, front(block), "ar", "0123456789ab");
        assert_eq!(
            out,
            "---\ntranslation_of:\n    lang: ar\n    hash: \"0123456789ab\"\ntitle: T\n---\n"
        );
        let no_hash = "---\ntitle: T\ntranslation_of: {lang: en}\n---\n";
        assert_eq!(
            set_record(no_hash, front(no_hash), "en", "0123456789ab"),
            "---\ntitle: T\ntranslation_of: {lang: en, hash: \"0123456789ab\"}\n---\n"
        );
        let block_no_hash = "---\ntranslation_of:\n  lang: en\ntitle: T\n---\n";
        assert_eq!(
            set_record(block_no_hash, front(block_no_hash), "en", "0123456789ab"),
            "---\ntranslation_of:\n  lang: en\n  hash: \"0123456789ab\"\ntitle: T\n---\n"
        );
    }
}
