//! Keeps the briefing in `content/` honest, independently of the generator.
//!
//! These tests read the Markdown files directly (front-matter with `serde_yaml`, bodies as plain
//! text) and check the promises the content makes to its readers: every key figure can be found in
//! the Arabic source text it summarises, both languages carry the same articles, topics and pages,
//! every topic is backed by at least two articles, no scraping debris survived the cleaning, and
//! every `@/` link points at a file that exists.
//!
//! Each test gathers all its failures before asserting, so one run lists every problem, each
//! naming the file and what is wrong.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The languages of the site, as in `site.yaml`.
const LANGS: [&str; 2] = ["ar", "en"];

/// Text left by the web pages the sources were scraped from, or translation slips that were
/// corrected; none of it may come back. `None` applies to every file, `Some(lang)` to that
/// language only (the English briefings may spell out month names, for instance).
const DEBRIS: &[(&str, Option<&str>)] = &[
    // 004: stray image name, social links, comments, tags, categories, comment form.
    ("girl_16", None),
    ("الـ التحالف", None),
    ("تويتر", None),
    ("في موقع الكتروني", None),
    ("التعليقات", None),
    ("تعليقات الفيسبوك", None),
    ("العلامات: ,", None),
    (", , ,", None),
    ("اختر الفئة", None),
    ("صفحة فرونت بيج", None),
    ("اترك تعليق", None),
    ("لن يتم نشر عنوان بريدك", None),
    ("الحقول الإلزامية", None),
    ("•", None),
    // 004: numbers and months that lost their place in translation.
    ("من بلدان 48", None),
    ("من بلدان 54", None),
    ("الدول الأعضاء في 28", None),
    ("September", Some("ar")),
    ("December", Some("ar")),
    // 003: the blog's subscription footer and the page-title suffix.
    ("اكتشاف المزيد من", None),
    ("شبكة الريان", None),
    ("اشترك للحصول على أحدث التدوينات", None),
    ("التدوينات المرسلة إلى بريدك", None),
    ("| NCA", None),
    ("المجلس الوطني التأسيسي", None),
    // 001: the meeting's date range printed backwards.
    ("9 - 6 آذار", None),
    // No addresses: the sources give none, and internal links use `@/`.
    ("http://", None),
    ("https://", None),
    ("www.", None),
];

/// People in the sources who are neither officials nor public figures: the English briefings do
/// not name them.
const PRIVATE_NAMES: &[&str] = &["Yuval", "Keren", "Pinner", "Amersham"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Figure {
    value: String,
    label: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Source {
    name: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ArticleMeta {
    title: String,
    #[serde(default)]
    date: Option<String>,
    summary: String,
    topics: Vec<String>,
    source: Source,
    #[serde(default)]
    figures: Vec<Figure>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    translation_of: Option<TranslationOf>,
}

/// What a translation records of its original.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TranslationOf {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    hash: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TopicMeta {
    title: String,
    summary: String,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    translation_of: Option<TranslationOf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PageMeta {
    title: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    translation_of: Option<TranslationOf>,
}

/// One content file: where it is, what it is, and its two parts.
#[derive(Debug)]
struct Doc {
    /// Path relative to `content/`, for messages.
    rel: String,
    /// `articles`, `topics`, `pages`, or empty for the home text.
    section: String,
    /// The slug (`_index` for the home text).
    slug: String,
    lang: String,
    yaml: String,
    body: String,
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Splits a file into its YAML front-matter and its Markdown body.
fn split_front_matter(text: &str) -> Option<(String, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut yaml = String::new();
    for line in lines.by_ref() {
        if line.trim_end() == "---" {
            return Some((yaml, lines.collect()));
        }
        yaml.push_str(line);
    }
    None
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            out.push(path);
        }
    }
}

/// Reads every Markdown file under `content/`; files that cannot be read or split are reported
/// in `problems`.
fn load(problems: &mut Vec<String>) -> Vec<Doc> {
    let root = content_dir();
    let mut paths = Vec::new();
    markdown_files(&root, &mut paths);
    let mut docs = Vec::new();
    for path in paths {
        let rel = path
            .strip_prefix(&root)
            .expect("under content/")
            .to_string_lossy()
            .replace('\\', "/");
        let (section, file) = match rel.rsplit_once('/') {
            Some((dir, file)) => (dir.to_string(), file.to_string()),
            None => (String::new(), rel.clone()),
        };
        let Some((slug, lang)) = file
            .strip_suffix(".md")
            .and_then(|stem| stem.rsplit_once('.'))
        else {
            problems.push(format!("content/{rel}: name it <slug>.<lang>.md"));
            continue;
        };
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("content/{rel}: {e}"));
        let Some((yaml, body)) = split_front_matter(&text) else {
            problems.push(format!(
                "content/{rel}: no front-matter between `---` lines"
            ));
            continue;
        };
        docs.push(Doc {
            rel: format!("content/{rel}"),
            section,
            slug: slug.to_string(),
            lang: lang.to_string(),
            yaml,
            body,
        });
    }
    docs
}

fn parse<T: for<'de> Deserialize<'de>>(doc: &Doc, problems: &mut Vec<String>) -> Option<T> {
    match serde_yaml::from_str(&doc.yaml) {
        Ok(meta) => Some(meta),
        Err(e) => {
            problems.push(format!("{}: front-matter: {e}", doc.rel));
            None
        }
    }
}

/// Loads the articles, keyed by slug and then language.
fn articles(problems: &mut Vec<String>) -> BTreeMap<String, BTreeMap<String, (Doc, ArticleMeta)>> {
    let mut map: BTreeMap<String, BTreeMap<String, (Doc, ArticleMeta)>> = BTreeMap::new();
    for doc in load(problems) {
        if doc.section != "articles" {
            continue;
        }
        if let Some(meta) = parse::<ArticleMeta>(&doc, problems) {
            map.entry(doc.slug.clone())
                .or_default()
                .insert(doc.lang.clone(), (doc, meta));
        }
    }
    map
}

fn fail_if_any(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s)\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Maps Arabic-Indic and Eastern Arabic-Indic digits to ASCII and the Arabic decimal separator to
/// `.`, and drops thousands separators (`,`, `٬` or a space between a digit and a group of exactly
/// three digits), so `١٢٬٥٠٠`, `12,500` and `12 500` all read `12500`.
fn normalise_digits(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from_digit(u32::from(c) - 0x0660, 10).unwrap_or(c),
            '\u{06F0}'..='\u{06F9}' => char::from_digit(u32::from(c) - 0x06F0, 10).unwrap_or(c),
            '\u{066B}' => '.',
            other => other,
        })
        .collect();
    let is_separator = |c: char| {
        matches!(
            c,
            ',' | '\u{066C}' | ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}'
        )
    };
    let digit_at = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let thousands = is_separator(c)
            && i > 0
            && digit_at(i - 1)
            && digit_at(i + 1)
            && digit_at(i + 2)
            && digit_at(i + 3)
            && !digit_at(i + 4);
        if !thousands {
            out.push(c);
        }
    }
    out
}

/// The numbers in a text after normalisation: runs of digits, with a decimal point kept when a
/// digit follows it (`1.6%` gives `1.6`).
fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = normalise_digits(text).chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (chars[i] == '.'
                    && i > start
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        found.push(chars[start..i].iter().collect());
    }
    found
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[test]
fn helpers_normalise_numbers() {
    assert_eq!(numbers("أكثر من 12 500 شخص"), ["12500"]);
    assert_eq!(numbers("١٢٬٥٠٠ و12,500+"), ["12500", "12500"]);
    assert_eq!(numbers("80٪ و1.6% و٣٫٥"), ["80", "1.6", "3.5"]);
    assert_eq!(
        numbers("بين 18 و33 عاما، 2013. إلى 2010"),
        ["18", "33", "2013", "2010"]
    );
    assert_eq!(numbers("(6 - 9 آذار/مارس 2023)"), ["6", "9", "2023"]);
    assert_eq!(numbers("Seven"), Vec::<String>::new());
    let (yaml, body) = split_front_matter("---\ntitle: a\n---\n\nbody\n").expect("splits");
    assert_eq!((yaml.as_str(), body.as_str()), ("title: a\n", "\nbody\n"));
    assert!(split_front_matter("title: a\n").is_none());
    assert!(split_front_matter("---\ntitle: a\n").is_none());
    assert!(is_slug("meta-encryption-lost-referrals") && !is_slug("Meta_encryption"));
}

#[test]
fn files_are_named_and_front_matter_uses_known_keys() {
    let mut problems = Vec::new();
    for doc in load(&mut problems) {
        if !LANGS.contains(&doc.lang.as_str()) {
            problems.push(format!(
                "{}: language `{}` is not one of {LANGS:?}",
                doc.rel, doc.lang
            ));
        }
        match doc.section.as_str() {
            "" if doc.slug == "_index" => {
                parse::<PageMeta>(&doc, &mut problems);
            }
            "articles" | "topics" | "pages" if is_slug(&doc.slug) => match doc.section.as_str() {
                "articles" => {
                    if let Some(meta) = parse::<ArticleMeta>(&doc, &mut problems) {
                        for (what, date) in [
                            ("date", meta.date.as_deref()),
                            ("source.published", meta.source.published.as_deref()),
                        ] {
                            if let Some(date) = date {
                                let ok = date.len() == 10
                                    && date.char_indices().all(|(i, c)| {
                                        if i == 4 || i == 7 {
                                            c == '-'
                                        } else {
                                            c.is_ascii_digit()
                                        }
                                    });
                                if !ok {
                                    problems.push(format!(
                                        "{}: {what} `{date}` is not YYYY-MM-DD",
                                        doc.rel
                                    ));
                                }
                            }
                        }
                        if meta.source.url.is_some() {
                            problems.push(format!(
                                "{}: source.url is set, but the sources give no address",
                                doc.rel
                            ));
                        }
                        if meta.topics.is_empty() {
                            problems.push(format!("{}: `topics` is empty", doc.rel));
                        }
                    }
                }
                "topics" => {
                    parse::<TopicMeta>(&doc, &mut problems);
                }
                _ => {
                    parse::<PageMeta>(&doc, &mut problems);
                }
            },
            _ => problems.push(format!(
                "{}: not a place for content (use _index, articles/, topics/ or pages/ with a \
                 lower-case ASCII, hyphenated slug)",
                doc.rel
            )),
        }
        for (n, line) in doc.body.lines().enumerate() {
            if line.starts_with("# ") {
                problems.push(format!(
                    "{}: body line {}: level-one heading; the title is the page's h1, use `##`",
                    doc.rel,
                    n + 1
                ));
            }
        }
    }
    fail_if_any("content file names and front-matter", &problems);
}

#[test]
fn key_figures_appear_in_the_arabic_text() {
    let mut problems = Vec::new();
    for (slug, langs) in articles(&mut problems) {
        let Some((ar_doc, _)) = langs.get("ar") else {
            problems.push(format!(
                "content/articles/{slug}.ar.md: missing (the source text)"
            ));
            continue;
        };
        let in_text: BTreeSet<String> = numbers(&ar_doc.body).into_iter().collect();
        for (doc, meta) in langs.values() {
            if !(3..=5).contains(&meta.figures.len()) {
                problems.push(format!(
                    "{}: {} key figures; give 3 to 5",
                    doc.rel,
                    meta.figures.len()
                ));
            }
            for figure in &meta.figures {
                let wanted = numbers(&figure.value);
                for number in &wanted {
                    if !in_text.contains(number) {
                        problems.push(format!(
                            "{}: figure `{}` ({}): {number} is not in the Arabic text of {}",
                            doc.rel, figure.value, figure.label, ar_doc.rel
                        ));
                    }
                }
                if wanted.is_empty() && doc.lang == "ar" && !ar_doc.body.contains(&figure.value) {
                    problems.push(format!(
                        "{}: figure `{}` has no digits and is not found word for word in the text",
                        doc.rel, figure.value
                    ));
                }
            }
        }
    }
    fail_if_any("key figures", &problems);
}

#[test]
fn every_article_topic_and_page_exists_in_both_languages() {
    let mut problems = Vec::new();
    let docs = load(&mut problems);
    let mut by_path: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for doc in &docs {
        by_path
            .entry((doc.section.clone(), doc.slug.clone()))
            .or_default()
            .insert(doc.lang.clone());
    }
    for ((section, slug), langs) in &by_path {
        for lang in LANGS {
            if !langs.contains(lang) {
                let dir = if section.is_empty() {
                    String::new()
                } else {
                    format!("{section}/")
                };
                problems.push(format!(
                    "content/{dir}{slug}.{lang}.md: missing; the other language has it"
                ));
            }
        }
    }
    if !by_path.contains_key(&("pages".into(), "about".into()))
        || !by_path.contains_key(&("pages".into(), "sources".into()))
    {
        problems.push("content/pages/: needs about and sources".into());
    }
    if !by_path.contains_key(&(String::new(), "_index".into())) {
        problems.push("content/_index.<lang>.md: the home text is missing".into());
    }

    for (slug, langs) in articles(&mut problems) {
        let (Some((ar_doc, ar)), Some((en_doc, en))) = (langs.get("ar"), langs.get("en")) else {
            continue;
        };
        if ar.topics != en.topics {
            problems.push(format!(
                "{} and {}: topics differ ({:?} vs {:?})",
                ar_doc.rel, en_doc.rel, ar.topics, en.topics
            ));
        }
        if ar.date != en.date || ar.source.published != en.source.published {
            problems.push(format!(
                "content/articles/{slug}: the two languages give different dates"
            ));
        }
        if ar.figures.len() != en.figures.len() {
            problems.push(format!(
                "{} has {} figures, {} has {}",
                ar_doc.rel,
                ar.figures.len(),
                en_doc.rel,
                en.figures.len()
            ));
        }
        for (i, (a, e)) in ar.figures.iter().zip(&en.figures).enumerate() {
            if numbers(&a.value) != numbers(&e.value) {
                problems.push(format!(
                    "content/articles/{slug}: figure {} is `{}` in Arabic but `{}` in English",
                    i + 1,
                    a.value,
                    e.value
                ));
            }
        }
    }
    fail_if_any("translations", &problems);
}

#[test]
fn topics_exist_and_each_has_two_articles() {
    let mut problems = Vec::new();
    let docs = load(&mut problems);
    let topics: BTreeSet<String> = docs
        .iter()
        .filter(|d| d.section == "topics")
        .map(|d| d.slug.clone())
        .collect();
    let mut count: BTreeMap<&str, BTreeSet<String>> = topics
        .iter()
        .map(|t| (t.as_str(), BTreeSet::new()))
        .collect();
    let articles = articles(&mut problems);
    for (slug, langs) in &articles {
        for (doc, meta) in langs.values() {
            for topic in &meta.topics {
                match count.get_mut(topic.as_str()) {
                    Some(set) => {
                        set.insert(slug.clone());
                    }
                    None => problems.push(format!(
                        "{}: topic `{topic}` has no file in content/topics/",
                        doc.rel
                    )),
                }
            }
        }
    }
    for (topic, with) in &count {
        if with.len() < 2 {
            problems.push(format!(
                "content/topics/{topic}: only {} article(s) name it ({with:?}); a topic needs two",
                with.len()
            ));
        }
    }
    for doc in docs.iter().filter(|d| d.section == "topics") {
        if let Some(meta) = parse::<TopicMeta>(doc, &mut problems) {
            for related in &meta.related {
                if !topics.contains(related) || related == &doc.slug {
                    problems.push(format!(
                        "{}: related topic `{related}` is not another topic",
                        doc.rel
                    ));
                }
            }
        }
        for article in count.get(doc.slug.as_str()).into_iter().flatten() {
            if !doc.body.contains(&format!("@/articles/{article}.md")) {
                problems.push(format!(
                    "{}: does not link to its article `{article}`",
                    doc.rel
                ));
            }
        }
    }
    if !topics.contains("meta-encryption-lost-referrals") {
        problems.push("content/topics/meta-encryption-lost-referrals: missing".into());
    }
    if topics.len() < 7 {
        problems.push(format!(
            "content/topics/: {} topics, at least 7 wanted",
            topics.len()
        ));
    }
    fail_if_any("topics", &problems);
}

#[test]
fn no_scraping_debris_remains() {
    let mut problems = Vec::new();
    for doc in load(&mut problems) {
        let text = format!("{}{}", doc.yaml, doc.body);
        for (needle, only) in DEBRIS {
            if only.is_none_or(|lang| lang == doc.lang) && text.contains(needle) {
                problems.push(format!("{}: still contains `{needle}`", doc.rel));
            }
        }
        if doc.lang == "en" {
            for name in PRIVATE_NAMES {
                if text.contains(name) {
                    problems.push(format!(
                        "{}: names `{name}`, who is neither an official nor a public figure",
                        doc.rel
                    ));
                }
            }
        }
        if doc.section == "articles"
            && doc.lang == "ar"
            && let Some(meta) = parse::<ArticleMeta>(&doc, &mut problems)
        {
            let first = doc
                .body
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            if first.trim() == meta.title.trim() {
                problems.push(format!("{}: the body repeats the title", doc.rel));
            }
            let dateline =
                first.chars().count() < 25 && numbers(first).iter().any(|n| n.len() == 4);
            if dateline {
                problems.push(format!("{}: the body begins with a dateline", doc.rel));
            }
        }
    }
    fail_if_any("debris", &problems);
}

#[test]
fn internal_links_point_at_existing_files() {
    let mut problems = Vec::new();
    let root = content_dir();
    let docs = load(&mut problems);
    let mut links = 0;
    for doc in &docs {
        for (at, _) in doc.body.match_indices("@/") {
            let target: String = doc.body[at + 2..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '"' | '>' | ']'))
                .collect();
            let path = target.split('#').next().unwrap_or("");
            let Some(stem) = path.strip_suffix(".md") else {
                problems.push(format!(
                    "{}: link `@/{target}` does not end in .md",
                    doc.rel
                ));
                continue;
            };
            links += 1;
            let exists = |lang: &str| root.join(format!("{stem}.{lang}.md")).is_file();
            if !exists(&doc.lang) && !LANGS.iter().any(|lang| exists(lang)) {
                problems.push(format!(
                    "{}: link `@/{target}` points at nothing (no content/{stem}.<lang>.md)",
                    doc.rel
                ));
            }
        }
        for marker in [
            "](/",
            "](./",
            "](../",
            "](articles/",
            "](topics/",
            "](pages/",
        ] {
            if doc.body.contains(marker) {
                problems.push(format!(
                    "{}: internal link written as a path (`{marker}`); use `@/section/slug.md`",
                    doc.rel
                ));
            }
        }
    }
    if links == 0 {
        problems.push("content/: no `@/` links found at all".into());
    }
    fail_if_any("internal links", &problems);
}
