//! A language's home (the newest articles, key figures) and its index of topics, both
//! paginated listings.

use std::borrow::Cow;

use serde::Serialize;

use super::Job;
use super::pagination::{Paginator, paginator};
use super::views::{Body, Common, FigureView, Html, Translation, Views};
use crate::urls;

/// How many key figures the home shows: the first of each of the newest articles that have one.
const HOME_FIGURES: usize = 6;

#[derive(Serialize, Hash)]
pub struct HomeContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: Body<'a>,
    figures: Vec<FigureView<'a, 'a>>,
    paginator: Paginator<'a, 'a>,
    translations: Vec<Translation<'a>>,
    structured_data: super::structured::Structured<'a>,
}

pub fn context<'a>(views: &'a Views<'a>, job: &'a Job<'a>, number: usize) -> HomeContext<'a> {
    let site = views.site;
    let li = job.lang;
    let code = &site.config.languages[li].code;
    let home = site.home.versions.get(li).and_then(|h| h.as_ref());
    let title = views.home_title(li);
    let all = vec![true; site.config.languages.len()];
    let description = home.and_then(|h| h.doc.meta.summary.as_deref()).or(site
        .config
        .description
        .get(code)
        .map(String::as_str));
    HomeContext {
        common: views.common(li),
        page: Body {
            kind: "home",
            title: Cow::Borrowed(title),
            summary: home.and_then(|h| h.doc.meta.summary.as_deref()),
            content: home.map(Html::of).unwrap_or(Html::EMPTY),
            toc: &[],
            url: &job.address.url,
            permalink: &job.address.permalink,
            image: views.home_image(li),
            outdated: None,
        },
        figures: views.figures(li, 0..site.articles.len(), 1, HOME_FIGURES),
        paginator: paginator(
            site,
            &urls::home_path(code),
            site.articles.len(),
            |i| views.article_card(li, i),
            number,
        ),
        translations: views.translations(li, &all, urls::home_path),
        structured_data: super::structured::page(
            views,
            job,
            "WebSite",
            title,
            description,
            views.home_image(li).map(|i| i.permalink),
        ),
    }
}

#[derive(Serialize, Hash)]
pub struct TopicsContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: Body<'a>,
    paginator: Paginator<'a, 'a>,
    translations: Vec<Translation<'a>>,
    structured_data: super::structured::Structured<'a>,
}

/// The index of all topics; `title` is the theme's word for topics.
pub fn topics_context<'a>(
    views: &'a Views<'a>,
    job: &'a Job<'a>,
    number: usize,
    title: String,
) -> TopicsContext<'a> {
    let site = views.site;
    let li = job.lang;
    let code = &site.config.languages[li].code;
    let all = vec![true; site.config.languages.len()];
    let structured_data = super::structured::page(
        views,
        job,
        "CollectionPage",
        &title,
        None,
        views.home_image(li).map(|i| i.permalink),
    );
    TopicsContext {
        common: views.common(li),
        page: Body {
            kind: "topics",
            title: Cow::Owned(title),
            summary: None,
            content: Html::EMPTY,
            toc: &[],
            url: &job.address.url,
            permalink: &job.address.permalink,
            image: views.home_image(li),
            outdated: None,
        },
        paginator: paginator(
            site,
            &urls::topics_path(code),
            site.topics.len(),
            |i| views.topic_card(li, i),
            number,
        ),
        translations: views.translations(li, &all, urls::topics_path),
        structured_data,
    }
}
