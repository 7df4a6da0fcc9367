//! Social cards: one PNG per article, topic and home in each language (see [`crate::cards`]),
//! when the theme has a card template.
//!
//! A card's key is what it shows and the template's generation, so a card is drawn again only
//! when its title, label or site title, the template or the fonts change. Drawing is the
//! costliest thing a build does, so drawn cards are also kept by key in the site's
//! `.bayan-cache/cards/` ([`Prepared::cached`]): a build into an empty folder, or a fresh
//! `serve`, takes them from there, and on disk links them rather than writing them again.

use std::path::PathBuf;

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
    let cache = site.config.root.join(CACHE);
    let mut out: Vec<Box<dyn Output + 'a>> = Vec::new();
    for (li, l) in site.config.languages.iter().enumerate() {
        let dir = l.dir.as_str();
        let locale = inputs.i18n.locale(&l.code);
        let string = |key: &str| {
            locale
                .and_then(|loc| loc.t(key, None).ok())
                .unwrap_or_default()
        };
        let site_title = site.config.title.get(&l.code).cloned().unwrap_or_default();
        let mut push = |of: CardOf, title: &str, label: String, kind: &'static str| {
            out.push(Box::new(CardOutput {
                template,
                cache: cache.clone(),
                write_cache: site.config.writes_cache,
                path: urls::card_path(&l.code, of),
                card: Card {
                    lang: CardLang { code: &l.code, dir },
                    card: CardText {
                        kind,
                        site: line(&site_title, dir),
                        title: title.to_string(),
                        label: line(&label, dir),
                    },
                },
            }));
        };
        push(CardOf::Home, site.home_title(li), string("home"), "home");
        for article in &site.articles {
            if let Some(v) = &article.entry.versions[li] {
                let label = article
                    .topics
                    .first()
                    .map(|&ti| {
                        let (_, t) = site.topics[ti].entry.version_or_fallback(li);
                        t.doc.meta.title.clone()
                    })
                    .unwrap_or_default();
                push(
                    CardOf::Article(&article.entry.slug),
                    &v.doc.meta.title,
                    label,
                    "article",
                );
            }
        }
        for topic in &site.topics {
            if let Some(v) = &topic.entry.versions[li] {
                push(
                    CardOf::Topic(&topic.entry.slug),
                    &v.doc.meta.title,
                    string("card_topic"),
                    "topic",
                );
            }
        }
    }
    out
}

struct CardOutput<'a> {
    template: &'a CardTemplate,
    cache: PathBuf,
    write_cache: bool,
    path: String,
    card: Card<'a>,
}

impl Output for CardOutput<'_> {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        let key = key_of(&(self.template.generation(), &self.card));
        Prepared::new(key, move || {
            Ok(self.template.render(&self.card, &self.path)?.into())
        })
        .cached(self.cache.clone(), self.write_cache)
    }
}
