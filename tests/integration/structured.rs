//! Structured data: one JSON-LD block on every page of the briefing theme, valid JSON that a
//! JSON-LD processor (pyld) expands keeping every property, and escaped so that no title can end
//! its `<script>` element.

use std::process::Command;

use crate::support::TestSite;

const OPEN: &str = "<script type=\"application/ld+json\">";

/// The JSON-LD blocks of every page of the output, with the page's path.
fn blocks(site: &TestSite) -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for (path, bytes) in site.output_tree() {
        let path = path.display().to_string();
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert_eq!(html.matches(OPEN).count(), 1, "{path}: one block");
        let start = html.find(OPEN).unwrap() + OPEN.len();
        let end = start + html[start..].find("</script>").unwrap();
        // Nothing in the block can open or close a tag or an HTML comment.
        assert!(
            !html[start..end].contains(['<', '>']),
            "{path}: {}",
            &html[start..end]
        );
        let data = serde_json::from_str(&html[start..end])
            .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", &html[start..end]));
        out.push((path, data));
    }
    out
}

#[test]
fn every_page_has_one_block_of_structured_data_that_a_processor_expands() {
    let site = TestSite::fixture_with_briefing_theme("basic");
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace(
            "Alpha article",
            "Alpha </script><script>alert(1)</script> & co",
        )
    });
    site.build_ok(&[]);
    let all = blocks(&site);
    let get = |p: &str| &all.iter().find(|(path, _)| path == p).unwrap().1;
    let alpha_en = get("en/articles/alpha/index.html");
    assert_eq!(alpha_en["@type"], "Article");
    assert_eq!(
        alpha_en["headline"],
        "Alpha </script><script>alert(1)</script> & co"
    );
    assert_eq!(alpha_en["inLanguage"], "en");
    assert_eq!(alpha_en["datePublished"], "2023-03-09");
    assert_eq!(alpha_en["isBasedOn"]["name"], "INTERPOL");
    // Arabic is the default language: the Arabic version is the original.
    assert_eq!(
        alpha_en["translationOfWork"]["url"],
        "https://example.org/sub/ar/articles/alpha/"
    );
    let alpha_ar = get("ar/articles/alpha/index.html");
    assert_eq!(
        alpha_ar["workTranslation"][0]["url"],
        "https://example.org/sub/en/articles/alpha/"
    );
    let gamma = get("en/articles/gamma/index.html");
    assert!(gamma.get("workTranslation").is_none() && gamma.get("translationOfWork").is_none());
    assert_eq!(get("en/index.html")["@type"], "WebSite");
    assert_eq!(get("en/topics/one/index.html")["@type"], "CollectionPage");
    assert_eq!(get("index.html")["@type"], "WebSite");
    expand_with_pyld(&all);
}

/// Expands every block with pyld, schema.org's context standing for its vocabulary (there is no
/// network here), and requires every property to survive expansion.
fn expand_with_pyld(all: &[(String, serde_json::Value)]) {
    let has_pyld = Command::new("python3")
        .args(["-c", "import pyld"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_pyld {
        assert!(
            std::env::var_os("BAYAN_REQUIRE_JSONLD").is_none(),
            "pyld is required (pip install pyld)"
        );
        eprintln!("SKIPPED: the JSON-LD expansion needs pyld (pip install pyld)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("blocks.json");
    let blocks: Vec<&serde_json::Value> = all.iter().map(|(_, b)| b).collect();
    std::fs::write(&file, serde_json::to_string(&blocks).unwrap()).unwrap();
    let script = r#"
import json, sys
from pyld import jsonld
def loader(url, options=None):
    if url.rstrip('/') not in ('https://schema.org', 'http://schema.org'):
        raise Exception('unexpected context ' + url)
    return {'contextUrl': None, 'documentUrl': url,
            'document': {'@context': {'@vocab': 'https://schema.org/'}}}
jsonld.set_document_loader(loader)
for block in json.load(open(sys.argv[1])):
    expanded = jsonld.expand(block)
    assert len(expanded) == 1, expanded
    kept = {k for k in expanded[0] if k != '@type'}
    wanted = {k for k in block if not k.startswith('@')}
    assert len(kept) == len(wanted), (sorted(kept), sorted(wanted))
print(len(json.load(open(sys.argv[1]))), 'blocks expanded')
"#;
    let run = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "pyld: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
