//! Feeding a target's files to the scanner in parallel without holding the package in memory.
//!
//! Files on disk, in memory, or in a zip (random access) are read by whichever thread scans them, so at
//! most one file per thread is in memory. The entries of a tar stream can only be reached in order: one
//! thread decompresses them in a single pass and hands each file to the scanning threads as it comes out,
//! waiting while more than [`IN_FLIGHT_BYTES`] are read but not yet scanned. Results come back in the
//! order of `files`, whichever way they were read, so output does not depend on it.

use crate::memory::{release_freed_memory, HEAVY_FILE_BYTES, LARGE_FILE_BYTES};
use rayon::iter::{
    IndexedParallelIterator, IntoParallelRefIterator, ParallelBridge, ParallelIterator,
};
use skill_scan_walk::{EntrySource, FileEntry, FileSource};
use std::sync::{mpsc, Arc, Condvar, Mutex};

/// Bytes of a tar stream decompressed but not yet scanned, at most (one larger file is let through alone).
pub(crate) const IN_FLIGHT_BYTES: u64 = 16 << 20;

/// An in-order source, with the (entry index, position in the listing) of each of its files to scan.
type Stream = (Arc<dyn EntrySource>, Vec<(usize, usize)>);

/// `scan` applied to each file and the result of reading it (at most `max` bytes), in the order of `files`.
pub(crate) fn scan_files<'f, T, F>(files: &'f [FileEntry], max: u64, scan: F) -> Vec<T>
where
    T: Send,
    F: Fn(&'f FileEntry, Result<Vec<u8>, String>) -> T + Sync,
{
    let mut direct = Vec::new();
    let mut streams: Vec<Stream> = Vec::new();
    for (pos, file) in files.iter().enumerate() {
        match &file.source {
            FileSource::Archive(entry) if entry.source.in_order_only() => {
                match streams.iter_mut().find(|(s, _)| entry.same_source(s)) {
                    Some((_, wanted)) => wanted.push((entry.index, pos)),
                    None => streams.push((entry.source.clone(), vec![(entry.index, pos)])),
                }
            }
            _ => direct.push(pos),
        }
    }

    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(files.len()).collect();
    // Largest first, one file per task: a big bundle started last would leave the other cores idle
    // while it finishes. The heaviest files are one task, scanned one after another, so their trees
    // are never held at once (see `crate::memory`).
    direct.sort_by_key(|&pos| std::cmp::Reverse(files[pos].size));
    let heavy = direct
        .iter()
        .take_while(|&&pos| files[pos].size >= HEAVY_FILE_BYTES)
        .count();
    let mut tasks: Vec<&[usize]> = Vec::with_capacity(direct.len());
    if heavy > 0 {
        tasks.push(&direct[..heavy]);
    }
    tasks.extend(direct[heavy..].chunks(1));
    let done: Vec<(usize, T)> = tasks
        .par_iter()
        .with_max_len(1)
        .flat_map_iter(|task| {
            task.iter()
                .map(|&pos| {
                    let result = scan(&files[pos], files[pos].read(max));
                    if files[pos].size >= LARGE_FILE_BYTES {
                        release_freed_memory();
                    }
                    (pos, result)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    for (pos, result) in done {
        slots[pos] = Some(result);
    }
    for (source, mut wanted) in streams {
        wanted.sort_unstable();
        for (pos, result) in stream(source.as_ref(), &wanted, files, max, &scan) {
            slots[pos] = Some(result);
        }
    }
    slots
        .into_iter()
        .zip(files)
        .map(|(slot, file)| {
            slot.unwrap_or_else(|| scan(file, Err("unreadable: not reached in the archive".into())))
        })
        .collect()
}

/// Reads `wanted` (entry index, position; sorted by index) from `source` in one pass on a thread of its
/// own, scanning each file on the rayon pool as it comes out.
fn stream<'f, T, F>(
    source: &dyn EntrySource,
    wanted: &[(usize, usize)],
    files: &'f [FileEntry],
    max: u64,
    scan: &F,
) -> Vec<(usize, T)>
where
    T: Send,
    F: Fn(&'f FileEntry, Result<Vec<u8>, String>) -> T + Sync,
{
    let budget = Budget::default();
    let indices: Vec<usize> = wanted.iter().map(|(index, _)| *index).collect();
    let position = |index: usize| {
        wanted
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .map(|at| wanted[at].1)
    };
    // A few files queued ahead keep the scanning threads busy; the byte budget bounds what they hold.
    let (sender, receiver) = mpsc::sync_channel::<(usize, Held<'_>)>(64);
    std::thread::scope(|scope| {
        let budget = &budget;
        let indices = &indices;
        // The reader is a thread outside the rayon pool, so waiting for the budget never holds up a scan.
        scope.spawn(move || {
            source.read_in_order(indices, max, &mut |index, read| {
                let held = Held::new(budget, read);
                sender.send((index, held)).is_ok()
            });
        });
        receiver
            .into_iter()
            .par_bridge()
            .filter_map(|(index, mut held)| {
                let read = std::mem::replace(&mut held.read, Ok(Vec::new()));
                // `held` gives its bytes back to the budget when dropped, after the scan (or a panic).
                position(index).map(|pos| {
                    let result = scan(&files[pos], read);
                    if files[pos].size >= LARGE_FILE_BYTES {
                        release_freed_memory();
                    }
                    (pos, result)
                })
            })
            .collect()
    })
}

/// What reading one file gave, counted against the budget until it is dropped: scanned, or thrown away
/// unscanned (so a scan that panics never leaves the reader waiting for room).
struct Held<'b> {
    read: Result<Vec<u8>, String>,
    weight: u64,
    budget: &'b Budget,
}

impl<'b> Held<'b> {
    /// Waits for room in `budget`, then holds it.
    fn new(budget: &'b Budget, read: Result<Vec<u8>, String>) -> Held<'b> {
        let weight = read.as_ref().map_or(0, |bytes| bytes.len() as u64);
        budget.take(weight);
        Held {
            read,
            weight,
            budget,
        }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.budget.give_back(self.weight);
    }
}

/// Bytes handed out and not yet given back.
#[derive(Default)]
struct Budget {
    held: Mutex<u64>,
    freed: Condvar,
}

impl Budget {
    /// Waits until `bytes` fit in [`IN_FLIGHT_BYTES`] (or nothing else is held), then holds them.
    fn take(&self, bytes: u64) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        while *held > 0 && *held + bytes > IN_FLIGHT_BYTES {
            held = self.freed.wait(held).unwrap_or_else(|e| e.into_inner());
        }
        *held += bytes;
    }

    fn give_back(&self, bytes: u64) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        *held = held.saturating_sub(bytes);
        self.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// An in-order source of `count` entries of `size` bytes, which counts the bytes it has handed out that
    /// the scan has not finished with yet.
    struct Numbers {
        count: usize,
        size: usize,
        passes: AtomicU64,
        outstanding: AtomicU64,
        peak: AtomicU64,
    }

    impl EntrySource for Numbers {
        fn read_entry(&self, index: usize, _max: u64) -> Result<Vec<u8>, String> {
            let now = self
                .outstanding
                .fetch_add(self.size as u64, Ordering::SeqCst);
            self.peak
                .fetch_max(now + self.size as u64, Ordering::SeqCst);
            Ok(vec![index as u8; self.size])
        }

        fn in_order_only(&self) -> bool {
            true
        }

        fn read_in_order(
            &self,
            indices: &[usize],
            max: u64,
            each: &mut dyn FnMut(usize, Result<Vec<u8>, String>) -> bool,
        ) {
            self.passes.fetch_add(1, Ordering::SeqCst);
            let mut last = None;
            for &index in indices {
                assert!(index < self.count);
                assert!(last < Some(index), "indices come in ascending order");
                last = Some(index);
                if !each(index, self.read_entry(index, max)) {
                    return;
                }
            }
        }
    }

    #[test]
    fn a_stream_is_read_once_within_the_budget_and_results_keep_the_listing_order() {
        let size = 1 << 20;
        let source = Arc::new(Numbers {
            count: 200,
            size,
            passes: AtomicU64::new(0),
            outstanding: AtomicU64::new(0),
            peak: AtomicU64::new(0),
        });
        let dynamic: Arc<dyn EntrySource> = source.clone();
        // Listed in an order unlike the stream's, with files in memory between them.
        let mut files = Vec::new();
        for n in (0..200).rev() {
            files.push(FileEntry::archive(
                format!("s{n}"),
                dynamic.clone(),
                n,
                size as u64,
            ));
            files.push(FileEntry::memory(format!("m{n}"), Arc::from(&b"x"[..])));
        }
        let out = scan_files(&files, u64::MAX, |file, read| {
            let bytes = read.unwrap();
            if file.rel_path.starts_with('s') {
                // A slow scan: without the budget the reader would run far ahead of it.
                std::thread::sleep(std::time::Duration::from_millis(1));
                source
                    .outstanding
                    .fetch_sub(bytes.len() as u64, Ordering::SeqCst);
            }
            (file.rel_path.clone(), bytes[0])
        });
        assert_eq!(out.len(), 400);
        for (n, (path, first)) in out.iter().enumerate() {
            assert_eq!(*path, files[n].rel_path);
            if let Some(index) = path.strip_prefix('s') {
                assert_eq!(*first, index.parse::<usize>().unwrap() as u8);
            }
        }
        assert_eq!(source.passes.load(Ordering::SeqCst), 1, "one pass");
        let peak = source.peak.load(Ordering::SeqCst);
        // The one file waiting for room is counted too.
        assert!(
            peak <= IN_FLIGHT_BYTES + size as u64,
            "{peak} bytes in flight"
        );
    }

    #[test]
    fn the_heaviest_files_are_scanned_one_at_a_time_and_the_rest_beside_them() {
        let heavy = Arc::<[u8]>::from(vec![b'h'; HEAVY_FILE_BYTES as usize]);
        let mut files = Vec::new();
        for n in 0..12 {
            files.push(FileEntry::memory(format!("h{n}"), heavy.clone()));
            files.push(FileEntry::memory(format!("s{n}"), Arc::from(&b"s"[..])));
        }
        let (now, most, small_beside) = (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let out = pool.install(|| {
            scan_files(&files, u64::MAX, |file, read| {
                let bytes = read.unwrap();
                if bytes.len() as u64 >= HEAVY_FILE_BYTES {
                    let at_once = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(at_once, Ordering::SeqCst);
                    // Until a small file has been seen beside a heavy one, a heavy one waits for it (a
                    // loaded machine may not run the other threads within a fixed sleep); if small files
                    // waited for heavy ones, none comes and the assertion below fails.
                    let started = std::time::Instant::now();
                    while small_beside.load(Ordering::SeqCst) == 0
                        && started.elapsed() < std::time::Duration::from_secs(5)
                    {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    now.fetch_sub(1, Ordering::SeqCst);
                } else {
                    // A small file is tiny work: it waits a moment for a heavy one to be under way,
                    // else every small file could be done before the first heavy one starts.
                    let started = std::time::Instant::now();
                    while now.load(Ordering::SeqCst) == 0
                        && small_beside.load(Ordering::SeqCst) == 0
                        && started.elapsed() < std::time::Duration::from_secs(5)
                    {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    if now.load(Ordering::SeqCst) > 0 {
                        small_beside.fetch_add(1, Ordering::SeqCst);
                    }
                }
                (file.rel_path.clone(), bytes.len())
            })
        });
        assert_eq!(
            most.load(Ordering::SeqCst),
            1,
            "heavy files scanned at once"
        );
        assert!(
            small_beside.load(Ordering::SeqCst) > 0,
            "small files wait for none"
        );
        assert_eq!(out.len(), files.len());
        for (file, (path, len)) in files.iter().zip(&out) {
            assert_eq!(*path, file.rel_path);
            assert_eq!(*len as u64, file.size);
        }
    }

    #[test]
    fn the_budget_lets_one_large_file_through_alone() {
        let budget = Budget::default();
        budget.take(IN_FLIGHT_BYTES * 4);
        budget.give_back(IN_FLIGHT_BYTES * 4);
        budget.take(1);
        budget.take(IN_FLIGHT_BYTES - 1);
        assert_eq!(*budget.held.lock().unwrap(), IN_FLIGHT_BYTES);
    }
}
