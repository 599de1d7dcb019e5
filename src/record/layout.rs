//! Generic layouts: the header of an unfamiliar log, learned from its first lines.
//!
//! Most line-oriented logs start with a run of header columns (date, time, pid, thread,
//! level, component) and end with free text. We cut each sample line into whitespace
//! columns (a `[…]` group counts as one column even with spaces inside), give every column a
//! shape class (number, date/time-like, level word, bracket, separator, other word) and keep
//! the columns whose class is the same in nearly every headed line: the header runs to the
//! last such column. After it, a `component:` column (possibly after one word, as in `host
//! tag[pid]:`) or a few words followed by a lone separator (`-`, `:`, `|`) are taken off too
//! when most lines have them (`org.x.Y: msg`, `com.x.Y - msg`, `chrome.exe *64 - msg`).
//! Headers whose fields are joined by `|` without spaces (`time|component|pid|msg`) are
//! learned the same way with `|` as a column break.
//!
//! Nothing here knows any particular system: the layout is what the sample's columns agree on.
//! A line that does not fit the layout (an indented stack frame, a wrapped message) is read
//! as a header-less continuation.

use std::borrow::Cow;

use super::stamp::{self, Epoch};
use super::text::{infer_level, is_space, skip_spaces};
use super::{Level, Record, TimeContext};

/// Columns looked at; headers longer than this are not learned.
const MAX_COLS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Class {
    /// Digits only (pids, ids, epoch seconds).
    Num,
    /// Digits with date/time punctuation (`2015-10-18`, `18:01:47,978`, `10.1.2.3:80`).
    Stamp,
    /// A level name, bare or in brackets (`INFO`, `[error]`, `<warn>`, `ERROR:`).
    Level,
    /// A one-byte level mark after the time (Redis's `.` `-` `*` `#`). Never what
    /// [`classify`] answers: a column is given it by [`learn`] when its lines agree on marks,
    /// and a layout keeps it as [`Layout::mark`].
    Mark,
    /// A `[…]` group (thread, component, timestamp).
    Bracket,
    /// Punctuation alone (`-`, `--`, `|`, `:`, `>`).
    Sep,
    /// Anything else.
    Word,
}

impl Class {
    /// Numbers and date-like tokens are one class when matching lines: a column of ids may
    /// hold `1` in one line and `1.5` in another.
    fn same(self, other: Class) -> bool {
        self == other
            || matches!(
                (self, other),
                (Class::Num, Class::Stamp) | (Class::Stamp, Class::Num)
            )
    }
}

/// Token spans of a line: start and end offsets.
type Spans = ([(u32, u32); MAX_COLS + 4], usize);

/// Index after the spaces at `i` and, in `pipe` layouts, one `|` and the spaces after it.
fn next_col(b: &[u8], i: usize, pipe: bool) -> usize {
    let i = skip_spaces(b, i);
    if pipe && b.get(i) == Some(&b'|') {
        skip_spaces(b, i + 1)
    } else {
        i
    }
}

/// End of a plain column starting at `i`: the next space (or `|` in pipe layouts).
fn col_end(b: &[u8], mut i: usize, pipe: bool) -> usize {
    if !pipe {
        return super::text::token_end(b, i);
    }
    while i < b.len() && !is_space(b[i]) && !(pipe && b[i] == b'|') {
        i += 1;
    }
    i
}

/// Cuts the first `max` whitespace-separated columns of `b`; a column starting with `[` runs
/// to its matching `]` (nested brackets count) when that comes before the end of the line.
fn columns(b: &[u8], max: usize, pipe: bool) -> Spans {
    let mut out = [(0u32, 0u32); MAX_COLS + 4];
    let mut n = 0;
    let mut i = skip_spaces(b, 0);
    let max = max.min(out.len());
    while i < b.len() && n < max {
        let s = i;
        i = column_end(b, i, pipe);
        out[n] = (s as u32, i as u32);
        n += 1;
        i = next_col(b, i, pipe);
    }
    (out, n)
}

/// End of the column starting at `i` (not past the end of `b`): a `[` group runs to its
/// matching `]` when that is within 256 bytes, and on to the next space, or to the next group
/// glued to it when the groups start the line.
#[inline]
fn column_end(b: &[u8], i: usize, pipe: bool) -> usize {
    if b[i] == b'[' {
        match bracket_end(b, i) {
            // Glued groups that start the line (`[time][LEVEL ][logger   ]`) are columns of
            // their own; in a message (`Exception: [es-2][10.0.0.2:9300]`) they stay one.
            Some(e) if b.get(e) == Some(&b'[') && (i == 0 || b[i - 1] == b']') => e,
            // `[x]y` glued to more text is still one token up to the next space.
            Some(e) => col_end(b, e, pipe),
            None => col_end(b, i, pipe),
        }
    } else {
        col_end(b, i, pipe)
    }
}

/// The index after the `]` matching the `[` at `i`, within 256 bytes, brackets counted (only
/// they are looked at), found eight bytes at a time.
#[inline]
fn bracket_end(b: &[u8], i: usize) -> Option<usize> {
    use super::text::{bytes_equal, first_marked, word_at};
    let window = &b[i..b.len().min(i + 256)];
    let mut depth = 0usize;
    let mut j = 0;
    loop {
        let k = match word_at(window, j) {
            Some(w) => {
                // The lowest marked byte is a true `[` or `]` (higher ones may not be).
                let m = bytes_equal(w, b'[') | bytes_equal(w, b']');
                if m == 0 {
                    j += 8;
                    continue;
                }
                j + first_marked(m)
            }
            None => j + window[j..].iter().position(|&c| c == b'[' || c == b']')?,
        };
        if window[k] == b'[' {
            depth += 1;
        } else {
            depth -= 1;
            if depth == 0 {
                return Some(i + k + 1);
            }
        }
        j = k + 1;
    }
}

/// The level a token names, if it is a level token (at least 3 letters: single letters and
/// two-letter words are too often something else).
fn token_level(t: &[u8]) -> Option<Level> {
    let t = t.strip_suffix(b":").unwrap_or(t);
    let w = match (t.first(), t.last()) {
        (Some(b'['), Some(b']')) | (Some(b'<'), Some(b'>')) | (Some(b'('), Some(b')')) => {
            super::text::trim(&t[1..t.len() - 1])
        }
        _ => t,
    };
    if w.len() < 3 || !w.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    Level::from_name(w)
}

pub(crate) fn classify(t: &[u8]) -> Class {
    let Some(&first) = t.first() else {
        return Class::Word;
    };
    if token_level(t).is_some() {
        return Class::Level;
    }
    if first == b'[' && t.last() == Some(&b']') {
        return Class::Bracket;
    }
    if is_sep_token(t) {
        return Class::Sep;
    }
    numeric_class(t).unwrap_or(Class::Word)
}

/// Punctuation alone, one to three bytes: what [`classify`] calls [`Class::Sep`] (such a token
/// has no letter, so it is never a level word, and no `[`).
fn is_sep_token(t: &[u8]) -> bool {
    !t.is_empty()
        && t.len() <= 3
        && t.iter()
            .all(|c| matches!(c, b'-' | b'|' | b':' | b'>' | b'=' | b'~' | b'#'))
}

/// [`Class::Num`] or [`Class::Stamp`] for a token that starts with a digit (after a `-` sign)
/// and holds only digits and date punctuation; `None` for any other token. Such a token is
/// never a level word, a bracket or a separator, so this is [`classify`]'s answer for it.
fn numeric_class(t: &[u8]) -> Option<Class> {
    // Negative numbers (`-1` flags) are numbers.
    let t = match t {
        [b'-', d, ..] if d.is_ascii_digit() => &t[1..],
        _ => t,
    };
    if !t.first()?.is_ascii_digit() {
        return None;
    }
    let mut digits_only = true;
    for &c in t {
        if c.is_ascii_digit() {
            continue;
        }
        digits_only = false;
        if !matches!(
            c,
            b'-' | b'/' | b'.' | b':' | b',' | b'+' | b'T' | b'Z' | b'_'
        ) {
            return None;
        }
    }
    Some(if digits_only {
        Class::Num
    } else {
        Class::Stamp
    })
}

/// Whether `classify(t).same(c)`, without the tests that cannot change the answer: a column
/// of numbers or stamps only needs the numeric test, a separator column only the separator
/// test (the header columns of every line go through here).
fn fits(t: &[u8], c: Class) -> bool {
    match c {
        Class::Num | Class::Stamp => is_numeric(t),
        Class::Sep => is_sep_token(t),
        Class::Bracket => is_bracket(t),
        _ => classify(t).same(c),
    }
}

/// Whether `numeric_class(t).is_some()`: a digit first (after a `-` sign), then digits and
/// date punctuation. Most such tokens hold only bytes from `+` to `:` (`+,-./0-9:`), which
/// are tested eight at a time; a token with another byte is read byte by byte.
#[inline]
fn is_numeric(t: &[u8]) -> bool {
    use super::text::{bytes_below, word_at};
    const HI: u64 = 0x8080_8080_8080_8080;
    let lead = match t {
        [b'-', d, ..] if d.is_ascii_digit() => 1,
        _ => 0,
    };
    if !t.get(lead).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut i = 0;
    while let Some(w) = word_at(t, i) {
        // Exact per byte: marked when the byte is from `+` to `:`.
        let in_range = bytes_below(w, b':' + 1) & !bytes_below(w, b'+');
        if in_range != HI {
            return numeric_class(t).is_some();
        }
        i += 8;
    }
    t[i..]
        .iter()
        .all(|&c| matches!(c, b'+'..=b':') || matches!(c, b'T' | b'Z' | b'_'))
}

/// The level a one-byte mark names, as Redis (and Valkey, KeyDB) writes one after the time of
/// every line: `.` debug, `-` verbose (debug here), `*` notice, `#` warning, Redis's highest.
fn mark_level(t: &[u8]) -> Option<Level> {
    match t {
        [b'.' | b'-'] => Some(Level::Debug),
        [b'*'] => Some(Level::Notice),
        [b'#'] => Some(Level::Warn),
        _ => None,
    }
}

/// Whether [`classify`] calls `t` a [`Class::Bracket`]: a `[…]` token that is not a level
/// word. A level word in brackets holds only letters inside, spaces around them aside, so a
/// bracket holding any other byte (`[http-nio-8080-exec-7]`) needs no level lookup.
fn is_bracket(t: &[u8]) -> bool {
    if t.first() != Some(&b'[') || t.last() != Some(&b']') || t.len() < 2 {
        return false;
    }
    let inner = &t[1..t.len() - 1];
    inner
        .iter()
        .any(|&c| !c.is_ascii_alphabetic() && !matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
        || token_level(t).is_none()
}

/// One punctuation mark in brackets (`[+]`, `[-]`, `[!]`, `[*]`). First on a line, it is a
/// script's or a test runner's mark of how a step went (Pester's `[-] name 12ms` is a failed
/// test): part of what the line says, not a header column. Further on it may be one
/// (OpenStack's `[-]` for a request without an id).
fn is_check_mark(t: &[u8]) -> bool {
    matches!(t, [b'[', c, b']'] if c.is_ascii_punctuation())
}

/// A word that may name a component: no quotes or `=`, at most 100 bytes.
fn ident_like(t: &[u8]) -> bool {
    !t.is_empty()
        && t.len() <= 100
        && t.iter().any(u8::is_ascii_alphabetic)
        && !t.iter().any(|c| matches!(c, b'"' | b'\'' | b'=' | b','))
}

/// What the header of a source looks like, learned by `learn`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Layout {
    /// Columns are also broken at `|`.
    pipe: bool,
    /// Class of each header column; `None` for a column that may hold anything.
    cols: Vec<Option<Class>>,
    /// Column where the timestamp starts, whether it sits in brackets, whether it is epoch.
    time_col: Option<(usize, bool, bool)>,
    /// A `component:` column (alone or after one word) follows the header in most lines.
    component: bool,
    /// One or two words and a lone separator follow the header in most lines.
    sep_tail: bool,
    /// The bracket holding the time holds the level after it, and the origin after a `/`
    /// (Celery's `[2026-11-26 12:00:00,123: ERROR/ForkPoolWorker-2]`).
    bracket_level: bool,
    /// The column of one-byte level marks ([`Class::Mark`]), if the layout has one.
    mark: Option<usize>,
}

/// What one line's tail (after the fixed columns) holds: (origin, message start).
fn tail<'a>(b: &'a [u8], i: usize, layout: &Layout) -> (Option<&'a [u8]>, usize) {
    if layout.component {
        if let Some(c) = component(b, i) {
            return c;
        }
    }
    if layout.sep_tail {
        if let Some((origin, m)) = sep_after_words(b, i) {
            return (origin, m);
        }
    }
    (None, i)
}

/// The level word that follows the time inside its bracket (`: ERROR/ForkPoolWorker-2]`, ` WARN]`)
/// and the origin after a `/`; `rest` is the bracket's bytes after the time, up to its column's
/// end.
#[cold]
#[inline(never)]
fn level_after_time(rest: &[u8]) -> Option<(Level, Option<&[u8]>)> {
    let s = rest
        .iter()
        .position(|&b| !matches!(b, b':' | b',' | b' '))?;
    let w = rest[s..]
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .map_or(rest.len(), |e| s + e);
    if w - s < 3 {
        return None;
    }
    let level = Level::from_name(&rest[s..w])?;
    match rest.get(w) {
        Some(b'/') => {
            let o = &rest[w + 1..];
            let o = &o[..memchr::memchr(b']', o)?];
            Some((level, (!o.is_empty()).then_some(o)))
        }
        Some(b']' | b' ' | b':') => Some((level, None)),
        _ => None,
    }
}

/// A level where a layout without a level column has its component (Go's `log` with
/// `error: dial tcp …`, PHP's `PHP Warning:  …`) or at the start of its message (`[ERROR]
/// failed …`, `WARN slow query`, `error: …`): the level, the origin left, and where the
/// message starts.
#[inline]
fn level_after_header<'a>(
    line: &'a [u8],
    i: usize,
    origin: Option<&'a [u8]>,
    m: usize,
) -> Option<(Level, Option<&'a [u8]>, usize)> {
    if line[i..].starts_with(b"PHP ") {
        if let Some((level, k)) = php_label(&line[i + 4..]) {
            return Some((level, None, i + 4 + k));
        }
    }
    if let Some(o) = origin {
        return token_level(o).map(|l| (l, None, m));
    }
    let rest = &line[m..];
    let (level, k) = match rest.first()? {
        b'[' | b'<' | b'A'..=b'Z' => super::wrap::level_token(rest)?,
        b'a'..=b'z' => super::wrap::lowercase_level(rest)?,
        _ => return None,
    };
    Some((level, None, m + k))
}

/// The level of PHP's error label (`Fatal error:  …` after `PHP `, as its error log and
/// `display_errors` to stderr write it) and where the message after it starts. A fatal error
/// and a parse error end the script (critical), a recoverable fatal error is one no handler
/// caught, so it ended the script too; a warning is a warning; notices, deprecations and
/// strict-standards advice are notices: they say what to change, not what went wrong, and a
/// busy site writes thousands of them that would crowd its errors out of the problem tables.
#[cold]
#[inline(never)]
fn php_label(rest: &[u8]) -> Option<(Level, usize)> {
    let colon = memchr::memchr(b':', &rest[..rest.len().min(32)])?;
    let label = &rest[..colon];
    if label.is_empty() || !label.iter().all(|c| c.is_ascii_alphabetic() || *c == b' ') {
        return None;
    }
    let ends =
        |w: &[u8]| label.len() >= w.len() && label[label.len() - w.len()..].eq_ignore_ascii_case(w);
    let level = if ends(b"fatal error") || ends(b"parse error") {
        Level::Critical
    } else if ends(b"warning") {
        Level::Warn
    } else if ends(b"notice") || ends(b"deprecated") || ends(b"strict standards") {
        Level::Notice
    } else if ends(b"error") {
        Level::Error
    } else {
        return None;
    };
    Some((level, skip_spaces(rest, colon + 1)))
}

/// A `name:` token ending a column, with `name` a plain identifier.
fn colon_token(t: &[u8]) -> Option<&[u8]> {
    let name = t.strip_suffix(b":")?;
    let first = *name.first()?;
    // `[instance:` opens a bracketed field; it does not name a component.
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b'.' | b'/' | b'$' | b'@'))
        || name.ends_with(b":")
        || name.len() > 100
        || memchr::memchr3(b'"', b'=', b',', name).is_some()
    {
        return None;
    }
    // Brackets must balance (`crond(pam_unix)[2915]`); most names have none.
    if memchr::memchr2(b'[', b'(', name).is_some() {
        let (mut square, mut round) = (0i32, 0i32);
        for &c in name {
            match c {
                b'[' => square += 1,
                b']' => square -= 1,
                b'(' => round += 1,
                b')' => round -= 1,
                _ => {}
            }
        }
        if square != 0 || round != 0 {
            return None;
        }
    }
    Some(name)
}

/// `component:` or `word component[pid]:` at `i`: the component (without a `[pid]`) and the
/// message start.
fn component(b: &[u8], i: usize) -> Option<(Option<&[u8]>, usize)> {
    let e = super::text::token_end(b, i);
    // A colon alone names no component: Ruby's Logger writes its program name there, and
    // nothing when it has none (`INFO -- sidekiq: msg` beside `INFO -- : msg`).
    if e == i + 1 && b[i] == b':' {
        return Some((None, skip_spaces(b, e)));
    }
    let (name, e) = match colon_token(&b[i..e]) {
        Some(name) => (name, e),
        None => {
            if !ident_like(&b[i..e]) {
                return None;
            }
            let j = skip_spaces(b, e);
            let e2 = super::text::token_end(b, j);
            (colon_token(&b[j..e2])?, e2)
        }
    };
    let name = match name.iter().rposition(|&c| c == b'[') {
        Some(p) if name.ends_with(b"]") && p > 0 => &name[..p],
        _ => name,
    };
    Some((Some(name), skip_spaces(b, e)))
}

/// `word [word] SEP ` at `i`: the first word and the index after the separator.
fn sep_after_words(b: &[u8], i: usize) -> Option<(Option<&[u8]>, usize)> {
    let mut j = i;
    let mut first: Option<&[u8]> = None;
    for _ in 0..3 {
        let (e, clean) = clean_token_end(b, j);
        if e == j {
            return None;
        }
        let t = &b[j..e];
        if first.is_some() && is_sep_token(t) {
            return Some((first, skip_spaces(b, e)));
        }
        // `ident_like(t)`, the bytes it excludes having been looked for while finding the end.
        let ident = clean && t.len() <= 100 && t.iter().any(u8::is_ascii_alphabetic);
        let wordish = ident || numeric_class(t) == Some(Class::Num) || t.starts_with(b"*");
        if !wordish || t.ends_with(b":") {
            return None;
        }
        first.get_or_insert(t);
        j = skip_spaces(b, e);
    }
    None
}

/// The end of the token at `i` (as `token_end`) and whether the token is free of the bytes
/// [`ident_like`] rejects (`"`, `'`, `=`, `,`), found in one pass eight bytes at a time. Each
/// word is first tested for bytes below `-` (space, tab, `"`, `'`, `,` and some rarer
/// punctuation) or `=`; only a word holding one is looked at byte by byte.
#[inline]
fn clean_token_end(b: &[u8], mut i: usize) -> (usize, bool) {
    use super::text::{bytes_below, bytes_equal, first_marked, word_at};
    while let Some(w) = word_at(b, i) {
        // `bytes_below` marks exactly; the lowest byte `bytes_equal` marks is a true `=`.
        let m = bytes_below(w, b'-') | bytes_equal(w, b'=');
        if m == 0 {
            i += 8;
            continue;
        }
        let k = i + first_marked(m);
        match b[k] {
            b' ' | b'\t' => return (k, true),
            b'"' | b'\'' | b'=' | b',' => return (super::text::token_end(b, k), false),
            _ => i = k + 1,
        }
    }
    let mut clean = true;
    while i < b.len() && !is_space(b[i]) {
        clean &= !matches!(b[i], b'"' | b'\'' | b'=' | b',');
        i += 1;
    }
    (i, clean)
}

/// Learns a layout from sample lines (ANSI codes and `\r` already removed). Returns it with
/// the share of lines it reads as headed, or `None` when the columns agree on nothing useful.
pub(crate) fn learn(sample: &[&[u8]]) -> Option<(Layout, f64)> {
    let lines: Vec<&[u8]> = sample
        .iter()
        .copied()
        .filter(|l| !super::text::trim(l).is_empty())
        .collect();
    // Indented lines (a stack trace's frames, `\t... 2 more`) continue an entry and have no
    // header: in a short log with one trace they are half the sample, and their columns
    // taught the layout (no timestamps read, `... 2 more` an entry). The lines that start at
    // the margin are learned from first; all lines when those teach no layout (output whose
    // entries are indented, like a test runner's). One space is no indent: log4j's `%5p`
    // pads `INFO` to ` INFO`.
    let indented = |l: &[u8]| l[0] == b'\t' || l.starts_with(b"  ");
    let flush: Vec<&[u8]> = lines.iter().copied().filter(|l| !indented(l)).collect();
    if flush.len() < lines.len() {
        if let Some((layout, coverage)) = learn_lines(&flush) {
            // Of all the lines, as the formats it is compared with count theirs.
            return Some((layout, coverage * flush.len() as f64 / lines.len() as f64));
        }
    }
    learn_lines(&lines)
}

/// [`learn`] from non-blank lines.
fn learn_lines(lines: &[&[u8]]) -> Option<(Layout, f64)> {
    if lines.len() < 2 {
        return None;
    }
    let spaced = learn_with(lines, false);
    // `|`-joined fields are tried when most lines hold a `|`; they win when they read more
    // lines than spaces alone.
    let pipes = lines
        .iter()
        .filter(|l| memchr::memchr(b'|', l).is_some())
        .count();
    if pipes * 2 < lines.len() {
        return spaced;
    }
    let piped = learn_with(lines, true);
    match (spaced, piped) {
        (Some(s), Some(p)) => Some(if p.1 > s.1 { p } else { s }),
        (s, p) => s.or(p),
    }
}

fn learn_with(lines: &[&[u8]], pipe: bool) -> Option<(Layout, f64)> {
    let n = lines.len() as f64;
    let cols: Vec<(Spans, [Class; MAX_COLS])> = lines
        .iter()
        .map(|l| {
            let sp = columns(l, MAX_COLS, pipe);
            let mut cl = [Class::Word; MAX_COLS];
            for (k, c) in cl.iter_mut().enumerate().take(sp.1) {
                let (s, e) = sp.0[k];
                *c = classify(&l[s as usize..e as usize]);
            }
            (sp, cl)
        })
        .collect();
    // Dominant non-word class of each column and how many lines have it.
    let mut dom: [(Class, usize); MAX_COLS] = [(Class::Word, 0); MAX_COLS];
    for (p, d) in dom.iter_mut().enumerate() {
        let mut counts = [0usize; 7];
        for (sp, cl) in &cols {
            if p < sp.1 {
                counts[cl[p] as usize] += 1;
            }
        }
        // Numbers and stamps count together; the column's class is the commoner of the two.
        let numeric = counts[Class::Num as usize] + counts[Class::Stamp as usize];
        let cands = [
            (
                if counts[Class::Num as usize] >= counts[Class::Stamp as usize] {
                    Class::Num
                } else {
                    Class::Stamp
                },
                numeric,
            ),
            (Class::Level, counts[Class::Level as usize]),
            (Class::Bracket, counts[Class::Bracket as usize]),
            (Class::Sep, counts[Class::Sep as usize]),
        ];
        *d = cands
            .into_iter()
            .max_by_key(|c| c.1)
            .unwrap_or((Class::Word, 0));
    }
    // Check marks first on their lines are what the lines say.
    let marks = cols.iter().zip(lines).all(|((sp, cl), l)| {
        sp.1 == 0
            || cl[0] != Class::Bracket
            || is_check_mark(&l[sp.0[0].0 as usize..sp.0[0].1 as usize])
    });
    if dom[0].0 == Class::Bracket && marks {
        dom[0] = (Class::Word, 0);
    }
    // A column of one-byte level marks right after the time (Redis's `1:M 26 Nov 2026
    // 12:05:00.101 # Can't save in background`): each mark is its line's level. `-` and `#`
    // alone are separators too, so a column holding only them is a separator's; a `*` or a
    // `#` with other marks makes it a column of levels.
    for p in 1..MAX_COLS {
        if dom[p - 1].0 != Class::Stamp {
            continue;
        }
        let (mut marked, mut seen) = (0, [false; 4]);
        for (k, (sp, cl)) in cols.iter().enumerate() {
            // Only after a time of the line's own: a log4j line's ` - ` may sit at that column.
            if p < sp.1 && cl[p - 1] == Class::Stamp {
                let (s, e) = sp.0[p];
                let t = &lines[k][s as usize..e as usize];
                if mark_level(t).is_some() {
                    marked += 1;
                    seen[memchr::memchr(t[0], b".-*#").unwrap_or(0)] = true;
                }
            }
        }
        let kinds = seen.iter().filter(|&&x| x).count();
        if marked > dom[p].1 && marked * 10 >= dom[p - 1].1 * 9 && (seen[2] || seen[3] && kinds > 1)
        {
            dom[p] = (Class::Mark, marked);
        }
    }
    // How many lines look headed: the best agreement among the first columns.
    let headed = dom[..3].iter().map(|d| d.1).max().unwrap_or(0);
    if (headed as f64) < 0.3 * n {
        return None;
    }
    let strong = |p: usize| dom[p].1 as f64 >= 0.85 * headed as f64 && dom[p].1 >= 2;
    // A line led by a date: its header ends before the message whatever the message's words.
    let dated = dom[..2].iter().any(|d| d.0 == Class::Stamp && d.1 >= 2);
    // The header is the columns up to the last strong one, unless that leaves most lines
    // without a message: then, for dated lines, up to an earlier strong column that is not a
    // number (a heartbeat log, `… app - tick 17`, has a number at the same column of every
    // line: it is the message's).
    let first = (0..MAX_COLS - 1).rev().find(|&p| strong(p))?;
    // `LEVEL [thread] logger - message`: a separator after a free-text column, with the level
    // before it, ends the header whatever follows. Lines whose messages all have one shape
    // (`GET /api/orders/17 200 8ms` two hundred times) have strong columns after it, which
    // are the message's words.
    let logger_sep = (1..first).find(|&p| {
        strong(p)
            && dom[p].0 == Class::Sep
            && !strong(p - 1)
            && (0..p).any(|q| strong(q) && dom[q].0 == Class::Level)
    });
    // Without a separator, what follows the level is a header's only while it looks like one:
    // a pid right after the level (`INFO 4242 ---`), brackets, separators and one free-text
    // column (a logger, a component). A second free column, or a number after a free one,
    // is the message's (`INFO [exec-1] GET /api/orders/17 200 8ms`: the header ends at the
    // thread).
    let after_level = |last: usize| {
        let Some(level) = (0..=last).find(|&q| strong(q) && dom[q].0 == Class::Level) else {
            return true;
        };
        let mut free = 0;
        (level + 1..=last).all(|q| {
            if !strong(q) {
                free += 1;
                free < 2
            } else {
                free == 0 || !dom[q].0.same(Class::Num)
            }
        })
    };
    let mut lasts = logger_sep
        .into_iter()
        .chain(std::iter::once(first))
        .chain(
            (0..first)
                .rev()
                .filter(|&p| strong(p) && dom[p].0 != Class::Num),
        )
        .filter(|&last| Some(last) == logger_sep || after_level(last));
    let (mut layout, fits) = loop {
        let last = lasts.next()?;
        if !(0..3.min(last + 1)).any(|p| strong(p) && dom[p].0 != Class::Sep) {
            return None;
        }
        match header_of(lines, &dom, last, pipe, strong) {
            Some(found) => break found,
            None if dated => continue,
            None => return None,
        }
    };
    let share = |count: usize| count as f64 / fits.len() as f64;
    // The timestamp: the first column whose text reads as a date and time in most lines;
    // epoch numbers only when no column holds a calendar time.
    'time: for epoch in [false, true] {
        for p in 0..layout.cols.len() {
            let bracket = layout.cols[p] == Some(Class::Bracket);
            if !(layout.cols[p].is_some_and(|c| c.same(Class::Num)) || bracket) {
                continue;
            }
            let ok = fits
                .iter()
                .filter(|(k, _)| {
                    let (sp, _) = &cols[*k];
                    let s = sp.0[p].0 as usize + bracket as usize;
                    let mode = if epoch { Epoch::Yes } else { Epoch::No };
                    stamp::scan(&lines[*k][s..], mode).is_some()
                })
                .count();
            if share(ok) >= 0.8 {
                layout.time_col = Some((p, bracket, epoch));
                break 'time;
            }
        }
    }
    let comp = fits
        .iter()
        .filter(|(k, e)| component(lines[*k], *e).is_some())
        .count();
    layout.component = share(comp) >= 0.5;
    if let Some((p, true, false)) = layout.time_col {
        let with_level = fits
            .iter()
            .filter(|(k, _)| {
                let (sp, _) = &cols[*k];
                let (s, e) = (sp.0[p].0 as usize + 1, sp.0[p].1 as usize);
                let l = &lines[*k][..e];
                stamp::scan(&l[s..], Epoch::No)
                    .and_then(|(_, n)| level_after_time(&l[s + n..]))
                    .is_some()
            })
            .count();
        layout.bracket_level = share(with_level) >= 0.5;
    }
    if !layout.component {
        let sep = fits
            .iter()
            .filter(|(k, e)| sep_after_words(lines[*k], *e).is_some())
            .count();
        layout.sep_tail = share(sep) >= 0.5;
    }
    let coverage = fits.len() as f64 / n;
    Some((layout, coverage))
}

/// The layout whose header is columns `0..=last` (the strong ones fixed) and the lines that fit
/// it with where their message starts; `None` when it fits fewer than two lines or leaves most
/// of them without a message.
fn header_of(
    lines: &[&[u8]],
    dom: &[(Class, usize); MAX_COLS],
    last: usize,
    pipe: bool,
    strong: impl Fn(usize) -> bool,
) -> Option<(Layout, Vec<(usize, usize)>)> {
    let mut layout_cols: Vec<Option<Class>> =
        (0..=last).map(|p| strong(p).then_some(dom[p].0)).collect();
    // `name - msg` where the name column is free text: the separator's column moves when a
    // name holds a space (`svchost.exe *64 - msg`), so it is found per line (`sep_tail`)
    // rather than at a fixed column.
    let n_cols = layout_cols.len();
    if n_cols >= 2
        && layout_cols[n_cols - 1] == Some(Class::Sep)
        && layout_cols[n_cols - 2].is_none()
    {
        layout_cols.pop();
        while layout_cols.last() == Some(&None) {
            layout_cols.pop();
        }
    }
    if layout_cols.is_empty() {
        return None;
    }
    // The marks are read once the line has fit (`marked_level`): their column takes any token,
    // so the loop over the columns of other layouts is as it was.
    let mark = layout_cols.iter().position(|&c| c == Some(Class::Mark));
    if let Some(p) = mark {
        layout_cols[p] = None;
    }

    let layout = Layout {
        pipe,
        cols: layout_cols,
        time_col: None,
        component: false,
        sep_tail: false,
        bracket_level: false,
        mark,
    };
    // Lines that fit, and where their message part starts.
    let fits: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(k, l)| fixed_end(l, &layout).map(|e| (k, e)))
        .collect();
    if fits.len() < 2 {
        return None;
    }
    // A header is followed by a message. Columns that end most lines are the message's own
    // words (pytest's `tests/a.py::test_b PASSED [ 1%]`), not a header.
    let with_message = fits
        .iter()
        .filter(|(k, e)| !super::text::trim(&lines[*k][*e..]).is_empty())
        .count();
    if with_message * 2 < fits.len() {
        return None;
    }
    Some((layout, fits))
}

/// Where the fixed header columns of `b` end (the index of the next column), or `None` when
/// the line does not fit the layout.
fn fixed_end(b: &[u8], layout: &Layout) -> Option<usize> {
    let want = layout.cols.len();
    let (sp, n) = columns(b, want, layout.pipe);
    if n < want {
        return None;
    }
    for (p, c) in layout.cols.iter().enumerate() {
        if let Some(c) = c {
            let (s, e) = sp[p];
            if !fits(&b[s as usize..e as usize], *c) {
                return None;
            }
        }
    }
    Some(next_col(b, sp[want - 1].1 as usize, layout.pipe))
}

/// Reads one line with a learned layout. Each header column is checked as soon as it is cut,
/// so a line that does not fit (a stack frame) is left after its first column.
///
/// A line whose timestamp is in place but which leaves the layout after it is still an entry
/// of its own ([`partial`]): a layout learned from a sample of like lines (sixty `INFO 4242
/// [main] worker: …`) may have columns the first different line lacks (`ERROR worker: payment
/// aborted`), which must not become a continuation of the line before it.
///
/// Kept out of line: inlined into the format dispatch, it changed how the compiler laid out
/// the other formats' readers (logfmt +5% instructions a line, the mixed log +0.9%, against
/// +2.7% and +0.4% this way, log4j-style layouts paying +2.0% for the call).
#[inline(never)]
pub(crate) fn parse<'a>(
    line: &'a [u8],
    layout: &Layout,
    ctx: &mut TimeContext,
) -> Option<Record<'a>> {
    let pipe = layout.pipe;
    let time_p = layout.time_col.map_or(usize::MAX, |t| t.0);
    let mut time_start = 0;
    let mut level = None;
    let mut i = skip_spaces(line, 0);
    for (p, c) in layout.cols.iter().enumerate() {
        if i >= line.len() {
            return partial(line, layout, p, level, ctx);
        }
        let s = i;
        let e = column_end(line, i, pipe);
        if let Some(c) = c {
            let t = &line[s..e];
            if *c == Class::Level {
                match token_level(t) {
                    Some(l) => level = Some(l),
                    None => return partial(line, layout, p, level, ctx),
                }
            } else if !fits(t, *c) {
                return partial(line, layout, p, level, ctx);
            }
        }
        if p == time_p {
            time_start = s;
        }
        i = next_col(line, e, pipe);
    }
    if let Some(p) = layout.mark {
        level = marked_level(line, layout, p);
    }
    let mut in_bracket = None;
    let timestamp = layout.time_col.and_then(|(_, bracket, epoch)| {
        let s = time_start + bracket as usize;
        let mode = if epoch { Epoch::Yes } else { Epoch::No };
        let (c, n) = stamp::scan(&line[s..], mode)?;
        if layout.bracket_level && level.is_none() {
            in_bracket = level_after_time(&line[s + n..i.max(s + n)]);
        }
        c.resolve(ctx)
    });
    let (mut origin, mut m) = tail(line, i, layout);
    if let Some((l, o)) = in_bracket {
        level = Some(l);
        origin = origin.or(o);
    }
    if level.is_none() {
        if let Some((l, o, at)) = level_after_header(line, i, origin, m) {
            level = Some(l);
            origin = o;
            m = at;
        }
    }
    let message = &line[m..];
    if level.is_none() {
        level = infer_level(message);
    }
    Some(Record {
        timestamp,
        level,
        origin: origin.map(Cow::Borrowed),
        message: Cow::Borrowed(message),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// The level a line's mark at column `p` names (the line fits its layout, so the mark is
/// there, or a line without one has none). Kept out of the column loop: read there, it cost
/// layouts without marks 1.5% more instructions a line.
#[cold]
#[inline(never)]
fn marked_level(line: &[u8], layout: &Layout, p: usize) -> Option<Level> {
    let (sp, n) = columns(line, p + 1, layout.pipe);
    let (s, e) = *sp.get(p).filter(|_| p < n)?;
    mark_level(&line[s as usize..e as usize])
}

/// A line that left the layout at column `left`: an entry of its own when its timestamp
/// column came before and reads as a time, its message starting after the last fixed column
/// that fit (the columns are cut again here, off the path of the lines that fit); `None` (a
/// header-less line) otherwise.
#[cold]
#[inline(never)]
fn partial<'a>(
    line: &'a [u8],
    layout: &Layout,
    left: usize,
    level: Option<Level>,
    ctx: &mut TimeContext,
) -> Option<Record<'a>> {
    let (time_p, bracket, epoch) = layout.time_col?;
    // An epoch-number time column is not enough: ids and counts at the start of a
    // continuation line read as epoch times too.
    if left <= time_p || epoch {
        return None;
    }
    let (sp, _) = columns(line, left, layout.pipe);
    let mode = if epoch { Epoch::Yes } else { Epoch::No };
    let (civil, _) = stamp::scan(&line[sp[time_p].0 as usize + bracket as usize..], mode)?;
    let timestamp = civil.resolve(ctx);
    let kept = (0..left)
        .rev()
        .find(|&p| layout.cols[p].is_some())
        .map_or(0, |p| next_col(line, sp[p].1 as usize, layout.pipe));
    let message = &line[kept.min(line.len())..];
    Some(Record {
        timestamp,
        level: level.or_else(|| infer_level(message)),
        origin: None,
        message: Cow::Borrowed(message),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// Reads a line with no learned layout (`--input-format generic`): a leading timestamp,
/// then a level token, are taken off when present.
pub(crate) fn parse_unlearned<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Record<'a> {
    let mut r = super::wrap::inner(line, ctx);
    // A line with a level word in it is an entry, unless it is a trace's: `ConnectionError:
    // connection failed` ends a Python traceback, `java.lang.IllegalStateException: … failed`
    // heads a JVM trace under its logger's line.
    if r.timestamp.is_some()
        || r.level.is_some()
            && !is_space(*line.first().unwrap_or(&b' '))
            && !crate::event::continues_entry(line)
            && (!crate::event::is_python_exception_line(line) || level_named(line))
    {
        r.header = true;
    }
    // log4j's and logback's `%d %p [%t] %c - %m`: after the time and level, the thread and
    // the logger are header too (as a learned layout reads them), the logger being the origin.
    if r.timestamp.is_some() && r.level.is_some() && r.origin.is_none() {
        if let Cow::Borrowed(m) = r.message {
            if let Some((origin, message)) = thread_and_logger(m) {
                r.origin = Some(Cow::Borrowed(origin));
                r.message = Cow::Borrowed(message);
            }
        }
    }
    r
}

/// Whether the line starts with a level's name before its first `:` (`error: could not
/// compile`): an entry, though it has the shape of a Python exception line.
fn level_named(line: &[u8]) -> bool {
    let end = memchr::memchr(b':', line).unwrap_or(line.len());
    Level::from_name(&line[..end]).is_some()
}

/// `[thread] logger - message`: the logger and the message.
fn thread_and_logger(m: &[u8]) -> Option<(&[u8], &[u8])> {
    if m.first() != Some(&b'[') {
        return None;
    }
    let close = memchr::memchr(b']', &m[..m.len().min(128)])?;
    let i = skip_spaces(m, close + 1);
    if i == close + 1 {
        return None;
    }
    let (origin, at) = sep_after_words(m, i)?;
    Some((origin?, &m[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Timestamp;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The per-class shortcut agrees with the full classification on tokens made of the
        /// bytes that decide it (digits, date punctuation, separators, brackets, level words).
        #[test]
        fn fitting_a_column_class_agrees_with_classify(
            t in "(-|\\[|<|\\(|ERROR|INFO|warn|[0-9]{1,3}|[-/.:,+TZ_|>=~#]|[a-z]|\\]|>|\\)| ){0,5}"
        ) {
            let t = t.as_bytes();
            for c in [Class::Num, Class::Stamp, Class::Level, Class::Bracket, Class::Sep, Class::Word] {
                proptest::prop_assert_eq!(fits(t, c), classify(t).same(c), "class {:?}", c);
            }
            proptest::prop_assert_eq!(
                numeric_class(t) == Some(Class::Num),
                classify(t) == Class::Num
            );
            proptest::prop_assert_eq!(is_sep_token(t), classify(t) == Class::Sep);
        }
    }

    /// `sep_after_words` as it was before `clean_token_end`.
    fn reference_sep_after_words(b: &[u8], i: usize) -> Option<(Option<&[u8]>, usize)> {
        let mut j = i;
        let mut first: Option<&[u8]> = None;
        for _ in 0..3 {
            let e = crate::record::text::token_end(b, j);
            if e == j {
                return None;
            }
            let t = &b[j..e];
            if first.is_some() && is_sep_token(t) {
                return Some((first, skip_spaces(b, e)));
            }
            let wordish =
                ident_like(t) || numeric_class(t) == Some(Class::Num) || t.starts_with(b"*");
            if !wordish || t.ends_with(b":") {
                return None;
            }
            first.get_or_insert(t);
            j = skip_spaces(b, e);
        }
        None
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        /// The one-pass token scan reads the words after a header as the old two-pass one did.
        #[test]
        fn sep_after_words_agrees_with_the_reference(
            t in "( |\t|-|:|\\*|\"|'|=|,|[!#$%&()+\r]|[a-z.]{1,12}|[0-9]{1,4}|x{95,105}){0,10}",
            at in 0usize..4,
        ) {
            let b = t.as_bytes();
            let i = at.min(b.len());
            proptest::prop_assert_eq!(sep_after_words(b, i), reference_sep_after_words(b, i));
            proptest::prop_assert_eq!(clean_token_end(b, i).0, crate::record::text::token_end(b, i));
        }
    }

    /// `columns` as it was before `bracket_end`: the matching `]` found by memchr.
    fn reference_columns(b: &[u8], max: usize, pipe: bool) -> Spans {
        let mut out = [(0u32, 0u32); MAX_COLS + 4];
        let mut n = 0;
        let mut i = skip_spaces(b, 0);
        let max = max.min(out.len());
        while i < b.len() && n < max {
            let s = i;
            if b[i] == b'[' {
                let window = &b[i..b.len().min(i + 256)];
                let mut depth = 0usize;
                let mut j = 0;
                let mut end = None;
                while let Some(k) = memchr::memchr2(b'[', b']', &window[j..]) {
                    j += k;
                    if window[j] == b'[' {
                        depth += 1;
                    } else {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + j + 1);
                            break;
                        }
                    }
                    j += 1;
                }
                i = match end {
                    Some(e) if b.get(e) == Some(&b'[') && (s == 0 || b[s - 1] == b']') => e,
                    Some(e) => col_end(b, e, pipe),
                    None => col_end(b, i, pipe),
                };
            } else {
                i = col_end(b, i, pipe);
            }
            out[n] = (s as u32, i as u32);
            n += 1;
            i = next_col(b, i, pipe);
        }
        (out, n)
    }

    /// `parse` as it was before the columns were checked while being cut.
    fn reference_parse<'a>(
        line: &'a [u8],
        layout: &Layout,
        ctx: &mut TimeContext,
    ) -> Option<Record<'a>> {
        let want = layout.cols.len();
        let (sp, n) = reference_columns(line, want, layout.pipe);
        let mut level = None;
        // The first column that does not fit, if any.
        let left = (0..want).find(|&p| {
            if p >= n {
                return true;
            }
            let Some(c) = layout.cols[p] else {
                return false;
            };
            let (s, e) = sp[p];
            let t = &line[s as usize..e as usize];
            if c == Class::Level {
                match token_level(t) {
                    Some(l) => level = Some(l),
                    None => return true,
                }
                false
            } else {
                !classify(t).same(c)
            }
        });
        if let Some(left) = left {
            return partial(line, layout, left, level, ctx);
        }
        let timestamp = layout.time_col.and_then(|(p, bracket, epoch)| {
            let s = sp[p].0 as usize + bracket as usize;
            let mode = if epoch { Epoch::Yes } else { Epoch::No };
            stamp::scan(&line[s..], mode).and_then(|(c, _)| c.resolve(ctx))
        });
        let end = next_col(line, sp[want - 1].1 as usize, layout.pipe);
        let (mut origin, mut m) = tail(line, end, layout);
        if level.is_none() {
            if let Some((l, o, at)) = level_after_header(line, end, origin, m) {
                level = Some(l);
                origin = o;
                m = at;
            }
        }
        let message = &line[m..];
        if level.is_none() {
            level = infer_level(message);
        }
        Some(Record {
            timestamp,
            level,
            origin: origin.map(Cow::Borrowed),
            message: Cow::Borrowed(message),
            header: true,
            meta: false,
            service: false,
            step: false,
        })
    }

    /// Sample lines of a few kinds of headers: dates and times, levels, brackets, pipes,
    /// bracketed and epoch stamps, components and separators after words.
    const SAMPLES: [&[&str]; 6] = [
        &[
            "2026-11-26 08:00:00,937 DEBUG [http-nio-8080-exec-77] o.s.web.Dispatcher - Completed 200 OK",
            "2026-11-26 08:00:00,940 INFO  [main] com.example.Filter - key 9eb4 not seen",
            "2026-11-26 08:00:01,945 WARN  [data-plane-kafka-request-handler-3] c.e.Service - slow",
        ],
        &[
            "10:30:00.123 [main] ERROR com.example.App - boom",
            "10:30:00.124 [main] INFO  com.example.App - started in 2 s",
            "10:30:01.000 [pool-1-thread-2] WARN  com.example.db.Pool - slow: 800 ms",
        ],
        &[
            "2015-10-18 18:01:47,978 INFO [main] org.x.MRAppMaster: Created MRAppMaster",
            "2015-10-18 18:01:48,963 INFO [main] org.x.MRAppMaster: Executing with tokens:",
            "2015-10-18 18:01:54,791 WARN [RMCommunicator Allocator] org.x.rm.Alloc: Before: x",
        ],
        &[
            "[10.30 16:49:06] chrome.exe - proxy.example.org:5070 open through proxy",
            "[10.30 16:51:56] svchost.exe *64 - proxy.example.org:5070 close, 303 bytes sent",
            "[10.30 16:52:00] git-remote-https.exe - host:443 error : Could not connect",
        ],
        &[
            "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579",
            "20171223-22:15:29:615|Step_LSC|30002312|onExtend:1514038530000 14 0 4",
            "20171223-22:15:29:633|Step_StandReportReceiver|30002312|REPORT : 7007 5002",
        ],
        &[
            "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2915]: session closed",
            "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2916]: (root) CMD",
            "- 1131566479 2005.11.09 tbird Nov 9 12:01:19 local@tbird postfix/postdrop[10896]: warning: x",
        ],
    ];

    /// Tokens put in place of a sample line's own.
    const POOL: [&str; 24] = [
        "2026-11-26",
        "08:00:00,937",
        "10:30:00.123",
        "[10.30 16:49:06]",
        "20171223-22:15:29:606",
        "-",
        "1131566461",
        "2005.11.09",
        "INFO",
        "WARN",
        "ERROR",
        "warn",
        "[main]",
        "[http-nio-8080-exec-7]",
        "[INFO]",
        "[ a b ]",
        "[",
        "]",
        "|",
        "at",
        "-1",
        "12x",
        "",
        "[x [y] z]",
    ];

    /// The layouts learned from [`SAMPLES`], learned once.
    fn sample_layouts() -> &'static [Layout] {
        static LAYOUTS: std::sync::OnceLock<Vec<Layout>> = std::sync::OnceLock::new();
        LAYOUTS.get_or_init(|| {
            SAMPLES
                .iter()
                .map(|lines| {
                    let sample: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
                    learn(&sample).expect("a layout").0
                })
                .collect()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(8_000))]
        /// The bracket search eight bytes at a time cuts the columns as the memchr one did.
        #[test]
        fn columns_agree_with_the_reference(
            t in "( |\t|\\[|\\]|\\||[a-z]{1,9}|[0-9]{1,3}|[-:.,]|x{40,90}){0,14}",
            max in 1usize..MAX_COLS,
            pipe in proptest::bool::ANY,
        ) {
            let b = t.as_bytes();
            proptest::prop_assert_eq!(columns(b, max, pipe), reference_columns(b, max, pipe));
        }

        /// A learned layout reads lines (fitting, nearly fitting and not at all: sample lines
        /// with tokens replaced or added) as the `columns`-then-check reading did, with the
        /// same time context afterwards.
        #[test]
        fn parse_agrees_with_the_reference(
            which in 0usize..6,
            line_no in 0usize..3,
            edits in proptest::collection::vec((0usize..14, 0usize..POOL.len()), 0..3),
            sep in "( |  |\t| \\| )",
        ) {
            let layout = &sample_layouts()[which];
            let mut tokens: Vec<&str> = SAMPLES[which][line_no].split(' ').collect();
            for (pos, tok) in edits {
                match tokens.get_mut(pos) {
                    Some(t) => *t = POOL[tok],
                    None => tokens.push(POOL[tok]),
                }
            }
            let line = tokens.join(&sep);
            let b = line.as_bytes();
            let reference = Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap();
            let mut a = TimeContext::utc(reference);
            let mut r = TimeContext::utc(reference);
            proptest::prop_assert_eq!(parse(b, layout, &mut a), reference_parse(b, layout, &mut r));
            proptest::prop_assert_eq!(format!("{a:?}"), format!("{r:?}"));
        }

        /// The word-at-a-time numeric test agrees with `numeric_class` on long and short tokens.
        #[test]
        fn is_numeric_agrees_with_numeric_class(
            t in "(-|[0-9]{1,9}|[-/.:,+TZ_]|[a-z]|[A-Z]|[!*;<>@\\[]| |\u{e9}){0,12}"
        ) {
            let t = t.as_bytes();
            proptest::prop_assert_eq!(is_numeric(t), numeric_class(t).is_some());
            proptest::prop_assert_eq!(is_bracket(t), classify(t) == Class::Bracket);
        }
    }

    #[test]
    fn sample_layouts_fit_their_first_lines() {
        let layouts = sample_layouts();
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        let line = b"2026-11-26 08:00:00,937 DEBUG [http-nio-8080-exec-77] o.s.web.Dispatcher - Completed 200 OK";
        let r = parse(line, &layouts[0], &mut ctx).expect("fits");
        assert_eq!(&*r.message, b"Completed 200 OK");
        assert!(r.timestamp.is_some());
        assert_eq!(r.level, Some(Level::Debug));
        // Most sample lines fit their layout unchanged, so the proptest reaches fitting lines.
        for (lines, layout) in SAMPLES.iter().zip(layouts) {
            let fit = lines
                .iter()
                .filter(|l| parse(l.as_bytes(), layout, &mut ctx).is_some())
                .count();
            assert!(fit >= 2, "{lines:?}");
        }
    }

    #[test]
    fn unlearned_log4j_lines_give_the_logger_as_origin() {
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        let r = parse_unlearned(
            b"2026-11-26 08:00:00,943 WARN [http-nio-8080-exec-4] com.zaxxer.hikari.pool.PoolBase - HikariPool-1 - Failed to validate connection",
            &mut ctx,
        );
        assert_eq!(r.level, Some(Level::Warn));
        assert_eq!(
            r.origin.as_deref(),
            Some(&b"com.zaxxer.hikari.pool.PoolBase"[..])
        );
        assert_eq!(&*r.message, b"HikariPool-1 - Failed to validate connection");
        // A bracket that is the message's own words stays.
        let r = parse_unlearned(b"2026-11-26 08:00:00 ERROR [db] connection lost", &mut ctx);
        assert_eq!(r.origin, None);
        assert_eq!(&*r.message, b"[db] connection lost");
    }

    #[test]
    fn columns_that_end_the_lines_are_not_a_header() {
        let lines: Vec<String> = (0..50)
            .map(|i| format!("tests/test_x.py::test_{i} PASSED                 [ {i}%]"))
            .collect();
        let sample: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
        assert!(learn(&sample).is_none());
    }

    fn learn_and_parse(lines: &[&str]) -> (Layout, Vec<(String, Option<Level>, bool)>) {
        let sample: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
        let (layout, _) = learn(&sample).expect("a layout");
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        let out = sample
            .iter()
            .map(|l| match parse(l, &layout, &mut ctx) {
                Some(r) => (
                    String::from_utf8_lossy(&r.message).into_owned(),
                    r.level,
                    true,
                ),
                None => (String::from_utf8_lossy(l).into_owned(), None, false),
            })
            .collect();
        (layout, out)
    }

    /// A sample of like lines (`… INFO 4242 [main] worker: health check N passed`) teaches a
    /// layout with a pid and a thread. The first line without them was read as a continuation
    /// of the line before it: its ERROR vanished from the report.
    #[test]
    fn a_line_that_leaves_the_layout_after_its_timestamp_is_an_entry() {
        let lines: Vec<String> = (1..=60)
            .map(|i| {
                format!("2026-11-26 12:00:00,100 INFO 4242 [main] worker: health check {i} passed")
            })
            .collect();
        let sample: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
        let (layout, _) = learn(&sample).expect("a layout");
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        // The sample's own lines keep their words: `health check 7 passed`, not `passed`.
        let r = parse(sample[6], &layout, &mut ctx).expect("an entry");
        assert_eq!(&r.message[..], b"health check 7 passed");
        assert_eq!(r.origin.as_deref(), Some(&b"worker"[..]));
        let error = b"2026-11-26 12:00:01,200 ERROR worker: payment reconciliation aborted: ledger";
        let r = parse(error, &layout, &mut ctx).expect("an entry");
        assert!(r.header);
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(
            r.timestamp,
            Timestamp::from_utc(2026, 11, 26, 12, 0, 1, 200_000)
        );
        assert_eq!(
            &r.message[..],
            b"worker: payment reconciliation aborted: ledger"
        );
        // Without a level column that fits, the level is read from the message.
        let r = parse(
            b"2026-11-26 12:00:02,000 shutting down: fatal error",
            &layout,
            &mut ctx,
        )
        .expect("an entry");
        assert_eq!(&r.message[..], b"shutting down: fatal error");
        // An epoch-number time column takes no line that leaves the layout: ids at the start
        // of a continuation line read as epoch times too.
        let lines: Vec<String> = (0..30)
            .map(|i| format!("1709287200.{i:03} INFO  [worker-1] report: row {i}"))
            .collect();
        let sample: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
        let (epoch, _) = learn(&sample).expect("a layout");
        assert!(parse(b"1234567890 alice active 12 orders", &epoch, &mut ctx).is_none());
        // Lines that do not start with the timestamp are still continuations.
        for cont in [
            &b"\tat com.acme.Ledger.check(Ledger.java:10)"[..],
            b"worker: more",
            b"12 x",
        ] {
            assert!(parse(cont, &layout, &mut ctx).is_none(), "{cont:?}");
        }
    }

    /// A short log whose one stack trace is half its lines: the frames' columns taught the
    /// layout, so no timestamp was read and `... 2 more` became an entry of its own.
    #[test]
    fn a_short_log_with_a_trace_learns_from_its_headed_lines() {
        let (layout, out) = learn_and_parse(&[
            "2026-11-26 12:00:00,100 INFO  [main] com.acme.App - Starting application",
            "2026-11-26 12:00:00,200 INFO  [main] com.acme.db.Pool - Opening pool",
            "2026-11-26 12:00:01,300 ERROR [main] com.acme.db.Pool - Could not open connection",
            "com.acme.db.PoolException: pool init failed",
            "\tat com.acme.db.Pool.open(Pool.java:42)",
            "\tat com.acme.App.main(App.java:10)",
            "Caused by: java.sql.SQLException: cannot connect",
            "\tat com.acme.db.Driver.connect(Driver.java:88)",
            "\t... 2 more",
            "Caused by: java.net.ConnectException: Connection refused",
            "\tat java.net.Socket.connect(Socket.java:100)",
            "\t... 3 more",
            "2026-11-26 12:00:01,400 INFO  [main] com.acme.App - Shutting down",
        ]);
        assert!(layout.time_col.is_some(), "{layout:?}");
        let headed: Vec<usize> = (0..out.len()).filter(|&k| out[k].2).collect();
        assert_eq!(headed, [0, 1, 2, 12], "{out:?}");
        assert_eq!(out[2].1, Some(Level::Error));
    }

    /// log4j's `%5p` pads the shorter levels with a space: only DEBUG and ERROR lines started
    /// at the margin, they alone taught the layout, and the log was read as raw text (found
    /// by a review).
    #[test]
    fn levels_padded_by_one_space_are_at_the_margin() {
        let (_, out) = learn_and_parse(&[
            " INFO [main] (App.java:12) - Starting application",
            " INFO [main] (Pool.java:40) - Opening pool",
            " WARN [main] (Pool.java:55) - Slow connection 1200 ms",
            "DEBUG [main] (Pool.java:60) - Handshake done",
            " INFO [http-1] (Api.java:10) - GET /orders 200",
            "ERROR [http-2] (Api.java:33) - Request failed",
            " INFO [http-1] (Api.java:10) - GET /orders 200",
        ]);
        let levels: Vec<Option<Level>> = out.iter().map(|o| o.1).collect();
        use Level::*;
        assert_eq!(
            levels,
            [
                Some(Info),
                Some(Info),
                Some(Warn),
                Some(Debug),
                Some(Info),
                Some(Error),
                Some(Info)
            ]
        );
    }

    #[test]
    fn log4j_default_layout() {
        let (layout, out) = learn_and_parse(&[
            "10:30:00.123 [main] ERROR com.example.App - boom",
            "10:30:00.124 [main] INFO  com.example.App - started in 2 s",
            "10:30:01.000 [pool-1-thread-2] WARN  com.example.db.Pool - slow: 800 ms",
            "java.lang.IllegalStateException: x",
            "\tat com.example.App.main(App.java:4)",
            "10:30:02.000 [main] INFO  com.example.App - done",
        ]);
        assert!(layout.sep_tail);
        assert_eq!(out[0], ("boom".into(), Some(Level::Error), true));
        assert_eq!(out[2].0, "slow: 800 ms");
        assert!(!out[3].2 && !out[4].2);
    }

    #[test]
    fn log4j_with_date_and_component_colon() {
        let (layout, out) = learn_and_parse(&[
            "2015-10-18 18:01:47,978 INFO [main] org.x.MRAppMaster: Created MRAppMaster",
            "2015-10-18 18:01:48,963 INFO [main] org.x.MRAppMaster: Executing with tokens:",
            "2015-10-18 18:01:54,791 WARN [RMCommunicator Allocator] org.x.rm.Alloc: Before Scheduling: x",
            "2015-10-18 18:01:55,000 ERROR [IPC Server handler 13 on 62270] org.x.Listener: JVM with ID : jvm_1",
        ]);
        assert!(layout.component);
        assert_eq!(out[1].0, "Executing with tokens:");
        assert_eq!(out[2].0, "Before Scheduling: x");
        assert_eq!(
            out[3],
            ("JVM with ID : jvm_1".into(), Some(Level::Error), true)
        );
        assert_eq!(layout.time_col, Some((0, false, false)));
    }

    #[test]
    fn spring_boot_and_python_custom() {
        let (_, out) = learn_and_parse(&[
            "2026-05-20T23:48:49.670+07:00  INFO 3884 --- [app] [           main] com.x.BootTest          : Started BootTest",
            "2026-05-20T23:48:49.671+07:00 ERROR 3884 --- [app] [           main] o.s.boot.SpringApplication : Application run failed",
            "2026-05-20T23:48:49.672+07:00  WARN 3884 --- [app] [  restartedMain] com.x.Config            : Using default",
        ]);
        assert_eq!(out[0].0, "Started BootTest");
        assert_eq!(
            out[1],
            ("Application run failed".into(), Some(Level::Error), true)
        );
        let (_, out) = learn_and_parse(&[
            "2026-11-26 20:41:31,221 - app - WARNING - slow",
            "2026-11-26 20:41:32,221 - app.db - ERROR - disk full - retrying",
            "2026-11-26 20:41:33,221 - app - INFO - ok",
        ]);
        assert_eq!(out[0], ("slow".into(), Some(Level::Warn), true));
        assert_eq!(out[1].0, "disk full - retrying");
    }

    #[test]
    fn numeric_columns_without_level() {
        let (_, out) = learn_and_parse(&[
            "2568643 node-70 action start 1074119817 1 clusterAddMember  (command 1902)",
            "147394 Interconnect-0N00 switch_module temphigh 1129812510 1 Temperature (41C) exceeds warning threshold",
            "2559971 gige7 gige temperature 1073151998 1 normal",
            "2556866 full partition status 1072881064 1 running",
        ]);
        assert_eq!(out[0].0, "clusterAddMember  (command 1902)");
        assert_eq!(
            out[1],
            (
                "Temperature (41C) exceeds warning threshold".into(),
                Some(Level::Warn),
                true
            )
        );
        assert_eq!(out[3].0, "running");
    }

    #[test]
    fn bracketed_time_and_separator_after_words() {
        let (layout, out) = learn_and_parse(&[
            "[10.30 16:49:06] chrome.exe - proxy.example.org:5070 open through proxy",
            "[10.30 16:51:56] svchost.exe *64 - proxy.example.org:5070 close, 303 bytes sent",
            "[10.30 16:52:00] git-remote-https.exe - host:443 error : Could not connect",
        ]);
        assert_eq!(layout.time_col, Some((0, true, false)));
        assert_eq!(out[1].0, "proxy.example.org:5070 close, 303 bytes sent");
        assert_eq!(out[2].0, "host:443 error : Could not connect");
    }

    /// Elasticsearch's (and log4j2's `[%d][%-5p][%-25c]`) glued brackets: the time, the level
    /// and the logger were one column with the logger's padding cutting it, so no line had a
    /// time, WARN and INFO lines had no level and their message began with the whole header.
    #[test]
    fn glued_bracket_groups_are_columns_of_their_own() {
        let lines: Vec<String> = (0..40)
            .map(|i| {
                let (level, logger) = [
                    ("INFO ", "o.e.n.Node"),
                    ("WARN ", "o.e.c.r.a.DiskThresholdMonitor"),
                    ("ERROR", "o.e.x.s.a.l.LoggingAuditTrail"),
                ][i % 3];
                format!("[2026-11-26T12:00:{i:02},123][{level}][{logger:<25}] [es-1] shard {i} moved")
            })
            .flat_map(|l| {
                let error = l.contains("[ERROR]");
                [
                    l,
                    "org.elasticsearch.transport.RemoteTransportException: [es-2][10.0.0.2:9300][indices:data/write/bulk[s]]".into(),
                    "\tat org.elasticsearch.action.bulk.TransportShardBulkAction.execute(TransportShardBulkAction.java:220) ~[elasticsearch-8.11.0.jar:?]".into(),
                ]
                .into_iter()
                .take(if error { 3 } else { 1 })
            })
            .collect();
        let refs: Vec<&str> = lines.iter().map(|l| l.as_str()).collect();
        let (layout, out) = learn_and_parse(&refs);
        assert_eq!(layout.time_col, Some((0, true, false)));
        assert_eq!(out[0], ("shard 0 moved".into(), Some(Level::Info), true));
        assert_eq!(out[1], ("shard 1 moved".into(), Some(Level::Warn), true));
        assert_eq!(out[2], ("shard 2 moved".into(), Some(Level::Error), true));
        // The exception's own glued brackets are not a header.
        assert!(!out[3].2);
    }

    /// Celery's worker log holds the level inside the time's bracket (`[… 12:00:03,456:
    /// ERROR/ForkPoolWorker-2] Task … raised unexpected`): every line was read with no level,
    /// so a worker's errors were not counted.
    #[test]
    fn a_level_inside_the_time_bracket_is_the_level() {
        let lines: Vec<String> = (0..40)
            .map(|i| {
                let (level, process) = [
                    ("INFO", "MainProcess"),
                    ("ERROR", "ForkPoolWorker-2"),
                    ("WARNING", "MainProcess"),
                    ("INFO", "ForkPoolWorker-1"),
                ][i % 4];
                format!("[2026-11-26 12:00:{i:02},123: {level}/{process}] Task app.tasks.send[{i}] received")
            })
            .collect();
        let refs: Vec<&str> = lines.iter().map(|l| l.as_str()).collect();
        let (layout, out) = learn_and_parse(&refs);
        assert!(layout.bracket_level);
        assert_eq!(out[0].1, Some(Level::Info));
        assert_eq!(
            out[1],
            (
                "Task app.tasks.send[1] received".into(),
                Some(Level::Error),
                true
            )
        );
        assert_eq!(out[2].1, Some(Level::Warn));
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        let r = parse(lines[1].as_bytes(), &layout, &mut ctx).unwrap();
        assert_eq!(r.origin.as_deref(), Some(&b"ForkPoolWorker-2"[..]));
        assert!(r.timestamp.is_some());
    }

    /// Go's standard `log` (`2026/11/26 12:00:03 message`) has no level column; a program's
    /// own level word opens the message (`error: dial tcp …: connection refused`, `[ERROR]
    /// …`, `WARN …`). `error:` was read as a component named error and the line had no level,
    /// so its error was not counted; a bracketed or capital level stayed in the message.
    #[test]
    fn a_level_word_after_a_header_without_a_level_is_the_level() {
        let said = [
            "Starting server on :8080",
            "GET /healthz 200 1.2ms",
            "http: TLS handshake error from 10.0.0.9:51234: EOF",
            "loaded 12 routes",
            "connected to db",
            "cache warmed in 2s",
        ];
        let mut lines: Vec<String> = (0..30)
            .map(|i| format!("2026/11/26 12:00:{i:02} {}", said[i % said.len()]))
            .collect();
        lines.extend([
            "2026/11/26 12:00:31 error: dial tcp 10.0.0.3:5432: connect: connection refused".into(),
            "2026/11/26 12:00:32 [ERROR] publish event: context deadline exceeded".into(),
            "2026/11/26 12:00:33 WARN slow query took 3.2s".into(),
            "2026/11/26 12:00:34 Error handling request /api/orders".into(),
        ]);
        let refs: Vec<&str> = lines.iter().map(|l| l.as_str()).collect();
        let (_, out) = learn_and_parse(&refs);
        assert_eq!(out[0], ("Starting server on :8080".into(), None, true));
        assert_eq!(
            out[30],
            (
                "dial tcp 10.0.0.3:5432: connect: connection refused".into(),
                Some(Level::Error),
                true
            )
        );
        assert_eq!(
            out[31],
            (
                "publish event: context deadline exceeded".into(),
                Some(Level::Error),
                true
            )
        );
        assert_eq!(
            out[32],
            ("slow query took 3.2s".into(), Some(Level::Warn), true)
        );
        // A sentence that starts with the word keeps it.
        assert_eq!(out[33].0, "Error handling request /api/orders");
        // Where most lines name a component, a level word in its place is the level.
        let mut lines: Vec<String> = (0..30)
            .map(|i| format!("2026/11/26 12:00:{i:02} worker: {}", said[i % said.len()]))
            .collect();
        lines.push("2026/11/26 12:00:31 error: dial tcp: connection refused".into());
        let refs: Vec<&str> = lines.iter().map(|l| l.as_str()).collect();
        let (layout, out) = learn_and_parse(&refs);
        assert!(layout.component);
        assert_eq!(
            out[30],
            (
                "dial tcp: connection refused".into(),
                Some(Level::Error),
                true
            )
        );
    }

    #[test]
    fn pipe_joined_fields() {
        let (_, out) = learn_and_parse(&[
            "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579",
            "20171223-22:15:29:615|Step_LSC|30002312|onExtend:1514038530000 14 0 4",
            "20171223-22:15:29:633|Step_StandReportReceiver|30002312|REPORT : 7007 5002 150089 240",
        ]);
        assert_eq!(out[1].0, "onExtend:1514038530000 14 0 4");
        assert_eq!(out[2].0, "REPORT : 7007 5002 150089 240");
    }

    #[test]
    fn host_and_tag_after_the_learned_columns() {
        let (layout, out) = learn_and_parse(&[
            "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root",
            "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2916]: (root) CMD (run-parts /etc/cron.hourly)",
            "- 1131566479 2005.11.09 tbird-admin1 Nov 9 12:01:19 local@tbird-admin1 postfix/postdrop[10896]: warning: unable to look up public/pickup: No such file",
            "- 1131567081 2005.11.09 tbird-sm1 Nov 10 12:11:21 src@tbird-sm1 ib_sm.x[24904]: [ib_sm_sweep.c:1455]: No topology change",
        ]);
        assert!(layout.component);
        assert_eq!(out[0].0, "session closed for user root");
        assert_eq!(
            out[2],
            (
                "warning: unable to look up public/pickup: No such file".into(),
                Some(Level::Warn),
                true
            )
        );
        assert_eq!(out[3].0, "[ib_sm_sweep.c:1455]: No topology change");
    }

    /// Redis's log (and Valkey's, KeyDB's) marks each line's level with one byte after the time
    /// (`.` debug, `-` verbose, `*` notice, `#` warning). The mark stayed in the message and
    /// the line had no level, so `# Can't save in background: fork: Cannot allocate memory`
    /// was not counted as a problem; the `pid:role` column before the time stays header.
    #[test]
    fn a_one_byte_mark_after_the_time_is_the_level() {
        let lines = [
            "1:C 26 Nov 2026 12:05:00.001 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "1:M 26 Nov 2026 12:05:00.002 * monotonic clock: POSIX clock_gettime",
            "1:M 26 Nov 2026 12:05:00.004 * Server initialized",
            "1:M 26 Nov 2026 12:05:00.006 * Ready to accept connections tcp",
            "1:M 26 Nov 2026 12:06:00.101 * 10000 changes in 60 seconds. Saving...",
            "1:M 26 Nov 2026 12:06:00.101 # Can't save in background: fork: Cannot allocate memory",
            "27:C 26 Nov 2026 12:06:06.210 * DB saved on disk",
            "1:M 26 Nov 2026 12:07:00.500 - Accepted 10.0.0.5:51234",
            "1:M 26 Nov 2026 12:07:01.000 . Client closed connection",
            "1:S 26 Nov 2026 12:08:00.001 # Error condition on socket for SYNC: Connection refused",
        ];
        let (_, out) = learn_and_parse(&lines);
        assert_eq!(
            out[5],
            (
                "Can't save in background: fork: Cannot allocate memory".into(),
                Some(Level::Warn),
                true
            )
        );
        assert_eq!(
            out[2],
            ("Server initialized".into(), Some(Level::Notice), true)
        );
        assert_eq!(
            out[6],
            ("DB saved on disk".into(), Some(Level::Notice), true)
        );
        assert_eq!(out[7].1, Some(Level::Debug));
        assert_eq!(
            out[8],
            ("Client closed connection".into(), Some(Level::Debug), true)
        );
        // A separator column after the time (`12:00:00 - msg`) is not a column of marks.
        let (_, out) = learn_and_parse(&[
            "2026-11-26 12:00:00 - started",
            "2026-11-26 12:00:01 - cache warmed",
        ]);
        assert_eq!(out[1], ("cache warmed".into(), None, true));
    }

    /// PHP's error log labels each line `PHP Fatal error:`, `PHP Parse error:`, `PHP Warning:`,
    /// `PHP Notice:`, `PHP Deprecated:` … after its time. A deprecation was read as a component
    /// named `Deprecated` with no level, a parse error kept its label in the message, and a
    /// warning whose message said `failed` was read as an error.
    #[test]
    fn php_error_labels_are_levels() {
        let lines = [
            "[26-Nov-2026 12:00:00 UTC] PHP Deprecated:  Function create_function() is deprecated in /var/www/a.php on line 3",
            "[26-Nov-2026 12:00:01 UTC] PHP Notice:  Undefined index: user in /var/www/index.php on line 12",
            "[26-Nov-2026 12:00:02 UTC] PHP Warning:  include(config.php): failed to open stream: No such file or directory in /var/www/index.php on line 4",
            "[26-Nov-2026 12:00:03 UTC] PHP Parse error:  syntax error, unexpected '}' in /var/www/b.php on line 20",
            "[26-Nov-2026 12:00:04 UTC] PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/c.php on line 88",
            "[26-Nov-2026 12:00:05 UTC] PHP Deprecated:  Function each() is deprecated in /var/www/e.php on line 2",
            "[26-Nov-2026 12:00:06 UTC] PHP Recoverable fatal error:  Object of class Foo could not be converted to string in /var/www/f.php on line 5",
        ];
        let (_, out) = learn_and_parse(&lines);
        assert_eq!(
            out[0],
            (
                "Function create_function() is deprecated in /var/www/a.php on line 3".into(),
                Some(Level::Notice),
                true
            )
        );
        assert_eq!(out[1].1, Some(Level::Notice));
        assert!(out[2].0.starts_with("include(config.php): failed"));
        assert_eq!(out[2].1, Some(Level::Warn));
        assert_eq!(
            out[3],
            (
                "syntax error, unexpected '}' in /var/www/b.php on line 20".into(),
                Some(Level::Critical),
                true
            )
        );
        assert!(out[4].0.starts_with("Allowed memory size"));
        assert_eq!(out[4].1, Some(Level::Critical));
        assert!(out[6].0.starts_with("Object of class Foo"));
        assert_eq!(out[6].1, Some(Level::Critical));
    }

    /// Ruby's Logger writes its program name after `--` and nothing when it has none (`INFO --
    /// sidekiq: msg` beside `INFO -- : msg`). Lines without one kept `: ` at the start of
    /// their message.
    #[test]
    fn a_colon_alone_where_the_component_is_names_none() {
        let (_, out) = learn_and_parse(&[
            "I, [2026-11-26T12:00:00.123456 #7]  INFO -- sidekiq: Booting Sidekiq 5.2.9",
            "I, [2026-11-26T12:00:00.323456 #7]  INFO -- sidekiq: Starting processing",
            "I, [2026-11-26T12:00:01.123456 #7]  INFO -- : Started GET \"/orders/17\" for 10.0.0.5",
            "W, [2026-11-26T12:00:02.123456 #7]  WARN -- sidekiq: Terminating 1 busy worker threads",
            "E, [2026-11-26T12:00:03.123456 #7] ERROR -- sidekiq: Error fetching job",
        ]);
        assert_eq!(out[2].0, "Started GET \"/orders/17\" for 10.0.0.5");
        assert_eq!(
            out[4],
            ("Error fetching job".into(), Some(Level::Error), true)
        );
    }

    #[test]
    fn prose_has_no_layout() {
        let sample: Vec<&[u8]> = vec![
            b"Compiling foo v0.1.0",
            b"warning: unused variable",
            b"the quick brown fox",
            b"jumps over the lazy dog",
        ];
        assert!(learn(&sample).is_none());
    }
}
