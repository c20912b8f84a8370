//! The integer types of ILP32 (i386): sizes, ranks and ranges.

use std::fmt;

/// An integer type. `Char` is plain `char`, a type of its own (distinct from `signed char`
/// for compatibility) that is signed on i386.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntKind {
    Bool,
    Char,
    SChar,
    UChar,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
}

impl IntKind {
    pub const ALL: [IntKind; 10] = [
        IntKind::Bool,
        IntKind::Char,
        IntKind::SChar,
        IntKind::UChar,
        IntKind::Short,
        IntKind::UShort,
        IntKind::Int,
        IntKind::UInt,
        IntKind::Long,
        IntKind::ULong,
    ];

    /// Size in bytes: `long` is 4 bytes on ILP32, like `int`.
    pub fn size(self) -> u32 {
        match self {
            IntKind::Bool | IntKind::Char | IntKind::SChar | IntKind::UChar => 1,
            IntKind::Short | IntKind::UShort => 2,
            IntKind::Int | IntKind::UInt | IntKind::Long | IntKind::ULong => 4,
        }
    }

    /// On i386 every integer type in the subset is aligned to its size.
    pub fn align(self) -> u32 {
        self.size()
    }

    pub fn is_signed(self) -> bool {
        matches!(
            self,
            IntKind::Char | IntKind::SChar | IntKind::Short | IntKind::Int | IntKind::Long
        )
    }

    /// Integer conversion rank (C11 6.3.1.1p1): `_Bool` < char types < short < int < long.
    /// Ranks differ even where sizes agree (`int` and `long`), which is what makes
    /// `long + unsigned int` come out `unsigned long`.
    pub fn rank(self) -> u8 {
        match self {
            IntKind::Bool => 0,
            IntKind::Char | IntKind::SChar | IntKind::UChar => 1,
            IntKind::Short | IntKind::UShort => 2,
            IntKind::Int | IntKind::UInt => 3,
            IntKind::Long | IntKind::ULong => 4,
        }
    }

    pub fn min_value(self) -> i64 {
        match self {
            IntKind::Bool => 0,
            kind if kind.is_signed() => -(1i64 << (kind.size() * 8 - 1)),
            _ => 0,
        }
    }

    pub fn max_value(self) -> i64 {
        match self {
            IntKind::Bool => 1,
            kind if kind.is_signed() => (1i64 << (kind.size() * 8 - 1)) - 1,
            kind => (1i64 << (kind.size() * 8)) - 1,
        }
    }

    /// The name as C source spells it most simply (`unsigned short`).
    pub fn c_name(self) -> &'static str {
        match self {
            IntKind::Bool => "_Bool",
            IntKind::Char => "char",
            IntKind::SChar => "signed char",
            IntKind::UChar => "unsigned char",
            IntKind::Short => "short",
            IntKind::UShort => "unsigned short",
            IntKind::Int => "int",
            IntKind::UInt => "unsigned int",
            IntKind::Long => "long",
            IntKind::ULong => "unsigned long",
        }
    }

    /// The name as gcc's diagnostics spell it (`short unsigned int`), so our messages read
    /// like the compiler a learner will meet next.
    pub fn gcc_name(self) -> &'static str {
        match self {
            IntKind::Short => "short int",
            IntKind::UShort => "short unsigned int",
            IntKind::Long => "long int",
            IntKind::ULong => "long unsigned int",
            other => other.c_name(),
        }
    }

    /// The corresponding unsigned type (C11 6.2.5p6); unsigned types map to themselves.
    pub fn to_unsigned(self) -> IntKind {
        match self {
            IntKind::Char | IntKind::SChar => IntKind::UChar,
            IntKind::Short => IntKind::UShort,
            IntKind::Int => IntKind::UInt,
            IntKind::Long => IntKind::ULong,
            other => other,
        }
    }

    /// Integer promotion (C11 6.3.1.1p2): everything below `int` fits in `int` on ILP32.
    pub fn promoted(self) -> IntKind {
        if self.rank() < IntKind::Int.rank() {
            IntKind::Int
        } else {
            self
        }
    }

    pub fn can_represent(self, value: i64) -> bool {
        (self.min_value()..=self.max_value()).contains(&value)
    }

    /// Whether every value of `other` is a value of `self`.
    pub fn can_represent_all_of(self, other: IntKind) -> bool {
        self.min_value() <= other.min_value() && other.max_value() <= self.max_value()
    }

    /// Whether converting some value of `self` to `to` changes it (for conversion
    /// warnings): true exactly when `to` cannot represent all values of `self`.
    pub fn conversion_may_change_value(self, to: IntKind) -> bool {
        !to.can_represent_all_of(self)
    }

    /// `value` converted to this type as gcc -m32 does it: to `_Bool` is `value != 0`,
    /// otherwise modulo 2^bits, read back as signed for signed types (gcc's
    /// implementation-defined choice, C11 6.3.1.3p3). For constant folding.
    pub fn convert(self, value: i64) -> i64 {
        if self == IntKind::Bool {
            return i64::from(value != 0);
        }
        let bits = self.size() * 8;
        let modulus = 1i64 << bits;
        let wrapped = value.rem_euclid(modulus);
        if self.is_signed() && wrapped > self.max_value() {
            wrapped - modulus
        } else {
            wrapped
        }
    }
}

impl fmt::Display for IntKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.c_name())
    }
}
