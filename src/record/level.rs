//! Normalised log levels.

/// A level, normalised from names, syslog priorities, numeric scales and klog letters.
/// The order is by gravity: `Critical` is the gravest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Trace,
    Debug,
    Info,
    Notice,
    Warn,
    Error,
    /// fatal, critical, alert, emergency, panic.
    Critical,
}

impl Level {
    pub const ALL: [Level; 7] = [
        Level::Trace,
        Level::Debug,
        Level::Info,
        Level::Notice,
        Level::Warn,
        Level::Error,
        Level::Critical,
    ];

    /// The name reports use (`by_level` keys of the JSON report).
    pub fn name(self) -> &'static str {
        match self {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Notice => "notice",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Critical => "critical",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Warnings and worse: what the report's problem tables are about.
    pub fn is_problem(self) -> bool {
        self >= Level::Warn
    }

    /// syslog priority 0 (emerg) … 7 (debug).
    pub fn from_syslog_priority(p: u8) -> Option<Level> {
        Some(match p {
            0..=2 => Level::Critical,
            3 => Level::Error,
            4 => Level::Warn,
            5 => Level::Notice,
            6 => Level::Info,
            7 => Level::Debug,
            _ => return None,
        })
    }

    /// A level name in any usual spelling and case (`WARN`, `warning`, `E`, `fatal`, ...).
    pub fn from_name(name: &[u8]) -> Option<Level> {
        // The longest name below is `informational`.
        if name.is_empty() || name.len() > 13 {
            return None;
        }
        let mut buf = [0u8; 13];
        let lower = &mut buf[..name.len()];
        lower.copy_from_slice(name);
        lower.make_ascii_lowercase();
        Some(match &*lower {
            b"trace" | b"trc" | b"finest" | b"finer" | b"verbose" | b"v" | b"t" => Level::Trace,
            b"debug" | b"dbg" | b"fine" | b"d" => Level::Debug,
            b"info" | b"inf" | b"information" | b"informational" | b"i" | b"config" => Level::Info,
            b"notice" | b"note" | b"n" => Level::Notice,
            b"warn" | b"warning" | b"wrn" | b"w" => Level::Warn,
            b"error" | b"err" | b"e" | b"severe" | b"fail" | b"failure" => Level::Error,
            b"fatal" | b"critical" | b"crit" | b"alert" | b"emerg" | b"emergency" | b"panic"
            | b"dpanic" | b"f" | b"c" | b"a" => Level::Critical,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_case() {
        assert_eq!(Level::from_name(b"WARNING"), Some(Level::Warn));
        assert_eq!(Level::from_name(b"Err"), Some(Level::Error));
        assert_eq!(Level::from_name(b"FATAL"), Some(Level::Critical));
        assert_eq!(Level::from_name(b"chatty"), None);
        assert_eq!(Level::from_name(b""), None);
        // RFC 5424 names severity 6 `Informational`; a longer word is no level.
        assert_eq!(Level::from_name(b"Informational"), Some(Level::Info));
        assert_eq!(Level::from_name(b"informationally"), None);
    }

    #[test]
    fn syslog_priorities() {
        assert_eq!(Level::from_syslog_priority(3), Some(Level::Error));
        assert_eq!(Level::from_syslog_priority(6), Some(Level::Info));
        assert_eq!(Level::from_syslog_priority(9), None);
    }
}
