//! Writes a generated bilingual briefing site, for benchmarks.
//!
//! ```text
//! cargo run --release --example corpus -- --articles 1000 --topics 40 --out target/corpus-1000 \
//!     [--hugo target/hugo-1000]
//! ```
//!
//! Each article exists in Arabic and English, about 800 words a version, with headings, a list,
//! a table, a code block and `@/` links to earlier articles; every article files under one to
//! three topics. The output is deterministic for the same arguments. The site uses this
//! repository's `briefing` theme, copied in.
//!
//! With `--hugo DIR`, the same corpus is also written as a Hugo site (Hugo 0.111, Debian's
//! `hugo`): the same Markdown with `ref` shortcodes for the `@/` links, topics as a taxonomy
//! with their text on the term pages, and templates from `benches/hugo/layouts` doing comparable
//! work (article pages with topics, related articles and translation links; paginated home and
//! topic listings; the topic index; feeds and sitemaps).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const AR_WORDS: &[&str] = &[
    "الشرطة",
    "الدولية",
    "الأطفال",
    "الإنترنت",
    "التحقيق",
    "الضحايا",
    "المواد",
    "الاعتداء",
    "التعاون",
    "الوكالة",
    "المنصات",
    "التشفير",
    "الإحالات",
    "القضاء",
    "الحماية",
    "الوقاية",
    "الشركاء",
    "البيانات",
    "الجناة",
    "الاستغلال",
    "المحققين",
    "قاعدة",
    "الصور",
    "التقارير",
    "الحكومات",
    "المجتمع",
    "الأسر",
    "المدارس",
    "الخبراء",
    "التوعية",
    "العمليات",
    "الأدلة",
    "في",
    "من",
    "على",
    "إلى",
    "مع",
    "عن",
    "بعد",
    "قبل",
    "خلال",
    "حيث",
    "كما",
    "أن",
    "قد",
    "التي",
    "الذي",
    "وقال",
    "وأضاف",
    "وأكد",
    "أعلنت",
    "أشارت",
    "ارتفاع",
    "عدد",
    "حالات",
    "جديدة",
];

const EN_WORDS: &[&str] = &[
    "police",
    "international",
    "children",
    "online",
    "investigation",
    "victims",
    "material",
    "abuse",
    "cooperation",
    "agency",
    "platforms",
    "encryption",
    "referrals",
    "courts",
    "protection",
    "prevention",
    "partners",
    "data",
    "offenders",
    "exploitation",
    "investigators",
    "database",
    "images",
    "reports",
    "governments",
    "society",
    "families",
    "schools",
    "experts",
    "awareness",
    "operations",
    "evidence",
    "in",
    "of",
    "on",
    "to",
    "with",
    "about",
    "after",
    "before",
    "during",
    "where",
    "as",
    "that",
    "may",
    "which",
    "said",
    "added",
    "confirmed",
    "announced",
    "noted",
    "rise",
    "number",
    "cases",
    "new",
    "the",
    "and",
    "a",
];

/// A small deterministic generator (xorshift64*), so runs are repeatable without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Settings {
    articles: usize,
    topics: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)).and_then(|s| write_site(&s)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Settings, String> {
    let mut s = Settings {
        articles: 1000,
        topics: 40,
        out: PathBuf::from("target/corpus"),
        hugo: None,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--articles" => s.articles = number()?,
            "--topics" => s.topics = number()?.max(1),
            "--out" => s.out = PathBuf::from(&value),
            "--hugo" => s.hugo = Some(PathBuf::from(&value)),
            _ => {
                return Err(format!(
                    "unknown flag {flag}; use --articles, --topics, --out, --hugo"
                ));
            }
        }
    }
    Ok(s)
}

fn write_site(s: &Settings) -> Result<(), String> {
    write_bayan(s)?;
    if let Some(hugo) = &s.hugo {
        write_hugo(&s.out, hugo)?;
    }
    Ok(())
}

/// The same site for Hugo: content moved to Hugo's layout, `@/` links as `ref` shortcodes.
fn write_hugo(bayan: &Path, hugo: &Path) -> Result<(), String> {
    if hugo.exists() {
        fs::remove_dir_all(hugo).map_err(io(hugo))?;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("benches/hugo"), hugo)?;
    // The same stylesheet as the briefing theme's, so both sites ship the same CSS.
    let css = hugo.join("static/css");
    fs::create_dir_all(&css).map_err(io(&css))?;
    let theme_css = repo.join("themes/briefing/static/css/site.css");
    fs::copy(&theme_css, css.join("site.css")).map_err(io(&theme_css))?;
    let from = bayan.join("content");
    let to = hugo.join("content");
    for dir in ["articles", "pages", "topics"] {
        fs::create_dir_all(to.join(dir)).map_err(io(&to))?;
    }
    let entries = |dir: &Path| -> Result<Vec<PathBuf>, String> {
        let mut v: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(io(dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        v.sort();
        Ok(v)
    };
    let copy = |src: &Path, dst: PathBuf| -> Result<(), String> {
        let text = fs::read_to_string(src).map_err(io(src))?;
        if let Some(parent) = dst.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        fs::write(&dst, hugo_links(&text)).map_err(io(&dst))
    };
    for src in entries(&from)? {
        copy(&src, to.join(src.file_name().unwrap_or_default()))?;
    }
    for section in ["articles", "pages"] {
        for src in entries(&from.join(section))? {
            copy(
                &src,
                to.join(section).join(src.file_name().unwrap_or_default()),
            )?;
        }
    }
    // A topic's text goes on its taxonomy term page: topics/<slug>/_index.<lang>.md.
    for src in entries(&from.join("topics"))? {
        let name = src.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if let Some((slug, lang)) = name.trim_end_matches(".md").rsplit_once('.') {
            copy(
                &src,
                to.join("topics")
                    .join(slug)
                    .join(format!("_index.{lang}.md")),
            )?;
        }
    }
    Ok(())
}

/// Turns an I/O error on `what` into a message naming it.
fn io(what: &Path) -> impl Fn(std::io::Error) -> String + use<> {
    let what = what.display().to_string();
    move |e| format!("{what}: {e}")
}

/// `[text](@/articles/x.md)` to `[text]({{< ref "/articles/x" >}})`.
fn hugo_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](@/") {
        out.push_str(&rest[..i + 2]);
        let after = &rest[i + 4..];
        let end = after.find(')').unwrap_or(after.len());
        let target = after[..end].trim_end_matches(".md");
        out.push_str(&format!("{{{{< ref \"/{target}\" >}}}}"));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn write_bayan(s: &Settings) -> Result<(), String> {
    if s.out.exists() {
        fs::remove_dir_all(&s.out).map_err(io(&s.out))?;
    }
    let content = s.out.join("content");
    for dir in ["articles", "topics", "pages"] {
        fs::create_dir_all(content.join(dir)).map_err(io(&content))?;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &repo.join("themes/briefing"),
        &s.out.join("themes/briefing"),
    )?;
    let write = |path: PathBuf, text: String| fs::write(&path, text).map_err(io(&path));
    write(s.out.join("site.yaml"), SITE_YAML.to_string())?;
    write(
        content.join("_index.ar.md"),
        "---\ntitle: \"إحاطة تجريبية\"\nsummary: \"موقع مولَّد لقياس الأداء.\"\n---\n\nنص الصفحة الرئيسية.\n".into(),
    )?;
    write(
        content.join("_index.en.md"),
        "---\ntitle: \"A generated briefing\"\nsummary: \"A generated site for measuring speed.\"\n---\n\nThe home text.\n".into(),
    )?;
    for (lang, title) in [("ar", "عن الموقع"), ("en", "About")] {
        write(
            content.join(format!("pages/about.{lang}.md")),
            format!("---\ntitle: \"{title}\"\n---\n\n{title}.\n"),
        )?;
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for t in 0..s.topics {
        for lang in ["ar", "en"] {
            let (title, words) = if lang == "ar" {
                (format!("الموضوع {t}"), AR_WORDS)
            } else {
                (format!("Topic {t}"), EN_WORDS)
            };
            let text = format!(
                "---\ntitle: \"{title}\"\nsummary: \"{}\"\n---\n\n{}\n",
                sentence(&mut rng, words, 12),
                paragraph(&mut rng, words, 60)
            );
            write(content.join(format!("topics/topic-{t}.{lang}.md")), text)?;
        }
    }
    for a in 0..s.articles {
        let topics: Vec<usize> = {
            let mut ts = vec![a % s.topics];
            for _ in 0..rng.below(3) {
                let t = rng.below(s.topics);
                if !ts.contains(&t) {
                    ts.push(t);
                }
            }
            ts
        };
        for lang in ["ar", "en"] {
            let text = article(&mut rng, a, &topics, lang);
            write(
                content.join(format!("articles/article-{a}.{lang}.md")),
                text,
            )?;
        }
    }
    Ok(())
}

const SITE_YAML: &str = "title:
  ar: \"إحاطة تجريبية\"
  en: \"A generated briefing\"
description:
  ar: \"موقع مولَّد لقياس الأداء\"
  en: \"A generated site for measuring speed\"
base_url: \"https://bench.example.org/\"
default_language: ar
languages:
  ar: {name: \"العربية\", dir: rtl, digits: arab}
  en: {name: \"English\", dir: ltr}
theme: briefing
paginate: 20
";

fn article(rng: &mut Rng, index: usize, topics: &[usize], lang: &str) -> String {
    let ar = lang == "ar";
    let words = if ar { AR_WORDS } else { EN_WORDS };
    let mut out = String::with_capacity(8 * 1024);
    let title = if ar {
        format!("المقال {index}: {}", sentence(rng, words, 6))
    } else {
        format!("Article {index}: {}", sentence(rng, words, 6))
    };
    let day = 1 + index % 28;
    let month = 1 + (index / 28) % 12;
    let year = 2000 + (index / 336) % 26;
    let topic_list: Vec<String> = topics.iter().map(|t| format!("topic-{t}")).collect();
    let _ = write!(
        out,
        "---\ntitle: \"{title}\"\ndate: {year}-{month:02}-{day:02}\nsummary: \"{}\"\ntopics: [{}]\nsource: {{name: \"{}\"}}\nfigures:\n  - {{value: \"{}\", label: \"{}\"}}\n---\n\n",
        sentence(rng, words, 20),
        topic_list.join(", "),
        if ar { "الإنتربول" } else { "INTERPOL" },
        10 + rng.below(9000),
        sentence(rng, words, 5),
    );
    out.push_str(&paragraph(rng, words, 120));
    out.push_str("\n\n## ");
    out.push_str(&sentence(rng, words, 4));
    out.push_str("\n\n");
    out.push_str(&paragraph(rng, words, 150));
    out.push_str("\n\n");
    for _ in 0..5 {
        let _ = writeln!(out, "- {}", sentence(rng, words, 10));
    }
    out.push('\n');
    if index > 0 {
        let other = rng.below(index);
        let label = if ar {
            "مقال ذو صلة"
        } else {
            "a related article"
        };
        let _ = write!(
            out,
            "{} [{label}](@/articles/article-{other}.md) {}\n\n",
            sentence(rng, words, 12),
            sentence(rng, words, 12)
        );
    }
    out.push_str("## ");
    out.push_str(&sentence(rng, words, 3));
    out.push_str("\n\n");
    let (c1, c2, c3) = if ar {
        ("البلد", "الاعتقالات", "الأطفال")
    } else {
        ("Country", "Arrests", "Children")
    };
    let _ = write!(out, "| {c1} | {c2} | {c3} |\n|---|---:|---:|\n");
    for _ in 0..4 {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            words[rng.below(words.len())],
            rng.below(500),
            rng.below(300)
        );
    }
    out.push('\n');
    out.push_str(&paragraph(rng, words, 150));
    // The same code in both versions of an article, as in a real bilingual briefing.
    let _ = write!(
        out,
        "\n\n```python\ndef referrals_{index}(reports, since={year}):\n    \"\"\"Verified reports filed in {year} or later.\"\"\"\n    return [r for r in reports if r.verified and r.year >= since]\n```\n\n## ",
        year = 2000 + index % 25
    );
    out.push_str(&sentence(rng, words, 5));
    out.push_str("\n\n");
    out.push_str(&paragraph(rng, words, 150));
    out.push_str("\n\n");
    out.push_str(&paragraph(rng, words, 150));
    out.push('\n');
    out
}

fn sentence(rng: &mut Rng, words: &[&str], n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(words[rng.below(words.len())]);
    }
    s
}

fn paragraph(rng: &mut Rng, words: &[&str], n: usize) -> String {
    let mut p = String::new();
    let mut left = n;
    while left > 0 {
        let k = left.min(8 + rng.below(10));
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&sentence(rng, words, k));
        p.push('.');
        left -= k;
    }
    p
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            fs::copy(&path, &target).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
