//! logfmt: `time=2024-01-15T10:30:00Z level=error msg="upstream timed out" err=…`.
//!
//! Pairs are scanned left to right without building a map; only the time (`ts`, `time`, `t`,
//! `timestamp`), level (`level`, `lvl`, `severity`), message (`msg`, `message`) and origin
//! (`logger`, `component`, `module`, `service`, `caller` last) keys are kept. A quoted value is
//! borrowed unless it holds `\` escapes. Without a message key the whole line is the message.

use std::borrow::Cow;

use super::stamp::{self, Epoch};
use super::text::{find_quote_or_escape, skip_spaces};
use super::{Level, Record, TimeContext};

/// One `key=value` pair at `i`: (key, raw value, quoted, index after).
fn pair(b: &[u8], i: usize) -> Option<(&[u8], &[u8], bool, usize)> {
    let mut k = i;
    while k < b.len() {
        match KEY_BYTE[b[k] as usize] {
            KEY => k += 1,
            END => break,
            _ => return None,
        }
    }
    let key = &b[i..k];
    if key.is_empty() {
        return None;
    }
    if b.get(k) != Some(&b'=') {
        // A bare key means `true`.
        return Some((key, &[], false, k));
    }
    let v = k + 1;
    if b.get(v) == Some(&b'"') {
        let mut j = v + 1;
        // To the closing quote, stepping over `\x` escapes (an unterminated value runs to the
        // end of the line).
        loop {
            match find_quote_or_escape(b, j) {
                Some(q) if b[q] == b'\\' => j = q + 2,
                Some(q) => {
                    j = q;
                    break;
                }
                None => {
                    j = j.max(b.len());
                    break;
                }
            }
        }
        let end = j.min(b.len());
        Some((key, &b[v + 1..end], true, (j + 1).min(b.len())))
    } else {
        let e = super::text::token_end(b, v);
        Some((key, &b[v..e], false, e))
    }
}

/// Classes of key bytes for `pair`: what may be in a key, and what ends one.
const BAD: u8 = 0;
const KEY: u8 = 1;
const END: u8 = 2;
static KEY_BYTE: [u8; 256] = {
    let mut t = [BAD; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b == b'=' || b == b' ' {
            END
        } else if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'@' | b'/') {
            KEY
        } else {
            BAD
        };
        c += 1;
    }
    t
};

fn unquote(v: &[u8], quoted: bool) -> Cow<'_, [u8]> {
    if !quoted || memchr::memchr(b'\\', v).is_none() {
        return Cow::Borrowed(v);
    }
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'\\' && i + 1 < v.len() {
            match v[i + 1] {
                b'n' => out.push(b'\n'),
                b't' => out.push(b'\t'),
                b'r' => out.push(b'\r'),
                c @ (b'"' | b'\\') => out.push(c),
                // Not an escape (`msg="open C:\data"`): the text as written.
                c => out.extend_from_slice(&[b'\\', c]),
            }
            i += 2;
        } else {
            out.push(v[i]);
            i += 1;
        }
    }
    Cow::Owned(out)
}

/// A logfmt record; `None` unless the line starts with a `key=value` pair and has a time,
/// level or message key.
pub(crate) fn parse<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    let mut i = skip_spaces(line, 0);
    let mut time = None;
    let mut level = None;
    let mut msg: Option<Cow<'a, [u8]>> = None;
    let mut origin: Option<(u8, &'a [u8])> = None;
    let mut known = false;
    let mut first = true;
    while i < line.len() {
        let Some((k, v, q, e)) = pair(line, i) else {
            if first {
                return None;
            }
            break;
        };
        if first && e == i + k.len() {
            return None; // a line starting with a bare word is prose, not logfmt
        }
        first = false;
        match k {
            b"ts" | b"time" | b"t" | b"timestamp" | b"@timestamp" => {
                known = true;
                time = stamp::scan(v, Epoch::No)
                    .and_then(|(c, _)| c.resolve(ctx))
                    .or_else(|| stamp::epoch_number(v));
            }
            b"level" | b"lvl" | b"severity" | b"loglevel" => {
                known = true;
                level = Level::from_name(v);
            }
            b"msg" | b"message" => {
                known = true;
                msg = Some(unquote(v, q));
            }
            b"logger" | b"component" | b"module" | b"service" | b"source"
                if origin.is_none_or(|(p, _)| p > 0) =>
            {
                origin = Some((0, v));
            }
            b"caller" if origin.is_none() => origin = Some((1, v)),
            _ => {}
        }
        i = skip_spaces(line, e);
    }
    if !known {
        return None;
    }
    Some(Record {
        timestamp: time,
        level,
        origin: origin.map(|(_, v)| Cow::Borrowed(v)),
        message: msg.unwrap_or(Cow::Borrowed(line)),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Timestamp;

    #[test]
    fn pairs_and_quotes() {
        let mut ctx = TimeContext::utc(Timestamp(0));
        let r = parse(
            br#"time=2024-01-15T10:30:00Z level=error msg="upstream \"api\" timed out" err="context deadline exceeded" duration=30.001s component=proxy"#,
            &mut ctx,
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"upstream \"api\" timed out");
        assert_eq!(r.origin.as_deref(), Some(&b"proxy"[..]));
        assert_eq!(r.timestamp.unwrap().to_rfc3339(), "2024-01-15T10:30:00Z");
        let r = parse(
            b"ts=1700000000.5 lvl=warn msg=short caller=main.go:12",
            &mut ctx,
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Warn));
        assert_eq!(&*r.message, b"short");
        assert_eq!(r.origin.as_deref(), Some(&b"main.go:12"[..]));
        assert!(parse(b"hello world a=b", &mut ctx).is_none());
        assert!(parse(b"a=b c=d", &mut ctx).is_none());
        assert!(parse(br#"level=info msg="unterminated"#, &mut ctx).is_some());
    }

    #[test]
    fn unknown_escapes_are_kept_as_written() {
        let mut ctx = TimeContext::utc(Timestamp(0));
        let r = parse(
            br#"level=error msg="cannot open C:\data\x: \"denied\"\r\n\\share""#,
            &mut ctx,
        )
        .unwrap();
        assert_eq!(
            &*r.message,
            b"cannot open C:\\data\\x: \"denied\"\r\n\\share"
        );
    }
}
