//! bayan: a static site generator for bilingual (Arabic right-to-left, English left-to-right)
//! briefing microsites.
//!
//! A build runs one fixed pipeline, each stage in its own module, data flowing forward:
//!
//! 1. load: [`config`] reads site.yaml; [`content`] reads `content/` into typed documents;
//!    [`theme`] finds templates, static files and UI strings ([`i18n`]).
//! 2. model: [`site`] pairs translations, renders Markdown ([`markdown`], [`highlight`]) with `@/`
//!    links resolved, computes topics, related topics and related articles, and gives every
//!    version its address ([`urls`]).
//! 3. outputs: [`outputs`] lists every file of the site (pages by kind, feeds, sitemap,
//!    robots.txt, static files, social cards), each with a key and a render, and makes those
//!    whose key changed; pages are rendered with [`templates`], social cards drawn by [`cards`].
//! 4. sink: [`sink`] keeps the files in memory (`serve`, `check`) or writes them into a staging
//!    folder swapped in only on success, keeping unchanged files as they were (`build`).
//!
//! [`pipeline`] strings the stages together; [`check`] adds the slower link checks; [`cmd`] has
//! one file per command.
//!
//! Beside the build: [`builtin`] is the default theme, compiled into the binary (and what
//! `bayan theme eject` writes out); [`init`] and [`new`] write a new site and new entries, through
//! [`scaffold`], which writes a set of new files all or none; [`languages`] is the table of
//! languages `init` knows by code.

pub mod assets;
pub mod builtin;
pub mod cards;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod error;
pub mod fast_hash;
#[doc(hidden)]
pub mod fuzzing;
pub mod highlight;
pub mod i18n;
pub mod init;
pub mod languages;
pub mod markdown;
pub mod new;
pub mod outputs;
pub mod pipeline;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sink;
pub mod site;
pub mod spill;
pub mod templates;
pub mod theme;
pub mod translations;
pub mod urls;
pub mod utf8;
mod yaml;

pub use error::{Diagnostic, Error};
