//! The only layer that touches the filesystem. It lists a package's files and reads each one as bytes;
//! it never executes, imports or follows anything.

mod decode;
mod walker;

pub use decode::{binary_format, decode_file, decode_text, BinaryFormat, Decoded, TextEncoding};
pub use walker::{
    walk_dir, ArchiveEntry, EntrySource, FileEntry, FileSource, WalkError, WalkOptions, Walked,
};
