//! Writing one event (a message, maybe a stack trace) in one layout.
//!
//! `Writer` owns every reusable buffer; an event is rendered straight into the output buffer,
//! so the hot path allocates nothing once the buffers have grown. Multi-line events follow what
//! each layout does in the wild: log4j, Python and klog files carry the trace lines raw;
//! syslog and GitHub Actions prefix every line; journalctl indents continuations to the message
//! column; JSON loggers put the trace into one escaped field; a Go or Rust panic bypasses the
//! logger and lands raw on stderr (prefixed only where a collector adds a prefix per line).

use memchr::memchr;

use super::catalog::{Body, GoPanic, JavaExc, PyExc, PyFrame, Service};
use super::emit::{push_json_escaped, push_logfmt_value, push_padded, push_u64, Clock};
use super::format::{syslog_severity, Format, Kind};
use super::rng::Rng;
use super::template::{Message, Template, VarCx};
use crate::record::Level;

/// A catalogue entry compiled for rendering.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub svc: usize,
    pub level: Level,
    pub msg: Message,
    pub origin: &'static str,
    /// Host override (an incident's systemd lines come from the database host); empty = the
    /// program's own.
    pub host: &'static str,
    pub body: CBody,
}

#[derive(Debug)]
pub(crate) enum CBody {
    Plain,
    Access(Option<u16>),
    Java(Vec<(Template, &'static [&'static str])>),
    Python(Vec<(&'static [PyFrame], Template)>),
    GoPanic(&'static GoPanic),
    RustPanic {
        thread: &'static str,
        at: &'static str,
        msg: &'static str,
    },
}

impl CBody {
    pub(crate) fn compile(body: &Body) -> CBody {
        match body {
            Body::Plain => CBody::Plain,
            Body::Access => CBody::Access(None),
            Body::AccessStatus(s) => CBody::Access(Some(*s)),
            Body::Java(chain) => CBody::Java(
                chain
                    .iter()
                    .map(|JavaExc { head, frames }| (Template::compile(head), *frames))
                    .collect(),
            ),
            Body::Python(chain) => CBody::Python(
                chain
                    .iter()
                    .map(|PyExc { frames, exc }| (*frames, Template::compile(exc)))
                    .collect(),
            ),
            Body::GoPanic(p) => CBody::GoPanic(p),
            Body::RustPanic { thread, at, msg } => CBody::RustPanic { thread, at, msg },
        }
    }

    fn is_panic(&self) -> bool {
        matches!(self, CBody::GoPanic(_) | CBody::RustPanic { .. })
    }
}

/// Per-event state and reusable buffers.
pub(crate) struct Writer {
    pub rng: Rng,
    pub clock: Clock,
    /// Unix seconds the hosts booted (kernel uptime stamps in syslog).
    pub boot_secs: i64,
    pub victim_pid: u32,
    pub not_after: i64,
    /// The output buffer; the caller flushes it.
    pub buf: Vec<u8>,
    msg: Vec<u8>,
    /// Field values, back to back; `fields` holds (key, start, end) into it.
    fvals: Vec<u8>,
    fields: Vec<(&'static str, usize, usize)>,
    /// Continuation lines, each ending in `\n`.
    trace: Vec<u8>,
    /// The `Type: message` line of the trace, for ECS `error.type`/`error.message`.
    error_line: Option<(usize, usize)>,
    /// Logrus key order scratch.
    keys: Vec<(&'static str, JsonVal)>,
    /// Client, request line, user agent and user of an access line.
    access: [Template; 4],
}

#[derive(Clone, Copy)]
enum JsonVal {
    Field(usize),
    Level,
    Msg,
    Time,
    Stack,
}

impl Writer {
    pub(crate) fn new(rng: Rng, clock: Clock, boot_secs: i64) -> Writer {
        Writer {
            rng,
            clock,
            boot_secs,
            victim_pid: 0,
            not_after: 0,
            buf: Vec::with_capacity(1 << 21),
            msg: Vec::with_capacity(4096),
            fvals: Vec::with_capacity(1024),
            fields: Vec::with_capacity(16),
            trace: Vec::with_capacity(8192),
            error_line: None,
            keys: Vec::with_capacity(16),
            access: [
                Template::compile("{pubip}"),
                Template::compile("{method} {url}"),
                Template::compile("{ua}"),
                Template::compile("{user}"),
            ],
        }
    }

    /// Renders one event of `svc` (pid `pid`) in `fmt`, appending to `buf`.
    pub(crate) fn render(&mut self, fmt: Format, svc: &Service, pid: u32, e: &Compiled) {
        let moved;
        let svc = if e.host.is_empty() {
            svc
        } else {
            moved = Service {
                host: e.host,
                ..*svc
            };
            &moved
        };
        self.msg.clear();
        self.fvals.clear();
        self.fields.clear();
        self.trace.clear();
        self.error_line = None;
        let origin = if !e.origin.is_empty() {
            e.origin
        } else if !svc.origins.is_empty() {
            *self.rng.pick(svc.origins)
        } else {
            svc.name
        };

        {
            let mut cx = VarCx {
                rng: &mut self.rng,
                clock: &self.clock,
                victim_pid: self.victim_pid,
                not_after: self.not_after,
            };
            e.msg.text.expand(&mut self.msg, &mut cx);
            for (k, t) in &e.msg.fields {
                let start = self.fvals.len();
                t.expand(&mut self.fvals, &mut cx);
                self.fields.push((k, start, self.fvals.len()));
            }
        }
        // A message with a newline (PostgreSQL's DETAIL lines) continues like a trace.
        if let Some(nl) = memchr(b'\n', &self.msg) {
            self.trace.extend_from_slice(&self.msg[nl + 1..]);
            self.trace.push(b'\n');
            self.msg.truncate(nl);
        }
        match &e.body {
            CBody::Plain => {}
            CBody::Access(status) => {
                self.msg.clear();
                self.access_line(e.level, *status);
            }
            CBody::Java(chain) => self.java_trace(chain),
            CBody::Python(chain) => self.python_trace(chain),
            CBody::GoPanic(p) => self.go_panic(p),
            CBody::RustPanic { thread, at, msg } => {
                self.trace.extend_from_slice(b"thread '");
                self.trace.extend_from_slice(thread.as_bytes());
                self.trace.extend_from_slice(b"' (");
                push_u64(&mut self.trace, pid as u64 + 1 + self.rng.below(64));
                self.trace.extend_from_slice(b") panicked at ");
                self.trace.extend_from_slice(at.as_bytes());
                self.trace.extend_from_slice(b":\n");
                self.trace.extend_from_slice(msg.as_bytes());
                self.trace.extend_from_slice(
                    b"\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
                );
            }
        }

        if e.body.is_panic() {
            // Nothing went through the logger: every line is raw stderr.
            let per_line_header = matches!(
                fmt,
                Format::Syslog | Format::Journal | Format::Rfc5424 | Format::Gha
            );
            let mut rest = 0;
            while rest < self.trace.len() {
                let end = rest + memchr(b'\n', &self.trace[rest..]).expect("lines end in \\n");
                if per_line_header {
                    self.header(fmt, svc, pid, e.level, origin, false);
                }
                self.buf.extend_from_slice(&self.trace[rest..=end]);
                rest = end + 1;
            }
            return;
        }

        if matches!(e.body, CBody::Access(_)) && fmt == Format::Access {
            self.buf.extend_from_slice(&self.msg);
            self.buf.push(b'\n');
            return;
        }

        let line_start = self.buf.len();
        match fmt {
            Format::Zap => self.zap(svc, e.level, origin),
            Format::Logrus => self.logrus(e.level),
            Format::Pino => self.pino(svc, pid, e.level),
            Format::Bunyan => self.bunyan(svc, pid, e.level),
            Format::Ecs => self.ecs(svc, e.level, origin),
            Format::Logfmt => self.logfmt(svc, e.level, origin),
            _ => {
                let msg_col = self.header(fmt, svc, pid, e.level, origin, true) - line_start;
                self.text_body(fmt, svc, pid, e.level, origin, msg_col);
                return;
            }
        }
        self.buf.push(b'\n');
    }

    /// The per-line header of a text layout. `first` adds what only an event's first line has
    /// (RFC 5424 structured data). Returns the buffer position where the message starts.
    fn header(
        &mut self,
        fmt: Format,
        svc: &Service,
        pid: u32,
        level: Level,
        origin: &str,
        first: bool,
    ) -> usize {
        let b = &mut self.buf;
        let c = &self.clock;
        match fmt {
            Format::Syslog | Format::Journal => {
                c.syslog(b, if fmt == Format::Syslog { b' ' } else { b'0' });
                b.push(b' ');
                b.extend_from_slice(svc.host.as_bytes());
                b.push(b' ');
                b.extend_from_slice(svc.name.as_bytes());
                if pid != 0 {
                    b.push(b'[');
                    push_u64(b, pid as u64);
                    b.push(b']');
                }
                b.extend_from_slice(b": ");
                if pid == 0 && fmt == Format::Syslog {
                    // rsyslog's kernel lines keep printk's uptime stamp.
                    let up = c.unix_micros() - self.boot_secs * 1_000_000;
                    b.push(b'[');
                    push_padded(b, (up / 1_000_000) as u64, 5, b' ');
                    b.push(b'.');
                    push_padded(b, (up % 1_000_000) as u64, 6, b'0');
                    b.extend_from_slice(b"] ");
                }
            }
            Format::Rfc5424 => {
                b.push(b'<');
                let facility: u8 = match (svc.kind, svc.name) {
                    (_, "kernel") => 0,
                    (_, "sshd") => 10,
                    (_, "CRON") => 9,
                    (Kind::System, _) => 3,
                    _ => 16,
                };
                push_u64(b, (facility * 8 + syslog_severity(level)) as u64);
                b.extend_from_slice(b">1 ");
                c.rfc3339(b, 6, true);
                b.push(b' ');
                b.extend_from_slice(svc.host.as_bytes());
                b.push(b' ');
                b.extend_from_slice(svc.name.as_bytes());
                b.push(b' ');
                if pid != 0 {
                    push_u64(b, pid as u64);
                } else {
                    b.push(b'-');
                }
                b.extend_from_slice(b" - ");
                if first && !self.fields.is_empty() {
                    b.extend_from_slice(b"[fields@32473");
                    for &(k, s, e) in &self.fields {
                        b.push(b' ');
                        b.extend_from_slice(k.as_bytes());
                        b.extend_from_slice(b"=\"");
                        for &ch in &self.fvals[s..e] {
                            if matches!(ch, b'"' | b'\\' | b']') {
                                b.push(b'\\');
                            }
                            b.push(ch);
                        }
                        b.push(b'"');
                    }
                    b.extend_from_slice(b"] ");
                } else {
                    b.extend_from_slice(b"- ");
                }
            }
            Format::Klog => self.klog_header(level, pid, origin),
            Format::Log4j => {
                c.ymd_hms_millis(b, b',');
                b.push(b' ');
                let name = fmt.level_name(level);
                b.extend_from_slice(name.as_bytes());
                b.resize(b.len() + 5usize.saturating_sub(name.len()), b' ');
                b.extend_from_slice(b" [");
                Self::thread(b, &mut self.rng, svc.thread);
                b.extend_from_slice(b"] ");
                b.extend_from_slice(origin.as_bytes());
                b.extend_from_slice(b" - ");
            }
            Format::Spring => {
                c.rfc3339(b, 3, false);
                b.push(b' ');
                let name = fmt.level_name(level);
                b.resize(b.len() + 5usize.saturating_sub(name.len()), b' ');
                b.extend_from_slice(name.as_bytes());
                b.push(b' ');
                push_u64(b, pid as u64);
                b.extend_from_slice(b" --- [");
                b.extend_from_slice(svc.name.as_bytes());
                b.extend_from_slice(b"] [");
                // `%15.15t`: right-aligned, cut from the left.
                let mut t = Vec::with_capacity(32);
                Self::thread(&mut t, &mut self.rng, svc.thread);
                let t = &t[t.len().saturating_sub(15)..];
                b.resize(b.len() + 15 - t.len(), b' ');
                b.extend_from_slice(t);
                b.extend_from_slice(b"] ");
                // `%-40.40logger{39}`: left-aligned in 40 columns.
                let o = &origin.as_bytes()[origin.len().saturating_sub(40)..];
                b.extend_from_slice(o);
                b.resize(b.len() + 40 - o.len(), b' ');
                b.extend_from_slice(b" : ");
            }
            Format::Python => {
                c.ymd_hms_millis(b, b',');
                b.extend_from_slice(b" - ");
                b.extend_from_slice(origin.as_bytes());
                b.extend_from_slice(b" - ");
                b.extend_from_slice(fmt.level_name(level).as_bytes());
                b.extend_from_slice(b" - ");
            }
            Format::NginxError => {
                c.nginx(b);
                b.extend_from_slice(b" [");
                b.extend_from_slice(fmt.level_name(level).as_bytes());
                b.extend_from_slice(b"] ");
                push_u64(b, pid as u64);
                b.push(b'#');
                push_u64(b, pid as u64);
                b.extend_from_slice(b": ");
            }
            Format::Gha => {
                c.rfc3339(b, 7, false);
                b.push(b' ');
            }
            // JSON, logfmt and access lines have no separable header.
            _ => {}
        }
        self.buf.len()
    }

    fn klog_header(&mut self, level: Level, pid: u32, origin: &str) {
        let b = &mut self.buf;
        b.extend_from_slice(Format::Klog.level_name(level).as_bytes());
        self.clock.klog(b);
        b.push(b' ');
        push_padded(b, pid as u64, 7, b' ');
        b.push(b' ');
        b.extend_from_slice(origin.as_bytes());
        b.extend_from_slice(b"] ");
    }

    fn thread(out: &mut Vec<u8>, rng: &mut Rng, prefix: &str) {
        out.extend_from_slice(prefix.as_bytes());
        if prefix.ends_with('-') {
            push_u64(out, rng.range(1, 200));
        }
    }

    /// Message, fields and continuation lines of a text layout, after the first header.
    fn text_body(
        &mut self,
        fmt: Format,
        svc: &Service,
        pid: u32,
        level: Level,
        origin: &str,
        msg_col: usize,
    ) {
        if matches!(fmt, Format::Syslog | Format::Journal | Format::Rfc5424) {
            // Programs that do not spell their own severity get a level word, as their
            // console loggers print; Kubernetes components keep their klog header.
            match svc.kind {
                Kind::System | Kind::Rust => {}
                Kind::Kube => self.klog_header(level, pid, origin),
                _ => {
                    self.buf
                        .extend_from_slice(Format::Log4j.level_name(level).as_bytes());
                    self.buf.push(b' ');
                }
            }
        }
        self.buf.extend_from_slice(&self.msg);
        if fmt != Format::Rfc5424 {
            for &(k, s, e) in &self.fields {
                self.buf.push(b' ');
                self.buf.extend_from_slice(k.as_bytes());
                self.buf.push(b'=');
                push_logfmt_value(&mut self.buf, &self.fvals[s..e]);
            }
        }
        self.buf.push(b'\n');
        let mut rest = 0;
        while rest < self.trace.len() {
            let end = rest + memchr(b'\n', &self.trace[rest..]).expect("lines end in \\n");
            match fmt {
                Format::Syslog | Format::Rfc5424 | Format::Gha => {
                    self.header(fmt, svc, pid, level, origin, false);
                }
                Format::Journal => self.buf.resize(self.buf.len() + msg_col, b' '),
                _ => {}
            }
            self.buf.extend_from_slice(&self.trace[rest..=end]);
            rest = end + 1;
        }
    }

    fn json_str(&mut self, key: &str, val: &[u8]) {
        self.buf.extend_from_slice(b",\"");
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\":\"");
        push_json_escaped(&mut self.buf, val);
        self.buf.push(b'"');
    }

    /// A field value as JSON: plain integers and decimals unquoted, everything else a string.
    fn json_field(&mut self, i: usize) {
        let (k, s, e) = self.fields[i];
        let v = &self.fvals[s..e];
        let numeric = !v.is_empty()
            && v[0] != b'0'
            && v.len() < 16
            && v.iter().all(|c| c.is_ascii_digit() || *c == b'.')
            && v.iter().filter(|&&c| c == b'.').count() <= 1
            && v[v.len() - 1] != b'.';
        self.buf.extend_from_slice(b",\"");
        self.buf.extend_from_slice(k.as_bytes());
        self.buf.extend_from_slice(b"\":");
        if numeric {
            self.buf.extend_from_slice(v);
        } else {
            self.buf.push(b'"');
            push_json_escaped(&mut self.buf, v);
            self.buf.push(b'"');
        }
    }

    fn json_fields(&mut self) {
        for i in 0..self.fields.len() {
            self.json_field(i);
        }
    }

    fn json_stack(&mut self, key: &str) {
        if !self.trace.is_empty() {
            self.buf.extend_from_slice(b",\"");
            self.buf.extend_from_slice(key.as_bytes());
            self.buf.extend_from_slice(b"\":\"");
            // Without the last line's `\n`.
            push_json_escaped(&mut self.buf, &self.trace[..self.trace.len() - 1]);
            self.buf.push(b'"');
        }
    }

    fn zap(&mut self, svc: &Service, level: Level, origin: &str) {
        self.buf.extend_from_slice(b"{\"level\":\"");
        self.buf
            .extend_from_slice(Format::Zap.level_name(level).as_bytes());
        self.buf.extend_from_slice(b"\",\"ts\":");
        self.clock.epoch_float(&mut self.buf);
        self.buf.extend_from_slice(b",\"logger\":\"");
        self.buf.extend_from_slice(svc.name.as_bytes());
        self.buf.push(b'"');
        if origin != svc.name {
            self.json_str("caller", origin.as_bytes());
        }
        let msg = std::mem::take(&mut self.msg);
        self.json_str("msg", &msg);
        self.msg = msg;
        self.json_fields();
        self.json_stack("stacktrace");
        self.buf.push(b'}');
    }

    fn logrus(&mut self, level: Level) {
        // logrus marshals a map, so keys come out sorted.
        self.keys.clear();
        for i in 0..self.fields.len() {
            self.keys.push((self.fields[i].0, JsonVal::Field(i)));
        }
        self.keys.push(("level", JsonVal::Level));
        self.keys.push(("msg", JsonVal::Msg));
        self.keys.push(("time", JsonVal::Time));
        if !self.trace.is_empty() {
            self.keys.push(("stack", JsonVal::Stack));
        }
        self.keys.sort_by_key(|k| k.0);
        self.buf.push(b'{');
        let keys = std::mem::take(&mut self.keys);
        for (n, &(key, val)) in keys.iter().enumerate() {
            let mark = self.buf.len();
            match val {
                JsonVal::Field(i) => self.json_field(i),
                JsonVal::Level => {
                    self.json_str(key, Format::Logrus.level_name(level).as_bytes());
                }
                JsonVal::Msg => {
                    let msg = std::mem::take(&mut self.msg);
                    self.json_str(key, &msg);
                    self.msg = msg;
                }
                JsonVal::Time => {
                    self.buf.extend_from_slice(b",\"time\":\"");
                    self.clock.rfc3339(&mut self.buf, 0, false);
                    self.buf.push(b'"');
                }
                JsonVal::Stack => self.json_stack(key),
            }
            if n == 0 {
                // The first member has no leading comma.
                self.buf.remove(mark);
            }
        }
        self.keys = keys;
        self.buf.push(b'}');
    }

    fn pino(&mut self, svc: &Service, pid: u32, level: Level) {
        self.buf.extend_from_slice(b"{\"level\":");
        self.buf
            .extend_from_slice(Format::Pino.level_name(level).as_bytes());
        self.buf.extend_from_slice(b",\"time\":");
        self.clock.epoch_millis(&mut self.buf);
        self.buf.extend_from_slice(b",\"pid\":");
        push_u64(&mut self.buf, pid as u64);
        self.json_str("hostname", svc.host.as_bytes());
        self.json_fields();
        self.json_stack("stack");
        let msg = std::mem::take(&mut self.msg);
        self.json_str("msg", &msg);
        self.msg = msg;
        self.buf.push(b'}');
    }

    fn bunyan(&mut self, svc: &Service, pid: u32, level: Level) {
        self.buf.extend_from_slice(b"{\"name\":\"");
        self.buf.extend_from_slice(svc.name.as_bytes());
        self.buf.push(b'"');
        self.json_str("hostname", svc.host.as_bytes());
        self.buf.extend_from_slice(b",\"pid\":");
        push_u64(&mut self.buf, pid as u64);
        self.buf.extend_from_slice(b",\"level\":");
        self.buf
            .extend_from_slice(Format::Bunyan.level_name(level).as_bytes());
        self.json_fields();
        self.json_stack("stack");
        let msg = std::mem::take(&mut self.msg);
        self.json_str("msg", &msg);
        self.msg = msg;
        self.buf.extend_from_slice(b",\"time\":\"");
        self.clock.rfc3339(&mut self.buf, 3, false);
        self.buf.extend_from_slice(b"\",\"v\":0}");
    }

    fn ecs(&mut self, svc: &Service, level: Level, origin: &str) {
        self.buf.extend_from_slice(b"{\"@timestamp\":\"");
        self.clock.rfc3339(&mut self.buf, 3, false);
        self.buf.extend_from_slice(b"\",\"log.level\":\"");
        self.buf
            .extend_from_slice(Format::Ecs.level_name(level).as_bytes());
        self.buf.push(b'"');
        let msg = std::mem::take(&mut self.msg);
        self.json_str("message", &msg);
        self.msg = msg;
        self.buf.extend_from_slice(b",\"ecs.version\":\"1.2.0\"");
        self.json_str("service.name", svc.name.as_bytes());
        self.json_str("event.dataset", svc.name.as_bytes());
        self.buf.extend_from_slice(b",\"process.thread.name\":\"");
        Self::thread(&mut self.buf, &mut self.rng, svc.thread);
        self.buf.push(b'"');
        self.json_str("log.logger", origin.as_bytes());
        self.json_fields();
        if let Some((s, e)) = self.error_line {
            let line = self.trace[s..e].to_vec();
            let (ty, text) = match line.windows(2).position(|w| w == b": ") {
                Some(i) => (&line[..i], &line[i + 2..]),
                None => (&line[..], &b""[..]),
            };
            self.json_str("error.type", ty);
            self.json_str("error.message", text);
        }
        self.json_stack("error.stack_trace");
        self.buf.push(b'}');
    }

    fn logfmt(&mut self, svc: &Service, level: Level, origin: &str) {
        let b = &mut self.buf;
        b.extend_from_slice(b"ts=");
        self.clock.rfc3339(b, 6, false);
        if origin != svc.name {
            b.extend_from_slice(b" caller=");
            push_logfmt_value(b, origin.as_bytes());
        }
        b.extend_from_slice(b" level=");
        b.extend_from_slice(Format::Logfmt.level_name(level).as_bytes());
        b.extend_from_slice(b" msg=");
        push_logfmt_value(b, &self.msg);
        for &(k, s, e) in &self.fields {
            b.push(b' ');
            b.extend_from_slice(k.as_bytes());
            b.push(b'=');
            push_logfmt_value(b, &self.fvals[s..e]);
        }
        if !self.trace.is_empty() {
            let t = self.trace.len() - 1;
            b.extend_from_slice(b" stacktrace=");
            push_logfmt_value(b, &self.trace[..t]);
        }
    }

    /// nginx/Apache combined: `ip - user [time] "GET /x HTTP/1.1" 200 615 "ref" "ua"`.
    fn access_line(&mut self, level: Level, status: Option<u16>) {
        let status = status.unwrap_or_else(|| {
            let r = &mut self.rng;
            match level {
                Level::Warn => {
                    *r.pick(&[400, 401, 403, 404, 404, 404, 404, 405, 408, 413, 429, 499])
                }
                Level::Error | Level::Critical => *r.pick(&[500, 502, 502, 503, 504]),
                _ => *r.pick(&[
                    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 206, 301, 302,
                    304, 304,
                ]),
            }
        });
        let Writer {
            rng,
            clock,
            victim_pid,
            not_after,
            msg: m,
            access: p,
            ..
        } = self;
        let mut cx = VarCx {
            rng,
            clock,
            victim_pid: *victim_pid,
            not_after: *not_after,
        };
        p[0].expand(m, &mut cx);
        m.extend_from_slice(b" - ");
        if cx.rng.chance(30_000) {
            p[3].expand(m, &mut cx);
        } else {
            m.push(b'-');
        }
        m.extend_from_slice(b" [");
        cx.clock.clf(m);
        m.extend_from_slice(b"] \"");
        p[1].expand(m, &mut cx);
        m.extend_from_slice(if cx.rng.chance(300_000) {
            b" HTTP/2.0\" "
        } else {
            b" HTTP/1.1\" "
        });
        push_u64(m, status as u64);
        m.push(b' ');
        let bytes = match status {
            204 | 304 => 0,
            s if s >= 500 => 150 + cx.rng.below(400),
            _ => {
                let bits = 6 + cx.rng.below(14);
                cx.rng.below(1 << bits)
            }
        };
        push_u64(m, bytes);
        m.extend_from_slice(if cx.rng.chance(600_000) {
            b" \"-\" \""
        } else {
            b" \"https://shop.example.com/\" \""
        });
        p[2].expand(m, &mut cx);
        m.push(b'"');
    }

    fn java_trace(&mut self, chain: &[(Template, &'static [&'static str])]) {
        for (i, (head, frames)) in chain.iter().enumerate() {
            if i > 0 {
                self.trace.extend_from_slice(b"Caused by: ");
            }
            let mut cx = VarCx {
                rng: &mut self.rng,
                clock: &self.clock,
                victim_pid: self.victim_pid,
                not_after: self.not_after,
            };
            let hs = self.trace.len();
            head.expand(&mut self.trace, &mut cx);
            if i == 0 {
                self.error_line = Some((hs, self.trace.len()));
            }
            self.trace.push(b'\n');
            for f in *frames {
                self.trace.extend_from_slice(b"\tat ");
                self.trace.extend_from_slice(f.as_bytes());
                self.trace.push(b'\n');
            }
            if i > 0 {
                self.trace.extend_from_slice(b"\t... ");
                push_u64(&mut self.trace, self.rng.range(3, 60));
                self.trace.extend_from_slice(b" more\n");
            }
        }
    }

    fn python_trace(&mut self, chain: &[(&'static [PyFrame], Template)]) {
        for (i, (frames, exc)) in chain.iter().enumerate() {
            if i > 0 {
                self.trace.extend_from_slice(
                    b"\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
            self.trace
                .extend_from_slice(b"Traceback (most recent call last):\n");
            for (file, line, func, code) in *frames {
                self.trace.extend_from_slice(b"  File \"");
                self.trace.extend_from_slice(file.as_bytes());
                self.trace.extend_from_slice(b"\", line ");
                push_u64(&mut self.trace, *line as u64);
                self.trace.extend_from_slice(b", in ");
                self.trace.extend_from_slice(func.as_bytes());
                self.trace.extend_from_slice(b"\n    ");
                self.trace.extend_from_slice(code.as_bytes());
                self.trace.push(b'\n');
            }
            let mut cx = VarCx {
                rng: &mut self.rng,
                clock: &self.clock,
                victim_pid: self.victim_pid,
                not_after: self.not_after,
            };
            let s = self.trace.len();
            exc.expand(&mut self.trace, &mut cx);
            let first_nl = memchr(b'\n', &self.trace[s..]).map_or(self.trace.len(), |i| s + i);
            self.error_line = Some((s, first_nl));
            self.trace.push(b'\n');
        }
    }

    fn go_panic(&mut self, p: &GoPanic) {
        let t = &mut self.trace;
        let r = &mut self.rng;
        t.extend_from_slice(p.head.as_bytes());
        t.push(b'\n');
        if p.signal {
            t.extend_from_slice(b"[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x");
            super::emit::push_hex(t, r, 6);
            t.extend_from_slice(b"]\n");
        }
        t.extend_from_slice(b"\ngoroutine ");
        push_u64(t, r.range(1, 9999));
        t.extend_from_slice(b" [running]:\n");
        for (func, at) in p.frames {
            t.extend_from_slice(func.as_bytes());
            t.extend_from_slice(b"\n\t");
            t.extend_from_slice(at.as_bytes());
            t.extend_from_slice(b" +0x");
            super::emit::push_hex(t, r, 3);
            t.push(b'\n');
        }
        for _ in 0..r.range(1, 3) {
            t.extend_from_slice(b"\ngoroutine ");
            push_u64(t, r.range(1, 9999));
            const STATES: [&str; 4] = [
                " [IO wait]:\n",
                " [select]:\n",
                " [chan receive, 3 minutes]:\n",
                " [sync.Cond.Wait]:\n",
            ];
            t.extend_from_slice(STATES[r.below(4) as usize].as_bytes());
            t.extend_from_slice(b"internal/poll.runtime_pollWait(0x7f");
            super::emit::push_hex(t, r, 10);
            t.extend_from_slice(
                b", 0x72)\n\t/usr/local/go/src/runtime/netpoll.go:351 +0x85\ninternal/poll.(*FD).Accept(0xc000",
            );
            super::emit::push_hex(t, r, 6);
            t.extend_from_slice(b")\n\t/usr/local/go/src/internal/poll/fd_unix.go:620 +0x295\n");
        }
    }
}
