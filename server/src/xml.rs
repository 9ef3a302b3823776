//! Writing XML by hand (the sitemap and the Atom feed): text and attribute
//! values escaped, and characters XML 1.0 cannot carry left out.

/// `text` safe inside an element or a quoted attribute value: `&`, `<`,
/// `>`, `"` and `'` escaped; control characters other than tab, line feed
/// and carriage return, and U+FFFE/U+FFFF (which no XML 1.0 document may
/// contain) dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// `segment` fit for one path segment of a URL: every byte but the
/// unreserved ones (RFC 3986: letters, digits, `-`, `.`, `_`, `~`)
/// percent-encoded, so a slug cannot break out of its segment.
pub fn path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether XML 1.0 allows `c` (the `Char` production).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::{escape, path_segment};

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("A&B <c> \"d\" 'e'"), "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;");
        assert_eq!(escape("bell\u{7}\u{0}tab\tnl\n\u{FFFF}"), "belltab\tnl\n");
        assert_eq!(escape("§ 552(a) — café 🚀"), "§ 552(a) — café 🚀");
        assert_eq!(escape("&amp;"), "&amp;amp;", "already-escaped text is escaped again");
    }

    #[test]
    fn path_segments_keep_slugs_and_encode_the_rest() {
        assert_eq!(path_segment("usc-5-552-a-6-a-i"), "usc-5-552-a-6-a-i");
        assert_eq!(path_segment("a b/c?d&é"), "a%20b%2Fc%3Fd%26%C3%A9");
    }
}
