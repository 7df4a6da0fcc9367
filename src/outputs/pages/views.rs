//! What pages show of the model, as template values: cards for articles and topics, the
//! language list, translations, the free pages for navigation.
//!
//! The per-language summaries many pages share (every article's and topic's card) are
//! [`Hashed`] values, made when a page first asks for one. Reading them through [`Views`]
//! records what a page reads (see [`crate::outputs::reads`]).

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::config::Language;
use crate::content::{Figure, SourceRef};
use crate::markdown::Heading;
use crate::outputs::reads::{self, Dep};
use crate::site::{Entry, Site, Version};
use crate::urls::{self, CardOf};

use super::hashed::Whole;
pub use super::hashed::{Cards, Hashed};

#[derive(Serialize, Clone, Hash)]
pub struct LanguageView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'a str,
    /// The Open Graph locale (`ar_AR`).
    pub locale: &'a str,
    pub url: String,
}

// Cards own their text: they are made when first asked for, and a value made on demand cannot
// borrow from what it is kept beside.

#[derive(Serialize, Hash)]
struct TopicRef {
    slug: String,
    title: String,
    url: String,
    lang: String,
    dir: &'static str,
}

#[derive(Serialize, Hash)]
struct ArticleCard {
    slug: String,
    title: String,
    summary: String,
    url: String,
    date: Option<String>,
    lang: String,
    dir: &'static str,
    /// True when shown in another language than the page's, for want of a translation.
    missing: bool,
    source: SourceRef,
    topics: Vec<TopicRef>,
    figures: Vec<Figure>,
}

#[derive(Serialize, Hash)]
struct TopicCard {
    slug: String,
    title: String,
    summary: String,
    url: String,
    lang: String,
    dir: &'static str,
    missing: bool,
    count: usize,
}

/// An entry of the language switcher.
#[derive(Serialize, Hash)]
pub struct Translation<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    locale: &'a str,
    /// The page in that language, or `None` when it has not been translated.
    url: Option<String>,
    /// The absolute URL, for `hreflang` alternates.
    permalink: Option<String>,
    current: bool,
}

/// A free page in the navigation.
#[derive(Serialize, Hash)]
struct NavPage<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
}

/// The site's settings as templates see them.
#[derive(Serialize, Hash)]
struct SiteView<'a> {
    title: Option<&'a String>,
    description: Option<&'a String>,
    titles: &'a std::collections::BTreeMap<String, String>,
    base_url: &'a str,
    base_path: &'a str,
    default_language: &'a str,
    languages: Vec<LanguageView<'a>>,
    /// Whether the site has search (its pages, its index).
    search: bool,
}

/// A key figure with the card of the article it comes from.
#[derive(Serialize, Hash)]
pub struct FigureView<'a, 'b> {
    value: &'a str,
    label: &'a str,
    article: &'a Hashed<'b>,
}

/// A rendered body in a context: hashed by the hash made when it was rendered, and read back
/// only when the page is rendered if a build spilled it.
pub struct Html<'a> {
    html: crate::spill::Html<'a>,
    hash: u64,
}

impl<'a> Html<'a> {
    pub const EMPTY: Html<'static> = Html {
        html: crate::spill::Html::Text(""),
        hash: 0,
    };

    pub fn of<M>(version: &'a Version<M>) -> Html<'a> {
        Html {
            html: version.html(),
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
        let text = (self.html.text())
            .map_err(|e| serde::ser::Error::custom(crate::spill::unread("a body", &e)))?;
        s.serialize_str(&text)
    }
}

/// What a page says about itself: `page` in every template.
#[derive(Serialize, Hash)]
pub struct Body<'a> {
    pub kind: &'a str,
    pub title: std::borrow::Cow<'a, str>,
    pub summary: Option<&'a str>,
    pub content: Html<'a>,
    pub toc: &'a [Heading],
    pub url: &'a str,
    pub permalink: &'a str,
    /// The page's social card, when the theme draws them.
    pub image: Option<Image>,
    /// The original, when this page is a translation that may lag it.
    pub outdated: Option<Outdated<'a>>,
}

/// The original of an outdated translation, as its page names it: `page.outdated`.
#[derive(Serialize, Hash)]
pub struct Outdated<'a> {
    /// Its language's code, name (in that language) and direction.
    pub lang: &'a str,
    pub name: &'a str,
    pub dir: &'a str,
    pub url: &'a str,
}

/// A social card as pages name it: `page.image` (`og:image` and its size and text).
#[derive(Serialize, Hash)]
pub struct Image {
    pub url: String,
    pub permalink: String,
    pub width: u32,
    pub height: u32,
    /// What the card says, for `og:image:alt`.
    pub alt: String,
}

/// An entry's body with the keys of its card (date, source, topics, count…): `page` on article
/// and topic pages.
#[derive(Serialize, Hash)]
pub struct WithCard<'a> {
    #[serde(flatten)]
    pub card: &'a Hashed<'a>,
    #[serde(flatten)]
    pub body: Body<'a>,
}

/// What every page of one language shares. The cards are made when a page first asks for one:
/// a rebuild that prepares a few pages makes a few cards.
pub struct LangViews<'a> {
    pub lang: Hashed<'a>,
    pub site: Hashed<'a>,
    /// By article index.
    article_cards: Vec<OnceLock<Hashed<'static>>>,
    /// By topic index.
    topic_cards: Vec<OnceLock<Hashed<'static>>>,
    /// The hashes of the two lists whole.
    articles: OnceLock<u64>,
    topics: OnceLock<u64>,
    all_articles: OnceLock<Value>,
    all_topics: OnceLock<Value>,
    /// The free pages, for navigation.
    pub pages: Hashed<'a>,
}

/// What every page's context has: `site`, `lang`, `pages`, `articles` and `topics`.
#[derive(Serialize, Hash)]
pub struct Common<'a> {
    site: &'a Hashed<'a>,
    lang: &'a Hashed<'a>,
    pages: &'a Hashed<'a>,
    articles: Whole<'a>,
    topics: Whole<'a>,
}

/// The views of every language, and whether templates mention the whole lists.
pub struct Views<'a> {
    pub site: &'a Site,
    pub langs: Vec<LangViews<'a>>,
    reads_articles: bool,
    reads_topics: bool,
    /// Whether the theme draws social cards.
    cards: bool,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, mention: impl Fn(&str) -> bool, cards: bool) -> Views<'a> {
        Views {
            site,
            langs: (0..site.config.languages.len())
                .into_par_iter()
                .map(|li| lang_views(site, li))
                .collect(),
            reads_articles: mention("articles"),
            reads_topics: mention("topics"),
            cards,
        }
    }

    /// The social card `of` in language `li`, whose title is `title`; `None` when the theme
    /// draws none. Pages without a card of their own (topic index, free pages) show the home's.
    pub fn image(&self, li: usize, of: CardOf, title: &str) -> Option<Image> {
        if !self.cards {
            return None;
        }
        let site = self.site;
        let code = &site.config.languages[li].code;
        let path = urls::card_path(code, of);
        let alt = match site.config.title.get(code) {
            Some(name) if name != title => format!("{title} · {name}"),
            _ => title.to_string(),
        };
        Some(Image {
            url: site.urls.url(&path),
            permalink: site.urls.permalink(&path),
            width: crate::cards::WIDTH,
            height: crate::cards::HEIGHT,
            alt,
        })
    }

    /// The home's card in language `li`, for pages without one of their own.
    pub fn home_image(&self, li: usize) -> Option<Image> {
        self.image(li, CardOf::Home, self.home_title(li))
    }

    /// What every page of language `li` has.
    pub fn common(&'a self, li: usize) -> Common<'a> {
        let v = &self.langs[li];
        reads::read(Dep::Pages);
        // A whole list reads any entry of its kind; an article's card shows its topics.
        let articles = self.reads_articles.then(|| {
            reads::read(Dep::Articles);
            reads::read(Dep::Topics);
            let n = self.site.articles.len();
            (0..n).map(|i| self.made_article_card(li, i)).collect()
        });
        let topics = self.reads_topics.then(|| {
            reads::read(Dep::Topics);
            let n = self.site.topics.len();
            (0..n).map(|i| self.made_topic_card(li, i)).collect()
        });
        Common {
            site: &v.site,
            lang: &v.lang,
            pages: &v.pages,
            articles: Whole::new(articles, &v.all_articles, &v.articles),
            topics: Whole::new(topics, &v.all_topics, &v.topics),
        }
    }

    /// The card of article `ai` in language `li`, which shows the article and its topics.
    pub fn article_card(&self, li: usize, ai: usize) -> &Hashed<'a> {
        let site = self.site;
        reads::read(Dep::Article(ai as u32));
        for &ti in &site.articles[ai].topics {
            reads::read(Dep::Topic(ti as u32));
        }
        self.made_article_card(li, ai)
    }

    /// That card, without recording what it reads.
    fn made_article_card(&self, li: usize, ai: usize) -> &Hashed<'a> {
        self.langs[li].article_cards[ai].get_or_init(|| article_card(self.site, li, ai))
    }

    /// The card of topic `ti` in language `li`.
    pub fn topic_card(&self, li: usize, ti: usize) -> &Hashed<'a> {
        reads::read(Dep::Topic(ti as u32));
        self.made_topic_card(li, ti)
    }

    /// That card, without recording what it reads.
    fn made_topic_card(&self, li: usize, ti: usize) -> &Hashed<'a> {
        self.langs[li].topic_cards[ti].get_or_init(|| topic_card(self.site, li, ti))
    }

    /// The home text's title in language `li` (else the site's title).
    pub fn home_title(&self, li: usize) -> &'a str {
        reads::read(Dep::Home);
        self.site.home_title(li)
    }

    /// The original of `entry`'s version in language `li` when that version is an outdated
    /// translation.
    pub fn outdated<M>(&self, entry: &'a Entry<M>, li: usize) -> Option<Outdated<'a>> {
        let v = entry.versions.get(li)?.as_ref()?;
        let crate::translations::State::Outdated { original } = v.translation else {
            return None;
        };
        let source = entry.versions.get(original)?.as_ref()?;
        let l = self.site.config.languages.get(original)?;
        Some(Outdated {
            lang: &l.code,
            name: &l.name,
            dir: l.dir.as_str(),
            url: &source.address.url,
        })
    }

    /// The language switcher of a page in language `current` whose version in language `i`
    /// exists where `present[i]`, at `path_for(code)`.
    pub fn translations(
        &self,
        current: usize,
        present: &[bool],
        path_for: impl Fn(&str) -> String,
    ) -> Vec<Translation<'a>> {
        let site = self.site;
        site.config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| Translation {
                code: &l.code,
                name: &l.name,
                dir: l.dir.as_str(),
                locale: &l.locale,
                url: present[i].then(|| site.urls.url(&path_for(&l.code))),
                permalink: present[i].then(|| site.urls.permalink(&path_for(&l.code))),
                current: i == current,
            })
            .collect()
    }

    /// Key figures of articles `articles` (indices, in order) in language `li`: at most `per`
    /// from each article, `limit` in all.
    pub fn figures(
        &'a self,
        li: usize,
        articles: impl Iterator<Item = usize>,
        per: usize,
        limit: usize,
    ) -> Vec<FigureView<'a, 'a>> {
        let site = self.site;
        articles
            .filter_map(|ai| {
                reads::read(Dep::Article(ai as u32));
                site.articles[ai].entry.versions[li]
                    .as_ref()
                    .map(|v| (ai, v))
            })
            .flat_map(|(ai, v)| v.doc.meta.figures.iter().take(per).map(move |f| (ai, f)))
            .take(limit)
            .map(|(ai, f)| FigureView {
                value: &f.value,
                label: &f.label,
                article: self.article_card(li, ai),
            })
            .collect()
    }
}

pub fn language_view<'a>(site: &Site, l: &'a Language) -> LanguageView<'a> {
    LanguageView {
        code: &l.code,
        name: &l.name,
        dir: l.dir.as_str(),
        locale: &l.locale,
        url: site.urls.url(&urls::home_path(&l.code)),
    }
}

/// The card of article `ai` in language `li`.
fn article_card(site: &Site, li: usize, ai: usize) -> Hashed<'static> {
    let langs = &site.config.languages;
    let topic_ref = |ti: usize| {
        let t = &site.topics[ti];
        let (vi, v) = t.entry.version_or_fallback(li);
        TopicRef {
            slug: t.entry.slug.clone(),
            title: v.doc.meta.title.clone(),
            url: v.address.url.clone(),
            lang: langs[vi].code.clone(),
            dir: langs[vi].dir.as_str(),
        }
    };
    let a = &site.articles[ai];
    let (vi, v) = a.entry.version_or_fallback(li);
    let m = &v.doc.meta;
    Hashed::lazy(ArticleCard {
        slug: a.entry.slug.clone(),
        title: m.title.clone(),
        summary: m.summary.clone(),
        url: v.address.url.clone(),
        date: m.date.map(|d| d.to_string()),
        lang: langs[vi].code.clone(),
        dir: langs[vi].dir.as_str(),
        missing: vi != li,
        source: m.source.clone(),
        topics: a.topics.iter().map(|&ti| topic_ref(ti)).collect(),
        figures: m.figures.clone(),
    })
}

/// The card of topic `ti` in language `li`.
fn topic_card(site: &Site, li: usize, ti: usize) -> Hashed<'static> {
    let langs = &site.config.languages;
    let t = &site.topics[ti];
    let (vi, v) = t.entry.version_or_fallback(li);
    Hashed::lazy(TopicCard {
        slug: t.entry.slug.clone(),
        title: v.doc.meta.title.clone(),
        summary: v.doc.meta.summary.clone(),
        url: v.address.url.clone(),
        lang: langs[vi].code.clone(),
        dir: langs[vi].dir.as_str(),
        missing: vi != li,
        count: t.articles.len(),
    })
}

fn lang_views(site: &Site, li: usize) -> LangViews<'_> {
    let langs = &site.config.languages;
    let lang = &langs[li];
    let c = &site.config;
    let site_view = SiteView {
        title: c.title.get(&lang.code),
        description: c.description.get(&lang.code),
        titles: &c.title,
        base_url: &c.base_url,
        base_path: &c.base_path,
        default_language: &c.default_language,
        languages: langs.iter().map(|l| language_view(site, l)).collect(),
        search: c.search,
    };
    let pages: Vec<NavPage> = site
        .free_pages
        .iter()
        .filter_map(|p| p.versions[li].as_ref().map(|v| (p, v)))
        .map(|(p, v)| NavPage {
            slug: &p.slug,
            title: &v.doc.meta.title,
            url: &v.address.url,
        })
        .collect();
    LangViews {
        pages: Hashed::of(&pages),
        lang: Hashed::of(&language_view(site, lang)),
        site: Hashed::of(&site_view),
        articles: OnceLock::new(),
        topics: OnceLock::new(),
        article_cards: site.articles.iter().map(|_| OnceLock::new()).collect(),
        topic_cards: site.topics.iter().map(|_| OnceLock::new()).collect(),
        all_articles: OnceLock::new(),
        all_topics: OnceLock::new(),
    }
}
