//! The model: the site as one set of plain data, built once and read by every output.
//!
//! Loaded documents are paired into translations by slug ([`pairing`]), their Markdown is
//! rendered in parallel ([`bodies`]) with `@/` links resolved against the whole site
//! ([`links`]), and the cross-links a briefing lives on are computed ([`relations`]): each
//! topic's articles, related topics (declared, plus those sharing articles), related articles.
//! Every version knows its [`Address`], computed once here. A language without a version of an
//! entry is an explicit `None`, so every page can say plainly that a translation is missing. All
//! problems are collected.

mod bodies;
mod links;
mod pairing;
mod patch;
mod relations;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use bodies::Bodies;
pub use links::Notes;
pub use patch::Edit;

use crate::config::Config;
use crate::content::{ArticleMeta, Content, Date, Document, PageMeta, Section, TopicMeta};
use crate::error::{Collector, Diagnostic, Error};
use crate::markdown::Rendered;
use crate::spill::{Html, Spill, Spilled};
use crate::translations::{State, Status};
use crate::urls::{self, Address, Urls};
use bodies::Renderer;
use links::Links;
use pairing::{Existence, Groups, group, presence, unknown_topic};

/// One language's version of an entry: its document, its rendered body (whose `links` are kept
/// for checking anchors) and its address. Document and body are shared with the caches a
/// rebuild reuses them from.
#[derive(Debug)]
pub struct Version<M> {
    pub doc: Arc<Document<M>>,
    pub body: Arc<Rendered>,
    /// A hash of its HTML, made once when it was rendered.
    pub html_hash: u64,
    /// Where its HTML is when a build spilled it (see [`Version::html`]).
    pub spilled: Option<Spilled>,
    pub address: Address,
    /// Whether it is an original or a translation, and how current.
    pub translation: State,
    /// The key of its search document, made the first time the index asks for it: a version
    /// is replaced, never changed, when its document is edited.
    pub search_key: std::sync::OnceLock<u64>,
}

/// An article, topic or page in all its languages. `versions[i]` is the version in the i-th
/// language of site.yaml, or `None` where there is no translation.
#[derive(Debug)]
pub struct Entry<M> {
    pub slug: String,
    pub versions: Vec<Option<Version<M>>>,
}

impl<M> Version<M> {
    /// Its body's HTML: `body.html`, or where a build spilled it.
    pub fn html(&self) -> Html<'_> {
        match &self.spilled {
            Some(s) => Html::Spilled(s),
            None => Html::Text(&self.body.html),
        }
    }
}

impl<M> Entry<M> {
    /// The version in language `lang`, or else the first that exists, with its language index.
    pub fn version_or_fallback(&self, lang: usize) -> (usize, &Version<M>) {
        if let Some(v) = &self.versions[lang] {
            return (lang, v);
        }
        self.versions
            .iter()
            .enumerate()
            .find_map(|(i, v)| v.as_ref().map(|v| (i, v)))
            .expect("an entry has at least one version")
    }

    /// Which languages have a version.
    pub fn present(&self) -> Vec<bool> {
        self.versions.iter().map(Option::is_some).collect()
    }
}

/// An article with its place among the others.
#[derive(Debug)]
pub struct Article {
    pub entry: Entry<ArticleMeta>,
    /// The latest date of its versions, for ordering.
    pub date: Option<Date>,
    /// Indices into [`Site::topics`], in the order the front-matter names them.
    pub topics: Vec<usize>,
    /// Indices into [`Site::articles`]: those sharing the most topics first.
    pub related: Vec<usize>,
}

/// A topic with the articles filed under it.
#[derive(Debug)]
pub struct Topic {
    pub entry: Entry<TopicMeta>,
    /// Indices into [`Site::articles`], newest first.
    pub articles: Vec<usize>,
    /// Indices into [`Site::topics`]: declared ones first, then by articles shared.
    pub related: Vec<usize>,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub urls: Urls,
    pub home: Entry<PageMeta>,
    /// Newest first; undated articles last.
    pub articles: Vec<Article>,
    pub topics: Vec<Topic>,
    /// The free pages (about, sources).
    pub free_pages: Vec<Entry<PageMeta>>,
    /// Which slugs exist in which languages, to resolve the links of an edited body.
    exists: Existence,
}

/// The documents of each kind, paired by slug.
struct Paired {
    articles: Groups<ArticleMeta>,
    topics: Groups<TopicMeta>,
    pages: Groups<PageMeta>,
    home: Groups<PageMeta>,
}

impl Site {
    /// The title of the home in language `li`: its `_index` file's, else the site's title.
    pub fn home_title(&self, li: usize) -> &str {
        let code = &self.config.languages[li].code;
        self.home
            .versions
            .get(li)
            .and_then(|h| h.as_ref())
            .map(|h| h.doc.meta.title.as_str())
            .or(self.config.title.get(code).map(String::as_str))
            .unwrap_or("")
    }

    /// Builds the model from loaded content, rendering every body that `bodies` does not already
    /// hold; `notes` say what a link to another language's page adds. With `spill`, the HTML
    /// of what is rendered is kept there rather than in memory. Returns the bodies used, to
    /// pass to the next build.
    pub fn build(
        config: Config,
        content: Content,
        notes: &Notes,
        bodies: &Bodies,
        spill: Option<&Arc<Spill>>,
    ) -> Result<(Site, Bodies), Error> {
        let mut errors = Collector::default();
        let translations = Status::states(&config, &content);
        errors.extend(translations.problems.iter().cloned());
        let lang_index: HashMap<&str, usize> = config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| (l.code.as_str(), i))
            .collect();
        let articles: Vec<Arc<Document<ArticleMeta>>> = content
            .articles
            .into_iter()
            .filter(|d| config.drafts || !d.meta.draft)
            .collect();
        let mut paired = Paired {
            articles: group(articles, &lang_index),
            topics: group(content.topics, &lang_index),
            pages: group(content.pages, &lang_index),
            home: group(content.home, &lang_index),
        };
        let exists = existence(&paired, &content.unparsed, &lang_index);
        errors.extend(content.problems);
        check_topic_names(&paired, &exists, &mut errors);
        if paired.home.is_empty() {
            errors.push(
                Diagnostic::new("content", "there is no home text").help(format!(
                    "create content/_index.{}.md with a title and a summary",
                    config.default_language
                )),
            );
            let none = config.languages.iter().map(|_| None).collect();
            paired.home.insert("_index".into(), none);
        }
        let urls = Urls::new(&config.base_url, &config.base_path);
        let links = Links {
            config: &config,
            urls: &urls,
            exists: &exists,
            notes,
        };
        let render = Renderer {
            links: &links,
            previous: bodies,
            spill,
        };
        let mut used = Bodies::default();
        let in_section = |section: Section| {
            move |slug: &str, lang: &str| urls::content_path(section, slug, lang)
        };
        let (e, u) = (&mut errors, &mut used);
        let articles = render.entries(paired.articles, in_section(Section::Articles), e, u);
        let topics = render.entries(paired.topics, in_section(Section::Topics), e, u);
        let free_pages = render.entries(paired.pages, in_section(Section::Pages), e, u);
        let home = render
            .entries(paired.home, |_, lang| urls::home_path(lang), e, u)
            .pop();
        let states = translations.by_entry();
        let (mut articles, mut topics, mut free_pages) = (articles, topics, free_pages);
        mark(&mut articles, Section::Articles, &states);
        mark(&mut topics, Section::Topics, &states);
        mark(&mut free_pages, Section::Pages, &states);
        let mut site = Site {
            home: home.unwrap_or(Entry {
                slug: "_index".into(),
                versions: Vec::new(),
            }),
            articles: articles.into_iter().map(Article::new).collect(),
            topics: topics.into_iter().map(Topic::new).collect(),
            free_pages,
            urls: urls.clone(),
            config,
            exists,
        };
        site.check_anchors(&mut errors);
        errors.finish(())?;
        site.link();
        Ok((site, used))
    }
}

/// Gives each version its translation state.
fn mark<M>(
    entries: &mut [Entry<M>],
    section: Section,
    states: &BTreeMap<(Section, &str), &[State]>,
) {
    for entry in entries {
        if let Some(s) = states.get(&(section, entry.slug.as_str())) {
            for (v, state) in entry.versions.iter_mut().zip(s.iter()) {
                if let Some(v) = v {
                    v.translation = state.clone();
                }
            }
        }
    }
}

impl Article {
    fn new(entry: Entry<ArticleMeta>) -> Article {
        Article {
            date: entry
                .versions
                .iter()
                .flatten()
                .filter_map(|v| v.doc.meta.date)
                .max(),
            entry,
            topics: Vec::new(),
            related: Vec::new(),
        }
    }
}

impl Topic {
    fn new(entry: Entry<TopicMeta>) -> Topic {
        Topic {
            entry,
            articles: Vec::new(),
            related: Vec::new(),
        }
    }
}

/// Which slugs exist in which languages. Files that failed to parse still exist, so that links
/// to them are not reported as broken too.
fn existence(
    paired: &Paired,
    unparsed: &[(Option<Section>, String, String)],
    lang_index: &HashMap<&str, usize>,
) -> Existence {
    let mut exists = Existence {
        articles: presence(&paired.articles),
        topics: presence(&paired.topics),
        pages: presence(&paired.pages),
    };
    for (section, slug, lang) in unparsed {
        if let (Some(section), Some(&li)) = (section, lang_index.get(lang.as_str())) {
            let slots = exists
                .section_mut(*section)
                .entry(slug.clone())
                .or_insert_with(|| vec![false; lang_index.len()]);
            slots[li] = true;
        }
    }
    exists
}

/// Every article has a topic, and every topic an article or topic names exists.
fn check_topic_names(paired: &Paired, exists: &Existence, errors: &mut Collector) {
    let topics: HashMap<&str, ()> = exists.topics.keys().map(|s| (s.as_str(), ())).collect();
    for doc in paired.articles.values().flatten().flatten() {
        if doc.meta.topics.is_empty() {
            errors.push(
                doc.error_at_value("topics", "topics", "an article needs at least one topic")
                    .help("name the topics it belongs to, e.g. `topics: [sextortion]`"),
            );
        }
        for t in &doc.meta.topics {
            if !topics.contains_key(t.as_str()) {
                errors.push(unknown_topic(doc, "topics", t, &topics));
            }
        }
    }
    for doc in paired.topics.values().flatten().flatten() {
        for t in &doc.meta.related {
            if !topics.contains_key(t.as_str()) {
                errors.push(unknown_topic(doc, "related", t, &topics));
            }
        }
    }
}
