//! bayan: a static site generator for bilingual (Arabic right-to-left, English left-to-right)
//! briefing microsites.
//!
//! A build runs one fixed pipeline, each stage in its own module, data flowing forward:
//!
//! 1. load: [`config`] reads site.yaml; [`content`] reads `content/` into typed documents;
//!    [`theme`] finds templates, static files and UI strings ([`i18n`]).
//! 2. model: [`site`] pairs translations, renders Markdown ([`markdown`], [`highlight`]) with `@/`
//!    links resolved, and computes topics, related topics and related articles.
//! 3. render: [`render`] sets up Tera and its functions; [`pages`] renders every page in
//!    parallel; [`feeds`] writes Atom, the sitemap and robots.txt.
//! 4. write: [`output`] writes into a staging folder and swaps it in only on success.
//!
//! [`pipeline`] strings the stages together; [`check`] adds the slower link checks.
//!
//! Beside the build: [`builtin`] is the default theme, compiled into the binary (and what
//! `bayan theme eject` writes out); [`init`] and [`new`] write a new site and new entries, through
//! [`scaffold`], which writes a set of new files all or none; [`languages`] is the table of
//! languages `init` knows by code.

pub mod assets;
pub mod builtin;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod error;
pub mod feeds;
#[doc(hidden)]
pub mod fuzzing;
pub mod highlight;
pub mod i18n;
pub mod init;
pub mod languages;
pub mod markdown;
pub mod new;
pub mod output;
pub mod pages;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
mod yaml;

pub use error::{Diagnostic, Error};
