//! The checked program: what the machine executes. Names are resolved to ids, every
//! expression carries its type, implicit conversions are explicit `Cast` nodes, constant
//! expressions are folded, and pointer arithmetic knows its element size. Spans stay on
//! every node so the UI can highlight what runs.

pub use crate::ast::BinaryOp as BinaryOpKind;
use crate::codemap::Span;
use crate::preprocess::Header;
use crate::types::{IntKind, QualType, Type, TypeTable};

pub use crate::sema::library::LibraryFunction;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FunctionId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringId(pub u32);

#[derive(Debug, Clone)]
pub struct Program {
    pub types: TypeTable,
    pub globals: Vec<Global>,
    pub functions: Vec<Function>,
    /// String literals' bytes, without the terminating NUL the machine adds (they live in
    /// the read-only segment).
    pub strings: Vec<Vec<u8>>,
    pub main: Option<FunctionId>,
    pub headers: Vec<Header>,
}

/// A variable with static storage: a file-scope variable or a `static` local.
#[derive(Debug, Clone)]
pub struct Global {
    pub name: String,
    pub ty: QualType,
    pub span: Span,
    /// `None`: zero-filled (.bss). Extern declarations never defined are reported by the
    /// checker as undefined references only when used.
    pub init: Option<Initializer>,
    /// The function a `static` local belongs to.
    pub owner: Option<FunctionId>,
    pub is_static: bool,
    pub defined: bool,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub name: String,
    pub ty: Type,
    pub span: Span,
    pub name_span: Span,
    /// Parameters in order; they are also the first entries of `locals`.
    pub params: Vec<LocalId>,
    pub locals: Vec<Local>,
    /// `None` for a declaration without a definition.
    pub body: Option<Block>,
    pub is_static: bool,
}

impl Function {
    pub fn local(&self, id: LocalId) -> &Local {
        &self.locals[id.0 as usize]
    }

    pub fn return_type(&self) -> &Type {
        &self
            .ty
            .as_function()
            .expect("a function has a function type")
            .ret
    }
}

#[derive(Debug, Clone)]
pub struct Local {
    pub name: String,
    pub ty: QualType,
    pub span: Span,
}

/// How an object starts: listed entries at byte offsets; every byte not covered is zero
/// (C's rule for partly initialized aggregates), except that a scalar with no initializer
/// at all has no `Initializer` and stays uninitialized.
#[derive(Debug, Clone)]
pub struct Initializer {
    pub entries: Vec<InitEntry>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct InitEntry {
    pub offset: u32,
    pub value: InitValue,
}

#[derive(Debug, Clone)]
pub enum InitValue {
    /// A scalar, already converted to the type of the object part at `offset`.
    Expr(Expr),
    /// Bytes of a character array initialized from a string literal (NUL included when
    /// it fits).
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StmtKind {
    Expr(Expr),
    Empty,
    /// A local comes into scope (its storage is in the frame from function entry).
    Decl {
        local: LocalId,
        init: Option<Initializer>,
    },
    Block(Block),
    If {
        cond: Expr,
        then_branch: Box<Stmt>,
        else_branch: Option<Box<Stmt>>,
    },
    While {
        cond: Expr,
        body: Box<Stmt>,
    },
    DoWhile {
        body: Box<Stmt>,
        cond: Expr,
    },
    For {
        init: Vec<Stmt>,
        cond: Option<Expr>,
        step: Option<Expr>,
        body: Box<Stmt>,
    },
    Switch {
        cond: Expr,
        body: Box<Stmt>,
    },
    /// `value` is already converted to the promoted type of the switch's condition.
    Case {
        value: i64,
        body: Box<Stmt>,
    },
    Default {
        body: Box<Stmt>,
    },
    Break,
    Continue,
    Return(Option<Expr>),
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    /// The value's type, unqualified. For lvalues, the object's type (arrays and functions
    /// stay themselves until a `Cast` decays them).
    pub ty: Type,
    /// Whether this designates an object (can be assigned or have its address taken).
    pub is_lvalue: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastKind {
    /// Reads the value of an lvalue.
    LValueToRValue,
    ArrayToPointer,
    FunctionToPointer,
    /// Between integer types (including to and from enums), truncating or extending.
    Integral,
    /// Any scalar to `_Bool`: 0 stays 0, anything else becomes 1.
    ToBool,
    IntegerToPointer,
    PointerToInteger,
    /// Between pointer types; the bits stay.
    PointerToPointer,
    /// The null pointer constant to a pointer type.
    NullToPointer,
    /// To `void`: the value is discarded.
    ToVoid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callee {
    User(FunctionId),
    Library(LibraryFunction),
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    /// A folded integer constant of the expression's type.
    Const(i64),
    /// A string literal: an lvalue array of char in rodata.
    String(StringId),
    Local(LocalId),
    Global(GlobalId),
    /// A function designator (an lvalue-like function that decays to a pointer).
    Function(Callee),
    Cast {
        kind: CastKind,
        operand: Box<Expr>,
    },
    /// `-x`, `~x`, `!x` on a promoted integer (or, for `!`, any scalar).
    Unary {
        op: UnaryOpKind,
        operand: Box<Expr>,
    },
    /// Integer arithmetic, bitwise, shifts and comparisons; operands already converted
    /// (comparisons of pointers too: then both are pointers).
    Binary {
        op: BinaryOpKind,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `pointer ± index` scaled by `element_size`; `index` is a promoted integer.
    PointerOffset {
        pointer: Box<Expr>,
        index: Box<Expr>,
        element_size: u32,
        subtract: bool,
    },
    /// `p - q` in elements (type int).
    PointerDifference {
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        element_size: u32,
    },
    LogicalAnd {
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    LogicalOr {
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `*p`: the object p points to.
    Deref(Box<Expr>),
    /// `&x`.
    AddressOf(Box<Expr>),
    /// A member of a struct or union value; `p->m` is `Member` of `Deref(p)`.
    Member {
        base: Box<Expr>,
        offset: u32,
        name: String,
    },
    /// `target = value`, value converted to the target's type.
    Assign {
        target: Box<Expr>,
        value: Box<Expr>,
    },
    /// `target op= value`: computed in `operation_type` (or as pointer arithmetic when
    /// `element_size` is set), then converted back to the target's type.
    CompoundAssign {
        op: BinaryOpKind,
        target: Box<Expr>,
        value: Box<Expr>,
        operation_type: Type,
        element_size: Option<u32>,
    },
    /// `++x`, `x--`...: `step` is 1, or the element size for pointers.
    IncDec {
        target: Box<Expr>,
        increment: bool,
        prefix: bool,
        step: u32,
    },
    Conditional {
        cond: Box<Expr>,
        then_expr: Box<Expr>,
        else_expr: Box<Expr>,
    },
    Comma {
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// A call; arguments are converted to the parameter types (or default-promoted for
    /// `...` and unprototyped functions).
    Call {
        callee: Box<Expr>,
        args: Vec<Expr>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOpKind {
    Neg,
    BitNot,
    LogicalNot,
}

impl Expr {
    pub fn int_kind(&self) -> Option<IntKind> {
        self.ty.int_kind()
    }
}
