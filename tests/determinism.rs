//! The same input gives the same analysis for every thread count and chunk size, including
//! multi-line events that straddle chunk edges (DESIGN §1, "chunk boundaries").

use std::io::Write;

use culprit::engine::{self, Options, Sink, SourceMeta};
use culprit::event::Event;
use culprit::record::Format;
use culprit::report::{json, Report};
use culprit::source::Input;
use culprit::summary::{Summary, Window};
use proptest::prelude::*;

/// The built-in library, loaded once for all cases.
fn library() -> std::sync::Arc<culprit::patterns::PatternSet> {
    static SET: std::sync::OnceLock<std::sync::Arc<culprit::patterns::PatternSet>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let opts = culprit::patterns::LoadOptions {
            builtin: true,
            dirs: vec![],
        };
        std::sync::Arc::new(culprit::patterns::load(&opts).expect("the built-in library loads"))
    })
    .clone()
}

/// Every event as a line of text, so that a mismatch shows where.
struct Events(Vec<String>);

impl Sink for Events {
    fn event(&mut self, ev: &Event<'_>) {
        self.0.push(format!(
            "{}-{} {:?} {:?} {}",
            ev.line,
            ev.end_line,
            ev.level,
            ev.kind,
            String::from_utf8_lossy(&ev.message)
        ));
    }
}

struct Counts(u32, Summary);

impl Sink for Counts {
    fn event(&mut self, ev: &Event<'_>) {
        self.1.add_event(self.0, ev);
    }

    fn hit(&mut self, hit: &culprit::engine::LineHit<'_>) {
        self.1.add_hit(self.0, hit);
    }

    fn record(&mut self, line: u64, rec: &culprit::record::Record<'_>) {
        self.1.add_record(self.0, line, rec);
    }
}

fn analyse(
    path: &std::path::Path,
    threads: usize,
    chunk_size: usize,
    format: Option<Format>,
) -> (Vec<String>, String) {
    let inputs = vec![Input::file(path)];
    let patterns = library();
    let opts = Options {
        threads,
        chunk_size,
        input_format: format,
        patterns: patterns.clone(),
        ..Options::default()
    };
    let mut events = Vec::new();
    engine::run(
        &inputs,
        &opts,
        |_: &SourceMeta| Events(Vec::new()),
        |s: Events| events.extend(s.0),
    );
    let mut summary = Summary::global(Window::default(), 50_000);
    let reports = engine::run(
        &inputs,
        &opts,
        |m: &SourceMeta| Counts(m.index, Summary::new(Window::default())),
        |s: Counts| summary.absorb(s.1),
    );
    let report = Report::new(&summary, reports, 10, &patterns);
    let json = json::to_value(&report);
    (events, json.to_string())
}

/// Pieces of logs whose joining depends on the lines around them.
const PIECES: &[&[u8]] = &[
    b"2026-11-26 12:00:01,123 INFO [main] com.example.App - started in 35 ms\n",
    b"2026-11-26 12:00:02,000 ERROR [pool-1] com.example.Db - query failed\n",
    b"java.lang.IllegalStateException: write failed\n\tat T.main(T.java:4)\nCaused by: java.io.IOException: No space left on device\n\tat T.inner(T.java:2)\n\t... 1 more\n",
    b"Traceback (most recent call last):\n  File \"/srv/app.py\", line 3, in <module>\n    open(p)\nFileNotFoundError: [Errno 2] No such file\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n  File \"/srv/app.py\", line 6\nRuntimeError: config missing\n",
    b"panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:10 +0x1d\nexit status 2\n",
    b"thread 'main' panicked at src/main.rs:2:5:\nassertion failed: x == 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
    b"error: connection refused to 10.0.0.5:5432\n",
    b"warning: disk 91% full\n",
    b"    indented continuation line\n",
    b"\n",
    b"plain line without level\n",
    b"Nov 26 12:00:03 web-1 kernel: Out of memory: Killed process 812 (postgres)\n",
    b"{\"level\":\"error\",\"ts\":1764158400.5,\"msg\":\"upstream timeout\"}\n",
    b"bad bytes \xff\xfe here\n",
    b"travis_time:start:0a1b$ make test\n",
    b"src/main.c:12:5: error: 'x' undeclared\n",
    b"make: *** [all] Error 2\n",
    b"The command \"make test\" exited with 2.\n",
    b"FAILED tests/test_app.py::test_login - AssertionError: 401 != 200\n",
    // Traces whose every line is an entry of its own, joined by origin and shape.
    b"Nov 26 12:00:04 web-1 java[811]: Exception in thread \"main\" java.lang.IllegalStateException: boom\nNov 26 12:00:04 web-1 java[811]:         at com.acme.App.run(App.java:10)\nNov 26 12:00:04 web-1 java[811]: Caused by: java.io.IOException: disk full\nNov 26 12:00:04 web-1 java[811]:         ... 1 more\n",
    b"Nov 26 12:00:05 web-1 python3[900]: Traceback (most recent call last):\nNov 26 12:00:05 web-1 python3[900]:   File \"/srv/app.py\", line 3, in <module>\nNov 26 12:00:05 web-1 python3[900]: KeyError: 'user'\n",
    b"11-26 12:00:06.811  4242  4242 E AndroidRuntime: java.lang.IllegalStateException: Could not execute method\n11-26 12:00:06.811  4242  4242 E AndroidRuntime: \tat android.view.View.performClick(View.java:5198)\n11-26 12:00:06.811  4242  4242 E AndroidRuntime: Caused by: java.lang.NullPointerException\n",
    b"Nov 26 12:00:07 web-1 web[7]: Traceback (most recent call last):\nNov 26 12:00:07 web-1 web[7]:   File \"/app/net.py\", line 3, in f\nNov 26 12:00:07 web-1 web[7]: \nNov 26 12:00:07 web-1 web[7]: socket.timeout: timed out\nNov 26 12:00:07 web-1 web[7]: request_completed\n",
    b"Traceback (most recent call last):\n  File \"a.py\", line 3, in f\n    g()\nbotocore.errorfactory.NoSuchKey: x\nretrying later\n",
    // A blank line where a panic's message would be.
    b"thread 'main' panicked at src/main.rs:5:3:\n\nindex out of bounds\n",
    // Node.js's crash report: its source line and caret, the error, its properties.
    b"/app/db.js:12\nthrow err;\n^\n\nError [ERR_SOCKET_CLOSED]: Socket is closed\n    at new NodeError (node:internal/errors:405:5) {\n  code: 'ERR_SOCKET_CLOSED'\n}\n\nNode.js v20.11.1\n",
    b"Nov 26 12:00:08 web-1 node[812]: /app/src/app.js:9\nNov 26 12:00:08 web-1 node[812]:     const n = cfg.port.value;\nNov 26 12:00:08 web-1 node[812]:                        ^\nNov 26 12:00:08 web-1 node[812]: \nNov 26 12:00:08 web-1 node[812]: TypeError: Cannot read properties of undefined (reading 'value')\nNov 26 12:00:08 web-1 node[812]:     at main (/app/src/app.js:9:24)\nNov 26 12:00:08 web-1 node[812]: Node.js v20.11.1\n",
    b"Nov 26 12:00:09 web-1 node[813]: /app/db.js:12\nNov 26 12:00:09 web-1 node[813]: throw err;\nNov 26 12:00:09 web-1 node[813]: ^\nNov 26 12:00:09 web-1 node[813]: Error: Socket is closed\nNov 26 12:00:09 web-1 node[813]: Node.js v20.11.1\n",
    // Found by a review: a journal's meta line inside a crash report or panic.
    b"ok\n/app/x.js:1\n-- Boot 1234abcd --\nthrow err;\n^\n\nError: z\nNode.js v20.0.0\n",
    b"thread 'main' panicked at src/main.rs:5:3:\n-- No entries --\nindex out of bounds\n",
    // A source line with a level word, a lone location before an exception, Node.js 10's
    // bare module names, EADDRINUSE's `Emitted 'error' event` part.
    b"/app/x.js:12\nthrow new Error(\"boom\");\n^\n\nError: boom\n    at Object.<anonymous> (/app/x.js:12:7)\n\nNode.js v20.11.1\n",
    b"/app/x.js:12\n\nTypeError: x is not a function\n    at a (/app/x.js:12:9)\n",
    b"module.js:327\n    throw err;\n    ^\n\nError: Cannot find module 'x'\n    at Function.Module._resolveFilename (module.js:325:15)\n",
    b"node:events:497\n      throw er; // Unhandled 'error' event\n      ^\n\nError: listen EADDRINUSE: address already in use :::3000\n    at Server.setupListenHandle [as _listen2] (node:net:1872:16)\nEmitted 'error' event on Server instance at:\n    at emitErrorNT (node:net:1851:8) {\n  code: 'EADDRINUSE',\n  port: 3000\n}\n\nNode.js v20.11.1\n",
    // Android's crash report, in logcat and pasted without its headers; a `Process:` line
    // of another program.
    b"11-26 12:00:10.123  1234  1234 E AndroidRuntime: FATAL EXCEPTION: main\n11-26 12:00:10.123  1234  1234 E AndroidRuntime: Process: com.example, PID: 1234\n11-26 12:00:10.123  1234  1234 E AndroidRuntime: java.lang.RuntimeException: Unable to start activity\n11-26 12:00:10.123  1234  1234 E AndroidRuntime: \tat android.app.ActivityThread.main(ActivityThread.java:2416)\n11-26 12:00:10.123  1234  1234 E AndroidRuntime: Caused by: java.lang.NullPointerException: null\n",
    b"FATAL EXCEPTION: main\nProcess: com.example, PID: 1234\njava.lang.IllegalStateException: boom\n\tat com.example.Main.run(Main.java:4)\n",
    b"Process: worker exited\nFATAL EXCEPTION: main\nstarting\n",
    // A lone location: the line after it is not a source line (no caret follows).
    b"/app/server.js:42\nstarting\nERROR: boom\n/app/x.js:7\n\nplain words\n",
    b"last line without newline",
];

fn log_from(picks: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &p) in picks.iter().enumerate() {
        let piece = PIECES[p % PIECES.len()];
        // The piece without a newline only makes sense at the very end.
        if !piece.ends_with(b"\n") && i + 1 != picks.len() {
            continue;
        }
        out.extend_from_slice(piece);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn same_result_for_every_chunking(picks in prop::collection::vec(0usize..PIECES.len(), 1..120), chunk in 1usize..400) {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(&log_from(&picks)).unwrap();
        f.flush().unwrap();
        let forced = Format::ALL.iter().filter(|f| **f != Format::JournalExport).cloned().map(Some);
        for format in std::iter::once(None).chain(forced) {
            let reference = analyse(f.path(), 1, 1 << 20, format.clone());
            let chunked = analyse(f.path(), 2, chunk, format);
            prop_assert_eq!(&reference.0, &chunked.0);
            prop_assert_eq!(&reference.1, &chunked.1);
        }
    }
}

#[test]
fn one_byte_chunks_give_the_same_events() {
    let all: Vec<usize> = (0..PIECES.len()).collect();
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(&log_from(&all)).unwrap();
    f.flush().unwrap();
    let reference = analyse(f.path(), 1, 1 << 20, None);
    assert!(reference.0.len() > 5, "{:?}", reference.0);
    for chunk in [1, 2, 3, 7, 64] {
        assert_eq!(
            analyse(f.path(), 3, chunk, None),
            reference,
            "chunk size {chunk}"
        );
    }
}

/// Every chunk size up to a few lines' length, so that a chunk starts at every line of every
/// piece with the lines after it in the same chunk: a line that continues an event only after
/// a certain line (a panic's message after its header, a Node.js crash's source line after its
/// location) must not be where a worker starts.
#[test]
fn a_chunk_may_start_at_any_line_of_a_piece() {
    let all: Vec<usize> = (0..PIECES.len()).collect();
    let mut f = tempfile::NamedTempFile::new().unwrap();
    let log = log_from(&all[..all.len() - 1]);
    for _ in 0..3 {
        f.write_all(&log).unwrap();
    }
    f.flush().unwrap();
    // As detected (a headed format, where only lines with headers start chunks), and as raw
    // text, where any line may.
    for format in [None, Some(Format::Raw)] {
        let reference = analyse(f.path(), 1, 1 << 20, format.clone());
        for chunk in (1..=160).step_by(3) {
            assert_eq!(
                analyse(f.path(), 2, chunk, format.clone()),
                reference,
                "chunk size {chunk}, format {format:?}"
            );
        }
    }
}

/// The real logs beside the project (not shipped with it): every Loghub sample gives the same
/// JSON with one thread and with two threads and small chunks.
#[test]
fn loghub_samples_give_the_same_json_for_every_chunking() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/loghub-2k");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        eprintln!(
            "skipped: {} is absent (the labelled public logs are not shipped with the project)",
            root.display()
        );
        return;
    };
    let mut seen = 0;
    for dir in dirs.flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        let log = dir.path().join(format!("{name}_2k.log"));
        if !log.exists() {
            continue;
        }
        let templates = per_line_templates(&log, "1", "1048576");
        assert_eq!(
            per_line_templates(&log, "2", "997"),
            templates,
            "{name}: per-line templates with 997-byte chunks"
        );
        let reference = analyse(&log, 1, 1 << 20, None);
        for chunk in [997, 64 * 1024] {
            assert_eq!(
                analyse(&log, 2, chunk, None),
                reference,
                "{name} with {chunk}-byte chunks"
            );
        }
        seen += 1;
    }
    assert!(seen > 0, "no data set found under {}", root.display());
}

/// `culprit templates --per-line` through the binary, with the given threads and chunk size.
fn per_line_templates(path: &std::path::Path, threads: &str, chunk: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_culprit"))
        .args([
            "templates",
            "--per-line",
            "--format",
            "jsonl",
            "-j",
            threads,
            "--chunk-size",
            chunk,
        ])
        .arg(path)
        .output()
        .expect("culprit runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("JSON lines are UTF-8")
}

#[test]
fn per_line_templates_are_the_same_for_every_chunking() {
    let all: Vec<usize> = (0..PIECES.len()).collect();
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for _ in 0..3 {
        f.write_all(&log_from(&all[..all.len() - 1])).unwrap();
    }
    f.flush().unwrap();
    let reference = per_line_templates(f.path(), "1", "1048576");
    let lines = std::fs::read(f.path())
        .unwrap()
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    assert_eq!(
        reference.lines().count(),
        lines,
        "one object per input line"
    );
    for chunk in ["1", "7", "300"] {
        assert_eq!(
            per_line_templates(f.path(), "2", chunk),
            reference,
            "chunk size {chunk}"
        );
    }
}
