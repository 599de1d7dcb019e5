//! Saved-baseline loading: any bytes after the header line (raw, or compressed with zstd as a
//! saved baseline is) load or fail with a message; a loaded model answers look-ups.
#![no_main]

use culprit::diff::model;
use libfuzzer_sys::fuzz_target;

fn check(bytes: &[u8]) {
    let _ = model::is_model(bytes);
    match model::load(&mut &bytes[..]) {
        Ok(mut m) => {
            let _ = m.find("connection refused");
            let _ = m.group(".");
            let _ = m.group_lines(None);
            let _ = m.neighbours();
            let other = m.clone();
            m.merge(&other);
            let mut out = Vec::new();
            model::save(&m, &mut out).expect("save to memory");
            model::load(&mut &out[..]).expect("a saved model loads");
        }
        Err(e) => assert!(!e.is_empty() && !e.contains('\n'), "error: {e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    check(data);
    let mut framed = format!("{}\n", model::FORMAT).into_bytes();
    framed.extend_from_slice(&zstd::encode_all(data, 1).unwrap());
    check(&framed);
});
