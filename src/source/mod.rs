//! Sources: what the user named, opened and cut into line-aligned chunks.
//!
//! This module owns everything between a path on the command line and a buffer of whole lines:
//! walking folders, opening files and stdin, recognising compression by magic bytes and
//! decompressing as a stream, reading the members of archives (tar, zip) as inputs of their own,
//! reading UTF-16 (and encodings the user names) as UTF-8, spotting
//! binary content, and reading in blocks into reusable buffers that end at a line boundary. It does not parse lines (`record`) and does not decide
//! what runs in parallel (`engine`).

mod archive;
mod chunk;
mod open;
mod walk;

pub use archive::{package_extension, Archive, ArchiveCut, ArchiveKind, Member, MAX_NESTING};
pub use chunk::{ChunkBuf, ChunkReader, ChunkStats, BLOCK_SIZE};
pub use open::{decode, decompress, open, open_stream, Compression, Content, Opened, TextEncoding};
pub use walk::{expand, io_reason, ExpandError, Input, InputKind};
