//! Stage 1: masking the parts of one message that are variable on their own.
//!
//! A hand-written byte scanner (no regular expressions, no allocation beyond the output buffer
//! and the per-thread memos). Whitespace runs become one space. Across tokens:
//!
//! * a date with its clock time (`Sun Jul  3 10:05:25 2005`) becomes the masked time `<*>:<*>:<*>`,
//!   a date without one (`Jul 3`) one `<*>`;
//! * a unit of size after a masked number joins it (`5.2 KB` is one `<*>`).
//!
//! Within a token:
//!
//! * a URL (`scheme://rest`) keeps its scheme; the rest is kept when it holds no digit (a fixed
//!   link), masked whole when it has a path or user part, else masked like any text;
//! * an absolute path with two components or more (`/a/b`, with its query string) is one `<*>`;
//! * a long base64-like token that mixes cases at random is one `<*>`;
//! * otherwise the token is cut into *segments*, the runs of letters, digits and `_` (a `-` after
//!   `_` or at a segment start and before a digit is a sign and belongs to the segment), and every
//!   segment that reads as a number or an id is replaced by `<*>`. Punctuation between segments is
//!   kept, so `10.0.0.1:8080` becomes `<*>:<*>` and `node-17` becomes `node-<*>`; masked segments
//!   joined by a `.` fold into one (`1.5` and `10.0.0.1` are one `<*>`). UUIDs, IPv6 addresses and
//!   dotted or hyphenated names with a number in them (`host-10-1-2-3.example.net`) are one `<*>`.
//!
//! A segment counts as variable when it starts with a digit (after leading `_`), is hexadecimal
//! with a digit (four characters or more), holds three digits or more, or is ten characters or
//! more and holds a digit. Names with a short number in them (`ssh2`, `eth0`, `IPv6`) are kept.
//!
//! How it is kept cheap (the rules above are the whole contract; a test-only copy of the first,
//! plainer implementation is the judge in the property tests): tokens are found 8 bytes at a
//! time, with masks of a word's whitespace and digits; a token without a digit or a slash is
//! kept as it is (unless it is long enough to be random), and kept words with the single spaces
//! between them are copied in one piece. A token with a digit or a slash is looked up in a
//! per-thread memo of masked tokens, and else masked in one pass that reads each byte's class
//! from a table and probes for a UUID, an IPv6 address or a numbered name only where the
//! token's bytes allow one. Short messages are remembered whole too, as many repeat. Both memos
//! are keyed by the text with its digits made `0`: the rules look at whether a byte is a digit,
//! never at which digit it is, so `took 12 ms` and `took 47 ms` mask alike, and what one masks to
//! is remembered for all such texts when it keeps no digit (else for the text itself only).

/// The placeholder written for a variable part.
pub const WILDCARD: &str = "<*>";

// Classes of bytes, looked up in `CLASS`: one look at a byte answers every question the
// masker asks of it, and the classes of a token's bytes or'ed together say which of the
// costlier probes can match anywhere in it.
/// ASCII whitespace, where `str::split_ascii_whitespace` splits.
const WS: u16 = 1;
const DIGIT: u16 = 1 << 1;
/// Punctuation that ends a path (see `is_path_delim`).
const PATH_DELIM: u16 = 1 << 2;
const SLASH: u16 = 1 << 3;
const COLON: u16 = 1 << 4;
const DASH: u16 = 1 << 5;
/// `.` or `-`, the joints of a dotted or hyphenated name.
const JOINT: u16 = 1 << 6;
/// ASCII letters, digits and `_`: the bytes of a segment.
const SEG: u16 = 1 << 7;
const ALPHA: u16 = 1 << 8;
const HEX: u16 = 1 << 9;
/// The first letter of an English day or month name.
const CALENDAR: u16 = 1 << 10;
const UPPER: u16 = 1 << 11;
/// Not a byte of base64 text (letters, digits, `+`, `/`, `=`).
const NOT_BASE64: u16 = 1 << 12;
/// Segment bytes but digits: letters and `_`.
const WORD: u16 = 1 << 13;

static CLASS: [u16; 256] = classes();

const fn classes() -> [u16; 256] {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let mut k = 0;
        if c.is_ascii_whitespace() {
            k |= WS;
        }
        if c.is_ascii_digit() {
            k |= DIGIT;
        }
        k |= match c {
            b',' | b'!' | b';' | b'=' | b'|' | b'"' | b'\'' | b'[' | b']' | b'(' | b')' | b'{'
            | b'}' => PATH_DELIM,
            b':' => PATH_DELIM | COLON,
            b'/' => SLASH,
            b'-' => DASH | JOINT,
            b'.' => JOINT,
            _ => 0,
        };
        if c.is_ascii_alphanumeric() || c == b'_' {
            k |= SEG;
        }
        if c.is_ascii_alphabetic() {
            k |= ALPHA;
        }
        if c.is_ascii_hexdigit() {
            k |= HEX;
        }
        if c.is_ascii_uppercase() {
            k |= UPPER;
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=')) {
            k |= NOT_BASE64;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            k |= WORD;
        }
        if matches!(
            c,
            b'M' | b'T' | b'W' | b'F' | b'S' | b'J' | b'A' | b'O' | b'N' | b'D'
        ) {
            k |= CALENDAR;
        }
        t[i] = k;
        i += 1;
    }
    t
}

fn class(c: u8) -> u16 {
    CLASS[usize::from(c)]
}

/// The classes of the bytes of `b`, or'ed.
fn classes_of(b: &[u8]) -> u16 {
    b.iter().fold(0, |f, &c| f | class(c))
}

/// Writes the masked form of `message` into `out` (cleared first).
pub fn signature(message: &str, out: &mut String) {
    signature_of_bytes(message.as_bytes(), out);
}

/// [`signature`] of log bytes read as text: borrowed when they are valid UTF-8, lossy
/// otherwise. A message remembered is answered before its bytes are checked: one that differs
/// from valid UTF-8 only in ASCII digits is valid too.
pub fn signature_of_bytes(bytes: &[u8], out: &mut String) {
    MEMO.with(|memo| {
        let Memos { tokens, messages } = &mut *memo.borrow_mut();
        if bytes.len() > MESSAGE_MEMO_MAX {
            // (`sanitize::text`: the standard library's lossy reading checks valid UTF-8 a
            // byte at a time, several times slower than `from_utf8` on these long messages.)
            signature_with(&crate::report::sanitize::text(bytes), out, tokens);
            return;
        }
        let mut buf = [0; MESSAGE_MEMO_MAX];
        let key = digits_as_zeros(bytes, &mut buf);
        let hash = hash(key);
        let slot = &mut messages[slot_of(hash, MESSAGE_MEMO_SLOTS)];
        if let Some(masked) = slot.recall(hash, key, bytes) {
            out.clear();
            out.push_str(masked);
            return;
        }
        match std::str::from_utf8(bytes) {
            Ok(message) => {
                signature_with(message, out, tokens);
                slot.remember(hash, key, bytes, out, MESSAGE_MEMO_MAX);
            }
            // (Not remembered: rare, and its key would not be its text.)
            Err(_) => signature_with(&String::from_utf8_lossy(bytes), out, tokens),
        }
    });
}

fn signature_with(message: &str, out: &mut String, memo: &mut Memo) {
    out.clear();
    let b = message.as_bytes();
    // Tokens kept as they are, and the single spaces between them, are copied to `out` in one
    // piece: `message[run.0..run.1]` is such text not copied yet. (Most words are kept, and
    // one copy is cheaper than one per word.)
    let mut run = (0, 0);
    // Whether the output so far ends with `<*>`.
    let mut wild = false;
    let mut at = 0;
    // A token found by `kept_words` after the words it kept, not handled yet.
    let mut found = None;
    loop {
        let (start, end, digit_or_slash) = match found.take() {
            Some(token) => token,
            None => {
                // The tokens are cut as `str::split_ascii_whitespace` cuts them.
                while at < b.len() && class(b[at]) & WS != 0 {
                    at += 1;
                }
                if at >= b.len() {
                    break;
                }
                if wild {
                    let (end, digit_or_slash) = token_end(b, at);
                    (at, end, digit_or_slash)
                } else {
                    match kept_words(message, at) {
                        Ok((kept, next)) => {
                            if run.0 < run.1 && run.1 + 1 == at && b[run.1] == b' ' {
                                run.1 = kept;
                            } else {
                                flush(message, &mut run, out);
                                if !out.is_empty() {
                                    out.push(' ');
                                }
                                run = (at, kept);
                            }
                            at = kept;
                            found = next;
                            continue;
                        }
                        Err(token) => token,
                    }
                }
            }
        };
        // (Past the whitespace byte that ends the token.)
        at = end + 1;
        if wild {
            if let Some(rest) = size_unit(&message[start..end]) {
                // `5.2 KB`: the unit belongs to the masked number before it.
                flush(message, &mut run, out);
                out.push_str(rest);
                wild = out.ends_with(WILDCARD);
                continue;
            }
        }
        // Without a digit or a slash, only a random-looking run of letters (sixteen or more)
        // or a UUID of hex letters (36 bytes with dashes) can be masked.
        let kept = !digit_or_slash
            && (end - start < RANDOM_MIN || !might_mask_without_digits(&b[start..end]));
        let calendar = class(b[start]) & CALENDAR != 0 && is_calendar_word(&message[start..end]);
        if kept && !calendar {
            if run.0 < run.1 && run.1 + 1 == start && b[run.1] == b' ' {
                run.1 = end;
            } else {
                flush(message, &mut run, out);
                if !out.is_empty() {
                    out.push(' ');
                }
                run = (start, end);
            }
            // (Before the token is a space, or nothing.)
            wild = b[end - 1] == b'>' && b[start..end].ends_with(WILDCARD.as_bytes());
            continue;
        }
        flush(message, &mut run, out);
        if !out.is_empty() {
            out.push(' ');
        }
        let token = &message[start..end];
        if calendar {
            let mut tokens = Tokens {
                text: message,
                at: end,
            };
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
                at = tokens.at;
                wild = out.ends_with(WILDCARD);
                continue;
            }
        }
        if kept {
            out.push_str(token);
        } else {
            mask_variable(token, out, memo);
        }
        wild = out.ends_with(WILDCARD);
    }
    flush(message, &mut run, out);
}

/// From the start of a token: the end of the tokens from it on that are plain words, kept as
/// they are and apart by single spaces, and the token after them if a single space is before
/// it; or, when the first token is not a plain word, that token. A plain word has no digit,
/// slash or control byte, is shorter than [`RANDOM_MIN`], is not a day or month name and does
/// not end with `>` (so the output does not end with `<*>`). Most tokens are plain words: this
/// loop of its own, with little to keep in registers, goes through them at a fraction of the
/// cost of the general one.
#[inline(never)]
fn kept_words(message: &str, start: usize) -> Result<(usize, Option<Found>), Found> {
    let b = message.as_bytes();
    let mut at = start;
    loop {
        let (end, digit_or_slash) = token_end(b, at);
        if digit_or_slash
            || end - at >= RANDOM_MIN
            || b[end - 1] == b'>'
            || class(b[at]) & CALENDAR != 0 && is_calendar_word(&message[at..end])
        {
            let token = (at, end, digit_or_slash);
            return if at == start {
                Err(token)
            } else {
                Ok((at - 1, Some(token)))
            };
        }
        if end + 1 < b.len() && b[end] == b' ' && class(b[end + 1]) & WS == 0 {
            at = end + 1;
        } else {
            return Ok((end, None));
        }
    }
}

/// A token found: its bounds, and whether it holds a digit or a slash.
type Found = (usize, usize, bool);

/// Copies the pending text `message[run.0..run.1]` to `out`.
fn flush(message: &str, run: &mut (usize, usize), out: &mut String) {
    if run.0 < run.1 {
        out.push_str(&message[run.0..run.1]);
        *run = (0, 0);
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// The end of the token that starts at `b[start]` (the first ASCII whitespace byte after it,
/// or the end of `b`), and whether the token holds a digit or a slash. Eight bytes at a time:
/// from masks of a word's bytes that are whitespace (or control bytes) and digits or slashes.
#[inline(always)]
fn token_end(b: &[u8], start: usize) -> (usize, bool) {
    let mut at = start;
    let mut found = 0;
    loop {
        let x = word_at(b, at);
        // Each byte's high bit says whether its low seven bits, plus `0x80 - n`, reach 0x80: a
        // comparison with `n` for every ASCII byte at once (no sum carries into the next byte).
        let ascii = !x & HIGH;
        let low7 = x & !HIGH;
        let at_least = |n: u8| (low7 + ONES * u64::from(0x80 - n)) & ascii;
        let digit_or_slash = at_least(b'/') & !at_least(b':');
        // Bytes below 0x21; a borrow may mark bytes after the first one too, which the look at
        // each candidate below rules out.
        let mut space_or_control = x.wrapping_sub(ONES * 0x21) & ascii;
        while space_or_control != 0 {
            let bit = space_or_control.trailing_zeros();
            let end = at + (bit / 8) as usize;
            // (Past the end of `b`, `word_at` reads spaces.)
            if end >= b.len() || class(b[end]) & WS != 0 {
                found |= digit_or_slash & ((1 << bit) - 1);
                return (end.min(b.len()), found != 0);
            }
            // A control byte that is not whitespace is part of the token.
            space_or_control &= space_or_control - 1;
        }
        found |= digit_or_slash;
        at += 8;
    }
}

/// The 8 bytes of `b` from `at` (little-endian), spaces past its end.
fn word_at(b: &[u8], at: usize) -> u64 {
    const SPACES: u64 = ONES * b' ' as u64;
    if let Some(word) = b.get(at..at + 8) {
        return u64::from_le_bytes(word.try_into().unwrap());
    }
    let rest = b.len() - at;
    if rest == 0 {
        SPACES
    } else if b.len() >= 8 {
        // The last 8 bytes, moved down and filled up.
        let last = u64::from_le_bytes(b[b.len() - 8..].try_into().unwrap());
        last >> (8 * (8 - rest)) | SPACES << (8 * rest)
    } else {
        let mut padded = [b' '; 8];
        padded[..rest].copy_from_slice(&b[at..]);
        u64::from_le_bytes(padded)
    }
}

/// The tokens of a message, as `str::split_ascii_whitespace` cuts them.
#[derive(Clone)]
struct Tokens<'a> {
    text: &'a str,
    /// Where the rest starts.
    at: usize,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.text.as_bytes();
        let start = self.at
            + b[self.at..]
                .iter()
                .take_while(|c| c.is_ascii_whitespace())
                .count();
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| !c.is_ascii_whitespace())
                .count();
        self.at = end;
        (start < end).then(|| &self.text[start..end])
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
    let b = token.as_bytes();
    // Every unit starts with one of these (most tokens after a number do not).
    if !matches!(b[0], b'B' | b'k' | b'K' | b'M' | b'G' | b'T' | b'P') {
        return None;
    }
    let cut = b
        .iter()
        .position(|c| !c.is_ascii_alphabetic())
        .unwrap_or(b.len());
    let (unit, rest) = b.split_at(cut);
    let unit = matches!(
        unit,
        b"B" | b"kB" | b"KB" | b"MB" | b"GB" | b"TB" | b"PB" | b"KiB" | b"MiB" | b"GiB" | b"TiB"
    );
    (unit && rest.iter().all(u8::is_ascii_punctuation)).then(|| &token[cut..])
}

/// English day and month names, abbreviated or not, with an optional trailing comma.
fn is_calendar_word(t: &str) -> bool {
    let t = t.strip_suffix(',').unwrap_or(t);
    matches!(
        t,
        "Mon"
            | "Tue"
            | "Wed"
            | "Thu"
            | "Fri"
            | "Sat"
            | "Sun"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "May"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

/// Masks one token: `out` ends with a space here, or is empty.
fn mask_token(token: &str, out: &mut String, memo: &mut Memo) {
    let flags = classes_of(token.as_bytes());
    // Fast path: without a digit or a slash, only a random-looking run of letters (sixteen or
    // more) or a UUID of hex letters (36 bytes with dashes) can be masked.
    if flags & (DIGIT | SLASH) == 0
        && (token.len() < RANDOM_MIN || !might_mask_without_digits(token.as_bytes()))
    {
        out.push_str(token);
        return;
    }
    mask_variable(token, out, memo);
}

/// [`mask_token`] past its fast path.
fn mask_variable(token: &str, out: &mut String, memo: &mut Memo) {
    if token.bytes().all(|c| c.is_ascii_digit()) {
        // A number: one segment that starts with a digit.
        push_wildcard(out);
        return;
    }
    if token.len() > MEMO_MAX_TOKEN {
        mask_classified(token, classes_of(token.as_bytes()), out);
        return;
    }
    let mut buf = [0; MEMO_MAX_TOKEN];
    let key = digits_as_zeros(token.as_bytes(), &mut buf);
    let hash = hash(key);
    let slot = &mut memo[slot_of(hash, MEMO_SLOTS)];
    if let Some(masked) = slot.recall(hash, key, token.as_bytes()) {
        out.push_str(masked);
        return;
    }
    // What a token masks to does not depend on what came before it: `out` ends with a space
    // here, or is empty.
    let start = out.len();
    mask_classified(token, classes_of(token.as_bytes()), out);
    slot.remember(hash, key, token.as_bytes(), &out[start..], MEMO_MAX_TOKEN);
}

/// The slot for `hash` in a memo of `slots` slots (a power of two): its top bits.
fn slot_of(hash: u64, slots: usize) -> usize {
    (hash >> (64 - slots.trailing_zeros())) as usize
}

fn hash(text: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(text);
    h.finish()
}

/// `text` with every ASCII digit made `0`, in `buf` (as long as `text` or longer).
///
/// The key of the memos: the masker looks at whether bytes are digits, never at which digits
/// they are, so texts that differ only in their digits mask alike, up to the digits they keep
/// (`ssh2`). A masked text without a digit is remembered for all of them.
fn digits_as_zeros<'a>(text: &[u8], buf: &'a mut [u8]) -> &'a [u8] {
    let buf = &mut buf[..text.len()];
    for (o, &c) in buf.iter_mut().zip(text) {
        *o = if c.is_ascii_digit() { b'0' } else { c };
    }
    buf
}

/// Tokens longer than this are masked afresh every time.
const MEMO_MAX_TOKEN: usize = 64;
/// Slots of the per-thread memo of masked tokens.
const MEMO_SLOTS: usize = 4096;
/// Messages longer than this are masked afresh every time.
const MESSAGE_MEMO_MAX: usize = 256;
/// Slots of the per-thread memo of signatures.
const MESSAGE_MEMO_SLOTS: usize = 2048;

/// One slot of a memo: a token (or a message), or that with its digits made `0`, and what it
/// masks to.
#[derive(Default)]
struct MemoSlot {
    hash: u64,
    /// Whether `key` is the token as it was, not with its digits made `0`: what it masks to
    /// keeps a digit, and holds only for the token as it was.
    exact: bool,
    key: Vec<u8>,
    masked: String,
}

impl MemoSlot {
    /// What `token`, whose digits made `0` are `key` and hash to `hash`, masks to, if the slot
    /// holds it.
    fn recall(&self, hash: u64, key: &[u8], token: &[u8]) -> Option<&str> {
        let held = if self.exact { token } else { key };
        (self.hash == hash && self.key == held).then_some(self.masked.as_str())
    }

    /// Makes the slot hold `token` (or `key`, when `masked` has no digit) and `masked`. Its
    /// strings are given room for `room` bytes on first use: grown a doubling at a time, as
    /// pushing does, they would cost more in reallocations than the masking the memo saves.
    fn remember(&mut self, hash: u64, key: &[u8], token: &[u8], masked: &str, room: usize) {
        self.hash = hash;
        self.exact = has_digit(masked.as_bytes());
        self.key.clear();
        self.key.reserve(room);
        self.key
            .extend_from_slice(if self.exact { token } else { key });
        self.masked.clear();
        self.masked.reserve(room.max(masked.len()));
        self.masked.push_str(masked);
    }
}

/// Whether `b` holds an ASCII digit, 8 bytes at a time.
fn has_digit(b: &[u8]) -> bool {
    let chunks = b.chunks_exact(8);
    let rest = chunks.remainder();
    chunks.into_iter().any(|w| {
        let x = u64::from_le_bytes(w.try_into().unwrap());
        let ascii = !x & HIGH;
        let low7 = x & !HIGH;
        let at_least = |n: u8| (low7 + ONES * u64::from(0x80 - n)) & ascii;
        at_least(b'0') & !at_least(b':') != 0
    }) || rest.iter().any(u8::is_ascii_digit)
}

type Memo = Vec<MemoSlot>;

/// The per-thread memos, by hash, direct-mapped (so bounded, and without allocation once
/// warm): a repeat costs a hash and a comparison instead of a scan.
struct Memos {
    /// The masked forms of tokens seen last: in a log most tokens with digits or slashes
    /// repeat (`HTTP/1.1`, `Mozilla/5.0`, `eth0:`).
    tokens: Memo,
    /// The signatures of short messages seen last: many messages repeat whole (`deadlock
    /// detected`, `rate limit exceeded ... window=1m0s`).
    messages: Memo,
}

thread_local! {
    static MEMO: std::cell::RefCell<Memos> = std::cell::RefCell::new(Memos {
        tokens: new_memo(),
        messages: std::iter::repeat_with(MemoSlot::default)
            .take(MESSAGE_MEMO_SLOTS)
            .collect(),
    });
}

fn new_memo() -> Memo {
    std::iter::repeat_with(MemoSlot::default)
        .take(MEMO_SLOTS)
        .collect()
}

/// [`mask_token`] without its fast path and its memo.
#[cfg(test)]
fn mask_whole(token: &str, out: &mut String) {
    mask_classified(token, classes_of(token.as_bytes()), out);
}

/// [`mask_token`] without its fast path and its memo, given the classes of the token's bytes,
/// or'ed: they rule out most of what the masker looks for.
fn mask_classified(token: &str, flags: u16, out: &mut String) {
    let b = token.as_bytes();
    // (A random token has upper-case letters, and only base64 bytes.)
    if flags & (UPPER | NOT_BASE64) == UPPER && is_random_token(b) {
        push_wildcard(out);
        return;
    }
    // URL: keep `scheme://`, mask what follows up to a closing bracket, quote or comma.
    if let Some(at) = (flags & COLON != 0).then(|| scheme_separator(b)).flatten() {
        let scheme_start = b[..at]
            .iter()
            .rposition(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'-')))
            .map_or(0, |i| i + 1);
        if scheme_start < at {
            mask_part(&token[..scheme_start], out);
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
                mask_part(rest_text, out);
            }
            mask_part(&token[at + 3 + end..], out);
            return;
        }
    }
    mask_plain(token, flags, out);
}

/// [`mask_plain`] on a part of a token.
fn mask_part(part: &str, out: &mut String) {
    mask_plain(part, classes_of(part.as_bytes()), out);
}

/// Whether a token without digits or slashes holds what [`mask_token`] could still mask: a
/// base64-like random token, a run of sixteen segment bytes or more (a random id), or 36 bytes
/// and a dash (a UUID).
fn might_mask_without_digits(b: &[u8]) -> bool {
    // One pass for the run and the classes of the bytes.
    let (mut run, mut flags) = (0, 0);
    for &c in b {
        let k = class(c);
        flags |= k;
        run = if k & SEG != 0 { run + 1 } else { 0 };
        if run >= RANDOM_MIN {
            return true;
        }
    }
    b.len() >= 36 && flags & DASH != 0
        || flags & (UPPER | NOT_BASE64) == UPPER && is_random_token(b)
}

/// Where `://` is in `b`.
fn scheme_separator(b: &[u8]) -> Option<usize> {
    // (A token is short: a loop finds its `:` faster than a searcher is set up.)
    let mut at = b.iter().position(|&c| c == b':')?;
    loop {
        if b[at + 1..].starts_with(b"//") {
            return Some(at);
        }
        at += 1 + b[at + 1..].iter().position(|&c| c == b':')?;
    }
}

/// Masks paths and id-like segments of a token that holds no URL; `flags` are the classes of
/// its bytes, or'ed.
fn mask_plain(token: &str, flags: u16, out: &mut String) {
    let b = token.as_bytes();
    // Which probes can match at all: a UUID needs 36 bytes and a `-`, an IPv6 address a `:`,
    // a numbered name joints (`.` or `-`).
    let uuids = b.len() >= 36 && flags & DASH != 0;
    // Where the next `:` is (an IPv6 address has one in its first five bytes).
    let mut colon = if flags & COLON != 0 { 0 } else { usize::MAX };
    // No dotted name starts before this (see `numbered_name_at`).
    let mut no_name_before = if flags & JOINT != 0 { 0 } else { b.len() };
    // What is kept is copied when a wildcard is written, or at the end: `token[kept..i]` is
    // not copied yet.
    let mut kept = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let k = class(c);
        if k & SEG == 0 {
            // An absolute path: `/` at a piece start, with another `/` later in the piece.
            if c == b'/' && (i == 0 || is_path_delim(b[i - 1])) {
                let end = b[i..]
                    .iter()
                    .position(|&x| is_path_delim(x))
                    .map_or(b.len(), |e| i + e);
                let piece = &b[i..end];
                if piece.len() > 2 && piece[1] != b'/' && piece[1..].contains(&b'/') {
                    out.push_str(&token[kept..i]);
                    push_wildcard(out);
                    // A query string goes with its path.
                    i = if piece.contains(&b'?') { b.len() } else { end };
                    kept = i;
                    continue;
                }
            }
            if !(c == b'-' && starts_signed_number(b, i)) {
                // One character (whole UTF-8 sequence) of punctuation, kept.
                i += utf8_len(c);
                continue;
            }
        }
        // A segment starts here (or a UUID, an address, a name).
        let rest = &b[i..];
        let mut whole = None;
        if uuids && rest.len() >= 36 {
            whole = uuid_at(rest);
        }
        if colon <= i {
            colon = b[i + 1..]
                .iter()
                .position(|&c| c == b':')
                .map_or(usize::MAX, |p| i + 1 + p);
        }
        if colon <= i + 4 && whole.is_none() {
            whole = ipv6_at(rest);
        }
        let (end, digits, dashes) = segment_end(b, i);
        // A name needs two joints in its run of segment bytes, dots and dashes: a segment
        // without a dash and not followed by a joint is a run of its own without one.
        if whole.is_none()
            && i >= no_name_before
            && (dashes || b.get(end).is_some_and(|&c| class(c) & JOINT != 0))
        {
            match numbered_name_at(rest) {
                Ok(len) => whole = Some(len),
                Err(until) => no_name_before = until.map_or(0, |e| i + e),
            }
        }
        if let Some(len) = whole {
            out.push_str(&token[kept..i]);
            push_wildcard(out);
            i += len;
            kept = i;
            continue;
        }
        let start = i;
        i = end;
        // A segment that starts with a digit or a sign is a number; without a digit, only a
        // run of sixteen letters or more can be variable.
        let variable = if k & (DIGIT | SEG) != SEG {
            true
        } else {
            (digits || i - start >= RANDOM_MIN) && is_variable_segment(&b[start..i])
        };
        if variable {
            out.push_str(&token[kept..start]);
            push_wildcard(out);
            kept = i;
        }
    }
    out.push_str(&token[kept..]);
}

/// The end of the segment that starts at `b[start]` (a segment byte, or a sign before a digit),
/// whether a digit is in it after its first byte, and whether a `-` is in it.
fn segment_end(b: &[u8], start: usize) -> (usize, bool, bool) {
    let mut i = start + 1;
    let mut digits = false;
    let mut dashes = b[start] == b'-';
    loop {
        // Letters and `_` first, in a loop of their own: most segments are words.
        while i < b.len() && class(b[i]) & WORD != 0 {
            i += 1;
        }
        if i < b.len() && b[i].is_ascii_digit() {
            digits = true;
            i += 1;
            while i < b.len() && class(b[i]) & SEG != 0 {
                i += 1;
            }
        }
        // A `-` right after `_` and before a digit is a sign inside the id (`blk_-42`).
        if i + 1 < b.len() && b[i] == b'-' && b[i - 1] == b'_' && b[i + 1].is_ascii_digit() {
            dashes = true;
            i += 1;
            continue;
        }
        return (i, digits, dashes);
    }
}

/// Appends `<*>`, folding `<*>.<*>` into one wildcard.
#[inline]
fn push_wildcard(out: &mut String) {
    if out.ends_with("<*>.") {
        out.pop();
    } else if !out.ends_with(WILDCARD) {
        out.push_str(WILDCARD);
    }
}

fn is_seg(c: u8) -> bool {
    class(c) & SEG != 0
}

/// A `-` that starts a segment and is followed by a digit: a minus sign.
fn starts_signed_number(b: &[u8], i: usize) -> bool {
    b.get(i + 1).is_some_and(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
}

/// `,`, `!`, `;`, `:`, `=`, `|`, quotes and brackets.
fn is_path_delim(c: u8) -> bool {
    class(c) & PATH_DELIM != 0
}

fn is_variable_segment(seg: &[u8]) -> bool {
    let body = if seg[0] == b'-' { &seg[1..] } else { seg };
    // Leading underscores do not make a number a name (`__42`).
    let body = &body[body.iter().take_while(|&&c| c == b'_').count()..];
    let Some(&first) = body.first() else {
        return false;
    };
    if first.is_ascii_digit() {
        return true;
    }
    if body.len() >= 10 {
        // Long mixes of letters and digits read as random ids.
        return body.iter().any(u8::is_ascii_digit) || looks_random(body);
    }
    // Three digits or more, or hexadecimal with a digit (four characters or more).
    let (mut digits, mut hex) = (0, HEX);
    for &c in body {
        let k = class(c);
        digits += usize::from(k & DIGIT != 0);
        hex &= k;
    }
    digits >= 3 || (digits > 0 && body.len() >= 4 && hex != 0)
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
    let (mut upper, mut lower, mut runs, mut run) = (0, 0, 0, 0);
    for &c in seg {
        if c.is_ascii_lowercase() {
            run += 1;
            if run > 6 {
                // A word's worth of lower-case letters.
                return false;
            }
            runs += usize::from(run == 1);
            lower += 1;
        } else {
            run = 0;
            upper += usize::from(c.is_ascii_uppercase());
        }
    }
    let letters = upper + lower;
    letters * 2 >= seg.len()
        && upper * 4 >= letters
        && upper * 4 <= letters * 3
        && lower * 2 <= runs * 5
}

/// A base64-like token (letters, digits, `+`, `/`, `=`) that reads as random.
fn is_random_token(b: &[u8]) -> bool {
    if b.len() < RANDOM_MIN {
        return false;
    }
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
    // The run of segment bytes and joints.
    let (mut end, mut flags) = (0, 0);
    while end < b.len() && class(b[end]) & (SEG | JOINT) != 0 {
        flags |= class(b[end]);
        end += 1;
    }
    if flags & ALPHA == 0 {
        return Err(Some(end));
    }
    let run = &b[..end];
    let run = run.strip_suffix(b".").unwrap_or(run);
    if run.iter().filter(|&&c| c == b'.' || c == b'-').count() < 2 {
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

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sig(m: &str) -> String {
        let mut s = String::new();
        signature(m, &mut s);
        s
    }

    proptest::proptest! {
        /// The fast path for tokens without digits or slashes, and the memo, mask what the
        /// whole masker masks: random ids, base64 tokens and UUIDs of hex letters included.
        #[test]
        fn the_fast_path_agrees_with_the_whole_masker(
            token in "([a-fA-F]{1,12}|[g-zG-Z]{1,20}|[0-9]{1,6}|[-._+=:,()/]|[qXaZpLmRtYbNcVwE+]{16,24}|[a-f]{8}-[a-f]{4}-[a-f]{4}-[a-f]{4}-[a-f]{12}){1,4}"
        ) {
            let (mut fast, mut again, mut whole) = (String::new(), String::new(), String::new());
            let mut memo = new_memo();
            mask_token(&token, &mut fast, &mut memo);
            mask_token(&token, &mut again, &mut memo);
            mask_whole(&token, &mut whole);
            proptest::prop_assert_eq!(&fast, &whole);
            proptest::prop_assert_eq!(&again, &whole, "from the memo");
            // After a token that differs from it only in its digits.
            let other = other_digits(&token, &[7, 3]);
            let (mut first, mut then) = (String::new(), String::new());
            mask_token(&other, &mut first, &mut memo);
            mask_token(&token, &mut then, &mut memo);
            proptest::prop_assert_eq!(&then, &whole, "after {:?}", other);
        }
    }

    #[test]
    fn words_with_a_multi_byte_third_character_are_words() {
        // Found by fuzz/pipeline: `E\u{b5}RROR` and `Stück` were cut inside a character.
        assert_eq!(sig("Stück 3 fehlt"), "Stück <*> fehlt");
        assert_eq!(sig("E\u{fffd}RROR A€ x"), "E\u{fffd}RROR A€ x");
    }

    #[test]
    fn numbers_and_addresses_are_masked() {
        assert_eq!(sig("took 12 ms"), "took <*> ms");
        assert_eq!(
            sig("from 10.0.0.1:8080 to /10.1.2.3:50010"),
            "from <*>:<*> to /<*>:<*>"
        );
        assert_eq!(sig("size 1.5GB in 30s"), "size <*> in <*>");
        assert_eq!(sig("value -42 and 0xFF10"), "value <*> and <*>");
        assert_eq!(sig("size 5.2 KB, free 93 B)"), "size <*>, free <*>)");
        assert_eq!(sig("sent 1190 bytes (1.16 KB)"), "sent <*> bytes (<*>)");
    }

    #[test]
    fn ids_are_masked_whole_but_names_with_small_numbers_stay() {
        assert_eq!(
            sig("block blk_-1608999687919862906 on ssh2"),
            "block <*> on ssh2"
        );
        assert_eq!(sig("node node-17 via eth0"), "node node-<*> via eth0");
        assert_eq!(sig("job job_1445144423722_0020"), "job <*>");
        assert_eq!(sig("id 550e8400-e29b-41d4-a716-446655440000."), "id <*>.");
    }

    #[test]
    fn dates_hosts_and_ipv6_are_masked() {
        assert_eq!(sig("at Sun Jul  3 10:05:25 2005 ok"), "at <*>:<*>:<*> ok");
        assert_eq!(
            sig("built Thu Mar 18 18:40:47 EDT 2004"),
            "built <*>:<*>:<*> EDT <*>"
        );
        assert_eq!(sig("since Jul 3, x"), "since <*> x");
        assert_eq!(sig("May I come"), "May I come");
        assert_eq!(
            sig("rhost=ec2-52-80-34-196.eu-west-1.compute.example.com"),
            "rhost=<*>"
        );
        assert_eq!(
            sig("addr 2607:f140:6000:8:c6b3:1ff:fecd:467f ok"),
            "addr <*> ok"
        );
        assert_eq!(sig("host app.example.com"), "host app.example.com");
        assert_eq!(
            sig("illegal instruction......0"),
            "illegal instruction......<*>"
        );
    }

    #[test]
    fn paths_and_urls_are_masked() {
        assert_eq!(sig("open /var/log/app.log failed"), "open <*> failed");
        assert_eq!(sig("GET /a/b?q=x&r=y HTTP"), "GET <*> HTTP");
        assert_eq!(sig("split: hdfs://host:9000/a/b:0+7"), "split: hdfs://<*>");
        assert_eq!(sig("job x-data://h/p11: ok"), "job x-data://<*>: ok");
        assert_eq!(sig("at [akka.tcp://x@1.2.3.4:5]"), "at [akka.tcp://<*>]");
        assert_eq!(sig("fs [hdfs://host-a1:9000]"), "fs [hdfs://host-a1:<*>]");
        assert_eq!(
            sig("see http://example.org/wiki/Page"),
            "see http://example.org/wiki/Page"
        );
    }

    #[test]
    fn invalid_utf8_is_read_lossy_and_not_remembered() {
        let mut out = String::new();
        for bytes in [
            &b"bad \xff 12 ms"[..],
            b"bad \xff 34 ms",
            b"bad \xfe 12 ms",
            b"ok 12 ms",
        ] {
            signature_of_bytes(bytes, &mut out);
            assert_eq!(
                out,
                reference_sig(&String::from_utf8_lossy(bytes)),
                "{bytes:?}"
            );
            signature_of_bytes(bytes, &mut out);
            assert_eq!(
                out,
                reference_sig(&String::from_utf8_lossy(bytes)),
                "{bytes:?} again"
            );
        }
        let long = [&b"x\xff "[..], &b"1 ".repeat(200)].concat();
        signature_of_bytes(&long, &mut out);
        assert_eq!(out, reference_sig(&String::from_utf8_lossy(&long)));
    }

    #[test]
    fn kept_digits_are_not_taken_from_a_text_with_other_digits() {
        assert_eq!(sig("up on ssh2 port 22"), "up on ssh2 port <*>");
        assert_eq!(sig("up on ssh3 port 23"), "up on ssh3 port <*>");
        assert_eq!(sig("took 12 ms"), "took <*> ms");
        assert_eq!(sig("took 47 ms"), "took <*> ms");
        let mut memo = new_memo();
        for token in ["eth0:", "eth1:", "v1.2", "v3.4", "x9/y", "x8/y"] {
            let (mut out, mut whole) = (String::new(), String::new());
            mask_token(token, &mut out, &mut memo);
            mask_whole(token, &mut whole);
            assert_eq!(out, whole, "{token:?}");
        }
    }

    #[test]
    fn odd_input_is_handled() {
        for m in [
            "",
            "   ",
            "é://x",
            "a://",
            "ü/é/ö 12é",
            "-",
            "_-1",
            "::::",
            "x:1:2:3:4:5:6:7:8:9",
            "Jan",
            "Jan 3",
            "[1.5 KB]",
            "KB 5",
        ] {
            let s = sig(m);
            assert!(s.len() <= m.len() * 3 + 3, "{m:?} -> {s:?}");
        }
        assert_eq!(sig("élan 42°"), "élan <*>°");
        assert_eq!(sig("token qXaZpLmRtYbNcVwE ok"), "token <*> ok");
        assert_eq!(sig("key aB+cD/eFgH+iJkLmN== ok"), "key <*> ok");
        assert_eq!(
            sig("tty=NODEVssh AppleCamIn::wake"),
            "tty=NODEVssh AppleCamIn::wake"
        );
        assert_eq!(
            sig("policy RetryUpToMaximumCountWithFixedSleep HTTPServerURLConnection"),
            "policy RetryUpToMaximumCountWithFixedSleep HTTPServerURLConnection"
        );
    }

    #[test]
    fn whitespace_is_normalised_and_text_kept() {
        assert_eq!(sig("  a   b\tc  "), "a b c");
        assert_eq!(sig("état: ok"), "état: ok");
    }

    /// What the masker before its rewrite writes.
    fn reference_sig(m: &str) -> String {
        let mut s = String::new();
        reference::signature(m, &mut s);
        s
    }

    /// `m` with its ASCII digits replaced, in turn, by `digits` (cycled).
    fn other_digits(m: &str, digits: &[u8]) -> String {
        let mut n = 0;
        m.chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    n += 1;
                    char::from(b'0' + digits[(n - 1) % digits.len()] % 10)
                } else {
                    c
                }
            })
            .collect()
    }

    fn zeros(m: &str) -> String {
        other_digits(m, &[0])
    }

    /// A strategy for strings matching `pattern`, parsed once (a `&str` strategy parses its
    /// pattern again for every value).
    fn re(pattern: &str) -> BoxedStrategy<String> {
        proptest::string::string_regex(pattern).unwrap().boxed()
    }

    /// One word of a generated message: log vocabulary (numbers, ids, addresses, paths, URLs,
    /// dates, sizes, names), punctuation, odd characters and random text.
    fn word() -> BoxedStrategy<String> {
        const CALENDAR: [&str; 24] = [
            "Mon",
            "Tue",
            "Wed",
            "Thu",
            "Fri",
            "Sat",
            "Sun",
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
            "Sunday",
            "March",
            "September",
            "Mayday",
            "Ju",
        ];
        const UNITS: [&str; 14] = [
            "B", "kB", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "kb", "Bytes",
            "ms",
        ];
        const FIXED: [&str; 22] = [
            "Stück",
            "état",
            "E\u{b5}RROR",
            "42°",
            "€",
            "<*>",
            "<*>.",
            "<*>:",
            ".<*>",
            "*",
            "HTTP/1.1",
            "Mozilla/5.0",
            "ssh2",
            "eth0",
            "IPv6",
            "::",
            "::1",
            "-",
            "_-1",
            "__42",
            "\u{a0}",
            "\u{b}",
        ];
        prop_oneof![
            4 => re("[a-z]{1,10}"),
            2 => re("([A-Z][a-z]{1,7}){1,4}"),
            2 => re("[A-Z]{2,8}:?"),
            3 => re("-?[0-9]{1,12}"),
            2 => re("-?[0-9]{1,4}\\.[0-9]{1,6}(ms|s|µs|KB|%|GB)?"),
            2 => re("(0x)?[0-9a-fA-F]{1,20}"),
            1 => re("[0-9a-f]{8}-[0-9a-fA-F]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-fA-F]{12}[a-z.,]?"),
            1 => re("[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12,13}"),
            2 => re("/?[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}(:[0-9]{1,5})?"),
            2 => re("\\[?[0-9a-fA-F]{0,4}(::?[0-9a-fA-F]{0,4}){2,8}(\\]:[0-9]{1,5})?"),
            2 => re("(/[a-zA-Z0-9_.-]{1,8}){1,5}/?(\\?[a-z]=[0-9a-z]{1,4}(&[a-z]=[a-z0-9]{1,3})?)?"),
            2 => re("[\\[(\"]?(https?|hdfs|akka\\.tcp|x-data|file|a|é)://[a-z0-9@.:-]{0,16}(/[a-zA-Z0-9_.]{0,8}){0,3}[\\])\"',>}:.;]{0,2}"),
            3 => re("[a-z_.]{1,10}=\"?[a-zA-Z0-9_./:-]{0,16}\"?,?"),
            1 => re("\"[^\"\\s]{0,12}\""),
            2 => proptest::sample::select(CALENDAR.to_vec()).prop_map(String::from),
            1 => proptest::sample::select(CALENDAR.to_vec()).prop_map(|w| format!("{w},")),
            2 => re("[0-9]{1,3},{0,2}|,"),
            2 => re("[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,6})?)?,?"),
            1 => re("(19|20)[0-9]{2}"),
            2 => proptest::sample::select(UNITS.to_vec()).prop_map(String::from),
            1 => proptest::sample::select(UNITS.to_vec()).prop_map(|u| format!("{u})")),
            1 => re("blk_-?[0-9]{1,19}|job_[0-9]{13}_[0-9]{4}|[a-z]{1,6}_-[0-9]{1,4}"),
            2 => re("[a-z]{1,6}(-[0-9]{1,3}){0,4}(\\.[a-z0-9]{1,8}){0,4}\\.?"),
            1 => re("[a-z0-9]{1,6}([.-][a-z0-9]{0,6}){1,6}"),
            2 => re("[A-Za-z0-9+/]{12,40}={0,2}"),
            1 => re("[qXaZpLmRtYbNcVwE+/]{14,26}={0,2}"),
            1 => re("[a-zA-Z]{14,40}"),
            1 => re("[a-zA-Z_]{8,30}-[a-zA-Z_-]{8,30}"),
            2 => proptest::sample::select(FIXED.to_vec()).prop_map(String::from),
            2 => re("[-._+=:,;!|?@#*<>()\\[\\]{}\"'`/\\\\]{1,4}"),
            1 => re("\\PC{1,8}"),
            1 => re("\\PC{0,3}\\pC\\PC{0,3}"),
        ]
        .boxed()
    }

    /// A token: one word, or words joined without space (`a=b`, `x:1`, `node-7.example`).
    fn token() -> BoxedStrategy<String> {
        prop_oneof![
            6 => word(),
            3 => proptest::collection::vec(
                (word(), re("|[-._:=/@,;]|::|://")),
                2..5
            )
            .prop_map(|parts| parts.into_iter().map(|(w, j)| w + &j).collect()),
            // Long tokens are masked afresh every time (past the memo's limit).
            1 => proptest::collection::vec(word(), 6..14).prop_map(|w| w.concat()),
        ]
        .boxed()
    }

    /// A message: tokens between whitespace runs of every kind (and characters that are not
    /// ASCII whitespace: vertical tab, no-break space).
    fn message() -> impl Strategy<Value = String> {
        (
            re("| |\t|\n"),
            proptest::collection::vec(
                (token(), re("( |  | \t|\t|\r\n|\u{c}|\u{b}|\u{a0})")),
                0..14,
            ),
        )
            .prop_map(|(lead, parts)| {
                let mut m = lead;
                for (t, ws) in parts {
                    m.push_str(&t);
                    m.push_str(&ws);
                }
                m
            })
    }

    /// Many cases (`PROPTEST_CASES` overrides), drawn by the cheaper XorShift generator: in a
    /// debug build ChaCha takes most of the time of these tests.
    fn many_cases() -> ProptestConfig {
        let cases =
            std::env::var("PROPTEST_CASES").map_or(20_000, |_| ProptestConfig::default().cases);
        ProptestConfig {
            cases,
            rng_algorithm: proptest::test_runner::RngAlgorithm::XorShift,
            ..ProptestConfig::default()
        }
    }

    /// Cases picked at the edges of the rules and of the masker's shortcuts.
    #[test]
    fn edge_cases_agree_with_the_reference() {
        let cases = [
            "a_-1_-2",
            "x_-1.b",
            "x12.foo.bar",
            "x12.foo.bar1",
            "a.-5",
            "blk_-42.x.y",
            "_-42",
            "-",
            "-5",
            "a-5",
            "a--5",
            "a..b.c1",
            "a.b..c.1x",
            "a.b..c1",
            "v1.2.3",
            "lib-1.2.3.",
            "host-10-1-2-3.example.net.",
            "1.2.3.4.",
            "fe80::1:2:3.4",
            "ab12.cd",
            "x.y-z.1",
            "550e8400-e29b-41d4-a716-446655440000.x.y",
            "550e8400-e29b-41d4-a716-446655440000-5",
            "550e8400-e29b-41d4-a716-44665544000g",
            "xx550e8400-e29b-41d4-a716-446655440000",
            "10:05:25",
            "1:2:3:4:5:6",
            "a:b:c:d",
            "abcd:ef01:2345:6789",
            "::ffff:10.0.0.1",
            "1::",
            "x/y/z",
            "/a",
            "//a/b",
            "/a/b?x=1,c",
            "=/a/b",
            "(/a/b)",
            "a,/b/c",
            "/a/b:1",
            "http://a",
            "http://",
            "é://x/1",
            "a+b://x1@y",
            "[akka.tcp://x@1.2.3.4:5]",
            "see http://ex.org/1/",
            "x=http://h:80/p,y",
            "://a1",
            "a://b://c1",
            "<*>.5",
            "<*>",
            "x<*> KB",
            "5 KB MB",
            "5 KB) MB",
            "5 KB<*> MB",
            "Jul 3 10:05 KB",
            "May I",
            "Mon, Jul 3, 2005",
            "Jan ,,, 10:00",
            "Jul 3 Mon 10:00",
            "Sunday 10:00:00 2005",
            "Jul 10:05 2005 x",
            "Jul 3, 10:05,",
            "qXaZpLmRtYbNcVwE",
            "aB+cD/eFgH+iJkLmN==",
            "AbCdEfGhIjKlMnOpQrSt-AbCdEfGhIjKlMnOpQrSt",
            "qXaZpLmRtYbNcVwEqXaZ",
            "abcdefabcdefabcdefabcdefabcdefabcdef-",
            "a\u{b}b 1\u{0}2 x\u{1f}y",
            "\t\n\r\u{c} a \t b",
            "x\u{a0}1",
            "Stück5",
            "ü/é/ö 12é",
        ];
        for case in cases {
            assert_eq!(sig(case), reference_sig(case), "{case:?}");
            // Around the masker's 8-byte words: the same case after 0 to 16 bytes.
            for pad in 0..17 {
                for sep in [" ", "\t", "  "] {
                    let m = format!("{}{sep}{case}{sep}z9", "y".repeat(pad));
                    assert_eq!(sig(&m), reference_sig(&m), "{m:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(many_cases())]
        /// The masker writes what the masker before its rewrite wrote, on log-like messages.
        #[test]
        fn the_masker_agrees_with_the_reference(m in message()) {
            prop_assert_eq!(sig(&m), reference_sig(&m), "message {:?}", m);
            prop_assert_eq!(sig(&m), reference_sig(&m), "message {:?} again", m);
        }

        /// The memos are keyed by the text with its digits made `0`: a message masked after
        /// one that differs from it only in its digits masks as the reference masks it.
        #[test]
        fn messages_that_differ_in_digits_agree_with_the_reference(
            m in message(),
            digits in proptest::collection::vec(0u8..10, 1..6),
        ) {
            let other = other_digits(&m, &digits);
            prop_assert_eq!(sig(&other), reference_sig(&other), "message {:?}", other);
            prop_assert_eq!(sig(&m), reference_sig(&m), "message {:?} after {:?}", m, other);
        }

        /// What the memos' keys stand on: the reference masks texts that differ only in their
        /// digits alike, up to the digits it keeps.
        #[test]
        fn the_reference_does_not_look_at_which_digit_a_byte_is(
            m in prop_oneof![message().boxed(), re("[ -~]{0,80}")],
            digits in proptest::collection::vec(0u8..10, 1..6),
        ) {
            let (a, b) = (reference_sig(&m), reference_sig(&other_digits(&m, &digits)));
            prop_assert_eq!(zeros(&a), zeros(&b), "message {:?}", m);
            if !a.bytes().any(|c| c.is_ascii_digit()) {
                prop_assert_eq!(a, b, "message {:?}", m);
            }
        }

        /// ... and on any text.
        #[test]
        fn the_masker_agrees_with_the_reference_on_any_text(
            m in prop_oneof![re("\\PC{0,60}"), re("[ -~\t\n]{0,80}"), any::<String>()]
        ) {
            prop_assert_eq!(sig(&m), reference_sig(&m), "message {:?}", m);
        }
    }

    /// Every line of real logs (and its message as the parser reads it, and the line without
    /// its first words) masks as the reference masks it. Slow in a debug build: run with
    /// `CULPRIT_MASK_LOGS='a.log b.log ...' cargo test --release mask -- --ignored`.
    /// Without the variable, the Loghub samples beside the project (if present), the samples
    /// and the test fixtures are read.
    #[test]
    #[ignore]
    fn the_masker_agrees_with_the_reference_on_real_logs() {
        use std::path::PathBuf;
        let files: Vec<PathBuf> = match std::env::var("CULPRIT_MASK_LOGS") {
            Ok(list) => list.split_whitespace().map(PathBuf::from).collect(),
            Err(_) => {
                let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
                let mut dirs = vec![
                    root.join("samples"),
                    root.join("tests/fixtures"),
                    root.join("../shared/data/loghub-2k"),
                ];
                let mut files = Vec::new();
                while let Some(d) = dirs.pop() {
                    for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                        let p = e.path();
                        if p.is_dir() {
                            dirs.push(p);
                        } else if p.extension().is_some_and(|x| x == "log") {
                            files.push(p);
                        }
                    }
                }
                files.sort();
                files
            }
        };
        let (mut checked, mut differ) = (0u64, 0u64);
        let mut check = |m: &str| {
            checked += 1;
            let (new, old) = (sig(m), reference_sig(m));
            if new != old {
                differ += 1;
                if differ <= 20 {
                    println!("{m:?}\n  new {new:?}\n  old {old:?}");
                }
            }
        };
        for f in &files {
            let data = std::fs::read(f).unwrap();
            let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
            let sample: Vec<&[u8]> = lines.iter().take(200).copied().collect();
            let reference = crate::record::Timestamp::from_utc(2026, 1, 1, 0, 0, 0, 0).unwrap();
            let mut parser = crate::record::Parser::new(
                crate::record::detect(&sample),
                crate::record::TimeContext::utc(reference),
            );
            for line in &lines {
                let r = parser.parse(line);
                check(&crate::report::sanitize::text(&r.message));
                let text = String::from_utf8_lossy(line);
                check(&text);
                // The line from its second, third ... word on: dates and sizes seen from
                // every start.
                let mut rest = text.as_ref();
                for _ in 0..8 {
                    let Some(at) = rest.find(|c: char| c.is_ascii_whitespace()) else {
                        break;
                    };
                    rest = &rest[at + 1..];
                    check(rest);
                }
            }
        }
        println!("{} files, {checked} messages, {differ} differ", files.len());
        assert!(checked > 0 || files.is_empty());
        assert_eq!(differ, 0);
    }
}
