//! The HTML pages: one [`Job`] per page, of one [`PageKind`], each kind with a typed context in
//! its own module.
//!
//! A context is a `#[derive(Serialize, Hash)]` struct, so the page's key is the hash of exactly
//! what its template sees. It is built once per build; it becomes Tera values only when its key
//! differs from the previous build's. The context's shape is documented in the README:
//! `site`, `lang`, `pages`, `articles`, `topics`, `page`, `translations`, and per kind
//! `paginator`, `figures`, `related_articles`, `page_topics`, `related_topics`.

mod article;
mod free;
mod hashed;
mod home;
mod landing;
mod pagination;
mod search;
mod structured;
mod topic;
mod views;

use std::borrow::Cow;
use std::hash::Hash;
use std::sync::Arc;

use serde::Serialize;

use super::reads::{self, Dep};
use super::{Inputs, Output, Prepared, key_of};
use crate::content::{ArticleMeta, PageMeta, TopicMeta};
use crate::site::{Article, Entry, Site, Topic, Version};
use crate::urls::{self, Address};
use pagination::page_count;
use views::Views;

/// The kinds of page, each with its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Landing,
    NotFound,
    Home,
    Topics,
    Article,
    Topic,
    Page,
    Search,
}

impl PageKind {
    /// The template every theme provides for this kind.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Landing => "landing.html",
            PageKind::NotFound => "404.html",
            PageKind::Home => "home.html",
            PageKind::Topics => "topics.html",
            PageKind::Article => "article.html",
            PageKind::Topic => "topic.html",
            PageKind::Page => "page.html",
            PageKind::Search => "search.html",
        }
    }

    /// The kinds every theme must have templates for (a site with search also needs
    /// `search.html`).
    pub const ALL: [PageKind; 7] = [
        PageKind::Landing,
        PageKind::NotFound,
        PageKind::Home,
        PageKind::Topics,
        PageKind::Article,
        PageKind::Topic,
        PageKind::Page,
    ];
}

/// One page to make: where it goes, in which language, and what it shows.
pub struct Job<'a> {
    /// The version's own for an article or free page; made for a listing's pages.
    pub address: Cow<'a, Address>,
    /// Index into the site's languages (the default language for the landing and 404 pages).
    pub lang: usize,
    pub what: What<'a>,
}

/// What a page shows, by kind.
pub enum What<'a> {
    Landing,
    NotFound,
    Home {
        page: usize,
    },
    Topics {
        page: usize,
    },
    Article {
        index: usize,
        article: &'a Article,
        version: &'a Version<ArticleMeta>,
    },
    Topic {
        index: usize,
        topic: &'a Topic,
        version: &'a Version<TopicMeta>,
        page: usize,
    },
    Page {
        index: usize,
        entry: &'a Entry<PageMeta>,
        version: &'a Version<PageMeta>,
    },
    Search,
}

impl What<'_> {
    pub fn kind(&self) -> PageKind {
        match self {
            What::Landing => PageKind::Landing,
            What::NotFound => PageKind::NotFound,
            What::Home { .. } => PageKind::Home,
            What::Topics { .. } => PageKind::Topics,
            What::Article { .. } => PageKind::Article,
            What::Topic { .. } => PageKind::Topic,
            What::Page { .. } => PageKind::Page,
            What::Search => PageKind::Search,
        }
    }
}

/// A page's place in the listing, by index into the model: what [`job`] makes a [`Job`] of. It
/// borrows nothing, so a session keeps its build's listing for the next edit that keeps the
/// site's shape (see [`crate::site::Edit`]), which then makes only the pages it prepares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Landing,
    NotFound,
    Home {
        lang: usize,
        page: usize,
    },
    Topics {
        lang: usize,
        page: usize,
    },
    Article {
        lang: usize,
        index: usize,
    },
    Topic {
        lang: usize,
        index: usize,
        page: usize,
    },
    Page {
        lang: usize,
        index: usize,
    },
    Search {
        lang: usize,
    },
}

/// Every page of the site, in a fixed order: the landing and 404 pages, then per language the
/// home listing, the topic index, the articles, the topics, the free pages and the search page.
pub fn slots(site: &Site) -> Vec<Slot> {
    let n = site.config.paginate;
    let mut slots = vec![Slot::Landing, Slot::NotFound];
    for lang in 0..site.config.languages.len() {
        slots
            .extend((1..=page_count(site.articles.len(), n)).map(|page| Slot::Home { lang, page }));
        slots
            .extend((1..=page_count(site.topics.len(), n)).map(|page| Slot::Topics { lang, page }));
        for (index, article) in site.articles.iter().enumerate() {
            if article.entry.versions[lang].is_some() {
                slots.push(Slot::Article { lang, index });
            }
        }
        for (index, topic) in site.topics.iter().enumerate() {
            if topic.entry.versions[lang].is_some() {
                let pages = page_count(topic.articles.len(), n);
                slots.extend((1..=pages).map(|page| Slot::Topic { lang, index, page }));
            }
        }
        for (index, entry) in site.free_pages.iter().enumerate() {
            if entry.versions[lang].is_some() {
                slots.push(Slot::Page { lang, index });
            }
        }
        if site.config.search {
            slots.push(Slot::Search { lang });
        }
    }
    slots
}

/// The page at `slot` of `site`'s listing; `None` if the site has no such page.
pub fn job(site: &Site, slot: Slot) -> Option<Job<'_>> {
    let urls = &site.urls;
    let languages = &site.config.languages;
    let paged = |base: String, page: usize| Cow::Owned(urls.address(&urls::paged(&base, page)));
    let job = |address, lang, what| Job {
        address,
        lang,
        what,
    };
    let default = || {
        languages
            .iter()
            .position(|l| l.code == site.config.default_language)
            .unwrap_or(0)
    };
    Some(match slot {
        Slot::Landing => job(Cow::Owned(urls.address("")), default(), What::Landing),
        Slot::NotFound => job(
            Cow::Owned(urls.address("404.html")),
            default(),
            What::NotFound,
        ),
        Slot::Home { lang, page } => {
            let base = urls::home_path(&languages.get(lang)?.code);
            job(paged(base, page), lang, What::Home { page })
        }
        Slot::Topics { lang, page } => {
            let base = urls::topics_path(&languages.get(lang)?.code);
            job(paged(base, page), lang, What::Topics { page })
        }
        Slot::Article { lang, index } => {
            let article = site.articles.get(index)?;
            let version = article.entry.versions.get(lang)?.as_ref()?;
            let what = What::Article {
                index,
                article,
                version,
            };
            job(Cow::Borrowed(&version.address), lang, what)
        }
        Slot::Topic { lang, index, page } => {
            let topic = site.topics.get(index)?;
            let version = topic.entry.versions.get(lang)?.as_ref()?;
            let address = paged(version.address.path.clone(), page);
            let what = What::Topic {
                index,
                topic,
                version,
                page,
            };
            job(address, lang, what)
        }
        Slot::Page { lang, index } => {
            let entry = site.free_pages.get(index)?;
            let version = entry.versions.get(lang)?.as_ref()?;
            let what = What::Page {
                index,
                entry,
                version,
            };
            job(Cow::Borrowed(&version.address), lang, what)
        }
        Slot::Search { lang } => {
            let address = urls.address(&urls::search_path(&languages.get(lang)?.code));
            job(Cow::Owned(address), lang, What::Search)
        }
    })
}

/// Every page of the site, in the order of [`slots`].
pub fn jobs(site: &Site) -> Vec<Job<'_>> {
    slots(site)
        .into_iter()
        .filter_map(|slot| job(site, slot))
        .collect()
}

/// What every page of a run shares: the model's views.
pub fn views<'a>(inputs: &'a Inputs<'a>) -> Arc<Views<'a>> {
    Arc::new(Views::new(
        inputs.site,
        |name| inputs.templates.mention(name),
        inputs.cards.is_some(),
    ))
}

/// The page at `slot` as an output; `None` if the site has no such page.
pub fn output<'a>(
    inputs: &'a Inputs<'a>,
    views: &Arc<Views<'a>>,
    slot: Slot,
) -> Option<Box<dyn Output + 'a>> {
    let job = job(inputs.site, slot)?;
    Some(Box::new(Page {
        inputs,
        views: views.clone(),
        job,
    }))
}

/// A page as an output.
struct Page<'a> {
    inputs: &'a Inputs<'a>,
    views: Arc<Views<'a>>,
    job: Job<'a>,
}

impl Output for Page<'_> {
    fn file(&self) -> &str {
        &self.job.address.file
    }

    fn prepare(&self) -> Prepared<'_> {
        let views = &*self.views;
        let job = &self.job;
        let li = job.lang;
        reads::read_nothing();
        match job.what {
            What::Article { index, .. } => reads::read(Dep::Article(index as u32)),
            What::Topic { index, .. } => reads::read(Dep::Topic(index as u32)),
            What::Page { index, .. } => reads::read(Dep::Page(index as u32)),
            What::Home { .. } => reads::read(Dep::Home),
            _ => {}
        }
        match &job.what {
            What::Landing | What::NotFound => self.prepared(landing::context(views, job)),
            What::Home { page } => self.prepared(home::context(views, job, *page)),
            What::Topics { page } => {
                let title = self
                    .inputs
                    .i18n
                    .locale(&views.site.config.languages[li].code)
                    .and_then(|l| l.t("topics", None).ok())
                    .unwrap_or_default();
                self.prepared(home::topics_context(views, job, *page, title))
            }
            What::Article {
                index,
                article,
                version,
            } => self.prepared(article::context(views, job, *index, article, version)),
            What::Topic {
                index,
                topic,
                version,
                page,
            } => self.prepared(topic::context(views, job, *index, topic, version, *page)),
            What::Page { entry, version, .. } => {
                self.prepared(free::context(views, job, entry, version))
            }
            What::Search => {
                let title = self
                    .inputs
                    .i18n
                    .locale(&views.site.config.languages[li].code)
                    .and_then(|l| l.t("search", None).ok())
                    .unwrap_or_default();
                self.prepared(search::context(views, job, title))
            }
        }
    }
}

impl Page<'_> {
    /// The page made from `context`: its key covers the context, the template and the page's
    /// path, and the generation of the templates and strings it is rendered with.
    fn prepared<'s, C: Serialize + Hash + Send + Sync + 's>(&'s self, context: C) -> Prepared<'s> {
        let templates = self.inputs.templates;
        let template = self.job.what.kind().template();
        let key = key_of(&(
            templates.generation(),
            template,
            &self.job.address.path,
            &context,
        ));
        let page = &self.job.address.path;
        Prepared::new(key, move || {
            let html = templates.render(template, &context, page)?;
            Ok(html.into_bytes().into())
        })
    }
}
