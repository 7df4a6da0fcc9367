//! Tells Cargo to rebuild bayan when a file is added to or removed from the folders it embeds
//! (`include_dir!` sees edits to files it embedded, but not new or deleted files).

fn main() {
    println!("cargo:rerun-if-changed=themes/briefing");
    println!("cargo:rerun-if-changed=src/init/skeleton");
    println!("cargo:rerun-if-changed=build.rs");
}
