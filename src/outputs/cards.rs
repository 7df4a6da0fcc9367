//! Social cards: one PNG per article, topic and home in each language (see [`crate::cards`]),
//! when the theme has a card template.
//!
//! A card's key is what it shows and the template's generation, so a card is drawn again only
//! when its title, label or site title, the template or the fonts change. Drawing is the
//! costliest thing a build does, so drawn cards are also kept by key in the site's
//! `.bayan-cache/cards/`: a build into an empty folder, or a fresh `serve`, takes them from
//! there. The cache is an aid only: when it cannot be read or written the card is drawn.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Inputs, Output, Prepared, key_of};
use crate::cards::{Card, CardLang, CardTemplate, CardText, line};
use crate::urls::{self, CardOf};

/// Where drawn cards are kept, under the site's folder.
pub const CACHE: &str = ".bayan-cache/cards";

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
        let home_title = site.home.versions[li]
            .as_ref()
            .map(|h| h.doc.meta.title.as_str())
            .unwrap_or(&site_title);
        push(CardOf::Home, home_title, string("home"), "home");
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
            let cached = self.cache.join(format!("{key:016x}.png"));
            if let Ok(bytes) = std::fs::read(&cached) {
                return Ok(bytes.into());
            }
            let png = self.template.render(&self.card, &self.path)?;
            keep(&cached, &png);
            Ok(png.into())
        })
    }
}

/// Keeps a drawn card in the cache, whole or not at all.
fn keep(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let temp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    if std::fs::write(&temp, bytes).is_ok() && std::fs::rename(&temp, path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}
