//! Base58btc (the Bitcoin alphabet) for `proofValue`s, in 32-bit limbs: the big number is
//! divided by 58^5 at a time, so encoding a 64-byte signature takes a few hundred word
//! operations instead of the byte-at-a-time quadratic loop (same output byte for byte).

/// The base58btc alphabet.
const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/// 58^5, the largest power of 58 below 2^32.
const BIG: u64 = 656_356_768;
/// Digits per [`BIG`].
const BIG_DIGITS: usize = 5;

/// Why a base58btc string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("character {character:?} at position {position} is not in the base58btc alphabet")]
pub(crate) struct DecodeError {
    /// The offending character.
    pub character: char,
    /// Its character position in the input.
    pub position: usize,
}

/// Base58btc of `bytes`: one `1` per leading zero byte, then the digits of the rest read
/// as a big-endian number.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    let rest = bytes.get(zeros..).unwrap_or_default();
    // Big-endian 32-bit limbs; the first one takes the bytes left over.
    let mut limbs: Vec<u32> = Vec::with_capacity(rest.len().div_ceil(4));
    let head = rest.len() % 4;
    let (first, tail) = rest.split_at(head);
    if !first.is_empty() {
        limbs.push(first.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)));
    }
    limbs.extend(
        tail.chunks_exact(4)
            .map(|c| c.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b))),
    );
    // Base-58 digits, least significant first.
    let mut digits: Vec<u8> = Vec::with_capacity(rest.len() * 138 / 100 + BIG_DIGITS);
    let mut start = 0;
    while start < limbs.len() {
        let mut rem: u64 = 0;
        for limb in limbs.iter_mut().skip(start) {
            let cur = rem << 32 | u64::from(*limb);
            // cur < BIG * 2^32, so the quotient fits 32 bits.
            *limb = (cur / BIG) as u32;
            rem = cur % BIG;
        }
        while limbs.get(start) == Some(&0) {
            start += 1;
        }
        for _ in 0..BIG_DIGITS {
            digits.push((rem % 58) as u8);
            rem /= 58;
        }
    }
    while digits.last() == Some(&0) {
        digits.pop();
    }
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(std::iter::repeat_n('1', zeros));
    out.extend(
        digits
            .iter()
            .rev()
            .map(|&d| char::from(ALPHABET.get(usize::from(d)).copied().unwrap_or(b'1'))),
    );
    out
}

/// The value of each ASCII character in the alphabet, or 0xff.
static VALUES: [u8; 128] = {
    let mut t = [0xffu8; 128];
    let mut i = 0;
    while i < ALPHABET.len() {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Decodes base58btc: the inverse of [`encode`].
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let mut values: Vec<u8> = Vec::with_capacity(text.len());
    for (position, character) in text.chars().enumerate() {
        let value = u32::from(character)
            .try_into()
            .ok()
            .and_then(|c: usize| VALUES.get(c).copied())
            .filter(|&v| v != 0xff)
            .ok_or(DecodeError {
                character,
                position,
            })?;
        values.push(value);
    }
    let zeros = values.iter().take_while(|&&v| v == 0).count();
    let rest = values.get(zeros..).unwrap_or_default();
    // Little-endian 32-bit limbs of the number, fed 5 digits at a time.
    let mut limbs: Vec<u32> = Vec::with_capacity(rest.len() * 733 / 4000 + 2);
    let head = rest.len() % BIG_DIGITS;
    let (first, tail) = rest.split_at(head);
    let chunks = std::iter::once(first)
        .filter(|c| !c.is_empty())
        .chain(tail.chunks_exact(BIG_DIGITS));
    for chunk in chunks {
        let (value, scale) = chunk
            .iter()
            .fold((0u64, 1u64), |(v, s), &d| (v * 58 + u64::from(d), s * 58));
        let mut carry = value;
        for limb in &mut limbs {
            let cur = u64::from(*limb) * scale + carry;
            *limb = cur as u32;
            carry = cur >> 32;
        }
        if carry != 0 {
            limbs.push(carry as u32);
        }
    }
    let mut out = vec![0u8; zeros];
    let mut number: Vec<u8> = limbs.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
    let significant = number.iter().take_while(|&&b| b == 0).count();
    number.drain(..significant);
    out.extend_from_slice(&number);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn matches_known_values() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(&[0]), "1");
        assert_eq!(encode(&[0, 0, 1]), "112");
        assert_eq!(encode(b"Hello World!"), "2NEpo7TZRRrLZSi2U");
        assert_eq!(decode("2NEpo7TZRRrLZSi2U").unwrap(), b"Hello World!");
        assert_eq!(decode("").unwrap(), b"");
        assert_eq!(decode("111").unwrap(), [0, 0, 0]);
        assert_eq!(
            decode("z0").unwrap_err(),
            DecodeError {
                character: '0',
                position: 1
            }
        );
        assert!(decode("abcé").is_err());
    }

    proptest! {
        #[test]
        fn agrees_with_bs58(bytes in proptest::collection::vec(
            prop_oneof![Just(0u8), any::<u8>()], 0..100)) {
            let ours = encode(&bytes);
            prop_assert_eq!(&ours, &bs58::encode(&bytes).into_string());
            prop_assert_eq!(decode(&ours).unwrap(), bytes);
        }

        #[test]
        fn decodes_what_bs58_decodes(text in "[1-9A-HJ-NP-Za-km-z]{0,100}") {
            prop_assert_eq!(decode(&text).unwrap(), bs58::decode(&text).into_vec().unwrap());
        }
    }
}
