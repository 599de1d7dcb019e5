//! Decompression sniffing and streaming: whatever the first bytes, opening never panics, and a
//! stream that is no compressed format comes back unchanged. Also round-trips the input
//! through gzip and zstd, then cuts and corrupts the compressed form. Decoding (`--encoding`
//! auto and a named UTF-16) never panics, and passes text it does not decode through unchanged
//! (a UTF-8 byte-order mark dropped).
#![no_main]

use std::io::{Read, Write};

use culprit::source::{decode, decompress, TextEncoding};
use libfuzzer_sys::fuzz_target;

/// Reads at most 8 MiB of what the stream decompresses to (a bomb is read as a stream in real
/// runs; here it only has to not crash).
fn drain(bytes: Vec<u8>) -> (Option<Vec<u8>>, bool) {
    match decompress(Box::new(std::io::Cursor::new(bytes))) {
        Err(_) => (None, false),
        Ok((r, c)) => {
            let mut out = Vec::new();
            let ok = r.take(8 << 20).read_to_end(&mut out).is_ok();
            (ok.then_some(out), c.is_some())
        }
    }
}

/// What `decode` makes of `bytes`: the text, and whether it was transcoded.
fn decoded(bytes: &[u8], text: TextEncoding) -> (Vec<u8>, bool) {
    let (r, e) = decode(Box::new(std::io::Cursor::new(bytes.to_vec())), text).expect("in memory");
    let mut out = Vec::new();
    r.take(8 << 20).read_to_end(&mut out).expect("decoding never fails");
    (out, e.is_some())
}

fuzz_target!(|data: &[u8]| {
    let (text, transcoded) = decoded(data, TextEncoding::Auto);
    if !transcoded {
        let body = data.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(data);
        assert_eq!(text, body, "text not decoded changed");
    }
    let _ = decoded(data, TextEncoding::from_label("utf-16be").expect("a label"));
    let (out, compressed) = drain(data.to_vec());
    if !compressed {
        assert_eq!(out.as_deref(), Some(data), "plain input changed");
    }
    let Some((&cut, body)) = data.split_first() else {
        return;
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(body).unwrap();
    let gz = gz.finish().unwrap();
    assert_eq!(
        drain(gz.clone()).0.as_deref(),
        Some(body),
        "gzip round trip"
    );
    let zs = zstd::encode_all(body, 1).unwrap();
    assert_eq!(
        drain(zs.clone()).0.as_deref(),
        Some(body),
        "zstd round trip"
    );
    // Truncated and corrupted members: an error or some bytes, never a crash.
    for mut c in [gz, zs] {
        let at = cut as usize % c.len();
        let mut t = c[..at].to_vec();
        t.extend_from_slice(body);
        let _ = drain(t);
        c[at] ^= 0x5a;
        let _ = drain(c);
    }
});
