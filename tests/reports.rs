//! Each report format through the binary, on a log whose lines try to act on the reader:
//! markup, workflow commands and backticks must arrive as text.

use assert_cmd::Command;

/// An OOM kill (a known cause) among lines crafted to break out of each format.
const HOSTILE: &str = "\
Nov 26 12:02:40 db-1 kernel: Out of memory: Killed process 812 (postgres) total-vm:8123400kB\n\
Nov 26 12:02:41 web-1 app[7]: ERROR connect to 10.0.0.5:5432 failed: Connection refused <script>alert(1)</script>\n\
Nov 26 12:02:42 web-1 app[7]: ERROR \"><img src=x onerror=alert(2)> ::add-mask::secret %0A ```\n\
Nov 26 12:02:43 web-1 app[7]: ERROR connect to 10.0.0.6:5432 failed: Connection refused [x](javascript:alert(3))\n";

fn run(format: &str, env: &[(&str, &str)]) -> String {
    let mut cmd = Command::cargo_bin("culprit").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["--format", format, "--timezone", "UTC"])
        .write_stdin(HOSTILE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("reports are UTF-8")
}

#[test]
fn markdown_names_the_cause_and_keeps_log_text_inert() {
    let md = run("markdown", &[]);
    assert!(
        md.contains("**Most likely cause:** Kernel OOM killer"),
        "{md}"
    );
    assert!(md.contains("### What to do next"), "{md}");
    // Log text sits in fenced blocks longer than any backtick run it holds.
    let line = md
        .lines()
        .find(|l| l.contains("add-mask"))
        .expect("the crafted line is listed");
    assert!(
        line.contains("```` "),
        "the code span's fence must outgrow the log's ```: {line}"
    );
    for line in md.lines() {
        if line.contains("javascript:") && !line.starts_with("<stdin>") {
            assert!(
                line.contains('`') || line.contains("\\["),
                "a link escaped from code: {line}"
            );
        }
    }
}

#[test]
fn html_is_self_contained_and_escapes_log_text() {
    let html = run("html", &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Kernel OOM killer"), "{html}");
    assert!(!html.contains("<script"), "a script tag came through");
    assert!(!html.contains("<img"), "an img tag came through");
    assert!(html.contains("&lt;script&gt;") || !html.contains("alert(1)"));
    for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(attr), "external load {attr}");
    }
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn github_annotations_cannot_be_turned_into_commands() {
    let gh = run("github", &[]);
    let lines: Vec<&str> = gh.lines().collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(
            l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "),
            "every line is one annotation: {l}"
        );
        assert!(!l.starts_with("::add-mask::"), "{l}");
    }
    assert!(lines[0].contains("Kernel OOM killer"), "{gh}");
    assert!(
        gh.contains("::add-mask::secret %250A") || !gh.contains("add-mask"),
        "{gh}"
    );
}

#[test]
fn github_format_appends_the_summary_to_the_step_summary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.md");
    std::fs::write(&path, "earlier step\n").unwrap();
    run("github", &[("GITHUB_STEP_SUMMARY", path.to_str().unwrap())]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("earlier step\n"), "appended, not replaced");
    assert!(text.contains("## Incident summary"), "{text}");
}
