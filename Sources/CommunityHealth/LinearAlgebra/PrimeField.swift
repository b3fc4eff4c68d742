/// Exact arithmetic modulo the prime p = 2³¹ − 1: what the privacy checks use to decide, without
/// rounding, whether published figures determine a quantity (a rank over the rationals equals
/// the rank over this field except for matrices whose minors p happens to divide).
///
/// Values are kept in `0..<p` as `UInt32`; products fit in 64 bits.
public enum PrimeField {
    public static let p: UInt64 = 2_147_483_647

    @inline(__always) static func reduce(_ x: UInt64) -> UInt32 {
        // x mod (2³¹ − 1) by folding the high bits onto the low ones (x < 2⁶²).
        var r = (x & p) + (x >> 31)
        r = (r & p) + (r >> 31)
        return UInt32(r >= p ? r - p : r)
    }

    @inline(__always) public static func add(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let s = UInt64(a) + UInt64(b)
        return UInt32(s >= p ? s - p : s)
    }

    @inline(__always) public static func subtract(_ a: UInt32, _ b: UInt32) -> UInt32 {
        a >= b ? a - b : UInt32(UInt64(a) + p - UInt64(b))
    }

    @inline(__always) public static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        reduce(UInt64(a) * UInt64(b))
    }

    /// The field element of an integer (negative ones too).
    public static func element(_ value: Int) -> UInt32 {
        let r = value % Int(p)
        return UInt32(r < 0 ? r + Int(p) : r)
    }

    /// numerator / denominator in the field; the denominator must not be a multiple of p.
    public static func element(_ numerator: Int, over denominator: Int) -> UInt32 {
        multiply(element(numerator), inverse(element(denominator)))
    }

    /// The multiplicative inverse of a nonzero element (Fermat: a^(p−2)).
    public static func inverse(_ a: UInt32) -> UInt32 {
        precondition(a != 0, "no inverse of 0")
        var result: UInt32 = 1
        var base = a
        var exponent = p - 2
        while exponent > 0 {
            if exponent & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            exponent >>= 1
        }
        return result
    }
}
