//! Social cards: one PNG per article, topic and home in each language (see [`crate::cards`]),
//! when the theme has a card template.
//!
//! A card's key is what it shows and the template's generation, so a card is drawn again only
//! when its title, label or site title, the template or the fonts change. Drawing is the
//! costliest thing a build does, so drawn cards are also kept by key in the site's
//! `.bayan-cache/cards/` ([`Prepared::cached`]): a build into an empty folder, or a fresh
//! `serve`, takes them from there, and on disk links them rather than writing them again.

use std::path::Path;
use std::sync::Arc;

use super::reads::{self, Dep};
use super::{Inputs, Output, Prepared, key_of};
use crate::cards::{Card, CardLang, CardTemplate, CardText, line};
use crate::urls::{self, CardOf};

/// Where drawn cards are kept, under the site's folder.
const CACHE: &str = ".bayan-cache/cards";

/// A card's place in the listing: its language and what it shows. It borrows nothing, so a
/// session keeps its build's listing for the next edit that keeps the site's shape (as with
/// [`super::pages::Slot`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    li: usize,
    shows: Shows,
}

/// Every card of the site, when the theme draws them: per language the home's, each article's
/// and each topic's.
pub fn slots(inputs: &Inputs) -> Vec<Slot> {
    if inputs.cards.is_none() {
        return Vec::new();
    }
    let site = inputs.site;
    let mut slots = Vec::new();
    for li in 0..site.config.languages.len() {
        slots.push(Slot {
            li,
            shows: Shows::Home,
        });
        for (ai, article) in site.articles.iter().enumerate() {
            if article.entry.versions[li].is_some() {
                let shows = Shows::Article(ai);
                slots.push(Slot { li, shows });
            }
        }
        for (ti, t) in site.topics.iter().enumerate() {
            if t.entry.versions[li].is_some() {
                let shows = Shows::Topic(ti);
                slots.push(Slot { li, shows });
            }
        }
    }
    slots
}

/// What every card of a run shares: the template, the cache folder and, per language, the
/// labels of the home's and the topics' cards (an article's is its first topic's title).
pub struct Shared<'a> {
    template: &'a CardTemplate,
    cache: Arc<Path>,
    labels: Vec<(Arc<str>, Arc<str>)>,
    none: Arc<str>,
}

/// What the cards of a run share; `None` when the theme draws none.
pub fn shared<'a>(inputs: &'a Inputs<'a>) -> Option<Shared<'a>> {
    let template = inputs.cards?;
    let site = inputs.site;
    let labels = site
        .config
        .languages
        .iter()
        .map(|l| {
            let locale = inputs.i18n.locale(&l.code);
            let string = |key: &str| -> Arc<str> {
                locale
                    .and_then(|loc| loc.t(key, None).ok())
                    .unwrap_or_default()
                    .into()
            };
            (string("home"), string("card_topic"))
        })
        .collect();
    Some(Shared {
        template,
        cache: site.config.root.join(CACHE).into(),
        labels,
        none: Arc::from(""),
    })
}

/// The card at `slot` as an output; `None` if the site has no such card.
pub fn output<'a>(
    inputs: &'a Inputs<'a>,
    shared: &Shared<'a>,
    slot: Slot,
) -> Option<Box<dyn Output + 'a>> {
    let site = inputs.site;
    let Slot { li, shows } = slot;
    let code = &site.config.languages.get(li)?.code;
    let (home, topic) = shared.labels.get(li)?;
    let (of, label) = match shows {
        Shows::Home => (CardOf::Home, home.clone()),
        Shows::Article(ai) => {
            let slug = &site.articles.get(ai)?.entry.slug;
            (CardOf::Article(slug), shared.none.clone())
        }
        Shows::Topic(ti) => (
            CardOf::Topic(&site.topics.get(ti)?.entry.slug),
            topic.clone(),
        ),
    };
    Some(Box::new(CardOutput {
        inputs,
        template: shared.template,
        cache: shared.cache.clone(),
        li,
        path: urls::card_path(code, of),
        shows,
        label,
    }))
}

/// What a card is of, by index into the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shows {
    Home,
    Article(usize),
    Topic(usize),
}

struct CardOutput<'a> {
    inputs: &'a Inputs<'a>,
    template: &'a CardTemplate,
    cache: Arc<Path>,
    li: usize,
    path: String,
    shows: Shows,
    /// What the page is, for a home or topic card ("Home", "Topic").
    label: Arc<str>,
}

impl CardOutput<'_> {
    /// The card, made from the model as the output is prepared, which records what it reads.
    fn card(&self) -> Card<'_> {
        let site = self.inputs.site;
        let li = self.li;
        let l = &site.config.languages[li];
        let dir = l.dir.as_str();
        let site_title = site.config.title.get(&l.code).map_or("", String::as_str);
        let (kind, title, label) = match self.shows {
            Shows::Home => {
                reads::read(Dep::Home);
                ("home", site.home_title(li), self.label.to_string())
            }
            Shows::Article(ai) => {
                reads::read(Dep::Article(ai as u32));
                let article = &site.articles[ai];
                let label = article
                    .topics
                    .first()
                    .map(|&ti| {
                        reads::read(Dep::Topic(ti as u32));
                        let (_, t) = site.topics[ti].entry.version_or_fallback(li);
                        t.doc.meta.title.clone()
                    })
                    .unwrap_or_default();
                let (_, v) = article.entry.version_or_fallback(li);
                ("article", v.doc.meta.title.as_str(), label)
            }
            Shows::Topic(ti) => {
                reads::read(Dep::Topic(ti as u32));
                let (_, v) = site.topics[ti].entry.version_or_fallback(li);
                ("topic", v.doc.meta.title.as_str(), self.label.to_string())
            }
        };
        Card {
            lang: CardLang { code: &l.code, dir },
            card: CardText {
                kind,
                site: line(site_title, dir),
                title: title.to_string(),
                label: line(&label, dir),
            },
        }
    }
}

impl Output for CardOutput<'_> {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        let card = self.card();
        let key = key_of(&(self.template.generation(), &card));
        let write_cache = self.inputs.site.config.writes_cache;
        Prepared::new(key, move || {
            Ok(self.template.render(&card, &self.path)?.into())
        })
        .cached(&self.cache, write_cache)
    }
}
