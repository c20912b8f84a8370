//! Conversions (C11 6.3.1) and type compatibility (C11 6.2.7) on ILP32.

use std::rc::Rc;

use super::table::TypeTable;
use super::{FunctionType, IntKind, QualType, Type};

/// The common type of `a op b` for integer operands (C11 6.3.1.8): both are promoted; then
/// the higher rank wins, and when signedness differs, the unsigned type wins unless the
/// signed one can hold all its values. On ILP32, `long` cannot hold every `unsigned int`,
/// so `long + unsigned int` is `unsigned long`.
pub fn usual_arithmetic_conversion(a: IntKind, b: IntKind) -> IntKind {
    let (a, b) = (a.promoted(), b.promoted());
    if a == b {
        return a;
    }
    if a.is_signed() == b.is_signed() {
        return if a.rank() >= b.rank() { a } else { b };
    }
    let (signed, unsigned) = if a.is_signed() { (a, b) } else { (b, a) };
    if unsigned.rank() >= signed.rank() {
        unsigned
    } else if signed.can_represent_all_of(unsigned) {
        signed
    } else {
        signed.to_unsigned()
    }
}

impl TypeTable {
    /// The integer kind values of this type have: the kind itself, or an enum's compatible
    /// type. `None` for non-integers and incomplete enums.
    pub fn integer_kind(&self, ty: &Type) -> Option<IntKind> {
        match ty {
            Type::Int(kind) => Some(*kind),
            Type::Enum(id) => self.enum_def(*id).underlying(),
            _ => None,
        }
    }

    /// Integer promotion of an integer or enum type (an enum with no negative enumerator
    /// promotes to `unsigned int`, as in gcc). `None` for other types.
    pub fn promote(&self, ty: &Type) -> Option<IntKind> {
        self.integer_kind(ty).map(IntKind::promoted)
    }

    /// The type of `a + b` (and the other arithmetic operators) for integer operands.
    pub fn usual_arithmetic_conversion(&self, a: &Type, b: &Type) -> Option<IntKind> {
        Some(usual_arithmetic_conversion(
            self.integer_kind(a)?,
            self.integer_kind(b)?,
        ))
    }

    /// The type an argument is passed as when no prototype says otherwise (calls through
    /// `int f()`, and the `...` of printf): integers are promoted, arrays and functions
    /// decay, everything else is unchanged.
    pub fn default_argument_promotion(&self, ty: &Type) -> Type {
        match self.promote(ty) {
            Some(kind) => Type::Int(kind),
            None => ty.decay(),
        }
    }

    /// Whether two types are compatible (C11 6.2.7): the same integer kind, an enum and its
    /// compatible integer type, the same struct/union/enum id, pointers to compatible
    /// identically qualified types, arrays of compatible elements whose lengths agree when
    /// both are known, and functions per C11 6.7.6.3p15.
    pub fn compatible(&self, a: &Type, b: &Type) -> bool {
        match (a, b) {
            (Type::Void, Type::Void) => true,
            (Type::Int(x), Type::Int(y)) => x == y,
            (Type::Enum(x), Type::Enum(y)) => x == y,
            (Type::Enum(id), Type::Int(kind)) | (Type::Int(kind), Type::Enum(id)) => {
                self.enum_def(*id).underlying() == Some(*kind)
            }
            (Type::Record(x), Type::Record(y)) => x == y,
            (Type::Pointer(x), Type::Pointer(y)) => self.compatible_qualified(x, y),
            (
                Type::Array {
                    element: x,
                    len: x_len,
                },
                Type::Array {
                    element: y,
                    len: y_len,
                },
            ) => {
                self.compatible_qualified(x, y)
                    && (x_len.is_none() || y_len.is_none() || x_len == y_len)
            }
            (Type::Function(x), Type::Function(y)) => self.compatible_functions(x, y),
            _ => false,
        }
    }

    /// Compatible types with the same qualifiers (what pointers need of their pointees).
    pub fn compatible_qualified(&self, a: &QualType, b: &QualType) -> bool {
        a.is_const == b.is_const && self.compatible(&a.ty, &b.ty)
    }

    fn compatible_functions(&self, a: &FunctionType, b: &FunctionType) -> bool {
        if !self.compatible(&a.ret, &b.ret) {
            return false;
        }
        match (a.has_prototype, b.has_prototype) {
            (true, true) => {
                a.variadic == b.variadic
                    && a.params.len() == b.params.len()
                    && a.params
                        .iter()
                        .zip(&b.params)
                        .all(|(x, y)| self.compatible(x, y))
            }
            (false, false) => true,
            // `int f();` and a prototype agree if the prototype has no `...` and each
            // parameter survives the default argument promotions unchanged.
            (true, false) | (false, true) => {
                let prototype = if a.has_prototype { a } else { b };
                !prototype.variadic
                    && prototype.params.iter().all(|param| {
                        self.compatible(param, &self.default_argument_promotion(param))
                    })
            }
        }
    }

    /// The composite of two compatible types (C11 6.2.7p3), what a later declaration of the
    /// same object or function leaves it with: known array lengths and prototypes win.
    /// `None` if the types are not compatible.
    pub fn composite(&self, a: &Type, b: &Type) -> Option<Type> {
        if !self.compatible(a, b) {
            return None;
        }
        Some(self.composite_of_compatible(a, b))
    }

    fn composite_of_compatible(&self, a: &Type, b: &Type) -> Type {
        match (a, b) {
            (Type::Pointer(x), Type::Pointer(y)) => Type::Pointer(Rc::new(QualType {
                ty: self.composite_of_compatible(&x.ty, &y.ty),
                is_const: x.is_const,
            })),
            (
                Type::Array {
                    element: x,
                    len: x_len,
                },
                Type::Array {
                    element: y,
                    len: y_len,
                },
            ) => Type::Array {
                element: Rc::new(QualType {
                    ty: self.composite_of_compatible(&x.ty, &y.ty),
                    is_const: x.is_const,
                }),
                len: x_len.or(*y_len),
            },
            (Type::Function(x), Type::Function(y)) => {
                let ret = self.composite_of_compatible(&x.ret, &y.ret);
                let function = match (x.has_prototype, y.has_prototype) {
                    (true, true) => FunctionType {
                        ret,
                        params: x
                            .params
                            .iter()
                            .zip(&y.params)
                            .map(|(p, q)| self.composite_of_compatible(p, q))
                            .collect(),
                        variadic: x.variadic,
                        has_prototype: true,
                    },
                    (true, false) => FunctionType {
                        ret,
                        ..(**x).clone()
                    },
                    (false, true) => FunctionType {
                        ret,
                        ..(**y).clone()
                    },
                    (false, false) => FunctionType {
                        ret,
                        ..(**x).clone()
                    },
                };
                Type::Function(Rc::new(function))
            }
            // An enum and its integer type: keep the enum, the more specific of the two.
            (Type::Int(_), Type::Enum(_)) => b.clone(),
            _ => a.clone(),
        }
    }
}
