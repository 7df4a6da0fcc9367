//! The README's error catalogue matches what the binary prints: every message it quotes is one
//! that a test in this folder expects from the real binary.

/// The code spans of a Markdown table cell (``a `b` `` and `c`).
fn code_spans(cell: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = cell;
    while let Some(start) = rest.find('`') {
        let ticks = if rest[start..].starts_with("``") {
            2
        } else {
            1
        };
        let fence = &rest[start..start + ticks];
        let after = &rest[start + ticks..];
        let Some(end) = after.find(fence) else { break };
        spans.push(after[..end].trim().to_string());
        rest = &after[end + ticks..];
    }
    spans
}

#[test]
fn every_message_in_the_readme_catalogue_is_expected_by_a_test() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let table = readme
        .split("| class | message begins | help says |")
        .nth(1)
        .expect("the catalogue table")
        .split("\n\n")
        .next()
        .unwrap();
    let tests: String = ["errors.rs", "build.rs", "newsite.rs", "builtin_theme.rs"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("{root}/tests/integration/{f}")).unwrap())
        .collect();
    let mut checked = 0;
    let mut missing = Vec::new();
    for row in table.lines().skip(2) {
        let cells: Vec<&str> = row.split(" | ").collect();
        assert!(cells.len() >= 3, "a malformed row: {row}");
        for span in code_spans(cells[1]) {
            if !tests.contains(&span) {
                missing.push(span);
            }
            checked += 1;
        }
    }
    assert!(
        missing.is_empty(),
        "the catalogue quotes messages no test expects the binary to print: {missing:?}"
    );
    assert!(
        checked >= 25,
        "only {checked} messages found in the catalogue"
    );
}
