//! The sitemap: every page, each with links to its versions in the other languages.

use std::collections::HashSet;
use std::fmt::Write;

use super::{Inputs, Output, Prepared, key_of, pages, xml_escape};
use crate::site::Site;

/// The sitemap of the site.
pub fn outputs<'a>(inputs: &'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>> {
    vec![Box::new(SitemapOutput { site: inputs.site })]
}

/// The sitemap, listed when it is prepared.
struct SitemapOutput<'a> {
    site: &'a Site,
}

/// What the sitemap lists: the base URL, the languages and every page's path, in file order.
#[derive(Hash)]
struct Sitemap<'a> {
    base_url: &'a str,
    codes: Vec<&'a str>,
    pages: Vec<String>,
}

impl<'a> Sitemap<'a> {
    fn of(site: &'a Site) -> Sitemap<'a> {
        let mut pages: Vec<(String, String)> = pages::jobs(site)
            .into_iter()
            .filter(|job| crate::urls::path_of_page(&job.address.file).is_some())
            .map(|job| {
                let address = job.address.into_owned();
                (address.file, address.path)
            })
            .collect();
        pages.sort_unstable();
        Sitemap {
            base_url: &site.urls.base_url,
            codes: site
                .config
                .languages
                .iter()
                .map(|l| l.code.as_str())
                .collect(),
            pages: pages.into_iter().map(|(_, path)| path).collect(),
        }
    }
}

impl Output for SitemapOutput<'_> {
    fn file(&self) -> &str {
        "sitemap.xml"
    }

    fn prepare(&self) -> Prepared<'_> {
        // The pages and their addresses, which no edit patched into the model changes (see
        // [`crate::site::Edit`]).
        super::reads::read_nothing();
        let sitemap = Sitemap::of(self.site);
        Prepared::new(key_of(&sitemap), move || {
            Ok(sitemap.xml().into_bytes().into())
        })
    }
}

impl Sitemap<'_> {
    fn xml(&self) -> String {
        let join = |path: &str| xml_escape(&crate::urls::join(self.base_url, path));
        let all: HashSet<&str> = self.pages.iter().map(String::as_str).collect();
        let mut x = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for path in &self.pages {
            let _ = writeln!(x, "  <url>\n    <loc>{}</loc>", join(path));
            // A page under `<lang>/` has alternates at the same path under the other languages,
            // where they exist.
            if let Some((lang, rest)) = path.split_once('/')
                && self.codes.contains(&lang)
            {
                let existing: Vec<(&str, String)> = self
                    .codes
                    .iter()
                    .map(|other| (*other, format!("{other}/{rest}")))
                    .filter(|(_, alt)| all.contains(alt.as_str()))
                    .collect();
                if existing.len() > 1 {
                    for (code, alt) in existing {
                        let _ = writeln!(
                            x,
                            "    <xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                            join(&alt)
                        );
                    }
                    let _ = writeln!(
                        x,
                        "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                        xml_escape(self.base_url)
                    );
                }
            }
            x.push_str("  </url>\n");
        }
        x.push_str("</urlset>\n");
        x
    }
}
