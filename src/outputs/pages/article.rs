//! An article's page: its body, table of contents, topics, related articles and translations.

use std::borrow::Cow;

use serde::Serialize;

use super::Job;
use super::views::{Body, Cards, Common, Html, Translation, Views, WithCard};
use crate::content::{ArticleMeta, Section};
use crate::site::{Article, Version};
use crate::urls::{CardOf, content_path};

#[derive(Serialize, Hash)]
pub struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: WithCard<'a>,
    related_articles: Cards<'a, 'a>,
    page_topics: Cards<'a, 'a>,
    translations: Vec<Translation<'a>>,
    /// The page's JSON-LD, ready for its `<script>` element.
    structured_data: super::structured::Structured<'a>,
}

pub fn context<'a>(
    views: &'a Views<'a>,
    job: &'a Job<'a>,
    index: usize,
    article: &'a Article,
    version: &'a Version<ArticleMeta>,
) -> Context<'a> {
    let li = job.lang;
    let m = &version.doc.meta;
    let slug = &article.entry.slug;
    let image = views.image(li, CardOf::Article(slug), &m.title);
    let image_url = image.as_ref().map(|i| i.permalink.clone());
    Context {
        common: views.common(li),
        page: WithCard {
            card: views.article_card(li, index),
            body: Body {
                kind: "article",
                title: Cow::Borrowed(&m.title),
                summary: Some(&m.summary),
                content: Html::of(version),
                toc: &version.body.headings,
                url: &version.address.url,
                permalink: &version.address.permalink,
                image,
                outdated: views.outdated(&article.entry, li),
            },
        },
        related_articles: Cards(
            article
                .related
                .iter()
                .map(|&i| views.article_card(li, i))
                .collect(),
        ),
        page_topics: Cards(
            article
                .topics
                .iter()
                .map(|&i| views.topic_card(li, i))
                .collect(),
        ),
        translations: views.translations(li, &article.entry.present(), |c| {
            content_path(Section::Articles, slug, c)
        }),
        structured_data: super::structured::article(views, job, article, version, image_url),
    }
}
