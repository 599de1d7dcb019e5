//! Whole-module tests: detection of every format from real-shaped samples, `Parser` behaviour
//! shared by all formats (CR, ANSI codes, meta lines), and random bytes through detect+parse.

use super::*;

fn detect_str(lines: &[&str]) -> Format {
    let sample: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    detect(&sample)
}

fn parser(f: Format) -> Parser {
    Parser::new(
        f,
        TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap()),
    )
}

/// Detects the format of `lines` and returns its name with each line's message and level.
fn run(lines: &[&str]) -> (String, Vec<(String, Option<Level>)>) {
    let f = detect_str(lines);
    let mut p = parser(f.clone());
    let out = lines
        .iter()
        .map(|l| {
            let r = p.parse(l.as_bytes());
            (String::from_utf8_lossy(&r.message).into_owned(), r.level)
        })
        .collect();
    (f.name().to_string(), out)
}

#[test]
fn detects_syslog_and_journal_outputs() {
    let (f, out) = run(&[
        "Nov 14 22:13:20 web-1 systemd[1]: Started nginx.service - A high performance web server.",
        "Nov 14 22:13:21 web-1 nginx[812]: 2023/11/14 22:13:21 [emerg] 812#812: bind() failed",
        "Nov 14 22:13:22 web-1 kernel: Out of memory: Killed process 4182 (java)",
        "-- Boot 11111111111111111111111111111111 --",
        "Nov 14 22:13:24 web-1 app[901]: Traceback (most recent call last):",
        "                                  File \"/srv/app.py\", line 3, in <module>",
    ]);
    assert_eq!(f, "syslog");
    assert_eq!(out[2].0, "Out of memory: Killed process 4182 (java)");
    assert_eq!(out[1].1, Some(Level::Error));
    let (f, _) = run(&[
        "2023-11-14T22:13:20+0000 web-1 systemd[1]: Started nginx.service.",
        "2023-11-14T22:13:21+00:00 web-1 nginx[812]: bind() failed",
    ]);
    assert_eq!(f, "syslog-iso");
    let (f, out) = run(&[
        "[21415.215982] web-1 systemd[1]: Started nginx.service.",
        "[21416.215982] web-1 nginx[812]: bind() failed",
    ]);
    assert_eq!(f, "journal-monotonic");
    assert_eq!(out[1].0, "bind() failed");
    let (f, _) = run(&[
        "1700000000.123456 web-1 systemd[1]: Started nginx.service.",
        "1700000001.123456 web-1 nginx[812]: bind() failed",
    ]);
    assert_eq!(f, "journal-unix");
    let (f, _) = run(&[
        "Tue 2023-11-14 22:13:20 UTC web-1 systemd[1]: Started nginx.service.",
        "Tue 2023-11-14 22:13:21 UTC web-1 nginx[812]: bind() failed",
    ]);
    assert_eq!(f, "journal-full");
    let (f, out) = run(&[
        r#"{"_COMM":"python3","PRIORITY":"3","MESSAGE":"boom","__REALTIME_TIMESTAMP":"1700000004523456"}"#,
        r#"{"_COMM":"nginx","PRIORITY":"6","MESSAGE":"ok","__REALTIME_TIMESTAMP":"1700000004523457"}"#,
    ]);
    assert_eq!(f, "json");
    assert_eq!(out[0], ("boom".into(), Some(Level::Error)));
}

#[test]
fn journal_meta_lines_are_meta() {
    let mut p = parser(Format::Syslog);
    let r = p.parse(b"-- No entries --");
    assert!(r.meta);
    let mut p = parser(Format::Raw);
    assert!(p.parse(b"-- Boot 1234 --").meta);
}

#[test]
fn detects_web_server_logs() {
    let (f, out) = run(&[
        r#"127.0.0.1 - - [23/Feb/2023:17:05:13 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.77.0""#,
        r#"127.0.0.1 - - [23/Feb/2023:17:05:14 +0000] "GET /x HTTP/1.1" 503 0 "-" "curl/7.77.0""#,
    ]);
    assert_eq!(f, "access");
    assert_eq!(out[1].1, Some(Level::Error));
    let (f, _) = run(&[
        "2023/11/14 22:13:21 [emerg] 812#812: bind() to 0.0.0.0:80 failed (98: Address already in use)",
        "2023/11/14 22:13:21 [notice] 812#812: try again to bind() after 500ms",
    ]);
    assert_eq!(f, "nginx-error");
    let (f, out) = run(&[
        "[Wed Oct 11 14:32:52.123456 2023] [core:error] [pid 1234:tid 5678] [client 1.2.3.4:5678] AH00124: Request exceeded",
        "[Wed Oct 11 14:32:53.123456 2023] [mpm_event:notice] [pid 1:tid 2] AH00489: Apache/2.4.57 configured",
    ]);
    assert_eq!(f, "apache-error");
    assert_eq!(out[1].0, "AH00489: Apache/2.4.57 configured");
}

#[test]
fn detects_runtime_layouts() {
    let (f, out) = run(&[
        "I0505 17:59:40.692994   28133 klog.go:70] hello from klog",
        "E0505 17:59:41.692994   28133 reflector.go:138] failed to list",
    ]);
    assert_eq!(f, "klog");
    assert_eq!(out[1], ("failed to list".into(), Some(Level::Error)));
    let (f, out) = run(&[
        "03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken = AppWindowToken{9f4ef63 token=Token{a64f992}}, allDrawn= false",
        "03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock=233570404, flags=0x1, tag=\"View Lock\"",
        "03-17 16:13:38.839  1702  2113 V WindowManager: Skipping AppWindowToken{df0798e token=Token{78af589}} -- going to hide",
    ]);
    assert_eq!(f, "logcat");
    assert_eq!(
        out[1].0,
        "acquire lock=233570404, flags=0x1, tag=\"View Lock\""
    );
    let (f, _) = run(&[
        "E/AndroidRuntime( 1234): FATAL EXCEPTION: main",
        "I/Tag(  99): ok",
    ]);
    assert_eq!(f, "logcat-brief");
    let (f, out) = run(&[
        "ERROR:app:disk full",
        "WARNING:app.db:slow query",
        "INFO:root:ok",
    ]);
    assert_eq!(f, "python");
    assert_eq!(out[1], ("slow query".into(), Some(Level::Warn)));
    let (f, out) = run(&[
        "2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505 with Core: C:\\Windows\\winsxs\\cbscore.dll",
        "2016-09-28 04:30:31, Info                  CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize (wcp.dll version 0.0.0.6) called",
        "2016-09-28 04:30:31, Error                 CBS    Failed to internally open package. [HRESULT = 0x800f0805]",
    ]);
    assert_eq!(f, "windows-cbs");
    assert_eq!(
        out[1].0,
        "00000001@2016/9/27:20:30:31.455 WcpInitialize (wcp.dll version 0.0.0.6) called"
    );
    assert_eq!(out[2].1, Some(Level::Error));
    let (f, _) = run(&[
        "Level\tDate and Time\tSource\tEvent ID\tTask Category",
        "Error\t10/11/2023 2:32:52 PM\tService Control Manager\t7000\tNone\tThe Foo service failed to start.",
        "Information\t10/11/2023 2:32:50 PM\tService Control Manager\t7036\tNone\tThe Bar service entered the running state.",
    ]);
    assert_eq!(f, "windows-event");
}

/// A support engineer pastes the one entry a customer sent, with its stack trace, into a
/// file: too few lines to learn a layout from, it was read as raw text (no time, the header
/// clustered as the message, the trace an event apart from its entry).
#[test]
fn a_pasted_entry_and_its_trace_are_read_as_entries() {
    let (f, out) = run(&[
        "2026-11-20 10:00:00,123 ERROR [main] com.acme.Orders - request failed",
        "java.lang.NullPointerException: name is null",
        "\tat com.acme.Orders.run(Orders.java:10)",
    ]);
    assert_eq!(f, "generic");
    assert_eq!(out[0], ("request failed".into(), Some(Level::Error)));
    let (f, out) = run(&["2026-11-20 10:00:00,123 - app - ERROR - disk full"]);
    assert_eq!(f, "generic");
    assert_eq!(out[0].1, Some(Level::Error));
    let (f, _) = run(&[
        "2026-11-20 10:00:00 ERROR job failed",
        "Traceback (most recent call last):",
        "  File \"a.py\", line 3, in <module>",
        "KeyError: 'user'",
    ]);
    assert_eq!(f, "generic");
    // A traceback's last line with a level word in it is still the traceback's (a review
    // found it read as an entry of its own, without time, and the traceback without root).
    let mut p = parser(Format::Generic(None));
    assert!(!p.parse(b"ConnectionError: connection failed to db").header);
    assert!(
        !p.parse(b"java.lang.IllegalStateException: write failed")
            .header
    );
    assert!(p.parse(b"error: could not compile `foo`").header);
    // A build log that starts with a dated line and goes on without: its lines are not
    // continuations of that first one.
    let (f, _) = run(&[
        "2026-11-20 10:00:00 build started",
        "compiling foo v0.1.0",
        "error: could not compile `foo`",
    ]);
    assert_eq!(f, "raw");
}

/// A service's log that opens with its startup failure, a trace longer than the lines
/// detection looks at: it was read as raw text, so the entry lost its time and level and its
/// trace became an event of its own.
#[test]
fn entries_whose_trace_fills_the_sample_are_read_as_entries() {
    let mut lines = vec![
        String::from("2026-11-20 10:00:00,123 INFO [main] com.acme.App - Starting"),
        String::from("2026-11-20 10:00:01,456 ERROR [main] com.acme.App - Startup failed"),
        String::from("java.lang.IllegalStateException: no datasource"),
    ];
    lines.extend((0..250).map(|i| format!("\tat com.acme.Layer{i}.call(Layer{i}.java:{i})")));
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (f, out) = run(&lines);
    assert_eq!(f, "generic");
    assert_eq!(out[1], ("Startup failed".into(), Some(Level::Error)));
    // A dated line and two hundred lines of indented output is no such log: nothing in it is
    // a trace's.
    let mut lines = vec![String::from("2026-11-20 10:00:00 build started")];
    lines.extend((0..250).map(|i| format!("   Compiling crate{i} v0.1.{i}")));
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    assert_eq!(run(&lines).0, "raw");
}

#[test]
fn detects_json_logfmt_and_wrappers() {
    let (f, out) = run(&[
        r#"{"level":"info","ts":1700000000.1,"msg":"started"}"#,
        r#"{"level":"error","ts":1700000000.2,"msg":"dial \"db\" failed"}"#,
    ]);
    assert_eq!(f, "json");
    assert_eq!(out[1], ("dial \"db\" failed".into(), Some(Level::Error)));
    let (f, out) = run(&[
        "time=2024-01-15T10:30:00Z level=info msg=started",
        "time=2024-01-15T10:30:01Z level=error msg=\"upstream timed out\" err=\"deadline\"",
    ]);
    assert_eq!(f, "logfmt");
    assert_eq!(out[1], ("upstream timed out".into(), Some(Level::Error)));
    let (f, out) = run(&[
        r#"{"log":"Starting server\n","stream":"stdout","time":"2023-10-06T00:17:09.669794202Z"}"#,
        r#"{"log":"ERROR: bind failed\n","stream":"stderr","time":"2023-10-06T00:17:10.669794202Z"}"#,
    ]);
    assert_eq!(f, "docker");
    assert_eq!(out[1], ("bind failed".into(), Some(Level::Error)));
    let (f, out) = run(&[
        "2023-10-06T00:17:09.669794202Z stdout F Starting server",
        "2023-10-06T00:17:10.669794202Z stderr F panic: nil map",
    ]);
    assert_eq!(f, "cri");
    assert_eq!(out[1], ("panic: nil map".into(), Some(Level::Critical)));
    let (f, out) = run(&[
        "2026-01-28T12:58:01.0000000Z ##[group]Run mypy",
        "2026-01-28T12:58:01.2000000Z src/foo.py:10: error: Missing type",
        "2026-01-28T12:58:01.4000000Z ##[error]Process completed with exit code 1.",
        "2026-01-28T12:58:01.5000000Z ##[endgroup]",
    ]);
    assert_eq!(f, "github-actions");
    assert_eq!(
        out[2],
        (
            "Process completed with exit code 1.".into(),
            Some(Level::Error)
        )
    );
    assert!(!Format::GithubActions.headed());
    // `kubectl logs --timestamps` of a logfmt service: its `level=` was not read (an info
    // line had no level) and the whole key=value text was the message.
    let (_, out) = run(&[
        "2026-11-20T10:00:00.123456789Z time=\"2026-11-20T10:00:00Z\" level=info msg=\"starting worker\" worker=3",
        "2026-11-20T10:00:01.123456789Z level=error msg=\"dial failed\" err=\"connection refused\"",
        "2026-11-20T10:00:02.123456789Z src/foo.py:10: error: Missing type",
    ]);
    assert_eq!(out[0], ("starting worker".into(), Some(Level::Info)));
    assert_eq!(out[1], ("dial failed".into(), Some(Level::Error)));
    assert_eq!(out[2].0, "src/foo.py:10: error: Missing type");
    // The wrapper's time is the entry's: a `time=` inside may be anything (it read 1970).
    let mut p = parser(Format::Generic(None));
    let r = p.parse(b"2026-03-01 10:00:02,123 level=error msg=\"request failed\" time=3");
    assert_eq!(
        r.timestamp.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-03-01T10:00:02.123Z")
    );
}

#[test]
fn learned_layouts_of_other_systems() {
    let (f, out) = run(&[
        "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096 113d3a99 54fc8a36 - - -] 10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829",
        "nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:04.500 2931 INFO nova.compute.manager [req-3ea4052c - - - - -] [instance: b9000564-fe1a] VM Started (Lifecycle Event)",
        "nova-compute.log.1.2017-05-16_13:55:31 2017-05-16 00:00:05.185 2931 WARNING nova.compute.manager [-] [instance: b9000564-fe1a] During sync_power_state the instance has a pending task",
    ]);
    assert_eq!(f, "generic");
    assert_eq!(
        out[1].0,
        "[instance: b9000564-fe1a] VM Started (Lifecycle Event)"
    );
    assert_eq!(out[2].1, Some(Level::Warn));
    let (f, out) = run(&[
        "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579",
        "20171223-22:15:29:615|Step_LSC|30002312|onExtend:1514038530000 14 0 4",
        "20171223-22:15:29:633|Step_StandReportReceiver|30002312|onReceive action: android.intent.action.SCREEN_ON",
    ]);
    assert_eq!(f, "generic");
    assert_eq!(
        out[2].0,
        "onReceive action: android.intent.action.SCREEN_ON"
    );
}

/// A heartbeat log whose every line ends with a number at the same column: the number is the
/// message's, not the last column of the header (it was read as raw text, without times or
/// levels).
#[test]
fn dated_lines_ending_with_a_number_in_one_column_keep_their_message() {
    let lines: Vec<String> = (0..30)
        .map(|i| format!("2026-11-26 12:00:{i:02},000 INFO [main] com.example.App - tick {i}"))
        .collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (f, out) = run(&lines);
    assert_eq!(f, "generic");
    assert_eq!(out[7], (String::from("tick 7"), Some(Level::Info)));
    // Not a header: pytest's lines end with their status and a percentage.
    let (f, _) = run(&[
        "tests/test_a.py::test_one PASSED [ 33%]",
        "tests/test_a.py::test_two PASSED [ 66%]",
        "tests/test_b.py::test_three PASSED [100%]",
    ]);
    assert_ne!(f, "generic");
}

/// A service whose first two hundred lines all log one request shape: the columns of the
/// message agreed as well as the header's, and every line's message was its last word
/// (`8ms`), so that clustering saw nothing but durations.
#[test]
fn lines_whose_messages_all_have_one_shape_keep_their_message_after_the_logger() {
    let lines: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "2026-11-26 12:{:02}:{:02}.123 INFO  [main] c.e.Orders - GET /api/orders/{i} 200 {}ms",
                i / 60,
                i % 60,
                i % 50
            )
        })
        .collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (f, out) = run(&lines);
    assert_eq!(f, "generic");
    assert_eq!(
        out[17],
        (
            String::from("GET /api/orders/17 200 17ms"),
            Some(Level::Info)
        )
    );
}

/// The same without a logger and separator: the thread column ends the header, not the
/// status code that every line of the sample has at the same column.
#[test]
fn lines_whose_messages_all_have_one_shape_keep_their_message_after_the_thread() {
    let lines: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "2026-11-26 12:{:02}:{:02},123 INFO [exec-{}] GET /api/orders/{i} 200 {}ms",
                i / 60,
                i % 60,
                i % 7,
                i % 50
            )
        })
        .collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (f, out) = run(&lines);
    assert_eq!(f, "generic");
    assert_eq!(
        out[17],
        (
            String::from("GET /api/orders/17 200 17ms"),
            Some(Level::Info)
        )
    );
    // A logger word between the thread and the message stays in the message: a lone free
    // column is a header's only where nothing but header columns follow it.
    let lines: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "WARN [exec-{}] OrderController GET /api/orders/{i} 200 {}ms",
                i % 7,
                i % 50
            )
        })
        .collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (_, out) = run(&lines);
    assert_eq!(
        out[17],
        (
            String::from("OrderController GET /api/orders/17 200 17ms"),
            Some(Level::Warn)
        )
    );
}

#[test]
fn plain_text_is_raw_with_inferred_levels() {
    let (f, out) = run(&[
        "Compiling culprit v0.1.0",
        "error[E0425]: cannot find value `x` in this scope",
        "warning: unused variable: `y`",
        "test result: FAILED. 0 passed; 1 failed",
    ]);
    assert_eq!(f, "raw");
    assert_eq!(out[0].1, None);
    assert_eq!(out[2].1, Some(Level::Warn));
    assert_eq!(out[3].1, Some(Level::Error));
}

#[test]
fn carriage_returns_and_colour_codes_are_removed() {
    let mut p = parser(Format::Syslog);
    let r = p.parse(b"Nov 14 22:13:20 web-1 app[1]: hello\r");
    assert_eq!(&*r.message, b"hello");
    assert!(matches!(r.message, Cow::Borrowed(_)));
    let r = p.parse(b"\x1b[32mNov 14 22:13:20\x1b[0m web-1 app[1]: \x1b[31mfailed\x1b[0m\r");
    assert!(r.header);
    assert_eq!(&*r.message, b"failed");
    assert_eq!(r.level, Some(Level::Error));
    let mut p = parser(Format::GithubActions);
    let r = p.parse(b"2026-01-28T12:58:01.2000000Z \x1b[36;1mecho hi\x1b[0m");
    assert_eq!(&*r.message, b"echo hi");
}

/// A program logging through syslog often writes its own level first. Without it, the
/// routine lines of a chatty service (PostgreSQL's autovacuum, an app's per-batch INFO) read as
/// lines of unknown level: counted as nothing, and each one searched for known failures.
#[test]
fn a_level_word_leading_a_syslog_message_is_its_level() {
    let mut p = parser(Format::Syslog);
    let cases: [(&[u8], Option<Level>); 9] = [
        (
            b"Nov 14 22:13:20 db-1 postgres[90]: DEBUG:  autovacuum: processing database \"shop\"",
            Some(Level::Debug),
        ),
        (
            b"Nov 14 22:13:20 db-1 postgres[90]: DEBUG3:  StartTransaction(1)",
            Some(Level::Debug),
        ),
        (
            b"Nov 14 22:13:20 db-1 ingest[7]: INFO ingest::sink: flushed batch rows=12",
            Some(Level::Info),
        ),
        (
            b"Nov 14 22:13:20 db-1 ingest[7]: TRACE ingest::source::kafka: poll returned 3 records",
            Some(Level::Trace),
        ),
        // The program's own level wins over a word further on.
        (
            b"Nov 14 22:13:20 db-1 ingest[7]: WARN ingest::sink: insert failed, retrying",
            Some(Level::Warn),
        ),
        (
            b"Nov 14 22:13:20 db-1 postgres[90]: FATAL:  password authentication failed",
            Some(Level::Critical),
        ),
        // Not a level word of its own: the words decide, as before.
        (
            b"Nov 14 22:13:20 db-1 app[7]: Info: upload failed",
            Some(Level::Error),
        ),
        (
            b"Nov 14 22:13:20 db-1 app[7]: INFORMATION_SCHEMA scan failed",
            Some(Level::Error),
        ),
        (
            b"Nov 14 22:13:20 db-1 postgres[90]: LOG:  checkpoint starting: time",
            None,
        ),
    ];
    for (line, level) in cases {
        assert_eq!(
            p.parse(line).level,
            level,
            "{}",
            String::from_utf8_lossy(line)
        );
    }
    // A priority still comes first.
    let r = p.parse(b"<11>Nov 14 22:13:20 db-1 ingest[7]: INFO flushed");
    assert_eq!(r.level, Some(Level::Error));
}

#[test]
fn names_round_trip() {
    for f in Format::ALL {
        assert_eq!(Format::from_name(f.name()).as_ref(), Some(f));
    }
    assert_eq!(Format::from_name("nope"), None);
    let mut p = parser(Format::from_name("generic").unwrap());
    let r = p.parse(b"2024-01-15 10:30:00,123 ERROR something broke");
    assert_eq!(r.level, Some(Level::Error));
    assert_eq!(&*r.message, b"something broke");
}

#[test]
fn parser_is_clone_and_send() {
    fn check<T: Clone + Send + Sync + std::fmt::Debug>() {}
    check::<Format>();
    fn check_parser<T: Clone + Send>() {}
    check_parser::<Parser>();
}

/// A small deterministic generator (xorshift), so the test needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_and_truncated_lines_never_panic() {
    let seeds: &[&[u8]] = &[
        b"<35>Nov 26 20:42:14 vm sshd[1]: error: x",
        b"<12>1 2026-11-26T20:42:14.164120+00:00 vm app - ID47 [a b=\"c\\]\"] m",
        br#"{"level":"error","msg":"a\u00e9\"b","ts":1700000000.5,"fields":{"message":"x"}}"#,
        br#"{"log":"x\n","stream":"stderr","time":"2023-10-06T00:17:09Z"}"#,
        b"time=2024-01-15T10:30:00Z level=error msg=\"q \\\" x\"",
        br#"127.0.0.1 - - [23/Feb/2023:17:05:13 +0000] "GET / HTTP/1.1" 200 615"#,
        b"[Wed Oct 11 14:32:52.123456 2023] [core:error] [pid 1:tid 2] x",
        b"2023/11/14 22:13:21 [emerg] 812#812: *5 x",
        b"I0505 17:59:40.692994   28133 klog.go:70] x",
        b"01-15 10:30:00.123  1234  5678 E Tag: msg",
        b"E/Tag( 1234): msg",
        b"2016-09-28 04:30:30, Info                  CBS    msg",
        b"Error\t10/11/2023 2:32:52 PM\tSCM\t7000\tNone\tx",
        b"2026-01-28T12:58:01.0000000Z ##[error]x",
        b"job\tstep\t2026-01-28T12:58:01.0000000Z x",
        b"2023-10-06T00:17:09.669794202Z stdout F x",
        b"2015-10-18 18:01:47,978 INFO [main] org.x.Y: msg",
        b"[10.30 16:49:06] chrome.exe *64 - x",
        b"20171223-22:15:29:606|Step_LSC|30002312|x",
        b"Tue 2023-11-14 22:13:20 UTC web-1 x[1]: y",
        b"[    5.123456] web-1 kernel: x",
        b"\x1b[31m\x1b]8;;x\x07\x1b",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut formats: Vec<Format> = Format::ALL.to_vec();
    let learned: Vec<&[u8]> = seeds[16..19].to_vec();
    formats.push(detect(&learned));
    formats.push(detect(&[seeds[16], seeds[16]]));
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for s in seeds {
        for cut in 0..=s.len() {
            lines.push(s[..cut].to_vec());
        }
        for _ in 0..200 {
            let mut l = s.to_vec();
            for _ in 0..1 + rng.next() % 4 {
                let i = (rng.next() as usize) % (l.len() + 1);
                let b = match rng.next() % 6 {
                    0 => 0,
                    1 => 0xff,
                    2 => b'"',
                    3 => b'\\',
                    4 => b' ',
                    _ => rng.next() as u8,
                };
                if i < l.len() && rng.next().is_multiple_of(2) {
                    l[i] = b;
                } else {
                    l.insert(i, b);
                }
            }
            lines.push(l);
        }
    }
    for _ in 0..2000 {
        let len = (rng.next() % 120) as usize;
        lines.push((0..len).map(|_| rng.next() as u8).collect());
    }
    lines.push(vec![b'x'; 1 << 20]);
    lines.push(vec![b'['; 10_000]);
    lines.push(vec![b'{'; 10_000]);
    for f in &formats {
        let mut p = parser(f.clone());
        for l in &lines {
            let _ = p.parse(l);
        }
    }
    for chunk in lines.chunks(50) {
        let sample: Vec<&[u8]> = chunk.iter().map(|l| &l[..]).collect();
        let _ = detect(&sample);
    }
}

/// Parse cost per line for each format's typical lines. Run with
/// `cargo test --release --lib record::tests::parse_speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn parse_speed() {
    let cases: &[(&str, &[&str])] = &[
        (
            "syslog",
            &["Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!",
              "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186"],
        ),
        (
            "json",
            &[r#"{"level":"error","ts":1700000000.5,"caller":"server/main.go:42","msg":"dial tcp 10.0.0.5:5432: connect: connection refused","service":"api","attempt":3}"#,
              r#"{"time":"2024-01-15T10:30:00.123Z","level":"INFO","msg":"request served","method":"GET","path":"/api/v1/users","status":200,"duration_ms":12}"#],
        ),
        (
            "log4j",
            &["2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001",
              "2015-10-18 18:05:27,570 WARN [LeaseRenewer:msrabi@msra-sa-41:9000] org.apache.hadoop.ipc.Client: Address change detected."],
        ),
        (
            "raw",
            &["Compiling serde v1.0.200 (registry+https://github.com/rust-lang/crates.io-index)",
              "error[E0425]: cannot find value `x` in this scope at src/main.rs:10:5"],
        ),
        (
            "logfmt",
            &["time=2024-01-15T10:30:00Z level=error msg=\"upstream timed out\" err=\"context deadline exceeded\" duration=30.001s",
              "time=2024-01-15T10:30:01Z level=info msg=ok path=/health"],
        ),
    ];
    for (name, lines) in cases {
        let sample: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
        let f = if *name == "raw" {
            Format::Raw
        } else {
            detect(&sample)
        };
        let mut p = parser(f.clone());
        // Best of several rounds: the machine may be busy with other work.
        let iters = 100_000;
        let mut ns = f64::MAX;
        let mut bytes = 0usize;
        for _ in 0..7 {
            let start = std::time::Instant::now();
            for k in 0..iters {
                let r = p.parse(sample[k % sample.len()]);
                bytes += r.message.len();
            }
            ns = ns.min(start.elapsed().as_nanos() as f64 / iters as f64);
        }
        println!("{name:<8} {:<10} {ns:6.1} ns/line ({bytes})", f.name());
    }
}

#[test]
fn carriage_returns_inside_a_line_keep_what_the_terminal_showed_last() {
    let mut p = parser(Format::Raw);
    let r = p.parse(b"travis_time:end:0b3c:start=1,finish=2\rtravis_time:start:00ca4089\rError: openssl 1.0.2l is already installed");
    assert_eq!(&*r.message, b"Error: openssl 1.0.2l is already installed");
    let r = p.parse(b"Downloading 10%\rDownloading 100%\r");
    assert_eq!(&*r.message, b"Downloading 100%");
}

#[test]
fn parsed_times_stay_on_the_clock() {
    // A time past year 9999 used to reach the report's timeline, whose labels overflowed.
    let mut p = parser(Format::Json);
    let r = p.parse(
        br#"{"level":"error","msg":"x","instant":{"epochSecond":9223372036854,"nanoOfSecond":0}}"#,
    );
    assert_eq!(r.timestamp, None, "{r:?}");
    let r = p.parse(br#"{"level":"error","msg":"x","ts":1700000000}"#);
    assert!(r.timestamp.is_some());
}

#[test]
fn long_digit_runs_in_dates_are_not_read() {
    // Found by fuzz/event_join: a date's last field of ten digits and more overflowed.
    let sample: &[&[u8]] = &[
        b"17/06/09 20:10:40 INFO executor.Backend: registered",
        b"17/06/0912345678901 20:10:40 INFO x",
        b"2023-10-06T00:17:09Z stdout F 17/06/0912345678901234567890 x",
    ];
    let _ = detect(sample);
    for f in Format::ALL {
        let mut p = parser(f.clone());
        for l in sample {
            let _ = p.parse(l);
        }
    }
}

/// A merged log (`cat *.log`, a node's combined output) where one component writes only a
/// few lines in a hundred: its lines are still read as its own format, with their level and
/// origin, instead of being joined to the entry above as if they continued it.
#[test]
fn a_mixed_source_reads_a_format_that_writes_few_of_its_lines() {
    let mut lines: Vec<String> = Vec::new();
    for i in 0..200 {
        let s = i % 60;
        lines.push(match i % 50 {
            7 | 31 | 44 => format!(
                "E1126 08:00:{s:02}.123456   24263 prober.go:107] \"Probe failed\" pod=\"shop/api-{i}\""
            ),
            12 | 38 => format!(
                "ts=2026-11-26T08:00:{s:02}.5Z level=error caller=api/transfer.go:77 msg=\"transfer failed\" id={i}"
            ),
            n if n % 2 == 0 => format!(
                "{{\"level\":\"info\",\"time\":\"2026-11-26T08:00:{s:02}Z\",\"msg\":\"served request {i}\"}}"
            ),
            _ => format!("Nov 26 08:00:{s:02} web-1 sshd[{i}]: Accepted publickey for deploy"),
        });
    }
    let sample: Vec<&str> = lines.iter().map(String::as_str).collect();
    let f = detect_str(&sample);
    assert_eq!(f.name(), "mixed");
    let Format::Mixed(m) = &f else { unreachable!() };
    let names: Vec<&str> = m.members.iter().map(Format::name).collect();
    // journalctl's outputs read the syslog lines too, but read nothing syslog does not.
    assert_eq!(
        names,
        ["syslog", "json", "klog", "logfmt"],
        "members: {names:?}"
    );
    let mut p = parser(f.clone());
    let klog = p.parse(lines[7].as_bytes());
    assert!(klog.header, "the klog line starts an entry of its own");
    assert_eq!(klog.level, Some(Level::Error));
    assert_eq!(klog.origin.as_deref(), Some(&b"prober.go"[..]));
    assert_eq!(&*klog.message, &b"\"Probe failed\" pod=\"shop/api-7\""[..]);
    let logfmt = p.parse(lines[12].as_bytes());
    assert!(logfmt.header);
    assert_eq!(logfmt.level, Some(Level::Error));
    assert_eq!(&*logfmt.message, &b"transfer failed"[..]);
}

/// In a mixed source a line goes to the first member, in the members' order, that reads it,
/// among those whose sample lines started like it: a docker json-file line is read as Docker's
/// (its inner line's level word taken off the message) only where Docker comes before JSON,
/// and a syslog line with a `<PRI>` is not offered to syslog when the sample showed it none.
#[test]
fn a_mixed_source_offers_a_line_to_its_members_in_order_by_first_byte() {
    let docker = br#"{"log":"ERROR disk full\n","stream":"stderr","time":"2026-11-26T08:00:00Z"}"#;
    let plain = b"Nov 26 08:00:00 web-1 sshd[7]: Accepted publickey for deploy";
    let sample: Vec<&[u8]> = vec![docker, plain];
    let mut ctx = TimeContext::utc(Timestamp::from_unix_seconds(0));
    let read_by = |members: Vec<Format>, line: &[u8]| {
        let mut ctx = TimeContext::utc(Timestamp::from_unix_seconds(0));
        let m = Mixed::new(members, &sample, &mut ctx);
        m.read(line, &mut ctx).map(Record::into_owned)
    };
    let docker_first = read_by(vec![Format::Docker, Format::Json, Format::Syslog], docker).unwrap();
    let json_first = read_by(vec![Format::Json, Format::Docker, Format::Syslog], docker).unwrap();
    assert_eq!(&*docker_first.message, &b"disk full"[..]);
    assert_eq!(&*json_first.message, &b"ERROR disk full"[..]);
    // Syslog reads a `<PRI>` line, but was never seen to start with `<`.
    let pri = b"<34>Nov 26 08:00:01 web-1 sshd[7]: Failed password for root";
    assert!(read(&Format::Syslog, pri, &mut ctx).is_some());
    let r = read_by(vec![Format::Json, Format::Syslog], pri);
    assert!(
        r.as_ref().is_none_or(|r| r.origin.is_none()),
        "read as syslog: {r:?}"
    );
    let r = read_by(vec![Format::Json, Format::Syslog], plain).unwrap();
    assert_eq!(r.origin.as_deref(), Some(&b"sshd"[..]));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
    /// `Mixed::read` leaves an indented line without a leading timestamp to no one, without
    /// asking `parse_unlearned`, which would give it no header either.
    #[test]
    fn an_indented_line_without_a_timestamp_has_no_unlearned_header(
        indent in "[ \t]{1,3}",
        body in "(ERROR|\\[WARN\\]|error|failed|panic:|- x - INFO - |2026-11-26 08:00:00,943|[a-z .:\\[\\]-]{0,12}| ){0,6}",
    ) {
        let line = format!("{indent}{body}");
        let line = line.as_bytes();
        let mut ctx = TimeContext::utc(Timestamp::from_utc(2026, 6, 1, 0, 0, 0, 0).unwrap());
        if stamp::scan(line, stamp::Epoch::No).is_none() {
            proptest::prop_assert!(!layout::parse_unlearned(line, &mut ctx).header);
        }
    }
}

#[test]
fn buildkite_lines_lose_their_escape_sequences_and_keep_their_times() {
    let mut p = parser(Format::Raw);
    let r = p.parse(b"\x1b_bk;t=1705312802123\x07npm ERR! code ELIFECYCLE");
    assert_eq!(&*r.message, b"npm ERR! code ELIFECYCLE");
    assert_eq!(
        r.timestamp.unwrap().to_rfc3339(),
        "2024-01-15T10:00:02.123Z"
    );
    // Colour after the time, and a line's own time, which wins.
    let r = p.parse(b"\x1b_bk;t=1705312803123\x07\x1b[31mError: boom\x1b[0m");
    assert_eq!(&*r.message, b"Error: boom");
    assert_eq!(
        r.timestamp.unwrap().to_rfc3339(),
        "2024-01-15T10:00:03.123Z"
    );
    let mut p = parser(Format::GithubActions);
    let r = p.parse(b"\x1b_bk;t=1705312803123\x072024-01-15T09:00:00.0000000Z ##[error]x");
    assert_eq!(r.timestamp.unwrap().to_rfc3339(), "2024-01-15T09:00:00Z");
}

#[test]
fn a_runners_step_mark_hidden_by_a_carriage_return_is_kept() {
    let mut p = parser(Format::Raw);
    // Travis: the timer's start, then the command a person sees.
    let travis = p.parse(
        b"travis_time:end:0a:start=1,finish=2\r\x1b[0Ktravis_time:start:0b\r\x1b[0K$ make test\r",
    );
    assert_eq!(&*travis.message, b"$ make test");
    assert!(travis.step);
    // A progress bar's overwrite, or the mark as the text itself, is not a step.
    assert!(!p.parse(b"downloading 10%\rdownloading 100%").step);
    assert!(!p.parse(b"travis_time:start:0c").step);
    assert!(!p.parse(b"$ make test").step);
}

/// A test runner's marks in brackets are what its lines say, not a header column: Pester's
/// output (`[+] name 4ms` for a passed test, `[-] name 15ms` for a failed one) was learned as a
/// layout whose one column was the mark, so every failed test's line lost its `[-]` and the
/// lines under it (its assertion) were joined to it as continuations.
#[test]
fn a_bracketed_check_mark_stays_in_the_message() {
    let mut lines = vec!["Describing Add", "  Context integers"];
    lines.extend(["    [+] adds zero 4ms"; 12]);
    lines.extend([
        "    [-] adds two numbers 15ms",
        "      Expected 3, but got 4.",
        "      at <ScriptBlock>, C:\\src\\Add.Tests.ps1: line 12",
        "    [!] adds big numbers, is skipped 0ms",
        "    [+] adds one 3ms",
    ]);
    let (format, out) = run(&lines);
    assert_eq!(format, "raw");
    assert_eq!(out[14].0, "    [-] adds two numbers 15ms");
    assert_eq!(out[17].0, "    [!] adds big numbers, is skipped 0ms");
}
