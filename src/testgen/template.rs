//! Message templates: literal text with `{var}` holes, compiled once, expanded per line.
//!
//! A catalogue entry is written as it appears in real logs, with the variable parts named:
//! `"Accepted publickey for {user} from {pubip} port {port} ssh2"`. Structured loggers also get
//! fields after ` | `: `"request completed | method={method} status={s2xx} duration={dur}"`;
//! a field value is a template too and may be quoted (`err="dial tcp {ip}:5432: ..."`, with `\"`
//! for a quote inside). Each layout decides how fields are shown (JSON members, logfmt pairs,
//! RFC 5424 structured data, or ` key=value` after the message). `{{` and `}}` are literal
//! braces.
//!
//! Compilation panics on an unknown variable: the catalogue is static data, and a unit test
//! compiles all of it.

use super::emit::{push_alnum, push_hex, push_padded, push_random_digits, push_u64, Clock};
use super::rng::Rng;

/// A variable part of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Var {
    /// `n1` .. `n10`: an integer with exactly that many digits (`n1` is 1..=9).
    Digits(u8),
    /// `hexN`: N lowercase hex digits.
    Hex(u8),
    /// `bN`: N lowercase base-36 characters (pod suffixes, short ids).
    Base36(u8),
    Ip,
    PubIp,
    Port,
    Pid,
    /// The pid of the process an incident happens to (OOM victim, crashed database).
    VictimPid,
    User,
    Email,
    Uuid,
    Method,
    Url,
    /// A Go-style duration: `850µs`, `12.345ms`, `1.204s`.
    Dur,
    /// Whole milliseconds, 1..2000.
    Ms,
    /// Seconds with three decimals.
    Secs,
    Pct,
    Money,
    Table,
    Fqdn,
    Upstream,
    Pod,
    Namespace,
    Node,
    Vhost,
    Version,
    Crate,
    Word,
    TestName,
    UserAgent,
    /// The 43-character base64 of an SSH key fingerprint.
    B64,
    /// The current time as RFC 3339 seconds (`2026-11-26T12:03:01Z`).
    Now,
    /// A certificate's expiry: the last full minute before the incident started.
    NotAfter,
    /// HAProxy's accept date.
    HaDate,
    Epoch,
    EpochMs,
    Ulid,
    S2xx,
    S4xx,
    S5xx,
    Unit,
    Path,
}

impl Var {
    fn from_name(name: &str) -> Option<Var> {
        let numbered = |prefix: &str| -> Option<u8> {
            name.strip_prefix(prefix)
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|&n| (1..=64).contains(&n))
        };
        if let Some(n) = numbered("n").filter(|&n| n <= 10) {
            return Some(Var::Digits(n));
        }
        if let Some(n) = numbered("hex") {
            return Some(Var::Hex(n));
        }
        if let Some(n) = numbered("b") {
            return Some(Var::Base36(n));
        }
        Some(match name {
            "ip" => Var::Ip,
            "pubip" => Var::PubIp,
            "port" => Var::Port,
            "pid" => Var::Pid,
            "vpid" => Var::VictimPid,
            "user" => Var::User,
            "email" => Var::Email,
            "uuid" => Var::Uuid,
            "method" => Var::Method,
            "url" => Var::Url,
            "dur" => Var::Dur,
            "ms" => Var::Ms,
            "secs" => Var::Secs,
            "pct" => Var::Pct,
            "money" => Var::Money,
            "table" => Var::Table,
            "fqdn" => Var::Fqdn,
            "upstream" => Var::Upstream,
            "pod" => Var::Pod,
            "ns" => Var::Namespace,
            "node" => Var::Node,
            "vhost" => Var::Vhost,
            "ver" => Var::Version,
            "crate" => Var::Crate,
            "word" => Var::Word,
            "testname" => Var::TestName,
            "ua" => Var::UserAgent,
            "b64" => Var::B64,
            "now" => Var::Now,
            "notafter" => Var::NotAfter,
            "hadate" => Var::HaDate,
            "epoch" => Var::Epoch,
            "epochms" => Var::EpochMs,
            "ulid" => Var::Ulid,
            "s2xx" => Var::S2xx,
            "s4xx" => Var::S4xx,
            "s5xx" => Var::S5xx,
            "unit" => Var::Unit,
            "path" => Var::Path,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
enum Seg {
    Lit(Box<[u8]>),
    Var(Var),
}

/// A compiled template.
#[derive(Debug, Clone, Default)]
pub(crate) struct Template {
    segs: Vec<Seg>,
}

/// A message and its structured fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct Message {
    pub text: Template,
    pub fields: Vec<(&'static str, Template)>,
}

impl Template {
    pub(crate) fn compile(src: &str) -> Template {
        let mut segs = Vec::new();
        let mut lit = Vec::new();
        let mut rest = src;
        let push_lit = |lit: &mut Vec<u8>, text: &str| {
            lit.extend_from_slice(text.replace("}}", "}").as_bytes());
        };
        while let Some(i) = rest.find('{') {
            push_lit(&mut lit, &rest[..i]);
            rest = &rest[i + 1..];
            if let Some(r) = rest.strip_prefix('{') {
                lit.push(b'{');
                rest = r;
                continue;
            }
            let end = rest
                .find('}')
                .unwrap_or_else(|| panic!("unclosed {{ in template {src:?}"));
            let var = Var::from_name(&rest[..end])
                .unwrap_or_else(|| panic!("unknown variable {{{}}} in {src:?}", &rest[..end]));
            if !lit.is_empty() {
                segs.push(Seg::Lit(std::mem::take(&mut lit).into_boxed_slice()));
            }
            segs.push(Seg::Var(var));
            rest = &rest[end + 1..];
        }
        push_lit(&mut lit, rest);
        if !lit.is_empty() {
            segs.push(Seg::Lit(lit.into_boxed_slice()));
        }
        Template { segs }
    }

    pub(crate) fn expand(&self, out: &mut Vec<u8>, cx: &mut VarCx<'_>) {
        for seg in &self.segs {
            match seg {
                Seg::Lit(b) => out.extend_from_slice(b),
                Seg::Var(v) => cx.push(out, *v),
            }
        }
    }
}

impl Message {
    /// Splits `"text | k=v k2=\"quoted value\""` into the message and its fields.
    pub(crate) fn compile(src: &'static str) -> Message {
        let Some((text, fields_src)) = src.split_once(" | ") else {
            return Message {
                text: Template::compile(src),
                fields: Vec::new(),
            };
        };
        let mut fields = Vec::new();
        let mut rest = fields_src.trim_start();
        while !rest.is_empty() {
            let eq = rest
                .find('=')
                .unwrap_or_else(|| panic!("field without '=' in {src:?}"));
            let key = &rest[..eq];
            rest = &rest[eq + 1..];
            let value = if let Some(q) = rest.strip_prefix('"') {
                // A quoted value ends at the first quote that is not escaped.
                let bytes = q.as_bytes();
                let mut i = 0;
                let mut value = String::new();
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'"') {
                        value.push('"');
                        i += 2;
                    } else {
                        let ch = q[i..].chars().next().expect("inside the string");
                        value.push(ch);
                        i += ch.len_utf8();
                    }
                }
                assert!(i < bytes.len(), "unclosed quote in {src:?}");
                rest = q[i + 1..].trim_start();
                value
            } else {
                let end = rest.find(' ').unwrap_or(rest.len());
                let v = rest[..end].to_string();
                rest = rest[end..].trim_start();
                v
            };
            fields.push((key, Template::compile(&value)));
        }
        Message {
            text: Template::compile(text),
            fields,
        }
    }
}

/// What variables may read besides the random stream.
pub(crate) struct VarCx<'a> {
    pub rng: &'a mut Rng,
    pub clock: &'a Clock,
    pub victim_pid: u32,
    /// Unix seconds of a certificate expiry, fixed when an incident starts.
    pub not_after: i64,
}

const USERS: &[&str] = &[
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank",
    "grace",
    "heidi",
    "ivan",
    "judy",
    "mallory",
    "oscar",
    "peggy",
    "trent",
    "victor",
    "walter",
    "deploy",
    "ubuntu",
    "admin",
    "postgres",
    "www-data",
    "jenkins",
    "git",
    "backup",
    "svc-reports",
    "ci-runner",
    "ops",
    "ansible",
];
const METHODS: &[(&str, u32)] = &[
    ("GET", 70),
    ("POST", 18),
    ("PUT", 5),
    ("DELETE", 3),
    ("PATCH", 3),
    ("HEAD", 1),
];
const ROUTES: &[&str] = &[
    "/api/v1/orders/",
    "/api/v1/orders?page=",
    "/api/v1/customers/",
    "/api/v1/invoices/",
    "/api/v1/stock/SKU-",
    "/api/v2/search?q=shoes&page=",
    "/api/v1/payments/",
    "/api/v1/sessions/",
    "/static/js/main.",
    "/images/products/",
    "/healthz",
    "/metrics",
    "/",
    "/login",
    "/cart",
    "/checkout",
    "/favicon.ico",
    "/wp-login.php",
];
const TABLES: &[&str] = &[
    "orders",
    "order_items",
    "customers",
    "invoices",
    "payments",
    "sessions",
    "stock_levels",
    "audit_log",
    "shipments",
    "refunds",
];
const FQDNS: &[&str] = &[
    "db-1.internal",
    "orders.internal",
    "payments.internal",
    "redis-1.internal",
    "kafka-0.kafka.svc.cluster.local",
    "api.internal",
    "auth.internal",
    "inventory.default.svc.cluster.local",
    "smtp.sendgrid.net",
    "api.stripe.com",
];
const UPSTREAMS: &[&str] = &[
    "orders",
    "inventory",
    "payments",
    "auth",
    "search",
    "billing",
    "notifications",
];
const NAMESPACES: &[&str] = &["default", "shop", "payments", "kube-system", "monitoring"];
const POD_APPS: &[&str] = &[
    "orders",
    "inventory",
    "payments",
    "frontend",
    "worker",
    "api-gateway",
    "coredns",
    "billing-api",
];
const NODES: &[&str] = &[
    "ip-10-0-1-17.ec2.internal",
    "ip-10-0-2-41.ec2.internal",
    "ip-10-0-3-88.ec2.internal",
    "node-pool-a-7f3k",
    "node-pool-b-x91c",
];
const VHOSTS: &[&str] = &["api.example.com", "shop.example.com", "static.example.com"];
const CRATES: &[&str] = &[
    "serde",
    "tokio",
    "regex",
    "memchr",
    "libc",
    "syn",
    "quote",
    "proc-macro2",
    "clap",
    "anyhow",
    "rayon",
    "hashbrown",
    "bytes",
    "tracing",
    "hyper",
];
const WORDS: &[&str] = &[
    "config", "buffer", "retry", "offset", "cursor", "handler", "session", "payload", "index",
    "result", "token", "cache", "request", "response", "worker",
];
const TESTS: &[&str] = &[
    "tests::parse_empty_input",
    "tests::roundtrip_json",
    "record::tests::syslog_header",
    "event::tests::joins_java_trace",
    "cli::tests::exit_codes",
    "tests::chunk_boundaries_are_stable",
];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "curl/8.5.0",
    "kube-probe/1.31",
    "Prometheus/2.55.1",
    "python-requests/2.32.3",
    "Go-http-client/1.1",
    "okhttp/4.12.0",
];
const UNITS: &[&str] = &[
    "nginx.service",
    "postgresql@15-main.service",
    "redis-server.service",
    "docker.service",
    "kubelet.service",
    "ingest.service",
    "node-exporter.service",
];
const PATHS: &[&str] = &[
    "/var/lib/app/queue/segment-",
    "/srv/uploads/tmp/upload-",
    "/var/cache/app/thumbs/",
    "/var/lib/ingest/spool/batch-",
    "/tmp/report-",
];
const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B36: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn push(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

fn pick(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len() as u64) as usize]
}

fn pick_weighted<'a>(rng: &mut Rng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut x = rng.below(total as u64) as u32;
    for (s, w) in items {
        if x < *w {
            return s;
        }
        x -= w;
    }
    items[0].0
}

impl VarCx<'_> {
    fn push(&mut self, out: &mut Vec<u8>, var: Var) {
        let rng = &mut *self.rng;
        match var {
            Var::Digits(n) => push_random_digits(out, rng, n as usize),
            Var::Hex(n) => push_hex(out, rng, n as usize),
            Var::Base36(n) => push_alnum(out, rng, n as usize, B36),
            Var::Ip => {
                // Private addresses, mostly the 10/8 service network, like a VPC.
                let v = rng.next_u64();
                match v % 8 {
                    0 => {
                        push(out, "192.168.");
                        push_u64(out, (v >> 8) % 4);
                    }
                    1 => {
                        push(out, "172.");
                        push_u64(out, 16 + (v >> 8) % 16);
                        out.push(b'.');
                        push_u64(out, (v >> 16) % 256);
                    }
                    _ => {
                        push(out, "10.");
                        push_u64(out, (v >> 8) % 4);
                        out.push(b'.');
                        push_u64(out, (v >> 16) % 16);
                    }
                }
                out.push(b'.');
                push_u64(out, 1 + (v >> 24) % 254);
            }
            Var::PubIp => {
                // Documentation ranges first (RFC 5737), then plausible public ones.
                let v = rng.next_u64();
                let first = [203u64, 198, 192, 45, 81, 104, 185, 91][(v % 8) as usize];
                push_u64(out, first);
                out.push(b'.');
                push_u64(out, (v >> 8) % 256);
                out.push(b'.');
                push_u64(out, (v >> 16) % 256);
                out.push(b'.');
                push_u64(out, 1 + (v >> 24) % 254);
            }
            Var::Port => push_u64(out, rng.range(32768, 60999)),
            Var::Pid => push_u64(out, rng.range(300, 65000)),
            Var::VictimPid => push_u64(out, self.victim_pid as u64),
            Var::User => push(out, pick(rng, USERS)),
            Var::Email => {
                push(out, pick(rng, USERS));
                out.push(b'.');
                push_alnum(out, rng, 4, B36);
                push(out, "@example.org");
            }
            Var::Uuid => {
                push_hex(out, rng, 8);
                out.push(b'-');
                push_hex(out, rng, 4);
                push(out, "-4");
                push_hex(out, rng, 3);
                out.push(b'-');
                out.push(*rng.pick(b"89ab"));
                push_hex(out, rng, 3);
                out.push(b'-');
                push_hex(out, rng, 12);
            }
            Var::Method => push(out, pick_weighted(rng, METHODS)),
            Var::Url => {
                let r = rng.pick(ROUTES);
                push(out, r);
                if r.ends_with('/') && r.len() > 1 || r.ends_with('=') || r.ends_with('-') {
                    push_u64(out, rng.range(1, 999_999));
                } else if r.ends_with('.') {
                    push_hex(out, rng, 8);
                    push(out, ".js");
                }
            }
            Var::Dur => {
                // Log-uniform from 50µs to ~5s, printed like Go's time.Duration.String().
                let us = 50u64 << rng.below(17);
                let us = us + rng.below(us);
                if us < 1000 {
                    push_u64(out, us);
                    push(out, "µs");
                } else if us < 1_000_000 {
                    push_u64(out, us / 1000);
                    out.push(b'.');
                    push_padded(out, us % 1000, 3, b'0');
                    push(out, "ms");
                } else {
                    push_u64(out, us / 1_000_000);
                    out.push(b'.');
                    push_padded(out, us % 1_000_000 / 1000, 3, b'0');
                    push(out, "s");
                }
            }
            Var::Ms => push_u64(out, 1 + (1u64 << rng.below(11)) + rng.below(64)),
            Var::Secs => {
                let ms = (1u64 << rng.below(14)) + rng.below(100);
                push_u64(out, ms / 1000);
                out.push(b'.');
                push_padded(out, ms % 1000, 3, b'0');
            }
            Var::Pct => {
                push_u64(out, rng.below(100));
                out.push(b'.');
                push_u64(out, rng.below(10));
            }
            Var::Money => {
                push_u64(out, rng.range(1, 2500));
                out.push(b'.');
                push_padded(out, rng.below(100), 2, b'0');
            }
            Var::Table => push(out, pick(rng, TABLES)),
            Var::Fqdn => push(out, pick(rng, FQDNS)),
            Var::Upstream => push(out, pick(rng, UPSTREAMS)),
            Var::Pod => {
                push(out, pick(rng, POD_APPS));
                out.push(b'-');
                push_hex(out, rng, 9);
                out.push(b'-');
                push_alnum(out, rng, 5, B36);
            }
            Var::Namespace => push(out, pick(rng, NAMESPACES)),
            Var::Node => push(out, pick(rng, NODES)),
            Var::Vhost => push(out, pick(rng, VHOSTS)),
            Var::Version => {
                push_u64(out, rng.below(3));
                out.push(b'.');
                push_u64(out, rng.below(40));
                out.push(b'.');
                push_u64(out, rng.below(20));
            }
            Var::Crate => push(out, pick(rng, CRATES)),
            Var::Word => push(out, pick(rng, WORDS)),
            Var::TestName => push(out, pick(rng, TESTS)),
            Var::UserAgent => push(out, pick(rng, AGENTS)),
            Var::B64 => push_alnum(out, rng, 43, B64),
            Var::Now => self.clock.rfc3339(out, 0, false),
            Var::NotAfter => {
                Clock::new(self.not_after * 1_000_000).rfc3339(out, 0, false);
            }
            Var::HaDate => self.clock.haproxy(out),
            Var::Epoch => push_u64(out, self.clock.secs() as u64),
            Var::EpochMs => push_u64(out, (self.clock.unix_micros() / 1000) as u64),
            Var::Ulid => push_alnum(out, rng, 26, CROCKFORD),
            Var::S2xx => push_u64(out, *rng.pick(&[200, 200, 200, 200, 201, 204, 304])),
            Var::S4xx => push_u64(out, *rng.pick(&[400, 401, 403, 404, 404, 404, 409, 429])),
            Var::S5xx => push_u64(out, *rng.pick(&[500, 500, 502, 503, 504])),
            Var::Unit => push(out, pick(rng, UNITS)),
            Var::Path => {
                push(out, pick(rng, PATHS));
                push_padded(out, rng.below(100_000), 5, b'0');
                push(out, ".dat");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(src: &'static str, seed: u64) -> (String, Vec<(String, String)>) {
        let m = Message::compile(src);
        let mut rng = Rng::new(seed);
        let clock = Clock::new(1_793_783_107_123_456);
        let mut cx = VarCx {
            rng: &mut rng,
            clock: &clock,
            victim_pid: 812,
            not_after: 1_793_783_100,
        };
        let mut out = Vec::new();
        m.text.expand(&mut out, &mut cx);
        let fields = m
            .fields
            .iter()
            .map(|(k, t)| {
                let mut v = Vec::new();
                t.expand(&mut v, &mut cx);
                (k.to_string(), String::from_utf8(v).unwrap())
            })
            .collect();
        (String::from_utf8(out).unwrap(), fields)
    }

    #[test]
    fn literals_and_escaped_braces() {
        assert_eq!(expand("a {{b}} c", 1).0, "a {b} c");
        assert_eq!(expand("x={{}}", 1).0, "x={}");
        assert_eq!(
            expand("pid {vpid} at {now}", 1).0,
            "pid 812 at 2026-11-04T09:05:07Z"
        );
        assert_eq!(expand("{notafter}", 1).0, "2026-11-04T09:05:00Z");
    }

    #[test]
    fn fields_split_and_unquote() {
        let (text, fields) = expand(
            r#"upstream failed | upstream=orders err="Post \"https://x\": boom" n={n3}"#,
            1,
        );
        assert_eq!(text, "upstream failed");
        assert_eq!(fields[0], ("upstream".into(), "orders".into()));
        assert_eq!(
            fields[1],
            ("err".into(), r#"Post "https://x": boom"#.into())
        );
        assert_eq!(fields[2].1.len(), 3);
    }

    #[test]
    fn variables_have_their_shape() {
        for seed in 0..200 {
            let (s, _) = expand("{uuid}", seed);
            assert_eq!(s.len(), 36, "{s}");
            let (s, _) = expand("{n4}", seed);
            assert_eq!(s.len(), 4);
            let (s, _) = expand("{ip}", seed);
            assert_eq!(s.split('.').count(), 4, "{s}");
            assert!(s.parse::<std::net::Ipv4Addr>().is_ok(), "{s}");
            let (s, _) = expand("{pubip}", seed);
            assert!(s.parse::<std::net::Ipv4Addr>().is_ok(), "{s}");
        }
    }

    #[test]
    #[should_panic(expected = "unknown variable")]
    fn unknown_variable_panics() {
        Template::compile("{nope}");
    }
}
