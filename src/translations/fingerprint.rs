//! A document's fingerprint: its translatable text with every run of whitespace made one
//! space, hashed, so that a changed word or figure changes it and a reflowed paragraph does not.

use super::Translatable;

/// The fingerprint of a document's translatable text and body: twelve hex digits.
pub fn fingerprint<M: Translatable>(meta: &M, body: &str) -> String {
    let mut text = String::with_capacity(body.len() + 256);
    let texts = meta.texts();
    for piece in texts.iter().copied().chain([body]) {
        push_words(&mut text, piece);
        // A separator no text holds, so that a word moved from the title to the summary counts.
        text.push('\u{1f}');
    }
    let h = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    format!("{:012x}", h >> 16)
}

/// The words of `text` (as `split_whitespace` finds them) onto `out`, one space between each.
/// Runs of bytes that cannot be or begin a space are copied whole, and only the bytes that can
/// begin a non-ASCII space are decoded: most of a briefing is Arabic letters, which
/// `split_whitespace` would decode one by one.
fn push_words(out: &mut String, text: &str) {
    // ASCII spaces, and the lead bytes of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000.
    let maybe_space = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r' | 0xc2 | 0xe1 | 0xe2 | 0xe3);
    let bytes = text.as_bytes();
    let first = out.len();
    let mut word: Option<usize> = None;
    let emit = |out: &mut String, start: usize, end: usize| {
        if out.len() > first {
            out.push(' ');
        }
        out.push_str(&text[start..end]);
    };
    let mut i = 0;
    loop {
        let next = bytes[i..]
            .iter()
            .position(maybe_space)
            .map_or(bytes.len(), |p| i + p);
        if next > i && word.is_none() {
            word = Some(i);
        }
        if next == bytes.len() {
            break;
        }
        let (space, len) = match bytes[next] {
            b if b.is_ascii() => (true, 1),
            _ => {
                let c = text[next..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
        };
        match (space, word) {
            (true, Some(start)) => {
                emit(out, start, next);
                word = None;
            }
            (false, None) => word = Some(next),
            _ => {}
        }
        i = next + len;
    }
    if let Some(start) = word {
        emit(out, start, bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::PageMeta;

    fn page(title: &str, summary: Option<&str>) -> PageMeta {
        PageMeta {
            title: title.into(),
            summary: summary.map(Into::into),
            translation_of: None,
        }
    }

    #[test]
    fn whitespace_does_not_change_a_fingerprint_and_a_word_does() {
        let a = fingerprint(
            &page("A title", Some("One two.")),
            "Para one.\n\nPara two.\n",
        );
        let reflowed = fingerprint(
            &page("A  title", Some(" One\ntwo. ")),
            "Para\r\none.\r\n\r\n\r\nPara two.",
        );
        assert_eq!(a, reflowed);
        assert_eq!(a.len(), 12);
        assert_ne!(
            a,
            fingerprint(&page("A title", Some("One two.")), "Para one.\n\nPara 2.\n")
        );
        assert_ne!(
            a,
            fingerprint(
                &page("A title One", Some("two.")),
                "Para one.\n\nPara two.\n"
            )
        );
    }

    #[test]
    fn words_are_split_as_split_whitespace_splits_them() {
        for text in [
            "",
            "  ",
            "one",
            " a  b\tc\r\nd ",
            "عربي\u{a0}نص\u{2003}و\u{3000}x\u{85}y\u{2028}z",
            "\u{2019}quote\u{2026} é\u{1680}ü",
            "تقول NCA إن ثمانية من كل 10",
        ] {
            let mut out = String::new();
            push_words(&mut out, text);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(out, expected, "{text:?}");
        }
    }
}
