//! Byte-level writers for the hot path: integers, hex, escaped strings and timestamps.
//!
//! Everything appends to a `Vec<u8>` without `fmt`: `write!` costs a virtual call and a
//! formatter per argument, which alone would keep the generator under its throughput target.
//! Timestamps come from [`Clock`], which converts to calendar fields only when the second changes.

use super::rng::Rng;

const HEX: &[u8; 16] = b"0123456789abcdef";
pub(crate) const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// "00" to "99", so that integers are written two digits per division.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Decimal digits of `n`, right-aligned in a stack buffer; returns the buffer and the start index.
fn digits(mut n: u64) -> ([u8; 20], usize) {
    let mut buf = [0u8; 20];
    let mut i = 20;
    while n >= 100 {
        let d = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    }
    if n >= 10 {
        let d = n as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    (buf, i)
}

pub(crate) fn push_u64(out: &mut Vec<u8>, n: u64) {
    let (buf, i) = digits(n);
    out.extend_from_slice(&buf[i..]);
}

/// `n` padded on the left with `fill` to at least `width` characters.
pub(crate) fn push_padded(out: &mut Vec<u8>, n: u64, width: usize, fill: u8) {
    let (buf, i) = digits(n);
    for _ in (20 - i)..width {
        out.push(fill);
    }
    out.extend_from_slice(&buf[i..]);
}

pub(crate) fn push_2(out: &mut Vec<u8>, n: u32) {
    let d = (n % 100) as usize * 2;
    out.extend_from_slice(&PAIRS[d..d + 2]);
}

/// The first `width` digits of a six-digit microsecond fraction (3 = millis, 6 = micros), or
/// more digits padded with zeros (7 for GitHub Actions, 9 for nanoseconds).
pub(crate) fn push_frac(out: &mut Vec<u8>, micros: u32, width: usize) {
    let (a, b, c) = (
        (micros / 10_000 % 100) as usize * 2,
        (micros / 100 % 100) as usize * 2,
        (micros % 100) as usize * 2,
    );
    let six = [
        PAIRS[a],
        PAIRS[a + 1],
        PAIRS[b],
        PAIRS[b + 1],
        PAIRS[c],
        PAIRS[c + 1],
    ];
    if width <= 6 {
        out.extend_from_slice(&six[..width]);
    } else {
        out.extend_from_slice(&six);
        out.resize(out.len() + width - 6, b'0');
    }
}

/// `width` random decimal digits, the first one non-zero (an id of exactly that length).
/// Digits are peeled off a random word by multiplying by ten, which costs no division.
pub(crate) fn push_random_digits(out: &mut Vec<u8>, rng: &mut Rng, width: usize) {
    let mut r = rng.next_u64();
    let first = ((r as u128 * 9) >> 64) as u8;
    r = r.wrapping_mul(9);
    out.push(b'1' + first);
    for i in 1..width {
        if i % 16 == 0 {
            r = rng.next_u64();
        }
        let x = r as u128 * 10;
        out.push(b'0' + (x >> 64) as u8);
        r = x as u64;
    }
}

/// `width` random lowercase hex digits.
pub(crate) fn push_hex(out: &mut Vec<u8>, rng: &mut Rng, width: usize) {
    let mut left = width;
    while left > 0 {
        let mut v = rng.next_u64();
        for _ in 0..left.min(16) {
            out.push(HEX[(v & 15) as usize]);
            v >>= 4;
        }
        left -= left.min(16);
    }
}

/// `width` random characters from `alphabet`.
pub(crate) fn push_alnum(out: &mut Vec<u8>, rng: &mut Rng, width: usize, alphabet: &[u8]) {
    for _ in 0..width {
        out.push(*rng.pick(alphabet));
    }
}

/// Bytes as the inside of a JSON string. Runs without escapes are copied whole.
pub(crate) fn push_json_escaped(out: &mut Vec<u8>, s: &[u8]) {
    // Most messages need no escape; this test vectorises, the loop below does not.
    if s.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.extend_from_slice(s);
        return;
    }
    let mut run = 0;
    for (i, &b) in s.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            0..=0x1f => {
                out.extend_from_slice(&s[run..i]);
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 15) as usize]);
                run = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&s[run..i]);
        out.extend_from_slice(esc);
        run = i + 1;
    }
    out.extend_from_slice(&s[run..]);
}

/// A logfmt value: bare when it has no space, quote or `=`, else quoted with `\"` escapes.
pub(crate) fn push_logfmt_value(out: &mut Vec<u8>, v: &[u8]) {
    let needs_quotes = v.is_empty() || v.iter().any(|&b| b <= b' ' || b == b'"' || b == b'=');
    if !needs_quotes {
        out.extend_from_slice(v);
        return;
    }
    out.push(b'"');
    push_json_escaped(out, v);
    out.push(b'"');
}

/// Calendar fields of one UTC second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i32,
    /// 1..=12
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Civil {
    /// Howard Hinnant's `civil_from_days`, plus the time of day.
    pub(crate) fn from_unix(secs: i64) -> Civil {
        let days = secs.div_euclid(86_400);
        let tod = secs.rem_euclid(86_400) as u32;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Civil {
            year,
            month,
            day,
            hour: tod / 3600,
            minute: tod / 60 % 60,
            second: tod % 60,
        }
    }
}

/// The generator's wall clock: microseconds since the epoch, moving forward only.
///
/// The text of the current second is cached: hundreds of lines share a second, and formatting
/// dates was a sixth of the generator's time.
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    micros: i64,
    civil_sec: i64,
    civil: Civil,
    /// `2026-11-26T08:00:08`
    iso: [u8; 19],
    /// The seconds since the epoch in decimal.
    epoch: Vec<u8>,
}

impl Clock {
    pub(crate) fn new(unix_micros: i64) -> Clock {
        let mut c = Clock {
            micros: unix_micros,
            civil_sec: i64::MIN,
            civil: Civil::from_unix(0),
            iso: [0; 19],
            epoch: Vec::with_capacity(20),
        };
        c.advance(0);
        c
    }

    pub(crate) fn advance(&mut self, micros: u64) {
        self.micros += micros as i64;
        let sec = self.secs();
        if sec != self.civil_sec {
            self.civil_sec = sec;
            self.civil = Civil::from_unix(sec);
            let mut v = Vec::with_capacity(19);
            self.push_ymd_slow(&mut v, b'-');
            v.push(b'T');
            self.push_hms_slow(&mut v);
            self.iso.copy_from_slice(&v);
            self.epoch.clear();
            push_u64(&mut self.epoch, sec as u64);
        }
    }

    pub(crate) fn unix_micros(&self) -> i64 {
        self.micros
    }

    pub(crate) fn secs(&self) -> i64 {
        self.micros.div_euclid(1_000_000)
    }

    pub(crate) fn sub_micros(&self) -> u32 {
        self.micros.rem_euclid(1_000_000) as u32
    }

    fn push_ymd(&self, out: &mut Vec<u8>, sep: u8) {
        let at = out.len();
        out.extend_from_slice(&self.iso[..10]);
        if sep != b'-' {
            out[at + 4] = sep;
            out[at + 7] = sep;
        }
    }

    fn push_hms(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.iso[11..19]);
    }

    fn push_ymd_slow(&self, out: &mut Vec<u8>, sep: u8) {
        let c = &self.civil;
        push_padded(out, c.year as u64, 4, b'0');
        out.push(sep);
        push_2(out, c.month);
        out.push(sep);
        push_2(out, c.day);
    }

    fn push_hms_slow(&self, out: &mut Vec<u8>) {
        let c = &self.civil;
        push_2(out, c.hour);
        out.push(b':');
        push_2(out, c.minute);
        out.push(b':');
        push_2(out, c.second);
    }

    /// RFC 3339 in UTC: `2026-11-26T12:00:00.123456Z`, or `+00:00` instead of `Z`.
    pub(crate) fn rfc3339(&self, out: &mut Vec<u8>, frac: usize, colon_offset: bool) {
        out.extend_from_slice(&self.iso);
        if frac > 0 {
            out.push(b'.');
            push_frac(out, self.sub_micros(), frac);
        }
        out.extend_from_slice(if colon_offset { b"+00:00" } else { b"Z" });
    }

    /// `2026-11-26 12:00:00,123` (Python `asctime`, log4j `%d`), with `sep` before the millis.
    pub(crate) fn ymd_hms_millis(&self, out: &mut Vec<u8>, sep: u8) {
        self.push_ymd(out, b'-');
        out.push(b' ');
        self.push_hms(out);
        out.push(sep);
        push_frac(out, self.sub_micros(), 3);
    }

    /// `Nov 26 12:00:00`; `day_fill` is `b' '` for RFC 3164 files and `b'0'` for journalctl.
    pub(crate) fn syslog(&self, out: &mut Vec<u8>, day_fill: u8) {
        let c = &self.civil;
        out.extend_from_slice(MONTHS[c.month as usize - 1]);
        out.push(b' ');
        push_padded(out, c.day as u64, 2, day_fill);
        out.push(b' ');
        self.push_hms(out);
    }

    /// Common Log Format: `26/Nov/2026:12:00:00 +0000`.
    pub(crate) fn clf(&self, out: &mut Vec<u8>) {
        let c = &self.civil;
        push_2(out, c.day);
        out.push(b'/');
        out.extend_from_slice(MONTHS[c.month as usize - 1]);
        out.push(b'/');
        push_padded(out, c.year as u64, 4, b'0');
        out.push(b':');
        self.push_hms(out);
        out.extend_from_slice(b" +0000");
    }

    /// HAProxy's accept date: `26/Nov/2026:12:00:00.123`.
    pub(crate) fn haproxy(&self, out: &mut Vec<u8>) {
        let c = &self.civil;
        push_2(out, c.day);
        out.push(b'/');
        out.extend_from_slice(MONTHS[c.month as usize - 1]);
        out.push(b'/');
        push_padded(out, c.year as u64, 4, b'0');
        out.push(b':');
        self.push_hms(out);
        out.push(b'.');
        push_frac(out, self.sub_micros(), 3);
    }

    /// nginx error log: `2026/11/26 12:00:00`.
    pub(crate) fn nginx(&self, out: &mut Vec<u8>) {
        self.push_ymd(out, b'/');
        out.push(b' ');
        self.push_hms(out);
    }

    /// klog after the level letter: `1126 12:00:00.123456`.
    pub(crate) fn klog(&self, out: &mut Vec<u8>) {
        let c = &self.civil;
        push_2(out, c.month);
        push_2(out, c.day);
        out.push(b' ');
        self.push_hms(out);
        out.push(b'.');
        push_frac(out, self.sub_micros(), 6);
    }

    /// Seconds since the epoch as a decimal with microseconds (zap's `ts`).
    pub(crate) fn epoch_float(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.epoch);
        out.push(b'.');
        push_frac(out, self.sub_micros(), 6);
    }

    /// Milliseconds since the epoch (pino's `time`).
    pub(crate) fn epoch_millis(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.epoch);
        push_frac(out, self.sub_micros(), 3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut v = Vec::new();
        f(&mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn numbers() {
        assert_eq!(s(|o| push_u64(o, 0)), "0");
        assert_eq!(s(|o| push_u64(o, u64::MAX)), u64::MAX.to_string());
        assert_eq!(s(|o| push_padded(o, 42, 5, b' ')), "   42");
        assert_eq!(s(|o| push_padded(o, 123456, 3, b'0')), "123456");
        assert_eq!(s(|o| push_frac(o, 1234, 3)), "001");
        assert_eq!(s(|o| push_frac(o, 1234, 7)), "0012340");
    }

    #[test]
    fn escapes() {
        assert_eq!(
            s(|o| push_json_escaped(o, b"a\"b\\c\nd\x01")),
            r#"a\"b\\c\nd\u0001"#
        );
        assert_eq!(s(|o| push_logfmt_value(o, b"plain")), "plain");
        assert_eq!(s(|o| push_logfmt_value(o, b"two words")), "\"two words\"");
        assert_eq!(s(|o| push_logfmt_value(o, b"")), "\"\"");
    }

    #[test]
    fn civil_matches_jiff() {
        let mut rng = Rng::new(3);
        for _ in 0..2000 {
            let secs = rng.below(4_102_444_800) as i64; // 1970 .. 2100
            let c = Civil::from_unix(secs);
            let z = jiff::Timestamp::from_second(secs)
                .unwrap()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC);
            assert_eq!(
                (c.year, c.month, c.day, c.hour, c.minute, c.second),
                (
                    z.year() as i32,
                    z.month() as u32,
                    z.day() as u32,
                    z.hour() as u32,
                    z.minute() as u32,
                    z.second() as u32
                ),
                "{secs}"
            );
        }
    }

    #[test]
    fn random_digits_have_the_width() {
        let mut rng = Rng::new(1);
        for w in [1, 2, 8, 15, 16, 17, 33] {
            let s = s(|o| push_random_digits(o, &mut rng, w));
            assert_eq!(s.len(), w);
            assert!(
                !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()),
                "{s}"
            );
        }
    }

    #[test]
    fn cached_second_follows_the_clock() {
        let mut c = Clock::new(1_793_783_107_999_999);
        c.advance(1);
        assert_eq!(s(|o| c.rfc3339(o, 3, false)), "2026-11-04T09:05:08.000Z");
        c.advance(86_400_000_000);
        assert_eq!(s(|o| c.syslog(o, b' ')), "Nov  5 09:05:08");
        assert_eq!(s(|o| c.epoch_float(o)), "1793869508.000000");
    }

    #[test]
    fn timestamp_layouts() {
        // 2026-11-04T09:05:07.123456Z
        let c = Clock::new(1_793_783_107_123_456);
        assert_eq!(s(|o| c.rfc3339(o, 6, false)), "2026-11-04T09:05:07.123456Z");
        assert_eq!(
            s(|o| c.rfc3339(o, 7, false)),
            "2026-11-04T09:05:07.1234560Z"
        );
        assert_eq!(s(|o| c.rfc3339(o, 0, true)), "2026-11-04T09:05:07+00:00");
        assert_eq!(s(|o| c.syslog(o, b' ')), "Nov  4 09:05:07");
        assert_eq!(s(|o| c.syslog(o, b'0')), "Nov 04 09:05:07");
        assert_eq!(s(|o| c.clf(o)), "04/Nov/2026:09:05:07 +0000");
        assert_eq!(s(|o| c.nginx(o)), "2026/11/04 09:05:07");
        assert_eq!(s(|o| c.klog(o)), "1104 09:05:07.123456");
        assert_eq!(s(|o| c.ymd_hms_millis(o, b',')), "2026-11-04 09:05:07,123");
        assert_eq!(s(|o| c.epoch_float(o)), "1793783107.123456");
        assert_eq!(s(|o| c.epoch_millis(o)), "1793783107123");
    }
}
