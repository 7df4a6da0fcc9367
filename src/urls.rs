//! Every path, URL, permalink and output file of the site, in one place.
//!
//! A page has four names, all derived from its *path* under the site (`ar/articles/x/`):
//! - its *URL*, the path under the base URL's path (`/briefing/ar/articles/x/`), for links;
//! - its *permalink*, the absolute URL (`https://example.org/briefing/ar/articles/x/`), for
//!   feeds, the sitemap and `hreflang`;
//! - its *file*, where it is written under the output folder (`ar/articles/x/index.html`).
//!
//! The model computes each entry's [`Address`] once; pages, feeds, the sitemap, `check` and
//! `serve` read them or call the functions here. No other module joins URLs or knows that a
//! pretty URL is a folder with an `index.html`.

use serde::Serialize;

use crate::content::Section;

/// The name of the file a folder URL is served from.
const INDEX: &str = "index.html";

/// Everything a page is called.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Address {
    /// Under the site, without a leading slash (`ar/articles/x/`; empty for the landing page).
    pub path: String,
    /// For links: under the base URL's path (`/briefing/ar/articles/x/`).
    pub url: String,
    /// Absolute (`https://example.org/briefing/ar/articles/x/`).
    pub permalink: String,
    /// Under the output folder (`ar/articles/x/index.html`).
    pub file: String,
}

/// The base URL, in the two forms links need.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Urls {
    /// With a trailing slash (`https://example.org/briefing/`).
    pub base_url: String,
    /// The path part, with slashes on both ends (`/briefing/`).
    pub base_path: String,
}

impl Urls {
    pub fn new(base_url: &str, base_path: &str) -> Urls {
        Urls {
            base_url: base_url.to_string(),
            base_path: base_path.to_string(),
        }
    }

    /// All the names of the page or file at `path` under the site.
    pub fn address(&self, path: &str) -> Address {
        Address {
            url: self.url(path),
            permalink: self.permalink(path),
            file: file_of(path),
            path: path.to_string(),
        }
    }

    /// The link to `path` under the site.
    pub fn url(&self, path: &str) -> String {
        join(&self.base_path, path)
    }

    /// The absolute URL of `path` under the site.
    pub fn permalink(&self, path: &str) -> String {
        join(&self.base_url, path)
    }

    /// The file under the output folder that a link inside the site leads to (`/briefing/ar/`
    /// → `ar/index.html`), ignoring a query; `None` when the link is outside the base path.
    pub fn file_of_link(&self, link: &str) -> Option<String> {
        let rest = link.strip_prefix(self.base_path.as_str())?;
        let rest = rest.split('?').next().unwrap_or(rest);
        Some(file_of(rest))
    }
}

/// Joins a base (`/briefing/` or `https://x.org/b`) and a path under the site (`ar/x/` or
/// `/ar/x/`) with exactly one slash between.
pub fn join(base: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    let mut out = String::with_capacity(base.len() + path.len() + 1);
    out.push_str(base);
    if !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(path);
    out
}

/// The path of a piece of content under the site (`ar/articles/x/`).
pub fn content_path(section: Section, slug: &str, lang: &str) -> String {
    format!("{lang}/{}/{slug}/", section.dir())
}

/// The home page of a language (`ar/`).
pub fn home_path(lang: &str) -> String {
    format!("{lang}/")
}

/// The index of all topics of a language (`ar/topics/`).
pub fn topics_path(lang: &str) -> String {
    format!("{lang}/{}/", Section::Topics.dir())
}

/// What a social card is of.
#[derive(Debug, Clone, Copy)]
pub enum CardOf<'a> {
    Home,
    Article(&'a str),
    Topic(&'a str),
}

/// A page's social card (`assets/cards/ar/articles/<slug>.png`): under `assets/`, with the
/// theme's files, and named by what it is of so that a shared link's image stays put.
pub fn card_path(lang: &str, of: CardOf) -> String {
    match of {
        CardOf::Home => format!("assets/cards/{lang}/home.png"),
        CardOf::Article(slug) => format!("assets/cards/{lang}/articles/{slug}.png"),
        CardOf::Topic(slug) => format!("assets/cards/{lang}/topics/{slug}.png"),
    }
}

/// The search page of a language (`ar/search/`).
pub fn search_path(lang: &str) -> String {
    format!("{lang}/search/")
}

/// The Atom feed of a language (`ar/atom.xml`).
pub fn feed_path(lang: &str) -> String {
    format!("{lang}/atom.xml")
}

/// Page `page` of a listing at `path` (`ar/topics/x/page/2/`); the first page is the listing.
pub fn paged(path: &str, page: usize) -> String {
    if page <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{page}/")
    }
}

/// The file a path under the site is written to: a folder's `index.html`, or the path itself.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}{INDEX}")
    } else {
        path.to_string()
    }
}

/// The folder URL path a page file is linked by (`ar/x/index.html` → `ar/x/`), or `None` for
/// a file that is not a folder's page.
pub fn path_of_page(file: &str) -> Option<&str> {
    if file == INDEX {
        return Some("");
    }
    file.strip_suffix(INDEX).filter(|p| p.ends_with('/'))
}

/// Whether a file is an HTML page.
pub fn is_page(file: &str) -> bool {
    file.ends_with(".html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_has_exactly_one_slash_between() {
        assert_eq!(join("/briefing/", "/ar/"), "/briefing/ar/");
        assert_eq!(join("/briefing/", "ar/"), "/briefing/ar/");
        assert_eq!(join("/", ""), "/");
        assert_eq!(
            join("https://x.org/b", "atom.xml"),
            "https://x.org/b/atom.xml"
        );
    }

    #[test]
    fn an_address_names_a_page_four_ways() {
        let urls = Urls::new("https://x.org/b/", "/b/");
        let a = urls.address(&content_path(Section::Articles, "s", "ar"));
        assert_eq!(a.path, "ar/articles/s/");
        assert_eq!(a.url, "/b/ar/articles/s/");
        assert_eq!(a.permalink, "https://x.org/b/ar/articles/s/");
        assert_eq!(a.file, "ar/articles/s/index.html");
        assert_eq!(urls.address("").file, "index.html");
        assert_eq!(urls.address("404.html").file, "404.html");
        assert_eq!(paged("ar/", 1), "ar/");
        assert_eq!(paged("ar/", 3), "ar/page/3/");
    }

    #[test]
    fn links_lead_to_files_under_the_base_path_only() {
        let urls = Urls::new("https://x.org/b/", "/b/");
        assert_eq!(urls.file_of_link("/b/").as_deref(), Some("index.html"));
        assert_eq!(
            urls.file_of_link("/b/en/?q=x").as_deref(),
            Some("en/index.html")
        );
        assert_eq!(
            urls.file_of_link("/b/assets/a.css").as_deref(),
            Some("assets/a.css")
        );
        assert_eq!(urls.file_of_link("/elsewhere/"), None);
        assert_eq!(path_of_page("en/x/index.html"), Some("en/x/"));
        assert_eq!(path_of_page("index.html"), Some(""));
        assert_eq!(path_of_page("404.html"), None);
    }
}
