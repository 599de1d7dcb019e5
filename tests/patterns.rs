//! `culprit patterns` and pattern hits in reports, through the binary.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn culprit() -> Command {
    let mut cmd = Command::cargo_bin("culprit").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .env("XDG_CONFIG_HOME", "/nonexistent");
    cmd
}

const USER_PATTERN: &str = r#"
[[pattern]]
id = "shop.cart-lost"
title = "The cart service lost a cart"
category = "database"
severity = "high"
role = "cause"
literals = ["lost cart"]
regex = 'lost cart (?P<cart>\d+)'
explanation = "Cart {cart} was lost."
remediation = ["Restore cart {cart} from the backup."]
examples.match = [{ line = "ERROR lost cart 42", fields = { cart = "42" } }, "lost cart 7 again"]
examples.no_match = ["found cart 42"]
"#;

#[test]
fn list_json_has_the_contract_fields() {
    let out = culprit()
        .args(["patterns", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert!(!items.is_empty());
    for p in items {
        for key in [
            "id", "title", "category", "severity", "role", "source", "examples",
        ] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        assert!(p["examples"]["match"].as_u64().unwrap() >= 2, "{p}");
        assert!(p["examples"]["no_match"].as_u64().unwrap() >= 1, "{p}");
    }
}

#[test]
fn the_builtin_library_passes_patterns_test() {
    culprit()
        .args(["patterns", "test"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 failed"));
}

#[test]
fn explain_jsonl_gives_one_object_per_input_line() {
    let input = "Nov 26 12:02:40 db-1 kernel: Out of memory: Killed process 812 (postgres) total-vm:8123400kB\nall good\n";
    let out = culprit()
        .args(["patterns", "explain", "--format", "jsonl"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[0]["matches"][0]["id"], "linux.oom-killer");
    assert_eq!(lines[0]["matches"][0]["severity"], "critical");
    assert_eq!(lines[0]["matches"][0]["role"], "cause");
    assert_eq!(lines[1], serde_json::json!({"line": 2, "matches": []}));
}

#[test]
fn user_patterns_are_loaded_tested_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.toml"), USER_PATTERN).unwrap();
    culprit()
        .args(["patterns", "--no-builtin-patterns", "test"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 patterns, 3 examples: 1 passed, 0 failed",
        ));
    let log = dir.path().join("app.log");
    std::fs::write(
        &log,
        "2026-11-26 12:00:00,000 INFO ok\n2026-11-26 12:00:01,000 ERROR lost cart 42\n",
    )
    .unwrap();
    let out = culprit()
        .arg(&log)
        .arg("--patterns")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cause = &v["causes"][0];
    assert_eq!(cause["id"], "shop.cart-lost");
    assert_eq!(cause["kind"], "pattern");
    assert_eq!(cause["rank"], 1);
    assert_eq!(cause["evidence"][0]["line"], 2);
    assert_eq!(
        cause["evidence"][0]["text"],
        "2026-11-26 12:00:01,000 ERROR lost cart 42"
    );
    assert_eq!(cause["fields"]["cart"], "42");
    assert_eq!(cause["explanation"], "Cart 42 was lost.");
    assert_eq!(cause["remediation"][0], "Restore cart 42 from the backup.");
}

#[test]
fn a_failing_example_is_named_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let broken = USER_PATTERN.replace("\"found cart 42\"", "\"lost cart 9\"");
    std::fs::write(dir.path().join("shop.toml"), broken).unwrap();
    culprit()
        .args(["patterns", "--no-builtin-patterns", "test"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "shop.toml:3: pattern 'shop.cart-lost': matches \"lost cart 9\", which it must not",
        ));
}

#[test]
fn a_broken_pattern_file_is_one_error_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (what, text, expect) in [
        (
            "bad regex",
            USER_PATTERN.replace(r"(?P<cart>\d+)", r"(?P<cart>\d+"),
            "pattern 'shop.cart-lost': bad regex",
        ),
        (
            "unknown key",
            USER_PATTERN.replace("role = \"cause\"", "role = \"cause\"\nseverty = \"x\""),
            "unknown field",
        ),
        (
            "duplicate id",
            format!("{USER_PATTERN}{USER_PATTERN}"),
            "duplicate id",
        ),
    ] {
        std::fs::write(dir.path().join("shop.toml"), &text).unwrap();
        let out = culprit()
            .arg("--patterns")
            .arg(dir.path())
            .arg("/dev/null")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{what}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{what}: {stderr}");
        assert!(
            stderr.starts_with("culprit: ")
                && stderr.contains("shop.toml:")
                && stderr.contains(expect),
            "{what}: {stderr}"
        );
    }
}

#[test]
fn fail_on_exits_1_when_a_cause_reaches_the_severity() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/checkout-outage.log");
    culprit()
        .arg(&sample)
        .args(["--fail-on", "critical", "--format", "json"])
        .assert()
        .code(1);
    culprit()
        .arg(&sample)
        .args(["--format", "json"])
        .assert()
        .code(0);
    culprit()
        .arg(&sample)
        .args(["--fail-on", "high", "--no-builtin-patterns"])
        .assert()
        .code(0);
}

/// Real error messages and benign near misses that the patterns' examples do not contain
/// (`tests/fixtures/heldout/*.tsv`, `<category>\t<line>`, `-` for a benign line): at least 80%
/// of the errors must be recognised with their category, at most 10% of the near misses may
/// raise a match.
#[test]
fn heldout_messages_are_recognised_and_near_misses_are_not() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/heldout");
    let mut rows: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let (cat, msg) = line.split_once('\t').expect("category<TAB>line");
            rows.push((cat.to_string(), msg.to_string()));
        }
    }
    let input: String = rows.iter().map(|(_, m)| format!("{m}\n")).collect();
    let out = culprit()
        .args(["patterns", "explain", "--format", "jsonl"])
        .write_stdin(input)
        .output()
        .unwrap();
    let results: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), rows.len());
    let (mut errors, mut recognised, mut benign, mut false_alarms) = (0, 0, 0, 0);
    let mut missed = Vec::new();
    for ((cat, msg), r) in rows.iter().zip(&results) {
        let cats: Vec<&str> = r["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["category"].as_str().unwrap())
            .collect();
        if cat == "-" {
            benign += 1;
            if !cats.is_empty() {
                false_alarms += 1;
                missed.push(format!("false alarm {cats:?}: {msg}"));
            }
        } else {
            errors += 1;
            if cats.contains(&cat.as_str()) {
                recognised += 1;
            } else {
                missed.push(format!("missed ({cat}, got {cats:?}): {msg}"));
            }
        }
    }
    let recall = recognised as f64 / errors as f64;
    let fp = false_alarms as f64 / benign as f64;
    eprintln!("held-out: {recognised}/{errors} errors recognised ({:.1}%), {false_alarms}/{benign} near misses matched ({:.1}%)", recall * 100.0, fp * 100.0);
    for m in &missed {
        eprintln!("  {m}");
    }
    assert!(recall >= 0.8, "recall {recall:.3} below 0.8");
    assert!(fp <= 0.1, "false-positive rate {fp:.3} above 0.1");
}

#[test]
fn a_format_or_size_check_that_failed_the_job_is_its_cause_not_the_npm_lines_after_it() {
    // Prettier 3.10 and size-limit 12.1 as they print their verdicts (`prettier --check`,
    // `npx size-limit`), inside a Travis step run by npm. Both failed the job on purpose; the
    // npm lines after them and size-limit's hint only report it. The hint ranked first, as
    // the step's last words.
    let job = |output: &str| {
        format!(
            "travis_time:start:1a2b$ npm test\n\n> shop@1.0.0 test\n> npm run check\n\n{output}\
npm ERR! code ELIFECYCLE\nnpm ERR! errno 1\nnpm ERR! shop@1.0.0 test: `npm run check`\n\
npm ERR! Exit status 1\n\
The command \"npm test\" exited with 1.\n"
        )
    };
    for (output, id) in [
        (
            "Checking formatting...\n[warn] ugly.js\n[warn] ugly2.js\n\
[warn] Code style issues found in 2 files. Run Prettier with --write to fix.\n",
            "test.prettier-check",
        ),
        (
            "  \n  Package size limit has exceeded by 29.56 kB\n  Size limit: 1 kB\n  \
Size:       30.56 kB brotlied\n  \n  \
Try to reduce size or increase limit in \"size-limit\" section of package.json\n",
            "build.size-limit-exceeded",
        ),
    ] {
        let out = culprit()
            .args(["--format", "json", "--input-format", "raw"])
            .write_stdin(job(output))
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["causes"][0]["id"], id, "{}", v["causes"]);
    }
}
