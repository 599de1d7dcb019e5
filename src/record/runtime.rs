//! Fixed layouts of particular runtimes and platforms: klog/glog, Android logcat
//! (`threadtime` and `brief`), Python's `logging.basicConfig` default, the Windows CBS log and
//! Windows event-log text exports (Event Viewer "Save as text", tab-separated, and CSV).
//!
//! Layouts that vary from one configuration to the next (log4j, logback, Spring Boot, Python
//! with a custom format) are not here: the generic layout learner reads them (`layout`).

use std::borrow::Cow;

use super::stamp::{self, Epoch};
use super::text::{count_digits, digits, skip_spaces, token_end};
use super::{Level, Record, TimeContext};

/// `I0505 17:59:40.692994   28133 klog.go:70] msg`: level letter, `mmdd`, time, thread id,
/// `file:line]`. The origin is the source file.
pub(crate) fn parse_klog<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    let level = match *line.first()? {
        b'I' => Level::Info,
        b'W' => Level::Warn,
        b'E' => Level::Error,
        b'F' => Level::Critical,
        _ => return None,
    };
    let month = digits(line, 1, 2)?;
    let day = digits(line, 3, 2)?;
    if line.get(5) != Some(&b' ') {
        return None;
    }
    let h = digits(line, 6, 2)?;
    let mi = digits(line, 9, 2)?;
    let s = digits(line, 12, 2)?;
    if line.get(8) != Some(&b':') || line.get(11) != Some(&b':') {
        return None;
    }
    let mut us = 0;
    let mut i = 14;
    if line.get(i) == Some(&b'.') {
        let n = count_digits(line, i + 1);
        us = digits(line, i + 1, n.min(6))? * 10u32.pow(6 - n.min(6) as u32);
        i += 1 + n;
    }
    i = skip_spaces(line, i);
    let t = count_digits(line, i);
    if t == 0 {
        return None;
    }
    i = skip_spaces(line, i + t);
    let close = i + memchr::memchr(b']', line.get(i..i + 128.min(line.len() - i))?)?;
    let src = &line[i..close];
    let file = match memchr::memrchr(b':', src) {
        Some(p) => &src[..p],
        None => src,
    };
    let m = if line.get(close + 1) == Some(&b' ') {
        close + 2
    } else {
        close + 1
    };
    Some(Record {
        timestamp: ctx.local_without_year(month, day, h, mi, s, us),
        level: Some(level),
        origin: Some(Cow::Borrowed(file)),
        message: Cow::Borrowed(&line[m.min(line.len())..]),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

fn logcat_level(c: u8) -> Option<Level> {
    Some(match c {
        b'V' => Level::Trace,
        b'D' => Level::Debug,
        b'I' => Level::Info,
        b'W' => Level::Warn,
        b'E' => Level::Error,
        b'F' | b'A' => Level::Critical,
        _ => return None,
    })
}

/// `01-15 10:30:00.123  1234  5678 E Tag     : msg` (`threadtime`, also with a year).
pub(crate) fn parse_logcat<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    if !line.first()?.is_ascii_digit() {
        return None;
    }
    let (c, n) = stamp::scan(line, Epoch::No)?;
    let mut i = skip_spaces(line, n);
    for _ in 0..2 {
        let d = count_digits(line, i);
        if d == 0 || line.get(i + d) != Some(&b' ') {
            return None;
        }
        i = skip_spaces(line, i + d);
    }
    let level = logcat_level(*line.get(i)?)?;
    if line.get(i + 1) != Some(&b' ') {
        return None;
    }
    i += 2;
    // The tag runs to `: ` (tags are padded with spaces before the colon).
    let rest = &line[i..];
    let colon = memchr::memmem::find(rest, b": ")
        .or_else(|| rest.ends_with(b":").then(|| rest.len() - 1))?;
    let tag = super::text::trim(&rest[..colon]);
    let m = (i + colon + 2).min(line.len());
    Some(Record {
        timestamp: c.resolve(ctx),
        level: Some(level),
        origin: Some(Cow::Borrowed(tag)),
        message: Cow::Borrowed(&line[m..]),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// `E/Tag( 1234): msg` (`brief`).
pub(crate) fn parse_logcat_brief(line: &[u8]) -> Option<Record<'_>> {
    let level = logcat_level(*line.first()?)?;
    if line.get(1) != Some(&b'/') {
        return None;
    }
    let open = memchr::memchr(b'(', line)?;
    let close = open + memchr::memchr(b')', &line[open..])?;
    let pid = super::text::trim(&line[open + 1..close]);
    if pid.is_empty() || count_digits(pid, 0) != pid.len() || line.get(close + 1) != Some(&b':') {
        return None;
    }
    let m = if line.get(close + 2) == Some(&b' ') {
        close + 3
    } else {
        close + 2
    };
    Some(Record {
        timestamp: None,
        level: Some(level),
        origin: Some(Cow::Borrowed(super::text::trim(&line[2..open]))),
        message: Cow::Borrowed(&line[m.min(line.len())..]),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// `ERROR:app.db:disk full`: Python's `logging.basicConfig()` default
/// (`%(levelname)s:%(name)s:%(message)s`).
pub(crate) fn parse_python(line: &[u8]) -> Option<Record<'_>> {
    let c1 = memchr::memchr(b':', &line[..line.len().min(10)])?;
    let level = match &line[..c1] {
        b"DEBUG" => Level::Debug,
        b"INFO" => Level::Info,
        b"WARNING" => Level::Warn,
        b"ERROR" => Level::Error,
        b"CRITICAL" => Level::Critical,
        _ => return None,
    };
    let rest = &line[c1 + 1..];
    let c2 = memchr::memchr(b':', rest)?;
    let name = &rest[..c2];
    if name.is_empty() || name.contains(&b' ') {
        return None;
    }
    Some(Record {
        timestamp: None,
        level: Some(level),
        origin: Some(Cow::Borrowed(name)),
        message: Cow::Borrowed(&rest[c2 + 1..]),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// `2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack …`: the
/// Windows Component-Based Servicing log (also DISM's). The origin is the component (`CBS`,
/// `CSI`, `DISM`).
pub(crate) fn parse_cbs<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    if count_digits(line, 0) != 4 {
        return None;
    }
    let (c, n) = stamp::scan(line, Epoch::No)?;
    if line.get(n) != Some(&b',') || line.get(n + 1) != Some(&b' ') {
        return None;
    }
    let ls = n + 2;
    let le = token_end(line, ls);
    let level = Level::from_name(&line[ls..le])?;
    let cs = skip_spaces(line, le);
    let ce = token_end(line, cs);
    if ce == cs {
        return None;
    }
    let m = skip_spaces(line, ce);
    Some(Record {
        timestamp: c.resolve(ctx),
        level: Some(level),
        origin: Some(Cow::Borrowed(&line[cs..ce])),
        message: Cow::Borrowed(&line[m..]),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

/// Windows event-log exports, one event per line: Event Viewer's "Save as text"
/// (`Level<TAB>Date and Time<TAB>Source<TAB>Event ID<TAB>Task Category<TAB>Message`) and the
/// same columns as CSV. The column-name line is meta. The origin is the source, the message
/// the description column.
pub(crate) fn parse_windows_event<'a>(line: &'a [u8], ctx: &mut TimeContext) -> Option<Record<'a>> {
    if line.starts_with(b"Level") && memchr::memmem::find(line, b"Date and Time").is_some() {
        return Some(super::syslog::meta(line));
    }
    let sep = if line.contains(&b'\t') { b'\t' } else { b',' };
    let mut cols = [(0usize, 0usize); 5];
    let mut i = 0;
    for col in cols.iter_mut() {
        let e = i + memchr::memchr(sep, line.get(i..)?)?;
        *col = (i, e);
        i = e + 1;
    }
    let field = |k: usize| {
        let (s, e) = cols[k];
        let f = &line[s..e];
        f.strip_prefix(b"\"")
            .and_then(|f| f.strip_suffix(b"\""))
            .unwrap_or(f)
    };
    let level = match field(0) {
        b"Information" => Level::Info,
        b"Warning" => Level::Warn,
        b"Error" => Level::Error,
        b"Critical" => Level::Critical,
        b"Verbose" => Level::Debug,
        b"Audit Success" => Level::Info,
        b"Audit Failure" => Level::Warn,
        _ => return None,
    };
    let (c, _) = stamp::scan(field(1), Epoch::No)?;
    let (id_s, _) = cols[3];
    if count_digits(line, id_s + usize::from(line.get(id_s) == Some(&b'"'))) == 0 {
        return None;
    }
    // Message from the event id on, with the task category column skipped.
    let mut msg_start = cols[4].1 + 1;
    if line.get(msg_start) == Some(&b'"') && line.ends_with(b"\"") && line.len() > msg_start + 1 {
        msg_start += 1;
    }
    let mut message = &line[msg_start.min(line.len())..];
    if sep == b',' && message.ends_with(b"\"") {
        message = &message[..message.len() - 1];
    }
    Some(Record {
        timestamp: c.resolve(ctx),
        level: Some(level),
        origin: Some(Cow::Borrowed(field(2))),
        message: Cow::Borrowed(message),
        header: true,
        meta: false,
        service: false,
        step: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Timestamp;

    fn ctx() -> TimeContext {
        TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap())
    }

    #[test]
    fn klog_lines() {
        let r = parse_klog(
            b"E0505 17:59:40.692994   28133 reflector.go:138] failed to list *v1.Pod: timeout",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"reflector.go"[..]));
        assert_eq!(&*r.message, b"failed to list *v1.Pod: timeout");
        assert_eq!(
            r.timestamp.unwrap().to_rfc3339(),
            "2026-05-05T17:59:40.692994Z"
        );
        assert!(parse_klog(b"Info about things", &mut ctx()).is_none());
    }

    #[test]
    fn logcat_lines() {
        let r = parse_logcat(
            b"01-15 10:30:00.123  1234  5678 E AndroidRuntime: FATAL EXCEPTION: main",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"AndroidRuntime"[..]));
        assert_eq!(&*r.message, b"FATAL EXCEPTION: main");
        let r = parse_logcat(
            b"2024-01-15 10:30:00.123  1234  5678 W ActivityManager  : Slow operation",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.origin.as_deref(), Some(&b"ActivityManager"[..]));
        let r = parse_logcat_brief(b"E/Tag( 1234): boom").unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"Tag"[..]));
        assert_eq!(&*r.message, b"boom");
    }

    #[test]
    fn python_default() {
        let r = parse_python(b"ERROR:app.db:disk full: /var").unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"app.db"[..]));
        assert_eq!(&*r.message, b"disk full: /var");
        assert!(parse_python(b"ERROR: something broke").is_none());
        assert!(parse_python(b"INFO").is_none());
    }

    #[test]
    fn windows_cbs_and_event_exports() {
        let r = parse_cbs(
            b"2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Info));
        assert_eq!(r.origin.as_deref(), Some(&b"CBS"[..]));
        assert_eq!(&*r.message, b"Loaded Servicing Stack v6.1.7601.23505");
        let r = parse_cbs(
            b"2016-09-29 02:04:45, Error                 CSI    00000001 (F) E_INVALIDARG",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        let r = parse_windows_event(
            b"Error\t10/11/2023 2:32:52 PM\tService Control Manager\t7000\tNone\tThe Foo service failed to start.",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(r.level, Some(Level::Error));
        assert_eq!(r.origin.as_deref(), Some(&b"Service Control Manager"[..]));
        assert_eq!(&*r.message, b"The Foo service failed to start.");
        assert_eq!(r.timestamp.unwrap().to_rfc3339(), "2023-10-11T14:32:52Z");
        let r = parse_windows_event(
            b"Warning,10/11/2023 2:32:52 PM,Disk,51,None,\"An error was detected on device.\"",
            &mut ctx(),
        )
        .unwrap();
        assert_eq!(&*r.message, b"An error was detected on device.");
        let r = parse_windows_event(
            b"Level\tDate and Time\tSource\tEvent ID\tTask Category",
            &mut ctx(),
        );
        assert!(r.unwrap().meta);
    }
}
