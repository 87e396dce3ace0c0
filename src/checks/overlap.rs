//! Scoring one draft passage's keys against many corpus items (events,
//! numbers), and narrowing those items to the ones that can match at all.
//!
//! [`Overlap::same_fact`] needs the shared keys to weigh at least 45 % of the
//! draft's keys. Sorted by weight, the heaviest keys whose complement weighs
//! less than that are *required*: an item that shares none of them cannot
//! match. Rare keys weigh most and have short posting lists, so candidates
//! come from those lists instead of every item that shares any key, and the
//! work stops growing with the corpus. Results are the same as scoring every
//! candidate: only items that could not match are skipped.

use crate::extract::numbers::NumberMention;
use crate::kb::events::{is_common_key, Events, NumberFact};
use crate::kb::quotes::gallop;
use crate::kb::signature::{is_person_key, KeyId, KeySet, KeyStats, Overlap, MIN_COVERAGE};
use std::collections::HashSet;

/// A draft key set with each key's corpus weight, looked up once.
pub struct WeightedKeys<'k> {
    /// In the set's iteration order, so sums are the ones `Overlap::compute` makes;
    /// with each key's id in the corpus (none: no source item has it).
    keys: Vec<(&'k str, f32, Option<KeyId>)>,
    total: f32,
}

impl<'k> WeightedKeys<'k> {
    pub fn new(stats: &KeyStats, set: &'k HashSet<String>) -> WeightedKeys<'k> {
        let keys: Vec<(&str, f32, Option<KeyId>)> =
            set.iter().map(|k| (k.as_str(), stats.weight(k), stats.id(k))).collect();
        let mut total = 0.0f32;
        for (_, w, _) in &keys {
            total += w;
        }
        WeightedKeys { keys, total }
    }

    /// Exactly `Overlap::compute(stats, set, source)`.
    pub fn overlap(&self, source: &KeySet) -> Overlap {
        let mut o = Overlap { draft_weight: self.total, ..Overlap::default() };
        for &(k, w, id) in &self.keys {
            if id.is_some_and(|id| source.contains(id)) {
                o.shared += 1;
                o.shared_weight += w;
                o.shared_person |= is_person_key(k);
            }
        }
        o
    }

    /// `self.overlap(&events.list[i].keys)` for each of `candidates` (in
    /// list order), from the keys' posting lists rather than from each
    /// event's key set: the lists are read in order, the events not at all.
    /// Each sum adds the same weights in the same order as `overlap`.
    pub fn event_overlaps(&self, events: &Events, candidates: &[usize]) -> Vec<Overlap> {
        let mut out = vec![Overlap { draft_weight: self.total, ..Overlap::default() }; candidates.len()];
        let ids: Vec<u32> = candidates.iter().map(|&c| c as u32).collect();
        for &(k, w, id) in &self.keys {
            if id.is_none() {
                continue;
            }
            let person = is_person_key(k);
            each_shared(events.events_with_key(k), &ids, |at| {
                let o = &mut out[at];
                o.shared += 1;
                o.shared_weight += w;
                o.shared_person |= person;
            });
        }
        out
    }

    /// The heaviest keys, enough that an item sharing none of them cannot
    /// reach the coverage `same_fact` needs (with a margin for rounding).
    pub fn required(&self) -> Vec<&'k str> {
        let mut by_weight = self.keys.clone();
        by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let need = f64::from(MIN_COVERAGE) * self.total as f64 * (1.0 - 1e-3);
        let mut rest: f64 = by_weight.iter().map(|(_, w, _)| *w as f64).sum();
        let mut out = Vec::new();
        for (k, w, _) in by_weight {
            if rest < need {
                break;
            }
            out.push(k);
            rest -= w as f64;
        }
        out
    }
}

/// Calls `found(i)` for each `ids[i]` that is in `postings` (both sorted),
/// walking the shorter list and galloping through the other.
fn each_shared(postings: &[u32], ids: &[u32], mut found: impl FnMut(usize)) {
    let mut at = 0;
    if postings.len() < ids.len() {
        for &e in postings {
            at = gallop(ids, at, e);
            if ids.get(at) == Some(&e) {
                found(at);
            }
        }
    } else {
        for (i, &c) in ids.iter().enumerate() {
            at = gallop(postings, at, c);
            if postings.get(at) == Some(&c) {
                found(i);
            }
        }
    }
}

/// Sorted, deduplicated union of sorted id lists.
fn union(lists: &[&[u32]]) -> Vec<u32> {
    let mut out: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn total_len(lists: &[&[u32]]) -> usize {
    lists.iter().map(|l| l.len()).sum()
}

/// Is `i` in one of the sorted lists?
fn in_any(lists: &[&[u32]], i: u32) -> bool {
    lists.iter().any(|l| l.binary_search(&i).is_ok())
}

/// The ids of sorted `ids` that are in one of the sorted `lists`, in order,
/// walking whichever side is shorter.
pub fn in_any_of(ids: &[u32], lists: &[&[u32]]) -> Vec<u32> {
    if total_len(lists) < ids.len() {
        union(lists).into_iter().filter(|i| ids.binary_search(i).is_ok()).collect()
    } else {
        ids.iter().copied().filter(|&i| in_any(lists, i)).collect()
    }
}

/// The events `Events::candidates(keys)` gives that could be the same fact
/// (`Overlap::same_fact`), in list order.
pub fn event_candidates(events: &Events, weighted: &WeightedKeys<'_>, keys: &HashSet<String>) -> Vec<usize> {
    let n = events.list.len();
    let required: Vec<&[u32]> = weighted.required().into_iter().map(|k| events.events_with_key(k)).collect();
    let usable: Vec<&[u32]> =
        keys.iter().map(|k| events.events_with_key(k)).filter(|p| !is_common_key(p.len(), n)).collect();
    if total_len(&required) >= total_len(&usable) {
        return events.candidates(keys);
    }
    let mut out = union(&required);
    // `candidates` looks only at events that share a key that is not too common.
    if required.iter().any(|p| is_common_key(p.len(), n)) {
        let usable = union(&usable);
        out.retain(|i| usable.binary_search(i).is_ok());
    }
    out.into_iter().map(|i| i as usize).collect()
}

/// The source numbers that state the same fact as draft number `m`: the
/// same kind of quantity, and enough of its sentence's keys (`context`) in
/// common; with their overlaps, in candidate order.
pub fn same_fact_numbers<'e>(
    events: &'e Events,
    m: &NumberMention,
    weighted: &WeightedKeys<'_>,
    context: &HashSet<String>,
) -> Vec<(&'e NumberFact, Overlap)> {
    number_candidates(events, &m.unit, weighted, context)
        .into_iter()
        .filter(|f| f.mention.same_measure(m))
        .map(|f| (f, weighted.overlap(&f.context)))
        .filter(|(_, o)| o.same_fact_for_measure())
        .collect()
}

/// The numbers `Events::number_candidates(unit, context)` gives that could
/// be the same fact (`Overlap::same_fact_for_measure`), in order.
pub fn number_candidates<'e>(
    events: &'e Events,
    unit: &[String],
    weighted: &WeightedKeys<'_>,
    context: &HashSet<String>,
) -> Vec<&'e NumberFact> {
    let n = events.numbers.len();
    let by_unit: Vec<&[u32]> = unit.iter().map(|u| events.numbers_with_unit(u)).collect();
    // The conditions `number_candidates` puts on a number: its unit shares a
    // word, and when that word is common, its context shares a key that is not.
    // `is_common_key` grows with the count, so bounds of the union's size often decide it.
    let max = by_unit.iter().map(|l| l.len()).max().unwrap_or(0);
    let common_unit = is_common_key(max, n)
        || by_unit.len() > 1 && is_common_key(total_len(&by_unit), n) && is_common_key(union(&by_unit).len(), n);
    let shared: Option<Vec<(Option<KeyId>, &[u32])>> = common_unit.then(|| {
        context
            .iter()
            .map(|k| (events.stats.id(k), events.numbers_with_key(k)))
            .filter(|(_, p)| !p.is_empty() && !is_common_key(p.len(), n))
            .collect()
    });
    let required: Vec<&[u32]> = weighted.required().into_iter().map(|k| events.numbers_with_key(k)).collect();
    // Gather from the shortest lists; the other conditions are checked on each candidate.
    let (u_total, r_total) = (total_len(&by_unit), total_len(&required));
    let s_total = shared.as_ref().map_or(usize::MAX, |s| s.iter().map(|(_, p)| p.len()).sum());
    if u_total <= r_total && u_total <= s_total {
        return events.number_candidates(unit, context);
    }
    // Filter ids on the sorted lists (`numbers_with_unit` and `numbers_with_key`
    // are the inverses of each number's unit and context): a stored number is
    // decoded only once it is a candidate.
    let numbers = |ids: Vec<u32>| ids.into_iter().filter_map(|i| events.numbers.get(i as usize)).collect();
    if let Some(shared) = shared.as_ref().filter(|_| s_total <= r_total) {
        // Exactly the numbers `number_candidates` gives.
        let lists: Vec<&[u32]> = shared.iter().map(|(_, p)| *p).collect();
        return numbers(union(&lists).into_iter().filter(|&i| in_any(&by_unit, i)).collect());
    }
    let shared: Option<Vec<&[u32]>> = shared.map(|s| s.iter().map(|(_, p)| *p).collect());
    numbers(
        union(&required)
            .into_iter()
            .filter(|&i| in_any(&by_unit, i))
            .filter(|&i| shared.as_ref().is_none_or(|lists| in_any(lists, i)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::signature::KeyStatsBuilder;

    fn set(keys: &[&str]) -> HashSet<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn overlap_is_the_one_compute_gives() {
        let mut builder = KeyStatsBuilder::default();
        for s in [vec!["council", "budget"], vec!["council", "park"], vec!["council"], vec!["@3"]] {
            builder.add_sentence(s);
        }
        let draft = set(&["council", "budget", "approv", "@3"]);
        // Source items' keys are interned before any draft is weighed, as in a built corpus.
        let sources: Vec<KeySet> =
            [&["council", "budget"][..], &["@3", "approv"], &[], &["council", "budget", "approv", "@3"]]
                .into_iter()
                .map(|keys| builder.key_set(keys.iter().copied()))
                .collect();
        let stats = builder.finish();
        let w = WeightedKeys::new(&stats, &draft);
        for source in &sources {
            assert_eq!(w.overlap(source), Overlap::compute(&stats, &draft, source));
        }
    }

    #[test]
    fn event_overlaps_are_the_ones_overlap_gives() {
        use crate::corpus::{Document, Format};
        let texts = [
            "The Harbor City Council approved the stadium budget on Tuesday, March 5, 2024, by a 7-2 vote.",
            "Fire Chief Dana Okafor said 64 firefighters fought the warehouse blaze on Elm Street on Feb. 12.",
            "The council approved the park budget on April 2, 2024, after a long debate.",
            "Dana Okafor said the stadium vote on March 5 was close, and the blaze on Feb. 12 was worse.",
        ];
        let docs =
            texts.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.txt"), *t, Format::Plain)).collect();
        let kb = crate::kb::Kb::build(docs);
        let events = &kb.events;
        assert!(events.list.len() > 2);
        let all: Vec<usize> = (0..events.list.len()).collect();
        for e in events.list.iter() {
            let draft: HashSet<String> = e
                .keys
                .ids()
                .iter()
                .map(|&k| events.stats.key(k).to_string())
                .chain(["approv".to_string(), "nosuchkey".to_string()])
                .collect();
            let w = WeightedKeys::new(&events.stats, &draft);
            // Every event (longer than any key's list), then a few (shorter).
            let few: Vec<usize> = all.iter().copied().skip(1).step_by(3).collect();
            for candidates in [&all, &few] {
                let got = w.event_overlaps(events, candidates);
                for (&i, o) in candidates.iter().zip(got) {
                    assert_eq!(o, w.overlap(&events.list[i].keys), "event {i}");
                }
            }
        }
    }

    #[test]
    fn an_item_without_a_required_key_cannot_cover_enough() {
        let mut builder = KeyStatsBuilder::default();
        for i in 0..50 {
            let mut s = vec!["said", "council"];
            if i % 5 == 0 {
                s.push("budget");
            }
            builder.add_sentence(s);
        }
        let draft = set(&["said", "council", "budget", "stadium", "vote"]);
        let keys: Vec<&str> = draft.iter().map(String::as_str).collect();
        // Every subset of the draft's keys, as a source item's key set.
        let subsets: Vec<(Vec<&str>, KeySet)> = (0u32..(1 << keys.len()))
            .map(|mask| {
                let chosen: Vec<&str> =
                    keys.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, k)| *k).collect();
                let set = builder.key_set(chosen.iter().copied());
                (chosen, set)
            })
            .collect();
        let stats = builder.finish();
        let w = WeightedKeys::new(&stats, &draft);
        let required = w.required();
        assert!(!required.contains(&"said"), "{required:?}");
        // Every subset of keys without a required one covers too little.
        for (chosen, source) in &subsets {
            if !chosen.iter().any(|k| required.contains(k)) {
                assert!(w.overlap(source).coverage() < 0.45, "{chosen:?}");
            }
        }
    }
}
