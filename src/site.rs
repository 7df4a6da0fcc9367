//! The model: the site as one set of plain data, built once and read by every page.
//!
//! Loaded documents are paired into translations by slug, their Markdown is rendered (in
//! parallel) with `@/` links resolved against the whole site, and the cross-links a briefing
//! lives on are computed: each topic's articles, related topics (declared, plus those sharing
//! articles), related articles. A language without a version of an entry is an explicit `None`,
//! so every page can say plainly that a translation is missing. All problems are collected.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{ArticleMeta, Content, Date, Document, PageMeta, Section, TopicMeta};
use crate::error::{Collector, Diagnostic, Error, did_you_mean};
use crate::i18n::I18n;
use crate::markdown::{self, Heading, OtherLanguage, Rendered, Resolved, Settings};

/// One language's version of an entry: its document and its rendered body (whose `links` are
/// kept for checking anchors). Both are shared with the caches a rebuild reuses them from.
#[derive(Debug)]
pub struct Version<M> {
    pub doc: Arc<Document<M>>,
    pub body: Arc<Rendered>,
    /// A hash of `body.html`, made once when it was rendered.
    pub html_hash: u64,
}

/// Bodies rendered by an earlier build. One is reused when its text is the same and each of its
/// `@/` links resolves as it did then, so a rebuild renders only what changed.
#[derive(Debug, Default)]
pub struct Bodies(HashMap<u128, Arc<CachedBody>>);

#[derive(Debug)]
pub struct CachedBody {
    rendered: Arc<Rendered>,
    html_hash: u64,
    /// Each `@/` target the body asked about, and the answer.
    resolved: Vec<(String, Result<Resolved, String>)>,
}

/// An article, topic or page in all its languages. `versions[i]` is the version in the i-th
/// language of site.yaml, or `None` where there is no translation.
#[derive(Debug)]
pub struct Entry<M> {
    pub slug: String,
    pub versions: Vec<Option<Version<M>>>,
}

impl<M> Entry<M> {
    /// Frees the source text of each version that nothing else shares.
    fn release_sources(&mut self) {
        for v in self.versions.iter_mut().flatten() {
            if let Some(doc) = Arc::get_mut(&mut v.doc) {
                doc.release_source();
            }
        }
    }

    /// The version in language `lang`, or else the first that exists, with its language index.
    pub fn version_or_fallback(&self, lang: usize) -> (usize, &Version<M>) {
        if let Some(v) = &self.versions[lang] {
            return (lang, v);
        }
        self.versions
            .iter()
            .enumerate()
            .find_map(|(i, v)| v.as_ref().map(|v| (i, v)))
            .expect("an entry has at least one version")
    }
}

/// An article with its place among the others.
#[derive(Debug)]
pub struct Article {
    pub entry: Entry<ArticleMeta>,
    /// The latest date of its versions, for ordering.
    pub date: Option<Date>,
    /// Indices into [`Site::topics`], in the order the front-matter names them.
    pub topics: Vec<usize>,
    /// Indices into [`Site::articles`]: those sharing the most topics first.
    pub related: Vec<usize>,
}

/// A topic with the articles filed under it.
#[derive(Debug)]
pub struct Topic {
    pub entry: Entry<TopicMeta>,
    /// Indices into [`Site::articles`], newest first.
    pub articles: Vec<usize>,
    /// Indices into [`Site::topics`]: declared ones first, then by articles shared.
    pub related: Vec<usize>,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub home: Entry<PageMeta>,
    /// Newest first; undated articles last.
    pub articles: Vec<Article>,
    pub topics: Vec<Topic>,
    pub pages: Vec<Entry<PageMeta>>,
}

/// How many related articles an article lists.
const RELATED_ARTICLES: usize = 4;

/// The URL path of a piece of content, relative to the base URL (`ar/articles/x/`).
pub fn content_path(section: Section, slug: &str, lang: &str) -> String {
    format!("{lang}/{}/{slug}/", section.dir())
}

impl Site {
    /// Frees the source text of every document the site alone holds. The model is complete and
    /// checked once built, so a build that will not be repeated needs the sources no more
    /// (a tenth of its memory at 10,000 articles).
    pub fn release_sources(&mut self) {
        self.home.release_sources();
        self.articles
            .iter_mut()
            .for_each(|a| a.entry.release_sources());
        self.topics
            .iter_mut()
            .for_each(|t| t.entry.release_sources());
        self.pages.iter_mut().for_each(Entry::release_sources);
    }

    /// Builds the model from loaded content, rendering every body that `bodies` does not already
    /// hold. Returns the bodies used, to pass to the next build.
    pub fn build(
        config: Config,
        content: Content,
        i18n: &I18n,
        bodies: &Bodies,
    ) -> Result<(Site, Bodies), Error> {
        let mut errors = Collector::default();
        let langs = &config.languages;
        let lang_index: HashMap<&str, usize> = langs
            .iter()
            .enumerate()
            .map(|(i, l)| (l.code.as_str(), i))
            .collect();

        let articles: Vec<Arc<Document<ArticleMeta>>> = content
            .articles
            .into_iter()
            .filter(|d| config.drafts || !d.meta.draft)
            .collect();
        let article_docs = group(articles, &lang_index);
        let topic_docs = group(content.topics, &lang_index);
        let page_docs = group(content.pages, &lang_index);
        let mut home_docs = group(content.home, &lang_index);

        // Which slugs exist in which languages: what `@/` links and topic names resolve against.
        let mut exists = Existence {
            articles: presence(&article_docs),
            topics: presence(&topic_docs),
            pages: presence(&page_docs),
        };
        // Files that failed to parse still exist: links to them are not broken too.
        for (section, slug, lang) in &content.unparsed {
            if let (Some(section), Some(&li)) = (section, lang_index.get(lang.as_str())) {
                let slots = exists
                    .section_mut(*section)
                    .entry(slug.clone())
                    .or_insert_with(|| vec![false; langs.len()]);
                slots[li] = true;
            }
        }
        errors.extend(content.problems);
        let topic_index: HashMap<&str, ()> =
            exists.topics.keys().map(|s| (s.as_str(), ())).collect();

        for docs in article_docs.values() {
            for doc in docs.iter().flatten() {
                if doc.meta.topics.is_empty() {
                    errors.push(
                        doc.error_at_value(
                            "topics",
                            "topics",
                            "an article needs at least one topic",
                        )
                        .help("name the topics it belongs to, e.g. `topics: [sextortion]`"),
                    );
                }
                for t in &doc.meta.topics {
                    if !topic_index.contains_key(t.as_str()) {
                        errors.push(unknown_topic(doc, "topics", t, &topic_index));
                    }
                }
            }
        }
        for docs in topic_docs.values() {
            for doc in docs.iter().flatten() {
                for t in &doc.meta.related {
                    if !topic_index.contains_key(t.as_str()) {
                        errors.push(unknown_topic(doc, "related", t, &topic_index));
                    }
                }
            }
        }
        if home_docs.is_empty() {
            errors.push(
                Diagnostic::new("content", "there is no home text").help(format!(
                    "create content/_index.{}.md with a title and a summary",
                    config.default_language
                )),
            );
            home_docs.insert("_index".into(), langs.iter().map(|_| None).collect());
        }

        let render = Renderer {
            config: &config,
            i18n,
            exists: &exists,
            previous: bodies,
        };
        let mut used = Bodies::default();
        let article_entries = render.entries(article_docs, &mut errors, &mut used);
        let topic_entries = render.entries(topic_docs, &mut errors, &mut used);
        let page_entries = render.entries(page_docs, &mut errors, &mut used);
        let home = render.entries(home_docs, &mut errors, &mut used).pop();

        let mut site = Site {
            home: home.unwrap_or(Entry {
                slug: "_index".into(),
                versions: Vec::new(),
            }),
            articles: article_entries
                .into_iter()
                .map(|entry| Article {
                    date: entry
                        .versions
                        .iter()
                        .flatten()
                        .filter_map(|v| v.doc.meta.date)
                        .max(),
                    entry,
                    topics: Vec::new(),
                    related: Vec::new(),
                })
                .collect(),
            topics: topic_entries
                .into_iter()
                .map(|entry| Topic {
                    entry,
                    articles: Vec::new(),
                    related: Vec::new(),
                })
                .collect(),
            pages: page_entries,
            config,
        };
        site.check_anchors(&mut errors);
        errors.finish(())?;
        site.link();
        Ok((site, used))
    }

    /// Fills in the cross-links between articles and topics.
    fn link(&mut self) {
        self.articles.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.entry.slug.cmp(&b.entry.slug))
        });
        let topic_index: HashMap<String, usize> = self
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.entry.slug.clone(), i))
            .collect();
        for (ai, article) in self.articles.iter_mut().enumerate() {
            for v in article.entry.versions.iter().flatten() {
                for t in &v.doc.meta.topics {
                    if let Some(&ti) = topic_index.get(t)
                        && !article.topics.contains(&ti)
                    {
                        article.topics.push(ti);
                        self.topics[ti].articles.push(ai);
                    }
                }
            }
        }
        // Related articles: sharing more topics first, then newer first (the list order). The
        // candidates are the other articles of the article's topics, not the whole site.
        let n = self.articles.len();
        let related: Vec<Vec<usize>> = (0..n)
            .into_par_iter()
            .map_init(
                || (vec![0u32; n], Vec::new()),
                |(shared, touched), ai| {
                    for &ti in &self.articles[ai].topics {
                        for &bi in &self.topics[ti].articles {
                            if bi != ai {
                                if shared[bi] == 0 {
                                    touched.push(bi);
                                }
                                shared[bi] += 1;
                            }
                        }
                    }
                    let mut scored: Vec<(usize, u32)> =
                        touched.drain(..).map(|bi| (bi, shared[bi])).collect();
                    for &(bi, _) in &scored {
                        shared[bi] = 0;
                    }
                    let better =
                        |x: &(usize, u32), y: &(usize, u32)| y.1.cmp(&x.1).then(x.0.cmp(&y.0));
                    if scored.len() > RELATED_ARTICLES {
                        scored.select_nth_unstable_by(RELATED_ARTICLES, better);
                        scored.truncate(RELATED_ARTICLES);
                    }
                    scored.sort_unstable_by(better);
                    // A fresh list: collecting from `scored` itself would keep its capacity,
                    // hundreds of entries per article for the whole build.
                    scored.iter().map(|&(bi, _)| bi).collect()
                },
            )
            .collect();
        for (a, r) in self.articles.iter_mut().zip(related) {
            a.related = r;
        }
        // Related topics: declared first, then derived from shared articles.
        let related: Vec<Vec<usize>> = (0..self.topics.len())
            .map(|ti| {
                let topic = &self.topics[ti];
                let mut out: Vec<usize> = Vec::new();
                for v in topic.entry.versions.iter().flatten() {
                    for r in &v.doc.meta.related {
                        if let Some(&ri) = topic_index.get(r)
                            && ri != ti
                            && !out.contains(&ri)
                        {
                            out.push(ri);
                        }
                    }
                }
                let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
                for &ai in &topic.articles {
                    for &other in &self.articles[ai].topics {
                        if other != ti && !out.contains(&other) {
                            *shared.entry(other).or_default() += 1;
                        }
                    }
                }
                let mut derived: Vec<(usize, usize)> = shared.into_iter().collect();
                derived.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                out.extend(derived.into_iter().map(|(i, _)| i));
                out
            })
            .collect();
        for (t, r) in self.topics.iter_mut().zip(related) {
            t.related = r;
        }
    }

    /// Every `@/…#anchor` must name a heading of the page it points to.
    fn check_anchors(&self, errors: &mut Collector) {
        let mut headings: HashMap<(Section, &str), Vec<Option<&[Heading]>>> = HashMap::new();
        let mut links: Vec<(&Path, &str, usize, &[markdown::Link], usize)> = Vec::new();
        fn index<'s, M>(
            section: Section,
            entries: impl Iterator<Item = &'s Entry<M>>,
            headings: &mut HashMap<(Section, &'s str), Vec<Option<&'s [Heading]>>>,
            links: &mut Vec<(&'s Path, &'s str, usize, &'s [markdown::Link], usize)>,
        ) where
            M: 's,
        {
            for e in entries {
                let ids = e
                    .versions
                    .iter()
                    .map(|v| v.as_ref().map(|v| v.body.headings.as_slice()));
                headings.insert((section, &e.slug), ids.collect());
                for (li, v) in e.versions.iter().enumerate() {
                    if let Some(v) = v {
                        links.push((
                            &v.doc.path,
                            &v.doc.source,
                            v.doc.body_start,
                            &v.body.links,
                            li,
                        ));
                    }
                }
            }
        }
        index(
            Section::Articles,
            self.articles.iter().map(|a| &a.entry),
            &mut headings,
            &mut links,
        );
        index(
            Section::Topics,
            self.topics.iter().map(|t| &t.entry),
            &mut headings,
            &mut links,
        );
        index(Section::Pages, self.pages.iter(), &mut headings, &mut links);
        let mut home_links = Vec::new();
        index(
            Section::Pages,
            std::iter::once(&self.home),
            &mut HashMap::new(),
            &mut home_links,
        );
        links.extend(home_links);

        for (path, source, body_start, doc_links, li) in links {
            for link in doc_links {
                let Some(anchor) = &link.anchor else { continue };
                let Some((dir, file)) = link.target.split_once('/') else {
                    continue;
                };
                let (Some(section), Some(slug)) =
                    (Section::from_dir(dir), file.strip_suffix(".md"))
                else {
                    continue;
                };
                let Some(versions) = headings.get(&(section, slug)) else {
                    continue;
                };
                let target = versions[li].or_else(|| versions.iter().flatten().next().copied());
                let Some(target) = target else { continue };
                if !target.iter().any(|h| &h.id == anchor) {
                    let known: Vec<&str> = target.iter().map(|h| h.id.as_str()).collect();
                    let help = match did_you_mean(anchor, known.iter().copied()) {
                        Some(near) => format!("did you mean `#{near}`?"),
                        None if known.is_empty() => {
                            "that page has no headings; link to the page without `#…`".into()
                        }
                        None => format!(
                            "the headings there are: {}",
                            known
                                .iter()
                                .map(|k| format!("#{k}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    errors.push(
                        Diagnostic::new(
                            path,
                            format!(
                                "`@/{}#{anchor}` links to a heading that does not exist",
                                link.target
                            ),
                        )
                        .at_offset(source, body_start + link.offset)
                        .help(help),
                    );
                }
            }
        }
    }
}

/// Groups documents by slug, one slot per language.
fn group<M>(docs: Vec<Arc<Document<M>>>, lang_index: &HashMap<&str, usize>) -> Groups<M> {
    let mut out: Groups<M> = BTreeMap::new();
    for doc in docs {
        let Some(&li) = lang_index.get(doc.lang.as_str()) else {
            continue;
        };
        let slots = out
            .entry(doc.slug.clone())
            .or_insert_with(|| lang_index.iter().map(|_| None).collect());
        slots[li] = Some(doc);
    }
    out
}

/// Documents by slug, one slot per language.
type Groups<M> = BTreeMap<String, Vec<Option<Arc<Document<M>>>>>;

fn presence<M>(docs: &Groups<M>) -> HashMap<String, Vec<bool>> {
    docs.iter()
        .map(|(slug, v)| (slug.clone(), v.iter().map(Option::is_some).collect()))
        .collect()
}

fn unknown_topic<M>(
    doc: &Document<M>,
    key: &str,
    topic: &str,
    topics: &HashMap<&str, ()>,
) -> Diagnostic {
    let d = doc.error_at_value(key, topic, format!("unknown topic `{topic}`"));
    match did_you_mean(topic, topics.keys().copied()) {
        Some(near) => d.help(format!("did you mean `{near}`?")),
        None => {
            let mut known: Vec<&str> = topics.keys().copied().collect();
            known.sort_unstable();
            d.help(format!(
                "create content/topics/{topic}.<lang>.md, or use an existing topic: {}",
                known.join(", ")
            ))
        }
    }
}

/// Which slugs exist, per section, per language.
struct Existence {
    articles: HashMap<String, Vec<bool>>,
    topics: HashMap<String, Vec<bool>>,
    pages: HashMap<String, Vec<bool>>,
}

impl Existence {
    fn section(&self, section: Section) -> &HashMap<String, Vec<bool>> {
        match section {
            Section::Articles => &self.articles,
            Section::Topics => &self.topics,
            Section::Pages => &self.pages,
        }
    }

    fn section_mut(&mut self, section: Section) -> &mut HashMap<String, Vec<bool>> {
        match section {
            Section::Articles => &mut self.articles,
            Section::Topics => &mut self.topics,
            Section::Pages => &mut self.pages,
        }
    }
}

/// Renders bodies, resolving `@/` links against what exists.
struct Renderer<'a> {
    config: &'a Config,
    i18n: &'a I18n,
    exists: &'a Existence,
    previous: &'a Bodies,
}

impl Renderer<'_> {
    fn entries<M: Send + Sync>(
        &self,
        docs: Groups<M>,
        errors: &mut Collector,
        used: &mut Bodies,
    ) -> Vec<Entry<M>> {
        type Made<M> = (Entry<M>, Vec<Diagnostic>, Vec<(u128, Arc<CachedBody>)>);
        let rendered: Vec<Made<M>> = docs
            .into_par_iter()
            .map(|(slug, slots)| {
                let mut problems = Vec::new();
                let mut bodies = Vec::new();
                let versions = slots
                    .into_iter()
                    .enumerate()
                    .map(|(li, doc)| {
                        doc.map(|doc| {
                            let (key, cached) = self.body(&doc, li);
                            problems.extend(cached.rendered.problems.iter().map(|p| {
                                Diagnostic::new(&doc.path, p.message.clone())
                                    .at_offset(&doc.source, doc.body_start + p.offset)
                                    .help(p.help.clone())
                            }));
                            let body = cached.rendered.clone();
                            let html_hash = cached.html_hash;
                            bodies.push((key, cached));
                            Version {
                                doc,
                                body,
                                html_hash,
                            }
                        })
                    })
                    .collect();
                (Entry { slug, versions }, problems, bodies)
            })
            .collect();
        rendered
            .into_iter()
            .map(|(entry, problems, bodies)| {
                errors.extend(problems);
                used.0.extend(bodies);
                entry
            })
            .collect()
    }

    /// The rendered body of `doc` in language `li`: the earlier one if it still holds, else new.
    fn body<M>(&self, doc: &Document<M>, li: usize) -> (u128, Arc<CachedBody>) {
        let allow_html = self.config.raw_html == crate::config::RawHtml::Allow;
        let mut key = xxhash_rust::xxh3::Xxh3::new();
        key.update(&doc.body_hash.to_le_bytes());
        key.update(&[li as u8, allow_html as u8]);
        let key = key.digest128();
        if let Some(cached) = self.previous.0.get(&key)
            && cached
                .resolved
                .iter()
                .all(|(target, answer)| self.resolve(target, li) == *answer)
        {
            return (key, cached.clone());
        }
        let asked = Mutex::new(Vec::new());
        let resolve = |path: &str| {
            let answer = self.resolve(path, li);
            if let Ok(mut asked) = asked.lock() {
                asked.push((path.to_string(), answer.clone()));
            }
            answer
        };
        let settings = Settings {
            allow_html,
            resolve: &resolve,
        };
        let rendered = Arc::new(markdown::render(doc.body(), &settings));
        let resolved = asked.into_inner().unwrap_or_default();
        let html_hash = xxhash_rust::xxh3::xxh3_64(rendered.html.as_bytes());
        (
            key,
            Arc::new(CachedBody {
                rendered,
                html_hash,
                resolved,
            }),
        )
    }

    /// `articles/x.md` (the part of an `@/` link after `@/`) to a URL in language `li`.
    fn resolve(&self, path: &str, li: usize) -> Result<Resolved, String> {
        let unknown = || format!("`@/{path}` links to nothing");
        let (dir, file) = path.split_once('/').ok_or_else(unknown)?;
        let section = Section::from_dir(dir).ok_or_else(|| {
            format!("`@/{path}` links to nothing: `{dir}` is not articles, topics or pages")
        })?;
        let slug = file
            .strip_suffix(".md")
            .ok_or_else(|| format!("`@/{path}` must name a `.md` file"))?;
        let known = self.exists.section(section);
        let Some(present) = known.get(slug) else {
            let near = did_you_mean(slug, known.keys().map(String::as_str))
                .map(|n| format!("; did you mean `@/{dir}/{n}.md`?"))
                .unwrap_or_default();
            return Err(format!(
                "`@/{path}` links to nothing: there is no content/{dir}/{slug}.<lang>.md{near}"
            ));
        };
        let langs = &self.config.languages;
        let base = &self.config.base_path;
        if present[li] {
            return Ok(Resolved {
                url: format!("{base}{}", content_path(section, slug, &langs[li].code)),
                other_language: None,
            });
        }
        let other = present.iter().position(|&p| p).ok_or_else(unknown)?;
        let code = &langs[other].code;
        let note = self
            .i18n
            .locale(&langs[li].code)
            .and_then(|l| l.t(&format!("only_in_{code}"), None).ok())
            .unwrap_or_else(|| format!("({})", langs[other].name));
        Ok(Resolved {
            url: format!("{base}{}", content_path(section, slug, code)),
            other_language: Some(OtherLanguage {
                code: code.clone(),
                note,
            }),
        })
    }
}
