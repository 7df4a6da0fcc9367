//! The front-matter schemas of each kind of content file.
//!
//! Every schema denies unknown keys: a misspelt `summry` is reported, not ignored. Values that
//! have a form (dates) are checked as they are read, so an impossible date is an error at its line.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

pub use crate::translations::TranslationOf;

/// A calendar date, checked to exist (no 30 February).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2023-03-09");
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next(), parts.next(), parts.next());
        let (Some(y), Some(m), Some(d)) = (y, m, d) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>())
        else {
            return Err(bad());
        };
        if icu_calendar::Date::try_new_iso(year, month, day).is_err() {
            return Err(format!(
                "`{text}` is not a day of the calendar; check the month and day"
            ));
        }
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Who published the source of an article.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub name: String,
    #[serde(
        default,
        deserialize_with = "web_address",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
}

/// A web address (`http://` or `https://`): a source link is followed by readers, so nothing
/// else (a `javascript:` address above all) is accepted.
fn web_address<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(d)?;
    let lower = text.trim().to_ascii_lowercase();
    let has_host = |rest: &str| !rest.is_empty() && !rest.starts_with('/');
    match lower.split_once("://") {
        Some(("http" | "https", rest)) if has_host(rest) => Ok(Some(text.trim().to_string())),
        _ => Err(serde::de::Error::custom(format!(
            "`{text}` is not a web address; write it in full, starting with https://"
        ))),
    }
}

/// A key figure shown as a card.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub value: String,
    pub label: String,
}

/// Front-matter of `content/articles/<slug>.<lang>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMeta {
    pub title: String,
    #[serde(default)]
    pub date: Option<Date>,
    pub summary: String,
    pub topics: Vec<String>,
    pub source: SourceRef,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub draft: bool,
    /// The version of the original this translation reflects.
    #[serde(default)]
    pub translation_of: Option<TranslationOf>,
}

/// Front-matter of `content/topics/<slug>.<lang>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicMeta {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub translation_of: Option<TranslationOf>,
}

/// Front-matter of `content/pages/<slug>.<lang>.md` and of the home text `content/_index.<lang>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub translation_of: Option<TranslationOf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_addresses_must_be_web_addresses() {
        let parse = |url: &str| {
            serde_yaml::from_str::<SourceRef>(&format!("name: x\nurl: \"{url}\"\n"))
                .map(|s| s.url)
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            parse("https://www.europol.europa.eu/a").unwrap().as_deref(),
            Some("https://www.europol.europa.eu/a")
        );
        assert!(parse("HTTP://example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "//example.org",
            "https:///x",
            "www.example.org",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains("is not a web address"), "{bad}: {e}");
        }
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(Date::parse("2023-03-09").unwrap().to_string(), "2023-03-09");
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").unwrap_err().contains("not a day"));
        assert!(Date::parse("2023-13-01").is_err());
        assert!(
            Date::parse("9 March 2023")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(Date::parse("2023-3-9").is_err());
    }
}
