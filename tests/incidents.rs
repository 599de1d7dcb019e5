//! Generated production incidents whose cause is not the last error: the ranking must put the
//! cause first, through the binary and its JSON report.

use assert_cmd::Command;
use culprit::testgen::{self, Config, Scenario};

fn top_cause(scenario: Scenario) -> (serde_json::Value, testgen::GroundTruth) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{}.log", scenario.name()));
    let mut cfg = Config::new(3 << 20, 7);
    cfg.scenario = Some(scenario);
    let file = std::fs::File::create(&path).unwrap();
    let summary = testgen::generate(&cfg, std::io::BufWriter::new(file)).unwrap();
    let truth = summary.truth.expect("a scenario has a ground truth");
    let out = Command::cargo_bin("culprit")
        .unwrap()
        .env("TZ", "UTC")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .args(["analyze", "--format", "json", "-q"])
        .arg(&path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (report["causes"][0].clone(), truth)
}

fn assert_cause_first(scenario: Scenario) {
    let (top, truth) = top_cause(scenario);
    let lines: Vec<u64> = top["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert!(
        lines.iter().any(|l| truth.cause_lines.contains(l)),
        "{}: the first cause {} shows lines {lines:?}, the cause is at {}",
        scenario.name(),
        top["id"],
        truth.cause_line
    );
    assert!(top["at_onset"].as_bool().unwrap(), "{top}");
}

#[test]
fn oom_kill_before_connection_refusals() {
    assert_cause_first(Scenario::Oom);
}

#[test]
fn full_disk_before_write_failures() {
    assert_cause_first(Scenario::DiskFull);
}

#[test]
fn expired_certificate_before_handshake_failures() {
    assert_cause_first(Scenario::CertExpired);
}

#[test]
fn dns_outage_before_timeouts() {
    assert_cause_first(Scenario::DnsOutage);
}
