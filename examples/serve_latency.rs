//! Measures `bayan serve`'s edit-to-reload latency: the time from writing an article to the
//! moment the server tells open pages to reload.
//!
//! ```text
//! cargo run --release --example serve_latency -- --root target/corpus-1000 --edits 30
//! ```
//!
//! Starts the release binary's `serve` on the site, listens to its event stream as a page does,
//! then edits one article's body (with `--edit title`, its title) `--edits` times (writing the
//! file in place, as most editors do), each time waiting for the build report that lists the
//! article's page. Prints every figure, then the median and the 95th percentile. `benches/serve-latency.sh` makes the
//! 1,000-article corpus and runs this. Also prints when the first page was served after the
//! server started, and the server's resident and peak memory after the edits (from /proc).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

struct Settings {
    root: PathBuf,
    edits: usize,
    article: String,
    /// Whether each edit changes the title (which listings show) rather than the body.
    title: bool,
}

fn main() -> ExitCode {
    let settings = match parse(std::env::args().skip(1)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("serve_latency: {e}");
            return ExitCode::FAILURE;
        }
    };
    match measure(&settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve_latency: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Settings, String> {
    let mut s = Settings {
        root: PathBuf::from("target/corpus-1000"),
        edits: 30,
        article: "article-500".into(),
        title: false,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--root" => s.root = PathBuf::from(value),
            "--edits" => s.edits = value.parse().map_err(|e| format!("--edits: {e}"))?,
            "--article" => s.article = value,
            "--edit" => {
                s.title = match value.as_str() {
                    "title" => true,
                    "body" => false,
                    _ => return Err(format!("--edit {value}: use body or title")),
                }
            }
            _ => {
                return Err(format!(
                    "unknown flag {flag}; use --root, --edits, --article, --edit body|title"
                ));
            }
        }
    }
    if s.edits < 20 {
        return Err("use at least 20 edits for a median and a 95th percentile".into());
    }
    Ok(s)
}

/// The server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn measure(s: &Settings) -> Result<(), String> {
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/bayan");
    if !binary.exists() {
        return Err(format!(
            "{} is missing: run `cargo build --release`",
            binary.display()
        ));
    }
    let started = Instant::now();
    let mut child = Command::new(&binary)
        .args(["serve", "--port", "0", "--root"])
        .arg(&s.root)
        .stdout(Stdio::piped())
        .stderr(if std::env::var_os("SERVE_STDERR").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .map_err(|e| format!("starting {}: {e}", binary.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let pid = child.id();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .ok_or("the server stopped before printing its address")?
            .map_err(|e| e.to_string())?;
        if let Some(rest) = line.strip_prefix("serving ") {
            break rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
        }
    };
    let address = url
        .strip_prefix("http://")
        .and_then(|r| r.split('/').next())
        .ok_or_else(|| format!("unexpected address {url}"))?
        .to_string();
    let base_path = url
        .strip_prefix("http://")
        .and_then(|r| r.find('/').map(|i| r[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    let status = first_line(&address, &base_path)?;
    let startup = started.elapsed().as_secs_f64();
    if !status.contains(" 200 ") {
        return Err(format!("the home page answered {status}"));
    }
    let mut events = Events::connect(&address)?;
    events.next_event("hello")?;

    let file = s.root.join(format!("content/articles/{}.en.md", s.article));
    let original =
        std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let page = format!("\"{base_path}en/articles/{}/\"", s.article);
    let mut figures = Vec::with_capacity(s.edits);
    for i in 0..s.edits {
        let text = if s.title {
            original.replacen("title: \"", &format!("title: \"Edit {i}: "), 1)
        } else {
            format!("{original}\nEdit number {i}.\n")
        };
        let start = Instant::now();
        std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
        loop {
            let data = events.next_event("build")?;
            if data.contains(&page) {
                break;
            }
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("edit {:>2}: {ms:6.1} ms", i + 1);
        figures.push(ms);
        // Edits as fast as a person saves, not faster: let the watcher settle.
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = std::fs::write(&file, &original);
    let memory = memory_of(pid);
    drop(server);

    figures.sort_by(f64::total_cmp);
    let median = figures[figures.len() / 2];
    let p95 = figures[(figures.len() * 95).div_ceil(100) - 1];
    println!(
        "edit-to-reload over {} edits of {}: median {median:.1} ms, p95 {p95:.1} ms, min {:.1} ms, max {:.1} ms",
        figures.len(),
        file.display(),
        figures[0],
        figures[figures.len() - 1]
    );
    println!("start-up: the first page was served {startup:.2} s after the server started");
    match memory {
        Some((rss, peak)) => println!(
            "serve memory after the edits: {:.0} MB resident, {:.0} MB at most",
            rss as f64 / 1024.0,
            peak as f64 / 1024.0
        ),
        None => println!("serve memory: not measured (needs /proc)"),
    }
    Ok(())
}

/// The status line of a GET of `path`.
fn first_line(address: &str, path: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(address).map_err(|e| format!("{address}: {e}"))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut line = String::new();
    BufReader::new(stream)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(line.trim_end().to_string())
}

/// The resident and peak memory of process `pid` in kB, from /proc (Linux).
fn memory_of(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// The server's event stream, read as a browser's EventSource does.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn connect(address: &str) -> Result<Events, String> {
        let mut stream = TcpStream::connect(address).map_err(|e| format!("{address}: {e}"))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(|e| e.to_string())?;
        write!(
            stream,
            "GET /__bayan/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .map_err(|e| e.to_string())?;
        Ok(Events {
            reader: BufReader::new(stream),
        })
    }

    /// The data of the next event named `name`.
    fn next_event(&mut self, name: &str) -> Result<String, String> {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .map_err(|e| format!("reading events: {e}"))?;
            if n == 0 {
                return Err("the event stream ended".into());
            }
            let line = line.trim_end();
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && event == name
            {
                return Ok(data.to_string());
            }
        }
    }
}
