//! Text analysis for search: text into tokens, tokens into normalised terms, terms into stems.
//!
//! The index is built here and queried in the browser, so the browser must analyse a query
//! exactly as this module analysed the page: `themes/briefing/static/js/analyze.js` is its twin,
//! and `tests/integration/search_parity.rs` runs both on every word of the site, the source
//! articles and an English word list, and requires identical output. Change one, change both.
//!
//! What it trades:
//! - Only rules that both sides can compute alike. Word characters and canonical
//!   (de)composition come from Unicode tables on both sides; lower-casing is applied only in
//!   blocks whose case mappings have not changed for many Unicode versions, one character at a
//!   time (so that JavaScript's context-dependent final sigma never applies), and diacritics are
//!   dropped by explicit ranges, not by a version-dependent category. The Unicode tables must
//!   still be of one version: Rust's std, `unicode-normalization` (held at 0.1.25, Unicode 17, in
//!   Cargo.lock) and node's all are; the parity test checks every scalar value, so a drift shows.
//! - Arabic is stemmed by a light stemmer of our own, in the style of Larkey's Light10, rather
//!   than by Snowball's Arabic stemmer: its JavaScript twin is a few dozen lines, where Snowball's
//!   would be most of the client's size budget. It strips prefixes and suffixes only; it does not
//!   find roots, so broken plurals (أطفال / طفل) stay apart, and like Light10 it takes a leading
//!   و for the conjunction when a word has 4 letters or more, so وكالة is كال but الوكالة is وكال.
//! - English is Snowball's English (Porter2) stemmer from `rust-stemmers`, on words of ASCII
//!   letters and digits; other words of an English text keep their normalised form.
//!
//! # Tokens
//! A token is a maximal run of word characters: `Alphabetic` (letters, letter numbers and the
//! marks Unicode counts as alphabetic, tatweel U+0640 among them), `General_Category=Number`,
//! `General_Category=Mark`, and the format characters ZWNJ U+200C, ZWJ U+200D and soft hyphen
//! U+00AD, which join a word and are then removed. Anything else splits, apostrophes included
//! (`children's` is `children` and `s`). A token whose term comes out empty (a lone combining
//! mark, a ZWJ between emoji) is dropped. Offsets are bytes of the original text (UTF-16 units in
//! the JavaScript twin), for highlighting a snippet.
//!
//! # Normalisation (the same for every language)
//! 1. NFC, so that composed and decomposed input (أ or ا + U+0654) are one form.
//! 2. Each character lower-cased (Unicode simple-context `to_lowercase`, so `İ` is `i̇`) if it is
//!    in U+0041–U+058F (Latin to Armenian), U+10A0–U+10FF (Georgian), U+1E00–U+1FFF (Latin
//!    Extended Additional, Greek Extended) or U+FF21–U+FF3A (fullwidth Latin); final `ς` is `σ`.
//! 3. Arabic letters folded: أ إ آ ٱ → ا; ؤ ئ → ء (so مسؤول and مسئول match); ى and Persian ی → ي;
//!    Persian ک → ك; ة → ه; Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9) digits → 0–9.
//! 4. NFD, then removed: the combining diacritics blocks (U+0300–036F, U+1AB0–1AFF, U+1DC0–1DFF,
//!    U+20D0–20FF, U+FE20–FE2F; so `café` is `cafe`), variation selectors U+FE00–FE0F, Arabic
//!    tashkeel and Quranic marks (U+0610–061A, U+064B–065F, U+0670, U+06D6–06ED), tatweel, ZWNJ,
//!    ZWJ and soft hyphen; then NFD once more, so that a term is its own normal form.
//!
//! # Arabic stemming (`ar`), on normalised words made only of U+0620–U+06FF
//! Lengths count letters.
//! 1. Strip a leading و if at least 3 letters remain.
//! 2. Strip one article, وال بال كال فال لل ال, if at least 2 letters remain (لل is ل + ال).
//! 3. Repeatedly strip the first of ها ان ات ون ين يه ه ي (after normalisation ية is يه and ة is
//!    ه) that ends the word and leaves at least 3 letters, until none does.
//!
//! So أطفال, الأطفال, الاطفال are all اطفال; احالات, الاحالات, الإحالات are all احال; والدولية is دول.
//!
//! # English stemming (`en`)
//! Porter2 on words of `a`–`z` and `0`–`9`, as `rust_stemmers::Algorithm::English` computes it
//! (the Snowball version with the `generous` / `arsen` / `commun` region exceptions).
//!
//! Any other language (and a region subtag: `ar-EG` is `ar`) is normalised only.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A word of the text: what the index stores, and where it was, for the snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised surface form.
    pub term: String,
    /// The stem of `term` in the analyser's language (`term` itself where there is no stemmer).
    pub stem: String,
    /// Byte offset of the token's first character in the analysed text.
    pub start: usize,
    /// Byte offset just past the token's last character.
    pub end: usize,
}

/// Which stemmer applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Lang {
    Arabic,
    English,
    Other,
}

/// The analysis for one language. It holds no tables of its own, so it is `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Analyzer {
    lang: Lang,
}

impl Analyzer {
    /// The analyser for a language code (`ar`, `en`, `ar-EG`); any other code normalises only.
    pub fn new(lang: &str) -> Analyzer {
        let primary = lang.split(['-', '_']).next().unwrap_or_default();
        let lang = if primary.eq_ignore_ascii_case("ar") {
            Lang::Arabic
        } else if primary.eq_ignore_ascii_case("en") {
            Lang::English
        } else {
            Lang::Other
        };
        Analyzer { lang }
    }

    /// The tokens of `text` in order, with their byte spans.
    pub fn tokens<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Token> + 'a {
        words(text).filter_map(move |(start, end)| {
            let term = normalise(&text[start..end]);
            if term.is_empty() {
                return None;
            }
            let stem = self.stem(&term);
            Some(Token {
                term,
                stem,
                start,
                end,
            })
        })
    }

    /// The byte spans of the words of `text`, before normalisation (a span whose term is empty
    /// makes no token); with [`Analyzer::term_and_stem`], what [`Analyzer::tokens`] does, for a
    /// caller that caches the analysis of repeated words.
    pub fn spans<'a>(&self, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        words(text)
    }

    /// The term and stem of one word as [`Analyzer::spans`] finds it; `None` when its term is
    /// empty.
    pub fn term_and_stem(&self, word: &str) -> Option<(String, String)> {
        let term = normalise(word);
        if term.is_empty() {
            return None;
        }
        let stem = self.stem(&term);
        Some((term, stem))
    }

    /// The normalised form of one word (the same for every language).
    pub fn normalise(&self, word: &str) -> String {
        normalise(word)
    }

    /// The stem of a word that [`Analyzer::normalise`] produced.
    pub fn stem(&self, normalised: &str) -> String {
        match self.lang {
            Lang::Arabic if is_arabic_word(normalised) => arabic_stem(normalised),
            Lang::English
                if normalised
                    .bytes()
                    .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9')) =>
            {
                Stemmer::create(Algorithm::English)
                    .stem(normalised)
                    .into_owned()
            }
            _ => normalised.to_owned(),
        }
    }
}

/// Which characters below U+0800 (Latin, Greek, Cyrillic, Arabic: nearly every character of a
/// briefing) belong inside a word: made once by [`word_char`] itself, so it cannot differ.
struct WordTable([bool; 0x800]);

impl WordTable {
    fn is(&self, c: char) -> bool {
        match self.0.get(c as usize) {
            Some(&w) => w,
            None => word_char(c),
        }
    }
}

fn word_table() -> &'static WordTable {
    static TABLE: std::sync::OnceLock<WordTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        WordTable(std::array::from_fn(|i| {
            char::from_u32(i as u32).is_some_and(word_char)
        }))
    })
}

fn word_char(c: char) -> bool {
    c.is_alphabetic()
        || c.is_numeric()
        || is_combining_mark(c)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{AD}')
}

/// The byte spans of the maximal runs of word characters.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let table = word_table();
    let bytes = text.as_bytes();
    // The character at byte `i`, a character boundary, and its length: one and two bytes (ASCII,
    // and Latin, Greek, Cyrillic and Arabic letters) read directly, as they are nearly all.
    let char_at = move |i: usize| -> (char, usize) {
        let b = bytes[i];
        if b < 0x80 {
            return (char::from(b), 1);
        }
        if b < 0xE0
            && let Some(&next) = bytes.get(i + 1)
        {
            let c = (u32::from(b & 0x1F) << 6) | u32::from(next & 0x3F);
            if let Some(c) = char::from_u32(c) {
                return (c, 2);
            }
        }
        let c = text[i..].chars().next().unwrap_or('\0');
        (c, c.len_utf8().max(1))
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            if at >= bytes.len() {
                return None;
            }
            let (c, len) = char_at(at);
            if table.is(c) {
                break;
            }
            at += len;
        }
        let start = at;
        while at < bytes.len() {
            let (c, len) = char_at(at);
            if !table.is(c) {
                break;
            }
            at += len;
        }
        Some((start, at))
    })
}

fn normalise(word: &str) -> String {
    // NFC, NFD and the Arabic folds are the identity on ASCII, and no ASCII character is dropped.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(word.len());
    for c in word.nfc() {
        if lowers(c) {
            folded.extend(c.to_lowercase().map(fold));
        } else {
            folded.push(fold(c));
        }
    }
    // NFD again: removing a joiner or variation selector can leave two marks out of canonical
    // order, and a term must be its own normal form.
    folded.nfd().filter(|&c| !dropped(c)).nfd().collect()
}

/// The blocks whose case mappings have been stable for many Unicode versions, so that a
/// browser with older tables than Rust's still lower-cases alike.
fn lowers(c: char) -> bool {
    matches!(c,
        '\u{41}'..='\u{58F}' | '\u{10A0}'..='\u{10FF}' | '\u{1E00}'..='\u{1FFF}' | '\u{FF21}'..='\u{FF3A}')
}

/// One letter for the spellings of one letter.
fn fold(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ؤ' | 'ئ' => 'ء',
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        'ة' => 'ه',
        'ς' => 'σ',
        '٠'..='٩' => char::from(b'0' + (c as u32 - 0x660) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
        _ => c,
    }
}

/// Marks and joiners that do not tell words apart.
fn dropped(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{300}'..='\u{36F}' | '\u{610}'..='\u{61A}' | '\u{640}'
        | '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{6D6}'..='\u{6ED}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{200C}' | '\u{200D}' | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}')
}

fn is_arabic_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| ('\u{620}'..='\u{6FF}').contains(&c))
}

const ARTICLES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
const SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// The light stemmer described at the top of this file.
fn arabic_stem(word: &str) -> String {
    let letters = |s: &str| s.chars().count();
    let mut s = word;
    if let Some(rest) = s.strip_prefix('و')
        && letters(rest) >= 3
    {
        s = rest;
    }
    // The articles begin with different letters, so at most one matches.
    if let Some(rest) = ARTICLES.iter().find_map(|a| s.strip_prefix(a))
        && letters(rest) >= 2
    {
        s = rest;
    }
    while let Some(rest) = SUFFIXES
        .iter()
        .filter_map(|x| s.strip_suffix(x))
        .find(|rest| letters(rest) >= 3)
    {
        s = rest;
    }
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: &str, text: &str) -> Vec<(String, String)> {
        Analyzer::new(lang)
            .tokens(text)
            .map(|t| (t.term, t.stem))
            .collect()
    }

    fn stem(lang: &str, word: &str) -> String {
        let a = Analyzer::new(lang);
        a.stem(&a.normalise(word))
    }

    fn same_stem(lang: &str, words: &[&str]) {
        let stems: Vec<String> = words.iter().map(|w| stem(lang, w)).collect();
        assert!(
            stems.iter().all(|s| *s == stems[0]),
            "expected one stem for {words:?}, got {stems:?}"
        );
    }

    #[test]
    fn spans_are_byte_offsets_in_the_original() {
        let text = "Hello, عالَم! (٣٠)";
        let tokens: Vec<Token> = Analyzer::new("en").tokens(text).collect();
        let spans: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(spans, ["Hello", "عالَم", "٣٠"]);
        assert_eq!(tokens[1].term, "عالم");
        assert_eq!(tokens[2].term, "30");
    }

    #[test]
    fn joiners_and_tatweel_stay_inside_words_and_go() {
        assert_eq!(terms("ar", "مـــسؤول"), terms("ar", "مسؤول"));
        assert_eq!(terms("en", "co\u{200C}op\u{AD}er\u{200D}ate").len(), 1);
        assert_eq!(terms("en", "co\u{200C}operate")[0].0, "cooperate");
    }

    #[test]
    fn apostrophes_and_marks_of_direction_split() {
        let words = |text| -> Vec<String> { terms("en", text).into_iter().map(|t| t.0).collect() };
        assert_eq!(words("children's"), ["children", "s"]);
        assert_eq!(words("children’s"), ["children", "s"]);
        assert_eq!(words("a\u{200F}b\u{200E}c\u{61C}d"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn tokens_that_normalise_to_nothing_are_dropped() {
        assert!(terms("en", "\u{301}").is_empty());
        assert!(terms("en", "👨\u{200D}👩\u{200D}👧 ❤\u{FE0F}").is_empty());
        assert!(terms("ar", "ـــ \u{64E}\u{651}").is_empty());
    }

    #[test]
    fn latin_diacritics_and_case() {
        let a = Analyzer::new("en");
        assert_eq!(a.normalise("Café"), "cafe");
        assert_eq!(a.normalise("Cafe\u{301}"), "cafe");
        assert_eq!(a.normalise("NAÏVE"), "naive");
        assert_eq!(a.normalise("İstanbul"), "istanbul");
        assert_eq!(a.normalise("Malmström"), "malmstrom");
        assert_eq!(a.normalise("ΟΔΟΣ"), "οδοσ");
        assert_eq!(a.normalise("Ｆｕｌｌ"), "ｆｕｌｌ");
    }

    #[test]
    fn arabic_spellings_fold() {
        let a = Analyzer::new("ar");
        assert_eq!(a.normalise("مسؤول"), a.normalise("مسئول"));
        assert_eq!(a.normalise("أإآٱ"), "اااا");
        assert_eq!(a.normalise("إلى"), "الي");
        assert_eq!(a.normalise("قاعدة"), "قاعده");
        assert_eq!(a.normalise("٣٠"), "30");
        assert_eq!(a.normalise("۲۰۲۲"), "2022");
        assert_eq!(a.normalise("ا\u{654}طفال"), "اطفال");
        assert_eq!(a.normalise("و\u{654}"), "ء");
        assert_eq!(a.normalise("الْأَطْفَالُ"), "الاطفال");
    }

    #[test]
    fn arabic_stems() {
        same_stem("ar", &["أطفال", "الأطفال", "الاطفال", "والأطفال", "للأطفال"]);
        same_stem("ar", &["احالات", "الاحالات", "الإحالات", "إحالة", "الإحالة"]);
        same_stem("ar", &["مسؤول", "مسئول", "المسؤولين", "مسؤولون"]);
        same_stem("ar", &["الدولية", "دولي", "الدول", "والدولية"]);
        same_stem("ar", &["الْأَطْفَالُ", "الأطفال"]);
        assert_eq!(stem("ar", "الأطفال"), "اطفال");
        assert_eq!(stem("ar", "الإحالات"), "احال");
        assert_eq!(stem("ar", "٣٠"), "30");
        // Short words keep their letters.
        assert_eq!(stem("ar", "في"), "في");
        assert_eq!(stem("ar", "إلى"), "الي");
        assert_eq!(stem("ar", "بيان"), "بيان");
        assert_eq!(stem("ar", "ولد"), "ولد");
        assert_eq!(stem("ar", "الله"), "له");
        // Not an Arabic word: not stemmed.
        assert_eq!(stem("ar", "referrals"), "referrals");
    }

    #[test]
    fn english_stems() {
        same_stem("en", &["referral", "referrals", "Referrals"]);
        same_stem("en", &["investigate", "investigation", "investigations"]);
        assert_eq!(stem("en", "generously"), "generous");
        assert_eq!(stem("en", "skies"), "sky");
        assert_eq!(stem("en", "COVID19"), "covid19");
        assert_eq!(stem("en", "naïvely"), stem("en", "naively"));
        // Not ASCII after normalisation: not stemmed.
        assert_eq!(stem("en", "Straßen"), "straßen");
    }

    #[test]
    fn other_languages_normalise_only() {
        assert_eq!(stem("fr", "Référrals"), "referrals");
        assert_eq!(stem("ar-EG", "الأطفال"), "اطفال");
        assert_eq!(stem("EN-gb", "referrals"), "referr");
        assert_eq!(stem("", "الأطفال"), "الاطفال");
    }

    /// Random strings of awkward characters: no panic, spans on character boundaries and in
    /// order, no empty term, and a term is its own normal form.
    #[test]
    fn any_text_is_safe() {
        const PARTS: &[&str] = &[
            "a",
            "Z",
            "é",
            "e\u{301}",
            "\u{301}",
            "\u{64E}",
            "ـ",
            "أ",
            "ة",
            "ى",
            "٣",
            "۹",
            "'",
            "’",
            " ",
            "\u{200C}",
            "\u{200D}",
            "\u{200F}",
            "\u{202E}",
            "\u{FE0F}",
            "👩",
            "🏽",
            "Σ",
            "İ",
            "ß",
            "\u{AD}",
            "ﷺ",
            "한",
            "\u{1100}",
            "𝒜",
            "\u{E0100}",
            "\0",
            "\u{FFFF}",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PARTS[(seed % PARTS.len() as u64) as usize]);
            }
            assert_eq!(
                words(&text).collect::<Vec<_>>(),
                runs_of_word_characters(&text),
                "{text:?}"
            );
            for lang in ["ar", "en", "fr"] {
                let mut last = 0;
                for t in Analyzer::new(lang).tokens(&text) {
                    assert!(t.start >= last && t.start < t.end && t.end <= text.len());
                    assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                    assert!(!t.term.is_empty(), "{text:?}");
                    assert_eq!(normalise(&t.term), t.term, "{text:?}");
                    last = t.end;
                }
            }
        }
    }

    /// The spans [`words`] must find, from the definition, a character at a time.
    fn runs_of_word_characters(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    }
}
