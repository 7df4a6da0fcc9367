//! Text checked as UTF-8 with SIMD. A build reads every source, and every body's HTML back from
//! its scratch file, whole; std's check goes byte by byte outside ASCII, which made it a tenth
//! of the time spent reading Arabic.

use std::string::FromUtf8Error;

/// `bytes` as a `String`, or std's error (which says where the text stops being UTF-8).
pub fn string(bytes: Vec<u8>) -> Result<String, FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return String::from_utf8(bytes);
    }
    // SAFETY: the bytes were checked to be UTF-8 just above.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_taken_whole_and_broken_text_is_refused_where_it_breaks() {
        let arabic = "الإحالات إلى المركز الوطني ".repeat(400);
        assert_eq!(super::string(arabic.clone().into_bytes()).unwrap(), arabic);
        for cut in [1, 7, 4_001] {
            let mut broken = arabic.clone().into_bytes();
            // The second byte of a two-byte letter, alone.
            let at = (cut..).find(|&i| broken[i] & 0xc0 == 0x80).unwrap();
            broken.insert(at - 1, 0x80);
            let e = super::string(broken).unwrap_err();
            assert_eq!(e.utf8_error().valid_up_to(), at - 1);
        }
    }
}
