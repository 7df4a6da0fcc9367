//! `bayan serve`: the site in memory, rebuilt on every save, with browsers told to reload.
//!
//! Three parts, each on its own thread: the watcher ([`watch`]) turns file events into
//! [`Changes`]; the builder (here) owns a [`Session`], builds after each batch of changes and
//! swaps the new site in whole; the HTTP server ([`http`]) answers from whatever site is current
//! and streams build results to open pages, which reload, swap a stylesheet or show the errors.
//! Nothing is written to disk: `output/` is left as the last `build` made it.

pub mod http;
mod status;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock, mpsc};
use std::time::Instant;

use serde::Serialize;
use tokio::sync::broadcast;

use crate::config::{Config, Overrides};
use crate::error::{Diagnostic, Error};
use crate::outputs::Files;
use crate::pipeline::{Changes, Rendered, Session};
use crate::urls;

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried when it is busy.
const PORTS_TO_TRY: u16 = 10;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Settings {
    pub root: PathBuf,
    /// `None`: [`DEFAULT_PORT`], or the next free one.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub open: bool,
    pub drafts: bool,
}

/// The site being served, replaced whole after each build.
#[derive(Default)]
struct Current {
    /// By path under the site (`en/articles/x/index.html`): the session's, shared.
    files: Files,
    /// The URL path the site lives under (`/` or `/briefing/`).
    base_path: String,
    /// The last build's problems, while it is failing.
    failure: Option<Arc<Report>>,
    /// Counts the builds that changed the site. Each page is served with the generation it
    /// belongs to, so a page that missed a report while it was loading can tell it is stale.
    generation: u64,
}

/// What open pages are told after a build.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub ok: bool,
    /// URL paths of the pages that changed (`/en/articles/x/`).
    pub pages: Vec<String>,
    /// URL paths of the stylesheets that changed.
    pub styles: Vec<String>,
    /// Whether something every page may use changed (a script, a font, an image).
    pub everything: bool,
    pub errors: Vec<DiagnosticView>,
}

/// A diagnostic as the error overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticView {
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    message: String,
    help: Option<String>,
    source: Option<String>,
}

impl From<&Diagnostic> for DiagnosticView {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticView {
            file: d.path.as_ref().map(|p| p.display().to_string()),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            message: d.full_message(),
            help: d.help.clone(),
            source: d.source_line.clone(),
        }
    }
}

/// What the HTTP side shares with the builder.
pub struct Shared {
    current: RwLock<Arc<Current>>,
    reports: broadcast::Sender<Arc<Report>>,
    /// Differs between runs, so pages can tell that the server was restarted.
    instance: String,
    /// The site's folder, which the translations page reads.
    root: std::path::PathBuf,
}

impl Shared {
    fn current(&self) -> Arc<Current> {
        match self.current.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// Runs until interrupted.
pub fn run(settings: &Settings) -> Result<(), Error> {
    let config = Config::load(&settings.root, &Overrides::default())?;
    let listener = bind(settings)?;
    let address = listener
        .local_addr()
        .map_err(|e| Diagnostic::general(format!("could not read the bound address: {e}")))?;
    let host = match settings.bind {
        IpAddr::V4(a) if a.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        other => other,
    };
    let origin = match host {
        IpAddr::V6(a) => format!("http://[{a}]:{}", address.port()),
        IpAddr::V4(a) => format!("http://{a}:{}", address.port()),
    };
    let base_url = format!("{origin}{}", config.base_path);
    if !settings.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: other machines on your network can read the site{}",
            settings.bind,
            if settings.drafts {
                ", drafts included"
            } else {
                ""
            }
        );
    }
    let overrides = Overrides {
        base_url: Some(base_url.clone()),
        drafts: settings.drafts,
        plain_assets: true,
        read_only: false,
    };
    let (reports, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        current: RwLock::new(Arc::new(Current {
            base_path: config.base_path.clone(),
            ..Current::default()
        })),
        reports,
        instance: format!("{:x}-{}", std::process::id(), now_millis()),
        root: settings.root.clone(),
    });

    let mut builder = Builder {
        session: Session::new(&settings.root, overrides),
        shared: shared.clone(),
    };
    builder.build(&Changes::default(), "first build");
    let (changes_tx, changes_rx) = mpsc::channel();
    let watcher = watch::Watcher::start(&settings.root, changes_tx)?;
    std::thread::Builder::new()
        .name("build".into())
        .spawn(move || builder.run(changes_rx, watcher))
        .map_err(|e| Diagnostic::general(format!("could not start the builder: {e}")))?;

    println!("serving {base_url} (press Ctrl-C to stop)");
    if settings.open
        && let Err(e) = webbrowser::open(&base_url)
    {
        eprintln!("warning: could not open a browser: {e}");
    }
    http::serve(listener, shared)
        .map_err(|e| Diagnostic::general(format!("the server stopped: {e}")).into())
}

/// Binds the listening socket: the port asked for, or the default and the next few.
fn bind(settings: &Settings) -> Result<std::net::TcpListener, Error> {
    let ports: Vec<u16> = match settings.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORTS_TO_TRY).collect(),
    };
    let mut last = None;
    for port in &ports {
        match std::net::TcpListener::bind(SocketAddr::new(settings.bind, *port)) {
            Ok(l) => {
                if settings.port.is_none() && *port != DEFAULT_PORT {
                    eprintln!("note: port {DEFAULT_PORT} is busy; using port {port}");
                }
                return Ok(l);
            }
            Err(e) => last = Some(e),
        }
    }
    let e = last.map(|e| e.to_string()).unwrap_or_default();
    let d = match settings.port {
        Some(p) => Diagnostic::general(format!("could not listen on {}:{p}: {e}", settings.bind))
            .help("another program may be using the port: stop it, or choose another with --port"),
        None => Diagnostic::general(format!(
            "ports {DEFAULT_PORT} to {} on {} are all in use",
            DEFAULT_PORT + PORTS_TO_TRY - 1,
            settings.bind
        ))
        .help("choose a free port with --port (or --port 0 for any)"),
    };
    Err(d.into())
}

fn now_millis() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
}

/// The URL path of the translations page.
pub const STATUS_PAGE: &str = "/__bayan/status";

/// Owns the session; builds, swaps the site in and tells the pages.
struct Builder {
    session: Session,
    shared: Arc<Shared>,
}

impl Builder {
    fn run(mut self, changes: mpsc::Receiver<Changes>, mut watcher: watch::Watcher) {
        while let Ok(first) = changes.recv() {
            let mut batch = first;
            // Saves that arrived during the last build are built together.
            while let Ok(more) = changes.try_recv() {
                batch.merge(more);
            }
            watcher.follow_new_folders();
            let what = batch.describe(self.session.root());
            self.build(&batch, &what);
        }
    }

    fn build(&mut self, changes: &Changes, what: &str) {
        let start = Instant::now();
        let result = self.session.build(changes);
        let old = self.shared.current();
        let report = match result {
            Ok(rendered) => {
                let mut next = current_from(&rendered);
                let report = diff(&old, &next, &rendered.changed);
                let changed =
                    !(report.pages.is_empty() && report.styles.is_empty()) || report.everything;
                next.generation = old.generation + u64::from(changed);
                let changed = report.pages.len() + report.styles.len();
                self.swap(next);
                println!(
                    "{what}: built in {} ms, {changed} file{} changed",
                    start.elapsed().as_millis(),
                    if changed == 1 { "" } else { "s" }
                );
                report
            }
            Err(e) => {
                eprintln!("{what}:");
                for d in &e.diagnostics {
                    anstream::eprintln!("{}", d.styled());
                }
                let n = e.diagnostics.len();
                eprintln!(
                    "{n} error{}; still serving the last good site, save a fix to rebuild",
                    if n == 1 { "" } else { "s" }
                );
                let report = Arc::new(Report {
                    ok: false,
                    pages: Vec::new(),
                    styles: Vec::new(),
                    everything: false,
                    errors: e.diagnostics.iter().map(DiagnosticView::from).collect(),
                });
                self.swap(Current {
                    files: old.files.clone(),
                    base_path: old.base_path.clone(),
                    failure: Some(report.clone()),
                    generation: old.generation,
                });
                report
            }
        };
        // No page is listening before the first build; that is fine.
        let _ = self.shared.reports.send(report);
    }

    fn swap(&self, next: Current) {
        let next = Arc::new(next);
        match self.shared.current.write() {
            Ok(mut c) => *c = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }
}

fn current_from(rendered: &Rendered) -> Current {
    Current {
        files: rendered.files.clone(),
        base_path: rendered.site.urls.base_path.clone(),
        failure: None,
        generation: 0,
    }
}

/// What changed between two sites, as URL paths, from the paths that `changed` (made, changed
/// or gone) between the session's builds. The site served is always the session's last build.
fn diff(old: &Current, new: &Current, changed: &[String]) -> Arc<Report> {
    let mut report = Report {
        ok: true,
        pages: Vec::new(),
        styles: Vec::new(),
        everything: old.base_path != new.base_path,
        errors: Vec::new(),
    };
    for path in changed {
        let url = urls::join(&new.base_path, path);
        if urls::is_page(path) {
            let page = urls::path_of_page(path).unwrap_or(path);
            report.pages.push(urls::join(&new.base_path, page));
        } else if path.ends_with(".css") {
            report.styles.push(url);
        } else if !(path.ends_with(".xml") || path.ends_with(".txt")) {
            // Feeds, the sitemap and robots.txt are not part of any page; anything else may be.
            report.everything = true;
        }
    }
    if !report.pages.is_empty() {
        // The translations page reads the content afresh; any page's change may change it.
        report.pages.push(STATUS_PAGE.to_string());
    }
    report.pages.sort();
    report.styles.sort();
    Arc::new(report)
}
