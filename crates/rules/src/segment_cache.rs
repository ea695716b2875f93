//! What detectors work out once per segment and share between their rules (data flows, decoded payloads,
//! resolved calls, the instruction model), kept by type so the engine needs to know none of them.
//!
//! Entries form a chain of cells that are set once and never change, so a value handed out stays where it
//! is while later ones are added. The chain holds at most one value per type, so its length is bounded by
//! the number of types detectors cache, not by the input.

use std::any::Any;
use std::cell::OnceCell;

#[derive(Default)]
pub(crate) struct SegmentCache {
    first: OnceCell<Box<Entry>>,
}

struct Entry {
    value: Box<dyn Any>,
    /// Why the analysis that made the value was cut short, reported with the segment's notes.
    note: Option<String>,
    next: OnceCell<Box<Entry>>,
}

impl SegmentCache {
    /// The cached value of type `T`, made by `init` on first use; `note` says whether making it was cut
    /// short.
    pub(crate) fn get_or_init<T: Any>(
        &self,
        init: impl FnOnce() -> T,
        note: impl FnOnce(&T) -> Option<String>,
    ) -> &T {
        if let Some(found) = self.get::<T>() {
            return found;
        }
        // `init` may cache other types first (one detector's analysis built on another's).
        let value = init();
        let mut pending = Some(Entry {
            note: note(&value),
            value: Box::new(value),
            next: OnceCell::new(),
        });
        let mut cell = &self.first;
        loop {
            if let Some(entry) = cell.get() {
                if let Some(found) = entry.value.downcast_ref::<T>() {
                    return found;
                }
                cell = &entry.next;
            } else if let Some(entry) = pending.take() {
                // The cell is empty, so this fills it and the next turn finds the value there.
                let _ = cell.set(Box::new(entry));
            }
        }
    }

    fn get<T: Any>(&self) -> Option<&T> {
        self.entries()
            .find_map(|entry| entry.value.downcast_ref::<T>())
    }

    fn entries(&self) -> impl Iterator<Item = &Entry> {
        std::iter::successors(self.first.get(), |entry| entry.next.get()).map(|entry| &**entry)
    }

    /// The notes of every cached value, in the order the values were made.
    pub(crate) fn notes(&self) -> impl Iterator<Item = &str> {
        self.entries().filter_map(|entry| entry.note.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_is_made_once_and_kept_in_place() {
        let cache = SegmentCache::default();
        let mut made = 0;
        let first: *const u32 = cache.get_or_init(
            || {
                made += 1;
                7u32
            },
            |_| None,
        );
        let text = cache.get_or_init(|| String::from("flows"), |_| Some("cut short".into()));
        assert_eq!(text, "flows");
        let again: *const u32 = cache.get_or_init(|| 8u32, |_| None);
        assert_eq!(first, again);
        assert_eq!(made, 1);
        assert_eq!(cache.notes().collect::<Vec<_>>(), ["cut short"]);
    }

    #[test]
    fn a_value_made_while_making_another_is_kept_too() {
        let cache = SegmentCache::default();
        let outer = cache.get_or_init(
            || {
                let inner = *cache.get_or_init(|| 2u8, |_| None);
                u64::from(inner) * 10
            },
            |_| None,
        );
        assert_eq!(*outer, 20);
        assert_eq!(*cache.get_or_init(|| 9u8, |_| None), 2);
    }
}
