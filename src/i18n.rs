//! UI strings, plural rules and dates, per language.
//!
//! A theme carries its interface text in `i18n/<lang>.yaml`. A string is either plain text or a
//! set of CLDR plural forms (`zero`, `one`, `two`, `few`, `many`, `other`; Arabic uses all six),
//! chosen by ICU4X's plural rules, never by a table of our own. Numbers and dates are formatted by
//! ICU4X too, in the language's digits (site.yaml may choose Latin or Arabic-Indic digits).

use std::collections::BTreeMap;

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use serde::Deserialize;

use crate::config::{Digits, Language};
use crate::content::Date;
use crate::error::{Collector, Diagnostic, Error};
use crate::theme::ThemeSource;
use crate::yaml;

/// A UI string: plain, or with a form for each plural category.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Message {
    Text(String),
    Plural(PluralForms),
}

/// The CLDR plural forms of a string; `other` is required, as CLDR falls back to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluralForms {
    zero: Option<String>,
    one: Option<String>,
    two: Option<String>,
    few: Option<String>,
    many: Option<String>,
    other: String,
}

impl PluralForms {
    fn pick(&self, category: PluralCategory) -> &str {
        let form = match category {
            PluralCategory::Zero => &self.zero,
            PluralCategory::One => &self.one,
            PluralCategory::Two => &self.two,
            PluralCategory::Few => &self.few,
            PluralCategory::Many => &self.many,
            PluralCategory::Other => &None,
        };
        form.as_deref().unwrap_or(&self.other)
    }
}

/// Everything needed to speak one language.
pub struct Localizer {
    pub code: String,
    strings: BTreeMap<String, Message>,
    plurals: PluralRules,
    numbers: DecimalFormatter,
    dates: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
}

/// The site's languages, ready to format.
pub struct I18n {
    locales: Vec<Localizer>,
    warnings: Vec<String>,
    /// A hash of everything the strings and formats were made from.
    fingerprint: u64,
}

impl I18n {
    /// Loads `i18n/<code>.yaml` for each language from the theme. The built-in theme lends its
    /// English strings to a language it has none for, with a warning (see [`I18n::warnings`]).
    pub fn load(theme: &ThemeSource, languages: &[Language]) -> Result<I18n, Error> {
        let mut locales = Vec::new();
        let mut warnings = Vec::new();
        let mut errors = Collector::default();
        let mut fingerprint = xxhash_rust::xxh3::Xxh3::new();
        for lang in languages {
            fingerprint.update(format!("{lang:?}").as_bytes());
            let strings = match theme.strings(lang, languages) {
                Ok(file) => {
                    fingerprint.update(file.text.as_bytes());
                    if file.fallback {
                        warnings.push(fallback_warning(lang));
                    }
                    let rel = &file.label;
                    match yaml::parse::<BTreeMap<String, Message>>(rel, &file.text, &file.text, 0) {
                        Ok(s) => s,
                        Err(d) => {
                            errors.push(
                                d.help("each entry is `key: text` or `key: {one: …, other: …}`"),
                            );
                            continue;
                        }
                    }
                }
                Err(e) => {
                    let rel = theme.label(&format!("i18n/{}.yaml", lang.code));
                    errors.push(Diagnostic::io(&rel, "read the theme's strings", &e).help(
                        format!(
                            "a theme needs i18n/{}.yaml for each language of the site",
                            lang.code
                        ),
                    ));
                    continue;
                }
            };
            match Localizer::new(lang, strings) {
                Ok(l) => locales.push(l),
                Err(d) => errors.push(d),
            }
        }
        errors.finish(I18n {
            locales,
            warnings,
            fingerprint: fingerprint.digest(),
        })
    }

    /// What the strings' loading has to tell without failing: languages shown with the built-in
    /// theme's English strings.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Changes whenever a string, a plural form or a language's formats would.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    pub fn locale(&self, code: &str) -> Option<&Localizer> {
        self.locales.iter().find(|l| l.code == code)
    }
}

/// What a build says about a language that the built-in theme has no strings for.
pub fn fallback_warning(lang: &Language) -> String {
    format!(
        "the built-in theme has no strings in `{code}` ({name}): its pages use the English ones. \
         To translate them, run `bayan theme eject` and edit themes/briefing/i18n/{code}.yaml",
        code = lang.code,
        name = lang.name
    )
}

impl Localizer {
    /// Builds the formatters for `lang`, with `strings` as its UI text.
    pub fn new(
        lang: &Language,
        strings: BTreeMap<String, Message>,
    ) -> Result<Localizer, Diagnostic> {
        let tag = match lang.digits {
            Some(Digits::Latn) => format!("{}-u-nu-latn", lang.code),
            Some(Digits::Arab) => format!("{}-u-nu-arab", lang.code),
            None => lang.code.clone(),
        };
        let unsupported = |what: &str| {
            Diagnostic::new(
                "site.yaml",
                format!("no {what} data for the language `{}`", lang.code),
            )
            .help("use a language code known to CLDR, such as `ar` or `en`")
        };
        let locale: Locale = tag.parse().map_err(|_| unsupported("locale"))?;
        let plurals =
            PluralRules::try_new_cardinal((&locale).into()).map_err(|_| unsupported("plural"))?;
        let numbers = DecimalFormatter::try_new((&locale).into(), Default::default())
            .map_err(|_| unsupported("number"))?;
        let dates = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long())
            .map_err(|_| unsupported("date"))?;
        Ok(Localizer {
            code: lang.code.clone(),
            strings,
            plurals,
            numbers,
            dates,
        })
    }

    /// The UI string `key`, in the plural form for `count` when given, with `{count}` filled in.
    pub fn t(&self, key: &str, count: Option<i64>) -> Result<String, String> {
        let message = self.strings.get(key).ok_or_else(|| {
            format!(
                "the theme has no string `{key}` for `{}`; add it to i18n/{}.yaml",
                self.code, self.code
            )
        })?;
        let text = match (message, count) {
            (Message::Text(s), _) => s.as_str(),
            (Message::Plural(forms), Some(n)) => forms.pick(self.plurals.category_for(n)),
            (Message::Plural(forms), None) => &forms.other,
        };
        Ok(match count {
            Some(n) => text.replace("{count}", &self.number(n)),
            None => text.to_string(),
        })
    }

    /// `n` in this language's digits and grouping.
    pub fn number(&self, n: i64) -> String {
        self.numbers.format(&Decimal::from(n)).to_string()
    }

    /// `date` written out with the month's name, e.g. `٩ مارس ٢٠٢٣` or `9 March 2023`.
    pub fn date(&self, date: Date) -> String {
        match icu_calendar::Date::try_new_gregorian(date.year, date.month, date.day) {
            Ok(d) => self.dates.format(&d).to_string(),
            Err(_) => date.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Direction;

    fn lang(code: &str, digits: Option<Digits>) -> Language {
        Language {
            code: code.into(),
            name: code.into(),
            dir: Direction::Ltr,
            digits,
            locale: crate::config::default_locale(code),
        }
    }

    fn strings() -> BTreeMap<String, Message> {
        serde_yaml::from_str(
            "articles:\n  zero: z {count}\n  one: o {count}\n  two: t {count}\n  few: f {count}\n  many: m {count}\n  other: x {count}\nhello: hi\n",
        )
        .unwrap()
    }

    #[test]
    fn arabic_uses_all_six_plural_categories() {
        let ar = Localizer::new(&lang("ar", Some(Digits::Latn)), strings()).unwrap();
        let got: Vec<String> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|&n| ar.t("articles", Some(n)).unwrap())
            .collect();
        assert_eq!(got, ["z 0", "o 1", "t 2", "f 3", "m 11", "x 100"]);
    }

    #[test]
    fn english_has_one_and_other() {
        let en = Localizer::new(&lang("en", None), strings()).unwrap();
        assert_eq!(en.t("articles", Some(1)).unwrap(), "o 1");
        assert_eq!(en.t("articles", Some(2)).unwrap(), "x 2");
        assert_eq!(en.t("articles", Some(0)).unwrap(), "x 0");
        assert_eq!(en.t("hello", None).unwrap(), "hi");
        assert!(en.t("nope", None).unwrap_err().contains("i18n/en.yaml"));
    }

    #[test]
    fn dates_use_month_names_and_chosen_digits() {
        let d = Date::parse("2023-03-09").unwrap();
        let ar = Localizer::new(&lang("ar", Some(Digits::Arab)), strings()).unwrap();
        let text = ar.date(d);
        assert!(text.contains("مارس"), "{text}");
        assert!(text.contains("٢٠٢٣"), "{text}");
        let ar_latn = Localizer::new(&lang("ar", Some(Digits::Latn)), strings()).unwrap();
        assert!(ar_latn.date(d).contains("2023"), "{}", ar_latn.date(d));
        let en = Localizer::new(&lang("en", None), strings()).unwrap();
        assert_eq!(en.date(d), "March 9, 2023");
        assert_eq!(ar.number(12500), "١٢٬٥٠٠");
    }
}
