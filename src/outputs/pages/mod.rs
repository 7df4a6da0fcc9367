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

/// Every page of the site, in a fixed order: the landing and 404 pages, then per language the
/// home listing, the topic index, the articles, the topics and the free pages.
pub fn jobs(site: &Site) -> Vec<Job<'_>> {
    let n = site.config.paginate;
    let urls = &site.urls;
    let default = site
        .config
        .languages
        .iter()
        .position(|l| l.code == site.config.default_language)
        .unwrap_or(0);
    let mut jobs = vec![
        Job {
            address: Cow::Owned(urls.address("")),
            lang: default,
            what: What::Landing,
        },
        Job {
            address: Cow::Owned(urls.address("404.html")),
            lang: default,
            what: What::NotFound,
        },
    ];
    for (lang, l) in site.config.languages.iter().enumerate() {
        let listing = |base: String, items: usize| {
            (1..=page_count(items, n))
                .map(move |page| (page, Cow::Owned(urls.address(&urls::paged(&base, page)))))
        };
        for (page, address) in listing(urls::home_path(&l.code), site.articles.len()) {
            let what = What::Home { page };
            jobs.push(Job {
                address,
                lang,
                what,
            });
        }
        for (page, address) in listing(urls::topics_path(&l.code), site.topics.len()) {
            let what = What::Topics { page };
            jobs.push(Job {
                address,
                lang,
                what,
            });
        }
        for (index, article) in site.articles.iter().enumerate() {
            if let Some(version) = &article.entry.versions[lang] {
                let what = What::Article {
                    index,
                    article,
                    version,
                };
                let address = Cow::Borrowed(&version.address);
                jobs.push(Job {
                    address,
                    lang,
                    what,
                });
            }
        }
        for (index, topic) in site.topics.iter().enumerate() {
            if let Some(version) = &topic.entry.versions[lang] {
                for (page, address) in listing(version.address.path.clone(), topic.articles.len()) {
                    let what = What::Topic {
                        index,
                        topic,
                        version,
                        page,
                    };
                    jobs.push(Job {
                        address,
                        lang,
                        what,
                    });
                }
            }
        }
        for (index, entry) in site.free_pages.iter().enumerate() {
            if let Some(version) = &entry.versions[lang] {
                let what = What::Page {
                    index,
                    entry,
                    version,
                };
                let address = Cow::Borrowed(&version.address);
                jobs.push(Job {
                    address,
                    lang,
                    what,
                });
            }
        }
        if site.config.search {
            jobs.push(Job {
                address: Cow::Owned(urls.address(&urls::search_path(&l.code))),
                lang,
                what: What::Search,
            });
        }
    }
    jobs
}

/// The pages as outputs.
pub fn outputs<'a>(inputs: &'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>> {
    let views = Arc::new(Views::new(
        inputs.site,
        |name| inputs.templates.mention(name),
        inputs.cards.is_some(),
    ));
    jobs(inputs.site)
        .into_iter()
        .map(|job| {
            Box::new(Page {
                inputs,
                views: views.clone(),
                job,
            }) as Box<dyn Output + 'a>
        })
        .collect()
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
