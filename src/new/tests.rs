//! Unit tests of `bayan new`'s pure parts: the planned files, their front-matter, slugs.

use super::*;
use crate::config::Direction;
use crate::content::{ArticleMeta, PageMeta, TopicMeta};

fn lang(code: &str) -> Language {
    Language {
        code: code.into(),
        name: code.into(),
        dir: Direction::Ltr,
        digits: None,
        locale: crate::config::default_locale(code),
    }
}

fn front_matter_of(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").unwrap();
    &rest[..rest.find("\n---\n").unwrap()]
}

#[test]
fn one_file_per_language() {
    let (ar, en) = (lang("ar"), lang("en"));
    let files = plan(Section::Articles, "first-steps", &[&ar, &en], &[]);
    let paths: Vec<_> = files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(
        paths,
        [
            PathBuf::from("content/articles/first-steps.ar.md"),
            PathBuf::from("content/articles/first-steps.en.md")
        ]
    );
    let files = plan(Section::Pages, "about", &[&en], &[]);
    assert_eq!(files[0].path, Path::new("content/pages/about.en.md"));
}

#[test]
fn an_article_has_every_key_and_is_a_draft_in_an_existing_topic() {
    let topics = vec!["guide".to_string(), "other".to_string()];
    for code in ["ar", "en", "fr"] {
        let text = front_matter(Section::Articles, code, &topics);
        let yaml = front_matter_of(&text);
        let meta: ArticleMeta =
            serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert!(meta.draft);
        assert_eq!(meta.topics, ["guide"]);
        assert_eq!(meta.title, "TODO: title");
        assert_eq!(meta.date, None);
        assert_eq!(meta.source.name, "TODO: source");
        for key in [
            "title:",
            "date:",
            "summary:",
            "topics:",
            "source:",
            "name:",
            "url:",
            "published:",
            "figures:",
            "draft:",
        ] {
            assert!(yaml.contains(key), "{key} in\n{yaml}");
        }
        assert!(
            yaml.contains("from content/topics/: guide, other"),
            "{yaml}"
        );
        assert!(text.ends_with(".\n"), "{text}");
    }
    assert!(front_matter(Section::Articles, "ar", &topics).contains("اكتب نص المقال"));
}

#[test]
fn the_comments_of_an_article_line_up() {
    for topics in [
        vec![],
        vec!["a".to_string()],
        vec!["a-rather-long-topic-name-here".to_string()],
    ] {
        let text = front_matter(Section::Articles, "en", &topics);
        let columns: Vec<usize> = front_matter_of(&text)
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.find(" # ").map(|i| i + 1))
            .collect();
        assert!(columns.len() >= 9, "{text}");
        if topics.first().is_none_or(|t| t.len() < 20) {
            assert!(
                columns.iter().all(|&c| c == COMMENT_COLUMN),
                "{columns:?}\n{text}"
            );
        }
    }
    let none = front_matter(Section::Articles, "en", &[]);
    assert!(none.contains("topics: []"), "{none}");
    assert!(none.contains("bayan new topic SLUG"), "{none}");
}

#[test]
fn topics_and_pages_parse_with_their_schemas() {
    let topic = front_matter(Section::Topics, "en", &["guide".to_string()]);
    let meta: TopicMeta = serde_yaml::from_str(front_matter_of(&topic)).unwrap();
    assert!(meta.related.is_empty());
    assert!(topic.contains("e.g. [guide]"), "{topic}");
    assert_eq!(meta.summary, "TODO: one or two sentences");
    let page = front_matter(Section::Pages, "ar", &[]);
    let meta: PageMeta = serde_yaml::from_str(front_matter_of(&page)).unwrap();
    assert_eq!(meta.title, "TODO: title");
    assert!(meta.summary.is_some());
    assert!(page.contains("اكتب نص الصفحة"), "{page}");
}

#[test]
fn bad_slugs_are_refused_with_a_suggestion() {
    assert!(check_slug(Section::Articles, "first-steps", "x").is_ok());
    let d = check_slug(
        Section::Articles,
        "First Steps",
        "content/articles/First Steps.ar.md",
    )
    .unwrap_err();
    assert_eq!(d.message, "`First Steps` is not a valid slug");
    assert_eq!(
        d.path.as_deref(),
        Some(Path::new("content/articles/First Steps.ar.md"))
    );
    assert!(
        d.help
            .as_ref()
            .unwrap()
            .contains("`bayan new article first-steps`"),
        "{d}"
    );
    let d = check_slug(Section::Topics, "خطوات", "p").unwrap_err();
    assert!(
        d.help
            .as_ref()
            .unwrap()
            .contains("`bayan new topic first-steps`"),
        "{d}"
    );
    for bad in ["a--b", "-a", "a_b", "A", ""] {
        assert!(check_slug(Section::Pages, bad, "p").is_err(), "{bad}");
    }
}

#[test]
fn topic_slugs_are_read_from_the_file_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("content/topics");
    std::fs::create_dir_all(&dir).unwrap();
    for name in [
        "b.ar.md",
        "b.en.md",
        "a.en.md",
        "Bad Name.en.md",
        "notes.txt",
        ".b.en.md.swp",
    ] {
        std::fs::write(dir.join(name), "").unwrap();
    }
    assert_eq!(topic_slugs(tmp.path()), ["a", "b"]);
    assert!(topic_slugs(&tmp.path().join("nowhere")).is_empty());
}
