//! `--resolve`: whether the newest release meets a requirement's version specifier (`>=2,<3`, `~=1.4`,
//! `!=2.0.1`, `==1.*`). A small subset of PEP 440: numeric release segments compared as numbers; a
//! pre-release, local or otherwise unusual version is not judged (`None`), and the caller asks for a pin.

/// `Some(true)` when `version` meets every clause of `specifier` (an empty one accepts any); `None` when
/// either cannot be read.
pub(crate) fn satisfies(version: &str, specifier: &str) -> Option<bool> {
    let have = release(version)?;
    for clause in specifier
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let op_len = clause
            .find(|c: char| c.is_ascii_digit())
            .filter(|&i| i > 0)?;
        let (op, wanted) = (clause[..op_len].trim(), clause[op_len..].trim());
        let ok = if let Some(prefix) = wanted.strip_suffix(".*") {
            let prefix = release(prefix)?;
            let starts = have.len() >= prefix.len() && have[..prefix.len()] == prefix[..];
            match op {
                "==" => starts,
                "!=" => !starts,
                _ => return None,
            }
        } else {
            let want = release(wanted)?;
            let order = compare(&have, &want);
            match op {
                "==" | "===" => order.is_eq(),
                "!=" => !order.is_eq(),
                ">=" => order.is_ge(),
                "<=" => order.is_le(),
                ">" => order.is_gt(),
                "<" => order.is_lt(),
                "~=" if want.len() >= 2 => {
                    order.is_ge()
                        && have.len() >= want.len() - 1
                        && have[..want.len() - 1] == want[..want.len() - 1]
                }
                _ => return None,
            }
        };
        if !ok {
            return Some(false);
        }
    }
    Some(true)
}

fn release(version: &str) -> Option<Vec<u64>> {
    version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .map(|part| part.parse().ok())
        .collect()
}

fn compare(a: &[u64], b: &[u64]) -> std::cmp::Ordering {
    let len = a.len().max(b.len());
    let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    (0..len)
        .map(|i| at(a, i).cmp(&at(b, i)))
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_are_checked_on_release_numbers() {
        assert_eq!(satisfies("2.32.3", ">=2,<3"), Some(true));
        assert_eq!(satisfies("3.0", ">=2,<3"), Some(false));
        assert_eq!(satisfies("1.4.5", "~=1.4"), Some(true));
        assert_eq!(satisfies("2.0", "~=1.4"), Some(false));
        assert_eq!(satisfies("1.2.0", "==1.2"), Some(true));
        assert_eq!(satisfies("1.2.7", "==1.*"), Some(true));
        assert_eq!(satisfies("2.0.1", "!=2.0.1"), Some(false));
        assert_eq!(satisfies("5", ""), Some(true));
        assert_eq!(satisfies("1.0rc1", ">=1"), None);
        assert_eq!(satisfies("1.0", "^1"), None);
    }
}
