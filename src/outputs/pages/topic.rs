//! A topic's page: its text, its articles (paginated), their key figures and related topics.

use std::borrow::Cow;

use serde::Serialize;

use super::Job;
use super::pagination::{Paginator, paginator};
use super::views::{Body, Cards, Common, FigureView, Html, Translation, Views, WithCard};
use crate::content::{Section, TopicMeta};
use crate::site::{Topic, Version};
use crate::urls::{CardOf, content_path};

/// How many key figures a topic page shows at most, from its newest articles: a topic with
/// thousands of articles must not make one giant page.
const TOPIC_FIGURES: usize = 24;

#[derive(Serialize, Hash)]
pub struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: WithCard<'a>,
    paginator: Paginator<'a, 'a>,
    figures: Vec<FigureView<'a, 'a>>,
    related_topics: Cards<'a, 'a>,
    translations: Vec<Translation<'a>>,
    structured_data: super::structured::Structured<'a>,
}

pub fn context<'a>(
    views: &'a Views<'a>,
    job: &'a Job<'a>,
    index: usize,
    topic: &'a Topic,
    version: &'a Version<TopicMeta>,
    number: usize,
) -> Context<'a> {
    let site = views.site;
    let li = job.lang;
    let m = &version.doc.meta;
    let slug = &topic.entry.slug;
    let image = views.image(li, CardOf::Topic(slug), &m.title);
    let image_url = image.as_ref().map(|i| i.permalink.clone());
    Context {
        common: views.common(li),
        page: WithCard {
            card: views.topic_card(li, index),
            body: Body {
                kind: "topic",
                title: Cow::Borrowed(&m.title),
                summary: Some(&m.summary),
                content: Html::of(version),
                toc: &version.body.headings,
                url: &job.address.url,
                permalink: &job.address.permalink,
                image,
                outdated: views.outdated(&topic.entry, li),
            },
        },
        paginator: paginator(
            site,
            &version.address.path,
            topic.articles.len(),
            |i| views.article_card(li, topic.articles[i]),
            number,
        ),
        figures: views.figures(
            li,
            topic.articles.iter().copied(),
            usize::MAX,
            TOPIC_FIGURES,
        ),
        related_topics: Cards(
            topic
                .related
                .iter()
                .map(|&i| views.topic_card(li, i))
                .collect(),
        ),
        translations: views.translations(li, &topic.entry.present(), |c| {
            content_path(Section::Topics, slug, c)
        }),
        structured_data: super::structured::page(
            views,
            job,
            "CollectionPage",
            &m.title,
            Some(&m.summary),
            image_url,
        ),
    }
}
