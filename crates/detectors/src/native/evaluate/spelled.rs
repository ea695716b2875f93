//! Strings spelled from characters picked out of built-in objects' text: `oct.__str__()[-3]` is `c`,
//! `copyright.__str__()[4]` is `r`, so `getattr(__builtins__, oct.__str__()[-3] + hex.__str__()[-4] +
//! copyright.__str__()[4])` is `chr` without the word appearing anywhere. Ordinary code never indexes the
//! printed form of a built-in function; obfuscators do it to hide every name and string of a file. The
//! evaluator resolves what they spell (the rescan judges it); this detector says the file was written so.

use super::resolved;
use crate::matchers::{Hit, HitDetail};
use crate::native::FileDetector;
use crate::segment::Segment;

/// Characters of a built-in object's text picked by index or slice.
pub(crate) static SPELLED_FROM_BUILTIN_TEXT: FileDetector = FileDetector {
    literals: &["__str__()", "__repr__()", "str(", "repr("],
    run: report,
};

/// Picks in one module before it reads as spelling.
const MIN_PICKS: usize = 3;

fn report(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let picks = &resolved(segment, text).builtin_picks;
    // One finding per module: the first pick, with how many there are (an obfuscated file has hundreds).
    // A word takes several characters; one pick is not spelling anything.
    if picks.len() < MIN_PICKS {
        return;
    }
    let Some(&(start, end)) = picks.iter().min() else {
        return;
    };
    let count = picks.len();
    let many = if count >= super::MAX_BUILTIN_PICKS {
        format!("{count} or more")
    } else {
        count.to_string()
    };
    keep(Hit {
        start: segment.start + start,
        end: segment.start + end,
        detail: Some(Box::new(HitDetail {
            message: format!(
                "characters picked out of the printed form of built-in objects ({many} picks in this module) spell names and strings that appear nowhere as written"
            ),
            related: Vec::new(),
        })),
    });
}
