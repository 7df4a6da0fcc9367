//! Structured data: one JSON-LD block per page (schema.org), for search engines and the link
//! previews that read it.
//!
//! Articles are `Article`s based on their source (`isBasedOn`), linked to their other language
//! versions: the original (the default language's version, or else the first that exists) lists
//! its `workTranslation`s, and each translation names its `translationOfWork`. Homes are the
//! `WebSite`, topics `CollectionPage`s, other pages `WebPage`s. The text is escaped for a
//! `<script>` element in one place, so no title can end the element early.

use std::hash::{Hash, Hasher};

use serde::Serialize;
use serde_json::{Value, json};

use super::Job;
use super::views::Views;
use crate::content::ArticleMeta;
use crate::site::{Article, Version};
use crate::urls;

/// A page's block, made only when the page is rendered: `serve` hashes every page's context on
/// each rebuild, and most are not rendered. It is hashed by what it is made from (`inputs`, the
/// typed data of its page that the block reads, hashed when it is made).
pub struct Structured<'a> {
    inputs: u64,
    make: Box<dyn Fn() -> String + Send + Sync + 'a>,
}

impl<'a> Structured<'a> {
    fn new(inputs: u64, make: impl Fn() -> String + Send + Sync + 'a) -> Structured<'a> {
        Structured {
            inputs,
            make: Box::new(make),
        }
    }
}

impl Hash for Structured<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.inputs);
    }
}

impl Serialize for Structured<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&(self.make)())
    }
}

/// The block as the inside of a `<script type="application/ld+json">` element.
pub fn script(data: &Value) -> String {
    let text = data.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The site as the publisher of its pages.
fn publisher(views: &Views, li: usize) -> Value {
    let site = views.site;
    let code = &site.config.languages[li].code;
    json!({
        "@type": "Organization",
        "name": site.config.title.get(code),
        "url": site.urls.permalink(&urls::home_path(code)),
    })
}

/// An article's page. Its block reads the article's versions (their documents and addresses),
/// the site's title and the page's language.
pub fn article<'a>(
    views: &'a Views<'a>,
    job: &'a Job<'a>,
    article: &'a Article,
    version: &'a Version<ArticleMeta>,
    image: Option<String>,
) -> Structured<'a> {
    let site = views.site;
    let m = &version.doc.meta;
    // The other versions count by their addresses only.
    let others: Vec<Option<&str>> = article
        .entry
        .versions
        .iter()
        .map(|v| v.as_ref().map(|v| v.address.permalink.as_str()))
        .collect();
    let inputs = crate::outputs::key_of(&(
        job.lang,
        &site.config.title,
        &site.urls,
        &site.config.default_language,
        (&m.title, &m.summary, m.date, &m.source),
        others,
        &image,
    ));
    Structured::new(inputs, move || {
        article_now(views, job, article, version, image.as_deref())
    })
}

fn article_now(
    views: &Views,
    job: &Job,
    article: &Article,
    version: &Version<ArticleMeta>,
    image: Option<&str>,
) -> String {
    let site = views.site;
    let langs = &site.config.languages;
    let m = &version.doc.meta;
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": m.title,
        "description": m.summary,
        "inLanguage": langs[job.lang].code,
        "url": version.address.permalink,
        "publisher": publisher(views, job.lang),
        "isBasedOn": source(m),
    });
    if let Some(date) = m.date {
        data["datePublished"] = json!(date.to_string());
    }
    if let Some(image) = image {
        data["image"] = json!(image);
    }
    let default = langs
        .iter()
        .position(|l| l.code == site.config.default_language)
        .unwrap_or(0);
    let original = if article.entry.versions[default].is_some() {
        default
    } else {
        article.entry.present().iter().position(|&p| p).unwrap_or(0)
    };
    let work = |li: usize, v: &Version<ArticleMeta>| json!({"@type": "Article", "url": v.address.permalink, "inLanguage": langs[li].code});
    if job.lang == original {
        let translations: Vec<Value> = article
            .entry
            .versions
            .iter()
            .enumerate()
            .filter(|(li, _)| *li != original)
            .filter_map(|(li, v)| v.as_ref().map(|v| work(li, v)))
            .collect();
        if !translations.is_empty() {
            data["workTranslation"] = Value::from(translations);
        }
    } else if let Some(v) = &article.entry.versions[original] {
        data["translationOfWork"] = work(original, v);
    }
    script(&data)
}

/// What an article is based on: its source, with its address and date where known.
fn source(m: &ArticleMeta) -> Value {
    let mut s = json!({"@type": "CreativeWork", "name": m.source.name});
    if let Some(url) = &m.source.url {
        s["url"] = json!(url);
    }
    if let Some(date) = m.source.published {
        s["datePublished"] = json!(date.to_string());
    }
    s
}

/// A page of another kind: `WebSite` for a home, `CollectionPage` for a topic, else `WebPage`.
pub fn page<'a>(
    views: &'a Views<'a>,
    job: &'a Job<'a>,
    kind: &'a str,
    name: &str,
    description: Option<&str>,
    image: Option<String>,
) -> Structured<'a> {
    let site = views.site;
    let (name, description) = (name.to_string(), description.map(String::from));
    let inputs = crate::outputs::key_of(&(
        job.lang,
        &job.address.permalink,
        kind,
        &name,
        &description,
        &site.config.title,
        &site.urls,
        &image,
    ));
    Structured::new(inputs, move || {
        page_now(
            views,
            job,
            kind,
            &name,
            description.as_deref(),
            image.as_deref(),
        )
    })
}

fn page_now(
    views: &Views,
    job: &Job,
    kind: &str,
    name: &str,
    description: Option<&str>,
    image: Option<&str>,
) -> String {
    let site = views.site;
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": kind,
        "name": name,
        "url": job.address.permalink,
        "inLanguage": site.config.languages[job.lang].code,
        "publisher": publisher(views, job.lang),
    });
    if let Some(d) = description {
        data["description"] = json!(d);
    }
    if let Some(image) = image {
        data["image"] = json!(image);
    }
    if kind != "WebSite" {
        data["isPartOf"] = json!({"@type": "WebSite", "url": site.urls.permalink("")});
    }
    script(&data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_the_data_can_end_the_script_element() {
        let s = script(&json!({"headline": "</script><script>alert(1)</script> & \u{2028}"}));
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(!s.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(
            back["headline"],
            "</script><script>alert(1)</script> & \u{2028}"
        );
    }
}
