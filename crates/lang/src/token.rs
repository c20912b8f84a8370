//! Tokens: what the lexer produces and the parser reads.

use crate::codemap::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Ident,
    /// An integer constant, suffix included (`42`, `0x1Fu`, `017L`).
    Int,
    /// A character constant, quotes included.
    Char,
    /// A string literal, quotes included.
    Str,
    Keyword(Keyword),
    Punct(Punct),
    Eof,
}

/// C11 keywords, the subset's and the ones it refuses (so the refusal can be precise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Auto,
    Break,
    Case,
    Char,
    Const,
    Continue,
    Default,
    Do,
    Double,
    Else,
    Enum,
    Extern,
    Float,
    For,
    Goto,
    If,
    Inline,
    Int,
    Long,
    Register,
    Restrict,
    Return,
    Short,
    Signed,
    Sizeof,
    Static,
    Struct,
    Switch,
    Typedef,
    Union,
    Unsigned,
    Void,
    Volatile,
    While,
    Alignas,
    Alignof,
    Atomic,
    Bool,
    Complex,
    Generic,
    Imaginary,
    Noreturn,
    StaticAssert,
    ThreadLocal,
}

impl Keyword {
    pub fn from_spelling(text: &str) -> Option<Keyword> {
        use Keyword::*;
        Some(match text {
            "auto" => Auto,
            "break" => Break,
            "case" => Case,
            "char" => Char,
            "const" => Const,
            "continue" => Continue,
            "default" => Default,
            "do" => Do,
            "double" => Double,
            "else" => Else,
            "enum" => Enum,
            "extern" => Extern,
            "float" => Float,
            "for" => For,
            "goto" => Goto,
            "if" => If,
            "inline" => Inline,
            "int" => Int,
            "long" => Long,
            "register" => Register,
            "restrict" => Restrict,
            "return" => Return,
            "short" => Short,
            "signed" => Signed,
            "sizeof" => Sizeof,
            "static" => Static,
            "struct" => Struct,
            "switch" => Switch,
            "typedef" => Typedef,
            "union" => Union,
            "unsigned" => Unsigned,
            "void" => Void,
            "volatile" => Volatile,
            "while" => While,
            "_Alignas" => Alignas,
            "_Alignof" => Alignof,
            "_Atomic" => Atomic,
            "_Bool" => Bool,
            "_Complex" => Complex,
            "_Generic" => Generic,
            "_Imaginary" => Imaginary,
            "_Noreturn" => Noreturn,
            "_Static_assert" => StaticAssert,
            "_Thread_local" => ThreadLocal,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Punct {
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Dot,
    Arrow,
    PlusPlus,
    MinusMinus,
    Amp,
    Star,
    Plus,
    Minus,
    Tilde,
    Bang,
    Slash,
    Percent,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    EqEq,
    Ne,
    Caret,
    Pipe,
    AmpAmp,
    PipePipe,
    Question,
    Colon,
    Semi,
    Ellipsis,
    Eq,
    StarEq,
    SlashEq,
    PercentEq,
    PlusEq,
    MinusEq,
    ShlEq,
    ShrEq,
    AmpEq,
    CaretEq,
    PipeEq,
    Comma,
    Hash,
    HashHash,
}

impl Punct {
    /// Punctuators by spelling, longest first so the lexer can take the longest match.
    pub const SPELLINGS: [(&'static str, Punct); 48] = [
        ("...", Punct::Ellipsis),
        ("<<=", Punct::ShlEq),
        (">>=", Punct::ShrEq),
        ("->", Punct::Arrow),
        ("++", Punct::PlusPlus),
        ("--", Punct::MinusMinus),
        ("<<", Punct::Shl),
        (">>", Punct::Shr),
        ("<=", Punct::Le),
        (">=", Punct::Ge),
        ("==", Punct::EqEq),
        ("!=", Punct::Ne),
        ("&&", Punct::AmpAmp),
        ("||", Punct::PipePipe),
        ("*=", Punct::StarEq),
        ("/=", Punct::SlashEq),
        ("%=", Punct::PercentEq),
        ("+=", Punct::PlusEq),
        ("-=", Punct::MinusEq),
        ("&=", Punct::AmpEq),
        ("^=", Punct::CaretEq),
        ("|=", Punct::PipeEq),
        ("##", Punct::HashHash),
        ("(", Punct::LParen),
        (")", Punct::RParen),
        ("[", Punct::LBracket),
        ("]", Punct::RBracket),
        ("{", Punct::LBrace),
        ("}", Punct::RBrace),
        (".", Punct::Dot),
        ("&", Punct::Amp),
        ("*", Punct::Star),
        ("+", Punct::Plus),
        ("-", Punct::Minus),
        ("~", Punct::Tilde),
        ("!", Punct::Bang),
        ("/", Punct::Slash),
        ("%", Punct::Percent),
        ("<", Punct::Lt),
        (">", Punct::Gt),
        ("^", Punct::Caret),
        ("|", Punct::Pipe),
        ("?", Punct::Question),
        (":", Punct::Colon),
        (";", Punct::Semi),
        ("=", Punct::Eq),
        (",", Punct::Comma),
        ("#", Punct::Hash),
    ];

    pub fn spelling(self) -> &'static str {
        Punct::SPELLINGS
            .iter()
            .find(|(_, p)| *p == self)
            .map(|(s, _)| *s)
            .expect("every punctuator has a spelling")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Where the token stands in the program as the learner reads it. For a token that came
    /// from expanding a `#define`, that is the macro's name at the use.
    pub span: Span,
    /// Where the token's spelling is: `span` itself, except for tokens of a macro's body.
    pub text_span: Span,
    /// True for the first token on its line (directives are recognised by it).
    pub line_start: bool,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.text_span.range()]
    }
}
