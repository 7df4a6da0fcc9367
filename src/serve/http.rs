//! The HTTP side of `serve`: the current site from memory, and a stream of build reports.
//!
//! The site is served under its base URL's path, exactly as the host will serve it, so links
//! that work here work there. Paths are decoded once and refused if any segment is `.` or `..`
//! (however written), and only files the build made can be answered: there is no disk behind
//! the server to escape to and no folder listing. HTML pages get the live-reload script added
//! on the way out, so the site in memory is exactly what `build` would write.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use percent_encoding::percent_decode_str;

use super::{Current, Shared};
use crate::outputs::File;
use crate::urls;

/// Where the server's own files live; no site path can start with it (`_` is not a slug).
const PREFIX: &str = "/__bayan/";
const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");
const STATUS_CSS: &str = include_str!("status.css");

/// The policy every response carries: only the site's own files, no inline script or style.
/// The theme keeps to it, and so does the live-reload script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Serves until Ctrl-C.
pub fn serve(listener: std::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new().fallback(handle).with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}

async fn handle(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let path = uri.path();
    let response = match path.strip_prefix(PREFIX) {
        Some("events") => events(&shared).into_response(),
        Some("live.js") => bytes(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            LIVE_JS.into(),
        ),
        Some("live.css") => bytes(StatusCode::OK, "text/css; charset=utf-8", LIVE_CSS.into()),
        Some("status.css") => bytes(StatusCode::OK, "text/css; charset=utf-8", STATUS_CSS.into()),
        Some("status") => {
            let current = shared.current();
            let root = shared.root.clone();
            let base_path = current.base_path.clone();
            let page = tokio::task::spawn_blocking(move || super::status::page(&root, &base_path))
                .await
                .unwrap_or_default();
            let body = with_live_script(&page, false, current.generation);
            bytes(
                StatusCode::OK,
                "text/html; charset=utf-8",
                body.into_bytes(),
            )
        }
        Some(_) => plain(StatusCode::NOT_FOUND, "not found"),
        None => site(&shared.current(), path, uri.query()),
    };
    secure(response)
}

/// Headers every response gets.
fn secure(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// What a request path comes to.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The file at this path under the site.
    File(String),
    /// Redirect to this URL path (a folder without its slash, or the root of a sub-path site).
    Redirect(String),
    NotFound,
    /// A path with `.` or `..` segments, a NUL, a backslash or bytes that are not UTF-8.
    Refused,
}

/// Finds what `path` (as sent, still percent-encoded) names in a site under `base_path`.
pub fn lookup(path: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Lookup {
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Lookup::Refused;
    };
    if decoded.contains(['\0', '\\']) || decoded.split('/').any(|s| s == "." || s == "..") {
        return Lookup::Refused;
    }
    if decoded.contains("//") {
        // An empty segment names no file of the site (and must not turn into an absolute path).
        return Lookup::NotFound;
    }
    let Some(rel) = decoded.strip_prefix(base_path) else {
        if format!("{decoded}/") == base_path || decoded == "/" {
            return Lookup::Redirect(base_path.to_string());
        }
        return Lookup::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = urls::file_of(rel);
        return if exists(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if exists(rel) {
        return Lookup::File(rel.to_string());
    }
    if exists(&urls::file_of(&format!("{rel}/"))) {
        return Lookup::Redirect(format!("{path}/"));
    }
    Lookup::NotFound
}

fn site(current: &Current, path: &str, query: Option<&str>) -> Response {
    let found = lookup(path, &current.base_path, |p| current.files.contains_key(p));
    match found {
        Lookup::File(rel) => match current.files.get(&rel) {
            Some(file) => file_response(StatusCode::OK, &rel, file, current.generation),
            None => not_found(current),
        },
        Lookup::Redirect(to) => {
            let to = match query {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut r = plain(StatusCode::FOUND, "moved");
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Lookup::NotFound => not_found(current),
        Lookup::Refused => plain(StatusCode::BAD_REQUEST, "this path is not allowed"),
    }
}

/// The site's own 404 page, or plain text when it has none (yet).
fn not_found(current: &Current) -> Response {
    match current.files.get("404.html") {
        Some(f) => file_response(StatusCode::NOT_FOUND, "404.html", f, current.generation),
        None => {
            let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                <title>Not found</title></head><body><p>Not found.</p></body></html>";
            bytes(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                with_live_script(page, true, current.generation).into_bytes(),
            )
        }
    }
}

fn file_response(status: StatusCode, rel: &str, file: &File, generation: u64) -> Response {
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "xml" | "svg"
        );
    let content_type = if text {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    if rel.ends_with(".html") {
        let html = String::from_utf8_lossy(&file.bytes[..]);
        let body = with_live_script(&html, status == StatusCode::NOT_FOUND, generation);
        return bytes(status, &content_type, body.into_bytes());
    }
    bytes(status, &content_type, file.bytes.to_vec())
}

/// `html` with the live-reload script added at the end of its head, marked with the site's
/// generation (and whether the page stands for one that was not found).
pub fn with_live_script(html: &str, not_found: bool, generation: u64) -> String {
    let tag = format!(
        "<script src=\"{PREFIX}live.js\" defer data-generation=\"{generation}\"{}></script>",
        if not_found { " data-not-found" } else { "" }
    );
    let at = html
        .find("</head>")
        .or_else(|| html.find("</body>"))
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

fn bytes(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    bytes(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

/// The stream of build reports an open page listens to: first a greeting that names this run
/// of the server (and the current failure, if any), then one report per build.
fn events(shared: &Arc<Shared>) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let current = shared.current();
    let hello =
        serde_json::json!({ "instance": shared.instance, "generation": current.generation });
    let hello = Event::default()
        .event("hello")
        .retry(Duration::from_millis(500))
        .data(hello.to_string());
    let mut first = vec![hello];
    if let Some(failure) = &current.failure {
        first.push(report_event(failure));
    }
    let receiver = shared.reports.subscribe();
    let later = stream::unfold(receiver, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(report) => return Some((report_event(&report), rx)),
                // A page that fell behind only needs the latest state; keep going.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let all = stream::iter(first).chain(later).map(Ok);
    Sse::new(all).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn report_event(report: &super::Report) -> Event {
    Event::default()
        .event("build")
        .data(serde_json::to_string(report).unwrap_or_else(|_| "{}".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(p: &str) -> bool {
        [
            "index.html",
            "en/index.html",
            "en/a/index.html",
            "assets/site.css",
        ]
        .contains(&p)
    }

    #[test]
    fn paths_are_looked_up_under_the_base_path() {
        let at = |p: &str| lookup(p, "/sub/", files);
        assert_eq!(at("/sub/"), Lookup::File("index.html".into()));
        assert_eq!(at("/sub/en/a/"), Lookup::File("en/a/index.html".into()));
        assert_eq!(at("/sub/en/a"), Lookup::Redirect("/sub/en/a/".into()));
        assert_eq!(
            at("/sub/assets/site.css"),
            Lookup::File("assets/site.css".into())
        );
        assert_eq!(at("/sub"), Lookup::Redirect("/sub/".into()));
        assert_eq!(at("/"), Lookup::Redirect("/sub/".into()));
        assert_eq!(at("/en/a/"), Lookup::NotFound);
        assert_eq!(at("/sub/en/missing/"), Lookup::NotFound);
        assert_eq!(at("/sub/assets/"), Lookup::NotFound, "no folder listing");
    }

    #[test]
    fn dot_segments_are_refused_however_written() {
        for p in [
            "/sub/../site.yaml",
            "/sub/en/../../etc/passwd",
            "/sub/%2e%2e/site.yaml",
            "/sub/%2E%2E%2Fsite.yaml",
            "/sub/.%2e/x",
            "/sub/./index.html",
            "/sub/..%5csite.yaml",
            "/sub/a%00b",
            "/sub/%ff",
        ] {
            assert_eq!(lookup(p, "/sub/", files), Lookup::Refused, "{p}");
        }
    }

    #[test]
    fn the_live_script_goes_at_the_end_of_the_head() {
        let html = "<html><head><title>x</title></head><body></body></html>";
        let out = with_live_script(html, false, 7);
        let tag = "<script src=\"/__bayan/live.js\" defer data-generation=\"7\"></script>";
        assert!(out.contains(&format!("{tag}</head>")), "{out}");
        assert!(with_live_script("<p>x</p>", true, 0).ends_with("data-not-found></script>"));
    }
}
