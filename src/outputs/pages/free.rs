//! A free page (about, sources, methodology): its body and translations.

use std::borrow::Cow;

use serde::Serialize;

use super::Job;
use super::views::{Body, Common, Html, Translation, Views};
use crate::content::{PageMeta, Section};
use crate::site::{Entry, Version};
use crate::urls::content_path;

#[derive(Serialize, Hash)]
pub struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: Body<'a>,
    translations: Vec<Translation<'a>>,
    structured_data: super::structured::Structured<'a>,
}

pub fn context<'a>(
    views: &'a Views<'a>,
    job: &'a Job<'a>,
    entry: &'a Entry<PageMeta>,
    version: &'a Version<PageMeta>,
) -> Context<'a> {
    let m = &version.doc.meta;
    Context {
        common: views.common(job.lang),
        page: Body {
            kind: "page",
            title: Cow::Borrowed(&m.title),
            summary: m.summary.as_deref(),
            content: Html::of(version),
            toc: &version.body.headings,
            url: &version.address.url,
            permalink: &version.address.permalink,
            image: views.home_image(job.lang),
            outdated: views.outdated(entry, job.lang),
        },
        translations: views.translations(job.lang, &entry.present(), |c| {
            content_path(Section::Pages, &entry.slug, c)
        }),
        structured_data: super::structured::page(
            views,
            job,
            "WebPage",
            &m.title,
            m.summary.as_deref(),
            views.home_image(job.lang).map(|i| i.permalink),
        ),
    }
}
