//! Incident scenarios: a causal chain written into the background at a chosen point.
//!
//! Each script has the shape of a real outage: a few warnings before (precursors, not the
//! cause), the cause itself (one or a few lines), its immediate aftermath (the unit dies, the
//! database restarts), then thousands of symptoms from other programs, interleaved with the
//! background, so that the cause is neither the last error nor the most frequent one. Every
//! line with the `Cause` role contains the scenario's [`Scenario::cause_text`]; the generator
//! reports their line numbers as ground truth.

use std::fmt;

use super::catalog::{
    entry as e, Body, Entry, JAVA_CERT_EXPIRED, JAVA_PG_RECOVERY, JAVA_PG_REFUSED,
    JAVA_UNKNOWN_HOST, PY_CERT_EXPIRED, PY_NAME_RESOLUTION, PY_NO_SPACE, PY_PG_RECOVERY,
    PY_PG_REFUSED,
};
use super::format::Kind;
use crate::record::Level;

const I: Level = Level::Info;
const W: Level = Level::Warn;
const E: Level = Level::Error;
const C: Level = Level::Critical;

/// An incident the generator can inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// The kernel OOM killer kills postgres; thousands of `connection refused` follow.
    Oom,
    /// The database volume fills: `No space left on device`, a PANIC, recovery mode, 5xx.
    DiskFull,
    /// The payments service's certificate expires: x509 errors, handshake failures, 502s.
    CertExpired,
    /// The cluster DNS loses its upstream resolver: lookup failures, then timeouts and 504s.
    DnsOutage,
}

impl Scenario {
    pub const ALL: &'static [Scenario] = &[
        Scenario::Oom,
        Scenario::DiskFull,
        Scenario::CertExpired,
        Scenario::DnsOutage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::Oom => "oom",
            Scenario::DiskFull => "disk-full",
            Scenario::CertExpired => "cert-expired",
            Scenario::DnsOutage => "dns-outage",
        }
    }

    pub fn from_name(name: &str) -> Option<Scenario> {
        Scenario::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// A literal found on every cause line (and on no background line).
    pub fn cause_text(self) -> &'static str {
        match self {
            Scenario::Oom => "Out of memory: Killed process",
            Scenario::DiskFull => "No space left on device",
            Scenario::CertExpired => "certificate has expired",
            Scenario::DnsOutage => "[ERROR] plugin/errors",
        }
    }

    /// The pattern id a ranker is expected to name for the cause (DESIGN §2.4 naming).
    pub fn cause_id(self) -> &'static str {
        match self {
            Scenario::Oom => "linux.oom-killer",
            Scenario::DiskFull => "disk.no-space",
            Scenario::CertExpired => "tls.certificate-expired",
            Scenario::DnsOutage => "dns.resolution-failure",
        }
    }

    pub(crate) fn script(self) -> &'static Script {
        match self {
            Scenario::Oom => &OOM,
            Scenario::DiskFull => &DISK_FULL,
            Scenario::CertExpired => &CERT_EXPIRED,
            Scenario::DnsOutage => &DNS_OUTAGE,
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a scenario line counts in the ground truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Part of the story but neither cause nor symptom (warnings before, restarts after).
    Context,
    Cause,
    Symptom,
}

#[derive(Debug)]
pub(crate) struct Step {
    pub service: &'static str,
    pub kind: Kind,
    pub role: Role,
    pub entry: Entry,
    /// Host override; empty = the program's own.
    pub host: &'static str,
}

const fn step(who: (&'static str, Kind), role: Role, entry: Entry) -> Step {
    Step {
        service: who.0,
        kind: who.1,
        role,
        entry,
        host: "",
    }
}

/// A step written by `who` on the database host.
const fn on_db(who: (&'static str, Kind), role: Role, entry: Entry) -> Step {
    Step {
        host: "db-1",
        ..step(who, role, entry)
    }
}

#[derive(Debug)]
pub(crate) struct Script {
    /// Written before the trigger point, spread over the preceding stretch.
    pub precursors: &'static [Step],
    /// Written at the trigger point, in order.
    pub cause: &'static [Step],
    /// Written right after the cause, in order.
    pub aftermath: &'static [Step],
    /// Drawn by weight, interleaved with the background, [`SYMPTOM_EVENTS`] times.
    pub symptoms: &'static [Step],
    /// The program whose pid `{vpid}` names.
    pub victim: (&'static str, Kind),
}

/// How many symptom events follow a cause: "thousands of connection refused".
pub(crate) const SYMPTOM_EVENTS: u32 = 4000;
/// Share of events that are symptoms while they last, per million.
pub(crate) const SYMPTOM_SHARE: u64 = 450_000;

const KERNEL: (&str, Kind) = ("kernel", Kind::System);
const SYSTEMD: (&str, Kind) = ("systemd", Kind::System);
const POSTGRES: (&str, Kind) = ("postgres", Kind::System);
const HAPROXY: (&str, Kind) = ("haproxy", Kind::System);
const COREDNS: (&str, Kind) = ("coredns", Kind::System);
const NGINX: (&str, Kind) = ("nginx", Kind::Access);
const NGINX_ERR: (&str, Kind) = ("nginx", Kind::WebError);
const GATEWAY: (&str, Kind) = ("api-gateway", Kind::Go);
const AUTH: (&str, Kind) = ("auth-service", Kind::Go);
const LEDGER: (&str, Kind) = ("ledger", Kind::Go);
const ORDERS: (&str, Kind) = ("orders", Kind::Java);
const FRONTEND: (&str, Kind) = ("frontend", Kind::Node);
const WORKER: (&str, Kind) = ("worker", Kind::Python);
const BILLING: (&str, Kind) = ("billing-api", Kind::Python);
const INGEST: (&str, Kind) = ("ingest", Kind::Rust);

use Role::{Cause, Context, Symptom};

static OOM: Script = Script {
    victim: POSTGRES,
    precursors: &[
        step(POSTGRES, Context, e(W, 1, "LOG:  could not fork autovacuum worker process: Cannot allocate memory")),
        step(KERNEL, Context, e(W, 1, "TCP: out of memory -- consider tuning tcp_mem")),
        step(POSTGRES, Context, e(E, 1, "ERROR:  out of memory\nDETAIL:  Failed on request of size 16777216 in memory context \"ExecutorState\".")),
    ],
    cause: &[
        step(KERNEL, Context, e(W, 1, "postgres invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0")),
        step(KERNEL, Cause, e(E, 1, "Out of memory: Killed process {vpid} (postgres) total-vm:85{n5}kB, anon-rss:79{n5}kB, file-rss:{n4}kB, shmem-rss:{n5}kB, UID:114 pgtables:{n5}kB oom_score_adj:0")),
    ],
    aftermath: &[
        step(KERNEL, Context, e(I, 1, "oom_reaper: reaped process {vpid} (postgres), now anon-rss:0kB, file-rss:0kB, shmem-rss:{n3}kB")),
        on_db(SYSTEMD, Context, e(W, 1, "postgresql@15-main.service: A process of this unit has been killed by the OOM killer.")),
        on_db(SYSTEMD, Context, e(E, 1, "postgresql@15-main.service: Main process exited, code=killed, status=9/KILL")),
        on_db(SYSTEMD, Context, e(W, 1, "postgresql@15-main.service: Failed with result 'oom-kill'.")),
        step(HAPROXY, Symptom, e(W, 1, "Server be_pg/db-1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms. 0 active and 1 backup servers left. Running on backup. {n2} sessions active, 0 requeued, 0 remaining in queue.")),
    ],
    symptoms: &[
        step(LEDGER, Symptom, e(E, 20, "failed to open transaction | err=\"dial tcp 10.0.3.7:5432: connect: connection refused\"")),
        step(AUTH, Symptom, e(E, 15, "failed to load session | error=\"dial tcp 10.0.3.7:5432: connect: connection refused\"")),
        step(ORDERS, Symptom, e(E, 12, "Failed to place order {n8}").at("com.example.orders.OrderService").with(Body::Java(JAVA_PG_REFUSED))),
        step(ORDERS, Symptom, e(W, 8, "HikariPool-1 - Connection is not available, request timed out after 30000ms (total=0, active=0, idle=0, waiting={n2})").at("com.zaxxer.hikari.pool.HikariPool")),
        step(BILLING, Symptom, e(E, 10, "Internal Server Error: /api/v1/invoices/{n6}").at("django.request").with(Body::Python(PY_PG_REFUSED))),
        step(WORKER, Symptom, e(E, 10, "Task app.tasks.sync_inventory[{uuid}] raised unexpected: OperationalError('connection to server at \"db-1.internal\" (10.0.3.7), port 5432 failed: Connection refused')").at("celery.app.trace")),
        step(NGINX_ERR, Symptom, e(E, 10, "*{n6} connect() failed (111: Connection refused) while connecting to upstream, client: {pubip}, server: api.example.com, request: \"POST /api/v1/orders HTTP/1.1\", upstream: \"http://10.0.2.{n2}:8080/api/v1/orders\", host: \"api.example.com\"")),
        step(NGINX, Symptom, e(E, 20, "").with(Body::AccessStatus(502))),
        step(NGINX, Symptom, e(E, 10, "").with(Body::AccessStatus(500))),
        step(GATEWAY, Symptom, e(E, 10, "request completed | method=POST path=/api/v1/orders status=502 duration={dur} request_id={hex16}")),
    ],
};

static DISK_FULL: Script = Script {
    victim: POSTGRES,
    precursors: &[
        step(INGEST, Context, e(W, 1, "WARN ingest::spool: spool volume /var/lib is 91% full (8.9 GiB free)")),
        step(INGEST, Context, e(W, 1, "WARN ingest::spool: spool volume /var/lib is 96% full (3.8 GiB free)")),
        step(INGEST, Context, e(W, 1, "WARN ingest::spool: spool volume /var/lib is 99% full (412 MiB free)")),
    ],
    cause: &[
        step(POSTGRES, Cause, e(E, 1, "ERROR:  could not extend file \"base/16384/{n5}\": No space left on device")),
        step(POSTGRES, Context, e(I, 1, "HINT:  Check free disk space.")),
        step(POSTGRES, Cause, e(C, 1, "PANIC:  could not write to file \"pg_wal/xlogtemp.{vpid}\": No space left on device")),
    ],
    aftermath: &[
        step(POSTGRES, Context, e(I, 1, "LOG:  server process (PID {vpid}) was terminated by signal 6: Aborted")),
        step(POSTGRES, Context, e(I, 1, "LOG:  terminating any other active server processes")),
        step(POSTGRES, Context, e(I, 1, "LOG:  all server processes terminated; reinitializing")),
        step(POSTGRES, Context, e(I, 1, "LOG:  database system was interrupted; last known up at {now}")),
        step(INGEST, Cause, e(E, 1, "ERROR ingest::spool: failed to persist batch {n6}: No space left on device (os error 28)")),
    ],
    symptoms: &[
        step(INGEST, Cause, e(E, 2, "ERROR ingest::spool: failed to persist batch {n6}: No space left on device (os error 28)")),
        step(WORKER, Cause, e(E, 1, "Task app.tasks.export_csv[{uuid}] raised unexpected: OSError(28, 'No space left on device')").at("celery.app.trace").with(Body::Python(PY_NO_SPACE))),
        step(POSTGRES, Symptom, e(E, 10, "FATAL:  the database system is in recovery mode")),
        step(ORDERS, Symptom, e(E, 12, "Failed to place order {n8}").at("com.example.orders.OrderService").with(Body::Java(JAVA_PG_RECOVERY))),
        step(LEDGER, Symptom, e(E, 15, "failed to open transaction | err=\"pq: the database system is in recovery mode\"")),
        step(AUTH, Symptom, e(E, 10, "failed to persist session | error=\"pq: the database system is in recovery mode\"")),
        step(BILLING, Symptom, e(E, 10, "Internal Server Error: /api/v1/invoices/{n6}/pay").at("django.request").with(Body::Python(PY_PG_RECOVERY))),
        step(NGINX, Symptom, e(E, 20, "").with(Body::AccessStatus(500))),
        step(NGINX, Symptom, e(E, 8, "").with(Body::AccessStatus(503))),
        step(GATEWAY, Symptom, e(E, 10, "request completed | method=POST path=/api/v1/invoices status=500 duration={dur} request_id={hex16}")),
    ],
};

static CERT_EXPIRED: Script = Script {
    victim: ("payments", Kind::Java),
    precursors: &[],
    cause: &[step(GATEWAY, Cause, e(E, 1, "upstream request failed | upstream=payments error=\"Post \\\"https://payments.internal:8443/v1/charges\\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time {now} is after {notafter}\""))],
    aftermath: &[],
    symptoms: &[
        step(GATEWAY, Cause, e(E, 3, "upstream request failed | upstream=payments error=\"Post \\\"https://payments.internal:8443/v1/charges\\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time {now} is after {notafter}\"")),
        step(NGINX_ERR, Cause, e(E, 2, "*{n6} upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, client: {pubip}, server: api.example.com, request: \"POST /api/v1/payments HTTP/1.1\", upstream: \"https://10.0.6.{n2}:8443/api/v1/payments\", host: \"api.example.com\"")),
        step(FRONTEND, Cause, e(E, 2, "request errored | req.method=POST req.url=/checkout res.statusCode=502 err.type=Error err.message=\"certificate has expired\" err.code=CERT_HAS_EXPIRED")),
        step(WORKER, Cause, e(E, 1, "Task app.tasks.capture_payment[{uuid}] raised unexpected: SSLError(MaxRetryError(\"HTTPSConnectionPool(host='payments.internal', port=8443): Max retries exceeded with url: /v1/charges (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))\"))").at("celery.app.trace").with(Body::Python(PY_CERT_EXPIRED))),
        step(ORDERS, Symptom, e(E, 12, "Payment failed for order {n8}").at("com.example.orders.OrderService").with(Body::Java(JAVA_CERT_EXPIRED))),
        step(NGINX_ERR, Symptom, e(E, 8, "*{n6} SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed) while SSL handshaking to upstream, client: {pubip}, server: api.example.com, request: \"POST /api/v1/payments HTTP/1.1\", upstream: \"https://10.0.6.{n2}:8443/api/v1/payments\", host: \"api.example.com\"")),
        step(NGINX, Symptom, e(E, 25, "").with(Body::AccessStatus(502))),
        step(GATEWAY, Symptom, e(E, 15, "request completed | method=POST path=/api/v1/payments status=502 duration={dur} request_id={hex16}")),
        step(GATEWAY, Symptom, e(E, 3, "circuit breaker opened | upstream=payments failures=5")),
        step(BILLING, Symptom, e(E, 10, "Payment capture failed for invoice INV-{n6}: upstream returned 502 Bad Gateway").at("billing.services")),
        step(LEDGER, Symptom, e(W, 5, "retrying transaction | attempt={n1} err=\"payments: 502 Bad Gateway\"")),
    ],
};

static DNS_OUTAGE: Script = Script {
    victim: ("coredns", Kind::System),
    precursors: &[step(COREDNS, Context, e(W, 1, "[WARNING] plugin/health: Local health request to \"http://:8080/health\" took more than 1s: {dur}"))],
    cause: &[step(COREDNS, Cause, e(E, 1, "[ERROR] plugin/errors: 2 db-1.internal. A: read udp 10.244.1.7:{port}->10.0.0.2:53: i/o timeout"))],
    aftermath: &[step(COREDNS, Cause, e(E, 1, "[ERROR] plugin/errors: 2 payments.internal. AAAA: read udp 10.244.1.7:{port}->10.0.0.2:53: i/o timeout"))],
    symptoms: &[
        step(COREDNS, Cause, e(E, 5, "[ERROR] plugin/errors: 2 {fqdn}. A: read udp 10.244.1.7:{port}->10.0.0.2:53: i/o timeout")),
        step(GATEWAY, Symptom, e(E, 10, "upstream request failed | upstream=orders error=\"dial tcp: lookup orders.internal on 10.96.0.10:53: read udp {ip}:{port}->10.96.0.10:53: i/o timeout\"")),
        step(LEDGER, Symptom, e(E, 8, "failed to open transaction | err=\"dial tcp: lookup db-1.internal on 10.96.0.10:53: server misbehaving\"")),
        step(ORDERS, Symptom, e(E, 8, "Failed to reserve stock for order {n8}").at("com.example.orders.OrderService").with(Body::Java(JAVA_UNKNOWN_HOST))),
        step(BILLING, Symptom, e(E, 8, "Internal Server Error: /api/v1/invoices/{n6}/pay").at("django.request").with(Body::Python(PY_NAME_RESOLUTION))),
        step(FRONTEND, Symptom, e(E, 8, "request errored | req.method=GET req.url={url} res.statusCode=500 err.type=Error err.message=\"getaddrinfo EAI_AGAIN api.internal\" err.code=EAI_AGAIN")),
        step(NGINX_ERR, Symptom, e(E, 10, "*{n6} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {pubip}, server: api.example.com, request: \"GET {url} HTTP/1.1\", upstream: \"http://10.0.2.{n2}:8080{url}\", host: \"api.example.com\"")),
        step(GATEWAY, Symptom, e(E, 10, "upstream request failed | upstream=payments error=\"context deadline exceeded\"")),
        step(GATEWAY, Symptom, e(E, 10, "request completed | method={method} path={url} status=504 duration=30.00{n1}s request_id={hex16}")),
        step(NGINX, Symptom, e(E, 20, "").with(Body::AccessStatus(504))),
    ],
};
