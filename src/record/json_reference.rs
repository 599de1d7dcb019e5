//! The JSON-lines reader as it was before it was tuned for speed, kept (test-only) as the
//! reference the tuned reader must agree with on every line, valid or not: see the property
//! tests at the end.

#![allow(dead_code)]

use std::borrow::Cow;

use crate::record::stamp::{self, Epoch};
use crate::record::text::parse_u64;
use crate::record::{Level, Record, TimeContext, Timestamp};

/// The first `"` or backslash at or after `i`, byte by byte (what `text::find_quote_or_escape`
/// answers, without its word-at-a-time scan).
fn find_quote_or_escape(b: &[u8], i: usize) -> Option<usize> {
    b.get(i..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\')
        .map(|p| i + p)
}

/// Index after the whitespace at `i`.
#[inline]
fn ws(b: &[u8], mut i: usize) -> usize {
    // Most lines are compact: one comparison settles the usual case.
    if b.get(i).is_none_or(|&c| c > b' ') {
        return i;
    }
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// `b[i]` is `"`: the index after the closing quote.
#[inline]
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        j = find_quote_or_escape(b, j)?;
        if b[j] == b'"' {
            return Some(j + 1);
        }
        j += 2;
    }
}

/// The index after the value that starts at `i`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// Calls `f(key, value)` for each member of the object at `b` (which starts with `{`), with the
/// key still escaped and the value raw. Returns false when the object is malformed (members
/// seen until then have been reported).
fn members<'a>(b: &'a [u8], mut f: impl FnMut(&'a [u8], &'a [u8])) -> bool {
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return false;
    }
    i = ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return true;
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return false;
        }
        let Some(ke) = skip_string(b, i) else {
            return false;
        };
        let key = &b[i + 1..ke - 1];
        i = ws(b, ke);
        if b.get(i) != Some(&b':') {
            return false;
        }
        i = ws(b, i + 1);
        let Some(ve) = skip_value(b, i) else {
            return false;
        };
        f(key, &b[i..ve]);
        i = ws(b, ve);
        match b.get(i) {
            Some(b',') => i = ws(b, i + 1),
            Some(b'}') => return true,
            _ => return false,
        }
    }
}

/// The member `name` of the object `obj`, if any.
fn member<'a>(obj: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut found = None;
    members(obj, |k, v| {
        if found.is_none() && k == name {
            found = Some(v);
        }
    });
    found
}

fn hex4(b: &[u8]) -> Option<u32> {
    let s = b.get(..4)?;
    let mut v = 0;
    for &c in s {
        v = v * 16 + (c as char).to_digit(16)?;
    }
    Some(v)
}

/// The content of a JSON string value (with its quotes), unescaped; borrowed when there is
/// nothing to unescape. Invalid escapes are kept as written.
pub(super) fn unescape(v: &[u8]) -> Cow<'_, [u8]> {
    let inner = if v.len() >= 2 && v[0] == b'"' && v[v.len() - 1] == b'"' {
        &v[1..v.len() - 1]
    } else {
        v
    };
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
/// or an array of those (a repeated field: the first is taken).
fn text_value(v: &[u8]) -> Option<Cow<'_, [u8]>> {
    match v.first()? {
        b'"' => Some(unescape(v)),
        b'[' => {
            let mut i = ws(v, 1);
            match v.get(i)? {
                b'"' | b'[' => {
                    let e = skip_value(v, i)?;
                    text_value(&v[i..e])
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
pub(super) enum Scale {
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
            if let Some(t) = stamp::epoch_number(s) {
                return Some(t);
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
pub(super) enum Role {
    Message(u8),
    Level(u8, Scale),
    Time(u8),
    /// A time only as an object (MongoDB's `"t":{"$date":…}`).
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

/// The role of a key. Matched on the exact key first; the usual names in other cases
/// (`Message`, `LEVEL`) fall through to a lower-cased comparison.
pub(super) fn role(key: &[u8]) -> Option<Role> {
    use Role::*;
    let exact = match key {
        b"msg" | b"message" | b"MESSAGE" | b"@m" => Some(Message(0)),
        b"event" => Some(Message(3)),
        b"RenderedMessage" | b"textPayload" | b"short_message" => Some(Message(1)),
        b"@mt" | b"MessageTemplate" => Some(Message(4)),
        b"Body" | b"body" => Some(NestedMessage(2)),
        b"fields" | b"jsonPayload" => Some(NestedMessage(2)),
        b"M" => Some(Message(5)),
        b"level" | b"lvl" | b"severity" | b"Level" | b"log.level" | b"levelname" | b"loglevel"
        | b"level_name" | b"SeverityText" | b"severityText" | b"@l" | b"L" => {
            Some(Level(0, Scale::Name))
        }
        b"PRIORITY" => Some(Level(1, Scale::Syslog)),
        b"s" => Some(Level(1, Scale::Letter)),
        b"SeverityNumber" | b"severityNumber" => Some(Level(2, Scale::Otel)),
        b"@t" => Some(ClefTime),
        b"ts" | b"time" | b"timestamp" | b"@timestamp" | b"Timestamp" | b"T" => Some(Time(1)),
        b"_SOURCE_REALTIME_TIMESTAMP" => Some(Time(0)),
        b"__REALTIME_TIMESTAMP" => Some(Time(1)),
        b"instant" | b"timeMillis" | b"timeUnixNano" | b"datetime" | b"asctime" | b"date" => {
            Some(Time(2))
        }
        b"t" => Some(TimeObject(2)),
        b"_SYSTEMD_UNIT" => Some(Origin(0)),
        b"SYSLOG_IDENTIFIER" => Some(Origin(1)),
        b"_COMM" => Some(Origin(2)),
        b"logger" | b"logger_name" | b"loggerName" | b"log.logger" | b"target"
        | b"SourceContext" | b"service.name" | b"N" => Some(Origin(3)),
        b"name" | b"component" | b"module" | b"service" | b"app" => Some(Origin(4)),
        b"log" => Some(EcsLog),
        b"stream" => Some(Stream),
        _ => None,
    };
    // Other spellings differ only in case; most keys are already lower case and unknown.
    if exact.is_some() || key.len() > 16 || !key.iter().any(u8::is_ascii_uppercase) {
        return exact;
    }
    let mut buf = [0u8; 16];
    let l = &mut buf[..key.len()];
    l.copy_from_slice(key);
    l.make_ascii_lowercase();
    match &*l {
        b"msg" | b"message" => Some(Message(2)),
        b"level" | b"severity" | b"loglevel" => Some(Level(1, Scale::Name)),
        b"time" | b"timestamp" | b"ts" => Some(Time(3)),
        b"logger" => Some(Origin(3)),
        _ => None,
    }
}

/// What one JSON line says.
pub(super) struct Fields<'a> {
    pub timestamp: Option<Timestamp>,
    pub level: Option<Level>,
    pub origin: Option<Cow<'a, [u8]>>,
    pub message: Option<Cow<'a, [u8]>>,
    /// Docker json-file: the line had `log` as a string and a `stream` key.
    pub docker: bool,
}

/// Reads the object on `line` (which must start with `{` after spaces). `None` when it is not
/// a JSON object.
pub(super) fn fields<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Fields<'a>> {
    let mut msg: Option<(u8, &'a [u8])> = None;
    let mut lvl: Option<(u8, Scale, &'a [u8])> = None;
    let mut time: Option<(u8, &'a [u8])> = None;
    let mut origin: Option<(u8, &'a [u8])> = None;
    let mut log_string: Option<&'a [u8]> = None;
    let mut stream = false;
    let mut clef = false;
    let ok = members(line, |k, v| {
        let Some(r) = role(k) else { return };
        match r {
            Role::Message(p) => {
                if v.first() != Some(&b'{') && msg.is_none_or(|(q, _)| p < q) {
                    msg = Some((p, v));
                }
            }
            Role::NestedMessage(p) => {
                let inner = match v.first() {
                    Some(b'{') => member(v, b"message")
                        .or_else(|| member(v, b"stringValue"))
                        .or_else(|| member(v, b"msg")),
                    Some(b'"') => Some(v),
                    _ => None,
                };
                if let Some(inner) = inner {
                    if msg.is_none_or(|(q, _)| p < q) {
                        msg = Some((p, inner));
                    }
                }
            }
            Role::Level(p, s) => {
                // OpenTelemetry exporters write `"severityText":""` next to the number.
                if v != b"\"\"" && lvl.is_none_or(|(q, _, _)| p < q) {
                    lvl = Some((p, s, v));
                }
            }
            Role::Time(p) => {
                if time.is_none_or(|(q, _)| p < q) {
                    time = Some((p, v));
                }
            }
            Role::TimeObject(p) => {
                if v.first() == Some(&b'{') && time.is_none_or(|(q, _)| p < q) {
                    time = Some((p, v));
                }
            }
            Role::ClefTime => {
                clef = true;
                if time.is_none_or(|(q, _)| 1 < q) {
                    time = Some((1, v));
                }
            }
            Role::Origin(p) => {
                if v.first() == Some(&b'"') && origin.is_none_or(|(q, _)| p < q) {
                    origin = Some((p, v));
                }
            }
            Role::EcsLog => match v.first() {
                Some(b'{') => {
                    if let Some(l) = member(v, b"level") {
                        if lvl.is_none_or(|(q, _, _)| 0 < q) {
                            lvl = Some((0, Scale::Name, l));
                        }
                    }
                    if let Some(o) = member(v, b"logger") {
                        if origin.is_none_or(|(q, _)| 3 < q) {
                            origin = Some((3, o));
                        }
                    }
                }
                Some(b'"') => log_string = Some(v),
                _ => {}
            },
            Role::Stream => stream = true,
        }
    });
    if !ok && msg.is_none() && lvl.is_none() && time.is_none() {
        return None;
    }
    let docker = stream && log_string.is_some();
    let message = match (msg, log_string) {
        (Some((_, v)), _) => text_value(v),
        (None, Some(v)) => {
            let mut m = unescape(v);
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
    };
    let mut level = lvl.and_then(|(_, s, v)| level_value(v, s));
    if level.is_none() && clef && lvl.is_none() {
        level = Some(Level::Info);
    }
    Some(Fields {
        timestamp: time.and_then(|(_, v)| time_value(v, ctx)),
        level,
        origin: origin.map(|(_, v)| unescape(v)),
        message,
        docker,
    })
}

/// A JSON-lines record; `None` when the line is not an object (a stack trace printed raw
/// between JSON lines, say).
pub(super) fn parse<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    let start = super::super::text::skip_spaces(line, 0);
    if line.get(start) != Some(&b'{') {
        return None;
    }
    let f = fields(&line[start..], ctx)?;
    let message = f.message.unwrap_or(Cow::Borrowed(line));
    let level = f.level.or_else(|| {
        if f.docker {
            super::super::text::infer_level(&message)
        } else {
            None
        }
    });
    Some(Record {
        timestamp: f.timestamp,
        level,
        origin: f.origin,
        message,
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// True when the line is an object with Docker json-file's keys.
pub(super) fn is_docker(line: &[u8], ctx: &mut TimeContext) -> bool {
    let start = super::super::text::skip_spaces(line, 0);
    line.get(start) == Some(&b'{') && fields(&line[start..], ctx).is_some_and(|f| f.docker)
}

mod equivalence {
    //! The tuned reader against the reference, line by line, on generated JSON lines: realistic
    //! keys and values of the usual logging libraries, random keys, escapes, nesting and
    //! whitespace, then broken by truncation, stray bytes or random bytes.
    //!
    //! A line is built from a list of numbers, each deciding one choice (a number past the end
    //! of the list reads as 0, the plainest choice). Drawing that list is cheap, and proptest's
    //! shrinking of it (fewer numbers, smaller numbers) shrinks the line.

    use proptest::prelude::*;

    use crate::record::{TimeContext, Timestamp};

    /// Every key the role table knows, nested names the reader looks into, and near misses.
    #[rustfmt::skip]
    const KEYS: &[&str] = &[
        "msg", "message", "MESSAGE", "@m", "event", "RenderedMessage", "textPayload",
        "short_message", "@mt", "MessageTemplate", "Body", "body", "fields", "jsonPayload", "M",
        "level", "lvl", "severity", "Level", "log.level", "levelname", "loglevel", "level_name",
        "SeverityText", "severityText", "@l", "L", "PRIORITY", "SeverityNumber", "severityNumber",
        "@t", "ts", "time", "timestamp", "@timestamp", "Timestamp", "T",
        "_SOURCE_REALTIME_TIMESTAMP", "__REALTIME_TIMESTAMP", "instant", "timeMillis",
        "timeUnixNano", "datetime", "asctime", "date", "_SYSTEMD_UNIT", "SYSLOG_IDENTIFIER",
        "_COMM", "logger", "logger_name", "loggerName", "log.logger", "target", "SourceContext",
        "service.name", "N", "name", "component", "module", "service", "app", "log", "stream",
        // Case variants that only the lower-cased comparison knows, and near misses.
        "Message", "MSG", "Msg", "LEVEL", "SEVERITY", "LogLevel", "TIME", "TIMESTAMP", "Ts", "TS",
        "Logger", "LOGGER", "msgs", "mes", "levels", "lev", "", "m", "l", "t", "n", "stringValue",
        "epochSecond", "nanoOfSecond", "seconds", "nanos", "caller", "pid", "SourceContextXYZ",
        "SourceContextXYZW", "_SOURCE_REALTIME_TIMESTAMPS", "LOGLEVELS", "Timestamp1", "ÉVÉNEMENT",
        "m\\u0073g", "le\\\"vel", "msg\\\\",
    ];

    /// Keys inside nested objects (`fields`, `log`, `instant`, `jsonPayload`, `body`, ...).
    #[rustfmt::skip]
    const INNER_KEYS: &[&str] = &[
        "message", "msg", "stringValue", "level", "logger", "epochSecond", "nanoOfSecond",
        "seconds", "nanos", "status", "Message", "file",
    ];

    /// Whitespace JSON allows (`\x0b`, which it does not, is put in now and then).
    const WS: &[&str] = &["", "", "", "", "", "", " ", "\t", "\n", "\r\n", "  "];

    /// The keys of the usual libraries, in their order: lines are often built on one.
    #[rustfmt::skip]
    const SHAPES: &[&[&str]] = &[
        &[],
        &["level", "ts", "logger", "caller", "msg", "status"],
        &["log", "stream", "time"],
        &["@timestamp", "log.level", "message", "ecs.version", "service.name", "log.logger"],
        &["@timestamp", "log", "message", "service.name"],
        &["level", "time", "pid", "hostname", "msg", "v"],
        &["level", "msg", "time", "user"],
        &["__REALTIME_TIMESTAMP", "PRIORITY", "_COMM", "MESSAGE", "_SYSTEMD_UNIT"],
        &["_SOURCE_REALTIME_TIMESTAMP", "SYSLOG_IDENTIFIER", "MESSAGE", "PRIORITY"],
        &["@t", "@mt", "@m", "@l", "SourceContext"],
        &["severity", "textPayload", "jsonPayload", "timestamp"],
        &["instant", "thread", "level", "loggerName", "message", "thrown"],
        &["timeUnixNano", "severityNumber", "severityText", "body"],
        &["Timestamp", "Level", "MessageTemplate", "RenderedMessage", "Properties"],
        &["timestamp", "level", "fields", "target"],
    ];

    #[rustfmt::skip]
    const LEVEL_KEYS: &[&str] = &[
        "level", "lvl", "severity", "Level", "log.level", "levelname", "loglevel", "level_name",
        "SeverityText", "severityText", "@l", "L", "PRIORITY", "SeverityNumber", "severityNumber",
        "LEVEL",
    ];

    #[rustfmt::skip]
    const TIME_KEYS: &[&str] = &[
        "@t", "ts", "time", "timestamp", "@timestamp", "Timestamp", "T",
        "_SOURCE_REALTIME_TIMESTAMP", "__REALTIME_TIMESTAMP", "instant", "timeMillis",
        "timeUnixNano", "datetime", "asctime", "date", "TIMESTAMP",
    ];

    const NESTING_KEYS: &[&str] = &["fields", "jsonPayload", "body", "Body", "log", "MESSAGE"];

    /// Level values: names, numbers of every scale, and strings that are none.
    #[rustfmt::skip]
    const LEVELS: &[&str] = &[
        "\"info\"", "\"INFO\"", "\"Warning\"", "\"warn\"", "\"error\"", "\"ERROR+2\"", "\"INFO-4\"",
        "\"-4\"", "\"debug\"", "\"E\"", "\"fatal\"", "\"Information\"", "\"informational\"",
        "\"chatty\"", "\"\"", "\"3\"", "\"6\"", "\"17\"", "\"60\"", "30", "50", "60", "10", "9",
        "3", "17", "24", "25", "0", "\"\\u0069nfo\"",
    ];

    /// Time values: RFC 3339 and other stamps, epochs of every unit, objects of seconds.
    #[rustfmt::skip]
    const TIMES: &[&str] = &[
        "\"2024-01-15T10:30:00Z\"", "\"2024-01-15T10:30:00.123456+01:00\"",
        "\"2024-01-15 10:30:00,123\"", "\"Jan 15 10:30:00\"", "\"1700000000\"", "\"1700000000.25\"",
        "\"1700000004523456\"", "\"1700000000000000000\"", "\"2024-13-45T99:00:00Z\"", "\"\"",
        "1795680000.937298", "1700000000000", "1700000000", "17000000000000000000", "-5", "1.7e9",
        "{\"epochSecond\":1700000000,\"nanoOfSecond\":123456000}",
        "{\"seconds\":\"1700000000\",\"nanos\":5000}", "{\"seconds\":1700000000}", "{\"nanos\":5}",
        "{\"epochSecond\":18446744073709551615,\"nanoOfSecond\":1}",
        "{ \"epochSecond\" : 1700000000 , \"nanoOfSecond\" : 9 }",
    ];

    /// Docker json-file `log` strings: one line of the program, with its newline.
    #[rustfmt::skip]
    const DOCKER_LOGS: &[&str] = &[
        "\"ERROR could not connect\\n\"", "\"boom\\r\\n\"", "\"plain\\n\"", "\"\\n\"", "\"\"",
        "\"warning: disk\"", "\"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"inner\\\"}\\n\"",
        "\"2024-01-15T10:30:00Z INFO started\\n\"", "\"caf\\u00e9\\r\\n\"", "\"x\\r\"",
    ];

    /// Values of the keys that nest a message or level (and Docker's `log` string).
    #[rustfmt::skip]
    const NESTED: &[&str] = &[
        "{\"message\":\"request failed\",\"status\":500}", "{\"msg\":\"m\"}",
        "{\"stringValue\":\"otel msg\"}", "{\"message\":{\"x\":1},\"msg\":\"y\"}",
        "{\"level\":\"error\",\"logger\":\"svc\"}", "{\"logger\":7,\"level\":30}",
        "{\"message\":\"a\\nb\",\"message\":\"dup\"}", "{}", "[]", "null",
        "\"ERROR could not connect\\n\"", "\"boom\\r\\n\"", "\"plain\\n\"", "\"warning: disk\"",
        "[98,105,110,7,10,115]", "[\"first\",[104,105]]", "[null]", "[300,1]", "[ 104 , 105 ]",
        "\"\\ud83d\\ude00 ok\"",
    ];

    const KEY_BYTES: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_@.";
    const TEXT_BYTES: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789 .:/_-";

    /// Escapes valid or not, multi-byte UTF-8, JSON punctuation inside strings.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "\\\"", "\\\\", "\\n", "\\t", "\\r", "\\b", "\\f", "\\/", "\\u00e9", "\\u0041",
        "\\ud83d\\ude00", "\\ud83d", "\\ud83dx", "\\ud83d\\u0041", "\\udc00", "\\u12", "\\uZZZZ",
        "\\q", "\\x", "\\", "é", "😀", "{", "}", "[", "]", ",", ":", "'", "info", "ERROR", "\t",
    ];

    /// Invalid UTF-8, control bytes and a raw newline.
    const ODD_BYTES: &[u8] = b"\xff\xc3\x00\x01\x7f\n";

    /// Numbers, literals and broken literals.
    #[rustfmt::skip]
    const SCALARS: &[&str] = &[
        "0", "true", "false", "null", "3", "7", "10", "30", "50", "60", "17", "24", "-1", "1.5",
        "1.7e9", "1795680000.937298", "1700000000", "1700000000000", "1700000000000000",
        "1700000000000000000", "18446744073709551615", "99999999999999999999", "tru", "nul1", "x",
        "-", "0x1F", "+3",
    ];

    /// String values that mean something to one role or other.
    #[rustfmt::skip]
    const KNOWN_STRINGS: &[&str] = &[
        "info", "INFO", "Warning", "warn", "error", "ERROR+2", "INFO-4", "debug", "E", "fatal",
        "Information", "informational", "chatty", "", "3", "6", "17", "60", "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.123456+01:00", "2024-01-15 10:30:00,123", "Jan 15 10:30:00",
        "1700000000", "1700000000.25", "1700000004523456", "1700000000000000000", "stderr",
        "stdout", "ERROR could not connect\\n", "boom\\r\\n", "app.service",
    ];

    /// Bytes that change how a line is read, for breaking lines.
    const SPECIAL: &[u8] = b"\"\\{}[],: \n\x00\xffa1";

    /// The choices a line is built from.
    struct Choices<'a> {
        list: &'a [u32],
        next: usize,
    }

    impl Choices<'_> {
        fn take(&mut self) -> u32 {
            let c = self.list.get(self.next).copied().unwrap_or(0);
            self.next += 1;
            c
        }

        /// A number below `n`.
        fn below(&mut self, n: usize) -> usize {
            self.take() as usize % n
        }

        fn pick<T: Copy>(&mut self, from: &[T]) -> T {
            from[self.below(from.len())]
        }

        fn ws(&mut self, out: &mut Vec<u8>) {
            if self.below(256) == 255 {
                out.push(0x0b);
            } else {
                out.extend_from_slice(self.pick(WS).as_bytes());
            }
        }

        /// A value of the kind `key` usually has (most of the time), else any value.
        fn value_for(&mut self, key: &[u8], out: &mut Vec<u8>) {
            let is = |keys: &[&str]| keys.iter().any(|k| k.as_bytes() == key);
            let typed = match self.below(4) {
                0 => None,
                _ if is(LEVEL_KEYS) => Some(LEVELS),
                _ if is(TIME_KEYS) => Some(TIMES),
                1 if key == b"log" => Some(DOCKER_LOGS),
                _ if is(NESTING_KEYS) => Some(NESTED),
                _ => None,
            };
            match typed {
                Some(values) => out.extend_from_slice(self.pick(values).as_bytes()),
                None => self.value(out, 0),
            }
        }

        fn key(&mut self, out: &mut Vec<u8>) {
            match self.below(10) {
                0..=5 => out.extend_from_slice(self.pick(KEYS).as_bytes()),
                // A known key in any case.
                6 => {
                    for c in self.pick(KEYS).bytes() {
                        out.push(if self.take() % 2 == 1 {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        });
                    }
                }
                7 | 8 => {
                    for _ in 0..self.below(21) {
                        out.push(self.pick(KEY_BYTES));
                    }
                }
                _ => self.content(out),
            }
        }

        /// The inside of a string: plain runs (of every length around the 8- and 32-byte
        /// steps), escapes valid or not, multi-byte and invalid UTF-8, control bytes.
        fn content(&mut self, out: &mut Vec<u8>) {
            for _ in 0..self.below(6) {
                match self.below(9) {
                    0..=3 => {
                        for _ in 0..self.below(41) {
                            out.push(self.pick(TEXT_BYTES));
                        }
                    }
                    4 => out.resize(out.len() + self.below(90), b'x'),
                    5..=7 => out.extend_from_slice(self.pick(PIECES).as_bytes()),
                    _ => out.push(self.pick(ODD_BYTES)),
                }
            }
        }

        fn value(&mut self, out: &mut Vec<u8>, depth: u32) {
            let kinds = if depth < 3 { 12 } else { 10 };
            match self.below(kinds) {
                0..=2 => out.extend_from_slice(self.pick(SCALARS).as_bytes()),
                3 => out.extend_from_slice(self.take().to_string().as_bytes()),
                4 => {
                    let s = format!("{}.{}", self.take(), self.below(1_000_000));
                    out.extend_from_slice(s.as_bytes());
                }
                5 | 6 => {
                    out.push(b'"');
                    self.content(out);
                    out.push(b'"');
                }
                7 | 8 => {
                    out.push(b'"');
                    out.extend_from_slice(self.pick(KNOWN_STRINGS).as_bytes());
                    out.push(b'"');
                }
                // journald's byte arrays (values past 255 included).
                9 => {
                    out.push(b'[');
                    for n in 0..self.below(6) {
                        if n > 0 {
                            out.push(b',');
                        }
                        out.extend_from_slice(self.below(300).to_string().as_bytes());
                    }
                    out.push(b']');
                }
                10 => {
                    out.push(b'{');
                    for n in 0..self.below(5) {
                        if n > 0 {
                            out.push(b',');
                        }
                        self.ws(out);
                        out.push(b'"');
                        out.extend_from_slice(self.pick(INNER_KEYS).as_bytes());
                        out.push(b'"');
                        self.ws(out);
                        out.push(b':');
                        self.value(out, depth + 1);
                    }
                    out.push(b'}');
                }
                _ => {
                    out.push(b'[');
                    for n in 0..self.below(4) {
                        if n > 0 {
                            out.push(b',');
                        }
                        self.ws(out);
                        self.value(out, depth + 1);
                    }
                    self.ws(out);
                    out.push(b']');
                }
            }
        }

        /// One object after optional leading spaces, with whitespace anywhere JSON allows it,
        /// and sometimes something after it.
        fn object(&mut self) -> Vec<u8> {
            let mut o = self.pick(&["", "", " ", "\t ", "  "]).as_bytes().to_vec();
            o.push(b'{');
            let shape = self.pick(SHAPES);
            for n in 0..self.below(13) {
                if n > 0 {
                    o.push(b',');
                }
                self.ws(&mut o);
                o.push(b'"');
                let k = o.len();
                match shape.get(n) {
                    Some(key) if self.below(8) != 7 => o.extend_from_slice(key.as_bytes()),
                    _ => self.key(&mut o),
                }
                let key = o[k..].to_vec();
                o.push(b'"');
                self.ws(&mut o);
                o.push(b':');
                self.ws(&mut o);
                self.value_for(&key, &mut o);
                self.ws(&mut o);
            }
            self.ws(&mut o);
            o.push(b'}');
            let tail = ["", "", "", " ", "\n", "x", ",", "}", "{\"msg\":\"y\"}"];
            o.extend_from_slice(self.pick(&tail).as_bytes());
            o
        }

        /// An object, possibly broken: cut short, a byte changed, a byte put in; or random
        /// bytes after a `{`.
        fn line(&mut self) -> Vec<u8> {
            match self.below(12) {
                0..=6 => self.object(),
                7 | 8 => {
                    let mut o = self.object();
                    o.truncate(self.below(o.len() + 1));
                    o
                }
                9 => {
                    let mut o = self.object();
                    let i = self.below(o.len());
                    o[i] = self.pick(SPECIAL);
                    o
                }
                10 => {
                    let mut o = self.object();
                    let i = self.below(o.len() + 1);
                    let c = self.pick(SPECIAL);
                    o.insert(i, c);
                    o
                }
                _ => {
                    let mut o = b"{".to_vec();
                    for _ in 0..self.below(60) {
                        let c = self.take();
                        o.push(if c.is_multiple_of(2) {
                            SPECIAL[(c / 2) as usize % SPECIAL.len()]
                        } else {
                            (c / 2) as u8
                        });
                    }
                    o
                }
            }
        }
    }

    fn context() -> TimeContext {
        TimeContext::utc(Timestamp(1_750_000_000_000_000))
    }

    /// Both readers on `lines` in turn, each with its own time context (so that what one line
    /// leaves in the context's memory is part of what is compared).
    fn agree(lines: &[Vec<u8>]) -> Result<(), TestCaseError> {
        let (mut new, mut old) = (context(), context());
        for l in lines {
            prop_assert_eq!(
                super::super::parse(l, &mut new),
                super::parse(l, &mut old),
                "parse {:?}",
                String::from_utf8_lossy(l)
            );
            prop_assert_eq!(
                super::super::is_docker(l, &mut new),
                super::is_docker(l, &mut old),
                "is_docker {:?}",
                String::from_utf8_lossy(l)
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// Same record, same `None`, same Docker verdict, line after line.
        #[test]
        fn tuned_reader_reads_what_the_reference_reads(
            list in prop::collection::vec(any::<u32>(), 0..400),
        ) {
            let mut c = Choices { list: &list, next: 0 };
            let lines: Vec<Vec<u8>> = (0..1 + c.below(3)).map(|_| c.line()).collect();
            agree(&lines)?;
        }

    }

    proptest! {
        // Each case reads a few hundred lines.
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Every prefix of an object: a reader that gives up at a different place on a cut
        /// line reports different members.
        #[test]
        fn every_truncation_is_read_alike(list in prop::collection::vec(any::<u32>(), 0..200)) {
            let o = Choices { list: &list, next: 0 }.object();
            let prefixes: Vec<Vec<u8>> = (0..=o.len()).map(|n| o[..n].to_vec()).collect();
            agree(&prefixes)?;
        }
    }
}
