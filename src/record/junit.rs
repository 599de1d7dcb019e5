//! JUnit XML test reports (`<testsuites>`/`<testsuite>`), the report format most CI systems
//! and test runners share (Surefire, Gradle, pytest `--junitxml`, Jest and Go reporters).
//!
//! A report is read as a stream of XML events (quick-xml), never whole: only the test case
//! being read is held, and of its failure's text at most [`BODY_LINES`] lines of
//! [`BODY_LINE_CAP`] bytes. Line numbers are counted from the newlines of every event's raw
//! bytes, so each failing test points at its line of the file. Passing and skipped cases are
//! not kept. This module reads; `summary` decides what a failing case means.

use std::io::{self, BufRead};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Lines of a failure's text kept.
pub const BODY_LINES: usize = 60;
/// Bytes kept per line of a failure's text.
pub const BODY_LINE_CAP: usize = 400;

/// A failing test case of a JUnit XML report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestCase {
    /// The line of its `<testcase>` element.
    pub line: u64,
    pub name: String,
    pub classname: Option<String>,
    /// The `file` and `line` attributes some reporters write.
    pub file: Option<String>,
    pub file_line: Option<u64>,
    /// The line of its `<failure>` or `<error>` element.
    pub failure_line: u64,
    /// `failure` or `error`.
    pub kind: &'static str,
    pub message: Option<String>,
    pub error_type: Option<String>,
    /// The failure's text, line by line, with each line's number in the file.
    pub body: Vec<(u64, String)>,
}

impl TestCase {
    /// `classname.name`, as Surefire and most reporters name a test.
    pub fn full_name(&self) -> String {
        match &self.classname {
            Some(c) if !c.is_empty() => format!("{c}.{}", self.name),
            _ => self.name.clone(),
        }
    }
}

/// Whether the start of an input is a JUnit XML report: its root element, after an XML
/// declaration, comments or whitespace, is `<testsuites` or `<testsuite`.
pub fn sniff(head: &[u8]) -> bool {
    let mut rest = head;
    loop {
        rest = trim(rest);
        if rest.starts_with(b"\xef\xbb\xbf") {
            rest = &rest[3..];
            continue;
        }
        if rest.starts_with(b"<?") {
            let Some(end) = memchr::memmem::find(rest, b"?>") else {
                return false;
            };
            rest = &rest[end + 2..];
            continue;
        }
        if rest.starts_with(b"<!--") {
            let Some(end) = memchr::memmem::find(rest, b"-->") else {
                return false;
            };
            rest = &rest[end + 3..];
            continue;
        }
        break;
    }
    let is = |tag: &[u8]| {
        rest.strip_prefix(tag)
            .and_then(|r| r.first())
            .is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
    };
    is(b"<testsuites") || is(b"<testsuite")
}

fn trim(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn count_lines(b: &[u8]) -> u64 {
    bytecount::count(b, b'\n') as u64
}

/// Reads a report, calling `failed` for every failing test case in file order. Returns
/// the number of lines read.
pub fn read<R: BufRead>(input: R, mut failed: impl FnMut(&TestCase)) -> io::Result<u64> {
    let mut reader = Reader::from_reader(input);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut line: u64 = 1;
    let mut case: Option<TestCase> = None;
    // Inside the case's `<failure>`/`<error>`: its text is being read.
    let mut in_failure = false;
    let mut text = String::new();
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("JUnit XML: {e}")))?;
        let at = line;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                line += count_lines(e);
                match e.local_name().as_ref() {
                    b"testcase" => {
                        let c = start_case(e, at);
                        if empty {
                            // A case without children passed.
                        } else {
                            case = Some(c);
                        }
                    }
                    b"failure" | b"error" => {
                        if let Some(c) = case.as_mut() {
                            if c.kind.is_empty() {
                                c.kind = if e.local_name().as_ref() == b"failure" {
                                    "failure"
                                } else {
                                    "error"
                                };
                                c.failure_line = at;
                                c.message = attr(e, b"message");
                                c.error_type = attr(e, b"type");
                                if !empty {
                                    in_failure = true;
                                    text.clear();
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                line += count_lines(e);
                match e.local_name().as_ref() {
                    b"failure" | b"error" if in_failure => {
                        in_failure = false;
                        if let Some(c) = case.as_mut() {
                            c.body = body_lines(&text, c.failure_line);
                        }
                    }
                    b"testcase" => {
                        if let Some(c) = case.take() {
                            if !c.kind.is_empty() {
                                failed(&c);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                line += count_lines(t);
                if in_failure && text.len() < BODY_LINES * BODY_LINE_CAP {
                    text.push_str(&String::from_utf8_lossy(t));
                }
            }
            Event::CData(t) => {
                line += count_lines(t);
                if in_failure && text.len() < BODY_LINES * BODY_LINE_CAP {
                    text.push_str(&String::from_utf8_lossy(t));
                }
            }
            Event::GeneralRef(r) => {
                if in_failure && text.len() < BODY_LINES * BODY_LINE_CAP {
                    match r.resolve_char_ref() {
                        Ok(Some(ch)) => text.push(ch),
                        _ => text.push_str(match &**r {
                            b"lt" => "<",
                            b"gt" => ">",
                            b"amp" => "&",
                            b"quot" => "\"",
                            b"apos" => "'",
                            _ => "",
                        }),
                    }
                }
            }
            Event::Comment(t) => line += count_lines(t),
            Event::Decl(t) => line += count_lines(t),
            Event::PI(t) => line += count_lines(t),
            Event::DocType(t) => line += count_lines(t),
            Event::Eof => break,
        }
        buf.clear();
    }
    Ok(line - 1)
}

fn start_case(e: &BytesStart<'_>, line: u64) -> TestCase {
    TestCase {
        line,
        name: attr(e, b"name").unwrap_or_default(),
        classname: attr(e, b"classname"),
        file: attr(e, b"file"),
        file_line: attr(e, b"line").and_then(|l| l.parse().ok()),
        ..TestCase::default()
    }
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .map(|a| match a.unescape_value() {
            Ok(v) => v.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        })
}

/// The failure's text as numbered lines, the first on `first`.
fn body_lines(text: &str, first: u64) -> Vec<(u64, String)> {
    text.split('\n')
        .enumerate()
        .take(BODY_LINES)
        .map(|(i, l)| {
            let l = l.trim_end_matches('\r');
            let cut = l
                .char_indices()
                .nth(BODY_LINE_CAP)
                .map_or(l.len(), |(i, _)| i);
            (first + i as u64, l[..cut].to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUREFIRE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.example.AppTest" tests="2" failures="1" errors="0" skipped="0">
  <testcase name="addsSmallNumbers" classname="com.example.AppTest" time="0.001"/>
  <testcase name="addsNegative" classname="com.example.AppTest" time="0.002">
    <failure message="expected:&lt;-1&gt; but was:&lt;0&gt;" type="java.lang.AssertionError">java.lang.AssertionError: expected:&lt;-1&gt; but was:&lt;0&gt;
	at com.example.AppTest.addsNegative(AppTest.java:14)
</failure>
  </testcase>
</testsuite>
"#;

    #[test]
    fn sniffs_the_root_element() {
        assert!(sniff(SUREFIRE.as_bytes()));
        assert!(sniff(b"<testsuites name=\"x\">"));
        assert!(!sniff(b"<testsuiteX>"));
        assert!(!sniff(b"<html><testsuite>"));
        assert!(!sniff(b"testsuite"));
    }

    #[test]
    fn reads_failing_cases_with_their_lines() {
        let mut got = Vec::new();
        let lines = read(SUREFIRE.as_bytes(), |c| got.push(c.clone())).unwrap();
        assert_eq!(lines, 9);
        assert_eq!(got.len(), 1);
        let c = &got[0];
        assert_eq!(c.full_name(), "com.example.AppTest.addsNegative");
        assert_eq!(c.line, 4);
        assert_eq!(c.failure_line, 5);
        assert_eq!(c.message.as_deref(), Some("expected:<-1> but was:<0>"));
        assert_eq!(c.kind, "failure");
        assert_eq!(
            c.body[0],
            (
                5,
                String::from("java.lang.AssertionError: expected:<-1> but was:<0>")
            )
        );
        assert_eq!(c.body[1].0, 6);
        assert!(c.body[1].1.contains("AppTest.java:14"));
    }
}
