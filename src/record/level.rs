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
        let n = name.len();
        if n == 0 || n > 8 {
            return Self::from_long_name(name);
        }
        // The name's bytes as one number, with bit 5 of each set: that lowercases ASCII
        // letters and turns no other byte into a letter, so the number equals a lowercase
        // name's only for that name in some case. The bytes past the name stay 0, which no
        // byte of the name is after setting bit 5: equal numbers mean equal lengths.
        let v = name_word(name) | (0x2020_2020_2020_2020 >> (8 * (8 - n)));
        const fn key(s: &[u8]) -> u64 {
            let mut buf = [0u8; 8];
            let mut i = 0;
            while i < s.len() {
                buf[i] = s[i];
                i += 1;
            }
            u64::from_le_bytes(buf)
        }
        const TRACE: u64 = key(b"trace");
        const TRC: u64 = key(b"trc");
        const FINEST: u64 = key(b"finest");
        const FINER: u64 = key(b"finer");
        const VERBOSE: u64 = key(b"verbose");
        const V: u64 = key(b"v");
        const T: u64 = key(b"t");
        const DEBUG: u64 = key(b"debug");
        const DBG: u64 = key(b"dbg");
        const FINE: u64 = key(b"fine");
        const D: u64 = key(b"d");
        const INFO: u64 = key(b"info");
        const INF: u64 = key(b"inf");
        const I: u64 = key(b"i");
        const CONFIG: u64 = key(b"config");
        const NOTICE: u64 = key(b"notice");
        const NOTE: u64 = key(b"note");
        const N: u64 = key(b"n");
        const WARN: u64 = key(b"warn");
        const WARNING: u64 = key(b"warning");
        const WRN: u64 = key(b"wrn");
        const W: u64 = key(b"w");
        const ERROR: u64 = key(b"error");
        const ERR: u64 = key(b"err");
        const E: u64 = key(b"e");
        const SEVERE: u64 = key(b"severe");
        const FAIL: u64 = key(b"fail");
        const FAILURE: u64 = key(b"failure");
        const FATAL: u64 = key(b"fatal");
        const CRITICAL: u64 = key(b"critical");
        const CRIT: u64 = key(b"crit");
        const ALERT: u64 = key(b"alert");
        const EMERG: u64 = key(b"emerg");
        const PANIC: u64 = key(b"panic");
        const DPANIC: u64 = key(b"dpanic");
        const F: u64 = key(b"f");
        const C: u64 = key(b"c");
        const A: u64 = key(b"a");
        Some(match v {
            TRACE | TRC | FINEST | FINER | VERBOSE | V | T => Level::Trace,
            DEBUG | DBG | FINE | D => Level::Debug,
            INFO | INF | I | CONFIG => Level::Info,
            NOTICE | NOTE | N => Level::Notice,
            WARN | WARNING | WRN | W => Level::Warn,
            ERROR | ERR | E | SEVERE | FAIL | FAILURE => Level::Error,
            FATAL | CRITICAL | CRIT | ALERT | EMERG | PANIC | DPANIC | F | C | A => Level::Critical,
            _ => return None,
        })
    }

    /// [`Level::from_name`] for names longer than eight bytes.
    #[cold]
    fn from_long_name(name: &[u8]) -> Option<Level> {
        // The longest name is `informational`.
        if name.len() > 13 {
            return None;
        }
        let mut buf = [0u8; 13];
        let lower = &mut buf[..name.len()];
        lower.copy_from_slice(name);
        lower.make_ascii_lowercase();
        Some(match &*lower {
            b"information" | b"informational" => Level::Info,
            b"emergency" => Level::Critical,
            _ => return None,
        })
    }
}

/// The bytes of a name of one to eight bytes as a little-endian number, the bytes past it 0.
/// Two loads that overlap in the middle (the same bytes at the same places) instead of a copy
/// of a variable length, which is a `memcpy` call.
#[inline]
fn name_word(name: &[u8]) -> u64 {
    let n = name.len();
    if n >= 4 {
        let lo = u32::from_le_bytes([name[0], name[1], name[2], name[3]]) as u64;
        let hi = u32::from_le_bytes([name[n - 4], name[n - 3], name[n - 2], name[n - 1]]) as u64;
        lo | hi << (8 * (n - 4))
    } else if n >= 2 {
        let lo = u16::from_le_bytes([name[0], name[1]]) as u64;
        let hi = u16::from_le_bytes([name[n - 2], name[n - 1]]) as u64;
        lo | hi << (8 * (n - 2))
    } else {
        name[0] as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward reading that `Level::from_name` must agree with.
    fn reference_from_name(name: &[u8]) -> Option<Level> {
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
        #[test]
        fn from_name_agrees_with_the_reference(
            t in "(?i)(trace|trc|finest|finer|verbose|debug|dbg|fine|info|inf|information|informational|config|notice|note|warn|warning|wrn|error|err|severe|fail|failure|fatal|critical|crit|alert|emerg|emergency|panic|dpanic|[a-z@\\[{`\\x00\\x80-\\xff]){0,3}[a-z\\x00-\\xff]{0,2}"
        ) {
            let b: Vec<u8> = t.chars().map(|c| c as u32 as u8).collect();
            proptest::prop_assert_eq!(Level::from_name(&b), reference_from_name(&b));
            for name in [&b"informational"[..], b"emergency", b"Information", b"informationx", b""] {
                proptest::prop_assert_eq!(Level::from_name(name), reference_from_name(name));
            }
        }
    }

    #[test]
    fn name_words_are_the_bytes_copied() {
        let bytes: Vec<u8> = (0..8).map(|i| 0x81 + 17 * i).collect();
        for n in 1..=8 {
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                name_word(&bytes[..n]),
                u64::from_le_bytes(buf),
                "length {n}"
            );
        }
    }

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
