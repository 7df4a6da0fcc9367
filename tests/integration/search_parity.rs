//! Search analysis in Rust (`bayan::search::analyze`, at build time) and in the browser
//! (`themes/briefing/static/js/analyze.js`, at query time) must agree exactly, or a query misses
//! the pages it names. These tests run both on the same input, the JavaScript side through node
//! and tests/browser/analyze-parity.mjs, and require identical output line by line:
//! - every word of the site's content, of the source articles (../shared/seeds), of
//!   examples/corpus.rs and of an English word list (`word-list` from tests/browser), with
//!   Arabic variants made from the Arabic words (clitics, suffixes, tashkeel, tatweel, hamza
//!   spellings, decomposed letters, digits) and Latin ones from the English (case, accents);
//! - every line of the content and the seeds as a whole text, and random strings, comparing
//!   spans too (UTF-16 offsets);
//! - every scalar value of the planes in use, alone and after a letter, which catches Unicode
//!   tables of different versions (Rust's std, unicode-normalization, node's ICU).
//!
//! Needs `node`, and `npm ci --prefix tests/browser` for the word list. With
//! `BAYAN_REQUIRE_BROWSER` set, as `.ci/run` sets it, a missing one is a failure.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use bayan::search::analyze::Analyzer;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether a missing tool must fail the test rather than skip it.
fn required() -> bool {
    std::env::var_os("BAYAN_REQUIRE_BROWSER").is_some()
}

/// Whether node can run; panics if it must and cannot.
fn node_ready() -> bool {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !required(),
            "search parity required but node is not installed"
        );
        eprintln!(
            "SKIPPED search parity: node not found; run `bash .ci/run` to install and run it"
        );
    }
    ok
}

/// A small deterministic generator (xorshift64*), so the variants are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The files under `dir` whose names end with `suffix`, sorted.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path, suffix));
        } else if path.to_string_lossy().ends_with(suffix) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The texts of the site and the source articles, each with its language.
fn texts() -> Vec<(&'static str, String)> {
    let mut texts = Vec::new();
    for path in files(&manifest().join("content"), ".md") {
        let lang = if path.to_string_lossy().ends_with(".ar.md") {
            "ar"
        } else {
            "en"
        };
        texts.push((lang, std::fs::read_to_string(&path).unwrap()));
    }
    assert!(texts.len() >= 10, "too few content files found");
    let seeds = files(&manifest().join("../shared/seeds"), ".txt");
    if seeds.is_empty() {
        assert!(
            !required(),
            "no ../shared/seeds/*.txt beside the repository"
        );
        eprintln!(
            "search parity: ../shared/seeds not found; comparing without the source articles"
        );
    }
    for path in seeds {
        texts.push(("ar", std::fs::read_to_string(&path).unwrap()));
    }
    let corpus = manifest().join("examples/corpus.rs");
    texts.push(("en", std::fs::read_to_string(corpus).unwrap()));
    texts
}

/// The surface forms of the words of `text`, as the tokeniser cuts them.
fn words(text: &str) -> Vec<&str> {
    let analyzer = Analyzer::new("");
    analyzer
        .tokens(text)
        .map(|t| &text[t.start..t.end])
        .collect()
}

/// Whether a word goes to the Arabic analyser.
fn is_arabic(word: &str) -> bool {
    word.chars().any(|c| ('\u{600}'..='\u{6FF}').contains(&c))
}

const AR_PREFIXES: &[&str] = &[
    "", "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "كال", "فال", "لل", "وب", "ول", "فب", "وس",
];
const AR_SUFFIXES: &[&str] = &[
    "", "", "ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي", "هم", "كم", "نا", "تها",
    "اتها",
];
const TASHKEEL: &[&str] = &[
    "\u{64B}", "\u{64C}", "\u{64D}", "\u{64E}", "\u{64F}", "\u{650}", "\u{651}", "\u{652}",
    "\u{670}",
];

/// Spellings of an Arabic word that the analysis should see through, and some it should not.
fn arabic_variants(word: &str, rng: &mut Rng, out: &mut BTreeSet<String>) {
    let bare = word.strip_prefix("ال").unwrap_or(word);
    for _ in 0..6 {
        out.insert(format!(
            "{}{bare}{}",
            rng.pick(AR_PREFIXES),
            rng.pick(AR_SUFFIXES)
        ));
    }
    let letters: Vec<char> = word.chars().collect();
    let mut marked = String::new();
    let mut stretched = String::new();
    for (i, &c) in letters.iter().enumerate() {
        marked.push(c);
        stretched.push(c);
        for _ in 0..rng.below(3) {
            marked.push_str(rng.pick(TASHKEEL));
        }
        if i + 1 < letters.len() && rng.below(4) == 0 {
            stretched.push_str(rng.pick(&["ـ", "ـــ", "\u{200C}", "\u{200D}"]));
        }
    }
    out.insert(marked);
    out.insert(stretched);
    let respelt: String = letters
        .iter()
        .map(|&c| match c {
            'ا' => rng.pick(&["أ", "إ", "آ", "ٱ", "ا"]).to_string(),
            'ء' => rng.pick(&["ؤ", "ئ", "ء"]).to_string(),
            'ي' => rng.pick(&["ى", "ی", "ي"]).to_string(),
            'ه' => rng.pick(&["ة", "ه"]).to_string(),
            'ك' => rng.pick(&["ک", "ك"]).to_string(),
            _ => c.to_string(),
        })
        .collect();
    out.insert(respelt);
    let decomposed: String = word
        .chars()
        .map(|c| match c {
            'أ' => "ا\u{654}".to_string(),
            'إ' => "ا\u{655}".to_string(),
            'آ' => "ا\u{653}".to_string(),
            'ؤ' => "و\u{654}".to_string(),
            'ئ' => "ي\u{654}".to_string(),
            _ => c.to_string(),
        })
        .collect();
    out.insert(decomposed);
}

/// A number written in Arabic-Indic, Persian or ASCII digits, or a mixture.
fn number(rng: &mut Rng) -> String {
    let value = rng.below(100_000);
    let digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let arabic = ["٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩"];
    let persian = ["۰", "۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹"];
    value
        .to_string()
        .bytes()
        .map(|b| {
            let d = (b - b'0') as usize;
            [digits[d], arabic[d], persian[d]][rng.below(3)]
        })
        .collect()
}

const ACCENTS: &[&str] = &[
    "\u{301}", "\u{300}", "\u{308}", "\u{302}", "\u{327}", "\u{303}",
];

/// The word capitalised, in capitals, and with accents, composed or not.
fn latin_variants(word: &str, rng: &mut Rng, out: &mut BTreeSet<String>) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.insert(first.to_uppercase().chain(chars).collect());
    }
    out.insert(word.to_uppercase());
    let mut accented = String::new();
    for c in word.chars() {
        accented.push(c);
        if "aeiouycn".contains(c) && rng.below(3) == 0 {
            accented.push_str(rng.pick(ACCENTS));
        }
    }
    out.insert(accented.clone());
    // The same, composed where Unicode has a precomposed letter.
    let composed = accented
        .replace("e\u{301}", "é")
        .replace("a\u{300}", "à")
        .replace("u\u{308}", "ü")
        .replace("o\u{302}", "ô")
        .replace("c\u{327}", "ç")
        .replace("n\u{303}", "ñ");
    out.insert(composed);
}

/// Words in other scripts, and the cases where lower-casing could differ between implementations.
const OTHER_SCRIPTS: &str = "ΟΔΟΣ Οδός ΣΊΣΥΦΟΣ Σ ς İstanbul ISTANBUL ǅemal ẞtraße Straße Москва ЁЛКА \
    Йошкар Երևան ႠႡႢ ᲐᲑᲒ ᏣᎳᎩ 𐐀𐐁 Ｆｕｌｌ ﬁnance 한국어 日本語 हिन्दी עִבְרִית ﷺ ﻻ Ⓐⓑ Ⅻ x² ½ 𝒜𝒷𝒸 ǈ Ǳ";

/// The vocabulary, one `lang<TAB>word` a line, and whether the English word list was found.
fn vocabulary() -> (BTreeSet<String>, bool) {
    let mut arabic = BTreeSet::new();
    let mut latin = BTreeSet::new();
    for (_, text) in texts() {
        for word in words(&text) {
            if is_arabic(word) {
                arabic.insert(word.to_string());
            } else {
                latin.insert(word.to_string());
            }
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut variants = BTreeSet::new();
    for word in &arabic {
        arabic_variants(word, &mut rng, &mut variants);
    }
    for _ in 0..2000 {
        variants.insert(number(&mut rng));
    }
    arabic.append(&mut variants);

    let list = manifest().join("tests/browser/node_modules/word-list/words.txt");
    let english = std::fs::read_to_string(&list).ok();
    if english.is_none() {
        assert!(
            !required(),
            "{} not found (npm ci --prefix tests/browser)",
            list.display()
        );
        eprintln!(
            "search parity: no English word list (npm ci --prefix tests/browser); comparing without it"
        );
    }
    for word in &latin {
        latin_variants(word, &mut rng, &mut variants);
    }
    for (i, word) in english.iter().flat_map(|t| t.lines()).enumerate() {
        if i % 8 == 0 {
            latin_variants(word, &mut rng, &mut variants);
        }
        latin.insert(word.to_string());
    }
    latin.append(&mut variants);
    latin.extend(OTHER_SCRIPTS.split_whitespace().map(str::to_string));

    let mut lines: BTreeSet<String> = arabic.iter().map(|w| format!("ar\t{w}")).collect();
    lines.extend(latin.iter().map(|w| format!("en\t{w}")));
    (lines, english.is_some())
}

/// The line the parity script prints for `line`, computed in Rust.
fn analyse(line: &str, spans: bool) -> String {
    let (lang, text) = line.split_once('\t').unwrap_or(("", line));
    let mut out = Vec::new();
    // Byte offsets to UTF-16 offsets, counted as the tokens go by.
    let (mut byte, mut unit) = (0, 0);
    let mut units = |to: usize| {
        unit += text[byte..to].encode_utf16().count();
        byte = to;
        unit
    };
    for t in Analyzer::new(lang).tokens(text) {
        if spans {
            let (start, end) = (units(t.start), units(t.end));
            out.push(format!("{}/{}/{start}/{end}", t.term, t.stem));
        } else {
            out.push(format!("{}/{}", t.term, t.stem));
        }
    }
    out.join(" ")
}

/// Runs the parity script on `lines` and asserts that it prints what Rust computes.
fn assert_parity(lines: &[String], spans: bool, hint: &str) {
    let mut command = Command::new("node");
    command.arg(manifest().join("tests/browser/analyze-parity.mjs"));
    if spans {
        command.arg("--spans");
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let writer = std::thread::spawn(move || input.write_all(text.as_bytes()));
    let run = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        run.status.success(),
        "analyze-parity.mjs failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    let js: Vec<&str> = stdout.split('\n').collect();
    assert_eq!(
        js.len(),
        lines.len() + 1,
        "the script printed a line per input line"
    );
    let mut differ = Vec::new();
    for (line, js) in lines.iter().zip(&js) {
        let rust = analyse(line, spans);
        if rust != *js {
            differ.push(format!("input: {line:?}\n rust: {rust}\n   js: {js}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} lines differ; the first:\n{}\n{hint}",
        differ.len(),
        lines.len(),
        differ[..differ.len().min(20)].join("\n")
    );
}

/// Every word the site could hold, analysed alike.
#[test]
fn words_analyse_alike_in_rust_and_javascript() {
    if !node_ready() {
        return;
    }
    let (lines, with_list) = vocabulary();
    let arabic = lines.iter().filter(|l| l.starts_with("ar\t")).count();
    assert!(arabic >= 10_000, "only {arabic} Arabic words");
    if with_list {
        assert!(lines.len() >= 200_000, "only {} words", lines.len());
    }
    let lines: Vec<String> = lines.into_iter().collect();
    assert_parity(&lines, false, "");
    eprintln!(
        "parity: {} words compared ({arabic} Arabic, {} Latin and other)",
        lines.len(),
        lines.len() - arabic
    );
}

/// The characters random strings are made of: each one a case some rule handles.
const AWKWARD: &str = "aZéeا\u{301}\u{64E}\u{654}ـأةىو٣۹'’ -\u{200C}\u{200D}\u{200F}\u{202E}\u{FE0F}👩🏽ΣİßgnlI\
    \u{AD}ﷺ한\u{1100}𝒜\u{E0100}\0\u{FFFF}\t\r";

/// Whole texts and random strings, tokenised alike, spans included.
#[test]
fn texts_tokenise_alike_with_spans() {
    if !node_ready() {
        return;
    }
    let mut lines = Vec::new();
    for (lang, text) in texts() {
        lines.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| format!("{lang}\t{l}")),
        );
    }
    let texts = lines.len();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let awkward: Vec<char> = AWKWARD.chars().collect();
    for i in 0..5000 {
        let text: String = (0..16).map(|_| awkward[rng.below(awkward.len())]).collect();
        lines.push(format!("{}\t{text}", ["ar", "en", "fr"][i % 3]));
    }
    // And any scalar values, most from the blocks where the rules are busiest.
    const BLOCKS: &[(u32, u32)] = &[
        (0x20, 0x7E),
        (0xC0, 0x24F),
        (0x300, 0x36F),
        (0x370, 0x52F),
        (0x600, 0x6FF),
        (0x8A0, 0x8FF),
        (0x1E00, 0x1FFF),
        (0x2000, 0x206F),
        (0xFB50, 0xFEFF),
        (0x1F300, 0x1FAFF),
        (0x0, 0x10FFFF),
    ];
    for i in 0..5000 {
        let text: String = (0..16)
            .filter_map(|_| {
                let (lo, hi) = BLOCKS[rng.below(BLOCKS.len())];
                char::from_u32(lo + rng.below((hi - lo + 1) as usize) as u32)
            })
            .filter(|&c| c != '\n')
            .collect();
        lines.push(format!("{}\t{text}", ["ar", "en", "fr"][i % 3]));
    }
    assert_parity(&lines, true, "");
    eprintln!("parity: {texts} lines of text and 10000 random strings compared");
}

/// Every scalar value of the planes in use, alone and after a letter: the two sides' Unicode
/// tables (character classes, case mappings, decompositions) agree.
#[test]
fn every_scalar_value_alike() {
    if !node_ready() {
        return;
    }
    // Planes 4 to 13 are unassigned and 15 and 16 private use: a sample of those will do.
    let scalars: Vec<char> = ('\0'..=char::MAX)
        .filter(|&c| {
            c != '\n'
                && (c < '\u{40000}'
                    || ('\u{E0000}'..'\u{F0000}').contains(&c)
                    || (c as u32).is_multiple_of(251))
        })
        .collect();
    let mut lines = Vec::new();
    for (i, chunk) in scalars.chunks(256).enumerate() {
        // Alone, and after a letter (a mark joins it, and may compose with it).
        let (lang, letter) = [("en", "x"), ("ar", "ب")][i % 2];
        let alone: Vec<String> = chunk.iter().map(|c| c.to_string()).collect();
        lines.push(format!("{lang}\t{}", alone.join(" ")));
        let joined: Vec<String> = chunk.iter().map(|c| format!("{letter}{c}")).collect();
        lines.push(format!("{lang}\t{}", joined.join(" ")));
    }
    let node = Command::new("node")
        .args(["-p", "process.versions.unicode"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let hint = format!(
        "Unicode versions: Rust's std {:?}, unicode-normalization {:?}, node {node}. Where they \
         differ, pin unicode-normalization to the release with Rust's version (0.1.25 is 17.0): \
         cargo update -p unicode-normalization --precise VERSION",
        char::UNICODE_VERSION,
        unicode_normalization::UNICODE_VERSION,
    );
    assert_parity(&lines, true, &hint);
    eprintln!("parity: {} scalar values compared", scalars.len());
}
