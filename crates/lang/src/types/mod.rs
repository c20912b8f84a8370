//! Types of the C subset and their ILP32 layout, exactly as `gcc -m32` (i386 System V) lays
//! them out, so that a program prints the same `sizeof`s and addresses here as under gcc.
//!
//! The pieces:
//! - [`IntKind`]: the integer types, with size, rank and range.
//! - [`Type`] / [`QualType`]: a type as the parser and checker build it. Cheap to clone (the
//!   recursive parts sit behind `Rc`). Struct, union and enum types are ids into a
//!   [`TypeTable`], so a record can be declared, pointed to, and completed later.
//! - [`TypeTable`]: record and enum definitions; layout ([`TypeTable::size_of`],
//!   [`TypeTable::record_layout`]); conversions and compatibility; printing.
//!
//! Representation decisions the parser and checker rely on:
//! - An array of unknown length (`extern int a[];`, or `int a[] = {...}` before its
//!   initializer is counted) is `Type::Array { len: None, .. }`; it is an incomplete type.
//! - `const` on an array applies to its elements (C11 6.7.3p9): [`QualType::new`] and
//!   [`QualType::with_const`] push it down, so the array's own `is_const` stays false.
//! - A function type keeps parameter types already adjusted (arrays and functions decayed to
//!   pointers) and without top-level qualifiers, as C11 6.7.6.3p15 compares them; its return
//!   type is unqualified. `int f()` has no prototype; `int f(void)` is a prototype with no
//!   parameters; only prototypes may be variadic.
//! - An enum is its own type (keeping its identity for messages and compatibility) laid out
//!   as 4 bytes. Its compatible integer type is `unsigned int` when no enumerator is
//!   negative and `int` otherwise (gcc's rule), and that decides its promotion. Enumeration
//!   constants themselves have type `int` (C11 6.7.2.2p3).
//! - Records are complete once [`TypeTable::complete_record`] accepted them; completion
//!   validates members and computes the layout once, so a complete record never fails
//!   layout later and a record can never contain itself.

mod convert;
mod int;
mod layout;
mod print;
mod table;

#[cfg(test)]
mod tests;

use std::rc::Rc;

pub use convert::usual_arithmetic_conversion;
pub use int::IntKind;
pub use layout::{LayoutError, LayoutErrorKind, MAX_OBJECT_SIZE, POINTER_SIZE, RecordLayout};
pub use table::{
    EnumDef, EnumError, EnumId, Enumerator, Member, MemberRef, RecordDef, RecordError, RecordId,
    RecordKind, TypeTable,
};

/// A C type without top-level qualifiers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    Void,
    Int(IntKind),
    /// An enumerated type: 4 bytes, compatible with `int` or `unsigned int` (see the module
    /// doc); the id keeps it distinct from other enums.
    Enum(EnumId),
    /// A pointer to a possibly `const` type.
    Pointer(Rc<QualType>),
    /// `len: None` is an array of unknown length (incomplete). Lengths fit `u32` because any
    /// larger array exceeds [`MAX_OBJECT_SIZE`] anyway.
    Array {
        element: Rc<QualType>,
        len: Option<u32>,
    },
    /// A struct or union, defined in the [`TypeTable`].
    Record(RecordId),
    Function(Rc<FunctionType>),
}

/// A function type: return type, parameter types, and whether it has a prototype.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FunctionType {
    pub ret: Type,
    /// Adjusted parameter types (no arrays, no functions, no top-level `const`).
    pub params: Vec<Type>,
    /// `...` after the parameters; only library functions such as `printf` have it.
    pub variadic: bool,
    /// False for an old-style `int f()`: its parameters are unknown, not "none".
    pub has_prototype: bool,
}

/// A type with its qualifiers. Only `const` matters in the subset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QualType {
    pub ty: Type,
    pub is_const: bool,
}

impl QualType {
    /// A qualified type; `const` on an array goes to its elements (C11 6.7.3p9).
    pub fn new(ty: Type, is_const: bool) -> QualType {
        let plain = QualType {
            ty,
            is_const: false,
        };
        if is_const { plain.with_const() } else { plain }
    }

    pub fn unqualified(ty: Type) -> QualType {
        QualType::new(ty, false)
    }

    /// This type with `const` added (to the elements, for an array).
    pub fn with_const(self) -> QualType {
        match self.ty {
            Type::Array { element, len } => QualType {
                ty: Type::Array {
                    element: Rc::new((*element).clone().with_const()),
                    len,
                },
                is_const: false,
            },
            ty => QualType { ty, is_const: true },
        }
    }
}

impl From<Type> for QualType {
    fn from(ty: Type) -> QualType {
        QualType::unqualified(ty)
    }
}

impl From<IntKind> for Type {
    fn from(kind: IntKind) -> Type {
        Type::Int(kind)
    }
}

impl Type {
    pub fn int() -> Type {
        Type::Int(IntKind::Int)
    }

    pub fn char() -> Type {
        Type::Int(IntKind::Char)
    }

    pub fn pointer_to(pointee: impl Into<QualType>) -> Type {
        Type::Pointer(Rc::new(pointee.into()))
    }

    pub fn array_of(element: impl Into<QualType>, len: Option<u32>) -> Type {
        Type::Array {
            element: Rc::new(element.into()),
            len,
        }
    }

    /// A prototyped function type. Parameters are adjusted as C11 6.7.6.3p7-8 says (arrays
    /// and functions become pointers), so callers may pass them as declared.
    pub fn function(ret: Type, params: Vec<Type>, variadic: bool) -> Type {
        Type::Function(Rc::new(FunctionType {
            ret,
            params: params.into_iter().map(|param| param.decay()).collect(),
            variadic,
            has_prototype: true,
        }))
    }

    /// An old-style `ret f()` type: callable with any arguments.
    pub fn function_without_prototype(ret: Type) -> Type {
        Type::Function(Rc::new(FunctionType {
            ret,
            params: Vec::new(),
            variadic: false,
            has_prototype: false,
        }))
    }

    pub fn is_void(&self) -> bool {
        matches!(self, Type::Void)
    }

    /// Integer types include `_Bool`, `char` and enums.
    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Int(_) | Type::Enum(_))
    }

    /// The same as [`Type::is_integer`]: the subset has no floating point.
    pub fn is_arithmetic(&self) -> bool {
        self.is_integer()
    }

    /// Arithmetic types and pointers: what conditions, `!`, `&&` and `||` accept.
    pub fn is_scalar(&self) -> bool {
        self.is_arithmetic() || self.is_pointer()
    }

    pub fn is_pointer(&self) -> bool {
        matches!(self, Type::Pointer(_))
    }

    /// `void *` (of any qualification of `void`).
    pub fn is_void_pointer(&self) -> bool {
        self.pointee().is_some_and(|pointee| pointee.ty.is_void())
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Type::Array { .. })
    }

    pub fn is_function(&self) -> bool {
        matches!(self, Type::Function(_))
    }

    pub fn is_record(&self) -> bool {
        matches!(self, Type::Record(_))
    }

    /// Object types are all but function types (C11 6.2.5p1), complete or not; ask
    /// [`TypeTable::is_complete`] for completeness.
    pub fn is_object(&self) -> bool {
        !self.is_function()
    }

    /// The integer kind of an `Int` type (enums: see [`TypeTable::integer_kind`]).
    pub fn int_kind(&self) -> Option<IntKind> {
        match self {
            Type::Int(kind) => Some(*kind),
            _ => None,
        }
    }

    pub fn pointee(&self) -> Option<&QualType> {
        match self {
            Type::Pointer(pointee) => Some(pointee),
            _ => None,
        }
    }

    pub fn array_element(&self) -> Option<&QualType> {
        match self {
            Type::Array { element, .. } => Some(element),
            _ => None,
        }
    }

    /// `Some(None)` for an array of unknown length, `None` for a non-array.
    pub fn array_len(&self) -> Option<Option<u32>> {
        match self {
            Type::Array { len, .. } => Some(*len),
            _ => None,
        }
    }

    pub fn as_function(&self) -> Option<&FunctionType> {
        match self {
            Type::Function(function) => Some(function),
            _ => None,
        }
    }

    pub fn record_id(&self) -> Option<RecordId> {
        match self {
            Type::Record(id) => Some(*id),
            _ => None,
        }
    }

    pub fn enum_id(&self) -> Option<EnumId> {
        match self {
            Type::Enum(id) => Some(*id),
            _ => None,
        }
    }

    /// The type an expression of this type has after array-to-pointer and
    /// function-to-pointer conversion (C11 6.3.2.1p3-4); other types are unchanged.
    pub fn decay(&self) -> Type {
        match self {
            Type::Array { element, .. } => Type::Pointer(Rc::clone(element)),
            Type::Function(_) => Type::pointer_to(self.clone()),
            other => other.clone(),
        }
    }
}
