//! JSON written by hand for the index's files, which are most of the index's cost to make:
//! strings and numbers only, as serde_json writes them, at a fraction of the cost per byte.

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `"` and `\`, and the control
/// characters (`\n`, `\t`… or `\u00XX`). Everything else, Arabic included, is copied as it is,
/// a run at a time.
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(i) = next_escaped(bytes, at) {
        out.extend_from_slice(&bytes[at..i]);
        let b = bytes[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
        at = i + 1;
    }
    out.extend_from_slice(&bytes[at..]);
    out.push(b'"');
}

/// Whether byte `b` is escaped in a JSON string.
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The first byte from `at` on that is [`escaped`]. Text is read eight bytes at a step: a word
/// with none of them (nearly every word of a text) costs a few instructions.
fn next_escaped(bytes: &[u8], mut at: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of each byte of the result is set where that byte is below `n` (or, past a byte
    // that is, possibly where it is not: such a step is read again byte by byte).
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    while let Some(step) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(step);
        let x = u64::from_le_bytes(word);
        let hits = below(x, 0x20) | below(x ^ (ONES * 0x22), 1) | below(x ^ (ONES * 0x5c), 1);
        if hits != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..].iter().position(|&b| escaped(b)).map(|i| at + i)
}

/// Appends `n` in decimal: the postings are most of a shard, and `write!` costs several times
/// as much per number.
pub fn push_number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn strings_are_written_as_serde_json_writes_them(s in "(?s).{0,80}", t in "[\u{0}-\u{7f}]{0,40}") {
            for s in [&s, &t] {
                let mut ours = Vec::new();
                super::push_str(&mut ours, s);
                prop_assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(s).unwrap());
            }
        }

        #[test]
        fn numbers_are_written_in_decimal(n in any::<u32>()) {
            let mut ours = Vec::new();
            super::push_number(&mut ours, n);
            prop_assert_eq!(ours, n.to_string().into_bytes());
        }
    }

    #[test]
    fn arabic_and_controls() {
        let mut ours = Vec::new();
        super::push_str(&mut ours, "الإحالات \"x\"\n\u{1}\\");
        assert_eq!(ours, "\"الإحالات \\\"x\\\"\\n\\u0001\\\\\"".as_bytes());
    }
}
