//! Word-by-word alignment of a quotation with a source passage.
//!
//! A draft usually quotes part of what a source has, so the alignment is
//! local: [`locate`] finds the stretch of the passage the quotation covers and
//! [`compare`] diffs the two with `similar`.

use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::hash::Hash;
use std::ops::Range;

/// Words that differ: `draft[draft]` stands where the source has `source[source]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub draft: Range<usize>,
    /// Indices into the whole passage, not the window.
    pub source: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alignment {
    /// The passage words the quotation covers.
    pub window: Range<usize>,
    pub matched: usize,
    pub changes: Vec<Change>,
}

impl Alignment {
    pub fn is_exact(&self) -> bool {
        self.changes.is_empty()
    }

    /// Dice coefficient of the matched words: 1.0 when identical.
    pub fn similarity(&self, draft_len: usize) -> f64 {
        2.0 * self.matched as f64 / (draft_len + self.window.len()).max(1) as f64
    }
}

/// Align `draft` with the best-matching stretch of `source` (words, or word ids).
pub fn align<T: Ord + Hash>(source: &[T], draft: &[T]) -> Option<Alignment> {
    let window = locate(source, draft)?;
    Some(compare(source, window, draft))
}

/// Matching runs of a diff: (source index, draft index, length).
fn equal_runs<T: Ord + Hash>(source: &[T], draft: &[T]) -> Vec<(usize, usize, usize)> {
    capture_diff_slices(Algorithm::Myers, source, draft)
        .into_iter()
        .filter_map(|op| match op {
            DiffOp::Equal { old_index, new_index, len } => Some((old_index, new_index, len)),
            _ => None,
        })
        .collect()
}

/// The stretch of `source` that `draft` quotes: the densest cluster of
/// matching runs, widened by the draft words left over at either end.
fn locate<T: Ord + Hash>(source: &[T], draft: &[T]) -> Option<Range<usize>> {
    let runs = equal_runs(source, draft);
    // Runs far apart in the source but close in the draft belong to different stretches.
    let slack = 3.max(draft.len() / 3);
    let mut clusters: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    for run in runs {
        match clusters.last_mut() {
            Some(c) => {
                let (ps, pd, pl) = *c.last().unwrap_or(&run);
                let source_gap = run.0 - (ps + pl);
                let draft_gap = run.1 - (pd + pl);
                if source_gap > draft_gap + slack {
                    clusters.push(vec![run]);
                } else {
                    c.push(run);
                }
            }
            None => clusters.push(vec![run]),
        }
    }
    let best =
        clusters.into_iter().max_by_key(|c| (c.iter().map(|r| r.2).sum::<usize>(), std::cmp::Reverse(c[0].0)))?;
    let (first_s, first_d, _) = best[0];
    let (last_s, last_d, last_len) = best[best.len() - 1];
    let start = first_s.saturating_sub(first_d);
    let trailing = draft.len() - (last_d + last_len);
    let end = (last_s + last_len + trailing).min(source.len());
    Some(start..end)
}

fn compare<T: Ord + Hash>(source: &[T], window: Range<usize>, draft: &[T]) -> Alignment {
    let base = window.start;
    let mut matched = 0;
    let mut changes = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &source[window.clone()], draft) {
        let (old, new) = match op {
            DiffOp::Equal { len, .. } => {
                matched += len;
                continue;
            }
            DiffOp::Delete { old_index, old_len, new_index } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert { old_index, new_index, new_len } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index..old_index + old_len, new_index..new_index + new_len)
            }
        };
        changes.push(Change { draft: new, source: old.start + base..old.end + base });
    }
    Alignment { window, matched, changes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn a_quoted_part_of_a_passage_is_exact() {
        let src = words("the mayor said the budget will cover the repairs in full this year");
        let a = align(&src, &words("will cover the repairs in full")).unwrap();
        assert!(a.is_exact());
        assert_eq!(a.window, 5..11);
        assert_eq!(a.similarity(6), 1.0);
    }

    #[test]
    fn a_swapped_word_is_one_change() {
        let src = words("crews will stay overnight to watch for flare-ups");
        let draft = words("crews will remain overnight to watch for flare-ups");
        let a = align(&src, &draft).unwrap();
        assert_eq!(a.changes, [Change { draft: 2..3, source: 2..3 }]);
    }

    #[test]
    fn a_changed_first_word_widens_the_window() {
        let src = words("he blamed continuous neglect of the pier for the collapse");
        let a = align(&src, &words("constant neglect of the pier")).unwrap();
        assert_eq!(a.window, 2..7);
        assert_eq!(a.changes, [Change { draft: 0..1, source: 2..3 }]);
    }

    #[test]
    fn stray_common_words_far_away_do_not_stretch_the_window() {
        let src = words("the council met on monday and after a long debate the vote to close the pool failed");
        let a = align(&src, &words("the vote to close the library failed")).unwrap();
        assert_eq!(a.window, 10..17);
        assert_eq!(a.matched, 6);
    }

    #[test]
    fn nothing_in_common() {
        assert!(align(&words("a b c"), &words("x y z")).is_none());
    }
}
