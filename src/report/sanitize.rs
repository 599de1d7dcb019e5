//! Turning log bytes into text that is safe to show.
//!
//! Log lines can hold terminal escape sequences, other control characters and invalid UTF-8.
//! What reaches a person is made visible instead of acted on: control characters become
//! `\x1b`-style escapes and invalid UTF-8 becomes U+FFFD.

/// Log text for a person: lossy UTF-8, control characters and bidi overrides escaped, cut at
/// `max` characters with an ellipsis.
pub fn for_display(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len().min(max + 8));
    for (n, c) in text.chars().enumerate() {
        if n >= max {
            out.push('…');
            break;
        }
        match c {
            '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => {
                let v = c as u32;
                if v <= 0xff {
                    out.push_str(&format!("\\x{v:02x}"));
                } else {
                    out.push_str(&format!("\\u{{{v:04x}}}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Text already decoded (a title or sentence built around log text) with its control and bidi
/// characters made visible as [`for_display`] does; line ends and tabs are kept (each format
/// has its own way with them), nothing is cut.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden =
        |c: char| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_bidi_control(c);
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            let v = c as u32;
            if v <= 0xff {
                out.push_str(&format!("\\x{v:02x}"));
            } else {
                out.push_str(&format!("\\u{{{v:04x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters that reorder how text around them is shown ("Trojan Source").
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Log text for a data format (JSON strings): lossy UTF-8, nothing else changed.
pub fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Bytes as text for analysis: borrowed when they are valid UTF-8 (the usual case, checked
/// with the standard library's fast ASCII path), lossy otherwise.
pub fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_made_visible() {
        assert_eq!(
            for_display(b"red \x1b[31mtext\x07", 100),
            "red \\x1b[31mtext\\x07"
        );
        assert_eq!(for_display("a\u{202e}b".as_bytes(), 100), "a\\u{202e}b");
    }

    #[test]
    fn visible_keeps_newlines_and_shows_the_rest() {
        assert_eq!(visible("a\nb\tc"), "a\nb\tc");
        assert_eq!(
            visible("\u{1b}]0;t\u{7} \u{9b} \0 \r \u{2066}"),
            "\\x1b]0;t\\x07 \\x9b \\x00 \r \\u{2066}"
        );
    }

    #[test]
    fn invalid_utf8_and_long_text() {
        assert_eq!(for_display(b"ok \xff", 100), "ok \u{fffd}");
        assert_eq!(for_display(b"abcdef", 3), "abc…");
    }
}
