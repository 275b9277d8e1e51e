//! A stable 128-bit FNV-1a hash: the same input gives the same hex string on
//! every machine and Rust version (std's hashers promise neither), so a
//! fingerprint stored today still matches next year.

const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const PRIME: u128 = 0x0000000001000000000000000000013B;

#[derive(Clone)]
pub struct Fnv128(u128);

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(OFFSET)
    }
}

impl Fnv128 {
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u128::from(*b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    /// Writes a field followed by a separator no text contains.
    pub fn field(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.write(&[0x1f]);
    }

    pub fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_value_and_field_boundaries() {
        // FNV-1a 128 of the empty input is the offset basis.
        assert_eq!(Fnv128::default().hex(), "6c62272e07bb014262b821756295c58d");
        let h = |parts: &[&str]| {
            let mut f = Fnv128::default();
            parts.iter().for_each(|p| f.field(p));
            f.hex()
        };
        assert_ne!(h(&["ab", "c"]), h(&["a", "bc"]));
        assert_eq!(h(&["ab", "c"]), h(&["ab", "c"]));
    }
}
