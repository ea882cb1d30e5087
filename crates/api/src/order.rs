//! One stable sort for the whole program.
//!
//! `slice::sort_by` is compiled anew for every element type and every comparator closure;
//! each copy of the standard library's driftsort is several KB of wasm, and the app had about
//! thirty. These functions sort a list of positions (`usize`, with a `dyn` comparator, so
//! that sort is compiled once) and then move the elements into that order. Same result as
//! `sort_by` (stable: equal elements keep their order); meant for the small lists that
//! printers, views and controllers sort, not for hot loops over large ones.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `items.sort_by(compare)`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    apply(items, order);
}

/// Sorts `items` stably by `key`, like `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably, like `items.sort()`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` ordered by `compare`; the only instance of the standard sort here.
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|&a, &b| compare(a, b));
    positions
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`, following each cycle
/// of the permutation with swaps (no copies, no `Clone` needed).
fn apply<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        // Invariant: position `current` holds the element that started at `start`.
        let mut current = start;
        while order[current] != start {
            let next = order[current];
            items.swap(current, next);
            order[current] = current;
            current = next;
        }
        order[current] = current;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no randomness in the core, even in tests).
    fn lists() -> impl Iterator<Item = Vec<(u8, usize)>> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        (0..300).map(move |n| {
            (0..n % 40)
                .map(|i| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    // Few distinct keys, so stability is exercised; the index tells ties apart.
                    ((state >> 60) as u8, i)
                })
                .collect()
        })
    }

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        for list in lists() {
            let mut expected = list.clone();
            expected.sort_by_key(|a| a.0);
            let mut got = list.clone();
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, expected, "sort_by of {list:?}");

            let mut got = list.clone();
            sort_by_key(&mut got, |e| std::cmp::Reverse(e.0));
            let mut expected = list.clone();
            expected.sort_by_key(|e| std::cmp::Reverse(e.0));
            assert_eq!(got, expected, "sort_by_key of {list:?}");
        }
    }

    #[test]
    fn sorts_owned_values_without_clone() {
        let mut names = vec![String::from("web-10"), "web-2".into(), "db".into()];
        sort(&mut names);
        assert_eq!(names, ["db", "web-10", "web-2"]);
        let mut empty: Vec<String> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }
}
