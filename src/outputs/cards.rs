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

pub fn outputs<'a>(inputs: &'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>> {
    let Some(template) = inputs.cards else {
        return Vec::new();
    };
    let site = inputs.site;
    let cache: Arc<Path> = site.config.root.join(CACHE).into();
    let mut out: Vec<Box<dyn Output + 'a>> = Vec::new();
    for (li, l) in site.config.languages.iter().enumerate() {
        let locale = inputs.i18n.locale(&l.code);
        let string = |key: &str| {
            locale
                .and_then(|loc| loc.t(key, None).ok())
                .unwrap_or_default()
        };
        let (home, topic, none): (Arc<str>, Arc<str>, Arc<str>) = (
            string("home").into(),
            string("card_topic").into(),
            Arc::from(""),
        );
        let mut push = |of: CardOf, shows: Shows| {
            out.push(Box::new(CardOutput {
                inputs,
                template,
                cache: cache.clone(),
                li,
                path: urls::card_path(&l.code, of),
                shows,
                label: match shows {
                    Shows::Home => home.clone(),
                    Shows::Topic(_) => topic.clone(),
                    Shows::Article(_) => none.clone(),
                },
            }));
        };
        push(CardOf::Home, Shows::Home);
        for (ai, article) in site.articles.iter().enumerate() {
            if article.entry.versions[li].is_some() {
                push(CardOf::Article(&article.entry.slug), Shows::Article(ai));
            }
        }
        for (ti, t) in site.topics.iter().enumerate() {
            if t.entry.versions[li].is_some() {
                push(CardOf::Topic(&t.entry.slug), Shows::Topic(ti));
            }
        }
    }
    out
}

/// What a card is of, by index into the model.
#[derive(Clone, Copy)]
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
