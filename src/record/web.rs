//! Web server logs: Apache/nginx access logs (common and combined, optionally with a leading
//! virtual host), Apache error logs (2.2 and 2.4) and nginx error logs.
//!
//! An access line's message is the request and everything after it (`"GET / HTTP/1.1" 200 615
//! "-" "curl/7.77.0"`): the client address, identity and time are header. Its level comes
//! from the status: 5xx is Error, 4xx Warn, anything else Info.

use std::borrow::Cow;

use super::stamp::{self, Epoch};
use super::text::{count_digits, digits, find_quote_or_escape, skip_spaces, token_end};
use super::{Level, Record, TimeContext};

/// `host ident user [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326 …`.
pub(crate) fn parse_access<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    // Three or four tokens (a leading `vhost:port`) before the bracketed time.
    let mut i = 0;
    let mut tokens = 0;
    loop {
        if line.get(i) == Some(&b'[') {
            break;
        }
        let e = token_end(line, i);
        if e == i || tokens == 4 {
            return None;
        }
        tokens += 1;
        i = skip_spaces(line, e);
    }
    if tokens < 3 {
        return None;
    }
    let (c, n) = stamp::scan(&line[i + 1..], Epoch::No)?;
    let close = i + 1 + n;
    if line.get(close) != Some(&b']') || c.year.is_none() {
        return None;
    }
    let msg_start = skip_spaces(line, close + 1);
    if line.get(msg_start) != Some(&b'"') {
        return None;
    }
    // The status follows the quoted request (which may hold `\"`).
    let mut j = msg_start + 1;
    loop {
        match find_quote_or_escape(line, j) {
            Some(q) if line[q] == b'\\' => j = q + 2,
            Some(q) => {
                j = q;
                break;
            }
            // Unterminated: as past the end.
            None => {
                j = j.max(line.len());
                break;
            }
        }
    }
    let s = j + 2;
    let status = if line.get(j + 1) == Some(&b' ') && count_digits(line, s) == 3 {
        digits(line, s, 3)
    } else {
        None
    };
    let level = match status {
        Some(500..=599) => Level::Error,
        Some(400..=499) => Level::Warn,
        _ => Level::Info,
    };
    Some(Record {
        timestamp: c.resolve(ctx),
        level: Some(level),
        origin: None,
        message: Cow::Borrowed(&line[msg_start..]),
        header: true,
        meta: false,
        service: true,
        step: false,
    })
}

/// `[Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] msg` (2.2) and `[Wed Oct 11
/// 14:32:52.123456 2023] [core:error] [pid 1234:tid 5678] [client 1.2.3.4:5678] AH00124: msg`
/// (2.4). The origin is the 2.4 module; `[pid …]` is header, `[client …]` is message.
pub(crate) fn parse_apache_error<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    if line.first() != Some(&b'[') {
        return None;
    }
    let (c, n) = stamp::scan(&line[1..], Epoch::No)?;
    if line.get(1 + n) != Some(&b']') || c.year.is_none() {
        return None;
    }
    let mut i = skip_spaces(line, n + 2);
    if line.get(i) != Some(&b'[') {
        return None;
    }
    let close = i + memchr::memchr(b']', &line[i..])?;
    let inner = &line[i + 1..close];
    let (module, lvl) = match memchr::memchr(b':', inner) {
        Some(p) => (Some(&inner[..p]), &inner[p + 1..]),
        None => (None, inner),
    };
    // `trace1`…`trace8` are Apache's trace levels.
    let level = if lvl.starts_with(b"trace") {
        Some(Level::Trace)
    } else {
        Some(Level::from_name(lvl)?)
    };
    i = skip_spaces(line, close + 1);
    loop {
        let r = &line[i..];
        // `[client …]` stays in the message (it says who was refused what, and the usual
        // labelled corpora keep it); the process ids are header.
        if r.starts_with(b"[pid ") {
            match memchr::memchr(b']', r) {
                Some(p) => i = skip_spaces(line, i + p + 1),
                None => break,
            }
        } else {
            break;
        }
    }
    Some(Record {
        timestamp: c.resolve(ctx),
        level,
        origin: module.filter(|m| !m.is_empty()).map(Cow::Borrowed),
        message: Cow::Borrowed(&line[i..]),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// `2023/11/14 22:13:21 [emerg] 812#812: *5 bind() failed …`: the `pid#tid:` and the
/// connection number `*N` are header.
pub(crate) fn parse_nginx_error<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    if count_digits(line, 0) != 4 || line.get(4) != Some(&b'/') {
        return None;
    }
    let (c, n) = stamp::scan(line, Epoch::No)?;
    if line.get(n) != Some(&b' ') || line.get(n + 1) != Some(&b'[') {
        return None;
    }
    let close = n + 1 + memchr::memchr(b']', &line[n + 1..])?;
    let level = Level::from_name(&line[n + 2..close])?;
    let mut i = skip_spaces(line, close + 1);
    let p = count_digits(line, i);
    if p > 0 && line.get(i + p) == Some(&b'#') {
        let t = count_digits(line, i + p + 1);
        if line.get(i + p + 1 + t) == Some(&b':') {
            i = skip_spaces(line, i + p + 2 + t);
        }
    }
    if line.get(i) == Some(&b'*') {
        let d = count_digits(line, i + 1);
        if d > 0 && line.get(i + 1 + d) == Some(&b' ') {
            i += d + 2;
        }
    }
    Some(Record {
        timestamp: c.resolve(ctx),
        level: Some(level),
        origin: None,
        message: Cow::Borrowed(&line[i..]),
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

    fn ctx() -> TimeContext {
        TimeContext::utc(Timestamp(0))
    }

    #[test]
    fn failed_requests_are_not_read_as_a_ci_jobs_output() {
        // A 500 on a build URL is a web server's record, not a CI step that failed.
        let r = parse_access(
            br#"10.0.0.2 - - [10/Oct/2000:13:55:36 -0700] "GET /job/FAILED/error: HTTP/1.1" 500 0"#,
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert!(r.service);
        assert!(!crate::summary::ci::reads(&r));
    }

    #[test]
    fn access_combined_and_common() {
        let r = parse_access(
            br#"127.0.0.1 - - [23/Feb/2023:17:05:13 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.77.0" "-""#,
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Info));
        assert_eq!(
            &*r.message,
            &br#""GET / HTTP/1.1" 200 615 "-" "curl/7.77.0" "-""#[..]
        );
        assert_eq!(r.timestamp.unwrap().to_rfc3339(), "2023-02-23T17:05:13Z");
        let r = parse_access(
            br#"10.0.0.2 - frank [10/Oct/2000:13:55:36 -0700] "POST /api HTTP/1.0" 502 0"#,
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        let r = parse_access(
            br#"example.com:443 10.0.0.2 - - [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.1" 404 12 "-" "ua""#,
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Warn));
        assert!(parse_access(b"just some text [not a date]", &mut ctx()).is_none());
    }

    #[test]
    fn apache_error_22_and_24() {
        let r = parse_apache_error(
            b"[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"mod_jk child workerEnv in error state 6");
        let r = parse_apache_error(
            b"[Wed Oct 11 14:32:52.123456 2023] [core:error] [pid 1234:tid 5678] [client 1.2.3.4:5678] AH00124: Request exceeded the limit",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.origin.as_deref(), Some(&b"core"[..]));
        assert_eq!(
            &*r.message,
            b"[client 1.2.3.4:5678] AH00124: Request exceeded the limit"
        );
        assert_eq!(
            r.timestamp.unwrap().to_rfc3339(),
            "2023-10-11T14:32:52.123456Z"
        );
    }

    #[test]
    fn nginx_error() {
        let r = parse_nginx_error(
            b"2023/11/14 22:13:21 [emerg] 812#812: bind() to 0.0.0.0:80 failed (98: Address already in use)",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Critical));
        assert_eq!(
            &*r.message,
            b"bind() to 0.0.0.0:80 failed (98: Address already in use)"
        );
        let r = parse_nginx_error(
            b"2023/11/14 22:13:21 [error] 812#0: *5 upstream timed out, client: 1.2.3.4",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(&*r.message, b"upstream timed out, client: 1.2.3.4");
    }
}
