//! The syntax tree: what the parser builds, before names and types are resolved. Every node
//! carries the span it was parsed from, so the UI can highlight it and diagnostics can point
//! at it. After a syntax error the parser still returns a tree, with `Error` nodes where
//! nothing sensible could be parsed.

use crate::codemap::{Span, Spanned};

pub type Name = Spanned<String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationUnit {
    pub items: Vec<ExternalDecl>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternalDecl {
    Function(FunctionDef),
    Declaration(Declaration),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDef {
    pub specifiers: DeclSpecifiers,
    /// Its derived list starts with `DerivedDecl::Function`.
    pub declarator: Declarator,
    pub body: Block,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageClass {
    Typedef,
    Extern,
    Static,
}

/// The base type named by a declaration's specifiers (`unsigned long`, `struct node`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeSpecifier {
    Void,
    Bool,
    Char,
    SignedChar,
    UnsignedChar,
    Short,
    UnsignedShort,
    Int,
    UnsignedInt,
    Long,
    UnsignedLong,
    Record(RecordSpecifier),
    Enum(EnumSpecifier),
    /// A name declared with `typedef`.
    TypedefName(Name),
    /// The specifiers were wrong; a diagnostic has been given.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclSpecifiers {
    pub storage: Option<Spanned<StorageClass>>,
    pub ty: TypeSpecifier,
    pub is_const: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Struct,
    Union,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSpecifier {
    pub kind: RecordKind,
    pub tag: Option<Name>,
    /// `None` for a reference (`struct node`), `Some` for a definition with a body.
    pub members: Option<Vec<MemberDecl>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberDecl {
    pub specifiers: DeclSpecifiers,
    pub declarators: Vec<Declarator>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumSpecifier {
    pub tag: Option<Name>,
    pub enumerators: Option<Vec<Enumerator>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumerator {
    pub name: Name,
    pub value: Option<Expr>,
}

/// A declarator: the declared name (absent in abstract declarators such as `int *` in a
/// cast) and the type built around it, innermost first: `int *a[3]` is
/// `[Array(3), Pointer]`, an array of three pointers to int.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declarator {
    pub name: Option<Name>,
    pub derived: Vec<DerivedDecl>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DerivedDecl {
    Pointer {
        is_const: bool,
        span: Span,
    },
    Array {
        size: Option<Box<Expr>>,
        span: Span,
    },
    Function {
        params: Vec<ParamDecl>,
        /// `(void)` or a non-empty list; `()` declares a function without a prototype.
        has_prototype: bool,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamDecl {
    pub specifiers: DeclSpecifiers,
    pub declarator: Declarator,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub specifiers: DeclSpecifiers,
    pub declarators: Vec<InitDeclarator>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitDeclarator {
    pub declarator: Declarator,
    pub init: Option<Initializer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Initializer {
    Expr(Expr),
    List { items: Vec<InitItem>, span: Span },
}

impl Initializer {
    pub fn span(&self) -> Span {
        match self {
            Initializer::Expr(expr) => expr.span,
            Initializer::List { span, .. } => *span,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitItem {
    pub designators: Vec<Designator>,
    pub init: Initializer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Designator {
    /// `[index] =`
    Index(Expr),
    /// `.member =`
    Member(Name),
}

/// A type written out in an expression: `sizeof(struct node *)`, `(char)x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeName {
    pub specifiers: DeclSpecifiers,
    pub declarator: Declarator,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub items: Vec<Stmt>,
    pub span: Span,
    /// The closing `}`, when it is there ("control reaches end" points at it).
    pub close: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StmtKind {
    /// `expr;` or the empty statement `;`.
    Expr(Option<Expr>),
    Decl(Declaration),
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
        init: Option<ForInit>,
        cond: Option<Expr>,
        step: Option<Expr>,
        body: Box<Stmt>,
    },
    Switch {
        cond: Expr,
        body: Box<Stmt>,
    },
    Case {
        value: Expr,
        body: Box<Stmt>,
    },
    Default {
        body: Box<Stmt>,
    },
    Break,
    Continue,
    Return(Option<Expr>),
    /// Nothing sensible could be parsed here; a diagnostic has been given.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForInit {
    Decl(Declaration),
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntSuffix {
    None,
    U,
    L,
    UL,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
    /// `!x`
    Not,
    /// `~x`
    BitNot,
    /// `*p`
    Deref,
    /// `&x`
    AddrOf,
    PreInc,
    PreDec,
    PostInc,
    PostDec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    LogicalAnd,
    LogicalOr,
}

impl BinaryOp {
    pub fn spelling(self) -> &'static str {
        match self {
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Shl => "<<",
            BinaryOp::Shr => ">>",
            BinaryOp::Lt => "<",
            BinaryOp::Gt => ">",
            BinaryOp::Le => "<=",
            BinaryOp::Ge => ">=",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::BitAnd => "&",
            BinaryOp::BitXor => "^",
            BinaryOp::BitOr => "|",
            BinaryOp::LogicalAnd => "&&",
            BinaryOp::LogicalOr => "||",
        }
    }
}

impl UnaryOp {
    pub fn spelling(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Plus => "+",
            UnaryOp::Not => "!",
            UnaryOp::BitNot => "~",
            UnaryOp::Deref => "*",
            UnaryOp::AddrOf => "&",
            UnaryOp::PreInc | UnaryOp::PostInc => "++",
            UnaryOp::PreDec | UnaryOp::PostDec => "--",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// An integer constant; `value` is exact (it may not fit the type the checker gives it).
    Int {
        value: u64,
        suffix: IntSuffix,
        /// Written in decimal (C gives decimal and hex/octal constants different types).
        decimal: bool,
    },
    /// A character constant: its value as an `int` (`'\xff'` is -1, as on i386).
    Char(i32),
    /// A string literal (adjacent literals concatenated), without the terminating NUL.
    Str(Vec<u8>),
    Ident(String),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `lhs = rhs`, or a compound assignment `lhs op= rhs`.
    Assign {
        op: Option<BinaryOp>,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
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
    Call {
        callee: Box<Expr>,
        args: Vec<Expr>,
    },
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    /// `base.member`, or `base->member` when `arrow`.
    Member {
        base: Box<Expr>,
        member: Name,
        arrow: bool,
    },
    Cast {
        ty: Box<TypeName>,
        operand: Box<Expr>,
    },
    SizeofExpr(Box<Expr>),
    SizeofType(Box<TypeName>),
    AlignofType(Box<TypeName>),
    /// Nothing sensible could be parsed here; a diagnostic has been given.
    Error,
}
