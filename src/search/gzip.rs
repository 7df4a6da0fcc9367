//! The index's files are gzip members, which the client decompresses itself.

/// `bytes` as a gzip member, at the fastest level. Each thread keeps its compressor from one
/// file to the next: making one allocates and clears some 300 kB, which for an index of
/// thousands of small files cost more than compressing them.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
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
