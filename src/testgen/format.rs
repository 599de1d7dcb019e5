//! The layouts the generator writes, and which programs may appear in each.

use std::fmt;

use crate::record::Level;

/// One line layout. `name()` is what `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 3164 as rsyslog writes files: `Nov  4 12:00:00 host sshd[812]: msg` (space-padded day).
    Syslog,
    /// `journalctl` short output: zero-padded day; a multi-line message continues indented.
    Journal,
    /// RFC 5424: `<PRI>1 2026-11-26T12:00:00.123456+00:00 host app pid - [sd] msg`.
    Rfc5424,
    /// zap production JSON: `level`, `ts` (epoch float), `caller`, `msg`.
    Zap,
    /// logrus `JSONFormatter`: keys sorted, `level` `warning`, `time` RFC 3339.
    Logrus,
    /// pino: numeric `level` (30 info, 50 error), `time` in epoch milliseconds, `msg` last.
    Pino,
    /// bunyan: numeric `level`, ISO `time`, `v: 0`.
    Bunyan,
    /// Elastic Common Schema: `@timestamp`, `log.level`, `message`, flat dotted keys.
    Ecs,
    /// logfmt as Go services print it: `ts=… caller=… level=info msg="…" k=v`.
    Logfmt,
    /// nginx/Apache "combined" access log.
    Access,
    /// nginx error log: `2026/11/26 12:00:00 [error] 812#812: *1 …`.
    NginxError,
    /// klog (Kubernetes): `I1126 12:00:00.123456   28133 file.go:70] msg`.
    Klog,
    /// log4j2 pattern `%d{yyyy-MM-dd HH:mm:ss,SSS} %-5level [%t] %logger - %msg`, with Java stack traces.
    Log4j,
    /// Spring Boot 3 console (logback): `2026-…T12:00:00.123Z  INFO 4521 --- [app] [thread] logger : msg`.
    Spring,
    /// Python `logging`: `2026-11-26 12:00:00,123 - name - LEVEL - msg`, with tracebacks.
    Python,
    /// GitHub Actions raw job log: every line prefixed by a 7-digit-fraction UTC timestamp.
    Gha,
}

/// What kind of program wrote a message; decides which layouts it can appear in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Daemons whose messages carry their own wording of severity (kernel, sshd, postgres).
    System,
    /// Kubernetes components: in a syslog-family file their lines keep the klog header.
    Kube,
    Go,
    Java,
    Node,
    Python,
    /// Rust services print their own `LEVEL target:` prefix (tracing's fmt layer).
    Rust,
    Access,
    WebError,
    Ci,
}

impl Format {
    /// Every layout, in the order `--format` lists them.
    pub const ALL: &'static [Format] = &[
        Format::Syslog,
        Format::Journal,
        Format::Rfc5424,
        Format::Zap,
        Format::Logrus,
        Format::Pino,
        Format::Bunyan,
        Format::Ecs,
        Format::Logfmt,
        Format::Access,
        Format::NginxError,
        Format::Klog,
        Format::Log4j,
        Format::Spring,
        Format::Python,
        Format::Gha,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Syslog => "syslog",
            Format::Journal => "journal",
            Format::Rfc5424 => "rfc5424",
            Format::Zap => "zap",
            Format::Logrus => "logrus",
            Format::Pino => "pino",
            Format::Bunyan => "bunyan",
            Format::Ecs => "ecs",
            Format::Logfmt => "logfmt",
            Format::Access => "access",
            Format::NginxError => "nginx-error",
            Format::Klog => "klog",
            Format::Log4j => "log4j",
            Format::Spring => "spring",
            Format::Python => "python",
            Format::Gha => "gha",
        }
    }

    /// Accepts `name()` and a few common spellings (`json` is zap, `apache` is access ...).
    pub fn from_name(name: &str) -> Option<Format> {
        let alias = match name {
            "rfc3164" => Format::Syslog,
            "journalctl" => Format::Journal,
            "json" => Format::Zap,
            "nginx-access" | "apache" | "combined" => Format::Access,
            "logback" => Format::Spring,
            "github-actions" => Format::Gha,
            _ => return Format::ALL.iter().copied().find(|f| f.name() == name),
        };
        Some(alias)
    }

    /// Whether a program of `kind` writes this layout in a single-format file.
    pub(crate) fn accepts(self, kind: Kind) -> bool {
        use Kind::*;
        match self {
            Format::Syslog | Format::Journal | Format::Rfc5424 => {
                !matches!(kind, Access | WebError | Ci)
            }
            Format::Zap | Format::Logrus => kind == Go,
            Format::Logfmt => matches!(kind, Go),
            Format::Pino | Format::Bunyan => kind == Node,
            Format::Ecs => matches!(kind, Java | Go | Node | Python),
            Format::Log4j | Format::Spring => kind == Java,
            Format::Python => kind == Python,
            Format::Klog => kind == Kube,
            Format::Access => kind == Access,
            Format::NginxError => kind == WebError,
            Format::Gha => kind == Ci,
        }
    }

    /// Whether an incident (messages from many programs) can be written in this layout.
    pub fn carries_incidents(self) -> bool {
        !matches!(self, Format::Access | Format::NginxError)
    }

    /// The level as this layout spells it.
    pub(crate) fn level_name(self, level: Level) -> &'static str {
        use Level::*;
        match self {
            Format::Zap => match level {
                Trace | Debug => "debug",
                Info | Notice => "info",
                Warn => "warn",
                Error => "error",
                Critical => "fatal",
            },
            Format::Logrus => match level {
                Trace => "trace",
                Debug => "debug",
                Info | Notice => "info",
                Warn => "warning",
                Error => "error",
                Critical => "fatal",
            },
            Format::Logfmt => match level {
                Trace | Debug => "debug",
                Info | Notice => "info",
                Warn => "warn",
                Error | Critical => "error",
            },
            Format::Pino | Format::Bunyan => match level {
                Trace => "10",
                Debug => "20",
                Info | Notice => "30",
                Warn => "40",
                Error => "50",
                Critical => "60",
            },
            Format::Klog => match level {
                Trace | Debug | Info | Notice => "I",
                Warn => "W",
                Error => "E",
                Critical => "F",
            },
            Format::Python => match level {
                Trace | Debug => "DEBUG",
                Info | Notice => "INFO",
                Warn => "WARNING",
                Error => "ERROR",
                Critical => "CRITICAL",
            },
            Format::NginxError => match level {
                Trace | Debug => "debug",
                Info => "info",
                Notice => "notice",
                Warn => "warn",
                Error => "error",
                Critical => "crit",
            },
            // log4j, logback, ECS (as ecs-logging-java writes it) and plain-text prefixes.
            _ => match level {
                Trace => "TRACE",
                Debug => "DEBUG",
                Info | Notice => "INFO",
                Warn => "WARN",
                Error => "ERROR",
                Critical => "FATAL",
            },
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// RFC 5424 severity of a level.
pub(crate) fn syslog_severity(level: Level) -> u8 {
    match level {
        Level::Critical => 2,
        Level::Error => 3,
        Level::Warn => 4,
        Level::Notice => 5,
        Level::Info => 6,
        Level::Debug | Level::Trace => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert_eq!(Format::from_name("json"), Some(Format::Zap));
        assert_eq!(Format::from_name("nope"), None);
    }
}
