//! Which bytes a text holds, as the bits of a 64-bit mask: a quick test that a word
//! cannot match a text, kept for each scope's name and description in a compiled
//! catalog (`cache.rs`, read by `view.rs`) and tried by a search before the matcher.

/// Which bytes `bytes` holds, as bits, ASCII letters without their case: `a` to `z` a bit
/// each, the digits a bit each, every other byte one of 28 bits (shared). A text that
/// holds a word's bytes in order, or case-folded, holds the bits of the word's mask: a
/// text whose mask lacks one of them cannot match it, which is found without reading the
/// text. Cache files keep the masks of each scope's texts.
pub fn byte_mask(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0, |mask, &byte| mask | MASK_BITS[usize::from(byte)])
}

/// Each byte's bit in a [`byte_mask`].
const MASK_BITS: [u64; 256] = {
    let mut bits = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        let bit = match b {
            b'a'..=b'z' => b - b'a',
            b'A'..=b'Z' => b - b'A',
            b'0'..=b'9' => 26 + (b - b'0'),
            _ => 36 + b % 28,
        };
        bits[byte] = 1 << bit;
        byte += 1;
    }
    bits
};
