//! One file per command, each with its flags (`Args`) and a `run` that wires the library
//! together and prints what the user needs. Each returns what `main` prints on failure after the
//! diagnostics.

pub mod build;
pub mod check;
pub mod serve;
