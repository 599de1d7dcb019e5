//! The masker as it was before its rewrite for speed, kept unchanged (test-only) as the
//! judge: the property tests in `mask.rs` compare the current masker with this one on
//! generated and real messages. Do not change it to make a test pass.
#![allow(dead_code)]

/// The placeholder written for a variable part.
pub const WILDCARD: &str = "<*>";

/// Writes the masked form of `message` into `out` (cleared first).
pub fn signature(message: &str, out: &mut String) {
    MEMO.with(|memo| signature_with(message, out, &mut memo.borrow_mut()));
}

fn signature_with(message: &str, out: &mut String, memo: &mut Memo) {
    out.clear();
    let mut tokens = message.split_ascii_whitespace();
    while let Some(token) = tokens.next() {
        if let Some(rest) = out.ends_with(WILDCARD).then(|| size_unit(token)).flatten() {
            // `5.2 KB`: the unit belongs to the masked number before it.
            out.push_str(rest);
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if is_calendar_word(token) {
            if let Some((skip, time)) = date_after(tokens.clone()) {
                // `Sun Jul 3 10:05:25 2005` is one value, written as its clock time.
                let mut rest = tokens.clone().skip(skip);
                for _ in 0..skip {
                    tokens.next();
                }
                match time {
                    Some(time) => {
                        tokens.next();
                        mask_token(time, out, memo);
                        if rest.nth(1).is_some_and(is_year) {
                            tokens.next();
                        }
                    }
                    None => push_wildcard(out),
                }
                continue;
            }
        }
        mask_token(token, out, memo);
    }
}

/// After a day or month name: how many more date words and day numbers follow, and the clock
/// time after them, if any. `None` when no number follows (`May I`).
fn date_after<'a>(mut rest: impl Iterator<Item = &'a str>) -> Option<(usize, Option<&'a str>)> {
    let mut skip = 0;
    let mut day = false;
    for t in rest.by_ref() {
        if !day && is_calendar_word(t) {
            skip += 1;
        } else if !day
            && t.len() <= 3
            && t.trim_end_matches(',').bytes().all(|c| c.is_ascii_digit())
        {
            day = true;
            skip += 1;
        } else if is_clock(t) {
            return Some((skip, Some(t)));
        } else {
            break;
        }
    }
    day.then_some((skip, None))
}

/// `10:05:25`, `10:05`, `10:05:25.123`.
fn is_clock(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 4
        && b[0].is_ascii_digit()
        && b.contains(&b':')
        && b.iter()
            .all(|&c| c.is_ascii_digit() || c == b':' || c == b'.' || c == b',')
}

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.bytes().all(|c| c.is_ascii_digit())
}

/// When `token` is a unit of size (`KB`, `MiB` ...) with maybe closing punctuation, that
/// punctuation.
fn size_unit(token: &str) -> Option<&str> {
    const UNITS: [&str; 11] = [
        "B", "kB", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB",
    ];
    let cut = token
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(token.len());
    let (unit, rest) = token.split_at(cut);
    (UNITS.contains(&unit) && rest.bytes().all(|c| c.is_ascii_punctuation())).then_some(rest)
}

/// English day and month names, abbreviated or not, with an optional trailing comma.
fn is_calendar_word(t: &str) -> bool {
    const NAMES: [&str; 19] = [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = t.strip_suffix(',').unwrap_or(t);
    if t.len() < 3 || !t.as_bytes()[0].is_ascii_uppercase() {
        return false;
    }
    // (`get`: the third byte may be inside a character, as in `Stück`.)
    let Some(head) = t.get(..3) else {
        return false;
    };
    NAMES.contains(&head)
        && (t.len() == 3 || {
            const FULL: [&str; 19] = [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            FULL.contains(&t)
        })
}

fn mask_token(token: &str, out: &mut String, memo: &mut Memo) {
    let b = token.as_bytes();
    // Fast path: without a digit or a slash, only a random-looking run of letters (sixteen or
    // more) or a UUID of hex letters (36 bytes with dashes) can be masked.
    if !b.iter().any(|&c| c.is_ascii_digit() || c == b'/')
        && (b.len() < RANDOM_MIN || !might_mask_without_digits(b))
    {
        out.push_str(token);
        return;
    }
    if b.iter().all(u8::is_ascii_digit) {
        // A number: one segment that starts with a digit.
        push_wildcard(out);
        return;
    }
    if token.len() > MEMO_MAX_TOKEN {
        mask_whole(token, out);
        return;
    }
    let hash = {
        use std::hash::{BuildHasher, Hasher};
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        h.write(b);
        h.finish()
    };
    let slot = &mut memo[(hash >> 52) as usize % MEMO_SLOTS];
    if slot.hash == hash && slot.token == token {
        out.push_str(&slot.masked);
        return;
    }
    // What a token masks to does not depend on what came before it: `out` ends with a space
    // here, or is empty.
    let start = out.len();
    mask_whole(token, out);
    slot.hash = hash;
    slot.token.clear();
    slot.token.push_str(token);
    slot.masked.clear();
    slot.masked.push_str(&out[start..]);
}

/// Tokens longer than this are masked afresh every time.
const MEMO_MAX_TOKEN: usize = 64;
/// Slots of the per-thread memo of masked tokens.
const MEMO_SLOTS: usize = 4096;

/// One slot of the memo: a token and what it masks to.
#[derive(Default)]
struct MemoSlot {
    hash: u64,
    token: String,
    masked: String,
}

type Memo = Vec<MemoSlot>;

thread_local! {
    /// The masked forms of tokens seen last, by hash: in a log most tokens with digits or
    /// slashes repeat (`HTTP/1.1`, `Mozilla/5.0`, `eth0:`), and a repeat costs a hash and a
    /// comparison instead of a scan. Direct-mapped, so bounded and without allocation once warm.
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(new_memo());
}

fn new_memo() -> Memo {
    std::iter::repeat_with(MemoSlot::default)
        .take(MEMO_SLOTS)
        .collect()
}

/// [`mask_token`] without its fast path.
fn mask_whole(token: &str, out: &mut String) {
    let b = token.as_bytes();
    if is_random_token(b) {
        push_wildcard(out);
        return;
    }
    // URL: keep `scheme://`, mask what follows up to a closing bracket, quote or comma.
    if let Some(at) = scheme_separator(b) {
        let scheme_start = b[..at]
            .iter()
            .rposition(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'-')))
            .map_or(0, |i| i + 1);
        if scheme_start < at {
            mask_plain(&token[..scheme_start], out);
            out.push_str(&token[scheme_start..at + 3]);
            let rest = &b[at + 3..];
            let end = rest
                .iter()
                .position(|c| matches!(c, b']' | b')' | b'"' | b'\'' | b',' | b'>' | b'}'))
                .unwrap_or(rest.len());
            // Punctuation that ends the token ends the sentence, not the address.
            let end = end
                - rest[..end]
                    .iter()
                    .rev()
                    .take_while(|c| matches!(c, b':' | b'.' | b';' | b','))
                    .count();
            let rest_text = &token[at + 3..at + 3 + end];
            if !rest.iter().take(end).any(u8::is_ascii_digit) {
                // No number in it: a fixed address (a documentation link), kept.
                out.push_str(rest_text);
            } else if rest_text.contains(['/', '@']) {
                push_wildcard(out);
            } else {
                mask_plain(rest_text, out);
            }
            mask_plain(&token[at + 3 + end..], out);
            return;
        }
    }
    mask_plain(token, out);
}

/// Whether a token without digits or slashes holds what [`mask_token`] could still mask: a
/// base64-like random token, a run of sixteen segment bytes or more (a random id), or 36 bytes
/// and a dash (a UUID).
fn might_mask_without_digits(b: &[u8]) -> bool {
    if b.len() >= 36 && b.contains(&b'-') || is_random_token(b) {
        return true;
    }
    let mut run = 0;
    for &c in b {
        run = if is_seg(c) { run + 1 } else { 0 };
        if run >= RANDOM_MIN {
            return true;
        }
    }
    false
}

/// Where `://` is in `b`. (A short token is searched faster for its `:` than by a substring
/// searcher, whose set-up costs more than the search.)
fn scheme_separator(b: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = memchr::memchr(b':', &b[from..]) {
        let at = from + p;
        if b[at + 1..].starts_with(b"//") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Masks paths and id-like segments of a token that holds no URL.
fn mask_plain(token: &str, out: &mut String) {
    let b = token.as_bytes();
    let mut i = 0;
    // No dotted name starts before this (see `numbered_name_at`).
    let mut no_name_before = 0;
    while i < b.len() {
        let c = b[i];
        // An absolute path: `/` at a piece start, with another `/` later in the piece.
        if c == b'/' && (i == 0 || is_path_delim(b[i - 1])) {
            let end = b[i..]
                .iter()
                .position(|&x| is_path_delim(x))
                .map_or(b.len(), |e| i + e);
            let piece = &b[i..end];
            if piece.len() > 2 && piece[1] != b'/' && piece[1..].contains(&b'/') {
                push_wildcard(out);
                // A query string goes with its path.
                i = if piece.contains(&b'?') { b.len() } else { end };
                continue;
            }
        }
        if is_seg(c) || (c == b'-' && starts_signed_number(b, i)) {
            let name = || {
                if i < no_name_before {
                    return None;
                }
                match numbered_name_at(&b[i..]) {
                    Ok(len) => Some(len),
                    Err(until) => {
                        no_name_before = until.map_or(0, |e| i + e);
                        None
                    }
                }
            };
            if let Some(len) = uuid_at(&b[i..]).or_else(|| ipv6_at(&b[i..])).or_else(name) {
                push_wildcard(out);
                i += len;
                continue;
            }
            let start = i;
            i += 1;
            // A `-` right after `_` and before a digit is a sign inside the id (`blk_-42`).
            while i < b.len()
                && (is_seg(b[i])
                    || b[i] == b'-'
                        && b[i - 1] == b'_'
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                i += 1;
            }
            let seg = &b[start..i];
            if is_variable_segment(seg) {
                push_wildcard(out);
            } else {
                out.push_str(&token[start..i]);
            }
            continue;
        }
        // Copy one character (whole UTF-8 sequence) of punctuation.
        let len = utf8_len(c);
        out.push_str(&token[i..(i + len).min(b.len())]);
        i += len;
    }
}

/// Appends `<*>`, folding `<*>.<*>` into one wildcard.
fn push_wildcard(out: &mut String) {
    if out.ends_with("<*>.") {
        out.pop();
    } else if !out.ends_with(WILDCARD) {
        out.push_str(WILDCARD);
    }
}

fn is_seg(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// A `-` that starts a segment and is followed by a digit: a minus sign.
fn starts_signed_number(b: &[u8], i: usize) -> bool {
    b.get(i + 1).is_some_and(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
}

fn is_path_delim(c: u8) -> bool {
    matches!(
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

fn is_variable_segment(seg: &[u8]) -> bool {
    let body = if seg[0] == b'-' { &seg[1..] } else { seg };
    // Leading underscores do not make a number a name (`__42`).
    let body = &body[body.iter().take_while(|&&c| c == b'_').count()..];
    if body.is_empty() {
        return false;
    }
    let digits = body.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return looks_random(body);
    }
    if body[0].is_ascii_digit() || digits >= 3 {
        return true;
    }
    if body.len() >= 4 && body.iter().all(u8::is_ascii_hexdigit) {
        return true;
    }
    // Long mixes of letters and digits read as random ids.
    body.len() >= 10
}

/// The shortest run of letters that can be read as random (see [`looks_random`]).
const RANDOM_MIN: usize = 16;

/// A long run of letters that mixes cases the way random ids do (`qXaZpLmRtYbNcVwE`): a
/// quarter or more of each case, and runs of lower-case letters of two and a half on average
/// (the words in `CamelCaseNames` are longer).
fn looks_random(seg: &[u8]) -> bool {
    if seg.len() < RANDOM_MIN {
        return false;
    }
    let letters = seg.iter().filter(|c| c.is_ascii_alphabetic()).count();
    let upper = seg.iter().filter(|c| c.is_ascii_uppercase()).count();
    let (mut run, mut longest, mut runs) = (0, 0, 0);
    for c in seg {
        if c.is_ascii_lowercase() {
            run += 1;
            runs += usize::from(run == 1);
        } else {
            run = 0;
        }
        longest = longest.max(run);
    }
    let lower = seg.iter().filter(|c| c.is_ascii_lowercase()).count();
    letters * 2 >= seg.len()
        && upper * 4 >= letters
        && upper * 4 <= letters * 3
        && longest <= 6
        && lower * 2 <= runs * 5
}

/// A base64-like token (letters, digits, `+`, `/`, `=`) that reads as random.
fn is_random_token(b: &[u8]) -> bool {
    let body = &b[..b.len() - b.iter().rev().take_while(|&&c| c == b'=').count()];
    body.len() >= RANDOM_MIN
        && body
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/'))
        && looks_random(body)
}

/// The length of a UUID (8-4-4-4-12 hex digits) at the start of `b`, if one is there.
fn uuid_at(b: &[u8]) -> Option<usize> {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    if b.len() < 36 || b[8] != b'-' {
        return None;
    }
    let mut i = 0;
    for (g, &n) in GROUPS.iter().enumerate() {
        if !b[i..i + n].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        i += n;
        if g < 4 {
            if b[i] != b'-' {
                return None;
            }
            i += 1;
        }
    }
    if b.get(36).is_some_and(|c| is_seg(*c)) {
        return None;
    }
    Some(36)
}

/// The length of an IPv6 address (four or more hex groups joined by `:`) at the start of `b`.
/// Clock times (`10:05:25`) are not taken: a group must hold a hex letter, or there must be six.
fn ipv6_at(b: &[u8]) -> Option<usize> {
    if !b.iter().skip(1).take(4).any(|&c| c == b':') {
        return None;
    }
    let (mut i, mut groups, mut letters, mut digits) = (0, 0, false, false);
    loop {
        let start = i;
        while i < b.len() && i - start < 4 && b[i].is_ascii_hexdigit() {
            letters |= b[i].is_ascii_alphabetic();
            digits |= b[i].is_ascii_digit();
            i += 1;
        }
        if i > start {
            groups += 1;
        }
        if i < b.len()
            && b[i] == b':'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_hexdigit() || *c == b':')
        {
            i += 1;
            if b[i] == b':' {
                i += 1;
            }
            continue;
        }
        break;
    }
    let ok =
        groups >= 4 && digits && (letters || groups >= 6) && !b.get(i).is_some_and(|c| is_seg(*c));
    ok.then_some(i)
}

/// The length of a dotted name with a number in it (`host-10-1-2-3.example.net`, `lib-1.2.3`)
/// at the start of `b`: two dots or more, a letter, and a segment that reads as a number or id.
///
/// `Err(Some(end))` says that no name starts before `b[end]` either: the run has too few joints
/// or no letter, and a later start in it only has fewer. `Err(None)`: maybe a later start does.
fn numbered_name_at(b: &[u8]) -> Result<usize, Option<usize>> {
    let end = b
        .iter()
        .position(|&c| !(is_seg(c) || c == b'.' || c == b'-'))
        .unwrap_or(b.len());
    let run = &b[..end];
    let run = run.strip_suffix(b".").unwrap_or(run);
    let joints = run.iter().filter(|&&c| c == b'.' || c == b'-').count();
    if joints < 2 || !run.iter().any(u8::is_ascii_alphabetic) {
        return Err(Some(end));
    }
    if run.windows(2).any(|w| w == b"..") {
        return Err(None);
    }
    let numbered = run
        .split(|&c| c == b'.' || c == b'-')
        .any(|seg| !seg.is_empty() && is_variable_segment(seg));
    if numbered {
        Ok(run.len())
    } else {
        // A later start in the run has a subset of these segments: none of them is variable.
        Err(Some(end))
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}
