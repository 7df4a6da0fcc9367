//! robots.txt: everything may be crawled, and the sitemap is named.

use super::{Inputs, Output, Prepared, key_of};

pub fn outputs<'a>(inputs: &'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>> {
    vec![Box::new(Robots {
        sitemap: inputs.site.urls.permalink("sitemap.xml"),
    })]
}

#[derive(Hash)]
struct Robots {
    sitemap: String,
}

impl Output for Robots {
    fn file(&self) -> &str {
        "robots.txt"
    }

    fn prepare(&self) -> Prepared<'_> {
        // Only the site's address, which is not content.
        super::reads::read_nothing();
        Prepared::new(key_of(self), || {
            let text = format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", self.sitemap);
            Ok(text.into_bytes().into())
        })
    }
}
