//! Lists of numbers stored flat, as the index file keeps them in place:
//! list `i` is `values[starts[i]..starts[i + 1]]` (compressed sparse rows).

use super::table::{Table, TableSource};

#[derive(Debug, Default)]
pub struct Csr {
    starts: Table<u32>,
    values: Table<u32>,
}

impl Csr {
    /// `lists` in order.
    pub fn from_lists<L: AsRef<[u32]>>(lists: &[L]) -> Csr {
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut values = Vec::with_capacity(lists.iter().map(|l| l.as_ref().len()).sum());
        starts.push(0);
        for l in lists {
            values.extend_from_slice(l.as_ref());
            starts.push(values.len() as u32);
        }
        Csr { starts: starts.into(), values: values.into() }
    }

    /// `n` lists, list `k` holding every `i` whose `of(i)` has `k`, in order:
    /// the inverse of a list of sets (key id → items). Ids `>= n` are left out.
    pub fn inverted<'a>(n: usize, items: impl Iterator<Item = (u32, &'a [u32])> + Clone) -> Csr {
        let mut counts = vec![0u32; n + 1];
        for (_, ks) in items.clone() {
            ks.iter().filter(|&&k| (k as usize) < n).for_each(|&k| counts[k as usize + 1] += 1);
        }
        for k in 0..n {
            counts[k + 1] += counts[k];
        }
        let mut values = vec![0u32; counts[n] as usize];
        let mut at: Vec<u32> = counts[..n].to_vec();
        for (i, ks) in items {
            for &k in ks.iter().filter(|&&k| (k as usize) < n) {
                values[at[k as usize] as usize] = i;
                at[k as usize] += 1;
            }
        }
        Csr { starts: counts.into(), values: values.into() }
    }

    /// How many lists.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// List `i`; empty when there is no such list.
    pub fn get(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.values.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Every value, list after list.
    pub fn values(&self) -> &[u32] {
        &self.values
    }

    /// The two arrays as stored.
    pub fn tables(&self) -> [&[u8]; 2] {
        [self.starts.as_bytes(), self.values.as_bytes()]
    }

    /// The arrays of [`Csr::tables`], the next two of `from`, checked:
    /// `lists` lists, starts rising to the values' length, every value `< bound`.
    pub fn stored(from: &mut impl TableSource, lists: usize, bound: u32) -> Result<Csr, String> {
        let (starts, values) = (from.next::<u32>()?, from.next::<u32>()?);
        let ok = starts.len() == lists + 1
            && starts.first() == Some(&0)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts.last().is_some_and(|&l| l as usize == values.len())
            && values.iter().all(|&v| v < bound);
        ok.then_some(Csr { starts, values }).ok_or_else(|| "stored lists are inconsistent".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_lists_hold_each_item_under_its_keys() {
        let sets: Vec<Vec<u32>> = vec![vec![0, 2], vec![2], vec![], vec![1, 2, 9]];
        let csr = Csr::inverted(3, sets.iter().enumerate().map(|(i, s)| (i as u32, s.as_slice())));
        assert_eq!(csr.len(), 3);
        assert_eq!(csr.get(0), [0]);
        assert_eq!(csr.get(1), [3]);
        assert_eq!(csr.get(2), [0, 1, 3]);
        assert_eq!(csr.get(3), [] as [u32; 0]);
        let same = Csr::from_lists(&[vec![0], vec![3], vec![0, 1, 3]]);
        assert_eq!(same.tables(), csr.tables());
    }
}
