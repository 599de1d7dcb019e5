//! The hostile corpus: `tests/hostile/` (small checked-in files) and large or awkward cases
//! made here (a 50 MB line, deep JSON and TOML, a file name full of escapes, a corrupt
//! baseline), each run through the binary in every report format under a deadline.
//!
//! Every run must end by itself (killed and failed at the deadline) with status 0, 1 or 2
//! (never 101, a panic, nor a signal); every stderr line is one `culprit: …` line; and the
//! output must be safe for where it goes: JSON parses; the human report has no escape
//! sequence but the colours culprit writes itself, and no control or bidi character from a
//! log; the HTML page no tag or attribute a log could have brought; the GitHub annotations no
//! workflow command but culprit's own, their text escaped as the runner unescapes it; the
//! Markdown no code span or fence that log text opened or closed.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long one run may take (a debug build on a busy machine, 50 MB of input at most).
const DEADLINE: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fmt {
    Human,
    Json,
    Markdown,
    Html,
    Github,
}

const FORMATS: [Fmt; 5] = [Fmt::Human, Fmt::Json, Fmt::Markdown, Fmt::Html, Fmt::Github];

impl Fmt {
    fn args(self) -> &'static [&'static str] {
        match self {
            Fmt::Human => &["--format", "human", "--color", "always", "--context", "2"],
            Fmt::Json => &["--format", "json"],
            Fmt::Markdown => &["--format", "markdown"],
            Fmt::Html => &["--format", "html"],
            Fmt::Github => &["--format", "github"],
        }
    }
}

/// One invocation: arguments before the format flags, and what to feed on stdin.
#[derive(Debug, Clone)]
struct Case {
    name: String,
    args: Vec<OsString>,
    stdin: Option<PathBuf>,
    formats: &'static [Fmt],
    /// The run must fail (status 2) with a message on stderr.
    must_fail: bool,
}

impl Case {
    fn new(name: &str, args: &[&OsString]) -> Case {
        Case {
            name: name.to_string(),
            args: args.iter().map(|a| (*a).clone()).collect(),
            stdin: None,
            formats: &FORMATS,
            must_fail: false,
        }
    }
}

struct Outcome {
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs culprit with `args`, killing it (and failing) if it outlives the deadline.
fn run(args: &[OsString], stdin: Option<&Path>) -> Result<Outcome, String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_culprit"));
    cmd.args(args)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("COLUMNS", "100")
        .env("TZ", "UTC")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match stdin {
        Some(p) => cmd.stdin(std::fs::File::open(p).map_err(|e| e.to_string())?),
        None => cmd.stdin(Stdio::null()),
    };
    let mut child = cmd.spawn().map_err(|e| format!("spawn: {e}"))?;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {DEADLINE:?}: killed"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out_reader.join().unwrap();
    let stderr = err_reader.join().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return Err(format!("killed by signal {sig}"));
        }
    }
    Ok(Outcome {
        status: status.code(),
        stdout,
        stderr,
    })
}

/// Every check of one run's result; the problems found, in words.
fn check(fmt: Fmt, o: &Outcome, must_fail: bool) -> Vec<String> {
    let mut bad = Vec::new();
    match o.status {
        Some(0..=2) => {}
        other => bad.push(format!("exit status {other:?}")),
    }
    if must_fail && o.status != Some(2) {
        bad.push(format!("should fail with status 2, got {:?}", o.status));
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    for line in stderr.lines() {
        if !line.starts_with("culprit: ") {
            bad.push(format!("stderr line not `culprit: …`: {line:?}"));
        }
        if line.contains("panicked") || line.contains("RUST_BACKTRACE") {
            bad.push(format!("panic on stderr: {line:?}"));
        }
    }
    if let Some(c) = stderr.chars().find(|&c| c != '\n' && unsafe_char(c)) {
        bad.push(format!("raw {c:?} on stderr"));
    }
    if must_fail && stderr.lines().count() == 0 {
        bad.push(String::from("failed without saying why"));
    }
    // A run that failed before writing a report has nothing more to check.
    if o.stdout.is_empty() && o.status == Some(2) {
        return bad;
    }
    let text = String::from_utf8_lossy(&o.stdout);
    if fmt != Fmt::Json && std::str::from_utf8(&o.stdout).is_err() {
        bad.push(String::from("output is not UTF-8"));
    }
    match fmt {
        Fmt::Json => {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&o.stdout) {
                bad.push(format!("JSON does not parse: {e}"));
            }
        }
        Fmt::Human => bad.extend(check_human(&text)),
        Fmt::Html => bad.extend(check_html(&text)),
        Fmt::Github => bad.extend(check_github(&text)),
        Fmt::Markdown => bad.extend(check_markdown(&text)),
    }
    if fmt != Fmt::Json && fmt != Fmt::Human {
        if let Some(c) = text.chars().find(|&c| c != '\n' && unsafe_char(c)) {
            bad.push(format!("raw {c:?} in the report"));
        }
    }
    bad
}

/// Control characters (C0 but tab, DEL, C1) and the bidi controls of "Trojan Source".
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// The only escape sequences are SGR colours (`ESC [ digits ; … m`), and none is the colour the
/// corpus writes in its logs (38;5;199); no other control or bidi character.
fn check_human(text: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == 0x1b) {
        let at = i + p;
        let rest = &b[at + 1..];
        let len = rest
            .iter()
            .skip(1)
            .position(|c| !(c.is_ascii_digit() || *c == b';'))
            .map(|n| n + 1);
        match (rest.first(), len.and_then(|n| rest.get(n))) {
            (Some(b'['), Some(b'm')) => {}
            _ => {
                let show = String::from_utf8_lossy(&b[at..(at + 12).min(b.len())]).into_owned();
                bad.push(format!("escape sequence other than a colour: {show:?}"));
                break;
            }
        }
        i = at + 1;
    }
    if text.contains("\x1b[38;5;199m") {
        bad.push(String::from("a log's own colour code reached the terminal"));
    }
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && c != '\x1b' && unsafe_char(c))
    {
        bad.push(format!("raw {c:?} in the human report"));
    }
    bad
}

/// Tags are culprit's own (no script, image, frame, link or form) and carry no event handler
/// or `javascript:` URL.
fn check_html(text: &str) -> Vec<String> {
    const TAGS: &[&str] = &[
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "section",
        "div",
        "span",
        "p",
        "b",
        "i",
        "em",
        "strong",
        "code",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "ol",
        "ul",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "svg",
        "g",
        "line",
        "polyline",
        "rect",
        "circle",
        "text",
        "small",
        "details",
        "summary",
        "header",
        "footer",
        "br",
        "dl",
        "dt",
        "dd",
        "abbr",
        "time",
        "nav",
        "figure",
        "figcaption",
        "caption",
        "colgroup",
        "col",
    ];
    let mut bad = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find('<') {
        rest = &rest[p + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        if !TAGS.contains(&name.as_str()) {
            bad.push(format!("unexpected tag <{}>", &tag[..tag.len().min(60)]));
        }
        let lower = tag.to_ascii_lowercase();
        if lower.contains("javascript:") {
            bad.push(format!(
                "javascript: URL in <{}>",
                &tag[..tag.len().min(60)]
            ));
        }
        for attr in lower.split(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
            if attr.starts_with("on") && attr.contains('=') {
                bad.push(format!("event handler in <{}>", &tag[..tag.len().min(60)]));
            }
        }
        rest = &rest[end.min(rest.len())..];
    }
    bad
}

/// Every line is one of culprit's annotations, `::error|warning|notice props::message`, with
/// `%`, CR and LF escaped in the message and, in the properties, `:` and `,` too.
fn check_github(text: &str) -> Vec<String> {
    let mut bad = Vec::new();
    if text.contains('\r') {
        bad.push(String::from("raw CR in the annotations"));
    }
    for line in text.lines() {
        let Some(body) = ["::error", "::warning", "::notice"]
            .iter()
            .find_map(|k| line.strip_prefix(k))
        else {
            bad.push(format!("a line that is not culprit's annotation: {line:?}"));
            continue;
        };
        let Some((props, msg)) = body.split_once("::") else {
            bad.push(format!("annotation without a message: {line:?}"));
            continue;
        };
        let escaped_ok = |s: &str, allowed: &[&str]| {
            s.match_indices('%')
                .all(|(i, _)| allowed.iter().any(|a| s[i + 1..].starts_with(a)))
        };
        if !escaped_ok(msg, &["25", "0D", "0A"]) {
            bad.push(format!("unescaped % in the message: {line:?}"));
        }
        if !props.is_empty() && !props.starts_with(' ') {
            bad.push(format!("annotation kind run on: {line:?}"));
        }
        for prop in props.trim().split(',') {
            let Some((key, value)) = prop.split_once('=') else {
                bad.push(format!("property without a value: {prop:?} in {line:?}"));
                continue;
            };
            if !["file", "line", "endLine", "title", "col", "endColumn"].contains(&key) {
                bad.push(format!("unexpected property {key:?} in {line:?}"));
            }
            if value.contains(':') || !escaped_ok(value, &["25", "0D", "0A", "3A", "2C"]) {
                bad.push(format!("unescaped property value {value:?}"));
            }
        }
    }
    bad
}

/// Fenced blocks are closed; outside them every code span closes on its own line; and no HTML
/// tag stands outside code (Markdown renders inline HTML).
fn check_markdown(text: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        if let Some((c, n)) = fence {
            if indent <= 3 && run(c) >= n && trimmed.trim_start_matches(c).trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if indent <= 3 {
            if let Some(c) = ['`', '~'].into_iter().find(|&c| run(c) >= 3) {
                let info = trimmed.trim_start_matches(c);
                if c == '~' || !info.contains('`') {
                    fence = Some((c, run(c)));
                    continue;
                }
            }
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 2,
                '`' => {
                    let n = chars[i..].iter().take_while(|&&c| c == '`').count();
                    let mut j = i + n;
                    let mut closed = None;
                    while j < chars.len() {
                        if chars[j] == '`' {
                            let m = chars[j..].iter().take_while(|&&c| c == '`').count();
                            if m == n {
                                closed = Some(j + m);
                                break;
                            }
                            j += m;
                        } else {
                            j += 1;
                        }
                    }
                    match closed {
                        Some(after) => i = after,
                        None => {
                            bad.push(format!("code span left open: {line:?}"));
                            break;
                        }
                    }
                }
                '<' => {
                    if chars
                        .get(i + 1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == '/')
                    {
                        bad.push(format!("raw HTML outside code: {line:?}"));
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
    if fence.is_some() {
        bad.push(String::from("a fenced block is never closed"));
    }
    bad
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// The cases: every checked-in file, then the generated ones (written into `tmp`).
fn cases(tmp: &Path) -> Vec<Case> {
    let os = |s: &str| OsString::from(s);
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    // Each file on its own as JSON and in one of the other formats in turn (a run of the debug
    // build takes half a second, mostly building the pattern library's matcher); every format
    // sees every file in the runs of the whole folder below.
    const TURNS: [&[Fmt]; 4] = [
        &[Fmt::Json, Fmt::Human],
        &[Fmt::Json, Fmt::Markdown],
        &[Fmt::Json, Fmt::Html],
        &[Fmt::Json, Fmt::Github],
    ];
    let mut cases: Vec<Case> = files
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut c = Case::new(
                &p.file_name().unwrap().to_string_lossy(),
                &[&p.clone().into_os_string()],
            );
            c.formats = TURNS[i % TURNS.len()];
            c
        })
        .collect();
    let path = |name: &str| dir.join(name).into_os_string();

    // The whole folder at once (binary and compressed files among the logs), with every cause
    // and cluster shown.
    cases.push(Case::new("whole folder", &[&dir.clone().into_os_string()]));
    cases.push(Case::new(
        "whole folder, everything shown",
        &[&os("--top"), &os("1000"), &dir.clone().into_os_string()],
    ));
    cases.push(Case::new(
        "NUL flood read as text",
        &[&os("--text"), &path("nul-flood.log"), &path("nul-late.log")],
    ));
    // Standard input.
    let mut stdin = Case::new("stdin", &[&os("-")]);
    stdin.stdin = Some(dir.join("terminal-escapes.log"));
    cases.push(stdin);
    // Forced formats on content they do not fit.
    for f in ["json", "journal-export", "mixed", "syslog", "generic"] {
        let mut c = Case::new(
            &format!("forced {f}"),
            &[
                &os("--input-format"),
                &os(f),
                &path("deep-json.log"),
                &path("export-broken.journal"),
                &path("terminal-escapes.log"),
            ],
        );
        c.formats = &[Fmt::Json, Fmt::Html, Fmt::Github];
        cases.push(c);
    }

    // Pattern files: regexes that backtrack catastrophically elsewhere, on a line built for
    // them; and one whose automaton is too big to build (refused, with one line).
    let bait = tmp.join("bait.log");
    let mut text = Vec::new();
    for _ in 0..200 {
        text.extend_from_slice(b"ERROR ");
        text.extend_from_slice(&[b'a'; 5000]);
        text.extend_from_slice(b"!\n");
    }
    std::fs::write(&bait, text).unwrap();
    let mut c = Case::new(
        "catastrophic regexes",
        &[
            &os("--patterns"),
            &path("patterns-catastrophic"),
            &bait.clone().into_os_string(),
        ],
    );
    c.formats = &[Fmt::Json, Fmt::Human];
    cases.push(c);
    let mut huge = Case::new(
        "huge automaton",
        &[
            &os("--patterns"),
            &path("patterns-huge"),
            &path("markdown.log"),
        ],
    );
    huge.must_fail = true;
    huge.formats = &[Fmt::Json];
    cases.push(huge);

    // A pattern file nested deeper than the TOML reader recurses (refused, with one line).
    let nested = tmp.join("nested.toml");
    std::fs::write(
        &nested,
        format!("disable = {}{}\n", "[".repeat(200_000), "]".repeat(200_000)),
    )
    .unwrap();
    let mut c = Case::new(
        "deeply nested pattern file",
        &[
            &os("--patterns"),
            &nested.into_os_string(),
            &path("html.log"),
        ],
    );
    c.must_fail = true;
    c.formats = &[Fmt::Json];
    cases.push(c);

    // A 50 MB line (over the 1 MiB cap), with escapes at both ends; and 50 MB without a newline.
    let long = tmp.join("long-line.log");
    let mut text = b"2026-11-26 12:00:00 ERROR app: \x1b]0;pwned\x07 <script> ".to_vec();
    text.resize(50 << 20, b'A');
    text.extend_from_slice(b" \x1b[38;5;199m::add-mask::x\n2026-11-26 12:00:01 ERROR app: after\n");
    std::fs::write(&long, &text).unwrap();
    let no_newline = tmp.join("no-newline.log");
    text.truncate(50 << 20);
    std::fs::write(&no_newline, &text).unwrap();
    drop(text);
    let mut c = Case::new("50 MB line", &[&long.into_os_string()]);
    c.formats = &[Fmt::Human, Fmt::Json, Fmt::Github];
    cases.push(c);
    let mut c = Case::new("50 MB without a newline", &[&no_newline.into_os_string()]);
    c.formats = &[Fmt::Json, Fmt::Markdown];
    cases.push(c);

    // JSON nested 100,000 deep, and a string of 40,000 escaped backslashes.
    let deep = tmp.join("deep.log");
    let mut text = Vec::new();
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        text.extend_from_slice(b"{\"level\":\"error\",\"msg\":\"deep\",\"x\":");
        text.extend(open.repeat(100_000).bytes());
        text.extend(close.repeat(100_000).bytes());
        text.extend_from_slice(b"}\n");
    }
    text.extend_from_slice(b"{\"level\":\"error\",\"msg\":\"");
    text.extend(std::iter::repeat_n(b'\\', 80_000));
    text.extend_from_slice(b"\"}\n");
    text.extend(b"[".repeat(1_000_000));
    text.push(b'\n');
    std::fs::write(&deep, text).unwrap();
    let mut c = Case::new("deep JSON", &[&deep.into_os_string()]);
    c.formats = &[Fmt::Json, Fmt::Human, Fmt::Html];
    cases.push(c);

    // A file name made of what the reports must escape.
    let evil = tmp.join("evil \x1b]0;t\x07\u{202e} `` <script>alert(1)<\u{2215}script> ::add-mask::x %0A,:=\n::error::y.log");
    std::fs::copy(dir.join("html.log"), &evil).unwrap();
    cases.push(Case::new("hostile file name", &[&evil.into_os_string()]));

    // Baselines: a corrupt one (refused with one line) and a real one to diff against.
    let corrupt = tmp.join("corrupt.model");
    let mut bytes = b"culprit.baseline/v1\n".to_vec();
    bytes.extend_from_slice(&[0x28, 0xb5, 0x2f, 0xfd, 0xde, 0xad, 0xbe, 0xef, 0, 1, 2]);
    std::fs::write(&corrupt, bytes).unwrap();
    let mut c = Case::new(
        "corrupt baseline",
        &[
            &os("diff"),
            &os("--baseline"),
            &corrupt.into_os_string(),
            &path("html.log"),
        ],
    );
    c.must_fail = true;
    c.formats = &[Fmt::Json];
    cases.push(c);
    let model = tmp.join("good.model");
    let built = run(
        &[
            os("baseline"),
            os("build"),
            os("-o"),
            model.clone().into_os_string(),
            path("bidi.log"),
        ],
        None,
    )
    .unwrap();
    assert_eq!(
        built.status,
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    cases.push(Case::new(
        "diff against a baseline",
        &[
            &os("diff"),
            &os("--baseline"),
            &model.into_os_string(),
            &path("terminal-escapes.log"),
            &path("html.log"),
            &path("github-commands.log"),
            &path("markdown.log"),
        ],
    ));
    cases
}

#[test]
fn hostile_inputs_are_survived_and_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = cases(tmp.path());
    let jobs: Vec<(Case, Fmt)> = cases
        .iter()
        .flat_map(|c| c.formats.iter().map(move |&f| (c.clone(), f)))
        .collect();
    let next = Mutex::new(jobs.into_iter());
    let failures = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let Some((case, fmt)) = next.lock().unwrap().next() else {
                    break;
                };
                let mut args = case.args.clone();
                // `diff` takes the format after its name, like every flag.
                args.extend(fmt.args().iter().map(OsString::from));
                let t = Instant::now();
                let result = run(&args, case.stdin.as_deref());
                if t.elapsed() > Duration::from_secs(5) {
                    eprintln!("slow: {} ({fmt:?}) took {:?}", case.name, t.elapsed());
                }
                let problems = match result {
                    Ok(o) => check(fmt, &o, case.must_fail),
                    Err(e) => vec![e],
                };
                if !problems.is_empty() {
                    failures.lock().unwrap().push(format!(
                        "{} ({fmt:?}):\n    {}",
                        case.name,
                        problems.join("\n    ")
                    ));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} hostile run(s) failed (after {:?}):\n{}",
        failures.len(),
        started.elapsed(),
        failures.join("\n")
    );
}

/// The checks themselves catch what they are for.
#[test]
fn the_checks_catch_unsafe_output() {
    let o = |s: &str, status| Outcome {
        status: Some(status),
        stdout: s.as_bytes().to_vec(),
        stderr: Vec::new(),
    };
    assert!(check(Fmt::Human, &o("\x1b[1mok\x1b[0m\n", 0), false).is_empty());
    assert!(!check(Fmt::Human, &o("\x1b]0;t\x07\n", 0), false).is_empty());
    assert!(!check(Fmt::Human, &o("\x1b[38;5;199mx\n", 0), false).is_empty());
    assert!(!check(Fmt::Human, &o("a\u{202e}b\n", 0), false).is_empty());
    assert!(!check(Fmt::Json, &o("{\"a\":", 0), false).is_empty());
    assert!(check(
        Fmt::Html,
        &o("<p class=\"x\">a &lt;script&gt;</p>", 0),
        false
    )
    .is_empty());
    assert!(!check(Fmt::Html, &o("<p><script>x</script></p>", 0), false).is_empty());
    assert!(!check(Fmt::Html, &o("<p title=\"\" onerror=\"x\">", 0), false).is_empty());
    assert!(check(
        Fmt::Github,
        &o("::error file=a.log,line=3,title=t%3A x::m %25 %0A\n", 0),
        false
    )
    .is_empty());
    assert!(!check(Fmt::Github, &o("::error::m\n::add-mask::x\n", 0), false).is_empty());
    assert!(!check(Fmt::Github, &o("::error::100% done\n", 0), false).is_empty());
    assert!(check(
        Fmt::Markdown,
        &o("a ``x ` y`` b\n```text\n`\n```\n", 0),
        false
    )
    .is_empty());
    assert!(!check(Fmt::Markdown, &o("a `x `` b\n", 0), false).is_empty());
    assert!(!check(Fmt::Markdown, &o("```text\nx\n", 0), false).is_empty());
    assert!(!check(Fmt::Markdown, &o("a <img src=x>\n", 0), false).is_empty());
    assert!(!check(Fmt::Json, &o("", 101), false).is_empty());
    let mut panicked = o("", 2);
    panicked.stderr = b"thread 'main' panicked at src/x.rs:1:1:\n".to_vec();
    assert!(!check(Fmt::Json, &panicked, false).is_empty());
}
