//! Splitting a content file into its YAML front-matter and its Markdown body.
//!
//! The split keeps byte offsets into the original file, so that a YAML error or a broken link in
//! the body can be reported at its line in the file the writer has open.

use std::ops::Range;

/// Where the two parts of a content file are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The YAML between the `---` lines.
    pub yaml: Range<usize>,
    /// The Markdown after the closing `---` line.
    pub body: Range<usize>,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not begin with a `---` line.
    NoOpening,
    /// No closing `---` line after the opening one.
    NoClosing,
}

/// Splits `source`; a byte-order mark and CRLF line ends are accepted.
pub fn split(source: &str) -> Result<Parts, SplitError> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = source[start..].split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::NoOpening)?;
    if first.trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let yaml_start = start + first.len();
    let mut offset = yaml_start;
    for line in lines {
        if line.trim_end() == "---" {
            return Ok(Parts {
                yaml: yaml_start..offset,
                body: offset + line.len()..source.len(),
            });
        }
        offset += line.len();
    }
    Err(SplitError::NoClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_offsets_into_the_file() {
        let src = "---\ntitle: a\n---\nbody\n";
        let p = split(src).unwrap();
        assert_eq!(&src[p.yaml.clone()], "title: a\n");
        assert_eq!(&src[p.body.clone()], "body\n");
    }

    #[test]
    fn accepts_bom_crlf_and_empty_body() {
        let src = "\u{feff}---\r\ntitle: a\r\n---\r\n";
        let p = split(src).unwrap();
        assert_eq!(&src[p.yaml], "title: a\r\n");
        assert_eq!(p.body, src.len()..src.len());
    }

    #[test]
    fn reports_missing_delimiters() {
        assert_eq!(split("title: a\n"), Err(SplitError::NoOpening));
        assert_eq!(split(""), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::NoClosing));
        assert_eq!(
            split("--- \ntitle: a\n---"),
            Ok(Parts {
                yaml: 5..14,
                body: 17..17
            })
        );
    }
}
