//! The machine's instructions: a small stack machine that the compiler (`compile.rs`)
//! produces from the checked program, one list per function. Values are 32-bit words (the
//! subset has no floating point and nothing wider than `long`); objects live in simulated
//! memory, and a struct value on the operand stack is its address.

use std::rc::Rc;

use memplay_lang::codemap::Span;
use memplay_lang::hir::{FunctionId, GlobalId, LibraryFunction, StringId};
use memplay_lang::types::IntKind;

/// An arithmetic or comparison operator with the kind its operands were converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Shl,
    Shr,
    And,
    Or,
    Xor,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// A statement starts: one step of the program. The number indexes the program's
    /// [`Point`] table (its span and kind).
    Statement(u32),
    /// An expression's last operation is next (a call, an assignment, an increment), its
    /// operands evaluated: a step of its own at expression granularity, nothing otherwise.
    Expression(u32),
    Const(u32),
    /// The address of a global, string literal or function, fixed when memory is laid out
    /// (the machine's loader turns it into a `Const`).
    Address(Symbol),
    /// The frame pointer plus an offset: a local's or a parameter's address.
    FrameAddr(i32),
    /// Pops an address, pushes the value of `size` bytes there, extended to 32 bits.
    Load {
        size: u8,
        signed: bool,
    },
    /// Pops a value and an address, stores the low `size` bytes, pushes the value back.
    Store {
        size: u8,
    },
    /// Pops a source and a destination address, copies `size` bytes, pushes the
    /// destination (struct assignment).
    Copy {
        size: u32,
    },
    /// Pops an address and sets `size` bytes there to zero.
    Zero {
        size: u32,
    },
    /// Pops an address and writes these bytes there (a char array from a string literal).
    StoreBytes(Rc<[u8]>),
    Drop,
    Dup,
    /// Pops b and a, pushes `a op b` computed in `kind` (signed overflow and division by
    /// zero are runtime errors).
    Binary(BinOp, IntKind),
    /// Pushes 0 - value in `kind`.
    Neg(IntKind),
    BitNot,
    LogicalNot,
    /// Converts the top value from one integer kind to another (truncating or extending).
    Convert {
        from: IntKind,
        to: IntKind,
    },
    /// Pops a pointer and an index, pushes pointer ± index * size.
    PointerOffset {
        element_size: u32,
        subtract: bool,
    },
    /// Checks the index on top of the stack (left there) against an array of `len`
    /// elements, the array expression at `array`; out of range is reported, not stopped:
    /// the access then happens, as on real hardware.
    CheckIndex {
        len: u32,
        array: Span,
        write: bool,
    },
    /// Pops q and p, pushes (p - q) / size as an int.
    PointerDifference {
        element_size: u32,
    },
    /// Pops an address, adds `delta` to the object of `kind` there (pointer steps are
    /// plain words), stores it, pushes the new value (prefix) or the old one (postfix).
    IncDec {
        kind: IntKind,
        pointer: bool,
        delta: i32,
        prefix: bool,
    },
    Jump(usize),
    JumpIfZero(usize),
    JumpIfNotZero(usize),
    /// Pops a value and pushes it onto the simulated stack as an argument of `size` bytes
    /// (rounded up to a word).
    PushArg {
        size: u32,
    },
    /// Pops a struct's address and copies it onto the simulated stack as an argument.
    PushArgRecord {
        size: u32,
    },
    /// Calls a user function; its arguments are on the simulated stack.
    Call(FunctionId),
    /// Pops a function pointer and calls it; `arg_bytes` of arguments are on the stack.
    CallIndirect {
        arg_bytes: u32,
    },
    /// Calls a library function with `argc` values from the operand stack, evaluated right
    /// to left as gcc does (so the last argument is deepest); pushes its result.
    CallLibrary {
        function: LibraryFunction,
        argc: u32,
    },
    /// Releases `bytes` of arguments after a call.
    PopArgs {
        bytes: u32,
    },
    /// The callee's prologue: saves the caller's frame pointer and makes room for locals.
    Enter {
        frame_size: u32,
    },
    /// Returns to the caller with the top value (or nothing) as the result.
    Return {
        has_value: bool,
    },
    // Superinstructions, joined after linking (`fuse.rs`): each does what its run did.
    /// `FrameAddr(offset)`, `Load`: a local or a parameter.
    LoadLocal {
        offset: i32,
        size: u8,
        signed: bool,
    },
    /// `Const(offset)`, an unsigned `Binary(Add)`, `Load`: a member through a pointer.
    LoadMember {
        offset: u32,
        size: u8,
        signed: bool,
    },
    /// `LoadLocal` of a 4-byte pointer, then `LoadMember` (or `Load`, for a member at
    /// offset 0) through it: `p->next`, `p->key`, `*p`.
    LoadThroughLocal {
        local: i32,
        member: u32,
        size: u8,
        signed: bool,
    },
    /// `LoadThroughLocal` of a 4-byte pointer, then a member through that pointer:
    /// `p->next->key`, `p->left->right`.
    LoadThroughLocalTwice {
        local: i32,
        first: u32,
        second: u32,
        size: u8,
        signed: bool,
    },
    /// Pops a value and stores it in the local at `offset`: what `FrameAddr(offset)`, the
    /// value, `StoreDrop` did (the value's op now comes first).
    StoreLocal {
        offset: i32,
        size: u8,
    },
    /// `Const(addr)`, `Load`: a global.
    LoadFixed {
        addr: u32,
        size: u8,
        signed: bool,
    },
    /// `Const(value)`, `Binary(op, kind)`: the constant is the right operand.
    BinaryConst(BinOp, IntKind, u32),
    /// A comparison's `Binary(op, kind)`, then a conditional jump on its result: to
    /// `if_true` or `if_false` (one of them the op after the run, or the jump that an
    /// `&&` or `||` lands on tests it and goes on).
    CompareBranch {
        op: BinOp,
        kind: IntKind,
        if_true: usize,
        if_false: usize,
    },
    /// `CompareBranch` with `value` as the right operand (`BinaryConst`'s).
    CompareConstBranch {
        op: BinOp,
        kind: IntKind,
        value: u32,
        if_true: usize,
        if_false: usize,
    },
    /// `Store`, `Drop`: an assignment whose value is not used.
    StoreDrop {
        size: u8,
    },
}

/// A place where a step can stop: where the trail and the views say the program is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub span: Span,
    pub kind: PointKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// A function about to run its first statement (where a fresh thread or main waits).
    Entry,
    Statement,
    Expression,
}

/// Something with a link-time address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    Global(GlobalId),
    String(StringId),
    Function(FunctionId),
    Library(LibraryFunction),
}

/// A compiled function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub ops: Vec<Op>,
    /// Bytes of locals and temporaries below the frame pointer.
    pub frame_size: u32,
    /// Each local's offset from the frame pointer (parameters above it, others below).
    pub local_offsets: Vec<i32>,
    /// Where the frame's slots end above the frame pointer: past the return address, or
    /// past the last argument.
    pub slots_end: u32,
    /// Whether the function returns a struct through a hidden pointer argument.
    pub returns_record: bool,
}
