//! Reading the date-and-time shapes found at the start of log lines, by hand and by position.
//!
//! `scan` recognises one timestamp at the start of a byte slice and says how many bytes it
//! took; `Civil::resolve` turns it into a UTC `Timestamp` through the source's `TimeContext`
//! (zone-less times are local, year-less ones get their year from the reference time). No
//! regex and no allocation: this runs on every line of most formats.

use super::text::{count_digits, digits};
use super::{TimeContext, Timestamp};

/// A calendar time as written in a line, before zone and year are settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: Option<i64>,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub micros: u32,
    /// Seconds east of UTC when the line says (`Z`, `+02:00`, `UTC`).
    pub offset: Option<i32>,
}

impl Civil {
    pub fn resolve(&self, ctx: &mut TimeContext) -> Option<Timestamp> {
        // With a year, the microseconds only add to the result: the second is resolved once
        // for all the lines that share it. Without one, the year chosen depends on the exact
        // instant, so the microseconds are part of the key.
        if self.micros >= 1_000_000 {
            return self.resolve_uncached(ctx); // no time at all, as `Timestamp::from_utc` says
        }
        let micros = if self.year.is_some() { 0 } else { self.micros };
        let key = Civil { micros, ..*self };
        let t = ctx.memo(key, |ctx| key.resolve_uncached(ctx))?;
        Some(Timestamp(t.0 + (self.micros - micros) as i64))
    }

    fn resolve_uncached(&self, ctx: &mut TimeContext) -> Option<Timestamp> {
        let c = self;
        match (c.year, c.offset) {
            (Some(y), Some(o)) => {
                ctx.with_offset(y, c.month, c.day, c.hour, c.minute, c.second, c.micros, o)
            }
            (Some(y), None) => ctx.local(y, c.month, c.day, c.hour, c.minute, c.second, c.micros),
            (None, _) => {
                ctx.local_without_year(c.month, c.day, c.hour, c.minute, c.second, c.micros)
            }
        }
    }
}

/// What `scan` may read besides calendar times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Epoch {
    /// Plain numbers are not times (most columns of digits are ids and counts).
    No,
    /// A 10-digit number (optionally with a fraction) or a 13-digit one is seconds or
    /// milliseconds since 1970, when it falls in 2000..2040.
    Yes,
}

/// Month number of an English three-letter abbreviation, any case.
///
/// One multiplication hashes the three letters to the only slot they may fill: no chain of
/// comparisons (syslog and access logs read one on every line).
#[inline]
pub(crate) fn month_abbr(b: &[u8]) -> Option<u32> {
    let k = folded3(b.get(..3)?);
    let (key, month) = MONTHS[(k.wrapping_mul(MONTH_HASH) >> 28) as usize];
    (key == k).then_some(month as u32)
}

fn is_weekday(b: &[u8]) -> bool {
    let Some(m) = b.get(..3) else { return false };
    let k = folded3(m);
    WEEKDAYS[(k.wrapping_mul(WEEKDAY_HASH) >> 29) as usize] == k
}

/// Three bytes as the low bytes of a word, each with bit 5 set. A byte so changed equals a
/// lower-case ASCII letter exactly when it is that letter in either case, so comparing with
/// lower-case words compares without regard to case.
#[inline(always)]
fn folded3(m: &[u8]) -> u32 {
    (u32::from(m[0]) | u32::from(m[1]) << 8 | u32::from(m[2]) << 16) | 0x20_2020
}

const fn key3(s: &[u8]) -> u32 {
    s[0] as u32 | (s[1] as u32) << 8 | (s[2] as u32) << 16
}

/// Multipliers that send the twelve months to distinct slots of 16 (the top four bits of the
/// product), and the seven weekdays to distinct slots of 8; the tables below fail to compile
/// otherwise.
const MONTH_HASH: u32 = 0x67e4;
const WEEKDAY_HASH: u32 = 0x9da;

/// (folded abbreviation, month number) by slot; empty slots hold 0, which no folded word is.
static MONTHS: [(u32, u8); 16] = {
    let names: [&[u8]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let mut t = [(0u32, 0u8); 16];
    let mut i = 0;
    while i < names.len() {
        let k = key3(names[i]);
        let slot = (k.wrapping_mul(MONTH_HASH) >> 28) as usize;
        assert!(t[slot].0 == 0, "two months in one slot");
        t[slot] = (k, i as u8 + 1);
        i += 1;
    }
    t
};

static WEEKDAYS: [u32; 8] = {
    let names: [&[u8]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];
    let mut t = [0u32; 8];
    let mut i = 0;
    while i < names.len() {
        let k = key3(names[i]);
        let slot = (k.wrapping_mul(WEEKDAY_HASH) >> 29) as usize;
        assert!(t[slot] == 0, "two weekdays in one slot");
        t[slot] = k;
        i += 1;
    }
    t
};

/// Fractional seconds after a `.` or `,` at `i`: returns (microseconds, index after).
/// Digits past the sixth are read over and dropped.
#[inline]
fn fraction(b: &[u8], i: usize) -> (u32, usize) {
    if i + 1 < b.len() && (b[i] == b'.' || b[i] == b',') && b[i + 1].is_ascii_digit() {
        // The digits are looked at eight at a time: up to eight of them are counted and read
        // in one word (the usual 3, 6 or 9 need no loop).
        let w = word_padded(b, i + 1);
        let digits = bytes_below(w ^ ZEROS, 10);
        let mut n = (!digits & HI).trailing_zeros() as usize / 8;
        if n == 8 {
            let rest = &b[i + 9..];
            n += rest
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(rest.len());
        }
        let taken = n.min(6);
        // The taken digits moved to the top of a word of '0's: its value is theirs.
        let shift = 8 * (8 - taken) as u32;
        let us = eight_digits_word((w << shift) | (ZEROS >> (64 - shift))).unwrap_or(0) as u32;
        (us * SCALE[taken], i + 1 + n)
    } else {
        (0, i)
    }
}

const ZEROS: u64 = 0x3030_3030_3030_3030;
const HI: u64 = 0x8080_8080_8080_8080;
const LO: u64 = 0x0101_0101_0101_0101;

/// The eight bytes at `i` (at most `b.len()`) as a little-endian word, zeros past the end.
#[inline(always)]
fn word_padded(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(s) => u64::from_le_bytes(s.try_into().unwrap()),
        // The last eight bytes of the line, shifted down to start at `i`.
        None if b.len() >= 8 => {
            let end = u64::from_le_bytes(b[b.len() - 8..].try_into().unwrap());
            end >> (8 * (i + 8 - b.len()))
        }
        None => b[i..].iter().rev().fold(0, |w, &c| (w << 8) | c as u64),
    }
}

/// High bit set in exactly the bytes of `w` below `n` (`n` at most 0x80).
#[inline(always)]
fn bytes_below(w: u64, n: u8) -> u64 {
    !(((w & !HI) + LO * (0x80 - n) as u64) | w) & HI
}

/// What `n` fraction digits are multiplied by to make microseconds.
const SCALE: [u32; 7] = [1_000_000, 100_000, 10_000, 1000, 100, 10, 1];

/// The digit at `b[i]`, if it is one.
#[inline(always)]
fn digit(b: &[u8], i: usize) -> Option<u32> {
    let d = b.get(i)?.wrapping_sub(b'0');
    (d <= 9).then_some(d as u32)
}

/// The number two digit bytes make, if both are digits.
#[inline(always)]
fn pair(tens: u8, ones: u8) -> Option<u32> {
    let (t, o) = (tens.wrapping_sub(b'0'), ones.wrapping_sub(b'0'));
    (t <= 9 && o <= 9).then_some(t as u32 * 10 + o as u32)
}

/// Exactly two digits at `b[i..i + 2]` (what follows is not looked at).
#[inline(always)]
fn two_digits(b: &[u8], i: usize) -> Option<u32> {
    Some(digit(b, i)? * 10 + digit(b, i + 1)?)
}

/// `HH:MM:SS` (or `HH.MM.SS` when `dot`) with optional fraction at `i`.
/// Returns (h, m, s, µs, index after). A 1-digit hour is accepted (`2:32:52 PM`).
///
/// Runs on nearly every line: fields are read by position, not counted.
#[inline]
fn time_of_day(b: &[u8], i: usize, sep: u8) -> Option<(u32, u32, u32, u32, usize)> {
    // The usual shape, `HH:MM:SS`, read from a fixed window; anything else (a one-digit hour,
    // the end of the line) goes the general way below, which reads the same shape the same.
    if let Some(&[h1, h2, c1, m1, m2, c2, s1, s2]) = b.get(i..i + 8) {
        if c1 == sep && c2 == sep {
            if let (Some(h), Some(m), Some(s)) = (pair(h1, h2), pair(m1, m2), pair(s1, s2)) {
                if h > 23 || m > 59 || s > 60 || b.get(i + 8).is_some_and(u8::is_ascii_digit) {
                    return None;
                }
                let (us, k) = fraction(b, i + 8);
                return Some((h, m, s, us, k));
            }
        }
    }
    let first = digit(b, i)?;
    let (h, j) = match digit(b, i + 1) {
        Some(second) => {
            // Three digits are not an hour.
            if b.get(i + 2).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            (first * 10 + second, i + 2)
        }
        None => (first, i + 1),
    };
    if b.get(j) != Some(&sep) || b.get(j + 3) != Some(&sep) {
        return None;
    }
    let m = two_digits(b, j + 1)?;
    let s = two_digits(b, j + 4)?;
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    // A third digit after the seconds means this was not a time.
    if b.get(j + 6).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let (us, k) = fraction(b, j + 6);
    Some((h, m, s, us, k))
}

/// A zone after a time at `i`: `Z`, `+hh:mm`, `+hhmm`, `+hh`, or after one space `+hhmm`,
/// `UTC`, `GMT`. Returns (offset seconds, index after).
#[inline]
fn zone(b: &[u8], i: usize) -> (Option<i32>, usize) {
    match b.get(i) {
        Some(b'Z') | Some(b'z') => {
            if b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                (None, i)
            } else {
                (Some(0), i + 1)
            }
        }
        Some(&c @ (b'+' | b'-')) => {
            let sign = if c == b'-' { -1 } else { 1 };
            let Some(h) = two_digits(b, i + 1) else {
                return (None, i);
            };
            let (m, k) = if b.get(i + 3) == Some(&b':') {
                match two_digits(b, i + 4) {
                    Some(m) => (m, i + 6),
                    None => return (None, i),
                }
            } else if let Some(m) = two_digits(b, i + 3) {
                (m, i + 5)
            } else {
                (0, i + 3)
            };
            if h > 14 || m > 59 || b.get(k).is_some_and(u8::is_ascii_digit) {
                return (None, i);
            }
            (Some(sign * (h as i32 * 3600 + m as i32 * 60)), k)
        }
        Some(b' ') => {
            let r = &b[i + 1..];
            if r.starts_with(b"UTC") || r.starts_with(b"GMT") {
                let k = i + 4;
                if !b.get(k).is_some_and(u8::is_ascii_alphanumeric) {
                    return (Some(0), k);
                }
            }
            if matches!(r.first(), Some(b'+') | Some(b'-'))
                && count_digits(r, 1) == 4
                && !r.get(5).is_some_and(u8::is_ascii_alphanumeric)
            {
                let (o, k) = zone(b, i + 1);
                if o.is_some() {
                    return (o, k);
                }
            }
            match zone_abbr(r) {
                Some((o, n)) => (Some(o), i + 1 + n),
                None => (None, i),
            }
        }
        _ => (None, i),
    }
}

/// A time zone's abbreviation that names one offset (PostgreSQL's `%t` and Java's `z` write
/// them: `2026-11-26 12:00:00 CET`): the offset in seconds and the abbreviation's length.
/// Abbreviations that name several zones (`CST`, `IST`, `BST`) are left unread.
#[cold]
fn zone_abbr(r: &[u8]) -> Option<(i32, usize)> {
    let n = r
        .iter()
        .take(5)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    if !(3..=4).contains(&n) || r.get(n).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let minutes = match &r[..n] {
        b"WET" => 0,
        b"CET" | b"WEST" => 60,
        b"EET" | b"CEST" => 120,
        b"EEST" | b"MSK" => 180,
        b"HKT" | b"SGT" => 480,
        b"JST" | b"KST" => 540,
        b"AEST" => 600,
        b"AEDT" => 660,
        b"NZST" => 720,
        b"NZDT" => 780,
        b"EDT" => -240,
        b"EST" | b"CDT" => -300,
        b"MDT" => -360,
        b"MST" | b"PDT" => -420,
        b"PST" => -480,
        _ => return None,
    };
    Some((minutes * 60, n))
}

/// ` AM`/` PM` after a 12-hour time: returns the corrected hour and the index after.
fn meridiem(b: &[u8], i: usize, h: u32) -> (u32, usize) {
    if b.get(i) == Some(&b' ') {
        if let Some(m) = b.get(i + 1..i + 3) {
            let pm = m.eq_ignore_ascii_case(b"PM");
            if (pm || m.eq_ignore_ascii_case(b"AM"))
                && !b.get(i + 3).is_some_and(u8::is_ascii_alphanumeric)
                && (1..=12).contains(&h)
            {
                let h = match (pm, h) {
                    (false, 12) => 0,
                    (true, 12) => 12,
                    (true, h) => h + 12,
                    (false, h) => h,
                };
                return (h, i + 3);
            }
        }
    }
    (h, i)
}

fn valid_date(m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// The time part after a date ending at `i`: a separator (`T`, space, `-`, `_`, `:` as in
/// `10/Oct/2000:13:55:36`) then a time. Returns (h, m, s, µs, offset, index after).
fn after_date(b: &[u8], i: usize) -> Option<(u32, u32, u32, u32, Option<i32>, usize)> {
    let mut sep = *b.get(i)?;
    let mut j = i + 1;
    // Airflow's task logs write `2026-11-26, 12:00:00 UTC`.
    if sep == b',' && b.get(j) == Some(&b' ') {
        sep = b' ';
        j += 1;
    }
    if !matches!(sep, b'T' | b' ' | b'-' | b'_' | b':') {
        return None;
    }
    if sep == b' ' {
        // Some writers pad with more than one space.
        while b.get(j) == Some(&b' ') && j < i + 3 {
            j += 1;
        }
    }
    // `2005-06-03-15.42.50.675872` writes the time with dots.
    let tsep = if sep == b'-' && b.get(j + 2) == Some(&b'.') {
        b'.'
    } else {
        b':'
    };
    let (h, m, s, us, k) = time_of_day(b, j, tsep)?;
    let (h, k) = meridiem(b, k, h);
    let (off, k) = zone(b, k);
    Some((h, m, s, us, off, k))
}

/// Reads a timestamp at the start of `b`. Returns it and the number of bytes it took.
///
/// Shapes: ISO 8601 / RFC 3339 (`2023-11-14T22:13:20.123+00:00`, space or `T`), `2023/11/14
/// 22:13:21`, `2005.06.03`, `2005-06-03-15.42.50.675872`, `17/06/09 20:10:40` (yy/mm/dd),
/// `10/11/2023 2:32:52 PM` (mm/dd/yyyy), `01-15 10:30:00.123` and `10.30 16:49:06` (month
/// and day, no year), `081109 203615` (yymmdd hhmmss), `20231114 22:13:21`, `Nov 14
/// 22:13:20[.123456]` (day zero- or space-padded), `Sun Dec 04 04:47:44 2005`, `Tue
/// 2023-11-14 22:13:20 UTC`, `23/Feb/2023:17:05:13 +0000`, and with `Epoch::Yes` epoch
/// seconds or milliseconds.
pub(crate) fn scan(b: &[u8], epoch: Epoch) -> Option<(Civil, usize)> {
    let first = *b.first()?;
    if first.is_ascii_digit() {
        // The `-` after the year is tested first: most numbers here are other stamps.
        if b.get(4) == Some(&b'-') {
            if let Some(r) = iso_stamp(b) {
                return Some(r);
            }
        }
        scan_numeric(b, epoch)
    } else if first.is_ascii_alphabetic() {
        if is_weekday(b) {
            // `Sun Dec 04 04:47:44 2005` or `Tue 2023-11-14 22:13:20 UTC`; a comma may follow.
            let mut i = 3;
            while i < b.len() && b[i].is_ascii_alphabetic() && i < 9 {
                i += 1; // full weekday names
            }
            if b.get(i) == Some(&b',') {
                i += 1;
            }
            if b.get(i) != Some(&b' ') {
                return None;
            }
            let (c, n) = scan(&b[i + 1..], Epoch::No)?;
            return Some((c, i + 1 + n));
        }
        scan_month_name(b)
    } else {
        None
    }
}

/// `Nov 14 22:13:20`, `Nov  4 22:13:20.123`, `Dec 04 04:47:44 2005`, `Nov 14 2023 22:13:20`.
fn scan_month_name(b: &[u8]) -> Option<(Civil, usize)> {
    syslog_stamp(b).or_else(|| month_name_general(b))
}

/// `Nov 14 22:13:20` or `Nov  4 22:13:20` followed by a space and a word, as syslog writes
/// it on every line, read by position in one go. `None` for anything else (a year, zone or
/// AM/PM after the time, a fraction, a field out of range, a full month name), which
/// [`month_name_general`] then reads; where this reads a stamp, that reads the same (a test
/// checks both on random stamps).
#[inline]
fn syslog_stamp(b: &[u8]) -> Option<(Civil, usize)> {
    let w: &[u8; 17] = b.get(..17)?.try_into().ok()?;
    let c = syslog_stamp_head(w[..16].try_into().unwrap())?;
    syslog_stamp_ends(b).then_some(c)
}

/// What [`syslog_stamp`] asks of the bytes after the time (`b` has at least 17): nothing
/// that continues it, such as a year, a zone, AM or PM.
#[inline(always)]
fn syslog_stamp_ends(b: &[u8]) -> bool {
    let after = &b[16..];
    !(matches!(b[16], b'0'..=b'9' | b'+' | b'-')
        || after.starts_with(b"UTC")
        || after.starts_with(b"GMT")
        || after
            .get(..2)
            .is_some_and(|m| m.eq_ignore_ascii_case(b"AM") || m.eq_ignore_ascii_case(b"PM")))
}

/// What [`syslog_stamp`] reads from the first 16 bytes, `Nov 14 22:13:20 `: all of the time,
/// and all that it asks of them.
#[inline(always)]
fn syslog_stamp_head(w: &[u8; 16]) -> Option<(Civil, usize)> {
    if w[3] != b' ' || w[6] != b' ' || w[9] != b':' || w[12] != b':' || w[15] != b' ' {
        return None;
    }
    let month = month_abbr(&w[..3])?;
    let day = if w[4] == b' ' {
        digit(w, 5)?
    } else {
        pair(w[4], w[5])?
    };
    let (hour, minute, second) = (pair(w[7], w[8])?, pair(w[10], w[11])?, pair(w[13], w[14])?);
    if hour > 23 || minute > 59 || second > 60 || !valid_date(month, day) {
        return None;
    }
    Some((
        Civil {
            year: None,
            month,
            day,
            hour,
            minute,
            second,
            micros: 0,
            offset: None,
        },
        15,
    ))
}

/// `scan` and `resolve` of a line that starts with syslog's own stamp (what [`syslog_stamp`]
/// reads, which `scan` then reads the same): its time, the stamp being 15 bytes long. `None`
/// for any other start, which the caller then scans.
///
/// A stamp is read once for all the consecutive lines that start with the same 16 bytes (a
/// busy host writes many lines a second): those bytes are all `syslog_stamp` reads of the
/// time, so the time is the same; what follows is checked on every line.
#[inline]
pub(crate) fn syslog_stamp_resolved(b: &[u8], ctx: &mut TimeContext) -> Option<Option<Timestamp>> {
    let head: &[u8; 16] = b.get(..16)?.try_into().unwrap();
    if b.len() < 17 || !syslog_stamp_ends(b) {
        return None;
    }
    let key = u128::from_le_bytes(*head);
    if let Some((k, t)) = ctx.syslog_head() {
        if k == key {
            return Some(t);
        }
    }
    let (c, _) = syslog_stamp_head(head)?;
    let t = c.resolve(ctx);
    ctx.set_syslog_head(key, t);
    Some(t)
}

/// `Nov 14 22:13:20[.123456]`, `November 14, 2023 22:13:20 UTC`, `Dec 04 04:47:44 2005`...
fn month_name_general(b: &[u8]) -> Option<(Civil, usize)> {
    let month = month_abbr(b)?;
    let mut i = 3;
    // Full month names (`November 14 …`).
    while i < b.len() && b[i].is_ascii_alphabetic() && i < 9 {
        i += 1;
    }
    if b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    if b.get(i) == Some(&b' ') {
        i += 1; // space-padded day
    }
    let dd = count_digits(b, i);
    if dd == 0 || dd > 2 {
        return None;
    }
    let day = digits(b, i, dd)?;
    i += dd;
    if b.get(i) == Some(&b',') {
        i += 1;
    }
    if b.get(i) != Some(&b' ') {
        return None;
    }
    i += 1;
    let mut year = None;
    if count_digits(b, i) == 4 && b.get(i + 4) == Some(&b' ') {
        year = Some(digits(b, i, 4)? as i64);
        i += 5;
    }
    let (h, m, s, us, mut k) = time_of_day(b, i, b':')?;
    let (h, k2) = meridiem(b, k, h);
    k = k2;
    let (mut offset, k2) = zone(b, k);
    k = k2;
    // ctime (`Sun Dec 04 04:47:44 2005`) puts the year after the time.
    if year.is_none() && b.get(k) == Some(&b' ') && count_digits(b, k + 1) == 4 {
        let after = b.get(k + 5);
        if !after.is_some_and(u8::is_ascii_alphanumeric) && after != Some(&b':') {
            year = Some(digits(b, k + 1, 4)? as i64);
            k += 5;
            if offset.is_none() {
                let (o, k2) = zone(b, k);
                offset = o;
                k = k2;
            }
        }
    }
    civil(year, month, day, (h, m, s, us, offset, k))
}

fn civil(
    year: Option<i64>,
    month: u32,
    day: u32,
    t: (u32, u32, u32, u32, Option<i32>, usize),
) -> Option<(Civil, usize)> {
    if !valid_date(month, day) {
        return None;
    }
    Some((
        Civil {
            year,
            month,
            day,
            hour: t.0,
            minute: t.1,
            second: t.2,
            micros: t.3,
            offset: t.4,
        },
        t.5,
    ))
}

/// `2023-11-14T22:13:20` or `2023-11-14 22:13:20` then anything [`after_date`] reads after
/// such a time (a fraction, AM/PM, a zone), the usual shape of ISO and RFC 3339 stamps, read
/// by position: the digits are checked a word at a time. `None` for anything else (other
/// separators, one-digit fields, a field out of range), which [`scan_numeric`] then reads;
/// where this reads a stamp, that reads the same (a test checks both on random stamps).
#[inline(always)]
fn iso_stamp(b: &[u8]) -> Option<(Civil, usize)> {
    let w: &[u8; 19] = b.get(..19)?.try_into().unwrap();
    // `YYYY-MM-` and `HH:MM:SS`: the digits are digits and the separators what they must be.
    let date = u64::from_le_bytes(w[..8].try_into().unwrap());
    let time = u64::from_le_bytes(w[11..].try_into().unwrap());
    const DATE_SEPS: u64 = 0xFF00_00FF_0000_0000;
    const TIME_SEPS: u64 = 0x0000_FF00_00FF_0000;
    if date & DATE_SEPS != 0x2D00_002D_0000_0000
        || time & TIME_SEPS != 0x0000_3A00_003A_0000
        || (bytes_below(date ^ ZEROS, 10) | (HI & DATE_SEPS)) != HI
        || (bytes_below(time ^ ZEROS, 10) | (HI & TIME_SEPS)) != HI
        || !matches!(w[10], b'T' | b' ')
        || b.get(19).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let day = pair(w[8], w[9])?;
    // Each digit pair folded to its value in the first byte of the pair (the separators
    // taken for zeros).
    let pairs = |x: u64, seps: u64| {
        let d = ((x & !seps) | (ZEROS & seps)) - ZEROS;
        d * 10 + (d >> 8)
    };
    let (d, t) = (pairs(date, DATE_SEPS), pairs(time, TIME_SEPS));
    let byte = |x: u64, i: u32| (x >> (8 * i)) as u32 & 0xFF;
    let year = byte(d, 0) * 100 + byte(d, 2);
    let (month, hour, minute, second) = (byte(d, 5), byte(t, 0), byte(t, 3), byte(t, 6));
    if hour > 23 || minute > 59 || second > 60 || !valid_date(month, day) {
        return None;
    }
    let (micros, k) = iso_fraction(b);
    let (hour, offset, k) = meridiem_zone(b, k, hour);
    Some((
        Civil {
            year: Some(year as i64),
            month,
            day,
            hour,
            minute,
            second,
            micros,
            offset,
        },
        k,
    ))
}

/// What [`fraction`] reads at byte 19 of an ISO stamp, the commonest fractions (milli- and
/// microseconds, not followed by another digit) read by position.
#[inline(always)]
fn iso_fraction(b: &[u8]) -> (u32, usize) {
    if let Some(&[sep, d1, d2, d3]) = b.get(19..23) {
        let d3 = d3.wrapping_sub(b'0');
        if let (true, Some(hi), true) = (matches!(sep, b'.' | b','), pair(d1, d2), d3 <= 9) {
            let ms = hi * 10 + d3 as u32;
            match b.get(23..26) {
                // Three more digits and no seventh: microseconds.
                Some(&[d4, d5, d6]) if d4.is_ascii_digit() => {
                    let d6 = d6.wrapping_sub(b'0');
                    if let (Some(p), true) = (pair(d4, d5), d6 <= 9) {
                        if !b.get(26).is_some_and(u8::is_ascii_digit) {
                            return (ms * 1000 + p * 10 + d6 as u32, 26);
                        }
                    }
                }
                _ if !b.get(23).is_some_and(u8::is_ascii_digit) => return (ms * 1000, 23),
                _ => {}
            }
        }
    }
    fraction(b, 19)
}

/// What [`meridiem`] then [`zone`] read at `i`: (hour, offset, index after). The usual ends
/// of a time (the end of the value, a `Z`, a space before a word that is neither AM/PM nor a
/// zone, any other byte that starts neither) are told apart by their first byte or two.
#[inline(always)]
fn meridiem_zone(b: &[u8], i: usize, hour: u32) -> (u32, Option<i32>, usize) {
    match b.get(i) {
        None => return (hour, None, i),
        Some(b'Z') if !b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) => {
            return (hour, Some(0), i + 1);
        }
        Some(b' ') => {
            let next = b.get(i + 1);
            // The first letters of AM, PM, UTC, GMT and the zones `zone_abbr` reads.
            if !matches!(
                next,
                Some(
                    b'a' | b'A'
                        | b'p'
                        | b'P'
                        | b'U'
                        | b'G'
                        | b'+'
                        | b'-'
                        | b'W'
                        | b'C'
                        | b'E'
                        | b'M'
                        | b'H'
                        | b'S'
                        | b'J'
                        | b'K'
                        | b'N'
                )
            ) {
                return (hour, None, i);
            }
        }
        Some(c) if !matches!(c, b'z' | b'+' | b'-') => return (hour, None, i),
        _ => {}
    }
    let (hour, k) = meridiem(b, i, hour);
    let (offset, k) = zone(b, k);
    (hour, offset, k)
}

fn scan_numeric(b: &[u8], epoch: Epoch) -> Option<(Civil, usize)> {
    let n = count_digits(b, 0);
    let sep = b.get(n).copied();
    match (n, sep) {
        (4, Some(s @ (b'-' | b'/' | b'.'))) => {
            // yyyy-mm-dd (also yyyy/m/d as some Windows tools write it)
            let year = digits(b, 0, 4)? as i64;
            // Two-digit month and day, the usual case, by position.
            if let Some(&[m1, m2, s2, d1, d2]) = b.get(5..10) {
                if s2 == s && !b.get(10).is_some_and(u8::is_ascii_digit) {
                    if let (Some(month), Some(day)) = (pair(m1, m2), pair(d1, d2)) {
                        return civil(Some(year), month, day, after_date(b, 10)?);
                    }
                }
            }
            let md = count_digits(b, 5);
            if md == 0 || md > 2 || b.get(5 + md) != Some(&s) {
                return None;
            }
            let month = digits(b, 5, md)?;
            let i = 6 + md;
            let dd = count_digits(b, i);
            if dd == 0 || dd > 2 {
                return None;
            }
            let day = digits(b, i, dd)?;
            civil(Some(year), month, day, after_date(b, i + dd)?)
        }
        (2, Some(b'/')) if b.get(3).is_some_and(u8::is_ascii_alphabetic) => {
            // 23/Feb/2023:17:05:13 +0000 (access logs)
            access_log_stamp(b).or_else(|| day_month_name_year(b))
        }
        (1 | 2, Some(b'-' | b' ')) if b.get(n + 1).is_some_and(u8::is_ascii_alphabetic) => {
            // 26-Nov-2026 12:00:00 (PHP), 26 Nov 2026 12:00:00.123 (Redis, log4j's
            // `dd MMM yyyy`)
            day_month_name_year(b)
        }
        (1 | 2, Some(s @ (b'/' | b'-' | b'.'))) => {
            let a = digits(b, 0, n)?;
            let i = n + 1;
            let bn = count_digits(b, i);
            if bn == 0 || bn > 2 {
                return None;
            }
            let bv = digits(b, i, bn)?;
            let j = i + bn;
            if b.get(j) == Some(&s) {
                let cn = count_digits(b, j + 1);
                let cv = digits(b, j + 1, cn)?;
                let k = j + 1 + cn;
                match cn {
                    // mm/dd/yyyy (US) or dd.mm.yyyy / dd-mm-yyyy (European)
                    4 => {
                        let (m, d) = if s == b'/' { (a, bv) } else { (bv, a) };
                        civil(Some(cv as i64), m, d, after_date(b, k)?)
                    }
                    // yy/mm/dd
                    2 if n == 2 => civil(Some(2000 + a as i64), bv, cv, after_date(b, k)?),
                    _ => None,
                }
            } else {
                // mm-dd or mm.dd, no year (logcat, some Windows tools)
                if n != 2 || bn != 2 {
                    return None;
                }
                civil(None, a, bv, after_date(b, j)?)
            }
        }
        (6, Some(b' ')) if count_digits(b, 7) == 6 => {
            // yymmdd hhmmss
            let (y, m, d) = (digits(b, 0, 2)?, digits(b, 2, 2)?, digits(b, 4, 2)?);
            let (h, mi, s) = (digits(b, 7, 2)?, digits(b, 9, 2)?, digits(b, 11, 2)?);
            if h > 23 || mi > 59 || s > 60 || b.get(13).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            let (us, k) = fraction(b, 13);
            civil(Some(2000 + y as i64), m, d, (h, mi, s, us, None, k))
        }
        (6, Some(b' ')) => {
            // yymmdd h:mm:ss, the hour padded with a space (MySQL 5's error log: `261126
            // 12:00:07 [ERROR] …`, `261126  2:00:07 …`)
            let (y, m, d) = (digits(b, 0, 2)?, digits(b, 2, 2)?, digits(b, 4, 2)?);
            let t = if b.get(7) == Some(&b' ') { 8 } else { 7 };
            let (h, mi, s, us, k) = time_of_day(b, t, b':')?;
            civil(Some(2000 + y as i64), m, d, (h, mi, s, us, None, k))
        }
        (8, Some(b' ' | b'T' | b'-')) => {
            // yyyymmdd hh:mm:ss
            let (y, m, d) = (digits(b, 0, 4)?, digits(b, 4, 2)?, digits(b, 6, 2)?);
            civil(Some(y as i64), m, d, after_date(b, 8)?)
        }
        (10 | 13, _) if epoch == Epoch::Yes => {
            let v = super::text::parse_u64(&b[..n])? as i64;
            let (secs, mut us, k) = if n == 13 {
                (v / 1000, (v % 1000) as u32 * 1000, n)
            } else {
                let (us, k) = fraction(b, n);
                (v, us, k)
            };
            if b.get(k).is_some_and(u8::is_ascii_alphanumeric) {
                return None;
            }
            if !(946_684_800..2_208_988_800).contains(&secs) {
                return None;
            }
            if us >= 1_000_000 {
                us = 0;
            }
            let t = Timestamp(secs * 1_000_000 + us as i64);
            let (y, mo, d, h, mi, s) = t.civil();
            civil(Some(y), mo, d, (h, mi, s, us, Some(0), k))
        }
        _ => None,
    }
}

/// `23/Feb/2023:17:05:13`, `26-Nov-2026 12:00:00` or `26 Nov 2026 12:00:00.123` (the day
/// one or two digits, the same separator after the month), then a time and zone, read the
/// general way.
fn day_month_name_year(b: &[u8]) -> Option<(Civil, usize)> {
    let n = count_digits(b, 0);
    if !(1..=2).contains(&n) {
        return None;
    }
    let day = digits(b, 0, n)?;
    let sep = b.get(n)?;
    let month = month_abbr(b.get(n + 1..)?)?;
    if b.get(n + 4) != Some(sep) || b.get(n + 9).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let year = digits(b, n + 5, 4)? as i64;
    civil(Some(year), month, day, after_date(b, n + 9)?)
}

/// `23/Feb/2023:17:05:13 +0000` exactly, as web servers write it on every line, read by
/// position in one go. `None` for anything else (another zone form, a fraction, a field out of
/// range, a letter or digit right after the zone), which [`day_month_name_year`] then reads;
/// where this reads a stamp, that reads the same (a test checks both on random stamps).
#[inline]
fn access_log_stamp(b: &[u8]) -> Option<(Civil, usize)> {
    let w: &[u8; 26] = b.get(..26)?.try_into().ok()?;
    if w[2] != b'/'
        || w[6] != b'/'
        || w[11] != b':'
        || w[14] != b':'
        || w[17] != b':'
        || w[20] != b' '
        || !matches!(w[21], b'+' | b'-')
        || b.get(26).is_some_and(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    let day = pair(w[0], w[1])?;
    let month = month_abbr(&w[3..6])?;
    let year = pair(w[7], w[8])? * 100 + pair(w[9], w[10])?;
    let (hour, minute, second) = (
        pair(w[12], w[13])?,
        pair(w[15], w[16])?,
        pair(w[18], w[19])?,
    );
    let (zh, zm) = (pair(w[22], w[23])?, pair(w[24], w[25])?);
    if hour > 23 || minute > 59 || second > 60 || zh > 14 || zm > 59 || !valid_date(month, day) {
        return None;
    }
    let sign = if w[21] == b'-' { -1 } else { 1 };
    Some((
        Civil {
            year: Some(year as i64),
            month,
            day,
            hour,
            minute,
            second,
            micros: 0,
            offset: Some(sign * (zh as i32 * 3600 + zm as i32 * 60)),
        },
        26,
    ))
}

/// The value of eight ASCII digits, if they are all digits.
#[inline(always)]
fn eight_digits(s: &[u8]) -> Option<u64> {
    eight_digits_word(u64::from_le_bytes(s.try_into().ok()?))
}

/// The value of the eight ASCII digits of a word (the first in the low byte), if they are
/// all digits.
#[inline(always)]
fn eight_digits_word(w: u64) -> Option<u64> {
    // Every byte 0x30 to 0x39: its high nibble is 3, and stays 3 when 6 is added (no byte
    // carries into the next: none is above 0x3F once the first test holds).
    const NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    if w & NIBBLES != ZEROS || (w + 0x0606_0606_0606_0606) & NIBBLES != ZEROS {
        return None;
    }
    // The digits (the first in the low byte) folded pairwise: 2 → 1 byte of 0..99 per 16
    // bits, then 4 → 1 (0..9999 per 32 bits) and 8 → 1 in two multiplications.
    let d = w - ZEROS;
    let d = (d * 10 + (d >> 8)) & 0x00FF_00FF_00FF_00FF;
    let d = (d * 100 + (d >> 16)) & 0x0000_FFFF_0000_FFFF;
    Some((d * 10_000 + (d >> 32)) & 0xFFFF_FFFF)
}

/// A number of seconds, milliseconds, microseconds or nanoseconds since 1970 (told apart by
/// magnitude), possibly with a fraction: JSON `ts`/`time` fields and journal timestamps.
pub(crate) fn epoch_number(b: &[u8]) -> Option<Timestamp> {
    if let Some(t) = epoch_seconds_fraction(b) {
        return Some(t);
    }
    epoch_number_general(b)
}

/// The usual epoch number, seconds with one to six fraction digits (`1764144000.123456`, as
/// zap writes it on every line), read by position: the ten digits of the seconds in two
/// steps and the fraction in one word. `None` for anything else, which
/// [`epoch_number_general`] then reads; where this reads a time, that reads the same (a test
/// checks both on generated numbers).
#[inline(always)]
fn epoch_seconds_fraction(b: &[u8]) -> Option<Timestamp> {
    let len = b.len();
    if !(12..=17).contains(&len) || b[10] != b'.' {
        return None;
    }
    let high = eight_digits(&b[..8])?;
    let low = pair(b[8], b[9])?;
    // The last eight bytes end with the fraction digits: the bytes before them (the end of
    // the seconds and the point) taken for zeros, the word's value is the fraction's.
    let w = u64::from_le_bytes(b[len - 8..].try_into().unwrap());
    let before = 8 * (19 - len) as u32; // bits of the bytes before the fraction, 16 to 56
    let keep = !0u64 << before;
    let frac = eight_digits_word((w & keep) | (ZEROS & !keep))? as u32;
    let secs = (high * 100 + u64::from(low)) as i64;
    Some(Timestamp(
        secs * 1_000_000 + (frac * SCALE[len - 11]) as i64,
    ))
}

/// Any epoch number [`epoch_number`] reads.
fn epoch_number_general(b: &[u8]) -> Option<Timestamp> {
    // The digits and their value (at most 19 digits, which always fit a u64): eight at a
    // time while there are eight (a time in seconds has ten), then one by one.
    let mut n = 0;
    let mut value = 0u64;
    while n < 16 {
        match b.get(n..n + 8).and_then(eight_digits) {
            Some(v) => {
                value = value * 100_000_000 + v;
                n += 8;
            }
            None => break,
        }
    }
    while let Some(d) = digit(b, n) {
        if n == 19 {
            return None;
        }
        value = value * 10 + d as u64;
        n += 1;
    }
    if n == 0 {
        return None;
    }
    let int = i64::try_from(value).ok()?;
    let (frac_us, k) = fraction(b, n);
    // Exponents (`1.7e9`) are rare in logs; refuse them rather than misread them.
    if k < b.len() {
        return None;
    }
    let us = match n {
        0..=11 => int.checked_mul(1_000_000)? + frac_us as i64,
        12..=14 => int * 1000 + frac_us as i64 / 1000,
        15..=17 => int,
        _ => int / 1000,
    };
    Some(Timestamp(us))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The readings before the hashed tables: what `month_and_weekday_tables_match_the_words` holds
    // the tables to.
    /// Month number of an English three-letter abbreviation, any case.
    fn month_abbr_reference(b: &[u8]) -> Option<u32> {
        let m = b.get(..3)?;
        let k = [
            m[0].to_ascii_lowercase(),
            m[1].to_ascii_lowercase(),
            m[2].to_ascii_lowercase(),
        ];
        Some(match &k {
            b"jan" => 1,
            b"feb" => 2,
            b"mar" => 3,
            b"apr" => 4,
            b"may" => 5,
            b"jun" => 6,
            b"jul" => 7,
            b"aug" => 8,
            b"sep" => 9,
            b"oct" => 10,
            b"nov" => 11,
            b"dec" => 12,
            _ => return None,
        })
    }

    fn is_weekday_reference(b: &[u8]) -> bool {
        let Some(m) = b.get(..3) else { return false };
        let k = [
            m[0].to_ascii_lowercase(),
            m[1].to_ascii_lowercase(),
            m[2].to_ascii_lowercase(),
        ];
        matches!(
            &k,
            b"mon" | b"tue" | b"wed" | b"thu" | b"fri" | b"sat" | b"sun"
        )
    }

    #[test]
    fn month_and_weekday_tables_match_the_words() {
        // Every three bytes (the fourth, when there is one, is not read).
        for k in 0..1u32 << 24 {
            let b = k.to_le_bytes();
            assert_eq!(month_abbr(&b[..3]), month_abbr_reference(&b[..3]), "{b:?}");
            assert_eq!(is_weekday(&b[..3]), is_weekday_reference(&b[..3]), "{b:?}");
        }
        assert_eq!(month_abbr(b"No"), None);
        assert!(!is_weekday(b"Mo"));
        assert_eq!(month_abbr(b"SEPTEMBER"), Some(9));
    }

    fn utc(b: &[u8]) -> Option<String> {
        let reference = Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap();
        let mut ctx = TimeContext::utc(reference);
        let (c, _) = scan(b, Epoch::Yes)?;
        Some(c.resolve(&mut ctx)?.to_rfc3339())
    }

    #[test]
    fn iso_shapes() {
        assert_eq!(
            utc(b"2023-11-14T22:13:20+0000 x").as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(
            utc(b"2024-03-02T10:11:12.345678+01:00 host").as_deref(),
            Some("2024-03-02T09:11:12.345678Z")
        );
        assert_eq!(
            utc(b"2015-10-18 18:01:47,978 INFO").as_deref(),
            Some("2015-10-18T18:01:47.978Z")
        );
        assert_eq!(
            utc(b"2005-06-03-15.42.50.675872 R02").as_deref(),
            Some("2005-06-03T15:42:50.675872Z")
        );
        assert_eq!(
            utc(b"2026-01-28T12:58:01.0000000Z ##[error]").as_deref(),
            Some("2026-01-28T12:58:01Z")
        );
    }

    #[test]
    fn other_shapes() {
        assert_eq!(
            utc(b"Nov  4 22:13:20 host").as_deref(),
            Some("2025-11-04T22:13:20Z")
        );
        assert_eq!(
            utc(b"Sun Dec 04 04:47:44 2005] [x]").as_deref(),
            Some("2005-12-04T04:47:44Z")
        );
        assert_eq!(
            utc(b"Tue 2023-11-14 22:13:20 UTC web").as_deref(),
            Some("2023-11-14T22:13:20Z")
        );
        assert_eq!(
            utc(b"23/Feb/2023:17:05:13 +0100]").as_deref(),
            Some("2023-02-23T16:05:13Z")
        );
        assert_eq!(
            utc(b"17/06/09 20:10:40 INFO").as_deref(),
            Some("2017-06-09T20:10:40Z")
        );
        assert_eq!(
            utc(b"081109 203615 148").as_deref(),
            Some("2008-11-09T20:36:15Z")
        );
        assert_eq!(
            utc(b"01-15 10:30:00.123  1234").as_deref(),
            Some("2026-01-15T10:30:00.123Z")
        );
        assert_eq!(
            utc(b"10/11/2023 2:32:52 PM\tx").as_deref(),
            Some("2023-10-11T14:32:52Z")
        );
        assert_eq!(
            utc(b"1117838570 2005").as_deref(),
            Some("2005-06-03T22:42:50Z")
        );
        assert_eq!(utc(b"12345 foo"), None);
        assert_eq!(utc(b"Nov 99 22:13:20"), None);
    }

    /// PHP's `[26-Nov-2026 12:00:00]` (PHP-FPM and the PHP error log) and Redis's `1:M 26 Nov
    /// 2026 12:00:00.123 *` wrote the day before the month's name with a dash or a space: no
    /// line of either log had a time, so neither had a timeline or an onset.
    #[test]
    fn day_before_the_month_name() {
        assert_eq!(
            utc(b"26-Nov-2026 12:00:07] ERROR: unable to bind").as_deref(),
            Some("2026-11-26T12:00:07Z")
        );
        assert_eq!(
            utc(b"26-Nov-2026 12:00:08 UTC] PHP Fatal error:").as_deref(),
            Some("2026-11-26T12:00:08Z")
        );
        assert_eq!(
            utc(b"26 Nov 2026 12:00:00.123 * Ready").as_deref(),
            Some("2026-11-26T12:00:00.123Z")
        );
        assert_eq!(
            utc(b"6 Nov 2026 02:00:00,123 INFO").as_deref(),
            Some("2026-11-06T02:00:00.123Z")
        );
        assert_eq!(utc(b"26 Nov 20261 12:00:00"), None);
        assert_eq!(utc(b"26-Nov 2026 12:00:00"), None);
        assert_eq!(utc(b"3 Novices 2026 12:00:00"), None);
    }

    /// PostgreSQL's default prefix (`%m [%p] `) writes the server's zone by its abbreviation:
    /// `2026-11-26 12:00:01.456 CET [1240] FATAL: …` was read as 12:00 UTC (or in the zone
    /// of the machine reading it), an hour off the other logs of the incident.
    #[test]
    fn a_zone_abbreviation_after_the_time_is_its_offset() {
        assert_eq!(
            utc(b"2026-11-26 12:00:01.456 CET [1240] FATAL:").as_deref(),
            Some("2026-11-26T11:00:01.456Z")
        );
        assert_eq!(
            utc(b"2026-07-01 12:00:00 EDT [7] LOG:").as_deref(),
            Some("2026-07-01T16:00:00Z")
        );
        assert_eq!(
            utc(b"2026-11-26 12:00:00 NZDT x").as_deref(),
            Some("2026-11-25T23:00:00Z")
        );
        let reference = Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap();
        let mut ctx = TimeContext::utc(reference);
        let (_, n) = scan(b"2026-11-26 12:00:01 CEST [1] LOG", Epoch::No).unwrap();
        assert_eq!(n, 24);
        // An abbreviation that names several zones, or a level word, is no zone.
        let (c, n) = scan(b"2026-11-26 12:00:01 CST [1] LOG", Epoch::No).unwrap();
        assert_eq!(n, 19);
        assert_eq!(
            c.resolve(&mut ctx).unwrap().to_rfc3339(),
            "2026-11-26T12:00:01Z"
        );
        assert_eq!(
            scan(b"2026-11-26 12:00:01 ERROR x", Epoch::No).unwrap().1,
            19
        );
        assert_eq!(
            scan(b"2026-11-26 12:00:01 ESTABLISHED", Epoch::No)
                .unwrap()
                .1,
            19
        );
    }

    /// Airflow's task log (`[2026-11-26, 12:00:04 UTC] {taskinstance.py:1937} ERROR - Task
    /// failed`) puts a comma after the date: no line of a task's log had a time.
    #[test]
    fn a_comma_and_a_space_after_the_date() {
        assert_eq!(
            utc(b"2026-11-26, 12:00:04 UTC] {taskinstance.py:1937}").as_deref(),
            Some("2026-11-26T12:00:04Z")
        );
        assert_eq!(utc(b"2026-11-26,12:00:04 x"), None);
    }

    /// MySQL 5's error log starts its lines with a two-digit year, month and day, then the
    /// time with its hour padded by a space (`261126  2:00:07 [ERROR] …`). No line had a time,
    /// so a failed start had no timeline and no onset.
    #[test]
    fn a_short_date_then_a_time_with_colons() {
        assert_eq!(
            utc(b"261126 12:00:07 [ERROR] Can't start server").as_deref(),
            Some("2026-11-26T12:00:07Z")
        );
        assert_eq!(
            utc(b"261127  2:00:07 [Warning] Using unique option prefix").as_deref(),
            Some("2026-11-27T02:00:07Z")
        );
        // A number of six digits before a time that is not a date stays unread.
        assert_eq!(utc(b"261399 12:00:07 x"), None);
        assert_eq!(utc(b"261126 12:00 x"), None);
    }

    #[test]
    fn epoch_numbers_by_magnitude() {
        let s = Timestamp::from_unix_seconds(1_700_000_000);
        assert_eq!(epoch_number(b"1700000000"), Some(s));
        assert_eq!(epoch_number(b"1700000000000"), Some(s));
        assert_eq!(epoch_number(b"1700000000000000"), Some(s));
        assert_eq!(epoch_number(b"1700000000000000000"), Some(s));
        // Past i64: not a time (it used to wrap to a negative one).
        assert_eq!(epoch_number(b"9999999999999999999"), None);
        assert_eq!(
            epoch_number(b"1700000000.5"),
            Some(Timestamp(s.0 + 500_000))
        );
        assert_eq!(epoch_number(b"17e8"), None);
    }
}

#[cfg(test)]
mod memo_tests {
    use super::*;
    use proptest::prelude::*;

    fn civil() -> impl Strategy<Value = Civil> {
        (
            prop::option::of(2024i64..2028),
            1u32..=12,
            1u32..=31,
            0u32..=23,
            0u32..=59,
            0u32..=60,
            prop_oneof![Just(0u32), 0u32..1_000_000, Just(999_999)],
            prop::option::of(prop_oneof![Just(0i32), Just(3600), Just(-19_800)]),
        )
            .prop_map(
                |(year, month, day, hour, minute, second, micros, offset)| Civil {
                    year,
                    month,
                    day,
                    hour,
                    minute,
                    second,
                    micros,
                    offset,
                },
            )
    }

    proptest! {
        /// Resolving through the context's memory of the last second gives what resolving
        /// afresh gives, whatever came before: a wrong year or a lost microsecond would move a
        /// line in the timeline.
        #[test]
        fn remembered_resolutions_are_the_fresh_ones(
            times in proptest::collection::vec(civil(), 1..40),
            zone in prop_oneof![Just("UTC"), Just("Europe/Berlin"), Just("America/New_York")],
        ) {
            // The reference falls inside the times drawn, so that year-less ones near it take
            // either year.
            let reference = Timestamp::from_utc(2026, 3, 29, 1, 30, 0, 500_000).unwrap();
            let zone = jiff::tz::TimeZone::get(zone).unwrap();
            let mut remembered = TimeContext::new(zone.clone(), reference);
            for c in &times {
                // Each time twice: once new, once just seen.
                for _ in 0..2 {
                    let mut fresh = TimeContext::new(zone.clone(), reference);
                    prop_assert_eq!(c.resolve(&mut remembered), c.resolve_uncached(&mut fresh));
                }
            }
        }
    }

    /// An access-log stamp: fields in and out of range, a month name or not, separators that
    /// are the usual ones or not, and what may follow the zone.
    fn access_like() -> impl Strategy<Value = Vec<u8>> {
        let num = |max: u32, width: usize| {
            prop_oneof![
                9 => (0..=max).prop_map(move |n| format!("{n:0width$}")),
                1 => Just("x".repeat(width)),
            ]
        };
        let sep = |usual: char| prop_oneof![8 => Just(usual), 1 => Just('.'), 1 => Just(' ')];
        (
            (num(33, 2), num(2100, 4), num(25, 2), num(61, 2), num(61, 2)),
            (num(16, 2), num(61, 2)),
            prop_oneof![Just("Nov"), Just("feb"), Just("Xyz")],
            (sep('/'), sep(':'), sep(' ')),
            prop_oneof![Just('+'), Just('-'), Just('Z')],
            prop_oneof![Just("]"), Just(""), Just("0"), Just("a"), Just(".5 ")],
        )
            .prop_map(
                |((d, y, h, mi, s), (zh, zm), month, (slash, colon, space), sign, tail)| {
                    format!("{d}{slash}{month}/{y}{colon}{h}:{mi}:{s}{space}{sign}{zh}{zm}{tail}")
                        .into_bytes()
                },
            )
    }

    /// A syslog stamp and what follows it: fields in and out of range, padded or not, and
    /// the words a time may be followed by (a year, a zone, AM/PM, a host).
    fn syslog_like() -> impl Strategy<Value = Vec<u8>> {
        let num = |max: u32| {
            prop_oneof![
                9 => (0..=max).prop_map(|n| format!("{n:02}")),
                1 => (0..=9u32).prop_map(|n| format!(" {n}")),
                1 => Just(String::from("x1")),
            ]
        };
        (
            prop_oneof![Just("Nov"), Just("dec"), Just("Xyz"), Just("Sep")],
            (num(33), num(25), num(61), num(61)),
            prop_oneof![Just(' '), Just(':'), Just('.')],
            prop_oneof![
                Just("db-1 kernel:"),
                Just("2005 x"),
                Just("20051"),
                Just("UTC x"),
                Just("GMT"),
                Just("utc"),
                Just("am x"),
                Just("PM"),
                Just("pmx"),
                Just("+0200"),
                Just("-"),
                Just("a"),
                Just(""),
            ],
        )
            .prop_map(|(month, (d, h, mi, s), sep, tail)| {
                format!("{month} {d} {h}:{mi}:{s}{sep}{tail}").into_bytes()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Where the positional reading of an access-log stamp reads one, the general reading
        /// reads the same time, zone and length: a web server's lines are timed alike by both.
        #[test]
        fn access_log_stamps_read_by_position_as_the_general_way_reads_them(b in access_like()) {
            if let Some(fast) = access_log_stamp(&b) {
                prop_assert_eq!(Some(fast), day_month_name_year(&b));
            }
        }

        /// Where the positional reading of a syslog stamp reads one, the general reading reads
        /// the same time and length.
        #[test]
        fn syslog_stamps_read_by_position_as_the_general_way_reads_them(b in syslog_like()) {
            if let Some(fast) = syslog_stamp(&b) {
                prop_assert_eq!(Some(fast), month_name_general(&b));
            }
        }

        /// A syslog stamp read through the memory of the last one's bytes (each line also
        /// comes again, and again with other endings after the same 16 bytes) gets the time
        /// and length that `scan` and `resolve` give it afresh, and is taken where they take it.
        #[test]
        fn remembered_syslog_stamps_read_as_scanned(
            lines in prop::collection::vec(syslog_like(), 1..20),
        ) {
            let reference = Timestamp::from_utc(2026, 3, 29, 1, 30, 0, 0).unwrap();
            let mut remembered = TimeContext::utc(reference);
            let endings: [&[u8]; 6] = [b"", b"2005 x", b"UTC", b"pm", b"-", b"web-1 x:"];
            for b in &lines {
                let mut variants = vec![b.clone(), b.clone()];
                if let Some(head) = b.get(..16) {
                    variants.extend(endings.iter().map(|e| [head, e].concat()));
                }
                for v in variants {
                    let fresh = scan(&v, Epoch::No)
                        .filter(|_| syslog_stamp(&v).is_some())
                        .map(|(c, n)| (c.resolve(&mut TimeContext::utc(reference)), n));
                    let got = syslog_stamp_resolved(&v, &mut remembered).map(|t| (t, 15));
                    prop_assert_eq!(got, fresh);
                }
            }
        }
    }

    /// An ISO-like stamp and what follows it: fields in and out of range, one digit or two,
    /// other separators, and what a time may be followed by (a fraction, a zone, AM/PM).
    fn iso_like() -> impl Strategy<Value = Vec<u8>> {
        let num = |max: u32| {
            prop_oneof![
                12 => (0..=max).prop_map(|n| format!("{n:02}")),
                1 => (0..=9u32).prop_map(|n| format!("{n}")),
                1 => (0..=9u32).prop_map(|n| format!(" {n}")),
                1 => Just(String::from("x1")),
                1 => Just(String::from("1:")),
            ]
        };
        let year = prop_oneof![
            8 => (0..=9999u32).prop_map(|n| format!("{n:04}")),
            1 => Just(String::from("202")),
            1 => Just(String::from("2a26")),
            1 => Just(String::from("20266")),
        ];
        let sep = |main: char| {
            prop_oneof![
                8 => Just(main),
                1 => Just('/'),
                1 => Just('.'),
                1 => Just(','),
                1 => Just(';'),
            ]
        };
        (
            year,
            (sep('-'), num(14), sep('-'), num(33)),
            prop_oneof![
                Just("T"),
                Just(" "),
                Just("  "),
                Just("t"),
                Just("-"),
                Just("_")
            ],
            (num(25), sep(':'), num(61), sep(':'), num(61)),
            prop_oneof![
                Just(""),
                Just(" x"),
                Just("Z"),
                Just("z INFO"),
                Just("Zulu"),
                Just(".123Z"),
                Just(",978 INFO"),
                Just(".1234567Z x"),
                Just(".123456789+01:00"),
                Just("+05:30 x"),
                Just("-0800"),
                Just("+15"),
                Just(" UTC x"),
                Just(" +0200 x"),
                Just(" PM x"),
                Just(" am"),
                Just("5"),
                Just("."),
                Just(",9"),
                Just(",97 x"),
                Just(",9781 x"),
                Just(".123456"),
                Just(".123456Z"),
                Just(".12345Z"),
                Just(".1234567"),
                Just(".123 PM x"),
                Just(".123 pm"),
                Just(".123Z1"),
                Just(".123 UTC"),
                Just(".123 GMT+1"),
                Just(".123 +0200 x"),
                Just(".123 -"),
                Just(".123 Ux"),
                Just(".123\t"),
                Just(".123]"),
                Just(".123z"),
                Just(".12a"),
                Just(".1a3"),
                Just(".123456a"),
                Just(".12345a7"),
                Just("Zx"),
                Just(" Am"),
                Just(" G"),
                Just(" "),
            ],
        )
            .prop_map(|(y, (s1, mo, s2, d), t, (h, c1, mi, c2, se), tail)| {
                format!("{y}{s1}{mo}{s2}{d}{t}{h}{c1}{mi}{c2}{se}{tail}").into_bytes()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// Where the positional reading of an ISO stamp reads one, the general reading reads
        /// the same time, zone and length.
        #[test]
        fn iso_stamps_read_by_position_as_the_general_way_reads_them(b in iso_like()) {
            if let Some(fast) = iso_stamp(&b) {
                prop_assert_eq!(Some(fast), scan_numeric(&b, Epoch::No));
            }
        }
    }

    /// The bytes after an ISO stamp's seconds: a fraction of any length, then what may end a
    /// time (AM/PM, zones, words, other bytes, the end).
    fn iso_tail() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            4 => (0usize..9, any::<u64>()).prop_map(|(n, seed)| {
                (0..n).map(|k| b'0' + ((seed >> (k * 4)) % 10) as u8).collect::<Vec<u8>>()
            }),
            4 => prop::sample::select(
                &[".", ",", "Z", "z", " ", "+", "-", "+01:00", " +0200", " UTC", " GMT", " PM",
                  " am", " Ux", " ax", "x", "]", "\t", " CET", " CEST", " EST", " NZDT",
                  " CST", " ERROR", " WARN", " MSKx", " EDT1"][..]
            ).prop_map(|s| s.as_bytes().to_vec()),
            1 => any::<u8>().prop_map(|c| vec![c]),
        ];
        prop::collection::vec(piece, 0..5).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// The positional readings of a fraction and of what ends a time, after the 19 bytes
        /// of `2026-11-26T08:00:00`, read what `fraction`, `meridiem` and `zone` read.
        #[test]
        fn iso_tails_read_by_position_as_the_general_way_reads_them(
            tail in iso_tail(),
            hour in prop_oneof![Just(0u32), 1u32..=12, 13u32..=23],
        ) {
            let b = [&b"2026-11-26T08:00:00"[..], &tail].concat();
            prop_assert_eq!(iso_fraction(&b), fraction(&b, 19));
            for i in 19..=b.len() {
                let (h, k) = meridiem(&b, i, hour);
                let (offset, k) = zone(&b, k);
                prop_assert_eq!(meridiem_zone(&b, i, hour), (h, offset, k), "at {}", i);
            }
        }
    }

    #[test]
    fn the_usual_iso_stamps_take_the_positional_way() {
        for (b, n) in [
            (&b"2026-11-26T08:00:00.937Z DEBUG"[..], 24),
            (b"2026-11-26 08:00:00,943 TRACE", 23),
            (b"2026-11-26T08:00:00.956569+00:00 k8s", 32),
            (b"2026-11-26T08:00:00Z", 20),
            (b"2026-11-26 08:00:00", 19),
        ] {
            let fast = iso_stamp(b);
            assert_eq!(
                fast.map(|(_, k)| k),
                Some(n),
                "{}",
                String::from_utf8_lossy(b)
            );
            assert_eq!(fast, scan_numeric(b, Epoch::No));
        }
        assert_eq!(iso_stamp(b"2026-11-26T8:00:00 x"), None);
        assert_eq!(iso_stamp(b"2026/11/26 08:00:00 x"), None);
        assert_eq!(iso_stamp(b"2026-11-26 24:00:00 x"), None);
    }

    #[test]
    fn the_usual_syslog_stamp_takes_the_positional_way() {
        let (c, n) = syslog_stamp(b"Nov  4 22:13:20 db-1 kernel: x").unwrap();
        assert_eq!(n, 15);
        assert_eq!((c.month, c.day, c.hour, c.year), (11, 4, 22, None));
        // Followed by a year, a zone or AM/PM: left to the general reading.
        assert_eq!(syslog_stamp(b"Dec 04 04:47:44 2005 x"), None);
        assert_eq!(syslog_stamp(b"Nov 14 10:13:20 PM host"), None);
        assert_eq!(syslog_stamp(b"Nov 14 10:13:20 UTC host"), None);
    }

    #[test]
    fn the_usual_access_log_stamp_takes_the_positional_way() {
        let (c, n) = access_log_stamp(b"10/Oct/2000:13:55:36 -0700] \"GET").unwrap();
        assert_eq!(n, 26);
        assert_eq!((c.year, c.month, c.day, c.hour), (Some(2000), 10, 10, 13));
        assert_eq!(c.offset, Some(-7 * 3600));
        // Out of the usual shape: left to the general reading.
        assert_eq!(access_log_stamp(b"10/Oct/2000:13:55:36.5 -0700"), None);
        assert_eq!(access_log_stamp(b"10/Oct/2000:13:55:36 +1500"), None);
        assert!(day_month_name_year(b"10/Oct/2000:13:55:36 +1500").is_some());
    }

    #[test]
    fn a_year_less_time_at_the_reference_day_boundary_keeps_its_microseconds_apart() {
        // One day after the reference, to the microsecond: the year is this one up to it and
        // the year before after it, within a single second.
        let reference = Timestamp::from_utc(2026, 6, 1, 12, 0, 0, 500_000).unwrap();
        let mut ctx = TimeContext::utc(reference);
        let at = |micros| Civil {
            year: None,
            month: 6,
            day: 2,
            hour: 12,
            minute: 0,
            second: 0,
            micros,
            offset: None,
        };
        let before = at(500_000).resolve(&mut ctx).unwrap();
        let after = at(500_001).resolve(&mut ctx).unwrap();
        assert_eq!(before.civil().0, 2026);
        assert_eq!(after.civil().0, 2025);
    }
}

#[cfg(test)]
mod digit_tests {
    //! `epoch_number` and `fraction` read digits eight at a time; these are the byte-by-byte
    //! readings they replaced, compared on generated numbers.

    use super::*;
    use proptest::prelude::*;

    fn fraction_bytewise(b: &[u8], i: usize) -> (u32, usize) {
        if i + 1 < b.len() && (b[i] == b'.' || b[i] == b',') && b[i + 1].is_ascii_digit() {
            let rest = &b[i + 1..];
            let n = rest
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let taken = n.min(6);
            let us = rest[..taken]
                .iter()
                .fold(0u32, |us, &c| us * 10 + (c - b'0') as u32);
            (us * SCALE[taken], i + 1 + n)
        } else {
            (0, i)
        }
    }

    fn epoch_number_bytewise(b: &[u8]) -> Option<Timestamp> {
        let mut n = 0;
        let mut value = 0u64;
        while let Some(d) = digit(b, n) {
            if n == 19 {
                return None;
            }
            value = value * 10 + d as u64;
            n += 1;
        }
        if n == 0 {
            return None;
        }
        let int = i64::try_from(value).ok()?;
        let (frac_us, k) = fraction_bytewise(b, n);
        if k < b.len() {
            return None;
        }
        let us = match n {
            0..=11 => int.checked_mul(1_000_000)? + frac_us as i64,
            12..=14 => int * 1000 + frac_us as i64 / 1000,
            15..=17 => int,
            _ => int / 1000,
        };
        Some(Timestamp(us))
    }

    /// Runs of digits (of every length around the 8-byte steps) between separators and
    /// other bytes.
    fn number() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            4 => (0usize..24, any::<u64>()).prop_map(|(n, seed)| {
                (0..n).map(|k| b'0' + ((seed >> (k % 16 * 4)) % 10) as u8).collect()
            }),
            2 => prop::sample::select(&b".,e- Z9"[..]).prop_map(|c| vec![c]),
            1 => any::<u8>().prop_map(|c| vec![c]),
        ];
        prop::collection::vec(piece, 0..5).prop_map(|v| v.concat())
    }

    /// Numbers near the usual epoch shape, `1764144000.123456`: nine to eleven digits (a
    /// byte sometimes not one), a point or not, up to eight fraction digits, then the end or
    /// more.
    fn epoch_like() -> impl Strategy<Value = Vec<u8>> {
        let digits = |n: std::ops::RangeInclusive<usize>| {
            (n, any::<u64>()).prop_map(|(n, seed)| {
                (0..n)
                    .map(|k| b'0' + ((seed >> (k * 4 % 64)) % 10) as u8)
                    .collect::<Vec<u8>>()
            })
        };
        (
            prop_oneof![8 => digits(10..=10), 1 => digits(9..=11)],
            prop::option::of((0usize..10, prop::sample::select(&b"/:a.\xff"[..]))),
            prop::sample::select(&b"..., e"[..]),
            digits(0..=8),
            prop::sample::select(&["", "", "", "e5", " ", "Z", "1", "."][..]),
        )
            .prop_map(|(mut int, bad, point, frac, tail)| {
                if let Some((at, c)) = bad {
                    if at < int.len() {
                        int[at] = c;
                    }
                }
                [&int[..], &[point], &frac, tail.as_bytes()].concat()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The positional reading of the usual epoch shape reads what the byte-by-byte one
        /// reads, where it reads anything.
        #[test]
        fn epoch_stamps_read_by_position_as_by_the_byte(b in epoch_like()) {
            if let Some(fast) = epoch_seconds_fraction(&b) {
                prop_assert_eq!(Some(fast), epoch_number_bytewise(&b));
            }
            prop_assert_eq!(epoch_number(&b), epoch_number_bytewise(&b));
        }

        #[test]
        fn digits_read_by_the_word_read_as_by_the_byte(b in number()) {
            prop_assert_eq!(epoch_number(&b), epoch_number_bytewise(&b));
            for i in 0..=b.len() {
                prop_assert_eq!(fraction(&b, i), fraction_bytewise(&b, i), "at {}", i);
            }
        }
    }

    #[test]
    fn the_usual_epoch_stamp_takes_the_positional_way() {
        let t = Timestamp(1_764_144_000_123_456);
        assert_eq!(epoch_seconds_fraction(b"1764144000.123456"), Some(t));
        assert_eq!(
            epoch_seconds_fraction(b"1764144000.5"),
            Some(Timestamp(1_764_144_000_500_000))
        );
        assert_eq!(epoch_seconds_fraction(b"1764144000.1234567"), None);
        assert_eq!(epoch_seconds_fraction(b"1764144000,123"), None);
        assert_eq!(epoch_seconds_fraction(b"176414400a.123"), None);
        assert_eq!(epoch_seconds_fraction(b"1764144000.1a3"), None);
    }

    #[test]
    fn eight_digits_at_a_time() {
        assert_eq!(eight_digits(b"00000000"), Some(0));
        assert_eq!(eight_digits(b"12345678"), Some(12_345_678));
        assert_eq!(eight_digits(b"99999999"), Some(99_999_999));
        assert_eq!(eight_digits(b"1234567:"), None);
        assert_eq!(eight_digits(b"/2345678"), None);
        assert_eq!(eight_digits(b"1234\xb5678"), None);
        assert_eq!(eight_digits(b"1234567"), None);
    }
}
