//! The text of rendered HTML, as the search index reads it: tags dropped, entities read,
//! blocks on lines of their own.

/// The text of rendered HTML: tags dropped, entities read, blocks separated by newlines.
#[cfg(test)]
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    push_text_of(&mut out, html);
    out
}

/// Appends the text of rendered HTML to `out` (as [`text_of`] has it, trimmed), in one pass
/// and without copying the text again: a body's text is most of what the index keeps.
pub fn push_text_of(out: &mut String, html: &str) {
    let start = out.len();
    out.reserve(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(out, &rest[..lt]);
        let after = &rest[lt..];
        let end = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = &after[..end];
        if is_block(tag) && out.len() > start && !out.ends_with('\n') {
            out.push('\n');
        } else if tag.starts_with("<br") || tag.starts_with("</td") || tag.starts_with("</th") {
            out.push(' ');
        }
        rest = &after[end..];
    }
    push_text(out, rest);
    let text = &out[start..];
    let lead = text.len() - text.trim_start().len();
    out.drain(start..start + lead);
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
}

fn is_block(tag: &str) -> bool {
    const BLOCKS: [&str; 12] = [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "tr",
        "blockquote",
        "figcaption",
    ];
    let name = tag
        .trim_start_matches("</")
        .trim_start_matches('<')
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or("");
    BLOCKS.contains(&name)
}

fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let (c, len) = match after.find(';') {
            Some(semi) if semi <= 10 => (entity(&after[1..semi]), semi + 1),
            _ => (None, 1),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push('&'),
        }
        rest = &after[if c.is_some() { len } else { 1 }..];
    }
    out.push_str(rest);
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
}
