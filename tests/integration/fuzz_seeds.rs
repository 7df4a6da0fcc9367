//! The fuzz targets' seeds (and any input a fuzzing run found, saved under fuzz/regressions/)
//! run through the same entry points on every `cargo test`, so what was once fixed stays fixed.
//! The fuzzing itself is `cargo fuzz run <target>` in fuzz/ (see the README).

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let mut count = 0;
    for folder in ["seeds", "regressions"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(folder)
            .join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            run(&std::fs::read(&path).unwrap());
            count += 1;
        }
    }
    assert!(count > 0, "no seeds for {target}");
}

#[test]
fn front_matter_seeds() {
    replay("front_matter", bayan::fuzzing::front_matter);
}

#[test]
fn markdown_seeds() {
    replay("markdown", bayan::fuzzing::markdown);
}

#[test]
fn site_yaml_seeds() {
    replay("site_yaml", bayan::fuzzing::site_yaml);
}
