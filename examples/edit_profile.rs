//! Times the edits `serve` makes, in one process and without the server: a session is built
//! once, then one article's body is edited again and again, each edit timed. Run it under a
//! profiler to see where an edit's time goes, free of the start-up's.
//!
//!     cargo run --release --example edit_profile -- --root target/c10k --edits 200
//!
//! With `PAUSE=150` in the environment it waits that many milliseconds between edits, as a
//! person saving does.

use std::path::PathBuf;
use std::time::Instant;

use bayan::config::Overrides;
use bayan::pipeline::{Changes, Session};

// The allocator `bayan` itself runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut root = PathBuf::from(".");
    let mut edits = 50usize;
    let mut article = String::from("article-5000");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().unwrap_or_default();
        match a.as_str() {
            "--root" => root = PathBuf::from(value),
            "--edits" => edits = value.parse().expect("--edits takes a number"),
            "--article" => article = value,
            other => panic!("unknown option {other}"),
        }
    }
    let path = root.join(format!("content/articles/{article}.en.md"));
    let original = std::fs::read_to_string(&path).expect("the article exists");
    // As `serve` builds: static files by their plain names.
    let overrides = Overrides {
        plain_assets: true,
        ..Overrides::default()
    };
    let mut session = Session::new(&root, overrides);
    let start = Instant::now();
    session.build(&Changes::default()).expect("the site builds");
    eprintln!("first build: {:.2} s", start.elapsed().as_secs_f64());
    let mut times = Vec::with_capacity(edits);
    for n in 0..edits {
        std::fs::write(&path, format!("{original}\nEdit number {n}.\n")).expect("writable");
        let changes = Changes {
            setup: false,
            content: vec![path.clone()],
        };
        let t = Instant::now();
        session.build(&changes).expect("the edit builds");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if let Some(ms) = std::env::var("PAUSE").ok().and_then(|v| v.parse().ok()) {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
    std::fs::write(&path, original).expect("restored");
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{edits} body edits of {article}: median {:.1} ms, p95 {:.1} ms, min {:.1} ms",
        at(0.5),
        at(0.95),
        times[0]
    );
}
