//! What each output reads of the model, recorded while it is prepared.
//!
//! An edit in `serve` names the entries it changed; the outputs to prepare again are those that
//! read one of them (and those that read everything), so that a body edit does not hash every
//! page. Reading is recorded where it happens: the views' accessors (an article's card reads the
//! article and its topics) and each output's own entry. An output that records nothing is taken
//! to read everything, so a kind of output that does not take part is never left stale.

use std::cell::RefCell;

/// A piece of the model an output can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// The article at this index of [`crate::site::Site::articles`], in any language.
    Article(u32),
    Topic(u32),
    /// A free page, by index.
    Page(u32),
    /// The home text.
    Home,
    /// Every free page (the navigation).
    Pages,
    /// Every article's card (the list of all articles).
    Articles,
    /// Every topic's card (the list of all topics).
    Topics,
}

/// What one output read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reads {
    /// Everything, or not recorded.
    All,
    /// Only these.
    Only(Box<[Dep]>),
}

impl Reads {
    /// Whether an edit to `changed` may change what the output reads.
    pub fn any(&self, changed: &[Dep]) -> bool {
        match self {
            Reads::All => true,
            Reads::Only(deps) => deps.iter().any(|d| changed.contains(d)),
        }
    }
}

enum Recording {
    Untracked,
    Deps(Vec<Dep>),
}

thread_local! {
    static RECORDING: RefCell<Option<Recording>> = const { RefCell::new(None) };
}

/// Notes that the output being prepared reads `dep`.
pub fn read(dep: Dep) {
    RECORDING.with(|r| {
        if let Some(r) = r.borrow_mut().as_mut() {
            match r {
                Recording::Untracked => *r = Recording::Deps(vec![dep]),
                Recording::Deps(deps) => deps.push(dep),
            }
        }
    });
}

/// Notes that the output being prepared takes part in recording, even if it reads nothing
/// of the model (a static file).
pub fn read_nothing() {
    RECORDING.with(|r| {
        if let Some(r) = r.borrow_mut().as_mut()
            && matches!(r, Recording::Untracked)
        {
            *r = Recording::Deps(Vec::new());
        }
    });
}

/// Runs `f` (an output's `prepare`, which must not hand work to other threads) and what it
/// read.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Reads) {
    let outer = RECORDING.with(|r| r.replace(Some(Recording::Untracked)));
    let result = f();
    let recorded = RECORDING.with(|r| r.replace(outer));
    let reads = match recorded {
        Some(Recording::Deps(mut deps)) => {
            deps.sort_unstable();
            deps.dedup();
            Reads::Only(deps.into_boxed_slice())
        }
        _ => Reads::All,
    };
    (result, reads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_that_records_nothing_reads_everything() {
        let ((), reads) = recording(|| {});
        assert_eq!(reads, Reads::All);
        let ((), reads) = recording(read_nothing);
        assert_eq!(reads, Reads::Only(Box::new([])));
        let ((), reads) = recording(|| {
            read(Dep::Topic(2));
            read(Dep::Article(1));
            read(Dep::Topic(2));
        });
        assert_eq!(
            reads,
            Reads::Only(Box::new([Dep::Article(1), Dep::Topic(2)]))
        );
        assert!(reads.any(&[Dep::Topic(2)]) && !reads.any(&[Dep::Topic(1), Dep::Home]));
    }

    #[test]
    fn reading_outside_a_recording_is_not_kept() {
        read(Dep::Home);
        let ((), reads) = recording(|| read(Dep::Pages));
        assert_eq!(reads, Reads::Only(Box::new([Dep::Pages])));
    }
}
