//! The bilingual landing page at the site's root, and the 404 page: both speak every language.

use serde::Serialize;

use super::Job;
use super::views::{Common, Translation, Views};
use crate::outputs::reads::{self, Dep};
use crate::urls;

#[derive(Serialize, Hash)]
pub struct Context<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: Landing<'a>,
    translations: Vec<Translation<'a>>,
    structured_data: super::structured::Structured<'a>,
}

#[derive(Serialize, Hash)]
struct Landing<'a> {
    kind: &'a str,
    languages: Vec<Home<'a>>,
    url: &'a str,
    permalink: &'a str,
    image: Option<super::views::Image>,
}

/// A language's home as the landing page shows it.
#[derive(Serialize, Hash)]
struct Home<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    locale: &'a str,
    url: String,
    title: Option<&'a str>,
    summary: Option<&'a str>,
    site_title: Option<&'a String>,
    description: Option<&'a String>,
}

pub fn context<'a>(views: &'a Views<'a>, job: &'a Job<'a>) -> Context<'a> {
    let site = views.site;
    let c = &site.config;
    reads::read(Dep::Home);
    let languages = c
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let home = site.home.versions.get(i).and_then(|v| v.as_ref());
            Home {
                code: &l.code,
                name: &l.name,
                dir: l.dir.as_str(),
                locale: &l.locale,
                url: site.urls.url(&urls::home_path(&l.code)),
                title: home
                    .map(|h| h.doc.meta.title.as_str())
                    .or(c.title.get(&l.code).map(String::as_str)),
                summary: home.and_then(|h| h.doc.meta.summary.as_deref()),
                site_title: c.title.get(&l.code),
                description: c.description.get(&l.code),
            }
        })
        .collect();
    let all = vec![true; c.languages.len()];
    let name = c
        .title
        .get(&c.languages[job.lang].code)
        .map_or("", String::as_str);
    let description = c
        .description
        .get(&c.languages[job.lang].code)
        .map(String::as_str);
    let (kind, schema) = match job.what.kind() {
        super::PageKind::NotFound => ("404", "WebPage"),
        _ => ("landing", "WebSite"),
    };
    Context {
        structured_data: super::structured::page(
            views,
            job,
            schema,
            name,
            description,
            views.home_image(job.lang).map(|i| i.permalink),
        ),
        common: views.common(job.lang),
        page: Landing {
            kind,
            languages,
            url: &job.address.url,
            permalink: &job.address.permalink,
            image: views.home_image(job.lang),
        },
        translations: views.translations(job.lang, &all, urls::home_path),
    }
}
