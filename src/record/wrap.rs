//! Per-line wrappers around another program's output: CRI container logs
//! (`2023-10-06T00:17:09.669794202Z stdout F message`), Docker's json-file (parsed in `json`),
//! GitHub Actions job logs (`2026-01-28T12:58:01.0000000Z ##[error]msg`, and the
//! `job<TAB>step<TAB>` prefix of `gh run view --log`), the service prefix of Docker Compose's
//! merged output (`web-1  | message`), and `kubectl logs --prefix`'s
//! (`[pod/api-7d9f-x2x/api] message`).
//!
//! The wrapper's time is the line's time, but the wrapped line is what the program wrote: its
//! level and header are read from it by `inner`, a small per-line reader of common prefixes
//! (a JSON object, a timestamp, a level word), because the wrapped program's own format is
//! not known in advance.

use std::borrow::Cow;

use super::stamp::{self, Epoch};
use super::text::{infer_level, skip_spaces, token_end};
use super::{Level, Record, TimeContext, Timestamp};

/// A level token at the start of `b`: `[ERROR]`, `ERROR:`, `ERROR`, `<error>`, `[warn]`.
/// Bare words count only in capitals (`Error` and `error` start sentences). Returns the
/// level and the index after the token and its spaces.
pub(crate) fn level_token(b: &[u8]) -> Option<(Level, usize)> {
    let e = token_end(b, 0);
    let tok = &b[..e];
    let (word, bracketed) = match tok.first()? {
        b'[' | b'<' | b'(' => (tok.get(1..tok.len().saturating_sub(1))?, true),
        _ => (tok.strip_suffix(b":").unwrap_or(tok), false),
    };
    if word.len() < 3 {
        return None;
    }
    if bracketed && !matches!(tok.last(), Some(b']' | b'>' | b')')) {
        return None;
    }
    if !bracketed && !word.iter().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let level = Level::from_name(word)?;
    Some((level, skip_spaces(b, e)))
}

/// Spring Boot's header after its level: `7786 --- [inventory] [  main] o.s.b.Application  : `
/// (the pid, `---`, the application's name and the thread in brackets, the logger padded to
/// a column, a colon). Returns the logger and where the message starts.
fn spring_boot_tail(b: &[u8]) -> Option<(&[u8], usize)> {
    let pid = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if pid == 0 || !b[pid..].starts_with(b" --- ") {
        return None;
    }
    let mut i = skip_spaces(b, pid + 5);
    while b.get(i) == Some(&b'[') {
        i = skip_spaces(b, i + 1 + memchr::memchr(b']', &b[i + 1..])? + 1);
    }
    let end = token_end(b, i);
    let logger = &b[i..end];
    let colon = skip_spaces(b, end);
    if logger.is_empty() || b.get(colon) != Some(&b':') {
        return None;
    }
    Some((logger, skip_spaces(b, colon + 1)))
}

/// Python logging's `%(asctime)s - %(name)s - %(levelname)s - %(message)s` after the time:
/// `- name - LEVEL - message` (or `name - LEVEL - message`). Returns the name, the level and
/// where the message starts.
fn dashed_header(b: &[u8]) -> Option<(&[u8], Level, usize)> {
    let start = if b.starts_with(b"- ") { 2 } else { 0 };
    let name_end = start + token_end(&b[start..], 0);
    if name_end == start || !b[name_end..].starts_with(b" - ") {
        return None;
    }
    let at = name_end + 3;
    let level_end = at + token_end(&b[at..], 0);
    let word = &b[at..level_end];
    if !b[level_end..].starts_with(b" - ") || !word.iter().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let level = Level::from_name(word)?;
    Some((&b[start..name_end], level, level_end + 3))
}

/// Reads a wrapped line: a JSON object's fields, or a leading timestamp and level token
/// (taken off the message), else the level inferred from the words.
pub(crate) fn inner<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Record<'a> {
    if line.first() == Some(&b'{') {
        if let Some(r) = super::json::parse(line, ctx) {
            return r;
        }
    }
    let mut i = 0;
    let mut timestamp = None;
    if let Some((c, n)) = stamp::scan(line, Epoch::No) {
        if line.get(n).is_some_and(|&c| c == b' ' || c == b'\t') {
            timestamp = c.resolve(ctx);
            i = skip_spaces(line, n);
        }
    }
    if line.get(i).is_some_and(u8::is_ascii_lowercase) {
        if let Some(r) = logfmt_inside(&line[i..], timestamp, ctx) {
            return r;
        }
        if let Some((level, m)) = pairs_then_level(&line[i..]) {
            return Record {
                timestamp,
                level: Some(level),
                origin: None,
                message: Cow::Borrowed(&line[i + m..]),
                header: true,
                meta: false,
                service: false,
                step: false,
            };
        }
    }
    if let Some((level, n)) = level_token(&line[i..]) {
        let (origin, m) = match spring_boot_tail(&line[i + n..]) {
            Some((origin, m)) => (Some(Cow::Borrowed(origin)), i + n + m),
            None => (None, i + n),
        };
        return Record {
            timestamp,
            level: Some(level),
            origin,
            message: Cow::Borrowed(&line[m..]),
            header: true,
            meta: false,
            service: false,
            step: false,
        };
    }
    if timestamp.is_some() {
        if let Some((origin, level, m)) = dashed_header(&line[i..]) {
            return Record {
                timestamp,
                level: Some(level),
                origin: Some(Cow::Borrowed(origin)),
                message: Cow::Borrowed(&line[i + m..]),
                header: true,
                meta: false,
                service: false,
                step: false,
            };
        }
    }
    let message = &line[i..];
    Record {
        timestamp,
        level: infer_level(message),
        origin: None,
        message: Cow::Borrowed(message),
        header: timestamp.is_some(),
        meta: false,
        service: false,
        step: false,
    }
}

/// `key=value` pairs, then a level in capitals with a colon, then the message: Sidekiq's
/// formatter (6 and later) puts the job's context before the level (`pid=7 tid=2b3
/// class=HardJob jid=abc INFO: start`). Returns the level and where the message starts.
#[cold]
#[inline(never)]
fn pairs_then_level(text: &[u8]) -> Option<(Level, usize)> {
    let mut i = 0;
    for _ in 0..12 {
        let e = token_end(text, i);
        let tok = &text[i..e];
        if i > 0 && tok.ends_with(b":") {
            let (level, n) = level_token(&text[i..])?;
            return Some((level, i + n));
        }
        let eq = memchr::memchr(b'=', tok)?;
        if eq == 0
            || !tok[..eq]
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b'_')
        {
            return None;
        }
        i = skip_spaces(text, e);
    }
    None
}

/// A logfmt entry inside a wrapper (`kubectl logs --timestamps`, a CI runner's time prefix):
/// its `level=` and `msg=` are the entry's. The wrapper's time is the entry's where there is
/// one: a `time=` key inside may be anything (`time=3`, a duration). Kept out of line, so that the logfmt format's own reading of `logfmt::parse` stays as
/// it was compiled (a second inlined caller cost logfmt logs 2.6%).
#[inline(never)]
fn logfmt_inside<'a>(
    text: &'a [u8],
    timestamp: Option<Timestamp>,
    ctx: &mut TimeContext,
) -> Option<Record<'a>> {
    let mut r = super::logfmt::parse(text, ctx)?;
    if timestamp.is_some() {
        r.timestamp = timestamp;
    }
    Some(r)
}

/// `TIMESTAMP stdout|stderr F|P message`.
pub(crate) fn parse_cri<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    let (c, n) = stamp::scan(line, Epoch::No)?;
    c.offset?;
    let rest = line.get(n..)?;
    let rest = rest
        .strip_prefix(b" stdout ")
        .or_else(|| rest.strip_prefix(b" stderr "))?;
    let tag_end = token_end(rest, 0);
    if tag_end == 0
        || !rest[..tag_end]
            .iter()
            .all(|c| c.is_ascii_uppercase() || *c == b':')
    {
        return None;
    }
    let start = line.len() - rest.len() + (tag_end + 1).min(rest.len());
    let mut r = inner(&line[start..], ctx);
    let outer = c.resolve(ctx);
    r.timestamp = outer.or(r.timestamp);
    Some(r)
}

/// A line of Docker Compose's merged output (`docker compose up`, `docker compose logs`):
/// `web-1  | message` (`web_1` before Compose v2, or a `container_name`; foreman and honcho
/// write `web.1  | message` alike), the service's line read by `inner` with the service as its
/// origin; and Compose's own `web-1 exited with code 2`, an error unless the code is 0. A line
/// with more ` | ` columns after the first is a logger's or a table's, not Compose's.
pub(crate) fn parse_compose<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    let name_end = service_name_end(line)?;
    let name = &line[..name_end];
    let bar = skip_spaces(line, name_end);
    if bar > name_end
        && line.get(bar) == Some(&b'|')
        && matches!(line.get(bar + 1), None | Some(b' '))
    {
        let text = &line[(bar + 2).min(line.len())..];
        // `name | INFO | message` (a logger's columns) and `a | b | c` (a table) have more
        // columns after the first.
        if memchr::memmem::find(text, b" | ").is_some() {
            return None;
        }
        let mut r = inner(text, ctx);
        r.origin = Some(Cow::Borrowed(name));
        return Some(r);
    }
    // Compose names a container `service-1` (`service_1` before v2): other programs' lines
    // (`Process exited with code 1`) are not its.
    let replica = name
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .is_some_and(|i| i + 1 < name.len() && matches!(name[i], b'-' | b'_'));
    if !replica {
        return None;
    }
    let code = line[name_end..].strip_prefix(b" exited with code ")?;
    if code.is_empty() || !code.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(Record {
        timestamp: None,
        level: Some(if code == b"0" {
            Level::Info
        } else {
            Level::Error
        }),
        origin: Some(Cow::Borrowed(name)),
        message: Cow::Borrowed(line),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// A line of `kubectl logs --prefix` (several pods or containers at once, `-l app=api`):
/// `[pod/NAME/CONTAINER] message`, the container's line read by `inner` with `NAME/CONTAINER`
/// as its origin.
pub(crate) fn parse_kubectl<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    let rest = line.strip_prefix(b"[pod/")?;
    let close = memchr::memchr(b']', &rest[..rest.len().min(300)])?;
    let name = &rest[..close];
    if name.is_empty() || memchr::memchr2(b' ', b'[', name).is_some() {
        return None;
    }
    let text = match rest.get(close + 1) {
        Some(b' ') => &rest[close + 2..],
        None => &rest[close + 1..],
        _ => return None,
    };
    let mut r = inner(text, ctx);
    r.origin = Some(Cow::Borrowed(name));
    Some(r)
}

/// The end of the service name a Compose line starts with: a letter or digit, then letters,
/// digits, `-`, `_` and `.`, with at least one letter, and not a level word (`INFO  | …` is a
/// pipe-separated log's level column).
fn service_name_end(line: &[u8]) -> Option<usize> {
    let first = *line.first()?;
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let end = line
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
        .unwrap_or(line.len());
    let name = &line[..end];
    if end > 64 || !name.iter().any(u8::is_ascii_alphabetic) || Level::from_name(name).is_some() {
        return None;
    }
    Some(end)
}

/// A GitHub Actions log line. `##[group]`/`##[endgroup]` are meta; `##[error]`,
/// `##[warning]`, `##[notice]`, `##[debug]` give the level; other lines are read by `inner`.
pub(crate) fn parse_gha<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    // `gh run view --log`: `job<TAB>step<TAB>` before the timestamp; the step is the origin.
    let (origin, body) = match memchr::memchr(b'\t', line) {
        Some(t1) if !line[..t1].first().is_some_and(u8::is_ascii_digit) => {
            let t2 = t1 + 1 + memchr::memchr(b'\t', &line[t1 + 1..])?;
            (Some(&line[t1 + 1..t2]), &line[t2 + 1..])
        }
        _ => (None, line),
    };
    // The runner writes `2024-01-01T12:00:00.1234567Z`: the `T` is checked before the stamp
    // is read, since in a mixed source most lines offered here are other formats' stamps.
    if body.get(10) != Some(&b'T') {
        return None;
    }
    let (c, n) = stamp::scan(body, Epoch::No)?;
    // The runner always writes UTC with a `Z`; `+0000` is some other tool's stamp.
    if body.get(n.wrapping_sub(1)) != Some(&b'Z') {
        return None;
    }
    let timestamp: Option<Timestamp> = c.resolve(ctx);
    let text = match body.get(n) {
        Some(b' ') => &body[n + 1..],
        None => &body[n..],
        _ => return None,
    };
    // Spring Boot pads its level to five characters (`2024-01-01T12:00:00.123Z  INFO 1 ---
    // [main] …`), which has the runner's stamp shape: one space and a capitalised level word
    // after the stamp is that level, not an indented continuation of the line before.
    let text = match text.strip_prefix(b" ") {
        Some(t) if level_token(t).is_some() => t,
        _ => text,
    };
    let origin = origin.map(Cow::Borrowed);
    if let Some(rest) = text.strip_prefix(b"##[") {
        if let Some(close) = memchr::memchr(b']', rest) {
            let cmd = &rest[..close];
            let msg = &rest[close + 1..];
            let (level, meta) = match cmd {
                b"error" => (Some(Level::Error), false),
                b"warning" => (Some(Level::Warn), false),
                b"notice" => (Some(Level::Notice), false),
                b"debug" => (Some(Level::Debug), false),
                b"group" | b"endgroup" => (None, true),
                _ => (None, false),
            };
            return Some(Record {
                timestamp,
                level: level.or_else(|| infer_level(msg)),
                origin,
                message: Cow::Borrowed(if meta { text } else { msg }),
                header: false,
                meta,
                service: false,
                // `##[group]Run npm test`: the runner starts a step.
                step: cmd == b"group" && msg.starts_with(b"Run "),
            });
        }
    }
    // The runner's stamps have seven fractional digits. A stamp with other digits is an
    // application's own (JavaScript's `toISOString()` has three), and such a log may give its
    // level in lower case (winston's `2024-01-01T12:00:00.123Z info: listening`); the job's
    // output under the runner's stamp is left as it is (`error: could not compile`).
    let fraction = match body.get(19) {
        Some(b'.') => n.saturating_sub(21),
        _ => 0,
    };
    if fraction != 7 {
        let found = match text.first() {
            Some(b'0'..=b'9') => thread_and_level(text),
            _ => lowercase_level(text).map(|(level, m)| (level, None, m)),
        };
        if let Some((level, subsystem, m)) = found {
            return Some(Record {
                timestamp,
                level: Some(level),
                origin: origin.or(subsystem.map(Cow::Borrowed)),
                message: Cow::Borrowed(&text[m..]),
                header: true,
                meta: false,
                service: false,
                step: false,
            });
        }
    }
    let mut r = inner(text, ctx);
    r.timestamp = timestamp;
    r.origin = origin.or(r.origin);
    Some(r)
}

/// MySQL's error log after its stamp: the thread's number, the level in brackets, then up
/// to two more bracketed words, the error code and the subsystem (`0 [ERROR] [MY-010262]
/// [Server] Can't start server`). Returns the level, the last bracketed word and where the
/// message starts.
fn thread_and_level(text: &[u8]) -> Option<(Level, Option<&[u8]>, usize)> {
    let d = text.iter().take_while(|c| c.is_ascii_digit()).count();
    if text.get(d) != Some(&b' ') || text.get(d + 1) != Some(&b'[') {
        return None;
    }
    // MySQL's `[System]` is its level for what it always logs (start, shutdown).
    let (level, n) = match text[d + 1..].strip_prefix(b"[System] ") {
        Some(_) => (Level::Info, 9),
        None => level_token(&text[d + 1..])?,
    };
    let mut m = d + 1 + n;
    let mut subsystem = None;
    for _ in 0..2 {
        let Some(rest) = text.get(m..).and_then(|r| r.strip_prefix(b"[")) else {
            break;
        };
        let Some(close) = rest.iter().take(40).position(|&c| c == b']' || c == b' ') else {
            break;
        };
        if rest[close] != b']' || close == 0 {
            break;
        }
        subsystem = Some(&rest[..close]);
        m = skip_spaces(text, m + close + 2);
    }
    Some((level, subsystem, m))
}

/// A level in lower case and a colon at the start of a message (`info: `, `warn: `, npm's
/// and winston's `http: `, `verbose: `, `silly: `): the level and where the message starts.
pub(crate) fn lowercase_level(text: &[u8]) -> Option<(Level, usize)> {
    let colon = text.iter().take(9).position(|&b| b == b':')?;
    let word = &text[..colon];
    if word.len() < 3 || !word.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    if !matches!(text.get(colon + 1), Some(b' ') | None) {
        return None;
    }
    let level = match word {
        b"http" => Level::Info,
        b"silly" => Level::Trace,
        _ => Level::from_name(word)?,
    };
    Some((level, skip_spaces(text, colon + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MySQL 8's error log has an ISO stamp ending in `Z`, as the GitHub runner's does: its
    /// lines kept `0 [ERROR] [MY-010262] [Server]` in their message, and a `[Note]` whose
    /// text said `Got an error reading` counted as an error.
    #[test]
    fn mysql_error_log_lines_give_their_level_and_subsystem() {
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        let mut read = |l: &'static [u8]| parse_gha(l, &mut ctx).expect("a line");
        let r = read(b"2026-11-26T12:00:02.123456Z 0 [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Address already in use");
        assert_eq!(
            (r.level, r.origin.as_deref(), &*r.message),
            (
                Some(Level::Error),
                Some(&b"Server"[..]),
                &b"Can't start server: Bind on TCP/IP port: Address already in use"[..]
            )
        );
        let r = read(b"2026-11-26T12:00:01.456789Z 8 [Note] [MY-010914] [Server] Aborted connection 12 (Got an error reading communication packets).");
        assert!(r.level.is_some_and(|l| l < Level::Warn), "{r:?}");
        let r = read(b"2026-11-26T12:00:00.234567Z 1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.");
        assert_eq!(
            (r.level, r.origin.as_deref(), &*r.message),
            (
                Some(Level::Info),
                Some(&b"InnoDB"[..]),
                &b"InnoDB initialization has started."[..]
            )
        );
        // MySQL 5.7: no error code.
        let r = read(b"2026-11-26T12:00:00.123456Z 0 [Warning] InnoDB: page size 16384");
        assert_eq!(
            (r.level, r.origin, &*r.message),
            (Some(Level::Warn), None, &b"InnoDB: page size 16384"[..])
        );
        // The runner's own stamp is left alone: that is a job's output.
        let r = read(b"2026-11-26T12:00:00.1234567Z 0 [ERROR] [x] y");
        assert_eq!(&*r.message, b"0 [ERROR] [x] y");
    }

    #[test]
    fn kubectl_prefixed_lines_are_read_with_the_pod_and_container_as_origin() {
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2024, 6, 1, 0, 0, 0, 0).unwrap());
        let mut read = |l: &'static [u8]| parse_kubectl(l, &mut ctx);
        let r = read(b"[pod/api-7d9f8c5b4-x2xkq/api] 2024-01-15T10:00:03.002Z WARN  slow request")
            .unwrap();
        assert_eq!(
            (r.origin.as_deref(), r.level, &*r.message),
            (
                Some(&b"api-7d9f8c5b4-x2xkq/api"[..]),
                Some(Level::Warn),
                &b"slow request"[..]
            )
        );
        assert!(r.header);
        let r = read(b"[pod/api-7d9f8c5b4-x2xkq/api] \t/app/main.go:42 +0x1d").unwrap();
        assert_eq!(
            (&*r.message, r.header),
            (&b"\t/app/main.go:42 +0x1d"[..], false)
        );
        let r = read(b"[pod/api-7d9f8c5b4-x2xkq/api]").unwrap();
        assert_eq!(&*r.message, b"");
        for l in [
            &b"[pod/x y/z] text"[..],
            b"[pod/] text",
            b"[pod/api/api]text",
            b"[podcast] text",
            b"[INFO] text",
        ] {
            assert!(read(l).is_none(), "{:?}", String::from_utf8_lossy(l));
        }
    }

    #[test]
    fn compose_lines_are_read_with_the_service_as_origin() {
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2024, 6, 1, 0, 0, 0, 0).unwrap());
        let mut read = |l: &'static [u8]| parse_compose(l, &mut ctx);
        let r = read(b"web-1  | 2024-01-15T10:00:05.001Z ERROR dial tcp 172.18.0.3:5432: connect: connection refused").unwrap();
        assert_eq!(r.origin.as_deref(), Some(&b"web-1"[..]));
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(
            &*r.message,
            b"dial tcp 172.18.0.3:5432: connect: connection refused"
        );
        assert_eq!(
            r.timestamp.unwrap().to_rfc3339(),
            "2024-01-15T10:00:05.001Z"
        );
        assert!(r.header);
        // A JSON line of the service; Compose v1's underscore names; an empty line.
        let r = read(br#"api_1   | {"level":"warn","msg":"slow query","ts":1705312800}"#).unwrap();
        assert_eq!(
            (r.origin.as_deref(), r.level, &*r.message),
            (Some(&b"api_1"[..]), Some(Level::Warn), &b"slow query"[..])
        );
        let r = read(b"web-1  |").unwrap();
        assert_eq!((&*r.message, r.header), (&b""[..], false));
        // A trace line keeps its indentation and has no header: it joins by its shape.
        let r = read(b"web-1  | \tat com.example.Main.run(Main.java:42)").unwrap();
        assert_eq!(&*r.message, b"\tat com.example.Main.run(Main.java:42)");
        assert!(!r.header);
        // Compose's own exit line.
        let r = read(b"web-1 exited with code 137").unwrap();
        assert_eq!(
            (r.level, r.origin.as_deref(), &*r.message),
            (
                Some(Level::Error),
                Some(&b"web-1"[..]),
                &b"web-1 exited with code 137"[..]
            )
        );
        assert_eq!(
            read(b"db-1 exited with code 0").unwrap().level,
            Some(Level::Info)
        );
        // Not Compose lines: a pipe-separated log's columns, a level column, a table border.
        for l in [
            &b"2024-01-15 10:00:00 | INFO | app | started"[..],
            b"INFO  | started",
            b"20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579",
            b"----------|---------|",
            b"uvicorn.error | INFO | Started server process",
            b"parse_small | 12ms | 3MB",
            b"Process exited with code 1",
            b"web-1 exited with code",
            b"123 | x",
        ] {
            assert!(read(l).is_none(), "{:?}", String::from_utf8_lossy(l));
        }
    }

    #[test]
    fn spring_boot_padded_levels_are_levels_not_indentation() {
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        let r = parse_gha(
            b"2026-11-26T08:00:00.946Z  INFO 7786 --- [inventory] [main] o.s.Application : Started",
            &mut ctx,
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Info));
        assert!(r.header);
        // Its header's logger is the origin, and the message what follows the colon (it was
        // the whole header from the pid on, so the report quoted `7786 --- [main] …`).
        assert_eq!(
            (r.origin.as_deref(), &*r.message),
            (Some(&b"o.s.Application"[..]), &b"Started"[..])
        );
        let r = parse_gha(
            b"2024-01-15T10:30:03.002Z ERROR 1 --- [           main] o.h.e.j.s.SqlExceptionHelper   : Connection to db:5432 refused.",
            &mut ctx,
        )
        .unwrap();
        assert_eq!(
            (r.level, r.origin.as_deref(), &*r.message),
            (
                Some(Level::Error),
                Some(&b"o.h.e.j.s.SqlExceptionHelper"[..]),
                &b"Connection to db:5432 refused."[..]
            )
        );
        // Not Spring Boot's header: the words stay.
        let r = parse_gha(
            b"2026-11-26T08:00:00.946Z ERROR 3 --- tests failed",
            &mut ctx,
        )
        .unwrap();
        assert_eq!(&*r.message, b"3 --- tests failed");
        // An indented line of a step's output stays indented (a stack frame, say).
        let r = parse_gha(
            b"2026-11-26T08:00:00.946Z     at com.example.Main",
            &mut ctx,
        )
        .unwrap();
        assert_eq!(r.level, None);
        assert_eq!(&*r.message, b"    at com.example.Main");
    }

    #[test]
    fn python_logging_dashes_give_level_and_logger() {
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        let r = inner(
            b"2026-11-26 08:00:00,541 - celery.worker.strategy - INFO - Task x received",
            &mut ctx,
        );
        assert_eq!(r.level, Some(Level::Info));
        assert_eq!(r.origin.as_deref(), Some(&b"celery.worker.strategy"[..]));
        assert_eq!(&*r.message, b"Task x received");
        // Prose with dashes keeps its words.
        let r = inner(b"2026-11-26 08:00:00 - a - note - done", &mut ctx);
        assert_eq!(r.level, None);
        assert_eq!(&*r.message, b"- a - note - done");
    }

    fn ctx() -> TimeContext {
        TimeContext::utc(Timestamp(0))
    }

    #[test]
    fn cri_lines() {
        let r = parse_cri(
            b"2023-10-06T00:17:09.669794202Z stderr F [ERROR] connection refused",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"connection refused");
        assert_eq!(
            r.timestamp.unwrap().to_rfc3339(),
            "2023-10-06T00:17:09.669794Z"
        );
        let r = parse_cri(b"2023-10-06T00:17:09Z stdout P partial li", &mut ctx()).unwrap();
        assert_eq!(&*r.message, b"partial li");
        assert!(!r.header);
        let r = parse_cri(
            br#"2023-10-06T00:17:09Z stdout F {"level":"warn","msg":"slow"}"#,
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Warn));
        assert_eq!(&*r.message, b"slow");
        assert!(parse_cri(b"2023-10-06T00:17:09Z other F x", &mut ctx()).is_none());
    }

    #[test]
    fn github_actions_lines() {
        let r = parse_gha(
            b"2026-01-28T12:58:01.4000000Z ##[error]Process completed with exit code 1.",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"Process completed with exit code 1.");
        assert!(!r.header);
        let r = parse_gha(
            b"2026-01-28T12:58:01.0000000Z ##[group]Run mypy",
            &mut ctx(),
        )
        .unwrap();
        assert!(r.meta);
        let r = parse_gha(
            b"2026-01-28T12:58:01.2000000Z src/foo.py:10: error: Missing type",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"src/foo.py:10: error: Missing type");
        let r = parse_gha(
            b"build\tRun tests\t2026-01-28T12:58:01.2000000Z [ERROR] Tests run: 2, Failures: 1",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.origin.as_deref(), Some(&b"Run tests"[..]));
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&*r.message, b"Tests run: 2, Failures: 1");
        let r = parse_gha(b"2026-01-28T12:58:01.2000000Z", &mut ctx()).unwrap();
        assert_eq!(&*r.message, b"");
    }

    /// Found by a review: winston's `printf` layout with an ISO stamp (JavaScript's, three
    /// fractional digits) is read by the runner's format, and its lower-case levels were
    /// lost: `info:` lines had no level and every message began with its level.
    /// Sidekiq's formatter (6 and later) writes the job's context as `key=value` pairs before
    /// the level. Every line kept `pid=7 tid=2c1 class=HardJob jid=abc INFO:` in its message
    /// and had no level: an `ERROR:` line was counted only when its words said so.
    #[test]
    fn context_pairs_before_a_level_are_header() {
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        let r = parse_gha(
            b"2026-11-26T12:00:01.123Z pid=7 tid=2c1 class=HardJob jid=abc123def456 INFO: start",
            &mut ctx,
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Info));
        assert_eq!(&r.message[..], b"start");
        let r = inner(
            b"2026-11-26T12:00:04.000Z pid=7 tid=2b3 ERROR: Error fetching job: Error connecting to Redis",
            &mut ctx,
        );
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(
            &r.message[..],
            b"Error fetching job: Error connecting to Redis"
        );
        // Pairs without a level after them are the message's.
        let r = inner(b"2026-11-26T12:00:04Z retry=3 wait: 2s", &mut ctx);
        assert_eq!(&r.message[..], b"retry=3 wait: 2s");
    }

    #[test]
    fn an_applications_iso_stamp_with_a_lowercase_level_gives_the_level() {
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2024, 6, 1, 0, 0, 0, 0).unwrap());
        let r = parse_gha(b"2026-11-26T12:00:00.123Z info: Server started", &mut ctx).unwrap();
        assert_eq!(r.level, Some(Level::Info));
        assert_eq!(&r.message[..], b"Server started");
        let r = parse_gha(b"2026-11-26T12:00:00.123Z http: GET /health 200", &mut ctx).unwrap();
        assert_eq!(r.level, Some(Level::Info));
        assert_eq!(&r.message[..], b"GET /health 200");
        // The runner's own stamp: the job's output is as the tool printed it.
        let r = parse_gha(
            b"2026-11-26T12:00:00.1234567Z error: could not compile `app`",
            &mut ctx,
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(&r.message[..], b"error: could not compile `app`");
        // Not a level: a word that is none, or no space after the colon.
        let r = parse_gha(b"2026-11-26T12:00:00.123Z hello: world", &mut ctx).unwrap();
        assert_eq!(&r.message[..], b"hello: world");
        let r = parse_gha(b"2026-11-26T12:00:00.123Z info:x", &mut ctx).unwrap();
        assert_eq!(&r.message[..], b"info:x");
    }

    #[test]
    fn level_tokens() {
        assert_eq!(level_token(b"[ERROR] x").map(|t| t.0), Some(Level::Error));
        assert_eq!(level_token(b"WARN: x").map(|t| t.0), Some(Level::Warn));
        assert_eq!(level_token(b"Error x"), None);
        assert_eq!(level_token(b"[ab"), None);
    }
}
