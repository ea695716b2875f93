//! The only layer that touches the filesystem. It lists a package's files and reads each one as bytes;
//! it never executes, imports or follows anything.

mod decode;
mod escaped_name;
mod installer_reads;
mod open;
mod single_file;
mod walker;

pub use decode::{binary_format, decode_file, decode_text, BinaryFormat, Decoded, TextEncoding};
pub use escaped_name::escaped_name;
pub use installer_reads::{read_by_installer, size_limit_for, DEFAULT_MAX_MANIFEST_SIZE};
pub use single_file::walk_single_file;
pub use walker::{
    walk_dir, walk_dir_pruned, ArchiveEntry, EntrySource, FileEntry, FileSource, WalkError,
    WalkOptions, Walked,
};
