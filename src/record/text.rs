//! Byte-level helpers shared by the parsers: ANSI escape stripping, whitespace tokens, small
//! digit readers and the cheap level inference used where a format has no level field.
//!
//! Everything here runs on the hot path of some format, so it works on `&[u8]` without
//! allocating (except `strip_ansi`, which only runs on lines that contain an ESC byte).

use super::Level;

/// The line without a trailing `\r` (CRLF files).
#[inline]
pub(crate) fn strip_cr(line: &[u8]) -> &[u8] {
    match line.last() {
        Some(b'\r') => &line[..line.len() - 1],
        _ => line,
    }
}

#[inline]
pub(crate) fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Index of the first byte at or after `i` that is not a space or tab.
#[inline]
pub(crate) fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    i
}

/// Index of the first space or tab at or after `i` (or the end).
#[inline]
pub(crate) fn token_end(b: &[u8], mut i: usize) -> usize {
    // Eight bytes at a time (tokens are mostly a few words long), then byte by byte.
    while let Some(w) = word_at(b, i) {
        let m = bytes_equal(w, b' ') | bytes_equal(w, b'\t');
        if m != 0 {
            return i + first_marked(m);
        }
        i += 8;
    }
    while i < b.len() && !is_space(b[i]) {
        i += 1;
    }
    i
}

/// Index of the first `"` or backslash at or after `i`: where a JSON or logfmt quoted string ends
/// or has an escape. Short strings (most keys and values) are scanned eight bytes at a time;
/// past 32 bytes, memchr's vector search takes over.
#[inline]
pub(crate) fn find_quote_or_escape(b: &[u8], mut i: usize) -> Option<usize> {
    let short = i + 32;
    while i < short {
        let Some(w) = word_at(b, i) else {
            return b
                .get(i..)?
                .iter()
                .position(|&c| c == b'"' || c == b'\\')
                .map(|p| i + p);
        };
        let m = bytes_equal(w, b'"') | bytes_equal(w, b'\\');
        if m != 0 {
            return Some(i + first_marked(m));
        }
        i += 8;
    }
    memchr::memchr2(b'"', b'\\', &b[i..]).map(|p| i + p)
}

// SWAR ("SIMD within a register") helpers: eight bytes in a `u64`, little-endian, so that the
// lowest marked byte is the first in the slice. Safe code and no target features: this is what
// makes scanning short keys and values cheaper than a byte loop or a memchr call.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `i`, when there are eight.
#[inline]
pub(crate) fn word_at(b: &[u8], i: usize) -> Option<u64> {
    let s: [u8; 8] = b.get(i..i.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(s))
}

/// High bit set in every byte of `w` equal to `c`. Bytes above the first match may be marked
/// wrongly (borrows); the lowest marked byte is always a true match, which is all we use.
#[inline]
pub(crate) fn bytes_equal(w: u64, c: u8) -> u64 {
    let x = w ^ (LO * c as u64);
    x.wrapping_sub(LO) & !x & HI
}

/// High bit set in exactly the bytes of `w` below `n` (`n` at most 0x80).
#[inline]
pub(crate) fn bytes_below(w: u64, n: u8) -> u64 {
    !(((w & !HI) + LO * (0x80 - n) as u64) | w) & HI
}

/// Index (0..8) of the lowest marked byte of a non-zero mask.
#[inline]
pub(crate) fn first_marked(m: u64) -> usize {
    (m.trailing_zeros() / 8) as usize
}

/// Surrounding spaces, tabs and line ends removed.
pub(crate) fn trim(b: &[u8]) -> &[u8] {
    let mut s = 0;
    let mut e = b.len();
    while s < e && (is_space(b[s]) || b[s] == b'\r' || b[s] == b'\n') {
        s += 1;
    }
    while e > s && (is_space(b[e - 1]) || b[e - 1] == b'\r' || b[e - 1] == b'\n') {
        e -= 1;
    }
    &b[s..e]
}

/// The value of exactly `n` ASCII digits at `b[i..i + n]`; `None` past 9 digits, which a `u32`
/// may not hold.
#[inline]
pub(crate) fn digits(b: &[u8], i: usize, n: usize) -> Option<u32> {
    if n > 9 {
        return None;
    }
    let s = b.get(i..i + n)?;
    let mut v = 0u32;
    for &c in s {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u32;
    }
    Some(v)
}

/// Number of consecutive ASCII digits starting at `i`.
#[inline]
pub(crate) fn count_digits(b: &[u8], mut i: usize) -> usize {
    let s = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i - s
}

/// A whole token of ASCII digits as a number (at most 19 digits, which always fit).
pub(crate) fn parse_u64(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut v = 0u64;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u64;
    }
    Some(v)
}

/// Removes ANSI escape sequences: CSI (`ESC [ … final`), the string sequences OSC (`ESC ] …`,
/// terminal hyperlinks), APC (`ESC _ …`, Buildkite's timestamps), DCS, PM and SOS, each ended by
/// BEL or ST, and two-byte escapes. CI runners and coloured loggers leave them in files; they
/// would split tokens and hide headers.
pub(crate) fn strip_ansi(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let c = line[i];
        if c != 0x1b {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        match line.get(i) {
            Some(b'[') => {
                i += 1;
                // Parameter and intermediate bytes, then one final byte in 0x40..=0x7e.
                while i < line.len() && !(0x40..=0x7e).contains(&line[i]) {
                    i += 1;
                }
                i += 1;
            }
            Some(b']' | b'_' | b'P' | b'^' | b'X') => {
                i += 1;
                while i < line.len() {
                    if line[i] == 0x07 {
                        i += 1;
                        break;
                    }
                    if line[i] == 0x1b && line.get(i + 1) == Some(&b'\\') {
                        i += 2;
                        break;
                    }
                    i += 1;
                }
            }
            Some(_) => i += 1,
            None => {}
        }
    }
    out
}

/// A word of the level vocabulary at the start of `w` (already known to start a word).
/// Returns the level and the word's length.
#[inline]
fn level_word(w: &[u8]) -> Option<(Level, usize)> {
    // Lower-case the first 9 bytes into a small buffer: enough for the longest word.
    let mut buf = [0u8; 10];
    let mut n = 0;
    while n < buf.len() && n < w.len() && w[n].is_ascii_alphabetic() {
        buf[n] = w[n].to_ascii_lowercase();
        n += 1;
    }
    if n < 4 || n >= buf.len() {
        return None;
    }
    // The word must end here: `error_count`, `errorCode2` and `warnings.go` are not levels.
    if let Some(&c) = w.get(n) {
        if c.is_ascii_alphanumeric()
            || c == b'_'
            || c == b'.' && w.get(n + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            return None;
        }
    }
    let level = match &buf[..n] {
        b"error" | b"errors" | b"failed" | b"failure" | b"failures" | b"exception" => Level::Error,
        b"fatal" | b"panic" | b"critical" => Level::Critical,
        b"warn" | b"warning" | b"warnings" => Level::Warn,
        _ => return None,
    };
    Some((level, n))
}

/// True when the word before `start` (skipping spaces) is a count of none: `0 errors`,
/// `no errors`, `without failures`.
pub(crate) fn negated_before(b: &[u8], start: usize) -> bool {
    let mut e = start;
    while e > 0 && b[e - 1] == b' ' {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && b[s - 1].is_ascii_alphanumeric() {
        s -= 1;
    }
    let w = &b[s..e];
    w == b"0"
        || w.eq_ignore_ascii_case(b"no")
        || w.eq_ignore_ascii_case(b"zero")
        || w.eq_ignore_ascii_case(b"without")
        || w.eq_ignore_ascii_case(b"ignoring")
}

/// True when the word at `start..end` is a key with a null value: `errors=0`, `failed: 0`,
/// `error=nil`.
pub(crate) fn null_value_after(b: &[u8], end: usize) -> bool {
    let mut i = end;
    if i < b.len() && (b[i] == b'=' || b[i] == b':') {
        // After `:` only a zero count (`Errors: 0`): `panic: nil map` and `error: none of …`
        // are messages.
        let colon = b[i] == b':';
        i += 1;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let v = &b[i..token_end(b, i)];
        let v = v
            .strip_suffix(b",")
            .or_else(|| v.strip_suffix(b";"))
            .unwrap_or(v);
        if colon {
            return v == b"0";
        }
        return v == b"0"
            || v.eq_ignore_ascii_case(b"false")
            || v.eq_ignore_ascii_case(b"nil")
            || v.eq_ignore_ascii_case(b"none")
            || v.eq_ignore_ascii_case(b"null")
            || v.is_empty() && i >= b.len();
    }
    false
}

/// The level a program wrote at the start of its own message, inside a wrapper that has no
/// level of its own (a syslog line without a priority): `DEBUG:  autovacuum: processing`
/// (PostgreSQL, also `DEBUG1`..`DEBUG5`), `INFO ingest::sink: flushed batch`. Only an
/// upper-case level word followed by a colon, a space or nothing counts, so that a sentence
/// that starts with `Error` or `Info` is left to [`infer_level`].
pub(crate) fn leading_level(b: &[u8]) -> Option<Level> {
    let end = b
        .iter()
        .position(|c| !c.is_ascii_uppercase())
        .unwrap_or(b.len());
    let word = &b[..end];
    let rest = &b[end..];
    let (word_level, rest) = match rest.first() {
        // PostgreSQL's DEBUG1..DEBUG5.
        Some(b'1'..=b'5') if word == b"DEBUG" => (Some(Level::Debug), &rest[1..]),
        _ => (None, rest),
    };
    if !matches!(rest.first(), None | Some(b':' | b' ')) {
        return None;
    }
    word_level.or(match word {
        b"TRACE" => Some(Level::Trace),
        b"DEBUG" => Some(Level::Debug),
        b"INFO" => Some(Level::Info),
        b"NOTICE" => Some(Level::Notice),
        b"WARN" | b"WARNING" => Some(Level::Warn),
        b"ERROR" => Some(Level::Error),
        b"FATAL" | b"CRITICAL" | b"PANIC" => Some(Level::Critical),
        _ => None,
    })
}

/// Infers a level from message text, for formats without a level field: the gravest of the
/// words `fatal`, `panic`, `critical` (Critical), `error`, `exception`, `failed`, `failure`
/// (Error), `warn`, `warning` (Warn), matched as whole words in any case. Counts of none
/// (`0 errors`, `no errors`, `errors=0`) do not count.
///
/// One pass over the bytes, looking closer only at word starts whose first letter can begin
/// one of the words.
pub(crate) fn infer_level(b: &[u8]) -> Option<Level> {
    // A SIMD multi-literal search finds the few places where a level word may start; only
    // those are looked at. Levels are written in lower case, upper case or capitalised; other
    // mixes (`eRRoR`) are not looked for.
    match level_finder() {
        LevelFinder::Packed(s) => level_at(b, s.find_iter(b).map(|m| m.start())),
        LevelFinder::Automaton(a) => level_at(b, a.find_iter(b).map(|m| m.start())),
    }
}

/// The gravest level word starting at one of `starts` (ascending).
fn level_at(b: &[u8], starts: impl Iterator<Item = usize>) -> Option<Level> {
    let mut best: Option<Level> = None;
    for i in starts {
        // A level word must start a word, and words include `_` and `.` (`log.error`,
        // `error_count` and identifiers are not words of a message).
        if i > 0 && WORD_CLASS[b[i - 1] as usize] != 0 {
            continue;
        }
        // Nor the tail of a hyphenated name (`libgpg-error`, `on-failure`).
        if i > 1 && b[i - 1] == b'-' && b[i - 2].is_ascii_alphanumeric() {
            continue;
        }
        if let Some((level, len)) = level_word(&b[i..]) {
            let plural = matches!(b[i + len - 1] | 0x20, b's');
            let skip = (plural && negated_before(b, i)) || null_value_after(b, i + len);
            if !skip && best.is_none_or(|l| level > l) {
                best = Some(level);
                if level == Level::Critical {
                    return best;
                }
            }
        }
    }
    best
}

/// The stem search: aho-corasick's packed (Teddy) searcher on its own where the CPU has one,
/// which skips the automaton layer around it (a large share of the cost on short lines);
/// the full automaton elsewhere. All stems are four bytes and distinct, so both report the
/// same non-overlapping leftmost matches.
enum LevelFinder {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

/// The first four letters of every level word `level_word` knows, in the three usual cases.
fn level_stems() -> Vec<String> {
    let stems = ["erro", "fail", "exce", "fata", "pani", "crit", "warn"];
    let mut pats = Vec::new();
    for s in stems {
        pats.push(s.to_string());
        pats.push(s.to_ascii_uppercase());
        let mut cap = s.to_string();
        cap[..1].make_ascii_uppercase();
        pats.push(cap);
    }
    pats
}

fn level_finder() -> &'static LevelFinder {
    static FINDER: std::sync::OnceLock<LevelFinder> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| {
        let pats = level_stems();
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(&pats)
            .build();
        match packed {
            Some(s) => LevelFinder::Packed(s),
            // Leftmost-first: the SIMD (Teddy) prefilter only serves leftmost match kinds.
            None => LevelFinder::Automaton(
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .build(pats)
                    .expect("fixed literal set"),
            ),
        }
    })
}

/// Byte classes for `infer_level`: 0 ends a word, 1 continues one, `START` may start a level
/// word (`e f p c w` in either case).
const START: u8 = 2;
static WORD_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' {
            match b | 0x20 {
                b'e' | b'f' | b'p' | b'c' | b'w' if b.is_ascii_alphabetic() => START,
                _ => 1,
            }
        } else {
            0
        };
        c += 1;
    }
    t
};

/// Lines read only in part because they were longer than a reader's cap, and the bytes of
/// theirs that were skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cut {
    pub lines: u64,
    pub bytes: u64,
}

/// Hands `f` each line of `r` with its 1-based number, without its `\n` or a CRLF's `\r`, and
/// read up to `cap` bytes: the rest of a longer line is skipped, and returned counted.
pub(crate) fn each_line<R: std::io::BufRead>(
    mut r: R,
    cap: usize,
    mut f: impl FnMut(u64, &[u8]),
) -> std::io::Result<Cut> {
    let mut buf = Vec::new();
    let mut cut = Cut::default();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        if !read_line_capped(&mut r, &mut buf, cap, &mut cut)? {
            return Ok(cut);
        }
        line_no += 1;
        f(line_no, strip_cr(buf.strip_suffix(b"\n").unwrap_or(&buf)));
    }
}

/// A line of text between the entries of a stream read whole (a program's own output, text
/// before the first entry): a record of its own, its level read from its words.
pub(crate) fn outside_entry(text: &[u8]) -> super::Record<'_> {
    let mut rec = super::Record::plain(text);
    rec.header = true;
    rec.level = infer_level(text);
    rec
}

/// Reads one line (with its `\n`) into `buf`, keeping at most `cap` bytes of it and skipping
/// the rest, which `cut` counts: false at the end of the input.
fn read_line_capped<R: std::io::BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
    cut: &mut Cut,
) -> std::io::Result<bool> {
    let mut any = false;
    let mut skipped = 0u64;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = cap.saturating_sub(buf.len());
        let kept = take.min(room);
        buf.extend_from_slice(&available[..kept]);
        // The `\n` of a cut line is not text that was lost.
        skipped += (take - kept - usize::from(done && kept < take)) as u64;
        r.consume(take);
        if done {
            break;
        }
    }
    if skipped > 0 {
        cut.lines += 1;
        cut.bytes += skipped;
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_codes_are_removed() {
        assert_eq!(strip_ansi(b"\x1b[36;1mhello\x1b[0m"), b"hello");
        assert_eq!(strip_ansi(b"\x1b[0Ksection\x1b[0K"), b"section");
        assert_eq!(strip_ansi(b"\x1b]8;;http://x\x07link\x1b]8;;\x07"), b"link");
        assert_eq!(strip_ansi(b"truncated \x1b["), b"truncated ");
        // Buildkite's timestamp (an APC string), and a DCS string ended by ST.
        assert_eq!(
            strip_ansi(b"\x1b_bk;t=1705312802123\x07npm ERR! code ELIFECYCLE"),
            b"npm ERR! code ELIFECYCLE"
        );
        assert_eq!(strip_ansi(b"a\x1bPq#0;2;0;0;0\x1b\\b"), b"ab");
        assert_eq!(strip_ansi(b"a\x1b^private\x07b\x1bXstring\x1b\\c"), b"abc");
    }

    #[test]
    fn levels_inferred_from_words() {
        assert_eq!(
            infer_level(b"libgpg-error \xe2\x9c\x94"),
            None,
            "a package name"
        );
        assert_eq!(infer_level(b"Restart=on-failure"), None);
        assert_eq!(infer_level(b"connect failed: refused"), Some(Level::Error));
        assert_eq!(infer_level(b"ERROR: disk full"), Some(Level::Error));
        assert_eq!(infer_level(b"[warning] slow"), Some(Level::Warn));
        assert_eq!(
            infer_level(b"panic: runtime error: index out of range"),
            Some(Level::Critical)
        );
        assert_eq!(
            infer_level(b"Traceback: Exception raised"),
            Some(Level::Error)
        );
        assert_eq!(infer_level(b"3 errors generated."), Some(Level::Error));
        assert_eq!(infer_level(b"all good"), None);
    }

    #[test]
    fn packed_and_automaton_stem_searches_agree() {
        let LevelFinder::Packed(packed) = level_finder() else {
            return; // no packed searcher on this CPU: only the automaton is used
        };
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(level_stems())
            .unwrap();
        let words: &[&[u8]] = &[
            b"error", b"ERRO", b"Fail", b"warn", b"x", b" ", b"exce", b"PANIC", b"crit", b"e",
            b"rr", b"fata", b"Warning", b"\xff", b"0",
        ];
        let mut seed = 11u64;
        for len in 0..60 {
            for _ in 0..50 {
                let mut line = Vec::new();
                for _ in 0..len {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    line.extend_from_slice(words[(seed >> 33) as usize % words.len()]);
                }
                let a: Vec<usize> = packed.find_iter(&line).map(|m| m.start()).collect();
                let b: Vec<usize> = automaton.find_iter(&line).map(|m| m.start()).collect();
                assert_eq!(a, b, "{:?}", String::from_utf8_lossy(&line));
            }
        }
    }

    #[test]
    fn no_false_positives_on_counts_and_identifiers() {
        assert_eq!(infer_level(b"build finished with 0 errors"), None);
        assert_eq!(infer_level(b"no errors found"), None);
        assert_eq!(infer_level(b"error_count=0 ok"), None);
        assert_eq!(infer_level(b"errors=0 warnings=0"), None);
        assert_eq!(infer_level(b"ok=3 changed=1 failed=0"), None);
        assert_eq!(infer_level(b"Errors: 0, Warnings: 0"), None);
        assert_eq!(infer_level(b"panic: nil map"), Some(Level::Critical));
        assert_eq!(infer_level(b"loading warnings.go and errorsx"), None);
        assert_eq!(infer_level(b"NullPointerException thrown"), None);
    }
}
