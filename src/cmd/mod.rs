//! One file per command; each wires the library together and prints what the user needs.

pub mod build;
pub mod check;
