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
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Language;
use crate::content::{Figure, Section, SourceRef};
use crate::error::{Collector, Diagnostic, Error};
use crate::i18n::I18n;
use crate::markdown::Heading;
use crate::render::{Templates, join_url};
use crate::site::{Site, Version, content_path};

/// A rendered page: its path under the output folder, and its HTML.
#[derive(Debug)]
pub struct Output {
    pub path: String,
    pub html: String,
}

/// Hashes what it is fed in one pass at the end: a context is many small pieces, for which
/// buffering them and hashing once is much cheaper than hashing piece by piece.
#[derive(Default)]
struct Xxh3(Vec<u8>);

impl Xxh3 {
    fn new() -> Xxh3 {
        Xxh3(Vec::with_capacity(512))
    }
}

impl Hasher for Xxh3 {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

/// The pages of a build, by path, with the key of the context each was rendered from.
#[derive(Default)]
pub struct Pages(HashMap<String, (u64, Arc<Output>)>);

impl Pages {
    /// The file at `path` if it was made from inputs with this key.
    pub fn get(&self, path: &str, key: u64) -> Option<Arc<Output>> {
        self.0
            .get(path)
            .filter(|(k, _)| *k == key)
            .map(|(_, o)| o.clone())
    }

    pub fn insert(&mut self, key: u64, output: Arc<Output>) {
        self.0.insert(output.path.clone(), (key, output));
    }
}

/// A Tera value and a hash of what it was made from. The value may be made only when a page
/// being rendered needs it: most builds render few pages, and hashing is cheaper than building.
struct Hashed<'a> {
    hash: u64,
    value: OnceLock<Value>,
    make: Option<Maker<'a>>,
}

type Maker<'a> = Box<dyn Fn() -> Value + Send + Sync + 'a>;

impl<'a> Hashed<'a> {
    fn of<T: Serialize + Hash>(t: &T) -> Hashed<'a> {
        Hashed {
            hash: hash_of(t),
            value: OnceLock::from(Value::from_serializable(t)),
            make: None,
        }
    }

    /// Hashes `t` now and makes its value when first asked.
    fn lazy<T: Serialize + Hash + Send + Sync + 'a>(t: T) -> Hashed<'a> {
        Hashed {
            hash: hash_of(&t),
            value: OnceLock::new(),
            make: Some(Box::new(move || Value::from_serializable(&t))),
        }
    }

    /// For values without a `Hash` of their own: hashed by their JSON text.
    fn json(v: &serde_json::Value) -> Hashed<'a> {
        Hashed {
            hash: xxhash_rust::xxh3::xxh3_64(v.to_string().as_bytes()),
            value: OnceLock::from(Value::from_serializable(v)),
            make: None,
        }
    }

    fn value(&self) -> &Value {
        self.value.get_or_init(|| match &self.make {
            Some(make) => make(),
            None => Value::none(),
        })
    }
}

fn hash_of<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = Xxh3::new();
    t.hash(&mut h);
    h.finish()
}

/// The hash of a list of hashed values, as [`Cards`] hashes it.
fn list_hash(items: &[Hashed]) -> u64 {
    hash_of(&Cards(items.iter().collect()))
}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl Serialize for Hashed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(s)
    }
}

/// A page's template context and the running hash of everything inserted into it. A context
/// can be made for its key alone (`ctx` is `None`): values are hashed but not built, which is
/// all an unchanged page costs.
struct PageContext {
    ctx: Option<Context>,
    key: Xxh3,
}

impl PageContext {
    fn new(generation: u64, build: bool) -> PageContext {
        let mut key = Xxh3::new();
        key.write_u64(generation);
        PageContext {
            ctx: build.then(Context::new),
            key,
        }
    }

    fn insert<T: Serialize + Hash>(&mut self, name: &'static str, value: &T) {
        name.hash(&mut self.key);
        value.hash(&mut self.key);
        if let Some(ctx) = &mut self.ctx {
            ctx.insert(name, value);
        }
    }

    fn insert_hashed(&mut self, name: &'static str, value: &Hashed) {
        name.hash(&mut self.key);
        self.key.write_u64(value.hash);
        if let Some(ctx) = &mut self.ctx {
            ctx.insert_value(name, value.value().clone());
        }
    }

    fn insert_list<'a, 'b: 'a>(
        &mut self,
        name: &'static str,
        items: impl Iterator<Item = &'a Hashed<'b>>,
    ) {
        self.insert(name, &Cards(items.collect()));
    }

    /// Inserts a whole list whose hash was made beforehand (with [`list_hash`]); `read` says
    /// whether the templates mention it at all (if not, it cannot change a page).
    /// `whole` holds the list's value once made: it is made at most once for all pages.
    fn insert_all(
        &mut self,
        name: &'static str,
        items: &[Hashed],
        whole: &OnceLock<Value>,
        hash: u64,
        read: bool,
    ) {
        if read {
            name.hash(&mut self.key);
            self.key.write_u64(hash);
        }
        if let Some(ctx) = &mut self.ctx {
            let list = whole.get_or_init(|| {
                Value::from(items.iter().map(|i| i.value().clone()).collect::<Vec<_>>())
            });
            ctx.insert_value(name, list.clone());
        }
    }

    /// Inserts `body` with the keys of `card` it does not have.
    fn insert_merged(&mut self, name: &'static str, body: &Body, card: &Hashed) {
        name.hash(&mut self.key);
        body.hash(&mut self.key);
        self.key.write_u64(card.hash);
        if let Some(ctx) = &mut self.ctx {
            ctx.insert_value(name, merge(Value::from_serializable(body), card.value()));
        }
    }
}

/// Cards in a context: hashed by the hashes made with them.
struct Cards<'a, 'b>(Vec<&'a Hashed<'b>>);

impl Hash for Cards<'_, '_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        for c in &self.0 {
            state.write_u64(c.hash);
        }
    }
}

impl Serialize for Cards<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|c| c.value()))
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
struct Paginator<'a, 'b> {
    items: Cards<'a, 'b>,
    number: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

/// An entry of a paginator's `pages`: a page to link, or a gap where pages are left out.
#[derive(Serialize, Hash)]
#[serde(untagged)]
enum PageLink {
    Page {
        number: usize,
        url: String,
        gap: bool,
    },
    Gap {
        gap: bool,
    },
}

/// How many key figures a topic page shows at most, from its newest articles: a topic with
/// thousands of articles must not make one giant page.
const TOPIC_FIGURES: usize = 24;

/// How many pages either side of the current one a paginator links.
const PAGE_WINDOW: usize = 2;

/// The page numbers a paginator links, in order, with `None` for a gap: the first, the last and
/// [`PAGE_WINDOW`] either side of `page`. A gap of one page is shown as that page.
fn page_numbers(page: usize, total: usize) -> Vec<Option<usize>> {
    let near = page.saturating_sub(PAGE_WINDOW).max(1)..=(page + PAGE_WINDOW).min(total);
    let mut shown: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .filter(|&n| n >= 1 && n <= total)
        .collect();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &n) in shown.iter().enumerate() {
        match i.checked_sub(1).map(|j| n - shown[j]) {
            Some(2) => out.push(Some(n - 1)),
            Some(d) if d > 2 => out.push(None),
            _ => {}
        }
        out.push(Some(n));
    }
    out
}

#[derive(Serialize, Hash)]
struct FigureView<'a, 'b> {
    value: &'a str,
    label: &'a str,
    article: &'a Hashed<'b>,
}

/// What is shared by all pages of one language.
struct LangViews<'a> {
    lang: Hashed<'a>,
    site: Hashed<'a>,
    /// By article index.
    article_cards: Vec<Hashed<'a>>,
    /// By topic index.
    topic_cards: Vec<Hashed<'a>>,
    /// The hashes of the two lists whole.
    articles: u64,
    topics: u64,
    /// The two lists whole, made once on first use and shared by every page that has them.
    all_articles: OnceLock<Value>,
    all_topics: OnceLock<Value>,
    /// The free pages, for navigation.
    pages: Hashed<'a>,
}

/// What every page's context is made with.
struct Inputs<'a> {
    site: &'a Site,
    i18n: &'a I18n,
    templates: &'a Templates,
    views: Vec<LangViews<'a>>,
    /// Whether the templates mention the all-articles and all-topics lists.
    reads_articles: bool,
    reads_topics: bool,
}

impl<'a> Inputs<'a> {
    fn new(site: &'a Site, i18n: &'a I18n, templates: &'a Templates) -> Inputs<'a> {
        Inputs {
            site,
            i18n,
            templates,
            views: (0..site.config.languages.len())
                .into_par_iter()
                .map(|li| lang_views(site, li))
                .collect(),
            reads_articles: templates.mention("articles"),
            reads_topics: templates.mention("topics"),
        }
    }
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
    let inputs = Inputs::new(site, i18n, templates);
    let jobs = jobs(site);
    let results: Vec<Result<(u64, Arc<Output>), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let key = |page: PageContext, template: &str, path: &str| {
                let mut key = page.key;
                template.hash(&mut key);
                path.hash(&mut key);
                key.finish()
            };
            let (path, template, page) = context(&inputs, job, false);
            let key = key(page, template, &path);
            let file = file_name(path.clone());
            if let Some((old, output)) = previous.0.get(&file)
                && *old == key
            {
                return Ok((key, output.clone()));
            }
            let (_, _, page) = context(&inputs, job, true);
            let ctx = page.ctx.unwrap_or_default();
            let html = templates.render(template, &ctx, &path)?;
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

/// Renders every page of `site` and hands each to `write` as soon as it is made, keeping none:
/// a one-off build holds one page per thread instead of the whole site. Returns the pages' paths
/// in the same order as [`render_all`].
pub fn render_each(
    site: &Site,
    i18n: &I18n,
    templates: &Templates,
    write: impl Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync,
) -> Result<Vec<String>, Error> {
    let inputs = Inputs::new(site, i18n, templates);
    let results: Vec<Result<String, Diagnostic>> = jobs(site)
        .par_iter()
        .map(|job| {
            let (path, template, page) = context(&inputs, job, true);
            let ctx = page.ctx.unwrap_or_default();
            let html = templates.render(template, &ctx, &path)?;
            let file = file_name(path);
            write(&file, html.as_bytes())?;
            Ok(file)
        })
        .collect();
    let mut paths = Vec::with_capacity(results.len());
    let mut errors = Collector::default();
    for r in results {
        match r {
            Ok(path) => paths.push(path),
            Err(d) => errors.push(d),
        }
    }
    errors.finish(paths)
}

/// The file a page's URL path is written to.
fn file_name(path: String) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    }
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

fn lang_views(site: &Site, li: usize) -> LangViews<'_> {
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
            Hashed::lazy(ArticleCard {
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
            Hashed::lazy(TopicCard {
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
        articles: list_hash(&article_cards),
        topics: list_hash(&topic_cards),
        article_cards,
        topic_cards,
        all_articles: OnceLock::new(),
        all_topics: OnceLock::new(),
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

fn paginator<'a, 'b>(
    site: &Site,
    base: &str,
    items: impl ExactSizeIterator<Item = &'a Hashed<'b>>,
    page: usize,
) -> Paginator<'a, 'b> {
    let per = site.config.paginate;
    let total = page_count(items.len(), per);
    Paginator {
        items: Cards(items.skip((page - 1) * per).take(per).collect()),
        number: page,
        total,
        prev: (page > 1).then(|| url(site, &paged(base, page - 1))),
        next: (page < total).then(|| url(site, &paged(base, page + 1))),
        pages: page_numbers(page, total)
            .into_iter()
            .map(|n| match n {
                Some(number) => PageLink::Page {
                    number,
                    url: url(site, &paged(base, number)),
                    gap: false,
                },
                None => PageLink::Gap { gap: true },
            })
            .collect(),
    }
}

/// A rendered body in a context: hashed by the hash made when it was rendered.
struct Html<'a> {
    text: &'a str,
    hash: u64,
}

impl<'a> Html<'a> {
    const EMPTY: Html<'static> = Html { text: "", hash: 0 };

    fn of<M>(version: &'a Version<M>) -> Html<'a> {
        Html {
            text: &version.body.html,
            hash: version.html_hash,
        }
    }
}

impl Hash for Html<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl Serialize for Html<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.text)
    }
}

#[derive(Serialize, Hash)]
struct Body<'a> {
    kind: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    content: Html<'a>,
    toc: &'a [Heading],
    url: String,
    permalink: String,
}

/// The page a job makes: its path, its template and its context.
fn context(inputs: &Inputs, job: &Job, build: bool) -> (String, &'static str, PageContext) {
    let site = inputs.site;
    let langs = &site.config.languages;
    let all = vec![true; langs.len()];
    let mut page = PageContext::new(inputs.templates.generation(), build);
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
                    content: home.map(Html::of).unwrap_or(Html::EMPTY),
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
                    article: &v.article_cards[ai],
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
                    content: Html::EMPTY,
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
            let body = Body {
                kind: "article",
                title: &m.title,
                summary: Some(&m.summary),
                content: Html::of(version),
                toc: &version.body.headings,
                url: url(site, &path),
                permalink: join_url(&site.config.base_url, &path),
            };
            page.insert_merged("page", &body, &v.article_cards[index]);
            page.insert_list(
                "related_articles",
                a.related.iter().map(|&i| &v.article_cards[i]),
            );
            page.insert_list("page_topics", a.topics.iter().map(|&i| &v.topic_cards[i]));
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
            let body = Body {
                kind: "topic",
                title: &version.doc.meta.title,
                summary: Some(&version.doc.meta.summary),
                content: Html::of(version),
                toc: &version.body.headings,
                url: url(site, &path),
                permalink: join_url(&site.config.base_url, &path),
            };
            page.insert_merged("page", &body, &v.topic_cards[index]);
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
                .take(TOPIC_FIGURES)
                .map(|(ai, f)| FigureView {
                    value: &f.value,
                    label: &f.label,
                    article: &v.article_cards[ai],
                })
                .collect();
            page.insert("figures", &figures);
            page.insert_list(
                "related_topics",
                t.related.iter().map(|&i| &v.topic_cards[i]),
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
                    content: Html::of(version),
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
    page.insert_all(
        "articles",
        &v.article_cards,
        &v.all_articles,
        v.articles,
        inputs.reads_articles,
    );
    page.insert_all(
        "topics",
        &v.topic_cards,
        &v.all_topics,
        v.topics,
        inputs.reads_topics,
    );
}

/// `base` with the keys of `extra` it does not have.
fn merge(base: Value, extra: &Value) -> Value {
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
        (None, _) => extra.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(page: usize, total: usize) -> String {
        page_numbers(page, total)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn pagination_links_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 3), "1 2 3");
        assert_eq!(shown(1, 7), "1 2 3 … 7");
        assert_eq!(shown(4, 7), "1 2 3 4 5 6 7");
        assert_eq!(shown(5, 7), "1 2 3 4 5 6 7");
        assert_eq!(shown(250, 500), "1 … 248 249 250 251 252 … 500");
        assert_eq!(shown(500, 500), "1 … 498 499 500");
        // A gap of one page shows the page instead.
        assert_eq!(shown(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(shown(6, 12), "1 … 4 5 6 7 8 … 12");
    }
}
