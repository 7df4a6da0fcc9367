//! Search built into the build: the text analysis shared by the index and the browser's query
//! client ([`analyze`], with its JavaScript twin in the theme's `static/js/analyze.js`).

pub mod analyze;
pub mod gzip;
mod html;
pub mod index;
mod json;
mod shards;
mod terms;
