//! `bayan serve` over real sockets: what it answers, what it refuses, and what its watcher sees.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bayan::config::Overrides;
use bayan::pipeline::render;

use crate::support::TestSite;

/// A running `bayan serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/sub/`
    pub url: String,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// Everything the server printed on stderr so far, read in the background.
    stderr: mpsc::Receiver<String>,
}

impl Server {
    pub fn start(site: &TestSite, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bayan"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .arg("--root")
            .arg(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start bayan serve");
        let (tx, stderr) = mpsc::channel();
        let err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("serve printed its address")
                .expect("stdout");
            if let Some(rest) = line.strip_prefix("serving ") {
                break rest.split(' ').next().unwrap().to_string();
            }
        };
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let address = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Server {
            child,
            url,
            address,
            stderr,
        }
    }

    /// The server's stderr lines printed so far.
    pub fn stderr(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }

    pub fn get(&self, path: &str) -> Response {
        request(&self.address, path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

/// A GET with the path sent exactly as given (no client would send `..` as is).
pub fn request(address: &str, path: &str) -> Response {
    let mut s = TcpStream::connect(address).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read the response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// The server's build reports, read as a page's EventSource does.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn connect(server: &Server) -> Events {
        let mut s = TcpStream::connect(&server.address).expect("connect");
        write!(
            s,
            "GET /__bayan/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            server.address
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(s),
        };
        assert!(
            events
                .next(Duration::from_secs(5))
                .is_some_and(|(e, _)| e == "hello")
        );
        events
    }

    /// The next event and its data, or `None` if none comes within `wait`.
    pub fn next(&mut self, wait: Duration) -> Option<(String, String)> {
        self.reader.get_ref().set_read_timeout(Some(wait)).unwrap();
        let mut event = String::new();
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                return Some((event, d.to_string()));
            }
        }
    }

    /// Waits for a build report that `wanted` accepts (one save may be seen as more than one
    /// batch, each with its own report); panics if none comes.
    pub fn until(&mut self, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Some((e, d)) = self.next(Duration::from_secs(10))
                && e == "build"
            {
                if wanted(&d) {
                    return d;
                }
                seen.push(d);
            }
        }
        panic!("no fitting build report after {what}; saw {seen:?}");
    }

    /// Waits for the next build report, whatever it says.
    pub fn build(&mut self, what: &str) -> String {
        self.until(what, |_| true)
    }

    /// Reads away reports of earlier changes that are still arriving.
    pub fn settle(&mut self) {
        while self.next(Duration::from_millis(150)).is_some() {}
    }

    /// Asserts that no build report comes for a while.
    pub fn quiet(&mut self, what: &str) {
        if let Some((e, d)) = self.next(Duration::from_millis(400)) {
            panic!("{what} caused an event {e}: {d}");
        }
    }
}

#[test]
fn serves_the_site_under_its_base_path_with_the_right_types() {
    let site = TestSite::fixture("basic");
    site.write(
        "themes/plain/static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("themes/plain/static/fonts/f.woff2", "wOF2");
    site.write("themes/plain/static/data/d.json", "{}");
    site.write("themes/plain/static/js/x.js", "1;");
    let server = Server::start(&site, &[]);
    assert!(server.url.ends_with("/sub/"), "{}", server.url);

    for (path, wanted) in [
        ("/sub/", "text/html; charset=utf-8"),
        ("/sub/en/articles/alpha/", "text/html; charset=utf-8"),
        ("/sub/assets/css/a.css", "text/css; charset=utf-8"),
        ("/sub/assets/js/x.js", "text/javascript; charset=utf-8"),
        ("/__bayan/live.js", "text/javascript; charset=utf-8"),
        ("/sub/en/atom.xml", "text/xml; charset=utf-8"),
        ("/sub/sitemap.xml", "text/xml; charset=utf-8"),
        ("/sub/assets/img/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/sub/assets/fonts/f.woff2", "font/woff2"),
        ("/sub/assets/data/d.json", "application/json; charset=utf-8"),
        ("/sub/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), wanted, "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert!(
            r.header("content-security-policy")
                .contains("script-src 'self'"),
            "{path}"
        );
    }
    let page = server.get("/sub/en/articles/alpha/").text();
    assert!(
        page.contains(
            "<script src=\"/__bayan/live.js\" defer data-generation=\"1\"></script></head>"
        ),
        "{page}"
    );
    assert!(
        page.contains("href=\"/sub/assets/css/a.css\""),
        "plain asset names: {page}"
    );

    // The site's own 404 page, with the status.
    let missing = server.get("/sub/en/articles/no-such-article/");
    assert_eq!(missing.status, 404);
    let text = missing.text();
    assert!(
        text.contains("<title>404</title>"),
        "the theme's 404 page: {text}"
    );
    assert!(text.contains("data-not-found"), "{text}");
    // No folder listing.
    assert_eq!(server.get("/sub/assets/").status, 404);
    assert_eq!(server.get("/sub/assets/css/").status, 404);
    // The root of a sub-path site leads to it; paths outside it are not the site.
    let root = server.get("/");
    assert_eq!((root.status, root.header("location")), (302, "/sub/"));
    assert_eq!(server.get("/en/articles/alpha/").status, 404);
    let folder = server.get("/sub/en/articles/alpha");
    assert_eq!(
        (folder.status, folder.header("location")),
        (302, "/sub/en/articles/alpha/")
    );
}

#[test]
fn no_path_leads_out_of_the_site() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let secret = site.read("site.yaml");
    for path in [
        "/sub/../site.yaml",
        "/sub/../../../../etc/passwd",
        "/sub/%2e%2e/site.yaml",
        "/sub/%2E%2E/%2E%2E/etc/passwd",
        "/sub/..%2fsite.yaml",
        "/sub/%2e%2e%2fsite.yaml",
        "/sub/..%5csite.yaml",
        "/sub/.%2e/content/articles/alpha.en.md",
        "/sub/./en/",
        "/sub/en/%00",
        "/../site.yaml",
        "/sub/%c0%ae%c0%ae/site.yaml",
    ] {
        let r = server.get(path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        let text = r.text();
        assert!(
            !text.contains("base_url"),
            "{path} leaked site.yaml: {text}"
        );
        assert!(!text.contains("root:"), "{path} leaked a system file");
        assert!(!text.contains(secret.lines().next().unwrap()), "{path}");
    }
}

#[test]
fn a_busy_port_is_a_clear_error_and_another_address_a_warning() {
    let site = TestSite::fixture("basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_bayan"))
        .args(["serve", "--port", &port, "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("could not listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
    assert!(
        !err.contains("-->"),
        "a problem that is not about a file names no file: {err}"
    );
    assert!(
        err.trim_end().ends_with("1 error found"),
        "only build says that nothing was written: {err}"
    );

    let server = Server::start(&site, &["--bind", "0.0.0.0"]);
    assert_eq!(server.get("/sub/").status, 200);
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut err = String::new();
    while Instant::now() < deadline && !err.contains("warning") {
        err.push_str(&server.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(err.contains("warning: serving on 0.0.0.0"), "{err}");
}

/// Every file of a fresh build made with serve's settings, fetched from the server, is the same.
fn assert_serves_a_fresh_build(site: &TestSite, server: &Server) {
    let overrides = Overrides {
        base_url: Some(server.url.clone()),
        drafts: false,
        plain_assets: true,
        read_only: false,
    };
    let fresh = render(&site.root, &overrides).expect("a fresh build");
    let base_path = server.url.trim_start_matches("http://");
    let base_path = &base_path[base_path.find('/').unwrap()..];
    let generation = |text: &str| {
        let at = text.find("data-generation=\"").map(|i| i + 17).unwrap_or(0);
        text[at..].split('"').next().unwrap_or("").to_string()
    };
    for file in fresh.files.values() {
        let path = &file.path;
        let served = server.get(&format!("{base_path}{path}"));
        assert_eq!(served.status, 200, "{path}");
        let mut body = served.body;
        if path.ends_with(".html") {
            let text = String::from_utf8(body).unwrap();
            let script = format!(
                "<script src=\"/__bayan/live.js\" defer data-generation=\"{}\"></script>",
                generation(&text)
            );
            body = text.replacen(&script, "", 1).into_bytes();
        }
        assert!(
            body[..] == file.bytes[..],
            "{path} differs from a fresh build:\n--- served\n{}\n--- fresh\n{}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&file.bytes)
        );
    }
}

#[test]
fn every_way_of_saving_is_seen_and_the_result_equals_a_fresh_build() {
    let site = TestSite::fixture("basic");
    let server = Server::start(&site, &[]);
    let mut events = Events::connect(&server);
    let alpha = "content/articles/alpha.en.md";

    let page = |p: &str| format!("\"/sub/{p}\"");

    // Writing in place.
    site.edit(alpha, |t| t.replace("See [beta]", "In place. See [beta]"));
    events.until("a write in place", |d| {
        d.contains(&page("en/articles/alpha/"))
    });
    assert!(
        server
            .get("/sub/en/articles/alpha/")
            .text()
            .contains("In place.")
    );

    // Writing a temporary file and renaming it over the article.
    events.settle();
    let text = site.read(alpha).replace("In place.", "Renamed over.");
    site.write("content/articles/alpha.en.md.tmp.42", &text);
    std::fs::rename(
        site.path("content/articles/alpha.en.md.tmp.42"),
        site.path(alpha),
    )
    .unwrap();
    events.until("a rename over", |d| d.contains(&page("en/articles/alpha/")));
    assert!(
        server
            .get("/sub/en/articles/alpha/")
            .text()
            .contains("Renamed over.")
    );

    // Deleting and creating again.
    events.settle();
    let text = site.read(alpha).replace("Renamed over.", "Created again.");
    std::fs::remove_file(site.path(alpha)).unwrap();
    site.write(alpha, &text);
    events.until("delete and create", |_| {
        server
            .get("/sub/en/articles/alpha/")
            .text()
            .contains("Created again.")
    });

    // A new article, then renamed, then deleted.
    events.settle();
    site.write(
        "content/articles/delta.en.md",
        "---\ntitle: \"Delta\"\ndate: 2024-01-01\nsummary: \"New\"\ntopics: [one]\nsource: {name: \"Europol\"}\n---\nDelta.\n",
    );
    events.until("a new file", |d| d.contains(&page("en/articles/delta/")));
    assert_eq!(server.get("/sub/en/articles/delta/").status, 200);
    events.settle();
    std::fs::rename(
        site.path("content/articles/delta.en.md"),
        site.path("content/articles/epsilon.en.md"),
    )
    .unwrap();
    events.until("a rename", |d| d.contains(&page("en/articles/epsilon/")));
    assert_eq!(server.get("/sub/en/articles/delta/").status, 404);
    assert_eq!(server.get("/sub/en/articles/epsilon/").status, 200);
    events.settle();
    std::fs::remove_file(site.path("content/articles/epsilon.en.md")).unwrap();
    events.until("a deletion", |d| d.contains(&page("en/articles/epsilon/")));
    assert_eq!(server.get("/sub/en/articles/epsilon/").status, 404);

    // Editors' own files are not content.
    events.settle();
    site.write("content/articles/.alpha.en.md.swp", "swap");
    site.write("content/articles/alpha.en.md~", "backup");
    site.write("content/articles/4913", "");
    events.quiet("editor temp files");

    // Templates, static files, strings and site.yaml.
    site.edit("themes/plain/templates/base.html", |t| {
        t.replace("<main>", "<main class=\"edited\">")
    });
    events.until("a template edit", |d| {
        d.contains(&page("en/articles/alpha/"))
    });
    assert!(server.get("/sub/en/").text().contains("class=\"edited\""));

    events.settle();
    site.edit("themes/plain/static/css/a.css", |t| {
        format!("{t}\np {{ color: red }}\n")
    });
    let report = events.until("a stylesheet edit", |d| d.contains("/sub/assets/css/a.css"));
    assert!(
        report.contains("\"pages\":[]"),
        "a stylesheet changes no page: {report}"
    );
    assert!(
        server
            .get("/sub/assets/css/a.css")
            .text()
            .contains("color: red")
    );

    events.settle();
    site.write("static/extra.txt", "new static folder");
    events.until("a new static folder", |_| {
        server.get("/sub/assets/extra.txt").text() == "new static folder"
    });

    events.settle();
    site.edit("themes/plain/i18n/en.yaml", |t| {
        format!("{t}\nunused_key: \"x\"\n")
    });
    events.build("a strings edit");

    events.settle();
    site.edit("site.yaml", |t| t.replace("paginate: 2", "paginate: 1"));
    events.until("a site.yaml edit", |d| d.contains(&page("en/page/3/")));

    // A broken file: reported, the last good site still served; the fix brings it back.
    events.settle();
    let good = site.read(alpha);
    site.write(alpha, &good.replace("topics:", "topics: [oops"));
    let report = events.until("broken front-matter", |d| d.contains("\"ok\":false"));
    assert!(report.contains("content/articles/alpha.en.md"), "{report}");
    assert_eq!(server.get("/sub/en/articles/alpha/").status, 200);
    site.write(alpha, &good);
    events.until("the fix", |d| d.contains("\"ok\":true"));
    events.settle();

    assert_serves_a_fresh_build(&site, &server);
}
