//! Tells Cargo to rebuild bayan when a file is added to or removed from the theme it embeds
//! (`include_dir!` sees edits to the files it embedded, but not new or deleted ones).

fn main() {
    println!("cargo:rerun-if-changed=themes/briefing");
    println!("cargo:rerun-if-changed=build.rs");
}
