//! JSON lines: one object per line, from any of the usual logging libraries (zap, logrus,
//! slog, zerolog, bunyan, pino, Serilog CLEF and JsonFormatter, structlog, tracing-subscriber,
//! log4j2 JsonLayout, logstash-logback, ECS, Google Cloud, OpenTelemetry, `journalctl -o
//! json`) and Docker's json-file wrapper.
//!
//! Only the top-level members are scanned, by hand: a member's value is located by skipping
//! over it, never built. Keys are matched against a small table of known names; the message
//! is borrowed from the line unless it holds escapes (then it is unescaped into an owned
//! buffer). Nested objects are only entered for the few keys that nest what we need
//! (`fields.message`, `log.level`, `instant`, ...).
//!
//! Every byte of a line is looked at (a later member may override an earlier one), so the
//! scanning is what costs, and it is done eight bytes at a time (SWAR: a `u64` of bytes
//! tested with integer arithmetic, safe and portable):
//!
//! - A line without a backslash (most: one memchr tells) is scanned for quotes only: a
//!   string ends at the next one. Otherwise backslashes are looked for too, and a string's
//!   scan notes whether it held one (so that a message without needs no second look).
//! - Compact members (`"key":"value",` or `"key":123,` with a key of up to 15 bytes) are read
//!   in a straight line, the key taken from the one or two words that found its end; any
//!   other member (blanks, a nested value, a long or escaped key) is read the general way,
//!   from its start and before anything of it is taken.
//! - A key is matched as two words that hold its bytes and length, in a table with a
//!   perfect hash built at compile time: one multiplication and one comparison.

use std::borrow::Cow;

use super::stamp::{self, Epoch};
use super::text::parse_u64;
use super::{Level, Record, TimeContext, Timestamp};

/// Whether `c` is JSON whitespace.
#[inline(always)]
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// `r` after its leading whitespace.
#[inline(always)]
fn skip_ws(mut r: &[u8]) -> &[u8] {
    while let Some((&c, rest)) = r.split_first() {
        if !is_ws(c) {
            break;
        }
        r = rest;
    }
    r
}

/// Index after the whitespace at `i`.
#[inline]
fn ws(b: &[u8], i: usize) -> usize {
    match b.get(i..) {
        Some(r) => b.len() - skip_ws(r).len(),
        None => i,
    }
}

// Word-at-a-time scanning: eight bytes in a little-endian `u64`, so that the lowest marked
// byte is the first in the line. The masks below are exact (no byte is marked by a borrow
// from its neighbour), so any marked byte can be trusted. The scanners work on the rest of
// the line (a slice, whose length is the only bound to check) and answer lengths.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;
/// 0x20 in every byte: the bit that tells `]` from `}` and a capital from a small letter.
const BIT5: u64 = LO * 0x20;

/// The first eight bytes of `r` as a word, and the bytes after them, when there are eight.
#[inline(always)]
fn split_word(r: &[u8]) -> Option<(u64, &[u8])> {
    r.split_first_chunk::<8>()
        .map(|(w, rest)| (u64::from_le_bytes(*w), rest))
}

/// The eight bytes at `i`, when there are eight.
#[inline(always)]
fn word_at(b: &[u8], i: usize) -> Option<u64> {
    split_word(b.get(i..)?).map(|(w, _)| w)
}

/// High bit set in exactly the bytes of `x` that are zero.
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    // Per byte: the high bit of (low seven bits + 0x7F) is set when those bits are not all
    // zero; or'ed with the byte itself, it is set unless the byte is zero. No carry crosses
    // a byte.
    !(((x & !HI) + !HI) | x | !HI)
}

/// High bit set in exactly the bytes of `w` equal to `c`.
#[inline(always)]
fn bytes_equal(w: u64, c: u8) -> u64 {
    zero_bytes(w ^ (LO * c as u64))
}

/// High bit set in exactly the bytes of `w` below `n` (`n` at most 0x80).
#[inline(always)]
fn bytes_below(w: u64, n: u8) -> u64 {
    !(((w & !HI) + LO * (0x80 - n) as u64) | w) & HI
}

/// Index in the word of its lowest marked byte.
#[inline(always)]
fn first_marked(m: u64) -> usize {
    (m.trailing_zeros() / 8) as usize
}

/// In a string whose content starts `r`: the index in `r` of its closing quote, and whether
/// a backslash came before it; `None` when the line ends first. With `ESC` false, the caller
/// knows that the line holds no backslash.
///
/// Keys and most values are short: they are scanned a word at a time; past 32 bytes,
/// memchr's vector search takes over.
#[inline(always)]
fn string_len<const ESC: bool>(r: &[u8]) -> Option<(usize, bool)> {
    let mut rest = r;
    let mut escaped = false;
    let mut words = 0;
    while let Some((w, tail)) = split_word(rest) {
        let quotes = bytes_equal(w, b'"');
        let marked = if ESC {
            quotes | bytes_equal(w, b'\\')
        } else {
            quotes
        };
        if marked != 0 {
            let first = marked & marked.wrapping_neg();
            let j = r.len() - rest.len() + first_marked(first);
            if !ESC || first & quotes != 0 {
                return Some((j, escaped));
            }
            // A backslash: the byte it escapes is never the end, whatever it is.
            escaped = true;
            rest = r.get(j + 2..)?;
            continue;
        }
        rest = tail;
        words += 1;
        if words == 4 {
            return string_len_long(r, r.len() - rest.len(), escaped);
        }
    }
    string_len_bytewise(r, r.len() - rest.len(), escaped)
}

/// The index of the first `"` at or after `i`: where a string ends in a line that holds no
/// backslash. Word at a time for 32 bytes, then memchr.
#[inline(always)]
fn quote_from(b: &[u8], i: usize) -> Option<usize> {
    // Mostly 32 bytes of the line are left: their four words are tested without a bound to
    // check or a count to keep.
    if let Some(chunk) = b.get(i..).and_then(|r| r.first_chunk::<32>()) {
        for k in 0..4 {
            let (w, _) = split_word(&chunk[8 * k..])?;
            let quotes = bytes_equal(w, b'"');
            if quotes != 0 {
                return Some(i + 8 * k + first_marked(quotes));
            }
        }
        return memchr::memchr(b'"', &b[i + 32..]).map(|k| i + 32 + k);
    }
    let mut j = i;
    while j < i + 32 {
        let Some(w) = word_at(b, j) else {
            return b.get(j..)?.iter().position(|&c| c == b'"').map(|k| j + k);
        };
        let quotes = bytes_equal(w, b'"');
        if quotes != 0 {
            return Some(j + first_marked(quotes));
        }
        j += 8;
    }
    memchr::memchr(b'"', &b[j..]).map(|k| j + k)
}

/// `string_len` from `i` on, for the last few bytes of a line.
#[inline(never)]
fn string_len_bytewise(r: &[u8], mut i: usize, mut escaped: bool) -> Option<(usize, bool)> {
    while i < r.len() {
        match r[i] {
            b'"' => return Some((i, escaped)),
            b'\\' => {
                escaped = true;
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// `string_len` from `i` on, for a long string, with memchr.
#[inline(never)]
fn string_len_long(r: &[u8], mut i: usize, mut escaped: bool) -> Option<(usize, bool)> {
    loop {
        let j = i + memchr::memchr2(b'"', b'\\', r.get(i..)?)?;
        if r[j] == b'"' {
            return Some((j, escaped));
        }
        escaped = true;
        i = j + 2;
    }
}

/// Whether `c` ends a number or literal.
#[inline(always)]
fn ends_scalar(c: u8) -> bool {
    matches!(c, b',' | b'}' | b']') || is_ws(c)
}

/// The length of the number or literal (or bare junk) that starts `r`: up to the first `,`,
/// `}`, `]`, space, tab, CR or LF, or the end of the line.
#[inline(always)]
fn scalar_len(r: &[u8]) -> usize {
    let mut rest = r;
    while let Some((w, tail)) = split_word(rest) {
        // `]` is `}` with 0x20 cleared; bytes up to the comma hold it and all four blanks (and
        // other bytes, control bytes or `!` to `+`, which do not end a value: checked below).
        let m = bytes_below(w, b',' + 1) | bytes_equal(w | BIT5, b'}');
        if m == 0 {
            rest = tail;
            continue;
        }
        let j = first_marked(m);
        if ends_scalar(rest[j]) {
            return r.len() - rest.len() + j;
        }
        rest = &rest[j + 1..];
    }
    let n = rest
        .iter()
        .position(|&c| ends_scalar(c))
        .unwrap_or(rest.len());
    r.len() - rest.len() + n
}

/// The length of the object or array that starts `r` (with `{` or `[`): brackets of either
/// kind are counted alike (`{]` closes), strings are skipped whole.
#[inline(never)]
fn nested_len(r: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = 0;
    loop {
        // The next quote or bracket: `[` and `]` are `{` and `}` with 0x20 cleared.
        let rest = &r[j..];
        let k = match split_word(rest) {
            Some((w, _)) => {
                let v = w | BIT5;
                let m = bytes_equal(w, b'"') | bytes_equal(v, b'{') | bytes_equal(v, b'}');
                if m == 0 {
                    j += 8;
                    continue;
                }
                j + first_marked(m)
            }
            None => {
                j + rest
                    .iter()
                    .position(|&c| matches!(c, b'"' | b'{' | b'[' | b'}' | b']'))?
            }
        };
        match r[k] {
            b'"' => {
                j = k + 2 + string_len::<true>(&r[k + 1..])?.0;
                continue;
            }
            b'{' | b'[' => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(k + 1);
                }
            }
        }
        j = k + 1;
    }
}

/// The length of the value that starts `r` (after whitespace), and whether it may hold a
/// backslash (only a string with none is known not to).
#[inline(always)]
fn value_len<const ESC: bool>(r: &[u8]) -> Option<(usize, bool)> {
    match *r.first()? {
        b'"' => string_len::<ESC>(&r[1..]).map(|(n, escaped)| (n + 2, escaped)),
        b'{' | b'[' => Some((nested_len(r)?, true)),
        _ => {
            let n = scalar_len(r);
            (n > 0).then_some((n, true))
        }
    }
}

/// The index after the value that starts at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    value_len::<true>(b.get(i..)?).map(|(n, _)| i + n)
}

/// What is done with each member of an object, as the scan meets it: first its key, then
/// its value.
trait Visit<'a> {
    /// What the visitor makes of a key, kept while the value is skipped.
    type Key: Copy;

    /// The key `key..key + len` of `b` (still escaped): `words` holds it when it has fewer
    /// than 16 bytes and no backslash (read while looking for its end), `escaped` tells
    /// whether it holds a backslash.
    fn key(
        &mut self,
        b: &'a [u8],
        key: usize,
        len: usize,
        words: Option<KeyWords>,
        escaped: bool,
    ) -> Self::Key;

    /// The value `value..value + len` of `b` (as written) of the member whose key gave `key`;
    /// `escaped` is false when the value is a string known to hold no backslash. False stops
    /// the scan.
    fn value(
        &mut self,
        key: Self::Key,
        b: &'a [u8],
        value: usize,
        len: usize,
        escaped: bool,
    ) -> bool;
}

/// Where the scan of an object stands after a member.
enum Step {
    /// The next member (or blanks before it) starts here.
    Next(usize),
    /// The object ended: well formed or not.
    End(bool),
}

/// Reads the member at `i` (its key's opening quote, or blanks before it) and what follows
/// it, handing it to `v`: the general way, for any member (blanks anywhere, escapes, nested
/// values, the end of the line).
#[inline(never)]
fn member_at<'a, const ESC: bool>(b: &'a [u8], i: usize, v: &mut impl Visit<'a>) -> Step {
    // `r` is the rest of the object.
    let pos = |r: &[u8]| b.len() - r.len();
    let Some(r) = b.get(i..) else {
        return Step::End(false);
    };
    let mut r = skip_ws(r);
    let Some((&b'"', rest)) = r.split_first() else {
        return Step::End(false);
    };
    let key = pos(rest);
    // Most keys are short: their end is in the first two words, which also hold them.
    let mut words = None;
    let mut key_len = 0;
    let mut key_escaped = false;
    if let Some((w, tail)) = split_word(rest) {
        let quotes = bytes_equal(w, b'"');
        let marked = if ESC {
            quotes | bytes_equal(w, b'\\')
        } else {
            quotes
        };
        let first = marked & marked.wrapping_neg();
        if first & quotes != 0 {
            key_len = first_marked(first);
            words = Some(KeyWords::new(w & ((1u64 << (8 * key_len)) - 1), 0, key_len));
        } else if marked == 0 {
            if let Some((w1, _)) = split_word(tail) {
                let quotes = bytes_equal(w1, b'"');
                let marked = if ESC {
                    quotes | bytes_equal(w1, b'\\')
                } else {
                    quotes
                };
                let first = marked & marked.wrapping_neg();
                if first & quotes != 0 {
                    let n = first_marked(first);
                    key_len = 8 + n;
                    words = Some(KeyWords::new(w, w1 & ((1u64 << (8 * n)) - 1), key_len));
                }
            }
        }
    }
    if words.is_none() {
        let Some((n, escaped)) = string_len::<ESC>(rest) else {
            return Step::End(false);
        };
        key_len = n;
        key_escaped = escaped;
    }
    let k = v.key(b, key, key_len, words, key_escaped);
    r = &rest[key_len + 1..];
    match r.split_first() {
        Some((&b':', rest)) => r = rest,
        _ => {
            let Some((&b':', rest)) = skip_ws(r).split_first() else {
                return Step::End(false);
            };
            r = rest;
        }
    }
    if r.first().is_some_and(|&c| is_ws(c)) {
        r = skip_ws(r);
    }
    let Some((value_len, escaped)) = value_len::<ESC>(r) else {
        return Step::End(false);
    };
    if !v.value(k, b, pos(r), value_len, escaped) {
        return Step::End(false);
    }
    r = skip_ws(&r[value_len..]);
    match r.split_first() {
        Some((&b',', rest)) => Step::Next(pos(rest)),
        Some((&b'}', _)) => Step::End(true),
        _ => Step::End(false),
    }
}

/// Walks the members of the object at `b` (which starts with `{`), handing each to `v` until
/// it says stop. Returns false when the object is malformed (members seen until then have
/// been handed over) or `v` stopped. With `ESC` false, the caller knows that `b` holds no
/// backslash.
#[inline(always)]
fn members<'a, const ESC: bool>(b: &'a [u8], v: &mut impl Visit<'a>) -> bool {
    let Some((&b'{', rest)) = skip_ws(b).split_first() else {
        return false;
    };
    let rest = skip_ws(rest);
    if rest.first() == Some(&b'}') {
        return true;
    }
    let mut i = b.len() - rest.len();
    loop {
        if !ESC {
            // Compact members with a key of up to 15 bytes and a string or number value, read
            // in a straight line; anything else (blanks, a longer key, a nested value, the end
            // of the line) is left to `member_at` before this member is handed over.
            loop {
                if b.get(i) != Some(&b'"') {
                    break;
                }
                let key = i + 1;
                let Some(w) = word_at(b, key) else {
                    break;
                };
                let quotes = bytes_equal(w, b'"');
                let (n, words) = if quotes != 0 {
                    let n = first_marked(quotes);
                    (n, KeyWords::new(w & ((1u64 << (8 * n)) - 1), 0, n))
                } else {
                    let Some(w1) = word_at(b, key + 8) else {
                        break;
                    };
                    let quotes = bytes_equal(w1, b'"');
                    if quotes == 0 {
                        break;
                    }
                    let n = first_marked(quotes);
                    (8 + n, KeyWords::new(w, w1 & ((1u64 << (8 * n)) - 1), 8 + n))
                };
                let k = v.key(b, key, n, Some(words), false);
                let value = key + n + 2;
                if b.get(value - 1) != Some(&b':') {
                    break;
                }
                let end = match b.get(value) {
                    Some(b'"') => match quote_from(b, value + 1) {
                        Some(q) => q + 1,
                        None => break,
                    },
                    Some(&c) if !is_ws(c) && c != b'{' && c != b'[' => {
                        match scalar_len(&b[value..]) {
                            0 => break,
                            len => value + len,
                        }
                    }
                    _ => break,
                };
                // The member is handed over only once what follows it is known to be right.
                let next = match b.get(end) {
                    Some(b',') => true,
                    Some(b'}') => false,
                    _ => break,
                };
                if !v.value(k, b, value, end - value, false) {
                    return false;
                }
                if !next {
                    return true;
                }
                i = end + 1;
            }
        }
        if ESC {
            // The same for a line with backslashes somewhere: a key with one is left to
            // `member_at`, a string value with one is read knowing it. (A copy rather than one
            // loop for both: the common loop came out measurably slower on lines without.)
            loop {
                if b.get(i) != Some(&b'"') {
                    break;
                }
                let key = i + 1;
                let Some(w) = word_at(b, key) else {
                    break;
                };
                let quotes = bytes_equal(w, b'"');
                let marked = quotes | bytes_equal(w, b'\\');
                let first = marked & marked.wrapping_neg();
                let (n, words) = if first & quotes != 0 {
                    let n = first_marked(first);
                    (n, KeyWords::new(w & ((1u64 << (8 * n)) - 1), 0, n))
                } else {
                    if marked != 0 {
                        break;
                    }
                    let Some(w1) = word_at(b, key + 8) else {
                        break;
                    };
                    let quotes = bytes_equal(w1, b'"');
                    let marked = quotes | bytes_equal(w1, b'\\');
                    let first = marked & marked.wrapping_neg();
                    if first & quotes == 0 {
                        break;
                    }
                    let n = first_marked(first);
                    (8 + n, KeyWords::new(w, w1 & ((1u64 << (8 * n)) - 1), 8 + n))
                };
                let k = v.key(b, key, n, Some(words), false);
                let value = key + n + 2;
                if b.get(value - 1) != Some(&b':') {
                    break;
                }
                let (end, escaped) = match b.get(value) {
                    Some(b'"') => match string_len::<true>(&b[value + 1..]) {
                        Some((len, escaped)) => (value + len + 2, escaped),
                        None => break,
                    },
                    Some(&c) if !is_ws(c) && c != b'{' && c != b'[' => {
                        match scalar_len(&b[value..]) {
                            0 => break,
                            len => (value + len, true),
                        }
                    }
                    _ => break,
                };
                let next = match b.get(end) {
                    Some(b',') => true,
                    Some(b'}') => false,
                    _ => break,
                };
                if !v.value(k, b, value, end - value, escaped) {
                    return false;
                }
                if !next {
                    return true;
                }
                i = end + 1;
            }
        }
        match member_at::<ESC>(b, i, v) {
            Step::Next(j) => i = j,
            Step::End(ok) => return ok,
        }
    }
}

/// The member `name` of the object `obj`, if any (the first, when there are several).
fn member<'a>(obj: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    struct Find<'n> {
        name: &'n [u8],
        at: Option<(usize, usize)>,
    }
    impl Visit<'_> for Find<'_> {
        type Key = bool;

        fn key(&mut self, b: &[u8], key: usize, len: usize, _: Option<KeyWords>, _: bool) -> bool {
            &b[key..key + len] == self.name
        }

        fn value(&mut self, is_name: bool, _: &[u8], value: usize, len: usize, _: bool) -> bool {
            if is_name {
                self.at = Some((value, value + len));
            }
            !is_name
        }
    }
    let mut find = Find { name, at: None };
    members::<true>(obj, &mut find);
    find.at.map(|(v, e)| &obj[v..e])
}

fn hex4(b: &[u8]) -> Option<u32> {
    let s = b.get(..4)?;
    let mut v = 0;
    for &c in s {
        v = v * 16 + (c as char).to_digit(16)?;
    }
    Some(v)
}

/// The content of a JSON string value: without its quotes.
#[inline]
fn unquoted(v: &[u8]) -> &[u8] {
    if v.len() >= 2 && v[0] == b'"' && v[v.len() - 1] == b'"' {
        &v[1..v.len() - 1]
    } else {
        v
    }
}

/// [`unescape`], told whether `v` may hold a backslash at all (the scan that found a string's
/// end knows): a plain string is borrowed without a second look.
#[inline]
fn unescape_scanned(v: &[u8], escaped: bool) -> Cow<'_, [u8]> {
    if escaped {
        unescape(v)
    } else {
        Cow::Borrowed(unquoted(v))
    }
}

/// The content of a JSON string value (with its quotes), unescaped; borrowed when there is
/// nothing to unescape. Invalid escapes are kept as written.
pub(crate) fn unescape(v: &[u8]) -> Cow<'_, [u8]> {
    let inner = unquoted(v);
    if memchr::memchr(b'\\', inner).is_none() {
        return Cow::Borrowed(inner);
    }
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c != b'\\' || i + 1 >= inner.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let e = inner[i + 1];
        i += 2;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'u' => {
                let Some(mut cp) = hex4(&inner[i..]) else {
                    out.extend_from_slice(b"\\u");
                    continue;
                };
                i += 4;
                if (0xD800..0xDC00).contains(&cp) && inner[i..].starts_with(b"\\u") {
                    if let Some(lo) = hex4(&inner[i + 2..]) {
                        if (0xDC00..0xE000).contains(&lo) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            i += 6;
                        }
                    }
                }
                let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
                let mut buf = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            }
            b'"' | b'\\' | b'/' => out.push(e),
            // Not an escape JSON knows (a hand-built line's `C:\data`): the text as written.
            other => out.extend_from_slice(&[b'\\', other]),
        }
    }
    Cow::Owned(out)
}

/// A journal value: a string, an array of byte values (non-UTF-8 data), `null` (too large)
/// or an array of those (a repeated field: the first is taken). `escaped` is false when `v`
/// is known to hold no backslash.
fn text_value(v: &[u8], escaped: bool) -> Option<Cow<'_, [u8]>> {
    match v.first()? {
        b'"' => Some(unescape_scanned(v, escaped)),
        b'[' => {
            let mut i = ws(v, 1);
            match v.get(i)? {
                b'"' | b'[' => {
                    let e = skip_value(v, i)?;
                    text_value(&v[i..e], true)
                }
                b'n' => Some(Cow::Borrowed(&[])),
                b']' => Some(Cow::Borrowed(&[])),
                _ => {
                    let mut bytes = Vec::new();
                    while i < v.len() {
                        let e = skip_value(v, i)?;
                        bytes.push(parse_u64(&v[i..e]).and_then(|n| u8::try_from(n).ok())?);
                        i = ws(v, e);
                        match v.get(i) {
                            Some(b',') => i = ws(v, i + 1),
                            _ => break,
                        }
                    }
                    Some(Cow::Owned(bytes))
                }
            }
        }
        b'n' => Some(Cow::Borrowed(&[])),
        b'{' => None,
        _ => Some(Cow::Borrowed(v)),
    }
}

/// A level value: a name (`"warn"`, `"Warning"`, `"ERROR+2"`), a syslog priority (`"3"`), a
/// bunyan/pino number (10…60) or an OpenTelemetry severity number (1…24).
fn level_value(v: &[u8], scale: Scale) -> Option<Level> {
    let s = if v.first() == Some(&b'"') {
        v.get(1..v.len() - 1)?
    } else {
        v
    };
    // The names JSON loggers mostly write, settled without the general look-up.
    match s {
        b"info" | b"INFO" => return Some(Level::Info),
        b"debug" | b"DEBUG" => return Some(Level::Debug),
        b"warn" | b"WARN" | b"warning" | b"WARNING" => return Some(Level::Warn),
        b"error" | b"ERROR" => return Some(Level::Error),
        b"trace" | b"TRACE" => return Some(Level::Trace),
        _ => {}
    }
    if scale == Scale::Letter {
        return match s {
            [l, b'1'..=b'5'] => Level::from_name(&[*l]),
            _ => Level::from_name(s),
        };
    }
    if let Some(n) = parse_u64(s) {
        return match scale {
            Scale::Otel => match n {
                1..=4 => Some(Level::Trace),
                5..=8 => Some(Level::Debug),
                9..=12 => Some(Level::Info),
                13..=16 => Some(Level::Warn),
                17..=20 => Some(Level::Error),
                21..=24 => Some(Level::Critical),
                _ => None,
            },
            Scale::Name if n >= 10 => Some(match n {
                0..=19 => Level::Trace,
                20..=29 => Level::Debug,
                30..=39 => Level::Info,
                40..=49 => Level::Warn,
                50..=59 => Level::Error,
                _ => Level::Critical,
            }),
            _ => Level::from_syslog_priority(n as u8),
        };
    }
    // slog writes levels between the named ones as `ERROR+2`, `INFO-4`.
    let name = match s.iter().position(|&c| c == b'+' || c == b'-') {
        Some(p) if p > 0 => &s[..p],
        _ => s,
    };
    Level::from_name(name)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scale {
    /// Names, or bunyan/pino numbers (syslog numbers below 10).
    Name,
    /// syslog priorities (journal `PRIORITY`).
    Syslog,
    /// OpenTelemetry `SeverityNumber`.
    Otel,
    /// Names only, a digit after a letter allowed (MongoDB's `"s":"E"`, `"D2"`): a number is
    /// no level.
    Letter,
}

/// A time value: an RFC 3339 string, an epoch number or numeric string (unit by magnitude),
/// or an object of seconds and nanoseconds (log4j2 `instant`, Google `timestamp`).
fn time_value(v: &[u8], ctx: &mut TimeContext) -> Option<Timestamp> {
    match v.first()? {
        b'"' => {
            let s = v.get(1..v.len() - 1)?;
            // An RFC 3339 date has a '-' at byte 4, where an epoch number has none.
            if s.get(4) != Some(&b'-') {
                if let Some(t) = stamp::epoch_number(s) {
                    return Some(t);
                }
            }
            let (c, _) = stamp::scan(s, Epoch::No)?;
            c.resolve(ctx)
        }
        b'{' => {
            // MongoDB's `"t":{"$date":"2026-11-26T12:00:00.123+00:00"}`.
            if let Some(d) = member(v, b"$date") {
                return time_value(d, ctx);
            }
            let secs = member(v, b"epochSecond").or_else(|| member(v, b"seconds"))?;
            let secs = parse_u64(
                secs.strip_prefix(b"\"")
                    .unwrap_or(secs)
                    .strip_suffix(b"\"")
                    .unwrap_or(secs),
            )?;
            let nanos = member(v, b"nanoOfSecond")
                .or_else(|| member(v, b"nanos"))
                .and_then(parse_u64)
                .unwrap_or(0);
            // A seconds count too big for the microsecond clock is no time at all.
            let micros = i64::try_from(secs).ok()?.checked_mul(1_000_000)?;
            micros
                .checked_add(i64::try_from(nanos / 1000).ok()?)
                .map(Timestamp)
        }
        _ => stamp::epoch_number(v),
    }
}

/// What a key stands for, and how much it is preferred over others of its kind (lower wins).
#[derive(Clone, Copy, Debug)]
enum Role {
    Message(u8),
    Level(u8, Scale),
    Time(u8),
    /// A time only as an object (MongoDB's `"t":{"$date":…}`): `t` is too short a key for a
    /// number or string under it to be a time.
    TimeObject(u8),
    Origin(u8),
    /// An object that may nest a message (`fields`, `jsonPayload`, `body`).
    NestedMessage(u8),
    /// ECS `log` object: `log.level`, `log.logger` (or Docker's `log` string).
    EcsLog,
    /// Docker json-file's `stream` key.
    Stream,
    /// Serilog CLEF `@t`: its lines have no `@l` when the level is Information.
    ClefTime,
}

/// The known keys and their roles. Keys are compared byte for byte, as written (escapes
/// included): a key spelled with an escape is no known key.
const KEYS: &[(&str, Role)] = {
    use Role::*;
    &[
        ("msg", Message(0)),
        ("message", Message(0)),
        ("MESSAGE", Message(0)),
        ("@m", Message(0)),
        ("event", Message(3)),
        ("RenderedMessage", Message(1)),
        ("textPayload", Message(1)),
        ("short_message", Message(1)),
        ("@mt", Message(4)),
        ("MessageTemplate", Message(4)),
        ("Body", NestedMessage(2)),
        ("body", NestedMessage(2)),
        ("fields", NestedMessage(2)),
        ("jsonPayload", NestedMessage(2)),
        ("M", Message(5)),
        ("level", Level(0, Scale::Name)),
        ("lvl", Level(0, Scale::Name)),
        ("severity", Level(0, Scale::Name)),
        ("Level", Level(0, Scale::Name)),
        ("log.level", Level(0, Scale::Name)),
        ("levelname", Level(0, Scale::Name)),
        ("loglevel", Level(0, Scale::Name)),
        ("level_name", Level(0, Scale::Name)),
        ("SeverityText", Level(0, Scale::Name)),
        ("severityText", Level(0, Scale::Name)),
        ("@l", Level(0, Scale::Name)),
        ("L", Level(0, Scale::Name)),
        ("s", Level(1, Scale::Letter)),
        ("PRIORITY", Level(1, Scale::Syslog)),
        ("SeverityNumber", Level(2, Scale::Otel)),
        ("severityNumber", Level(2, Scale::Otel)),
        ("@t", ClefTime),
        ("ts", Time(1)),
        ("time", Time(1)),
        ("timestamp", Time(1)),
        ("@timestamp", Time(1)),
        ("Timestamp", Time(1)),
        ("T", Time(1)),
        ("instant", Time(2)),
        ("timeMillis", Time(2)),
        ("timeUnixNano", Time(2)),
        ("datetime", Time(2)),
        ("asctime", Time(2)),
        ("date", Time(2)),
        ("t", TimeObject(2)),
        ("_SYSTEMD_UNIT", Origin(0)),
        ("_COMM", Origin(2)),
        ("logger", Origin(3)),
        ("logger_name", Origin(3)),
        ("loggerName", Origin(3)),
        ("log.logger", Origin(3)),
        ("target", Origin(3)),
        ("SourceContext", Origin(3)),
        ("service.name", Origin(3)),
        ("N", Origin(3)),
        ("name", Origin(4)),
        ("component", Origin(4)),
        ("module", Origin(4)),
        ("service", Origin(4)),
        ("app", Origin(4)),
        ("log", EcsLog),
        ("stream", Stream),
    ]
};

/// Known keys longer than a table key can be (15 bytes): journald's.
fn long_key_role(key: &[u8]) -> Option<Role> {
    use Role::*;
    match key {
        b"_SOURCE_REALTIME_TIMESTAMP" => Some(Time(0)),
        b"__REALTIME_TIMESTAMP" => Some(Time(1)),
        b"SYSLOG_IDENTIFIER" => Some(Origin(1)),
        _ => None,
    }
}

/// Other spellings of the usual keys, which differ from them only in case (`Message`,
/// `LEVEL`): matched lower-cased, when the exact key is not known.
const FOLDED_KEYS: &[(&str, Role)] = {
    use Role::*;
    &[
        ("msg", Message(2)),
        ("message", Message(2)),
        ("level", Level(1, Scale::Name)),
        ("severity", Level(1, Scale::Name)),
        ("loglevel", Level(1, Scale::Name)),
        ("time", Time(3)),
        ("timestamp", Time(3)),
        ("ts", Time(3)),
        ("logger", Origin(3)),
    ]
};

/// A key of up to 15 bytes as two little-endian words, zeros past its end, with its length
/// in the top byte of the second (which no byte of such a key reaches): two keys are the
/// same when their words are.
#[derive(Clone, Copy, PartialEq, Eq)]
struct KeyWords(u64, u64);

impl KeyWords {
    /// The longest key held in words.
    const MAX: usize = 15;

    /// The key of `n` bytes whose first eight (zeros past its end) are `lo`, and next seven
    /// `hi`.
    #[inline(always)]
    fn new(lo: u64, hi: u64, n: usize) -> KeyWords {
        KeyWords(lo, hi | (n as u64) << 56)
    }

    /// The `n` (at most 15) bytes at `at` in `b`.
    #[inline(always)]
    fn at(b: &[u8], at: usize, n: usize) -> KeyWords {
        // The low `k` bytes of a word (`k` from 1 to 8).
        let keep = |k: usize| u64::MAX >> (64 - 8 * k);
        // A key is mostly followed by eight bytes of the line (its value, other members).
        if n <= 8 {
            if n == 0 {
                return KeyWords::new(0, 0, 0);
            }
            if let Some(w) = word_at(b, at) {
                return KeyWords::new(w & keep(n), 0, n);
            }
        } else if let Some(w) = word_at(b, at + 8) {
            return KeyWords::new(word_at(b, at).unwrap_or(0), w & keep(n - 8), n);
        }
        KeyWords::copied(&b[at..at + n])
    }

    /// The words of `key` (at most 15 bytes), copied.
    #[inline(never)]
    fn copied(key: &[u8]) -> KeyWords {
        let mut buf = [0u8; 16];
        buf[..key.len()].copy_from_slice(key);
        KeyWords::new(
            u64::from_le_bytes(buf[..8].try_into().unwrap()),
            u64::from_le_bytes(buf[8..].try_into().unwrap()),
            key.len(),
        )
    }

    const fn of(key: &[u8]) -> KeyWords {
        assert!(
            key.len() <= KeyWords::MAX,
            "table keys have at most 15 bytes"
        );
        let mut w = [0u64; 2];
        let mut i = 0;
        while i < key.len() {
            w[i / 8] |= (key[i] as u64) << (8 * (i % 8));
            i += 1;
        }
        KeyWords(w[0], w[1] | (key.len() as u64) << 56)
    }

    /// False when no byte is a capital letter; true for some other bytes (`@`, `_`, ...). A
    /// cheap test before `lower`: bytes 0x40 to 0x5F (and 0xC0 to 0xDF) have bit 6 set and
    /// bit 5 clear (the length byte, below 0x10, has neither).
    #[inline(always)]
    fn may_have_capital(self) -> bool {
        // `w << 1` moves bit 5 of each byte to bit 6 of the same byte.
        let marked = |w: u64| w & !(w << 1) & (BIT5 << 1);
        marked(self.0) | marked(self.1) != 0
    }

    /// ASCII capitals made small, other bytes (and the length) kept: what
    /// `make_ascii_lowercase` does to the key.
    #[inline(always)]
    fn lower(self) -> KeyWords {
        let lower = |w: u64| {
            // High bit of each byte set for `A`..=`Z`: at least `A` and below `[`, not above
            // 0x7F. Then 0x80 >> 2 is the 0x20 that makes it small.
            let low7 = w & !HI;
            let upper =
                (low7 + LO * (0x80 - b'A') as u64) & !(low7 + LO * (0x80 - b'[') as u64) & !w & HI;
            w | upper >> 2
        };
        KeyWords(lower(self.0), lower(self.1))
    }

    /// Slot of the key in a table of `size` (a power of two) slots, hashed with `mul`.
    #[inline(always)]
    const fn slot(self, mul: u64, size: usize) -> usize {
        let h = (self.0 ^ self.1).wrapping_mul(mul);
        (h >> (64 - size.trailing_zeros())) as usize
    }
}

/// A table of keys of up to 15 bytes with a perfect hash, built at compile time: a look-up
/// is a multiplication and one comparison of two words. The multiplier is the first (of a
/// fixed sequence) under which no two keys share a slot. An empty slot holds the words of
/// the empty key, with no role.
struct KeyTable<const N: usize> {
    mul: u64,
    keys: [KeyWords; N],
    roles: [Option<Role>; N],
}

impl<const N: usize> KeyTable<N> {
    const fn new(keys: &[(&str, Role)]) -> Self {
        assert!(N.is_power_of_two() && N >= 2);
        let mut mul = 0x9E37_79B9_7F4A_7C15u64;
        loop {
            if let Some(table) = Self::place(keys, mul) {
                return table;
            }
            mul = mul.wrapping_add(0x6A09_E667_F3BC_C909) | 1;
        }
    }

    /// The keys in their slots under `mul`, if no two share one.
    const fn place(keys: &[(&str, Role)], mul: u64) -> Option<Self> {
        let empty = KeyWords::of(b"");
        let mut table = KeyTable {
            mul,
            keys: [empty; N],
            roles: [None; N],
        };
        let mut k = 0;
        while k < keys.len() {
            let (key, role) = keys[k];
            let words = KeyWords::of(key.as_bytes());
            assert!(!key.is_empty(), "the empty key marks empty slots");
            let s = words.slot(mul, N);
            if table.roles[s].is_some() {
                let w = table.keys[s];
                assert!(
                    w.0 != words.0 || w.1 != words.1,
                    "a key is in the table twice"
                );
                return None;
            }
            table.keys[s] = words;
            table.roles[s] = Some(role);
            k += 1;
        }
        Some(table)
    }

    #[inline(always)]
    fn get(&self, words: KeyWords) -> Option<Role> {
        let s = words.slot(self.mul, N);
        if self.keys[s] == words {
            self.roles[s]
        } else {
            None
        }
    }
}

static EXACT: KeyTable<512> = KeyTable::new(KEYS);
static FOLDED: KeyTable<64> = KeyTable::new(FOLDED_KEYS);

/// The role of the key of `n` bytes at `at` in `b` (still escaped). Matched on the exact key
/// first; the usual names in other cases (`Message`, `LEVEL`) fall through to a lower-cased
/// comparison.
#[inline(always)]
fn role_at(b: &[u8], at: usize, n: usize) -> Option<Role> {
    if n > KeyWords::MAX {
        return long_key_role(&b[at..at + n]);
    }
    words_role(KeyWords::at(b, at, n))
}

/// The role of the key (of at most 15 bytes) in `words`.
#[inline(always)]
fn words_role(words: KeyWords) -> Option<Role> {
    // A key with no capital is its own lower case, and every folded key is also an exact
    // one: lower-casing only finds keys that had capitals.
    match EXACT.get(words) {
        None if words.may_have_capital() => FOLDED.get(words.lower()),
        r => r,
    }
}

/// The role of a key (still escaped), for tests.
#[cfg(test)]
fn role(key: &[u8]) -> Option<Role> {
    role_at(key, 0, key.len())
}

/// The values of the members with a role, as the members go by: each kept with its
/// preference (lower wins; the first of equals stays) and, for text, whether it may hold a
/// backslash (see `unescape_scanned`).
#[derive(Default)]
struct Found<'a> {
    msg: Option<(u8, &'a [u8], bool)>,
    lvl: Option<(u8, Scale, &'a [u8])>,
    time: Option<(u8, &'a [u8])>,
    origin: Option<(u8, &'a [u8], bool)>,
    log_string: Option<(&'a [u8], bool)>,
    stream: bool,
    clef: bool,
}

impl<'a> Visit<'a> for Found<'a> {
    type Key = Option<Role>;

    #[inline(always)]
    fn key(
        &mut self,
        b: &[u8],
        key: usize,
        n: usize,
        words: Option<KeyWords>,
        escaped: bool,
    ) -> Option<Role> {
        match words {
            Some(words) => words_role(words),
            // A key with a backslash is no key of the table (none has one).
            None if !escaped => role_at(b, key, n),
            None => None,
        }
    }

    #[inline(always)]
    fn value(
        &mut self,
        role: Option<Role>,
        b: &'a [u8],
        v: usize,
        n: usize,
        escaped: bool,
    ) -> bool {
        if let Some(r) = role {
            self.take(r, &b[v..v + n], escaped);
        }
        true
    }
}

impl<'a> Found<'a> {
    /// Takes in the value `v` of a member whose key has the role `r`. Only what is simple is
    /// done here (in the scan): nested objects are looked into out of line.
    #[inline(always)]
    fn take(&mut self, r: Role, v: &'a [u8], escaped: bool) {
        match r {
            Role::Message(p) => {
                if v.first() != Some(&b'{') && self.msg.is_none_or(|(q, _, _)| p < q) {
                    self.msg = Some((p, v, escaped));
                }
            }
            Role::NestedMessage(p) => match v.first() {
                Some(b'{') => self.nested_message(p, v),
                Some(b'"') if self.msg.is_none_or(|(q, _, _)| p < q) => {
                    self.msg = Some((p, v, escaped));
                }
                _ => {}
            },
            Role::Level(p, s) => {
                // OpenTelemetry exporters write `"severityText":""` next to the number.
                if v != b"\"\"" && self.lvl.is_none_or(|(q, _, _)| p < q) {
                    self.lvl = Some((p, s, v));
                }
            }
            Role::Time(p) => {
                if self.time.is_none_or(|(q, _)| p < q) {
                    self.time = Some((p, v));
                }
            }
            Role::TimeObject(p) => {
                if v.first() == Some(&b'{') && self.time.is_none_or(|(q, _)| p < q) {
                    self.time = Some((p, v));
                }
            }
            Role::ClefTime => {
                self.clef = true;
                if self.time.is_none_or(|(q, _)| 1 < q) {
                    self.time = Some((1, v));
                }
            }
            Role::Origin(p) => {
                if v.first() == Some(&b'"') && self.origin.is_none_or(|(q, _, _)| p < q) {
                    self.origin = Some((p, v, escaped));
                }
            }
            Role::EcsLog => match v.first() {
                Some(b'{') => self.ecs_log(v),
                Some(b'"') => self.log_string = Some((v, escaped)),
                _ => {}
            },
            Role::Stream => self.stream = true,
        }
    }

    /// An object that may nest a message (`fields`, `jsonPayload`, `body`). Out of line, like
    /// `ecs_log`: `take` itself then calls nothing, and keeps to few registers.
    #[inline(never)]
    fn nested_message(&mut self, p: u8, v: &'a [u8]) {
        let inner = member(v, b"message")
            .or_else(|| member(v, b"stringValue"))
            .or_else(|| member(v, b"msg"));
        if let Some(inner) = inner {
            if self.msg.is_none_or(|(q, _, _)| p < q) {
                self.msg = Some((p, inner, true));
            }
        }
    }

    /// ECS `log` object: `log.level`, `log.logger`.
    #[inline(never)]
    fn ecs_log(&mut self, v: &'a [u8]) {
        if let Some(l) = member(v, b"level") {
            if self.lvl.is_none_or(|(q, _, _)| 0 < q) {
                self.lvl = Some((0, Scale::Name, l));
            }
        }
        if let Some(o) = member(v, b"logger") {
            if self.origin.is_none_or(|(q, _, _)| 3 < q) {
                self.origin = Some((3, o, true));
            }
        }
    }
}

impl<'a> Found<'a> {
    /// Docker json-file: the line had `log` as a string and a `stream` key.
    fn docker(&self) -> bool {
        self.stream && self.log_string.is_some()
    }

    fn message(&self) -> Option<Cow<'a, [u8]>> {
        match (self.msg, self.log_string) {
            (Some((_, v, escaped)), _) => text_value(v, escaped),
            (None, Some((v, escaped))) => {
                let mut m = unescape_scanned(v, escaped);
                // json-file keeps the newline that ended the line.
                if m.ends_with(b"\n") {
                    m = match m {
                        Cow::Borrowed(b) => Cow::Borrowed(&b[..b.len() - 1]),
                        Cow::Owned(mut o) => {
                            o.pop();
                            if o.ends_with(b"\r") {
                                o.pop();
                            }
                            Cow::Owned(o)
                        }
                    };
                }
                Some(m)
            }
            (None, None) => None,
        }
    }

    fn level(&self) -> Option<Level> {
        match self.lvl {
            Some((_, s, v)) => level_value(v, s),
            // Serilog CLEF leaves `@l` out when the level is Information.
            None if self.clef => Some(Level::Info),
            None => None,
        }
    }
}

/// Whether `line` holds a backslash. Where the CPU has AVX2, the vector searcher is made once
/// (as the line splitter does) rather than chosen again by every `memchr` call: lines are
/// short, so a search costs mostly its start.
#[inline(always)]
fn has_backslash(line: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use memchr::arch::x86_64::avx2::memchr::One;
        static SEARCH: std::sync::OnceLock<Option<One>> = std::sync::OnceLock::new();
        if let Some(one) = SEARCH.get_or_init(|| One::new(b'\\')) {
            return one.find(line).is_some();
        }
    }
    memchr::memchr(b'\\', line).is_some()
}

/// Reads the object on `line` (which must start with `{` after spaces). `None` when it is not
/// a JSON object: malformed before any message, level or time was found. (Out of line: in
/// `parse`, its loop keeps fewer registers and came out measurably slower.)
#[inline(never)]
fn scan(line: &[u8]) -> Option<Found<'_>> {
    let mut found = Found::default();
    // Most lines hold no backslash: then a string ends at the next quote, and the scan need
    // not look for escapes.
    let ok = if !has_backslash(line) {
        members::<false>(line, &mut found)
    } else {
        members::<true>(line, &mut found)
    };
    if !ok && found.msg.is_none() && found.lvl.is_none() && found.time.is_none() {
        return None;
    }
    Some(found)
}

/// A JSON-lines record; `None` when the line is not an object (a stack trace printed raw
/// between JSON lines, say).
pub(crate) fn parse<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    let start = super::text::skip_spaces(line, 0);
    if line.get(start) != Some(&b'{') {
        return None;
    }
    let f = scan(&line[start..])?;
    let message = f.message().unwrap_or(Cow::Borrowed(line));
    let level = f.level().or_else(|| {
        if f.docker() {
            super::text::infer_level(&message)
        } else {
            None
        }
    });
    Some(Record {
        timestamp: f.time.and_then(|(_, v)| time_value(v, ctx)),
        level,
        origin: f.origin.map(|(_, v, escaped)| unescape_scanned(v, escaped)),
        message,
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// True when the line is an object with Docker json-file's keys. (Its time is not read: the
/// keys tell.)
pub(crate) fn is_docker(line: &[u8], _: &mut TimeContext) -> bool {
    let start = super::text::skip_spaces(line, 0);
    line.get(start) == Some(&b'{') && scan(&line[start..]).is_some_and(|f| f.docker())
}

#[cfg(test)]
#[path = "json_reference.rs"]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &[u8]) -> Record<'_> {
        let mut ctx = TimeContext::utc(Timestamp(0));
        parse(line, &mut ctx).expect("json")
    }

    fn ts(r: &Record) -> String {
        r.timestamp.unwrap().to_rfc3339()
    }

    #[test]
    fn zap_logrus_slog_zerolog() {
        let r = p(br#"{"level":"error","ts":1700000000.5,"caller":"x.go:1","msg":"dial failed","error":"refused"}"#);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"dial failed");
        assert_eq!(ts(&r), "2023-11-14T22:13:20.5Z");
        let r = p(
            br#"{"level":"warning","msg":"slow \"query\"\n","time":"2024-01-15T10:30:00+01:00"}"#,
        );
        assert_eq!(r.level, Some(Level::Warn));
        assert_eq!(&*r.message, b"slow \"query\"\n");
        assert_eq!(ts(&r), "2024-01-15T09:30:00Z");
        let r = p(br#"{"time":"2024-01-15T10:30:00.123Z","level":"ERROR+2","msg":"x","source":{"file":"a.go"}}"#);
        assert_eq!(r.level, Some(Level::Error));
        let r = p(br#"{"level":"debug","time":"2024-01-15T10:30:00Z","message":"hello \u00e9\ud83d\ude00"}"#);
        assert_eq!(&*r.message, "hello é😀".as_bytes());
        assert_eq!(r.level, Some(Level::Debug));
    }

    /// MongoDB's structured log (4.4 and later) writes its time as `"t":{"$date":…}` and its
    /// severity as one letter in `"s"`: every line was read with no time and no level, so a
    /// mongod's errors and fatal assertions were not counted.
    #[test]
    fn mongodb_time_and_severity() {
        let r = p(br#"{"t":{"$date":"2026-11-26T12:00:02.123+01:00"},"s":"E",  "c":"STORAGE",  "id":22435,   "ctx":"initandlisten","msg":"WiredTiger error message","attr":{"error":28}}"#);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(ts(&r), "2026-11-26T11:00:02.123Z");
        assert_eq!(&*r.message, b"WiredTiger error message");
        let r = p(br#"{"t":{"$date":"2026-11-26T12:00:03.000+00:00"},"s":"F",  "c":"-",        "id":23091,   "ctx":"main","msg":"Fatal assertion"}"#);
        assert_eq!(r.level, Some(Level::Critical));
        let r = p(br#"{"t":{"$date":"2026-11-26T12:00:04.000+00:00"},"s":"D2", "c":"COMMAND",  "id":21965,   "ctx":"conn1","msg":"About to run the command"}"#);
        assert_eq!(r.level, Some(Level::Debug));
        // A number under `s` (seconds, a size) is no level, nor one under `t` a time.
        let r = p(br#"{"msg":"request done","s":3,"t":5}"#);
        assert_eq!((r.level, r.timestamp), (None, None));
    }

    #[test]
    fn invalid_escapes_are_kept_as_written() {
        // Hand-built JSON with a Windows path: the backslashes are part of what the line says.
        let r = p(br#"{"level":"error","msg":"cannot open C:\data\x.txt: \q \u12 \/ok"}"#);
        assert_eq!(&*r.message, br"cannot open C:\data\x.txt: \q \u12 /ok");
        let r = p(b"{\"level\":\"error\",\"msg\":\"bad \\\xc3\\ byte\"}");
        assert_eq!(&*r.message, b"bad \\\xc3\\ byte");
    }

    #[test]
    fn bunyan_pino_numeric_levels() {
        let r = p(br#"{"name":"app","hostname":"h","pid":1,"level":50,"msg":"boom","time":"2024-01-15T10:30:00.000Z","v":0}"#);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"app"[..]));
        let r = p(br#"{"level":60,"time":1700000000000,"pid":1,"msg":"fatal"}"#);
        assert_eq!(r.level, Some(Level::Critical));
        assert_eq!(ts(&r), "2023-11-14T22:13:20Z");
        let r = p(br#"{"level":30,"time":1700000000123,"msg":"ok"}"#);
        assert_eq!(r.level, Some(Level::Info));
    }

    #[test]
    fn serilog_structlog_tracing() {
        let r = p(br#"{"@t":"2024-01-15T10:30:00.1234567Z","@mt":"Processed {Count}","Count":3}"#);
        assert_eq!(r.level, Some(Level::Info));
        assert_eq!(&*r.message, b"Processed {Count}");
        let r = p(br#"{"@t":"2024-01-15T10:30:00Z","@m":"Disk full","@mt":"Disk {x}","@l":"Error","@x":"System.IO"}"#);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"Disk full");
        let r = p(br#"{"Timestamp":"2024-01-15T10:30:00+00:00","Level":"Warning","MessageTemplate":"t {a}","RenderedMessage":"t 1","Properties":{"a":1}}"#);
        assert_eq!(r.level, Some(Level::Warn));
        assert_eq!(&*r.message, b"t 1");
        let r = p(br#"{"event":"user logged in","level":"info","logger":"auth","timestamp":"2024-01-15T10:30:00Z"}"#);
        assert_eq!(&*r.message, b"user logged in");
        assert_eq!(r.origin.as_deref(), Some(&b"auth"[..]));
        let r = p(br#"{"timestamp":"2024-01-15T10:30:00.000000Z","level":"ERROR","fields":{"message":"request failed","status":500},"target":"app::http"}"#);
        assert_eq!(&*r.message, b"request failed");
        assert_eq!(r.origin.as_deref(), Some(&b"app::http"[..]));
    }

    #[test]
    fn java_and_ecs_and_cloud() {
        let r = p(br#"{"instant":{"epochSecond":1700000000,"nanoOfSecond":123456000},"thread":"main","level":"ERROR","loggerName":"com.x.App","message":"boom","thrown":{"name":"java.io.IOException"}}"#);
        assert_eq!(r.timestamp.unwrap().0, 1_700_000_000_123_456);
        assert_eq!(r.origin.as_deref(), Some(&b"com.x.App"[..]));
        let r = p(br#"{"timeMillis":1700000000000,"level":"WARN","message":"m"}"#);
        assert_eq!(r.timestamp.unwrap().unix_seconds(), 1_700_000_000);
        let r = p(br#"{"@timestamp":"2024-01-15T10:30:00.000Z","@version":"1","message":"m","logger_name":"x","level":"ERROR","level_value":40000}"#);
        assert_eq!(r.level, Some(Level::Error));
        let r = p(br#"{"@timestamp":"2024-01-15T10:30:00.000Z","log.level":"warn","message":"m","ecs.version":"1.2.0"}"#);
        assert_eq!(r.level, Some(Level::Warn));
        let r = p(br#"{"@timestamp":"2024-01-15T10:30:00.000Z","log":{"level":"error","logger":"svc"},"message":"m"}"#);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"svc"[..]));
        let r =
            p(br#"{"severity":"ERROR","textPayload":"crash","timestamp":"2024-01-15T10:30:00Z"}"#);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"crash");
        let r = p(br#"{"severity":"WARNING","jsonPayload":{"message":"slow"},"timestamp":{"seconds":1700000000,"nanos":5000}}"#);
        assert_eq!(&*r.message, b"slow");
        assert_eq!(r.timestamp.unwrap().0, 1_700_000_000_000_005);
        let r = p(br#"{"timeUnixNano":"1700000000000000000","severityNumber":17,"severityText":"","body":{"stringValue":"otel msg"}}"#);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"otel msg");
    }

    #[test]
    fn journal_json() {
        let r = p(br#"{"_COMM":"python3","PRIORITY":"3","SYSLOG_IDENTIFIER":"app","MESSAGE":"Traceback\n  File","_SYSTEMD_UNIT":"app.service","__REALTIME_TIMESTAMP":"1700000004523456"}"#);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"app.service"[..]));
        assert_eq!(&*r.message, b"Traceback\n  File");
        assert_eq!(r.timestamp.unwrap().0, 1_700_000_004_523_456);
        let r = p(br#"{"PRIORITY":"6","MESSAGE":[98,105,110,7,10,115],"_COMM":"app"}"#);
        assert_eq!(&*r.message, b"bin\x07\ns");
        assert_eq!(r.origin.as_deref(), Some(&b"app"[..]));
        let r = p(br#"{"PRIORITY":"4","MESSAGE":null}"#);
        assert_eq!(&*r.message, b"");
        let r = p(br#"{"MESSAGE":["first",[104,105]],"PRIORITY":"6"}"#);
        assert_eq!(&*r.message, b"first");
    }

    #[test]
    fn docker_json_file() {
        let mut ctx = TimeContext::utc(Timestamp(0));
        let line = br#"{"log":"ERROR could not connect\n","stream":"stderr","time":"2023-10-06T00:17:09.669794202Z"}"#;
        assert!(is_docker(line, &mut ctx));
        let r = p(line);
        assert_eq!(&*r.message, b"ERROR could not connect");
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(ts(&r), "2023-10-06T00:17:09.669794Z");
    }

    #[test]
    fn keys_have_the_roles_of_the_reference() {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for (k, _) in KEYS.iter().chain(FOLDED_KEYS) {
            keys.push(k.as_bytes().to_vec());
        }
        keys.extend(
            [
                "_SOURCE_REALTIME_TIMESTAMP",
                "__REALTIME_TIMESTAMP",
                "SYSLOG_IDENTIFIER",
                "",
                "\\u006dsg",
                "Ｍsg",
                "MSG\0",
                "msg\0",
                "@MT",
                "[evel",
            ]
            .map(|k| k.as_bytes().to_vec()),
        );
        for k in keys.clone() {
            keys.push(k.to_ascii_uppercase());
            keys.push(k.to_ascii_lowercase());
            let mut capital = k.to_ascii_lowercase();
            if let Some(c) = capital.first_mut() {
                c.make_ascii_uppercase();
            }
            keys.push(capital);
            for n in 0..k.len() {
                keys.push(k[..n].to_vec());
                keys.push(k[n + 1..].to_vec());
            }
            keys.push([&k[..], b"s"].concat());
            keys.push([&b"x"[..], &k].concat());
        }
        for k in &keys {
            assert_eq!(
                format!("{:?}", role(k)),
                format!("{:?}", reference::role(k)),
                "{}",
                String::from_utf8_lossy(k)
            );
        }
    }

    #[test]
    fn level_names_read_fast_are_what_the_look_up_says() {
        for name in ["info", "debug", "warn", "warning", "error", "trace"] {
            for n in [name.to_string(), name.to_ascii_uppercase()] {
                let quoted = format!("\"{n}\"");
                assert_eq!(
                    level_value(quoted.as_bytes(), Scale::Name),
                    Level::from_name(n.as_bytes())
                );
            }
        }
    }

    /// Bytes for the word-at-a-time scanners: mostly plain, with every byte they test for or
    /// may mark by mistake (`!` to `+` next to the comma, `]` next to `}`, control bytes).
    fn scan_bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let special = prop::sample::select(
            &b"\"\\,}]{[ \t\r\n\x00\x01\x0b!#+-.:09eE\\\x7f\x80\xa2\xac\xdd\xff"[..],
        );
        prop::collection::vec(prop_oneof![6 => Just(b'a'), 1 => special], 0..90)
    }

    proptest::proptest! {
        /// The word scans find the byte a byte-by-byte search finds, wherever it lies in its
        /// word and around the 32-byte step.
        #[test]
        fn word_scans_agree_with_byte_loops(b in scan_bytes(), at in 0usize..90) {
            let i = at.min(b.len());
            proptest::prop_assert_eq!(
                quote_from(&b, i),
                b[i..].iter().position(|&c| c == b'"').map(|k| i + k)
            );
            let r = &b[i..];
            proptest::prop_assert_eq!(
                scalar_len(r),
                r.iter().position(|&c| ends_scalar(c)).unwrap_or(r.len())
            );
            proptest::prop_assert_eq!(has_backslash(&b), b.contains(&b'\\'));
        }
    }

    #[test]
    fn broken_objects_do_not_panic() {
        let mut ctx = TimeContext::utc(Timestamp(0));
        for l in [
            &br#"{"msg":"unterminated"#[..],
            br#"{"msg""#,
            br#"{"a":[1,2"#,
            br#"{"msg":"x\"#,
            br#"{"MESSAGE":[300,1]}"#,
            b"{",
            b"{}",
            br#"{"level":"\u12"}"#,
        ] {
            let _ = parse(l, &mut ctx);
        }
    }

    #[test]
    fn times_past_the_clock_are_no_times() {
        let mut ctx = TimeContext::utc(Timestamp(0));
        for l in [
            &br#"{"level":"error","msg":"x","instant":{"epochSecond":18446744073709551615,"nanoOfSecond":999999999}}"#[..],
            br#"{"level":"error","msg":"x","instant":{"epochSecond":9223372036854,"nanoOfSecond":1}}"#,
            br#"{"level":"error","msg":"x","ts":"9999999999999999999"}"#,
        ] {
            let r = parse(l, &mut ctx).expect("a JSON line");
            assert_eq!(r.timestamp.and_then(Timestamp::plausible), None, "{r:?}");
        }
    }
}
