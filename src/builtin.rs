//! The default theme, `briefing`, built into the binary.
//!
//! `themes/briefing/` in the repository is the one copy of the theme: `include_dir!` embeds that
//! folder when bayan is compiled, so an installed `bayan` builds a site that has no `themes/`
//! folder at all, and `bayan theme eject` writes the same files back out for a site to change.
//! A site's own `themes/briefing/` always wins over the embedded copy (see [`crate::theme`]).
//!
//! The theme has strings in Arabic and English only. For any other language of a site, the
//! built-in theme lends its English strings (the build says so in a warning) and names the
//! language in the few strings that are about a language, so that a new site in, say, Arabic,
//! English and French builds at once. [`strings_file`] makes that text; the build and `eject`
//! both use it, so an ejected theme renders exactly what the built-in one did.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Language;
use crate::error::{Diagnostic, Error};
use crate::languages;
use crate::scaffold::{self, NewFile, quoted};

/// The theme's files as they were when bayan was compiled.
static BRIEFING: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/briefing");

/// The name `theme:` gives the built-in theme in site.yaml.
pub const NAME: &str = "briefing";

/// What messages call the built-in theme's folder, in place of a path on disk.
pub const LABEL: &str = "<built-in briefing theme>";

/// The language whose strings stand in for a language the theme has none for.
const FALLBACK: &str = "en";

/// `rel` (`templates/base.html`) as messages name it: `<built-in briefing theme>/templates/base.html`.
pub fn label(rel: &str) -> PathBuf {
    PathBuf::from(format!("{LABEL}/{rel}"))
}

/// The bytes of the file `rel` ('/'-separated, relative to the theme's folder), if it exists.
pub fn file(rel: &str) -> Option<&'static [u8]> {
    BRIEFING.get_file(rel).map(|f| f.contents())
}

/// Every file under the folder `sub` (`""` for all), by its '/'-separated path relative to the
/// theme's folder, in name order.
pub fn files(sub: &str) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    let start = if sub.is_empty() {
        Some(&BRIEFING)
    } else {
        BRIEFING.get_dir(sub)
    };
    if let Some(dir) = start {
        collect(dir, &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in dir.files() {
        let name = f
            .path()
            .iter()
            .map(|s| s.to_string_lossy())
            .collect::<Vec<_>>();
        out.push((name.join("/"), f.contents()));
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// The text of `i18n/<code>.yaml` for a site in `languages`, and whether it is the English
/// stand-in for a language the theme has no strings for.
///
/// A stand-in names its own language where the English file says "English" (`enter`,
/// `translation_missing`, `back_home`). Every file gets the notes `only_in_<x>` and
/// `shown_in_<x>` for the site's languages it does not already have, in Arabic for the Arabic
/// file and in English otherwise.
pub fn strings_file(code: &str, languages: &[Language]) -> (String, bool) {
    let own = file(&format!("i18n/{code}.yaml")).and_then(|b| std::str::from_utf8(b).ok());
    let fallback = own.is_none();
    let base = own
        .or_else(|| {
            file(&format!("i18n/{FALLBACK}.yaml")).and_then(|b| std::str::from_utf8(b).ok())
        })
        .unwrap_or("");
    let mut text = String::new();
    if fallback {
        let name = english_name(code, languages);
        text.push_str(&format!(
            "# English strings standing in for {name} (`{code}`), which the built-in theme has\n\
             # none for. Translate them; keep the keys.\n"
        ));
        for line in base.lines() {
            let about_language = ["enter:", "translation_missing:", "back_home:"]
                .iter()
                .any(|k| line.starts_with(k));
            if about_language {
                text.push_str(&line.replace("English", &name));
            } else {
                text.push_str(line);
            }
            text.push('\n');
        }
    } else {
        text.push_str(base);
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    let has = |text: &str, key: &str| text.lines().any(|l| l.starts_with(&format!("{key}:")));
    for other in languages {
        let notes = language_notes(code == "ar" && !fallback, other);
        for (key, value) in notes {
            if !has(&text, &key) {
                text.push_str(&format!("{key}: {}\n", quoted(&value)));
            }
        }
    }
    (text, fallback)
}

/// `only_in_<x>` and `shown_in_<x>` for the language `other`, in Arabic or English.
fn language_notes(arabic: bool, other: &Language) -> [(String, String); 2] {
    let known = languages::find(&other.code);
    let (only, shown) = if arabic {
        match known {
            Some(k) => (
                format!("(ب{})", k.arabic),
                format!("لم تُترجم بعد؛ تُعرض ب{}.", k.arabic),
            ),
            None => (
                format!("(بلغة {})", other.name),
                format!("لم تُترجم بعد؛ تُعرض بلغة {}.", other.name),
            ),
        }
    } else {
        let name = known.map_or(other.name.as_str(), |k| k.english);
        (
            format!("(in {name})"),
            format!("Not yet translated; shown in {name}."),
        )
    };
    [
        (format!("only_in_{}", other.code), only),
        (format!("shown_in_{}", other.code), shown),
    ]
}

/// The language's name in English, from bayan's table, else as site.yaml gives it.
fn english_name(code: &str, languages: &[Language]) -> String {
    match languages::find(code) {
        Some(k) => k.english.to_string(),
        None => languages
            .iter()
            .find(|l| l.code == code)
            .map_or_else(|| code.to_string(), |l| l.name.clone()),
    }
}

/// What `bayan theme eject` wrote.
#[derive(Debug, Clone)]
pub struct Ejected {
    /// The new theme folder, relative to the site (`themes/briefing`).
    pub folder: PathBuf,
    /// Relative to `folder`.
    pub files: Vec<PathBuf>,
    /// The theme site.yaml names.
    pub theme_in_use: String,
}

/// Copies the built-in theme into `root/themes/<name>/`, which must not exist, with strings for
/// every language of the site (see [`strings_file`]), so that the site looks the same with it.
pub fn eject(root: &Path, name: &str) -> Result<Ejected, Error> {
    let folder = PathBuf::from("themes").join(name);
    let fine = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if name.is_empty() || !name.chars().all(fine) {
        return Err(
            Diagnostic::new(&folder, format!("`{name}` cannot be a theme's name"))
                .help("use ASCII letters, digits, `-` and `_`, e.g. `--name my-theme`")
                .into(),
        );
    }
    let config = scaffold::existing_site(root)?;
    if root.join(&folder).symlink_metadata().is_ok() {
        return Err(Diagnostic::new(&folder, "the folder already exists")
            .help(format!(
                "bayan theme eject never replaces files: edit the theme in {}/, or copy the \
                 built-in theme under another name with `--name NEW-NAME`",
                folder.display()
            ))
            .into());
    }
    let files = eject_files(name, &config.languages);
    let placed: Vec<NewFile> = files
        .iter()
        .map(|f| NewFile::new(folder.join(&f.path), f.bytes.clone()))
        .collect();
    scaffold::write_all(root, Path::new(""), &placed)?;
    Ok(Ejected {
        folder,
        files: files.into_iter().map(|f| f.path).collect(),
        theme_in_use: config.theme,
    })
}

/// The files of the built-in theme as a theme folder named `name` for a site in `languages`.
pub fn eject_files(name: &str, languages: &[Language]) -> Vec<NewFile> {
    let mut out: Vec<NewFile> = files("")
        .into_iter()
        .map(|(rel, bytes)| {
            let code = rel
                .strip_prefix("i18n/")
                .and_then(|r| r.strip_suffix(".yaml"))
                .filter(|c| languages.iter().any(|l| l.code == *c));
            let bytes = match (rel.as_str(), code) {
                ("theme.yaml", _) if name != NAME => std::str::from_utf8(bytes)
                    .unwrap_or("")
                    .replacen(
                        &format!("name: {NAME}\n"),
                        &format!("name: {}\n", quoted(name)),
                        1,
                    )
                    .into_bytes(),
                (_, Some(code)) => strings_file(code, languages).0.into_bytes(),
                _ => bytes.to_vec(),
            };
            NewFile::new(rel, bytes)
        })
        .collect();
    for lang in languages {
        let rel = format!("i18n/{}.yaml", lang.code);
        if file(&rel).is_none() {
            out.push(NewFile::new(rel, strings_file(&lang.code, languages).0));
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Direction;

    fn lang(code: &str, name: &str) -> Language {
        Language {
            code: code.into(),
            name: name.into(),
            dir: Direction::Ltr,
            digits: None,
            locale: crate::config::default_locale(code),
        }
    }

    #[test]
    fn the_theme_is_embedded_whole() {
        let names: Vec<String> = files("").into_iter().map(|(n, _)| n).collect();
        for expected in [
            "theme.yaml",
            "templates/base.html",
            "templates/partials/card.html",
            "static/css/site.css",
            "static/favicon.svg",
            "static/favicon.ico",
            "i18n/ar.yaml",
            "i18n/en.yaml",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected} in {names:?}"
            );
        }
        assert!(
            files("templates")
                .iter()
                .all(|(n, _)| n.starts_with("templates/"))
        );
        assert!(files("nothing").is_empty());
        assert_eq!(
            label("i18n/ar.yaml"),
            PathBuf::from("<built-in briefing theme>/i18n/ar.yaml")
        );
    }

    #[test]
    fn arabic_and_english_are_the_theme_s_own_files() {
        let site = [lang("ar", "العربية"), lang("en", "English")];
        let (ar, fallback) = strings_file("ar", &site);
        assert!(!fallback);
        assert_eq!(ar.as_bytes(), file("i18n/ar.yaml").unwrap());
        let (en, _) = strings_file("en", &site);
        assert_eq!(en.as_bytes(), file("i18n/en.yaml").unwrap());
    }

    #[test]
    fn another_language_gets_english_strings_that_name_it() {
        let site = [
            lang("ar", "العربية"),
            lang("en", "English"),
            lang("fr", "Français"),
        ];
        let (fr, fallback) = strings_file("fr", &site);
        assert!(fallback);
        assert!(
            fr.contains("enter: \"Read the briefing in French\""),
            "{fr}"
        );
        assert!(fr.contains("into French."), "{fr}");
        assert!(fr.contains("only_in_fr: \"(in French)\""), "{fr}");
        assert!(fr.contains("only_in_ar: \"(in Arabic)\""), "{fr}");
        let (ar, _) = strings_file("ar", &site);
        assert!(ar.contains("only_in_fr: \"(بالفرنسية)\""), "{ar}");
        assert!(
            ar.contains("shown_in_fr: \"لم تُترجم بعد؛ تُعرض بالفرنسية.\""),
            "{ar}"
        );
        let (en, _) = strings_file("en", &site);
        assert!(en.contains("shown_in_fr: \"Not yet translated; shown in French.\""));
        for text in [&fr, &ar, &en] {
            let parsed: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
            assert!(parsed.get("only_in_fr").is_some());
        }
    }

    #[test]
    fn a_language_outside_the_table_is_named_as_site_yaml_names_it() {
        let site = [lang("ar", "العربية"), lang("xx", "Xish")];
        let (xx, fallback) = strings_file("xx", &site);
        assert!(fallback);
        assert!(xx.contains("Read the briefing in Xish"), "{xx}");
        let (ar, _) = strings_file("ar", &site);
        assert!(ar.contains("only_in_xx: \"(بلغة Xish)\""), "{ar}");
    }
}
