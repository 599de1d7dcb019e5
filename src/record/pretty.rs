//! Pretty-printed JSON: objects spread over several lines, one after another or inside a
//! top-level array (`journalctl -o json-pretty`, `jq .`, a logger configured to indent). Such a
//! stream cannot be cut at arbitrary line ends, so the engine reads it sequentially with
//! [`read_pretty`], as it reads a journal export stream; each object becomes one record that
//! spans its lines, read by the JSON-lines reader.

use std::io::{self, BufRead};

use super::{Record, TimeContext};

/// Bytes of one object kept for reading; an object larger than this is read from its first
/// lines only (its level, time and message come first in every logger seen).
const OBJECT_CAP: usize = 1 << 20;

/// True when a source starts like pretty-printed JSON: its first line holding anything is
/// `{` or `[` alone, and the next one a key (`"name": …`) or an object (`{`).
pub fn is_pretty_json(first_bytes: &[u8]) -> bool {
    let mut lines = first_bytes
        .split(|&b| b == b'\n')
        .map(super::text::trim)
        .filter(|l| !l.is_empty());
    match (lines.next(), lines.next()) {
        (Some(b"{"), Some(next)) => next.first() == Some(&b'"'),
        (Some(b"["), Some(next)) => next == b"{" || next.starts_with(b"{\""),
        _ => false,
    }
}

/// Where a scan over the stream's bytes stands: brackets open, and inside a string or not.
#[derive(Default)]
struct Depth {
    open: usize,
    in_string: bool,
    escaped: bool,
}

impl Depth {
    /// Follows `line`; calls `at(depth_before, byte)` for each `{`/`}`/`[`/`]` outside strings.
    fn follow(&mut self, line: &[u8], mut at: impl FnMut(usize, u8)) {
        for &b in line {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    at(self.open, b);
                    self.open += 1;
                }
                b'}' | b']' => {
                    self.open = self.open.saturating_sub(1);
                    at(self.open, b);
                }
                _ => {}
            }
        }
    }
}

/// Reads a pretty-printed JSON stream, handing each object to `f` as a record with the numbers
/// of its first and last lines. Text outside the objects (a line a program printed between
/// them) comes as a plain record of its own line. A line is read up to `max_line` bytes;
/// returns what longer ones lost.
pub fn read_pretty<R: BufRead>(
    r: R,
    time: &mut TimeContext,
    max_line: usize,
    mut f: impl FnMut(u64, u64, &Record<'_>),
) -> io::Result<super::text::Cut> {
    let mut object: Vec<u8> = Vec::new();
    let mut depth = Depth::default();
    // The depth objects start at: 0, or 1 inside a top-level array.
    let mut record_depth = None;
    let mut start = 0u64;
    let mut last = 0u64;
    let cut = super::text::each_line(r, max_line, |line_no, text| {
        last = line_no;
        let was_open = !object.is_empty();
        let mut opened = false;
        let mut closed = false;
        depth.follow(text, |d, b| match (b, record_depth) {
            (b'[', None) if d == 0 => record_depth = Some(1),
            (b'{', None) if d == 0 => {
                record_depth = Some(0);
                opened = true;
            }
            (b'{', Some(rd)) if d == rd => opened = true,
            (b'}', Some(rd)) if d == rd => closed = true,
            _ => {}
        });
        if opened && !was_open {
            start = line_no;
        }
        if was_open || opened {
            if object.len() < OBJECT_CAP {
                object.extend_from_slice(text);
                object.push(b'\n');
            }
        } else if depth.open == 0 {
            let trimmed = super::text::trim(text);
            if !trimmed.is_empty() && !matches!(trimmed, b"[" | b"]" | b",") {
                f(line_no, line_no, &super::text::outside_entry(text));
            }
        }
        if closed {
            emit(&object, start, line_no, time, &mut f);
            object.clear();
        }
    })?;
    if !object.is_empty() {
        // The stream ended inside an object: what there is of it still counts.
        emit(&object, start, last, time, &mut f);
    }
    Ok(cut)
}

fn emit(
    object: &[u8],
    start: u64,
    end: u64,
    time: &mut TimeContext,
    f: &mut impl FnMut(u64, u64, &Record<'_>),
) {
    let text = super::text::trim(object);
    // A trailing comma between objects of an array is not part of the object.
    let text = text.strip_suffix(b",").unwrap_or(text);
    match super::json::parse(text, time) {
        Some(mut rec) => {
            rec.header = true;
            f(start, end, &rec);
        }
        None => {
            let first = text.split(|&b| b == b'\n').next().unwrap_or(text);
            let mut rec = Record::plain(first);
            rec.header = true;
            f(start, end, &rec);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Level, Timestamp};

    /// An entry as the tests look at it: first and last line, level, message, time.
    type Entry = (u64, u64, Option<Level>, String, Option<String>);

    fn read(text: &str) -> Vec<Entry> {
        let mut ctx = TimeContext::utc(Timestamp(0));
        let mut out = Vec::new();
        read_pretty(text.as_bytes(), &mut ctx, 1 << 20, |a, b, r| {
            out.push((
                a,
                b,
                r.level,
                String::from_utf8_lossy(&r.message).into_owned(),
                r.timestamp.map(|t| t.to_rfc3339()),
            ))
        })
        .unwrap();
        out
    }

    const JOURNAL: &str = "{\n\t\"__CURSOR\" : \"s=1;i=1\",\n\t\"__REALTIME_TIMESTAMP\" : \"1705312800000000\",\n\t\"PRIORITY\" : \"6\",\n\t\"_SYSTEMD_UNIT\" : \"nginx.service\",\n\t\"MESSAGE\" : \"Starting nginx\"\n}\n{\n\t\"__CURSOR\" : \"s=1;i=2\",\n\t\"__REALTIME_TIMESTAMP\" : \"1705312801000000\",\n\t\"PRIORITY\" : \"3\",\n\t\"_SYSTEMD_UNIT\" : \"nginx.service\",\n\t\"MESSAGE\" : \"bind() to 0.0.0.0:80 failed (98: Address {in} use)\"\n}\n";

    #[test]
    fn journalctl_json_pretty_entries_are_one_record_each() {
        assert!(is_pretty_json(JOURNAL.as_bytes()));
        let got = read(JOURNAL);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (1, 7));
        assert_eq!(got[0].2, Some(Level::Info));
        assert_eq!(got[0].3, "Starting nginx");
        assert_eq!(got[0].4.as_deref(), Some("2024-01-15T10:00:00Z"));
        // Braces inside strings do not end an object.
        assert_eq!((got[1].0, got[1].1), (8, 14));
        assert_eq!(got[1].2, Some(Level::Error));
        assert_eq!(
            got[1].3,
            "bind() to 0.0.0.0:80 failed (98: Address {in} use)"
        );
    }

    #[test]
    fn objects_of_a_top_level_array_and_text_between_objects() {
        let text = "[\n  {\n    \"level\": \"error\",\n    \"msg\": \"disk full\",\n    \"ctx\": {\"dev\": \"sda\"}\n  },\n  {\n    \"level\": \"info\",\n    \"msg\": \"ok\"\n  }\n]\n";
        assert!(is_pretty_json(text.as_bytes()));
        let got = read(text);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0, got[0].1, got[0].2), (2, 6, Some(Level::Error)));
        assert_eq!(got[0].3, "disk full");
        assert_eq!((got[1].0, got[1].1, got[1].3.as_str()), (7, 10, "ok"));
        // A line a program printed between objects is a record of its own.
        let text = "{\n  \"level\": \"warn\",\n  \"msg\": \"slow\"\n}\nFATAL: out of memory\n{\n  \"msg\": \"restarted\"\n}\n";
        let got = read(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!((got[1].0, got[1].2), (5, Some(Level::Critical)));
        assert_eq!((got[2].0, got[2].1), (6, 8));
        // Cut short: the object read so far still counts.
        let got = read("{\n  \"level\": \"error\",\n  \"msg\": \"cut");
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn json_lines_and_other_logs_are_not_pretty_json() {
        for head in [
            &b"{\"level\":\"info\",\"msg\":\"x\"}\n{\"level\":\"info\",\"msg\":\"y\"}\n"[..],
            b"2024-01-15 10:00:00 INFO {\n",
            b"{\n",
            b"[\nnot json\n",
            b"",
        ] {
            assert!(!is_pretty_json(head), "{:?}", String::from_utf8_lossy(head));
        }
    }
}
