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

use std::borrow::Cow;

use super::stamp::{self, Epoch};
use super::text::{find_quote_or_escape, parse_u64};
use super::{Level, Record, TimeContext, Timestamp};

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
pub(crate) fn unescape(v: &[u8]) -> Cow<'_, [u8]> {
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// Names, or bunyan/pino numbers (syslog numbers below 10).
    Name,
    /// syslog priorities (journal `PRIORITY`).
    Syslog,
    /// OpenTelemetry `SeverityNumber`.
    Otel,
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
#[derive(Clone, Copy)]
enum Role {
    Message(u8),
    Level(u8, Scale),
    Time(u8),
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
fn role(key: &[u8]) -> Option<Role> {
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
        b"SeverityNumber" | b"severityNumber" => Some(Level(2, Scale::Otel)),
        b"@t" => Some(ClefTime),
        b"ts" | b"time" | b"timestamp" | b"@timestamp" | b"Timestamp" | b"T" => Some(Time(1)),
        b"_SOURCE_REALTIME_TIMESTAMP" => Some(Time(0)),
        b"__REALTIME_TIMESTAMP" => Some(Time(1)),
        b"instant" | b"timeMillis" | b"timeUnixNano" | b"datetime" | b"asctime" | b"date" => {
            Some(Time(2))
        }
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
pub(crate) struct Fields<'a> {
    pub timestamp: Option<Timestamp>,
    pub level: Option<Level>,
    pub origin: Option<Cow<'a, [u8]>>,
    pub message: Option<Cow<'a, [u8]>>,
    /// Docker json-file: the line had `log` as a string and a `stream` key.
    pub docker: bool,
}

/// Reads the object on `line` (which must start with `{` after spaces). `None` when it is not
/// a JSON object.
pub(crate) fn fields<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Fields<'a>> {
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
pub(crate) fn parse<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    let start = super::text::skip_spaces(line, 0);
    if line.get(start) != Some(&b'{') {
        return None;
    }
    let f = fields(&line[start..], ctx)?;
    let message = f.message.unwrap_or(Cow::Borrowed(line));
    let level = f.level.or_else(|| {
        if f.docker {
            super::text::infer_level(&message)
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
    })
}

/// True when the line is an object with Docker json-file's keys.
pub(crate) fn is_docker(line: &[u8], ctx: &mut TimeContext) -> bool {
    let start = super::text::skip_spaces(line, 0);
    line.get(start) == Some(&b'{') && fields(&line[start..], ctx).is_some_and(|f| f.docker)
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
