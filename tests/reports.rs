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
        md.contains("**Most likely cause: Kernel OOM killer"),
        "{md}"
    );
    assert!(md.contains("### What to do next"), "{md}");
    // Log backticks sit in a longer fence (code spans) or are escaped (plain text).
    let crafted: Vec<&str> = md.lines().filter(|l| l.contains("add-mask")).collect();
    assert!(!crafted.is_empty(), "the crafted line is listed: {md}");
    for line in crafted {
        let in_block = line.starts_with("<stdin>:") && md.contains("````text\n");
        assert!(
            in_block || line.contains("```` ") || line.contains(r"\`\`\`"),
            "log backticks must not close anything: {line}"
        );
    }
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

/// A browser installed here (Debian's `chromium`), or `None` with a note.
fn browser() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        eprintln!("skipped: no headless browser (install Debian's chromium to run this check)");
    }
    found
}

/// The page opened in a real browser: it renders (a screenshot is taken), and the scripts a
/// log line tried to plant did not run (the DOM after load carries no mark of them).
#[test]
fn html_report_renders_in_a_browser_and_no_log_script_runs() {
    let Some(browser) = browser() else { return };
    let log = "Nov 26 12:02:40 db-1 kernel: Out of memory: Killed process 812 (postgres)\n\
        Nov 26 12:02:41 web-1 app[7]: ERROR <script>document.documentElement.setAttribute('data-pwned','1')</script>\n\
        Nov 26 12:02:42 web-1 app[7]: ERROR \"><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\">\n";
    let mut cmd = Command::cargo_bin("culprit").unwrap();
    let html = cmd
        .args(["--format", "html"])
        .write_stdin(log)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let url = format!("file://{}", page.display());
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
    ];
    let dom = std::process::Command::new(browser)
        .args(common)
        .args(["--dump-dom", &url])
        .output()
        .expect("the browser runs");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("Kernel OOM killer"),
        "the page did not load: {dom}"
    );
    assert!(
        !dom.contains("data-pwned=\""),
        "a script from the log ran: {dom}"
    );
    let shot = dir.path().join("shot.png");
    std::process::Command::new(browser)
        .args(common)
        .arg(format!("--screenshot={}", shot.display()))
        .args(["--window-size=1000,1200", &url])
        .output()
        .expect("the browser runs");
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "screenshot of {} bytes",
        png.len()
    );
}

#[test]
fn html_charts_each_problem_cluster_over_time_with_the_onset_marked() {
    // A steady trickle of one warning, then a new error just before a storm of another.
    let mut log = String::new();
    for s in 0..120u32 {
        let (m, sec) = (s / 60, s % 60);
        log.push_str(&format!(
            "2026-11-26 12:{m:02}:{sec:02},000 WARN [pool] app.Db - slow query took {} ms\n",
            100 + s
        ));
    }
    log.push_str(
        "2026-11-26 12:02:00,000 ERROR [main] app.Store - backing store /srv/data vanished\n",
    );
    for s in 1..60u32 {
        for k in 0..20u32 {
            log.push_str(&format!(
                "2026-11-26 12:02:{s:02},{k:03} ERROR [http-{k}] app.Api - request {} failed: store unavailable\n",
                s * 100 + k
            ));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("storm.log");
    std::fs::write(&path, log).unwrap();
    let out = Command::cargo_bin("culprit")
        .unwrap()
        .env("TZ", "UTC")
        .args(["--format", "html", "--timezone", "UTC"])
        .arg(&path)
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let chart = html
        .split("<h2>Problems over time, per cluster</h2>")
        .nth(1)
        .expect("the page charts problem clusters");
    let chart = chart.split("</table>").next().unwrap();
    // One line per cluster: the trickle, the vanished store and the storm.
    assert_eq!(chart.matches("<polyline").count(), 3, "{chart}");
    assert!(chart.contains(">onset</text>"), "{chart}");
    // The legend names the cluster behind the first cause.
    let legend = chart.split("<th>shows</th>").nth(1).expect("a legend");
    let legend_row = legend
        .split("<tr>")
        .find(|row| row.contains("backing store"))
        .expect("the new error is charted");
    assert!(legend_row.contains("cause 1"), "{legend_row}");
}

#[test]
fn gitlab_format_is_a_code_quality_report_with_stable_fingerprints() {
    let out = run("gitlab", &[]);
    let issues: serde_json::Value = serde_json::from_str(&out).expect("a JSON document");
    let issues = issues.as_array().expect("an array of issues");
    assert!(!issues.is_empty(), "{out}");
    let allowed = ["info", "minor", "major", "critical", "blocker"];
    for i in issues {
        assert!(
            i["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{i}"
        );
        assert!(
            i["check_name"].as_str().unwrap().starts_with("culprit."),
            "{i}"
        );
        assert!(allowed.contains(&i["severity"].as_str().unwrap()), "{i}");
        assert_eq!(i["fingerprint"].as_str().unwrap().len(), 16, "{i}");
        assert!(i["location"]["path"].is_string(), "{i}");
        assert!(
            i["location"]["lines"]["begin"].as_u64().unwrap() >= 1,
            "{i}"
        );
    }
    // The same input gives the same fingerprints: GitLab tells new issues by them.
    assert_eq!(out, run("gitlab", &[]));
}
