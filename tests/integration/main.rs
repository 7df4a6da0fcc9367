//! Integration tests: the real `bayan` binary on fixture sites in tests/fixtures/.
//!
//! Each test copies a fixture into a temporary folder, so tests can break files freely and run in
//! parallel. One module per feature.

mod browser;
mod build;
mod builtin_theme;
mod cards;
mod catalogue;
mod errors;
mod escaping;
mod fuzz_seeds;
mod kill;
mod meta;
mod newsite;
mod properties;
mod search_browser;
mod search_parity;
mod serve;
mod session;
mod structured;
mod support;
mod translations;
mod unchanged;
