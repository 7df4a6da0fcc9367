//! Edits that keep the site's shape, applied to the model in place.
//!
//! Most saves in `serve` change one file's words: its body, its title or summary, a figure.
//! Such an edit changes no entry's existence, order or relations, so the model need not be
//! made again: the edited version's body is rendered, the document put in place, and the
//! entry's translation states looked at again. What the edit changed is said as
//! [`Dep`]s, which the outputs that read them are prepared again for. An edit that changes more
//! (a date, the topics, a draft flag, a related topic), or that brings a problem, is not
//! patched: the model is then made anew, which also reports the problem as a build does.

use std::sync::Arc;

use super::bodies::{Bodies, Renderer};
use super::links::{Links, Notes};
use super::{Entry, Site};
use crate::content::{ArticleMeta, Document, PageMeta, Section, TopicMeta};
use crate::error::Collector;
use crate::outputs::reads::Dep;
use crate::translations::State;

/// An edited document, as loaded again.
pub enum Edit {
    Home(Arc<Document<PageMeta>>),
    Article(Arc<Document<ArticleMeta>>),
    Topic(Arc<Document<TopicMeta>>),
    Page(Arc<Document<PageMeta>>),
}

/// The translation states of the entry `slug` in `section` (`None`: the home), by language, or
/// `None` when its records have a problem.
pub type States<'a> = dyn Fn(Option<Section>, &str) -> Option<Vec<State>> + 'a;

impl Site {
    /// Puts `edits` in place of the versions they replace; what changed, or `None` (with the
    /// model part-changed, to be made anew) when an edit cannot be patched in.
    pub fn patch(
        &mut self,
        edits: Vec<Edit>,
        states: &States,
        notes: &Notes,
        bodies: &mut Bodies,
    ) -> Option<Vec<Dep>> {
        let mut changed = Vec::new();
        let mut anchors = false;
        for edit in edits {
            let (dep, recheck) = self.apply(edit, notes, bodies)?;
            anchors |= recheck;
            if !changed.contains(&dep) {
                changed.push(dep);
            }
        }
        for &dep in &changed {
            let (section, slug) = match dep {
                Dep::Article(i) => (
                    Some(Section::Articles),
                    &self.articles[i as usize].entry.slug,
                ),
                Dep::Topic(i) => (Some(Section::Topics), &self.topics[i as usize].entry.slug),
                Dep::Page(i) => (Some(Section::Pages), &self.free_pages[i as usize].slug),
                _ => continue,
            };
            let states = states(section, slug)?;
            match dep {
                Dep::Article(i) => mark(&mut self.articles[i as usize].entry, states),
                Dep::Topic(i) => mark(&mut self.topics[i as usize].entry, states),
                Dep::Page(i) => mark(&mut self.free_pages[i as usize], states),
                _ => {}
            }
        }
        // The last build's anchors all held: they still do unless an edit moved a heading or
        // links to one.
        if anchors {
            let mut errors = Collector::default();
            self.check_anchors(&mut errors);
            errors.finish(()).ok()?;
        }
        // Whatever reads any entry of a kind reads the edited one.
        for (kind, any) in [
            (Dep::Article(0), Dep::Articles),
            (Dep::Topic(0), Dep::Topics),
            (Dep::Page(0), Dep::Pages),
        ] {
            let same = |d: &Dep| std::mem::discriminant(d) == std::mem::discriminant(&kind);
            if changed.iter().any(same) {
                changed.push(any);
            }
        }
        Some(changed)
    }

    /// Puts one edited document in place; the entry it changed, and whether the site's anchors
    /// need checking again (see [`replace`]).
    fn apply(&mut self, edit: Edit, notes: &Notes, bodies: &mut Bodies) -> Option<(Dep, bool)> {
        let langs = &self.config.languages;
        let links = Links {
            config: &self.config,
            urls: &self.urls,
            exists: &self.exists,
            notes,
        };
        let render = Renderer {
            links: &links,
            previous: bodies,
            spill: None,
        };
        let lang = |code: &str| langs.iter().position(|l| l.code == code);
        match edit {
            Edit::Article(doc) => {
                let li = lang(&doc.lang)?;
                let i = self
                    .articles
                    .iter()
                    .position(|a| a.entry.slug == doc.slug)?;
                let old = &self.articles[i].entry.versions[li].as_ref()?.doc.meta;
                let m = &doc.meta;
                if (m.date, &m.topics, m.draft) != (old.date, &old.topics, old.draft) {
                    return None;
                }
                let (key, body, anchors) = replace(&mut self.articles[i].entry, li, doc, &render)?;
                bodies.insert(key, body);
                Some((Dep::Article(i as u32), anchors))
            }
            Edit::Topic(doc) => {
                let li = lang(&doc.lang)?;
                let i = self.topics.iter().position(|t| t.entry.slug == doc.slug)?;
                let old = &self.topics[i].entry.versions[li].as_ref()?.doc.meta;
                if doc.meta.related != old.related {
                    return None;
                }
                let (key, body, anchors) = replace(&mut self.topics[i].entry, li, doc, &render)?;
                bodies.insert(key, body);
                Some((Dep::Topic(i as u32), anchors))
            }
            Edit::Page(doc) => {
                let li = lang(&doc.lang)?;
                let i = self.free_pages.iter().position(|p| p.slug == doc.slug)?;
                let (key, body, anchors) = replace(&mut self.free_pages[i], li, doc, &render)?;
                bodies.insert(key, body);
                Some((Dep::Page(i as u32), anchors))
            }
            Edit::Home(doc) => {
                let li = lang(&doc.lang)?;
                let (key, body, anchors) = replace(&mut self.home, li, doc, &render)?;
                bodies.insert(key, body);
                Some((Dep::Home, anchors))
            }
        }
    }
}

/// Replaces the version of `entry` in language `li` by `doc`, keeping its address; the body's
/// key and body, and whether anchors need checking again: when the version's heading ids
/// changed (another page's link may point at one) or its body links to a heading. `None` when
/// the version does not exist or its body has a problem.
fn replace<M>(
    entry: &mut Entry<M>,
    li: usize,
    doc: Arc<Document<M>>,
    render: &Renderer,
) -> Option<(u128, Arc<super::bodies::CachedBody>, bool)> {
    let slot = entry.versions.get_mut(li)?;
    let old = slot.as_ref()?;
    let address = old.address.clone();
    let (mut version, key, body, problems) = render.version(doc, li, address);
    if !problems.is_empty() {
        return None;
    }
    let moved = !same_ids(&old.body.headings, &version.body.headings);
    let anchors = moved || version.body.links.iter().any(|l| l.anchor.is_some());
    version.translation = old.translation.clone();
    *slot = Some(version);
    Some((key, body, anchors))
}

/// Whether two bodies have the same heading ids, in order.
fn same_ids(a: &[crate::markdown::Heading], b: &[crate::markdown::Heading]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.id == y.id)
}

/// Gives each version of `entry` its translation state.
fn mark<M>(entry: &mut Entry<M>, states: Vec<State>) {
    for (v, state) in entry.versions.iter_mut().zip(states) {
        if let Some(v) = v {
            v.translation = state;
        }
    }
}
