//! The journal export format (`journalctl -o export`): a binary-safe stream of entries, each a
//! run of fields ended by an empty line. A field is `NAME=value\n`, or `NAME\n` then a 64-bit
//! little-endian length, that many raw bytes (which may hold newlines) and `\n`.
//!
//! Such a stream cannot be cut at arbitrary newlines, so the engine reads it sequentially
//! with `read_export` instead of chunking it.

use std::io::{self, BufRead, Read};

use super::{Level, TimeContext, Timestamp};

/// One journal entry read from an export stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportEntry {
    /// 1-based number of the entry's first line (counted by `\n` in the stream).
    pub line: u64,
    /// 1-based number of the entry's last field line (a binary value's newlines count).
    pub end_line: u64,
    pub timestamp: Option<Timestamp>,
    pub level: Option<Level>,
    /// `_SYSTEMD_UNIT`, else `SYSLOG_IDENTIFIER`, else `_COMM`.
    pub origin: Option<Vec<u8>>,
    pub message: Vec<u8>,
}

/// True when a source starts like an export stream (its first field is one of the address
/// fields journalctl writes first).
pub fn is_export(first_bytes: &[u8]) -> bool {
    [
        &b"__CURSOR="[..],
        b"__REALTIME_TIMESTAMP=",
        b"__MONOTONIC_TIMESTAMP=",
        b"__SEQNUM=",
        b"__SEQNUM_ID=",
        b"_BOOT_ID=",
    ]
    .iter()
    .any(|p| first_bytes.starts_with(p))
}

#[derive(Default)]
struct Pending {
    line: u64,
    end_line: u64,
    realtime: Option<Timestamp>,
    source_realtime: Option<Timestamp>,
    level: Option<Level>,
    origins: [Option<Vec<u8>>; 3],
    message: Option<Vec<u8>>,
    fields: usize,
}

impl Pending {
    fn set(&mut self, name: &[u8], value: &[u8]) {
        let micros = || {
            super::text::parse_u64(value)
                .and_then(|v| i64::try_from(v).ok())
                .map(Timestamp)
        };
        match name {
            b"MESSAGE" => self.message = Some(value.to_vec()),
            b"PRIORITY" => {
                self.level = super::text::parse_u64(value)
                    .and_then(|p| u8::try_from(p).ok())
                    .and_then(Level::from_syslog_priority)
            }
            b"__REALTIME_TIMESTAMP" => self.realtime = micros(),
            b"_SOURCE_REALTIME_TIMESTAMP" => self.source_realtime = micros(),
            b"_SYSTEMD_UNIT" => self.origins[0] = Some(value.to_vec()),
            b"SYSLOG_IDENTIFIER" => self.origins[1] = Some(value.to_vec()),
            b"_COMM" => self.origins[2] = Some(value.to_vec()),
            _ => {}
        }
    }

    fn finish(&mut self) -> Option<ExportEntry> {
        if self.fields == 0 {
            return None;
        }
        let p = std::mem::take(self);
        let [a, b, c] = p.origins;
        Some(ExportEntry {
            line: p.line,
            end_line: p.end_line,
            timestamp: p
                .source_realtime
                .or(p.realtime)
                .and_then(Timestamp::plausible),
            level: p.level,
            origin: a.or(b).or(c),
            message: p.message.unwrap_or_default(),
        })
    }
}

/// Reads an export stream, handing each entry to `f` in order. A truncated binary field ends
/// the stream (its entry is still handed over); other malformed lines are skipped.
pub fn read_export<R: BufRead>(
    mut r: R,
    time: &mut TimeContext,
    mut f: impl FnMut(ExportEntry),
) -> io::Result<()> {
    // Times in the export format are absolute (microseconds since 1970): the context is not
    // needed to read them.
    let _ = time;
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut entry = Pending::default();
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let had_newline = buf.last() == Some(&b'\n');
        if had_newline {
            buf.pop();
        }
        if buf.is_empty() {
            if let Some(e) = entry.finish() {
                f(e);
            }
            continue;
        }
        if entry.fields == 0 {
            entry.line = line_no;
        }
        entry.fields += 1;
        entry.end_line = line_no;
        if let Some(eq) = memchr::memchr(b'=', &buf) {
            let (name, value) = (&buf[..eq], &buf[eq + 1..]);
            entry.set(name, value);
            continue;
        }
        if !had_newline {
            break;
        }
        // Binary field: length, bytes, newline.
        let name = std::mem::take(&mut buf);
        let mut len = [0u8; 8];
        if r.read_exact(&mut len).is_err() {
            break;
        }
        let len = u64::from_le_bytes(len);
        let mut value = Vec::with_capacity(len.min(1 << 20) as usize);
        let got = (&mut r).take(len).read_to_end(&mut value)? as u64;
        line_no += memchr::memchr_iter(b'\n', &value).count() as u64;
        // The 8 length bytes may hold `\n` too: they are part of the stream's lines.
        line_no += len.to_le_bytes().iter().filter(|&&b| b == b'\n').count() as u64;
        entry.set(&name, &value);
        buf = name;
        if got < len {
            break;
        }
        let mut nl = [0u8; 1];
        if r.read_exact(&mut nl).is_err() {
            break;
        }
        line_no += 1;
        entry.end_line = line_no;
        if nl[0] != b'\n' {
            break;
        }
    }
    if let Some(e) = entry.finish() {
        f(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream() -> Vec<u8> {
        let mut s = Vec::new();
        s.extend_from_slice(b"__CURSOR=s=1;i=4\n__REALTIME_TIMESTAMP=1700000003423456\nPRIORITY=4\n_COMM=app\nSYSLOG_IDENTIFIER=app\n");
        s.extend_from_slice(b"MESSAGE\n");
        let msg = b"line one\nline two \x07";
        s.extend_from_slice(&(msg.len() as u64).to_le_bytes());
        s.extend_from_slice(msg);
        s.extend_from_slice(b"\n_SYSTEMD_UNIT=app.service\n\n");
        s.extend_from_slice(
            b"__CURSOR=s=1;i=5\n__REALTIME_TIMESTAMP=1700000004000000\nMESSAGE=plain\n\n",
        );
        s
    }

    #[test]
    fn times_past_the_clock_are_dropped() {
        let s = b"__CURSOR=s\n__REALTIME_TIMESTAMP=9223372036854775807\nMESSAGE=m\n\n";
        let mut got = Vec::new();
        let mut ctx = TimeContext::utc(Timestamp(0));
        read_export(&s[..], &mut ctx, |e| got.push(e)).unwrap();
        assert_eq!(got[0].timestamp, None);
    }

    #[test]
    fn reads_text_and_binary_fields() {
        let s = stream();
        assert!(is_export(&s));
        let mut got = Vec::new();
        let mut ctx = TimeContext::utc(Timestamp(0));
        read_export(&s[..], &mut ctx, |e| got.push(e)).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].message, b"line one\nline two \x07");
        assert_eq!(got[0].level, Some(Level::Warn));
        assert_eq!(got[0].origin.as_deref(), Some(&b"app.service"[..]));
        assert_eq!(got[0].timestamp, Some(Timestamp(1_700_000_003_423_456)));
        assert_eq!((got[0].line, got[0].end_line), (1, 9));
        assert_eq!((got[1].line, got[1].end_line), (11, 13));
        assert_eq!(got[1].message, b"plain");
    }

    #[test]
    fn truncated_streams_end_quietly() {
        let s = stream();
        let mut ctx = TimeContext::utc(Timestamp(0));
        for cut in 0..s.len() {
            read_export(&s[..cut], &mut ctx, |_| {}).unwrap();
        }
        assert!(!is_export(b"MESSAGE=x"));
    }
}
