//! The search index, per language (see [`crate::search::index`] for its files), when the site
//! has search. Its files are keyed by their text, so an edit rewrites only the shards and text
//! chunks it changes; each document's analysis is kept between builds in `serve`.

use rayon::prelude::*;

use super::{Inputs, Output, Prepared, key_of};
use crate::error::Diagnostic;
use crate::search::analyze::Analyzer;
use crate::search::index::{self, Doc};
use crate::site::{Site, Version};

pub fn outputs<'a>(inputs: &'a Inputs<'a>) -> Vec<Box<dyn Output + 'a>> {
    let site = inputs.site;
    if !site.config.search {
        return Vec::new();
    }
    let langs = &site.config.languages;
    let per_language: Vec<Vec<IndexOutput<'a>>> = (0..langs.len())
        .into_par_iter()
        .map(|li| {
            let l = &langs[li];
            let analyzer = Analyzer::new(&l.code);
            let docs = docs(site, li);
            let analysed = inputs.search.analyse(&l.code, &analyzer, &docs);
            let files = index::files(inputs.search, &l.code, l.dir.as_str(), &docs, &analysed);
            let dir = format!("assets/search/{}", l.code);
            let mut out = vec![IndexOutput::File(IndexFile {
                path: format!("{dir}/meta.json"),
                text: files.meta,
                gzip: false,
            })];
            for (n, shard) in files.shards.into_iter().enumerate() {
                let path = format!("{dir}/shard-{n}.json.gz");
                out.push(IndexOutput::Shard(ShardFile { path, shard }));
            }
            let mut docs = docs.into_iter();
            let size = index::chunk_size(analysed.len());
            for (c, analysed) in analysed.chunks(size).enumerate() {
                let docs: Vec<Doc> = docs.by_ref().take(analysed.len()).collect();
                out.push(IndexOutput::Chunk(ChunkFile {
                    path: format!("{dir}/text-{c}.json.gz"),
                    docs,
                    analysed: analysed.to_vec(),
                }));
            }
            out
        })
        .collect();
    per_language
        .into_iter()
        .flatten()
        .map(|f| match f {
            IndexOutput::File(f) => Box::new(f) as Box<dyn Output + 'a>,
            IndexOutput::Shard(s) => Box::new(s),
            IndexOutput::Chunk(c) => Box::new(c),
        })
        .collect()
}

/// The documents of language `li` in the index's order: articles (newest first), topics, pages.
fn docs(site: &Site, li: usize) -> Vec<Doc<'_>> {
    fn doc<'a, M>(
        v: &'a Version<M>,
        kind: &'static str,
        title: &'a str,
        summary: Option<&'a str>,
        extras: Vec<&'a str>,
    ) -> Doc<'a> {
        let headings: Vec<&str> = v.body.headings.iter().map(|h| h.text.as_str()).collect();
        let key = key_of(&(
            &v.address.url,
            kind,
            title,
            summary,
            &headings,
            &extras,
            v.html_hash,
        ));
        Doc {
            url: &v.address.url,
            title,
            kind,
            summary,
            headings,
            extras,
            html: &v.body.html,
            key,
        }
    }
    let mut docs = Vec::new();
    for a in &site.articles {
        if let Some(v) = &a.entry.versions[li] {
            let m = &v.doc.meta;
            let mut extras: Vec<&str> = vec![&m.source.name];
            for f in &m.figures {
                extras.push(&f.value);
                extras.push(&f.label);
            }
            docs.push(doc(v, "article", &m.title, Some(&m.summary), extras));
        }
    }
    for t in &site.topics {
        if let Some(v) = &t.entry.versions[li] {
            let m = &v.doc.meta;
            docs.push(doc(v, "topic", &m.title, Some(&m.summary), Vec::new()));
        }
    }
    for p in &site.free_pages {
        if let Some(v) = &p.versions[li] {
            let m = &v.doc.meta;
            docs.push(doc(v, "page", &m.title, m.summary.as_deref(), Vec::new()));
        }
    }
    docs
}

enum IndexOutput<'a> {
    File(IndexFile),
    Shard(ShardFile),
    Chunk(ChunkFile<'a>),
}

/// A shard, keyed by its stems, forms and postings.
struct ShardFile {
    path: String,
    shard: std::sync::Arc<index::Shard>,
}

impl Output for ShardFile {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        Prepared::new(key_of(&(&self.path, self.shard.key)), move || {
            gzipped(&self.path, self.shard.json())
        })
    }
}

/// A text chunk: keyed by its documents' keys, which cover all that its text is made from, so
/// that a rebuild in `serve` makes the text of the chunks that changed only.
struct ChunkFile<'a> {
    path: String,
    docs: Vec<Doc<'a>>,
    analysed: Vec<std::sync::Arc<index::Analysed>>,
}

impl Output for ChunkFile<'_> {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        let keys: Vec<u64> = self.docs.iter().map(|d| d.key).collect();
        Prepared::new(key_of(&(&self.path, keys)), move || {
            let refs: Vec<&Doc> = self.docs.iter().collect();
            gzipped(&self.path, index::chunk(&refs, &self.analysed).as_bytes())
        })
    }
}

/// A file of the index: its text, gzipped when `gzip` (at the fastest level: the index is
/// made on every build, and its text compresses well at any level).
struct IndexFile {
    path: String,
    text: String,
    gzip: bool,
}

impl Output for IndexFile {
    fn file(&self) -> &str {
        &self.path
    }

    fn prepare(&self) -> Prepared<'_> {
        let content = xxhash_rust::xxh3::xxh3_64(self.text.as_bytes());
        Prepared::new(key_of(&(&self.path, content, self.gzip)), move || {
            if !self.gzip {
                return Ok(self.text.as_bytes().to_vec().into());
            }
            gzipped(&self.path, self.text.as_bytes())
        })
    }
}

/// `text` gzipped, as the bytes of the file at `path`.
fn gzipped(path: &str, text: &[u8]) -> Result<super::Bytes, Diagnostic> {
    gzip(text)
        .map(Into::into)
        .map_err(|e| Diagnostic::general(format!("compressing {path}: {e}")))
}

/// `bytes` as a gzip member, at the fastest level. Each thread keeps its compressor from one
/// file to the next: making one allocates and clears some 300 kB, which for an index of
/// thousands of small files cost more than compressing them.
fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static DEFLATE: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), false));
    }
    // The header: no name or time, "fastest", unknown system (as flate2's `GzEncoder` has it).
    let mut out = Vec::with_capacity(bytes.len() / 3 + 64);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);
    DEFLATE.with(|d| {
        let mut d = d.borrow_mut();
        d.reset();
        let start = d.total_in();
        loop {
            let read = (d.total_in() - start) as usize;
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity() / 2 + 64);
            }
            let status = d
                .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
                .map_err(std::io::Error::other)?;
            if status == Status::StreamEnd {
                return Ok::<(), std::io::Error>(());
            }
        }
    })?;
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn gzip_members_read_back_whole() {
        let arabic = "الإحالات ".repeat(20_000);
        let noise: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let texts: [&[u8]; 4] = [b"", b"{\"v\":1}", arabic.as_bytes(), &noise];
        // The second round uses each thread's compressor again.
        for _ in 0..2 {
            for text in texts {
                let ours = super::gzip(text).unwrap();
                let mut back = Vec::new();
                flate2::read::GzDecoder::new(&ours[..])
                    .read_to_end(&mut back)
                    .unwrap();
                assert_eq!(back, text, "{} bytes", text.len());
            }
        }
    }
}
