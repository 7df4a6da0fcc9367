//! The `bayan` command: parse the flags, run one command, print the outcome, choose the exit code.
//!
//! Exit codes: 0 success; 1 the site has errors (each printed with file, line and column);
//! 2 the command line is wrong (clap's own code).

use std::process::ExitCode;

use bayan::cli::{Cli, Command};
use bayan::cmd;
use clap::Parser;

/// Builds allocate many small strings and values from several threads at once, which mimalloc
/// serves markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    without_huge_pages();
    let command = Cli::parse().command;
    set_purge_delay(&command);
    let (result, closing) = match command {
        // Only the commands that write files say that a failure wrote none.
        Command::Build(args) => (cmd::build::run(args), cmd::NOTHING_WRITTEN),
        Command::Serve(args) => (cmd::serve::run(args), ""),
        Command::Check(args) => (cmd::check::run(args), ""),
        Command::Init(args) => (cmd::init::run(args), cmd::NOTHING_WRITTEN),
        Command::New(args) => (cmd::new::run(args), cmd::NOTHING_WRITTEN),
        Command::Theme(args) => (cmd::theme::run(args), cmd::NOTHING_WRITTEN),
        Command::Status(args) => (cmd::status::run(args), ""),
        Command::Translated(args) => (cmd::translated::run(args), cmd::NOTHING_WRITTEN),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            anstream::eprintln!("{}", e.styled(closing));
            ExitCode::from(1)
        }
    }
}

/// mimalloc's `purge_delay` (its `mi_option_e`, in mimalloc.h), which the bindings do not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3 keeps freed memory for a second before giving it back to the system. A build frees
/// each page's working memory as soon as the page is written, so with a short delay its peak
/// memory is its real need (a tenth less at 1,000 articles) at no measurable cost in time.
/// `serve` does the opposite: each edit needs the same working memory again a few seconds
/// later, and memory given back must be faulted in again (a quarter of an edit's time at 10,000
/// articles), so it keeps what it freed for a minute.
fn set_purge_delay(command: &Command) {
    let ms = match command {
        Command::Serve(_) => 60_000,
        _ => 10,
    };
    // SAFETY: sets one of mimalloc's integer options; called before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) }
}

/// mimalloc asks for transparent huge pages, so that touching a few bytes of a fresh 2 MiB region
/// makes all of it resident: that costs a build a third more memory and gains it nothing
/// measurable. Turned off for the process (Linux only; elsewhere there is nothing to do).
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_3_defaults_to_a_second() {
        // SAFETY: reads an integer option.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(
            default,
            1000,
            "option {} is not purge_delay",
            super::PURGE_DELAY
        );
    }
}
