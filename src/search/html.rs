//! The text of rendered HTML, as the search index reads it: tags dropped, entities read,
//! blocks on lines of their own.

/// The text of rendered HTML: tags dropped, entities read, blocks separated by newlines.
#[cfg(test)]
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    push_text_of(&mut out, html);
    out
}

/// Appends the text of rendered HTML to `out` (tags dropped, entities read, blocks apart,
/// trimmed), in one pass and without copying the text again: a body's text is most of what the
/// index keeps.
pub fn push_text_of(out: &mut String, html: &str) {
    let start = out.len();
    out.reserve(html.len());
    let bytes = html.as_bytes();
    let mut at = 0;
    // Each step copies the text up to the next tag or entity, then reads that.
    while let Some(i) = memchr::memchr2(b'<', b'&', &bytes[at..]) {
        let i = at + i;
        out.push_str(&html[at..i]);
        if bytes[i] == b'&' {
            let after = &html[i..];
            let read = after
                .find(';')
                .filter(|&semi| semi <= 10)
                .and_then(|semi| Some((entity(&after[1..semi])?, semi + 1)));
            let (c, len) = read.unwrap_or(('&', 1));
            out.push(c);
            at = i + len;
            continue;
        }
        let end = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |j| i + j + 1);
        let tag = &bytes[i..end];
        if is_block(tag) {
            if out.len() > start && !out.ends_with('\n') {
                out.push('\n');
            }
        } else if tag.starts_with(b"<br") || tag.starts_with(b"</td") || tag.starts_with(b"</th") {
            out.push(' ');
        }
        at = end;
    }
    out.push_str(&html[at..]);
    let text = &out[start..];
    let lead = text.len() - text.trim_start().len();
    out.drain(start..start + lead);
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
}

/// Whether `tag` (`<p class="x">`, `</li>`) opens or closes a block that stands on its lines.
fn is_block(tag: &[u8]) -> bool {
    const BLOCKS: [&[u8]; 12] = [
        b"p",
        b"li",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"pre",
        b"tr",
        b"blockquote",
        b"figcaption",
    ];
    let name = tag.strip_prefix(b"<").unwrap_or(tag);
    let name = name.strip_prefix(b"/").unwrap_or(name);
    let len = name
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        .unwrap_or(name.len());
    BLOCKS.contains(&&name[..len])
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text_with_entities_read_and_blocks_apart() {
        let t = text_of(
            "<h2 id=\"a\">Title &amp; more</h2><p>One&nbsp;two <b>three</b></p><p>x &lt; y &#x41;</p>",
        );
        assert_eq!(t, "Title & more\nOne\u{a0}two three\nx < y A");
    }

    #[test]
    fn what_is_not_an_entity_or_a_block_stays_text() {
        let t = text_of(
            "  <div><span>a &amp b &toolongtobeanentity; c&#;</span><br>d</div><table><tr><td>1</td><td>2</td></tr></table> ",
        );
        assert_eq!(t, "a &amp b &toolongtobeanentity; c&#; d\n1 2");
    }
}
