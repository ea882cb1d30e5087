//! Not an example to read: the baseline `cargo xtask dist` subtracts from `schema_size` (the
//! same program shape without the schema tables) to measure the tables' share of a module.

use std::hint::black_box;

fn main() {
    let mut sum = 0usize;
    for i in 0..black_box(3u16) {
        sum += usize::from(i);
    }
    black_box(sum);
}
