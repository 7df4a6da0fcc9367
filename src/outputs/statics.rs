//! Static files of the theme and the site, under `assets/`: each under its own name (so that
//! references inside stylesheets keep working) and, where templates link it by `asset(…)`, under
//! its fingerprinted name. A `favicon.ico` among them is also put at the site's root, where
//! browsers ask for it.

use super::Bytes;

use super::{Inputs, Output, Prepared, key_of};

/// The static file browsers ask for at the root of every site.
const FAVICON: &str = "favicon.ico";

pub fn outputs<'a>(inputs: &'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>> {
    let assets = inputs.assets;
    let favicon = assets
        .files
        .get(FAVICON)
        .map(|bytes| (FAVICON.to_string(), bytes));
    assets
        .outputs()
        .chain(favicon)
        .map(|(path, bytes)| Box::new(Static { path, bytes }) as Box<dyn Output + 'a>)
        .collect()
}

struct Static<'a> {
    path: String,
    bytes: &'a Bytes,
}

impl Output for Static<'_> {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        super::reads::read_nothing();
        let content = xxhash_rust::xxh3::xxh3_64(self.bytes);
        Prepared::made(key_of(&(&self.path, content)), self.bytes.clone())
    }
}
