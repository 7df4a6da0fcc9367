//! Social cards: the 1200×630 PNG a link preview shows, drawn at build time from the theme's
//! `templates/card.svg` with the theme's fonts (`fonts/`, TTF or OTF).
//!
//! The SVG template lays a card out, and `wrap(…)` in it breaks a title into lines that fit,
//! measured with the same fonts and shaping that draw them. usvg shapes the text with harfrust (a
//! port of HarfBuzz, so Arabic letters join) and orders it with the Unicode bidirectional
//! algorithm; resvg rasterises it. usvg lays every line out as a left-to-right paragraph, so a
//! right-to-left line is wrapped in an embedding (U+202B … U+202C), which puts its words in
//! Arabic order with Latin words and digits inside it where a reader expects them.

use std::collections::BTreeMap;
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::Arc;

use resvg::{tiny_skia, usvg};
use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::error::{Diagnostic, Error};
use crate::theme::Theme;

/// The size of a card, which link previews expect (1.91:1).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The template of a theme's card, under `templates/`.
pub const TEMPLATE: &str = "card.svg";

/// RIGHT-TO-LEFT EMBEDDING and POP DIRECTIONAL FORMATTING.
const RLE: char = '\u{202B}';
const PDF: char = '\u{202C}';

/// The theme's fonts, loaded for drawing.
pub struct Fonts {
    db: Arc<usvg::fontdb::Database>,
    /// A hash of the fonts' bytes: a card is drawn again when it changes.
    fingerprint: u64,
}

impl Fonts {
    pub fn load(theme: &Theme) -> Result<Fonts, Error> {
        let mut db = usvg::fontdb::Database::new();
        let mut hashes = Vec::new();
        let mut errors = Vec::new();
        for (name, file) in &theme.fonts {
            let bytes = match file.read() {
                Ok(b) => b,
                Err(e) => {
                    errors.push(Diagnostic::io(file.label(), "read the font", &e));
                    continue;
                }
            };
            hashes.push((name, crate::outputs::key_of(&bytes)));
            let before = db.len();
            db.load_font_data(bytes);
            if db.len() == before {
                errors.push(
                    Diagnostic::new(file.label(), "this is not a font bayan can draw with").help(
                        "social cards need TrueType or OpenType fonts (.ttf, .otf), not woff2",
                    ),
                );
            }
        }
        if !errors.is_empty() {
            return Err(Error::new(errors));
        }
        Ok(Fonts {
            db: Arc::new(db),
            fingerprint: crate::outputs::key_of(&hashes),
        })
    }
}

/// What a card shows, as its template sees it: `card.*`, `lang.*`.
#[derive(Debug, Serialize, Hash)]
pub struct Card<'a> {
    pub lang: CardLang<'a>,
    pub card: CardText,
}

#[derive(Debug, Serialize, Hash)]
pub struct CardLang<'a> {
    pub code: &'a str,
    pub dir: &'a str,
}

/// The card's text. `site` and `label` come ready to draw: a right-to-left one is wrapped in
/// an embedding (see the module's note); `title` is whole, for `wrap(…)`.
#[derive(Debug, Serialize, Hash)]
pub struct CardText {
    /// `article`, `topic` or `home`.
    pub kind: &'static str,
    pub site: String,
    pub title: String,
    /// What the page is: an article's first topic, "Topic", "Home".
    pub label: String,
}

/// `text` ready to draw in a line of direction `dir`.
pub fn line(text: &str, dir: &str) -> String {
    if dir == "rtl" {
        format!("{RLE}{text}{PDF}")
    } else {
        text.to_string()
    }
}

/// The card template, parsed, with the fonts to draw it.
pub struct CardTemplate {
    tera: Tera,
    fonts: Arc<Fonts>,
    files: BTreeMap<String, (PathBuf, String)>,
    /// A hash of the template and the fonts: equal cards under equal generations are equal.
    generation: u64,
}

impl CardTemplate {
    /// The theme's card template, or `None` when the theme has none (its pages then have no
    /// `og:image`).
    pub fn new(theme: &Theme) -> Result<Option<CardTemplate>, Error> {
        let Some(source) = theme.templates.get(TEMPLATE) else {
            return Ok(None);
        };
        let fonts = Arc::new(Fonts::load(theme)?);
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".svg"]);
        let db = fonts.db.clone();
        tera.register_function("wrap", move |kwargs: Kwargs, _: &State| {
            wrap_function(&db, &kwargs)
        });
        let files: BTreeMap<String, (PathBuf, String)> = [(
            TEMPLATE.to_string(),
            (source.path.clone(), source.text.clone()),
        )]
        .into();
        if let Err(e) = tera.add_raw_template(TEMPLATE, &source.text) {
            return Err(crate::templates::template_error(&files, &e));
        }
        let generation =
            crate::outputs::key_of(&(&source.text, fonts.fingerprint, env!("CARGO_PKG_VERSION")));
        Ok(Some(CardTemplate {
            tera,
            fonts,
            files,
            generation,
        }))
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The PNG of `card`; `page` names the card in messages.
    pub fn render(&self, card: &Card, page: &str) -> Result<Vec<u8>, Diagnostic> {
        let fail = |e: tera::Error| {
            crate::templates::template_error(&self.files, &e)
                .diagnostics
                .remove(0)
                .on_page(page)
        };
        let context = Context::from_serialize(card).map_err(fail)?;
        let svg = self.tera.render(TEMPLATE, &context).map_err(fail)?;
        let file = &self.files[TEMPLATE].0;
        draw(&svg, &self.fonts.db)
            .map_err(|why| Diagnostic::new(file, why).on_page(page).help(SVG_HELP))
    }
}

const SVG_HELP: &str = "card.svg must render to an SVG of 1200×630 that usvg can read";

/// Draws an SVG document to PNG bytes with the fonts of `db`.
pub fn draw(svg: &str, db: &Arc<usvg::fontdb::Database>) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: db.clone(),
        font_family: String::new(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| format!("the card is not an SVG bayan can draw: {e}"))?;
    let size = tree.size().to_int_size();
    if (size.width(), size.height()) != (WIDTH, HEIGHT) {
        return Err(format!(
            "the card is {}×{}, not {WIDTH}×{HEIGHT}",
            size.width(),
            size.height()
        ));
    }
    let mut pixmap =
        tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("the card could not be allocated")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| format!("the card could not be encoded as PNG: {e}"))
}

/// `wrap(text, width, size, lines=4, family, weight=400, dir="ltr")`: `text` broken into at
/// most `lines` lines no wider than `width` at font size `size`, the last one cut with "…" when
/// the text is longer. Lines of `dir="rtl"` come ready to draw (see the module's note).
fn wrap_function(
    db: &Arc<usvg::fontdb::Database>,
    kwargs: &Kwargs,
) -> tera::TeraResult<Vec<String>> {
    let text: String = kwargs.must_get("text")?;
    let width: f64 = kwargs.must_get("width")?;
    let size: f64 = kwargs.must_get("size")?;
    let lines: i64 = kwargs.get("lines")?.unwrap_or(4);
    let family: String = kwargs.must_get("family")?;
    let weight: i64 = kwargs.get("weight")?.unwrap_or(400);
    let dir: String = kwargs.get("dir")?.unwrap_or_else(|| "ltr".to_string());
    let font = Font {
        family: &family,
        size,
        weight,
    };
    let measure = |candidates: &[String]| font.widths(db, candidates);
    let wrapped = wrap(&text, width, lines.max(1) as usize, measure)
        .map_err(|e| tera::Error::message(format!("wrap(): {e}")))?;
    Ok(wrapped.iter().map(|l| line(l, &dir)).collect())
}

/// How `wrap` measures: a family, size and weight.
struct Font<'a> {
    family: &'a str,
    size: f64,
    weight: i64,
}

impl Font<'_> {
    /// The drawn width of each of `texts`, from one layout of them all.
    fn widths(
        &self,
        db: &Arc<usvg::fontdb::Database>,
        texts: &[String],
    ) -> Result<Vec<f64>, String> {
        let mut svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}">"#
        );
        for t in texts {
            svg.push_str(&format!(
                r#"<text x="0" y="100" font-family="{}" font-size="{}" font-weight="{}">{}</text>"#,
                crate::outputs::xml_escape(self.family),
                self.size,
                self.weight,
                crate::outputs::xml_escape(t)
            ));
        }
        svg.push_str("</svg>");
        let options = usvg::Options {
            fontdb: db.clone(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(&svg, &options).map_err(|e| e.to_string())?;
        let mut widths = Vec::with_capacity(texts.len());
        collect_widths(tree.root(), &mut widths);
        if widths.len() != texts.len() {
            // A text with nothing to draw (only spaces) has no node.
            return Err(
                "some text could not be measured; is the family one of the theme's fonts?".into(),
            );
        }
        Ok(widths)
    }
}

fn collect_widths(group: &usvg::Group, out: &mut Vec<f64>) {
    for node in group.children() {
        match node {
            usvg::Node::Text(t) => out.push(f64::from(t.bounding_box().width())),
            usvg::Node::Group(g) => collect_widths(g, out),
            _ => {}
        }
    }
}

/// Breaks `text` at spaces into at most `max` lines no wider than `width` by `measure`, greedily;
/// a word wider than a line gets a line of its own. When words are left over, the last line ends
/// with "…", shortened until it fits.
fn wrap(
    text: &str,
    width: f64,
    max: usize,
    measure: impl Fn(&[String]) -> Result<Vec<f64>, String>,
) -> Result<Vec<String>, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut lines = Vec::new();
    let mut at = 0;
    while at < words.len() && lines.len() < max {
        // Every line that could start here, measured in one layout.
        let candidates: Vec<String> = (at + 1..=words.len())
            .map(|end| words[at..end].join(" "))
            .collect();
        let widths = measure(&candidates)?;
        let fit = widths.iter().take_while(|w| **w <= width).count().max(1);
        lines.push(candidates[fit - 1].clone());
        at += fit;
    }
    if at < words.len()
        && let Some(last) = lines.pop()
    {
        let mut kept: Vec<&str> = last.split(' ').collect();
        let candidates: Vec<String> = (1..=kept.len())
            .map(|n| format!("{}…", kept[..n].join(" ")))
            .collect();
        let widths = measure(&candidates)?;
        let fit = widths.iter().take_while(|w| **w <= width).count().max(1);
        kept.truncate(fit);
        lines.push(format!("{}…", kept.join(" ")));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is 10 wide, spaces too.
    fn by_chars(texts: &[String]) -> Result<Vec<f64>, String> {
        Ok(texts
            .iter()
            .map(|t| t.chars().count() as f64 * 10.0)
            .collect())
    }

    #[test]
    fn wraps_greedily_at_spaces() {
        let lines = wrap("one two three four five", 100.0, 4, by_chars).unwrap();
        assert_eq!(lines, ["one two", "three four", "five"]);
    }

    #[test]
    fn a_long_word_gets_a_line_of_its_own() {
        let lines = wrap("a extraordinarily b", 50.0, 4, by_chars).unwrap();
        assert_eq!(lines, ["a", "extraordinarily", "b"]);
    }

    #[test]
    fn text_beyond_the_last_line_is_cut_with_an_ellipsis_that_fits() {
        let lines = wrap("aaa bbb ccc ddd eee", 70.0, 2, by_chars).unwrap();
        assert_eq!(lines, ["aaa bbb", "ccc…"]);
        assert!(lines.iter().all(|l| l.chars().count() * 10 <= 70));
    }

    #[test]
    fn empty_text_has_no_lines() {
        assert!(wrap("  ", 100.0, 4, by_chars).unwrap().is_empty());
    }

    #[test]
    fn only_right_to_left_lines_are_embedded() {
        assert_eq!(line("تقول NCA", "rtl"), "\u{202B}تقول NCA\u{202C}");
        assert_eq!(line("NCA says", "ltr"), "NCA says");
    }
}
