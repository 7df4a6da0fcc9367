//! `bayan serve`: the site from memory, rebuilt and reloaded on every save.

use std::path::PathBuf;

use crate::error::Error;
use crate::serve::{self, Settings};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (where site.yaml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (default 1111, or the next free one; 0 for any free port).
    #[arg(long)]
    pub port: Option<u16>,
    /// The address to listen on. Anything but a loopback address lets other machines in.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Serves until interrupted.
pub fn run(args: Args) -> Result<(), Error> {
    // Events name absolute paths; the session must name files the same way.
    let root = std::fs::canonicalize(&args.root).unwrap_or(args.root);
    serve::run(&Settings {
        root,
        port: args.port,
        bind: args.bind,
        open: args.open,
        drafts: args.drafts,
    })
}
