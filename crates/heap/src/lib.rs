//! Grows the wasm heap in large, doubling steps instead of the allocator's 64 KiB ones.
//!
//! Rust's wasm32 allocator (dlmalloc) asks for memory with `memory.grow` in 64 KiB steps as it
//! runs out. In V8 (Node, Chromium) every `memory.grow` detaches the old `ArrayBuffer` and
//! reports the new size as external memory, which starts a full garbage collection: ~0.06 ms
//! per grow at 1 MB, ~1.4 ms at 100 MB, ~2 ms at 400 MB (measured with Node 20 growing a
//! `WebAssembly.Memory` one page at a time). A 10,000-pod cluster needs ~400 MB, i.e. ~6,000
//! grows: seconds of garbage collection for a run that takes ~1 s natively.
//!
//! Here, whenever the allocator has had to grow the memory since the last reservation, the
//! binding allocates a block as large as the whole memory and frees it at once. dlmalloc takes
//! the block from one `memory.grow` and, on free, merges it into its top chunk, so the next
//! allocations are served from that space: the memory doubles in one grow, and a run makes
//! O(log size) grows instead of O(size / 64 KiB). Safe code only: a `Vec` and `memory_size`.
//!
//! Its own crate so that both wasm modules use it: the JS package (`crates/wasm`, before each
//! call into the simulator) and the app (`crates/app`, before each batch of simulated time).

/// The smallest step: the first reservation, and the floor of the halving when the memory
/// limit refuses a doubling.
#[cfg(target_arch = "wasm32")]
const MIN_STEP: usize = 4 << 20;

/// A wasm page.
#[cfg(target_arch = "wasm32")]
const PAGE: usize = 64 << 10;

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The memory size (bytes) right after the last reservation; the memory being larger
    /// means the allocator has used the reserved space up and grown the memory itself. One
    /// per module instance (wasm32 here is single-threaded), since the memory is.
    static RESERVED_TO: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Makes sure the allocator has free space to grow into without many small `memory.grow`s:
/// when the memory has grown since the last reservation, reserves (and frees) as much again.
/// Cheap when nothing grew (one `memory.size`). Call before and during work that allocates.
#[cfg(target_arch = "wasm32")]
pub fn ensure_headroom() {
    let size = core::arch::wasm32::memory_size::<0>() * PAGE;
    if size <= RESERVED_TO.get() {
        return;
    }
    let mut step = size.max(MIN_STEP);
    while step >= MIN_STEP {
        let mut block: Vec<u8> = Vec::new();
        if block.try_reserve_exact(step).is_ok() {
            // Keep the allocation: without a use the optimiser may drop the alloc/free pair.
            std::hint::black_box(&block);
            break;
        }
        // Near the 4 GiB limit: reserve what fits.
        step /= 2;
    }
    RESERVED_TO.set(core::arch::wasm32::memory_size::<0>() * PAGE);
}

/// Native builds (tests) use the system allocator, which has no such cost.
#[cfg(not(target_arch = "wasm32"))]
pub fn ensure_headroom() {}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use core::arch::wasm32::memory_size;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn memory_bytes() -> usize {
        memory_size::<0>() * PAGE
    }

    #[test]
    fn allocations_after_a_reservation_do_not_grow_the_memory() {
        ensure_headroom();
        let reserved = memory_bytes();
        // Many small allocations (as the simulator makes) worth half the smallest step fit in
        // the reserved space; dlmalloc alone would grow the memory 64 KiB at a time here.
        let blocks: Vec<Vec<u8>> = (0..(MIN_STEP / 2) / 4096)
            .map(|_| vec![1u8; 4096])
            .collect();
        assert_eq!(memory_bytes(), reserved);
        drop(blocks);
    }

    #[test]
    fn a_grow_by_the_allocator_doubles_the_memory_at_the_next_check() {
        ensure_headroom();
        let before = memory_bytes();
        // More than any free space: the allocator must grow the memory itself.
        let big: Vec<u8> = vec![1u8; before + PAGE];
        let grown = memory_bytes();
        assert!(grown > before);
        ensure_headroom();
        assert!(
            memory_bytes() >= 2 * grown,
            "{} < 2 x {grown}",
            memory_bytes()
        );
        // Checked again with nothing grown since: no new reservation.
        let reserved = memory_bytes();
        ensure_headroom();
        assert_eq!(memory_bytes(), reserved);
        drop(big);
    }
}
