//! Every file of the built site is an output, and one driver makes them all.
//!
//! An [`Output`] has a path under the output folder and, once prepared, a key and a render: the
//! key is a hash of everything its bytes depend on (derived with `#[derive(Hash)]` on the typed
//! data it is made from), and the render makes the bytes. [`run`] prepares every output in
//! parallel, renders those whose key differs from the previous build's, and hands each file to a
//! [`Sink`]: memory for `serve` and `check`, a staging folder for `build`.
//!
//! Each kind of output is one module with an `outputs` function; [`KINDS`] lists them. Adding a
//! kind of output is adding a module and its line there. The pages and the cards, tens of
//! thousands on a large site, come first and are listed by slot instead (see [`Listing`]), so
//! that an edit which keeps the site's shape makes only those it prepares.

mod cards;
mod feeds;
mod pages;
pub mod reads;
mod robots;
mod search;
mod sitemap;
mod statics;

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use crate::assets::Assets;
use crate::cards::CardTemplate;
use crate::error::{Collector, Diagnostic, Error};
use crate::i18n::I18n;
use crate::site::Site;
use crate::templates::Templates;
use reads::{Dep, Reads};

pub use feeds::xml_escape;
pub use pages::PageKind;

/// What outputs are made from: the model, and the theme's templates, strings and static files.
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub i18n: &'a I18n,
    pub assets: &'a Assets,
    /// The theme's social-card template, if it has one.
    pub cards: Option<&'a CardTemplate>,
    /// Documents' analyses for the search index, kept from one build to the next.
    pub search: &'a crate::search::index::Cache,
    /// Where a build that is not repeated keeps what it makes before it is written (see
    /// [`crate::spill`]).
    pub spill: Option<&'a Arc<crate::spill::Spill>>,
}

/// One file of the site, before it is made.
pub trait Output: Sync {
    /// Where it goes, under the output folder (`ar/articles/x/index.html`).
    fn file(&self) -> &str;
    /// Its key, and how to render it if the key changed.
    fn prepare(&self) -> Prepared<'_>;
}

/// An output ready to render: what its bytes depend on, hashed, and the render itself.
pub struct Prepared<'a> {
    pub key: u64,
    render: Box<dyn FnOnce() -> Result<Bytes, Diagnostic> + Send + 'a>,
    /// Where a costly output is kept by its key between builds (see [`Prepared::cached`]).
    cache: Option<PathBuf>,
    write_cache: bool,
}

impl<'a> Prepared<'a> {
    pub fn new(
        key: u64,
        render: impl FnOnce() -> Result<Bytes, Diagnostic> + Send + 'a,
    ) -> Prepared<'a> {
        Prepared {
            key,
            render: Box::new(render),
            cache: None,
            write_cache: false,
        }
    }

    /// An output costly enough to keep in the site's cache folder `dir`, by key, so that a
    /// build into an empty folder (or a fresh `serve`) takes it from there rather than making
    /// it again. The cache is an aid only: when it cannot be read or written, the output is
    /// made as if there were none. Unless `write`, what is made anew is not kept.
    pub fn cached(mut self, dir: &Path, write: bool) -> Prepared<'a> {
        self.cache = Some(dir.join(format!("{:016x}", self.key)));
        self.write_cache = write;
        self
    }

    /// The bytes, and the cached file that holds the same bytes, if any.
    fn make(self) -> Result<(Bytes, Option<PathBuf>), Diagnostic> {
        let Some(cached) = self.cache else {
            return Ok(((self.render)()?, None));
        };
        if let Ok(bytes) = std::fs::read(&cached) {
            return Ok((bytes.into(), Some(cached)));
        }
        let bytes = (self.render)()?;
        let kept = self.write_cache && keep(&cached, &bytes);
        Ok((bytes, kept.then_some(cached)))
    }

    /// An output whose bytes are already made (a static file).
    pub fn made(key: u64, bytes: Bytes) -> Prepared<'a> {
        Prepared::new(key, move || Ok(bytes))
    }

    /// An output whose bytes were made and spilled, to be read back.
    pub fn spilled(key: u64, path: &'a str, spilled: &'a crate::spill::Spilled) -> Prepared<'a> {
        Prepared::new(key, move || {
            (spilled.read().map(Into::into))
                .map_err(|e| Diagnostic::general(crate::spill::unread(path, &e)))
        })
    }
}

/// A kind of output: the files it makes from the inputs.
type Kind = for<'a> fn(&'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>>;

/// Every kind of output after the pages and cards, in the order a build lists its files.
const KINDS: [Kind; 5] = [
    search::outputs,
    feeds::outputs,
    sitemap::outputs,
    robots::outputs,
    statics::outputs,
];

/// The bytes of a made file, shared between builds when they did not change.
pub type Bytes = Arc<Vec<u8>>;

/// A made file.
#[derive(Debug, Clone)]
pub struct File {
    pub path: String,
    pub key: u64,
    pub bytes: Bytes,
    /// A file in the site's cache with these very bytes, which a sink on the same disk may
    /// link rather than write again.
    pub origin: Option<PathBuf>,
}

impl File {
    /// Whether two files have the same bytes (at once when they are the same file).
    pub fn same(&self, other: &File) -> bool {
        Arc::ptr_eq(&self.bytes, &other.bytes) || self.bytes == other.bytes
    }
}

/// Where made files go.
pub trait Sink: Sync {
    /// Takes one file as soon as it is made. The previous build's files that a run keeps (see
    /// [`run`]) are not handed over again.
    fn put(&self, file: File) -> Result<(), Diagnostic>;
}

/// The files of a site, by path: a build's, which the next one keeps where the key is the same.
/// A persistent map: a copy costs nothing and shares what neither changes, so `serve` keeps
/// serving the last build while the session makes the next from it.
pub type Files = imbl::HashMap<String, File>;

/// What each output of a build read when it was last prepared, with its path's
/// [`path_key`], in the order [`run`] lists the outputs: an edit that keeps the site's shape
/// lists them in the same order, so each output finds its record at its own place, without a
/// lookup by path. (A path is told by its key, as a file's bytes are by theirs: keys sit side by
/// side in the record, where tens of thousands of paths would each be a read of their own.)
/// With the build's listing of pages and cards, which such an edit keeps.
#[derive(Default)]
pub struct Recorded {
    reads: Vec<(u64, Reads)>,
    listing: Listing,
}

/// The pages and cards of a build, by slot, in the order they begin its listing. An edit that
/// keeps the site's shape (one patched into the model: see [`crate::site::Edit`]) changes no
/// entry's existence or order, so its run lists them as the last build did, without making
/// them, and makes only those it prepares.
#[derive(Default)]
struct Listing {
    pages: Vec<pages::Slot>,
    cards: Vec<cards::Slot>,
}

impl Listing {
    fn of(inputs: &Inputs) -> Listing {
        Listing {
            pages: pages::slots(inputs.site),
            cards: cards::slots(inputs),
        }
    }

    fn len(&self) -> usize {
        self.pages.len() + self.cards.len()
    }
}

/// The key of an output's path in a [`Recorded`].
fn path_key(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

/// What a run made.
pub struct Made {
    /// The path of every output the run prepared (with [`Select::All`], every file of the
    /// site), in the order of [`KINDS`].
    pub paths: Vec<String>,
    /// The files of the previous build that this run no longer has.
    pub gone: Vec<String>,
    /// What each output prepared in this run read, with its path's key, at its place in the
    /// listing; `None` for those not prepared, whose record is the previous one at that place
    /// (see [`Made::recorded`]).
    reads: Vec<Option<(u64, Reads)>>,
    /// The listing of pages and cards, when the run made it rather than keeping the last one.
    listing: Option<Listing>,
}

/// Which outputs a run prepares.
pub enum Select<'a> {
    /// Every one.
    All,
    /// Those that read one of `changed` when last prepared (as `recorded` says), and those
    /// without a record at their place in the listing; the others are the previous build's
    /// files as they are. `recorded` is the record of the previous build, whose files it names.
    /// Only for an edit that keeps the site's shape: the run keeps the record's listing of pages
    /// and cards.
    Reading {
        changed: &'a [Dep],
        recorded: &'a Recorded,
    },
}

impl Select<'_> {
    /// Whether the output at place `at` of the listing, at `path`, is prepared. Without a
    /// path (an output of a kept listing), the record at its place is its own.
    fn prepares(&self, at: usize, path: Option<&str>) -> bool {
        match self {
            Select::All => true,
            Select::Reading { changed, recorded } => recorded
                .reads
                .get(at)
                .filter(|(p, _)| path.is_none_or(|path| *p == path_key(path)))
                .is_none_or(|(_, r)| r.any(changed)),
        }
    }

    /// The listing of pages and cards to keep, for an edit that keeps the site's shape.
    fn kept(&self) -> Option<&Listing> {
        match self {
            Select::Reading { recorded, .. } if recorded.listing.len() > 0 => {
                Some(&recorded.listing)
            }
            _ => None,
        }
    }
}

impl Made {
    /// The record of this run's build: what each output read, from this run where it was
    /// prepared and from `previous` (the record the run selected with) where it was not.
    pub fn recorded(self, previous: Recorded) -> Recorded {
        let mut before = previous.reads.into_iter();
        let reads = self
            .reads
            .into_iter()
            .filter_map(|now| {
                let before = before.next();
                now.or(before)
            })
            .collect();
        Recorded {
            reads,
            listing: self.listing.unwrap_or(previous.listing),
        }
    }
}

/// Makes every output of the site, rendering only those whose key differs from `previous`, and
/// preparing only those `select` names; the files made go to `sink`, and those of `previous`
/// kept are not handed over again. Every problem is reported, not only the first.
pub fn run(
    inputs: &Inputs,
    previous: &Files,
    select: &Select,
    sink: &dyn Sink,
) -> Result<Made, Error> {
    match run_listed(inputs, previous, select, sink, select.kept())? {
        Some(made) => Ok(made),
        // A kept listing named a page or card the model no longer has: an edit that was to keep
        // the site's shape did not. Listing afresh is what a run without it does.
        None => run_listed(inputs, previous, select, sink, None)?
            .ok_or_else(|| Diagnostic::general("the site's pages could not be listed").into()),
    }
}

/// [`run`], with the pages and cards of `kept` if given, or listed afresh; `None` when `kept`
/// names one the model does not have.
fn run_listed(
    inputs: &Inputs,
    previous: &Files,
    select: &Select,
    sink: &dyn Sink,
    kept: Option<&Listing>,
) -> Result<Option<Made>, Error> {
    let mut fresh = None;
    let listing: &Listing = match kept {
        Some(listing) => listing,
        None => fresh.insert(Listing::of(inputs)),
    };
    let views = pages::views(inputs);
    let shared = cards::shared(inputs);
    // The pages and cards are made as they are prepared, the rest listed whole.
    let listed = |at: usize| -> Option<Box<dyn Output + '_>> {
        match listing.pages.get(at) {
            Some(&slot) => pages::output(inputs, &views, slot),
            None => cards::output(
                inputs,
                shared.as_ref()?,
                *listing.cards.get(at - listing.pages.len())?,
            ),
        }
    };
    let stable = listing.len();
    let rest: Vec<Box<dyn Output + '_>> = KINDS.iter().flat_map(|kind| kind(inputs)).collect();
    let total = stable + rest.len();
    let missing = AtomicBool::new(false);
    /// A prepared output's path, what it read, and whether the previous build had it.
    type Done = (String, Reads, bool);
    let prepare = |output: &dyn Output| -> Result<Option<Done>, Diagnostic> {
        let path = output.file();
        let (prepared, reads) = reads::recording(|| output.prepare());
        let key = prepared.key;
        let old = previous.get(path);
        if old.is_some_and(|old| old.key == key) {
            return Ok(Some((path.to_string(), reads, true)));
        }
        let (bytes, origin) = prepared.make()?;
        let file = File {
            path: path.to_string(),
            key,
            bytes,
            origin,
        };
        sink.put(file)?;
        Ok(Some((path.to_string(), reads, old.is_some())))
    };
    let results: Vec<Result<Option<Done>, Diagnostic>> = (0..total)
        .into_par_iter()
        .map(|at| {
            // What is not prepared is a file the previous build has (see `Select`).
            if at >= stable {
                let output = &*rest[at - stable];
                if !select.prepares(at, Some(output.file())) {
                    return Ok(None);
                }
                return prepare(output);
            }
            if kept.is_some() && !select.prepares(at, None) {
                return Ok(None);
            }
            let Some(output) = listed(at) else {
                missing.store(true, Ordering::Relaxed);
                return Ok(None);
            };
            if kept.is_none() && !select.prepares(at, Some(output.file())) {
                return Ok(None);
            }
            prepare(&*output)
        })
        .collect();
    if missing.into_inner() {
        return Ok(None);
    }
    let mut errors = Collector::default();
    let mut paths = Vec::new();
    let mut recorded = Vec::with_capacity(total);
    let mut new = 0;
    for r in results {
        match r {
            Ok(Some((path, reads, had))) => {
                new += usize::from(!had);
                recorded.push(Some((path_key(&path), reads)));
                paths.push(path);
            }
            Ok(None) => recorded.push(None),
            Err(d) => errors.push(d),
        }
    }
    // The previous files this run lists are all but the new ones: only when it had more is one
    // gone.
    let mut gone = Vec::new();
    if previous.len() > total - new {
        let stable_paths: Vec<Box<dyn Output + '_>> = (0..stable).filter_map(listed).collect();
        let now: HashSet<&str> = stable_paths.iter().chain(&rest).map(|o| o.file()).collect();
        gone = previous
            .keys()
            .filter(|path| !now.contains(path.as_str()))
            .cloned()
            .collect();
    }
    let made = Made {
        paths,
        gone,
        reads: recorded,
        listing: fresh,
    };
    errors.finish(made).map(Some)
}

/// Keeps `bytes` at `path` in the cache, whole or not at all; whether it did.
fn keep(path: &Path, bytes: &[u8]) -> bool {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let Some(dir) = path.parent() else {
        return false;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let temp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    if std::fs::write(&temp, bytes).is_ok() && std::fs::rename(&temp, path).is_ok() {
        return true;
    }
    let _ = std::fs::remove_file(&temp);
    false
}

/// The key of anything hashable.
pub fn key_of<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = Xxh3::default();
    t.hash(&mut h);
    h.finish()
}

/// Hashes what it is fed in one pass at the end: a context is many small pieces, for which
/// buffering them and hashing once is much cheaper than hashing piece by piece.
#[derive(Default)]
struct Xxh3(Vec<u8>);

impl Hasher for Xxh3 {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}
