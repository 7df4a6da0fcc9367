//! Every page of the site, with its template context, rendered in parallel.
//!
//! The per-language summaries that many pages show (article and topic cards, the language list)
//! are built once as Tera values; a page's context shares them rather than serialising the model
//! again. The context is documented in the README; its shape is:
//! `site`, `lang`, `page`, `translations`, `topics`, `articles`, and `paginator` on listings.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Language;
use crate::content::{Figure, Section, SourceRef};
use crate::error::{Collector, Diagnostic, Error};
use crate::i18n::I18n;
use crate::markdown::Heading;
use crate::render::{Templates, join_url};
use crate::site::{Site, content_path};

/// A rendered page: its path under the output folder, and its HTML.
pub struct Output {
    pub path: String,
    pub html: String,
}

#[derive(Serialize, Clone)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    url: String,
}

#[derive(Serialize)]
struct TopicRef<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    lang: &'a str,
    dir: &'a str,
}

#[derive(Serialize)]
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

#[derive(Serialize)]
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

#[derive(Serialize)]
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

#[derive(Serialize)]
struct Paginator {
    items: Value,
    number: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
}

#[derive(Serialize)]
struct FigureView<'a> {
    value: &'a str,
    label: &'a str,
    article: Value,
}

/// What is shared by all pages of one language.
struct LangViews {
    lang: Value,
    site: Value,
    /// By article index.
    article_cards: Vec<Value>,
    /// By topic index.
    topic_cards: Vec<Value>,
    articles: Value,
    topics: Value,
    /// The free pages, for navigation.
    pages: Value,
}

/// Renders every page of `site`.
pub fn render_all(site: &Site, i18n: &I18n, templates: &Templates) -> Result<Vec<Output>, Error> {
    let views: Vec<LangViews> = (0..site.config.languages.len())
        .map(|li| lang_views(site, li))
        .collect();
    let jobs = jobs(site);
    let results: Vec<Result<Output, Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_job(site, i18n, templates, &views, job))
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut errors = Collector::default();
    for r in results {
        match r {
            Ok(o) => out.push(o),
            Err(d) => errors.push(d),
        }
    }
    errors.finish(out)
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
    let article_cards: Vec<Value> = site
        .articles
        .iter()
        .map(|a| {
            let (vi, v) = a.entry.version_or_fallback(li);
            let m = &v.doc.meta;
            Value::from_serializable(&ArticleCard {
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
    let topic_cards: Vec<Value> = site
        .topics
        .iter()
        .map(|t| {
            let (vi, v) = t.entry.version_or_fallback(li);
            Value::from_serializable(&TopicCard {
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
    let site_value = Value::from_serializable(&serde_json::json!({
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
        pages: Value::from_serializable(&pages),
        lang: Value::from_serializable(&language_view(site, lang)),
        site: site_value,
        articles: Value::from(article_cards.clone()),
        topics: Value::from(topic_cards.clone()),
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

fn paginator(site: &Site, base: &str, items: Vec<Value>, page: usize) -> Paginator {
    let per = site.config.paginate;
    let total = page_count(items.len(), per);
    let slice: Vec<Value> = items.into_iter().skip((page - 1) * per).take(per).collect();
    Paginator {
        items: Value::from(slice),
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

#[derive(Serialize)]
struct Body<'a> {
    kind: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    content: &'a str,
    toc: &'a [Heading],
    url: String,
    permalink: String,
}

fn render_job(
    site: &Site,
    i18n: &I18n,
    templates: &Templates,
    views: &[LangViews],
    job: &Job,
) -> Result<Output, Diagnostic> {
    let langs = &site.config.languages;
    let all = vec![true; langs.len()];
    let mut ctx = Context::new();
    let (path, template) = match *job {
        Job::Landing | Job::NotFound => {
            let li = langs
                .iter()
                .position(|l| l.code == site.config.default_language)
                .unwrap_or(0);
            let v = &views[li];
            common(&mut ctx, v);
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
            let (kind, path) = if matches!(job, Job::Landing) {
                ("landing", "")
            } else {
                ("404", "404.html")
            };
            ctx.insert("page", &serde_json::json!({ "kind": kind, "languages": homes, "url": url(site, path), "permalink": join_url(&site.config.base_url, path) }));
            ctx.insert(
                "translations",
                &translations(site, li, &all, |code| format!("{code}/")),
            );
            if matches!(job, Job::Landing) {
                ("".to_string(), "landing.html")
            } else {
                ("404.html".to_string(), "404.html")
            }
        }
        Job::Home { lang, page } => {
            let v = &views[lang];
            common(&mut ctx, v);
            let code = &langs[lang].code;
            let base = format!("{code}/");
            let home = site.home.versions.get(lang).and_then(|h| h.as_ref());
            let title = home
                .map(|h| h.doc.meta.title.as_str())
                .or(site.config.title.get(code).map(String::as_str))
                .unwrap_or("");
            let path = paged(&base, page);
            ctx.insert(
                "page",
                &Body {
                    kind: "home",
                    title,
                    summary: home.and_then(|h| h.doc.meta.summary.as_deref()),
                    content: home.map(|h| h.html.as_str()).unwrap_or(""),
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
            ctx.insert("figures", &figures);
            ctx.insert(
                "paginator",
                &paginator(site, &base, v.article_cards.clone(), page),
            );
            ctx.insert(
                "translations",
                &translations(site, lang, &all, |c| format!("{c}/")),
            );
            (path, "home.html")
        }
        Job::TopicIndex { lang, page } => {
            let v = &views[lang];
            common(&mut ctx, v);
            let base = format!("{}/topics/", langs[lang].code);
            let path = paged(&base, page);
            let title = i18n
                .locale(&langs[lang].code)
                .and_then(|l| l.t("topics", None).ok())
                .unwrap_or_default();
            ctx.insert(
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
            ctx.insert(
                "paginator",
                &paginator(site, &base, v.topic_cards.clone(), page),
            );
            ctx.insert(
                "translations",
                &translations(site, lang, &all, |c| format!("{c}/topics/")),
            );
            (path, "topics.html")
        }
        Job::Article { index, lang } => {
            let v = &views[lang];
            common(&mut ctx, v);
            let a = &site.articles[index];
            let Some(version) = &a.entry.versions[lang] else {
                unreachable!("jobs list only existing versions")
            };
            let m = &version.doc.meta;
            let path = content_path(Section::Articles, &a.entry.slug, &langs[lang].code);
            let mut page = Value::from_serializable(&Body {
                kind: "article",
                title: &m.title,
                summary: Some(&m.summary),
                content: &version.html,
                toc: &version.headings,
                url: url(site, &path),
                permalink: join_url(&site.config.base_url, &path),
            });
            let card = v.article_cards[index].clone();
            page = merge(page, card);
            let related: Vec<Value> = a
                .related
                .iter()
                .map(|&i| v.article_cards[i].clone())
                .collect();
            let topics: Vec<Value> = a.topics.iter().map(|&i| v.topic_cards[i].clone()).collect();
            ctx.insert_value("page", page);
            ctx.insert("related_articles", &related);
            ctx.insert("page_topics", &topics);
            let present: Vec<bool> = a.entry.versions.iter().map(Option::is_some).collect();
            ctx.insert(
                "translations",
                &translations(site, lang, &present, |c| {
                    content_path(Section::Articles, &a.entry.slug, c)
                }),
            );
            (path, "article.html")
        }
        Job::Topic { index, lang, page } => {
            let v = &views[lang];
            common(&mut ctx, v);
            let t = &site.topics[index];
            let Some(version) = &t.entry.versions[lang] else {
                unreachable!("jobs list only existing versions")
            };
            let base = content_path(Section::Topics, &t.entry.slug, &langs[lang].code);
            let path = paged(&base, page);
            let body = Value::from_serializable(&Body {
                kind: "topic",
                title: &version.doc.meta.title,
                summary: Some(&version.doc.meta.summary),
                content: &version.html,
                toc: &version.headings,
                url: url(site, &path),
                permalink: join_url(&site.config.base_url, &path),
            });
            ctx.insert_value("page", merge(body, v.topic_cards[index].clone()));
            let cards: Vec<Value> = t
                .articles
                .iter()
                .map(|&i| v.article_cards[i].clone())
                .collect();
            ctx.insert("paginator", &paginator(site, &base, cards, page));
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
            ctx.insert("figures", &figures);
            let related: Vec<Value> = t
                .related
                .iter()
                .map(|&i| v.topic_cards[i].clone())
                .collect();
            ctx.insert("related_topics", &related);
            let present: Vec<bool> = t.entry.versions.iter().map(Option::is_some).collect();
            ctx.insert(
                "translations",
                &translations(site, lang, &present, |c| {
                    content_path(Section::Topics, &t.entry.slug, c)
                }),
            );
            (path, "topic.html")
        }
        Job::Page { index, lang } => {
            let v = &views[lang];
            common(&mut ctx, v);
            let p = &site.pages[index];
            let Some(version) = &p.versions[lang] else {
                unreachable!("jobs list only existing versions")
            };
            let path = content_path(Section::Pages, &p.slug, &langs[lang].code);
            ctx.insert(
                "page",
                &Body {
                    kind: "page",
                    title: &version.doc.meta.title,
                    summary: version.doc.meta.summary.as_deref(),
                    content: &version.html,
                    toc: &version.headings,
                    url: url(site, &path),
                    permalink: join_url(&site.config.base_url, &path),
                },
            );
            let present: Vec<bool> = p.versions.iter().map(Option::is_some).collect();
            ctx.insert(
                "translations",
                &translations(site, lang, &present, |c| {
                    content_path(Section::Pages, &p.slug, c)
                }),
            );
            (path, "page.html")
        }
    };
    let html = templates.render(template, &ctx, &path)?;
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    Ok(Output { path: file, html })
}

fn common(ctx: &mut Context, v: &LangViews) {
    ctx.insert_value("site", v.site.clone());
    ctx.insert_value("lang", v.lang.clone());
    ctx.insert_value("articles", v.articles.clone());
    ctx.insert_value("topics", v.topics.clone());
    ctx.insert_value("pages", v.pages.clone());
}

/// `base` with the keys of `extra` it does not have.
fn merge(base: Value, extra: Value) -> Value {
    match (base.into_map(), extra.as_map()) {
        (Some(mut m), Some(e)) => {
            for (k, v) in e.iter() {
                if !m.contains_key(k) {
                    m.insert(k.clone(), v.clone());
                }
            }
            Value::from(m)
        }
        (Some(m), None) => Value::from(m),
        (None, _) => extra,
    }
}
