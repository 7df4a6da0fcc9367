//! Every page of the site, with its template context, rendered in parallel.
//!
//! The per-language summaries that many pages show (article and topic cards, the language list)
//! are built once as Tera values; a page's context shares them rather than serialising the model
//! again. The context is documented in the README; its shape is:
//! `site`, `lang`, `page`, `translations`, `topics`, `articles`, and `paginator` on listings.
//!
//! Everything put into a page's context is hashed on the way in (shared values carry a hash made
//! once), so each page gets a key that changes whenever its context does. A rebuild renders only
//! the pages whose key differs from the previous build's; the others are reused as they were.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};
use xxhash_rust::xxh3::Xxh3;

use crate::config::Language;
use crate::content::{Figure, Section, SourceRef};
use crate::error::{Collector, Diagnostic, Error};
use crate::i18n::I18n;
use crate::markdown::Heading;
use crate::render::{Templates, join_url};
use crate::site::{Site, content_path};

/// A rendered page: its path under the output folder, and its HTML.
#[derive(Debug)]
pub struct Output {
    pub path: String,
    pub html: String,
}

/// The pages of a build, by path, with the key of the context each was rendered from.
#[derive(Default)]
pub struct Pages(HashMap<String, (u64, Arc<Output>)>);

/// A Tera value and a hash of what it was made from.
#[derive(Clone)]
struct Hashed {
    value: Value,
    hash: u64,
}

impl Hashed {
    fn of<T: Serialize + Hash>(t: &T) -> Hashed {
        let mut h = Xxh3::new();
        t.hash(&mut h);
        Hashed {
            value: Value::from_serializable(t),
            hash: h.finish(),
        }
    }

    /// For values without a `Hash` of their own: hashed by their JSON text.
    fn json(v: &serde_json::Value) -> Hashed {
        Hashed {
            value: Value::from_serializable(v),
            hash: xxhash_rust::xxh3::xxh3_64(v.to_string().as_bytes()),
        }
    }

    fn list<'a>(items: impl IntoIterator<Item = &'a Hashed>) -> Hashed {
        let mut h = Xxh3::new();
        let values: Vec<Value> = items
            .into_iter()
            .map(|i| {
                h.write_u64(i.hash);
                i.value.clone()
            })
            .collect();
        h.write_usize(values.len());
        Hashed {
            value: Value::from(values),
            hash: h.finish(),
        }
    }
}

impl Hash for Hashed {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl Serialize for Hashed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A page's template context and the running hash of everything inserted into it.
struct PageContext {
    ctx: Context,
    key: Xxh3,
}

impl PageContext {
    fn new(generation: u64) -> PageContext {
        let mut key = Xxh3::new();
        key.write_u64(generation);
        PageContext {
            ctx: Context::new(),
            key,
        }
    }

    fn insert<T: Serialize + Hash>(&mut self, name: &'static str, value: &T) {
        name.hash(&mut self.key);
        value.hash(&mut self.key);
        self.ctx.insert(name, value);
    }

    fn insert_hashed(&mut self, name: &'static str, value: &Hashed) {
        name.hash(&mut self.key);
        self.key.write_u64(value.hash);
        self.ctx.insert_value(name, value.value.clone());
    }

    /// Inserts a value the templates never mention, so it cannot change what they produce.
    fn insert_unread(&mut self, name: &'static str, value: &Hashed) {
        self.ctx.insert_value(name, value.value.clone());
    }
}

#[derive(Serialize, Clone, Hash)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    url: String,
}

#[derive(Serialize, Hash)]
struct TopicRef<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    lang: &'a str,
    dir: &'a str,
}

#[derive(Serialize, Hash)]
struct ArticleCard<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    url: String,
    date: Option<String>,
    lang: &'a str,
    dir: &'a str,
    /// True when shown in another language than the page's, for want of a translation.
    missing: bool,
    source: &'a SourceRef,
    topics: Vec<TopicRef<'a>>,
    figures: &'a [Figure],
}

#[derive(Serialize, Hash)]
struct TopicCard<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    url: String,
    lang: &'a str,
    dir: &'a str,
    missing: bool,
    count: usize,
}

#[derive(Serialize, Hash)]
struct Translation<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    /// The page in that language, or `None` when it has not been translated.
    url: Option<String>,
    /// The absolute URL, for `hreflang` alternates.
    permalink: Option<String>,
    current: bool,
}

#[derive(Serialize, Hash)]
struct Paginator {
    items: Hashed,
    number: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize, Hash)]
struct PageLink {
    number: usize,
    url: String,
}

#[derive(Serialize, Hash)]
struct FigureView<'a> {
    value: &'a str,
    label: &'a str,
    article: Hashed,
}

/// What is shared by all pages of one language.
struct LangViews {
    lang: Hashed,
    site: Hashed,
    /// By article index.
    article_cards: Vec<Hashed>,
    /// By topic index.
    topic_cards: Vec<Hashed>,
    articles: Hashed,
    topics: Hashed,
    /// The free pages, for navigation.
    pages: Hashed,
}

/// What every page's context is made with.
struct Inputs<'a> {
    site: &'a Site,
    i18n: &'a I18n,
    templates: &'a Templates,
    views: Vec<LangViews>,
    /// Whether the templates mention the all-articles and all-topics lists.
    reads_articles: bool,
    reads_topics: bool,
}

/// Renders every page of `site` whose context differs from the one it had in `previous`; the
/// others are taken from `previous`. Returns the pages in a fixed order, and the pages to pass to
/// the next build.
pub fn render_all(
    site: &Site,
    i18n: &I18n,
    templates: &Templates,
    previous: &Pages,
) -> Result<(Vec<Arc<Output>>, Pages), Error> {
    let inputs = Inputs {
        site,
        i18n,
        templates,
        views: (0..site.config.languages.len())
            .into_par_iter()
            .map(|li| lang_views(site, li))
            .collect(),
        reads_articles: templates.mention("articles"),
        reads_topics: templates.mention("topics"),
    };
    let jobs = jobs(site);
    let results: Vec<Result<(u64, Arc<Output>), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (path, template, mut page) = context(&inputs, job);
            template.hash(&mut page.key);
            path.hash(&mut page.key);
            let key = page.key.finish();
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.clone()
            };
            if let Some((old, output)) = previous.0.get(&file)
                && *old == key
            {
                return Ok((key, output.clone()));
            }
            let html = templates.render(template, &page.ctx, &path)?;
            Ok((key, Arc::new(Output { path: file, html })))
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut pages = Pages::default();
    let mut errors = Collector::default();
    for r in results {
        match r {
            Ok((key, output)) => {
                pages.0.insert(output.path.clone(), (key, output.clone()));
                out.push(output);
            }
            Err(d) => errors.push(d),
        }
    }
    errors.finish((out, pages))
}

/// One page to make.
#[derive(Debug, Clone)]
enum Job {
    Landing,
    NotFound,
    Home {
        lang: usize,
        page: usize,
    },
    Article {
        index: usize,
        lang: usize,
    },
    TopicIndex {
        lang: usize,
        page: usize,
    },
    Topic {
        index: usize,
        lang: usize,
        page: usize,
    },
    Page {
        index: usize,
        lang: usize,
    },
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

fn jobs(site: &Site) -> Vec<Job> {
    let n = site.config.paginate;
    let mut jobs = vec![Job::Landing, Job::NotFound];
    for lang in 0..site.config.languages.len() {
        let listed = site.articles.len();
        jobs.extend((1..=page_count(listed, n)).map(|page| Job::Home { lang, page }));
        jobs.extend(
            (1..=page_count(site.topics.len(), n)).map(|page| Job::TopicIndex { lang, page }),
        );
        for (index, a) in site.articles.iter().enumerate() {
            if a.entry.versions[lang].is_some() {
                jobs.push(Job::Article { index, lang });
            }
        }
        for (index, t) in site.topics.iter().enumerate() {
            if t.entry.versions[lang].is_some() {
                jobs.extend(
                    (1..=page_count(t.articles.len(), n)).map(|page| Job::Topic {
                        index,
                        lang,
                        page,
                    }),
                );
            }
        }
        for (index, p) in site.pages.iter().enumerate() {
            if p.versions[lang].is_some() {
                jobs.push(Job::Page { index, lang });
            }
        }
    }
    jobs
}

fn url(site: &Site, path: &str) -> String {
    join_url(&site.config.base_path, path)
}

fn paged(path: &str, page: usize) -> String {
    if page <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{page}/")
    }
}

fn lang_views(site: &Site, li: usize) -> LangViews {
    let langs = &site.config.languages;
    let lang = &langs[li];
    let topic_ref = |ti: usize| {
        let t = &site.topics[ti];
        let (vi, v) = t.entry.version_or_fallback(li);
        TopicRef {
            slug: &t.entry.slug,
            title: &v.doc.meta.title,
            url: url(
                site,
                &content_path(Section::Topics, &t.entry.slug, &langs[vi].code),
            ),
            lang: &langs[vi].code,
            dir: langs[vi].dir.as_str(),
        }
    };
    let article_cards: Vec<Hashed> = site
        .articles
        .iter()
        .map(|a| {
            let (vi, v) = a.entry.version_or_fallback(li);
            let m = &v.doc.meta;
            Hashed::of(&ArticleCard {
                slug: &a.entry.slug,
                title: &m.title,
                summary: &m.summary,
                url: url(
                    site,
                    &content_path(Section::Articles, &a.entry.slug, &langs[vi].code),
                ),
                date: m.date.map(|d| d.to_string()),
                lang: &langs[vi].code,
                dir: langs[vi].dir.as_str(),
                missing: vi != li,
                source: &m.source,
                topics: a.topics.iter().map(|&ti| topic_ref(ti)).collect(),
                figures: &m.figures,
            })
        })
        .collect();
    let topic_cards: Vec<Hashed> = site
        .topics
        .iter()
        .map(|t| {
            let (vi, v) = t.entry.version_or_fallback(li);
            Hashed::of(&TopicCard {
                slug: &t.entry.slug,
                title: &v.doc.meta.title,
                summary: &v.doc.meta.summary,
                url: url(
                    site,
                    &content_path(Section::Topics, &t.entry.slug, &langs[vi].code),
                ),
                lang: &langs[vi].code,
                dir: langs[vi].dir.as_str(),
                missing: vi != li,
                count: t.articles.len(),
            })
        })
        .collect();
    let languages: Vec<LanguageView> = langs.iter().map(|l| language_view(site, l)).collect();
    let c = &site.config;
    let site_value = Hashed::json(&serde_json::json!({
        "title": c.title.get(&lang.code),
        "description": c.description.get(&lang.code),
        "titles": c.title,
        "base_url": c.base_url,
        "base_path": c.base_path,
        "default_language": c.default_language,
        "languages": languages,
    }));
    let pages: Vec<serde_json::Value> = site
        .pages
        .iter()
        .filter_map(|p| p.versions[li].as_ref().map(|v| (p, v)))
        .map(|(p, v)| {
            serde_json::json!({
                "slug": p.slug,
                "title": v.doc.meta.title,
                "url": url(site, &content_path(Section::Pages, &p.slug, &lang.code)),
            })
        })
        .collect();
    LangViews {
        pages: Hashed::json(&serde_json::Value::from(pages)),
        lang: Hashed::of(&language_view(site, lang)),
        site: site_value,
        articles: Hashed::list(&article_cards),
        topics: Hashed::list(&topic_cards),
        article_cards,
        topic_cards,
    }
}

fn language_view<'a>(site: &Site, l: &'a Language) -> LanguageView<'a> {
    LanguageView {
        code: &l.code,
        name: &l.name,
        dir: l.dir.as_str(),
        url: url(site, &format!("{}/", l.code)),
    }
}

/// The language switcher's entries for an entry with `present[i]` versions.
fn translations<'a>(
    site: &'a Site,
    current: usize,
    present: &[bool],
    path_for: impl Fn(&str) -> String,
) -> Vec<Translation<'a>> {
    site.config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| Translation {
            code: &l.code,
            name: &l.name,
            dir: l.dir.as_str(),
            url: present[i].then(|| url(site, &path_for(&l.code))),
            permalink: present[i].then(|| join_url(&site.config.base_url, &path_for(&l.code))),
            current: i == current,
        })
        .collect()
}

fn paginator<'a>(
    site: &Site,
    base: &str,
    items: impl ExactSizeIterator<Item = &'a Hashed>,
    page: usize,
) -> Paginator {
    let per = site.config.paginate;
    let total = page_count(items.len(), per);
    Paginator {
        items: Hashed::list(items.skip((page - 1) * per).take(per)),
        number: page,
        total,
        prev: (page > 1).then(|| url(site, &paged(base, page - 1))),
        next: (page < total).then(|| url(site, &paged(base, page + 1))),
        pages: (1..=total)
            .map(|n| PageLink {
                number: n,
                url: url(site, &paged(base, n)),
            })
            .collect(),
    }
}

#[derive(Serialize, Hash)]
struct Body<'a> {
    kind: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    content: &'a str,
    toc: &'a [Heading],
    url: String,
    permalink: String,
}

/// The page a job makes: its path, its template and its context.
fn context(inputs: &Inputs, job: &Job) -> (String, &'static str, PageContext) {
    let site = inputs.site;
    let langs = &site.config.languages;
    let all = vec![true; langs.len()];
    let mut page = PageContext::new(inputs.templates.generation());
    let (path, template) = match *job {
        Job::Landing | Job::NotFound => {
            let li = langs
                .iter()
                .position(|l| l.code == site.config.default_language)
                .unwrap_or(0);
            common(&mut page, inputs, li);
            let homes: Vec<serde_json::Value> = langs
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let home = site.home.versions.get(i).and_then(|v| v.as_ref());
                    serde_json::json!({
                        "code": l.code, "name": l.name, "dir": l.dir.as_str(),
                        "url": url(site, &format!("{}/", l.code)),
                        "title": home.map(|h| h.doc.meta.title.as_str()).or(site.config.title.get(&l.code).map(String::as_str)),
                        "summary": home.and_then(|h| h.doc.meta.summary.as_deref()),
                        "site_title": site.config.title.get(&l.code),
                        "description": site.config.description.get(&l.code),
                    })
                })
                .collect();
            let (kind, path, template) = if matches!(job, Job::Landing) {
                ("landing", "", "landing.html")
            } else {
                ("404", "404.html", "404.html")
            };
            page.insert_hashed(
                "page",
                &Hashed::json(&serde_json::json!({
                    "kind": kind,
                    "languages": homes,
                    "url": url(site, path),
                    "permalink": join_url(&site.config.base_url, path),
                })),
            );
            page.insert(
                "translations",
                &translations(site, li, &all, |code| format!("{code}/")),
            );
            (path.to_string(), template)
        }
        Job::Home { lang, page: number } => {
            let v = &inputs.views[lang];
            common(&mut page, inputs, lang);
            let code = &langs[lang].code;
            let base = format!("{code}/");
            let home = site.home.versions.get(lang).and_then(|h| h.as_ref());
            let title = home
                .map(|h| h.doc.meta.title.as_str())
                .or(site.config.title.get(code).map(String::as_str))
                .unwrap_or("");
            let path = paged(&base, number);
            page.insert(
                "page",
                &Body {
                    kind: "home",
                    title,
                    summary: home.and_then(|h| h.doc.meta.summary.as_deref()),
                    content: home.map(|h| h.body.html.as_str()).unwrap_or(""),
                    toc: &[],
                    url: url(site, &path),
                    permalink: join_url(&site.config.base_url, &path),
                },
            );
            let figures: Vec<FigureView> = site
                .articles
                .iter()
                .enumerate()
                .filter_map(|(ai, a)| a.entry.versions[lang].as_ref().map(|v| (ai, v)))
                .flat_map(|(ai, v)| v.doc.meta.figures.iter().take(1).map(move |f| (ai, f)))
                .take(6)
                .map(|(ai, f)| FigureView {
                    value: &f.value,
                    label: &f.label,
                    article: v.article_cards[ai].clone(),
                })
                .collect();
            page.insert("figures", &figures);
            page.insert(
                "paginator",
                &paginator(site, &base, v.article_cards.iter(), number),
            );
            page.insert(
                "translations",
                &translations(site, lang, &all, |c| format!("{c}/")),
            );
            (path, "home.html")
        }
        Job::TopicIndex { lang, page: number } => {
            let v = &inputs.views[lang];
            common(&mut page, inputs, lang);
            let base = format!("{}/topics/", langs[lang].code);
            let path = paged(&base, number);
            let title = inputs
                .i18n
                .locale(&langs[lang].code)
                .and_then(|l| l.t("topics", None).ok())
                .unwrap_or_default();
            page.insert(
                "page",
                &Body {
                    kind: "topics",
                    title: &title,
                    summary: None,
                    content: "",
                    toc: &[],
                    url: url(site, &path),
                    permalink: join_url(&site.config.base_url, &path),
                },
            );
            page.insert(
                "paginator",
                &paginator(site, &base, v.topic_cards.iter(), number),
            );
            page.insert(
                "translations",
                &translations(site, lang, &all, |c| format!("{c}/topics/")),
            );
            (path, "topics.html")
        }
        Job::Article { index, lang } => {
            let v = &inputs.views[lang];
            common(&mut page, inputs, lang);
            let a = &site.articles[index];
            let Some(version) = &a.entry.versions[lang] else {
                unreachable!("jobs list only existing versions")
            };
            let m = &version.doc.meta;
            let path = content_path(Section::Articles, &a.entry.slug, &langs[lang].code);
            let body = Hashed::of(&Body {
                kind: "article",
                title: &m.title,
                summary: Some(&m.summary),
                content: &version.body.html,
                toc: &version.body.headings,
                url: url(site, &path),
                permalink: join_url(&site.config.base_url, &path),
            });
            page.insert_hashed("page", &merge(body, &v.article_cards[index]));
            page.insert_hashed(
                "related_articles",
                &Hashed::list(a.related.iter().map(|&i| &v.article_cards[i])),
            );
            page.insert_hashed(
                "page_topics",
                &Hashed::list(a.topics.iter().map(|&i| &v.topic_cards[i])),
            );
            let present: Vec<bool> = a.entry.versions.iter().map(Option::is_some).collect();
            page.insert(
                "translations",
                &translations(site, lang, &present, |c| {
                    content_path(Section::Articles, &a.entry.slug, c)
                }),
            );
            (path, "article.html")
        }
        Job::Topic {
            index,
            lang,
            page: number,
        } => {
            let v = &inputs.views[lang];
            common(&mut page, inputs, lang);
            let t = &site.topics[index];
            let Some(version) = &t.entry.versions[lang] else {
                unreachable!("jobs list only existing versions")
            };
            let base = content_path(Section::Topics, &t.entry.slug, &langs[lang].code);
            let path = paged(&base, number);
            let body = Hashed::of(&Body {
                kind: "topic",
                title: &version.doc.meta.title,
                summary: Some(&version.doc.meta.summary),
                content: &version.body.html,
                toc: &version.body.headings,
                url: url(site, &path),
                permalink: join_url(&site.config.base_url, &path),
            });
            page.insert_hashed("page", &merge(body, &v.topic_cards[index]));
            let cards = t.articles.iter().map(|&i| &v.article_cards[i]);
            page.insert("paginator", &paginator(site, &base, cards, number));
            let figures: Vec<FigureView> = t
                .articles
                .iter()
                .filter_map(|&ai| {
                    site.articles[ai].entry.versions[lang]
                        .as_ref()
                        .map(|v| (ai, v))
                })
                .flat_map(|(ai, ver)| ver.doc.meta.figures.iter().map(move |f| (ai, f)))
                .map(|(ai, f)| FigureView {
                    value: &f.value,
                    label: &f.label,
                    article: v.article_cards[ai].clone(),
                })
                .collect();
            page.insert("figures", &figures);
            page.insert_hashed(
                "related_topics",
                &Hashed::list(t.related.iter().map(|&i| &v.topic_cards[i])),
            );
            let present: Vec<bool> = t.entry.versions.iter().map(Option::is_some).collect();
            page.insert(
                "translations",
                &translations(site, lang, &present, |c| {
                    content_path(Section::Topics, &t.entry.slug, c)
                }),
            );
            (path, "topic.html")
        }
        Job::Page { index, lang } => {
            common(&mut page, inputs, lang);
            let p = &site.pages[index];
            let Some(version) = &p.versions[lang] else {
                unreachable!("jobs list only existing versions")
            };
            let path = content_path(Section::Pages, &p.slug, &langs[lang].code);
            page.insert(
                "page",
                &Body {
                    kind: "page",
                    title: &version.doc.meta.title,
                    summary: version.doc.meta.summary.as_deref(),
                    content: &version.body.html,
                    toc: &version.body.headings,
                    url: url(site, &path),
                    permalink: join_url(&site.config.base_url, &path),
                },
            );
            let present: Vec<bool> = p.versions.iter().map(Option::is_some).collect();
            page.insert(
                "translations",
                &translations(site, lang, &present, |c| {
                    content_path(Section::Pages, &p.slug, c)
                }),
            );
            (path, "page.html")
        }
    };
    (path, template, page)
}

/// What every page of language `li` has: `site`, `lang`, `pages`, `articles` and `topics`. The
/// full lists count towards the page's key only when a template mentions them, so that editing
/// one article's title does not make every page of the site out of date.
fn common(page: &mut PageContext, inputs: &Inputs, li: usize) {
    let v = &inputs.views[li];
    page.insert_hashed("site", &v.site);
    page.insert_hashed("lang", &v.lang);
    page.insert_hashed("pages", &v.pages);
    if inputs.reads_articles {
        page.insert_hashed("articles", &v.articles);
    } else {
        page.insert_unread("articles", &v.articles);
    }
    if inputs.reads_topics {
        page.insert_hashed("topics", &v.topics);
    } else {
        page.insert_unread("topics", &v.topics);
    }
}

/// `base` with the keys of `extra` it does not have.
fn merge(base: Hashed, extra: &Hashed) -> Hashed {
    let mut h = Xxh3::new();
    h.write_u64(base.hash);
    h.write_u64(extra.hash);
    let value = match (base.value.into_map(), extra.value.as_map()) {
        (Some(mut m), Some(e)) => {
            for (k, v) in e.iter() {
                if !m.contains_key(k) {
                    m.insert(k.clone(), v.clone());
                }
            }
            Value::from(m)
        }
        (Some(m), None) => Value::from(m),
        (None, _) => extra.value.clone(),
    };
    Hashed {
        value,
        hash: h.finish(),
    }
}
