//! A language's search page: the form, and the results the client shows (`static/js/search.js`),
//! which reads the index's place and the site's languages from the context's `search`.

use std::borrow::Cow;

use serde::Serialize;

use super::Job;
use super::views::{Body, Common, Html, Translation, Views};
use crate::urls;

#[derive(Serialize, Hash)]
pub struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: Body<'a>,
    translations: Vec<Translation<'a>>,
    structured_data: super::structured::Structured<'a>,
    search: Search<'a>,
}

/// `search` in the context.
#[derive(Serialize, Hash)]
struct Search<'a> {
    /// The index's folder, under the base path (`/briefing/assets/search/`).
    index: String,
    languages: Vec<SearchLanguage<'a>>,
}

#[derive(Serialize, Hash)]
struct SearchLanguage<'a> {
    code: &'a str,
    dir: &'a str,
    name: &'a str,
}

/// `title` is the theme's word for search.
pub fn context<'a>(views: &'a Views<'a>, job: &'a Job<'a>, title: String) -> Context<'a> {
    let site = views.site;
    let li = job.lang;
    let all = vec![true; site.config.languages.len()];
    let structured_data = super::structured::page(
        views,
        job,
        "SearchResultsPage",
        &title,
        None,
        views.home_image(li).map(|i| i.permalink),
    );
    Context {
        common: views.common(li),
        page: Body {
            kind: "search",
            title: Cow::Owned(title),
            summary: None,
            content: Html::EMPTY,
            toc: &[],
            url: &job.address.url,
            permalink: &job.address.permalink,
            image: views.home_image(li),
            outdated: None,
        },
        translations: views.translations(li, &all, urls::search_path),
        structured_data,
        search: Search {
            index: site.urls.url("assets/search/"),
            languages: site
                .config
                .languages
                .iter()
                .map(|l| SearchLanguage {
                    code: &l.code,
                    dir: l.dir.as_str(),
                    name: &l.name,
                })
                .collect(),
        },
    }
}
