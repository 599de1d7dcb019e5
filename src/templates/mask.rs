//! Stage 1: masking the parts of one message that are variable on their own.
//!
//! The message is split on ASCII whitespace; tokens are written back joined by one space. Inside a
//! token the scan works on *chunks* (runs of ASCII letters, digits and `_`) and on the punctuation
//! between them, which is kept, so that `10.0.0.1:80` becomes `<*>.<*>.<*>.<*>:<*>` and the template
//! still shows the shape of the value.
//!
//! What is masked (each replaced by `<*>`):
//! - a chunk that starts with a digit (numbers, `10ms`, `0x1f`, `2nd`), with a leading `-` sign;
//! - a chunk of hex digits with at least one digit and four or more characters (`a716`, `deadbeef0`);
//! - a chunk with three or more digits (`blk_123`, `user1234`, `container_1_2`): what follows its
//!   leading letters is masked (`blk_<*>`);
//! - a path (`/usr/lib/x.so`, `C:\dir\file`) up to the next delimiter, and what follows `://` in a URL;
//! - a host name (three or more dot-separated labels ending in a short alphabetic label:
//!   `mail.example.com`), and an e-mail address;
//! - a quoted string that contains whitespace (`"a b c"` becomes `"<*>"`), so that free text in
//!   quotes does not change the number of tokens;
//! - a month name followed by a masked day, and a weekday name before it (`Sun Jul <*>`).
//!
//! Chunks with one or two digits among letters (`eth0`, `ssh2`, `J12`) are kept: they are more often
//! names than values, and stage 2 masks the position if it varies.

const SIZE_UNITS: [&str; 12] = [
    "B", "KB", "kB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB",
];

/// Generic top-level domains: a dotted name ending in one is a host name.
const GENERIC_TLDS: [&[u8]; 12] = [
    b"com", b"net", b"org", b"edu", b"gov", b"mil", b"int", b"biz", b"info", b"arpa", b"local",
    b"lan",
];
/// Two-letter endings of dotted names that are more often identifiers or file types than
/// country domains.
const NOT_TLDS: [&[u8]; 12] = [
    b"id", b"js", b"py", b"rb", b"sh", b"so", b"md", b"cc", b"hh", b"ts", b"go", b"rs",
];

/// The mask text.
pub const WILD: &str = "<*>";

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Writes the signature of `message` into `out` (cleared first).
pub fn signature(message: &str, out: &mut String) {
    out.clear();
    let b = message.as_bytes();
    let mut i = 0;
    // Start offsets in `out` of the previous two tokens (for dates).
    let mut prev: [Option<usize>; 2] = [None, None];
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        let mut end = i;
        let mut quote_after_eq = false;
        while end < b.len() && !b[end].is_ascii_whitespace() {
            quote_after_eq |= b[end] == b'=' && matches!(b.get(end + 1), Some(b'"' | b'\''));
            end += 1;
        }
        if quote_after_eq {
            // A quoted `key="a b"` value with whitespace inside is one token.
            if let Some(e) = quoted_span(b, start, end) {
                end = end.max(e);
                while end < b.len() && !b[end].is_ascii_whitespace() {
                    end += 1;
                }
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let at = out.len();
        let raw = &message[start..end];
        mask_token(raw, out);
        i = end;
        if let Some(p) = prev[1] {
            let before = &out[p..at - 1];
            let unit = raw.trim_end_matches([',', '.', ';', ')', ']']);
            if is_number_mask(before) && SIZE_UNITS.contains(&unit) {
                // `5.2 KB` is one value.
                out.truncate(at - 1);
                out.push_str(&raw[unit.len()..]);
                continue;
            }
            if before == &out[at..] && before != WILD && before.contains(WILD) {
                // A list of like values (`blk_<*> blk_<*> ...`) is one value.
                out.truncate(at - 1);
                continue;
            }
        }
        if &out[at..] == WILD {
            mask_date_words(out, &mut prev);
        }
        prev = [prev[1], Some(at)];
    }
}

/// `<*>` or `<*>.<*>`: a masked number.
fn is_number_mask(t: &str) -> bool {
    t.starts_with(WILD) && t.split(WILD).all(|p| p.is_empty() || p == "." || p == ",")
}

/// If the token `b[i..end]` holds `key="...` whose closing quote comes later with whitespace
/// inside, returns the index just past the closing quote.
fn quoted_span(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let q =
        (i..end.saturating_sub(1)).find(|&k| b[k] == b'=' && matches!(b[k + 1], b'"' | b'\''))? + 1;
    let quote = b[q];
    if b[q + 1..end].contains(&quote) {
        return None; // closed inside the token
    }
    let close = end + b[end..].iter().position(|&c| c == quote)?;
    let after = close + 1;
    if after < b.len() && b[after].is_ascii_alphanumeric() {
        return None;
    }
    Some(after)
}

/// A month name before a masked day becomes `<*>`, and a weekday name before that month too.
fn mask_date_words(out: &mut String, prev: &mut [Option<usize>; 2]) {
    let Some(p1) = prev[1] else { return };
    let day_at = out.len() - WILD.len() - 1;
    if !MONTHS.contains(&&out[p1..day_at]) {
        return;
    }
    out.replace_range(p1..day_at, WILD);
    if let Some(p0) = prev[0] {
        if WEEKDAYS.contains(&&out[p0..p1 - 1]) {
            out.replace_range(p0..p1 - 1, WILD);
        }
    }
}

/// Characters that end a path, as in the template normalisation used to score parsers.
fn ends_path(c: u8) -> bool {
    c.is_ascii_whitespace()
        || matches!(
            c,
            b',' | b'!'
                | b';'
                | b':'
                | b'='
                | b'|'
                | b'"'
                | b'\''
                | b'['
                | b']'
                | b'('
                | b')'
                | b'{'
                | b'}'
        )
}

fn is_chunk_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Masks one whitespace-free token (or a quoted string with spaces) into `out`.
fn mask_token(tok: &str, out: &mut String) {
    let b = tok.as_bytes();
    // Fast path for the commonest token, a plain word maybe followed by one punctuation mark
    // (`failed`, `connection,`): kept unless it is long enough to be an id. Same result as
    // the scan below, which it skips.
    let word = match b.last() {
        Some(b',' | b':' | b';' | b'.') => &b[..b.len() - 1],
        _ => b,
    };
    if !word.is_empty()
        && word.len() < 40
        && word.iter().all(u8::is_ascii_alphabetic)
        && (word.len() < 8 || word.iter().any(|c| !c.is_ascii_hexdigit()))
    {
        out.push_str(tok);
        return;
    }
    let (mut dot_or_at, mut colon_slash) = (false, false);
    for (k, &c) in b.iter().enumerate() {
        dot_or_at |= matches!(c, b'.' | b'@' | b':');
        colon_slash |= c == b':' && b.get(k + 1) == Some(&b'/');
    }
    // URL: keep the scheme, mask the rest up to closing punctuation.
    if let Some(s) = if colon_slash { find(b, b"://") } else { None } {
        if s > 0 && b[s - 1].is_ascii_alphanumeric() {
            let mut end = b.len();
            while end > s + 3
                && matches!(
                    b[end - 1],
                    b')' | b']' | b'}' | b'>' | b'"' | b'\'' | b',' | b';' | b'.'
                )
            {
                end -= 1;
            }
            mask_token(&tok[..s], out);
            out.push_str("://");
            if end > s + 3 {
                out.push_str(WILD);
            }
            out.push_str(&tok[end..]);
            return;
        }
    }
    if let Some((s, e)) = if dot_or_at { host_or_mail(b) } else { None } {
        out.push_str(&tok[..s]);
        out.push_str(WILD);
        mask_token(&tok[e..], out);
        return;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let boundary = i == 0 || ends_path(b[i - 1]);
        // Unix path.
        if c == b'/' && boundary && i + 1 < b.len() && !ends_path(b[i + 1]) && b[i + 1] != b'/' {
            i = skip_path(b, i);
            out.push_str(WILD);
            continue;
        }
        // Windows path: `C:\`.
        if boundary
            && c.is_ascii_alphabetic()
            && i + 2 < b.len()
            && b[i + 1] == b':'
            && b[i + 2] == b'\\'
        {
            i = skip_path(b, i + 2);
            out.push_str(WILD);
            continue;
        }
        if boundary_chunk(b, i) && is_uuid(&b[i..]) {
            out.push_str(WILD);
            i += 36;
            continue;
        }
        // The value of `key=value`: up to a closing bracket, `,`, `;` or `&`.
        if c == b'=' && i > 0 && is_chunk_byte(b[i - 1]) {
            out.push('=');
            i = mask_value(tok, i + 1, out);
            continue;
        }
        if is_chunk_byte(c)
            || (c == b'-'
                && i + 1 < b.len()
                && b[i + 1].is_ascii_digit()
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric()))
        {
            let start = i;
            i += 1;
            while i < b.len() && is_chunk_byte(b[i]) {
                i += 1;
            }
            mask_chunk(&tok[start..i], out);
            continue;
        }
        // Other punctuation or non-ASCII: copied (whole UTF-8 sequences).
        let start = i;
        i += 1;
        while i < b.len() && !b[i].is_ascii() && (b[i] & 0xC0) == 0x80 {
            i += 1;
        }
        out.push_str(&tok[start..i]);
    }
}

/// Masks the value that starts at `i` (after `=`); returns where it ends.
fn mask_value(tok: &str, i: usize, out: &mut String) -> usize {
    let b = tok.as_bytes();
    if i >= b.len() {
        return i;
    }
    if b[i] == b'"' || b[i] == b'\'' {
        if let Some(len) = b[i + 1..].iter().position(|&c| c == b[i]) {
            out.push(b[i] as char);
            if len > 0 {
                out.push_str(WILD);
            }
            out.push(b[i] as char);
            return i + len + 2;
        }
    }
    let mut depth = 0usize;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => break,
            b')' | b']' | b'}' => depth -= 1,
            b',' | b';' | b'&' | b'|' if depth == 0 => break,
            b'=' if depth == 0 && j == i => break,
            _ => {}
        }
        j += 1;
    }
    // A plain word or number is left to the chunk rules (and to stage 2); a dotted name, a path
    // or an address is one value.
    let value = &b[i..j];
    if !value[0].is_ascii_alphanumeric()
        || !value
            .iter()
            .any(|c| matches!(c, b'.' | b'/' | b'@' | b'\\'))
    {
        return i;
    }
    out.push_str(WILD);
    j
}

fn boundary_chunk(b: &[u8], i: usize) -> bool {
    i == 0 || !is_chunk_byte(b[i - 1])
}

/// `8-4-4-4-12` hex digits, not followed by more letters or digits.
fn is_uuid(b: &[u8]) -> bool {
    if b.len() < 36 || (b.len() > 36 && is_chunk_byte(b[36])) {
        return false;
    }
    b[..36].iter().enumerate().all(|(k, &c)| match k {
        8 | 13 | 18 | 23 => c == b'-',
        _ => c.is_ascii_hexdigit(),
    })
}

fn skip_path(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !ends_path(b[i]) {
        i += 1;
    }
    i
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `a.b.example.com` (three labels or more, the last short and alphabetic) or `user@host.org`.
fn host_or_mail(b: &[u8]) -> Option<(usize, usize)> {
    // Trim surrounding punctuation that is not part of a name.
    let mut s = 0;
    let mut e = b.len();
    while s < e && matches!(b[s], b'(' | b'[' | b'<' | b'"' | b'\'') {
        s += 1;
    }
    while e > s
        && matches!(
            b[e - 1],
            b')' | b']' | b'>' | b'"' | b'\'' | b',' | b';' | b':' | b'.'
        )
    {
        e -= 1;
    }
    // `host:port`: the port is masked by the caller's chunk scan.
    let mut port = e;
    while port > s && b[port - 1].is_ascii_digit() {
        port -= 1;
    }
    let with_port = port < e && port > s + 1 && b[port - 1] == b':';
    if with_port {
        e = port - 1;
    }
    let core = &b[s..e];
    if core.is_empty()
        || !core
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'@' | b'_'))
    {
        return None;
    }
    let at = core.iter().filter(|&&c| c == b'@').count();
    let dots = core.iter().filter(|&&c| c == b'.').count();
    if at > 1 {
        return None;
    }
    if dots == 0 {
        // `db-node-7:5432`: a dash-and-digit name before a port.
        let named = with_port
            && at == 0
            && core.first().is_some_and(|c| c.is_ascii_alphabetic())
            && core.contains(&b'-')
            && core.iter().any(|c| c.is_ascii_digit());
        return named.then_some((s, e));
    }
    let last = core.rsplit(|&c| c == b'.').next().unwrap_or(&[]);
    let tld = match last.len() {
        2 => !NOT_TLDS.contains(&last),
        3 | 4 => GENERIC_TLDS.contains(&last),
        _ => false,
    } && last.iter().all(|c| c.is_ascii_lowercase());
    if !tld || core.split(|&c| c == b'.').any(|l| l.is_empty()) {
        return None;
    }
    (at == 1 || dots >= 2 || with_port).then_some((s, e))
}

/// Masks one chunk (a run of letters, digits and `_`, maybe with a leading `-`).
fn mask_chunk(chunk: &str, out: &mut String) {
    let b = chunk.as_bytes();
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        if b.len() >= 40 || (b.len() >= 8 && b.iter().all(|c| c.is_ascii_hexdigit())) {
            out.push_str(WILD);
        } else {
            out.push_str(chunk);
        }
        return;
    }
    if b[0].is_ascii_digit() || b[0] == b'-' {
        out.push_str(WILD);
        return;
    }
    if b.len() >= 4 && b.iter().all(|c| c.is_ascii_hexdigit()) {
        out.push_str(WILD);
        return;
    }
    if digits >= 3
        || chunk
            .split('_')
            .any(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
    {
        let letters = b.iter().position(|c| c.is_ascii_digit()).unwrap_or(b.len());
        out.push_str(&chunk[..letters]);
        out.push_str(WILD);
        return;
    }
    out.push_str(chunk);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(m: &str) -> String {
        let mut s = String::new();
        signature(m, &mut s);
        s
    }

    #[test]
    fn numbers_addresses_and_ids_are_masked_keeping_punctuation() {
        assert_eq!(sig("took 12 ms"), "took <*> ms");
        assert_eq!(sig("from 10.0.0.1:8080 ok"), "from <*>.<*>.<*>.<*>:<*> ok");
        assert_eq!(
            sig("block blk_-1608999687919862906 done"),
            "block blk_<*> done"
        );
        assert_eq!(
            sig("session 0x14f05578bf8001d closed"),
            "session <*> closed"
        );
        assert_eq!(sig("took 3.5s"), "took <*>.<*>");
        assert_eq!(sig("delta -5"), "delta <*>");
        assert_eq!(sig("stored broadcast_0_piece0"), "stored broadcast_<*>");
        assert_eq!(sig("size 5.2 KB, free 93 B"), "size <*>.<*>, free <*>");
        assert_eq!(sig("delete blk_1 blk_-2 blk_3"), "delete blk_<*>");
    }

    #[test]
    fn short_names_with_digits_are_kept() {
        assert_eq!(sig("link up on eth0 via ssh2"), "link up on eth0 via ssh2");
    }

    #[test]
    fn paths_urls_and_hosts_are_masked() {
        assert_eq!(sig("open /var/log/x.log failed"), "open <*> failed");
        assert_eq!(sig("src: /10.1.2.3:50010"), "src: <*>:<*>");
        assert_eq!(sig("fetch hdfs://nn:9000/a/b"), "fetch hdfs://<*>");
        assert_eq!(sig("from mail.example.com now"), "from <*> now");
        assert_eq!(sig("by bob@example.org"), "by <*>");
        assert_eq!(sig("to www.example.com:443 failed"), "to <*>:<*> failed");
        assert_eq!(sig("to db-node-7:5432"), "to <*>:<*>");
        assert_eq!(sig("I/O error"), "I/O error");
        assert_eq!(sig("use mapreduce.job.id"), "use mapreduce.job.id");
    }

    #[test]
    fn quoted_text_with_spaces_is_one_masked_token() {
        assert_eq!(
            sig("said tag=\"hello big world\" twice"),
            "said tag=\"<*>\" twice"
        );
        assert_eq!(sig("said \"hello world\""), "said \"hello world\"");
        assert_eq!(sig("state 'Active'"), "state 'Active'");
        assert_eq!(sig("can't find it"), "can't find it");
    }

    #[test]
    fn dates_are_masked() {
        assert_eq!(
            sig("at Sun Jul  3 10:05:25 2005"),
            "at <*> <*> <*> <*>:<*>:<*> <*>"
        );
    }

    #[test]
    fn uuid_is_masked() {
        assert_eq!(sig("id 550e8400-e29b-41d4-a716-446655440000"), "id <*>");
    }
}
