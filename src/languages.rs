//! The languages bayan can start a site in without being told their names and directions.
//!
//! `bayan init --languages ar,en,fr` needs, for each code, the name the language switcher shows
//! (in the language itself) and the text direction; the built-in theme needs the language's name
//! in English and Arabic for the notes it adds about untranslated pages. A short table is enough:
//! a site can list any other language in site.yaml by hand.

use crate::config::Direction;

/// A language in bayan's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The code in file names and URLs (`fr`).
    pub code: &'static str,
    /// The name in the language itself (`Français`), as the language switcher shows it.
    pub name: &'static str,
    /// The name in English (`French`).
    pub english: &'static str,
    /// The name in Arabic, with its article (`الفرنسية`).
    pub arabic: &'static str,
    pub dir: Direction,
}

const fn ltr(
    code: &'static str,
    name: &'static str,
    english: &'static str,
    arabic: &'static str,
) -> Known {
    Known {
        code,
        name,
        english,
        arabic,
        dir: Direction::Ltr,
    }
}

const fn rtl(
    code: &'static str,
    name: &'static str,
    english: &'static str,
    arabic: &'static str,
) -> Known {
    Known {
        dir: Direction::Rtl,
        ..ltr(code, name, english, arabic)
    }
}

/// The table, by code.
pub const KNOWN: [Known; 18] = [
    rtl("ar", "العربية", "Arabic", "العربية"),
    ltr("de", "Deutsch", "German", "الألمانية"),
    ltr("en", "English", "English", "الإنجليزية"),
    ltr("es", "Español", "Spanish", "الإسبانية"),
    rtl("fa", "فارسی", "Persian", "الفارسية"),
    ltr("fr", "Français", "French", "الفرنسية"),
    rtl("he", "עברית", "Hebrew", "العبرية"),
    ltr("hi", "हिन्दी", "Hindi", "الهندية"),
    ltr("id", "Bahasa Indonesia", "Indonesian", "الإندونيسية"),
    ltr("it", "Italiano", "Italian", "الإيطالية"),
    ltr("ja", "日本語", "Japanese", "اليابانية"),
    ltr("nl", "Nederlands", "Dutch", "الهولندية"),
    ltr("pt", "Português", "Portuguese", "البرتغالية"),
    ltr("ru", "Русский", "Russian", "الروسية"),
    ltr("sw", "Kiswahili", "Swahili", "السواحيلية"),
    ltr("tr", "Türkçe", "Turkish", "التركية"),
    rtl("ur", "اردو", "Urdu", "الأردية"),
    ltr("zh", "中文", "Chinese", "الصينية"),
];

/// The language with this code, if bayan knows it.
pub fn find(code: &str) -> Option<&'static Known> {
    KNOWN.iter().find(|k| k.code == code)
}

/// The codes of the table, comma-separated, for messages.
pub fn codes() -> String {
    KNOWN.iter().map(|k| k.code).collect::<Vec<_>>().join(", ")
}

/// Reads a comma-separated list of codes (`ar,en`): each must be in the table, none twice.
pub fn parse_list(text: &str) -> Result<Vec<&'static Known>, String> {
    let mut out: Vec<&'static Known> = Vec::new();
    for code in text.split(',').map(str::trim) {
        if code.is_empty() {
            return Err(format!(
                "`{text}` has an empty language code; write the codes separated by commas, e.g. `ar,en`"
            ));
        }
        let Some(known) = find(code) else {
            return Err(format!(
                "`{code}` is not a language bayan knows; use codes from: {}. Any other language \
                 can be added to site.yaml by hand afterwards",
                codes()
            ));
        };
        if out.iter().any(|k| k.code == code) {
            return Err(format!("`{code}` is listed twice in `{text}`"));
        }
        out.push(known);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_keep_their_order() {
        let got: Vec<&str> = parse_list("en, ar,fr")
            .unwrap()
            .iter()
            .map(|k| k.code)
            .collect();
        assert_eq!(got, ["en", "ar", "fr"]);
        assert_eq!(find("fa").unwrap().dir, Direction::Rtl);
        assert_eq!(find("tr").unwrap().dir, Direction::Ltr);
    }

    #[test]
    fn bad_lists_say_why() {
        assert!(
            parse_list("ar,xx")
                .unwrap_err()
                .contains("`xx` is not a language bayan knows")
        );
        assert!(parse_list("ar,xx").unwrap_err().contains("ar, de, en"));
        assert!(
            parse_list("ar,,en")
                .unwrap_err()
                .contains("empty language code")
        );
        assert!(parse_list("ar,ar").unwrap_err().contains("listed twice"));
        assert!(parse_list("").is_err());
    }

    #[test]
    fn the_table_is_sorted_and_right_to_left_where_it_should_be() {
        let codes: Vec<&str> = KNOWN.iter().map(|k| k.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
        let rtl: Vec<&str> = KNOWN
            .iter()
            .filter(|k| k.dir == Direction::Rtl)
            .map(|k| k.code)
            .collect();
        assert_eq!(rtl, ["ar", "fa", "he", "ur"]);
    }
}
