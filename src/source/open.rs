//! Opening an input: recognising compression by its magic bytes and decompressing as a stream.

use std::fs::File;
use std::io::{self, Read};

use super::walk::{Input, InputKind};

/// Compression recognised from the first bytes of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
    Bzip2,
    Xz,
}

impl Compression {
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
        }
    }

    fn sniff(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(Compression::Zstd)
        } else if head.starts_with(b"BZh") && head.get(3).is_some_and(|b| (b'1'..=b'9').contains(b))
        {
            Some(Compression::Bzip2)
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Some(Compression::Xz)
        } else {
            None
        }
    }
}

/// An opened input: a reader of its (decompressed) bytes and what is known about it.
pub struct Opened {
    pub reader: Box<dyn Read + Send>,
    pub compression: Option<Compression>,
    /// Size on disk of a regular file (compressed size for a compressed one).
    pub size: Option<u64>,
    /// Modification time of a regular file: year-less timestamps are inferred against it.
    pub modified: Option<std::time::SystemTime>,
}

/// Opens an input and wraps it in the decompressor its first bytes call for.
pub fn open(input: &Input) -> io::Result<Opened> {
    let (raw, size, modified): (Box<dyn Read + Send>, _, _) = match &input.kind {
        InputKind::Stdin => (Box::new(io::stdin()), None, None),
        InputKind::File(path) => {
            let file = File::open(path)?;
            let meta = file.metadata()?;
            if meta.is_dir() {
                return Err(io::Error::other("is a folder"));
            }
            let size = meta.is_file().then_some(meta.len());
            (Box::new(file), size, meta.modified().ok())
        }
    };
    let (reader, compression) = decompress(raw)?;
    Ok(Opened {
        reader,
        compression,
        size,
        modified,
    })
}

/// Sniffs a stream's first bytes and wraps it in the decompressor they call for (`open` on an
/// already opened stream; public as a hook for the fuzz targets in `fuzz/`).
#[doc(hidden)]
pub fn decompress(
    raw: Box<dyn Read + Send>,
) -> io::Result<(Box<dyn Read + Send>, Option<Compression>)> {
    let (head, rest) = peek(raw, 6)?;
    let compression = Compression::sniff(&head);
    let joined = io::Cursor::new(head).chain(rest);
    let reader: Box<dyn Read + Send> = match compression {
        None => Box::new(joined),
        Some(Compression::Gzip) => Box::new(flate2::read::MultiGzDecoder::new(joined)),
        Some(Compression::Zstd) => Box::new(zstd::stream::read::Decoder::new(joined)?),
        Some(Compression::Bzip2) => Box::new(bzip2::read::MultiBzDecoder::new(joined)),
        Some(Compression::Xz) => Box::new(liblzma::read::XzDecoder::new_multi_decoder(joined)),
    };
    Ok((reader, compression))
}

/// Reads up to `n` bytes, retrying short reads (pipes deliver what they have), and returns them
/// with the reader positioned after them.
fn peek(mut r: Box<dyn Read + Send>, n: usize) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut head = vec![0u8; n];
    let mut filled = 0;
    while filled < n {
        match r.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(k) => filled += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    head.truncate(filled);
    Ok((head, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(path: &std::path::Path) -> (Vec<u8>, Option<Compression>) {
        let mut o = open(&Input::file(path)).unwrap();
        let mut out = Vec::new();
        o.reader.read_to_end(&mut out).unwrap();
        (out, o.compression)
    }

    #[test]
    fn compression_is_recognised_by_content_not_name() {
        let dir = tempfile::tempdir().unwrap();
        let text = b"line one\nline two\n";

        let gz = dir.path().join("a.log");
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text).unwrap();
        let mut bytes = e.finish().unwrap();
        // A second gzip member, as `cat a.gz b.gz` makes.
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"line three\n").unwrap();
        bytes.extend(e.finish().unwrap());
        std::fs::write(&gz, bytes).unwrap();
        assert_eq!(
            read_all(&gz),
            (
                b"line one\nline two\nline three\n".to_vec(),
                Some(Compression::Gzip)
            )
        );

        let zst = dir.path().join("b.txt");
        std::fs::write(&zst, zstd::encode_all(&text[..], 1).unwrap()).unwrap();
        assert_eq!(read_all(&zst), (text.to_vec(), Some(Compression::Zstd)));

        let bz = dir.path().join("c");
        let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        e.write_all(text).unwrap();
        std::fs::write(&bz, e.finish().unwrap()).unwrap();
        assert_eq!(read_all(&bz), (text.to_vec(), Some(Compression::Bzip2)));

        let xz = dir.path().join("d.gz");
        let mut e = liblzma::write::XzEncoder::new(Vec::new(), 1);
        e.write_all(text).unwrap();
        std::fs::write(&xz, e.finish().unwrap()).unwrap();
        assert_eq!(read_all(&xz), (text.to_vec(), Some(Compression::Xz)));

        let plain = dir.path().join("e.gz");
        std::fs::write(&plain, text).unwrap();
        assert_eq!(read_all(&plain), (text.to_vec(), None));
    }
}
