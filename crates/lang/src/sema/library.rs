//! The C library of the subset (c-subset.md): each function with its header and its C
//! signature as glibc declares it for i386, and the typedefs and constants the headers
//! bring. The machine implements the functions; here they are only declared.

use crate::preprocess::Header;
use crate::types::{IntKind, QualType, Type};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LibraryFunction {
    Printf,
    Putchar,
    Puts,
    Malloc,
    Calloc,
    Realloc,
    Free,
    Exit,
    Abort,
    Abs,
    Atoi,
    Rand,
    Srand,
    Memset,
    Memcpy,
    Memmove,
    Memcmp,
    Strlen,
    Strcpy,
    Strncpy,
    Strcmp,
    Strncmp,
    Strcat,
    Strchr,
    Strdup,
    /// `assert(e)`: a macro in C; here a function of one scalar argument.
    Assert,
    PthreadCreate,
    PthreadJoin,
    PthreadMutexInit,
    PthreadMutexLock,
    PthreadMutexUnlock,
    PthreadSelf,
    Sbrk,
}

impl LibraryFunction {
    pub const ALL: [LibraryFunction; 33] = {
        use LibraryFunction::*;
        [
            Printf,
            Putchar,
            Puts,
            Malloc,
            Calloc,
            Realloc,
            Free,
            Exit,
            Abort,
            Abs,
            Atoi,
            Rand,
            Srand,
            Memset,
            Memcpy,
            Memmove,
            Memcmp,
            Strlen,
            Strcpy,
            Strncpy,
            Strcmp,
            Strncmp,
            Strcat,
            Strchr,
            Strdup,
            Assert,
            PthreadCreate,
            PthreadJoin,
            PthreadMutexInit,
            PthreadMutexLock,
            PthreadMutexUnlock,
            PthreadSelf,
            Sbrk,
        ]
    };

    pub fn name(self) -> &'static str {
        use LibraryFunction::*;
        match self {
            Printf => "printf",
            Putchar => "putchar",
            Puts => "puts",
            Malloc => "malloc",
            Calloc => "calloc",
            Realloc => "realloc",
            Free => "free",
            Exit => "exit",
            Abort => "abort",
            Abs => "abs",
            Atoi => "atoi",
            Rand => "rand",
            Srand => "srand",
            Memset => "memset",
            Memcpy => "memcpy",
            Memmove => "memmove",
            Memcmp => "memcmp",
            Strlen => "strlen",
            Strcpy => "strcpy",
            Strncpy => "strncpy",
            Strcmp => "strcmp",
            Strncmp => "strncmp",
            Strcat => "strcat",
            Strchr => "strchr",
            Strdup => "strdup",
            Assert => "assert",
            PthreadCreate => "pthread_create",
            PthreadJoin => "pthread_join",
            PthreadMutexInit => "pthread_mutex_init",
            PthreadMutexLock => "pthread_mutex_lock",
            PthreadMutexUnlock => "pthread_mutex_unlock",
            PthreadSelf => "pthread_self",
            Sbrk => "sbrk",
        }
    }

    pub fn from_name(name: &str) -> Option<LibraryFunction> {
        LibraryFunction::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn header(self) -> Header {
        use LibraryFunction::*;
        match self {
            Printf | Putchar | Puts => Header::Stdio,
            Malloc | Calloc | Realloc | Free | Exit | Abort | Abs | Atoi | Rand | Srand => {
                Header::Stdlib
            }
            Memset | Memcpy | Memmove | Memcmp | Strlen | Strcpy | Strncpy | Strcmp | Strncmp
            | Strcat | Strchr | Strdup => Header::String,
            Assert => Header::Assert,
            PthreadCreate | PthreadJoin | PthreadMutexInit | PthreadMutexLock
            | PthreadMutexUnlock | PthreadSelf => Header::Pthread,
            Sbrk => Header::Unistd,
        }
    }

    /// Whether control never comes back (for "missing return" analysis).
    pub fn never_returns(self) -> bool {
        matches!(self, LibraryFunction::Exit | LibraryFunction::Abort)
    }

    /// The function's type, given the library's own types.
    pub fn ty(self, types: &LibraryTypes) -> Type {
        use LibraryFunction::*;
        let int = Type::int;
        let size_t = || Type::Int(IntKind::UInt);
        let void = || Type::Void;
        let ptr = |ty: Type| Type::pointer_to(ty);
        let const_ptr = |ty: Type| Type::pointer_to(QualType::new(ty, true));
        let char_ptr = || ptr(Type::char());
        let const_char_ptr = || const_ptr(Type::char());
        let void_ptr = || ptr(Type::Void);
        let const_void_ptr = || const_ptr(Type::Void);
        let (ret, params, variadic) = match self {
            Printf => (int(), vec![const_char_ptr()], true),
            Putchar => (int(), vec![int()], false),
            Puts => (int(), vec![const_char_ptr()], false),
            Malloc => (void_ptr(), vec![size_t()], false),
            Calloc => (void_ptr(), vec![size_t(), size_t()], false),
            Realloc => (void_ptr(), vec![void_ptr(), size_t()], false),
            Free => (void(), vec![void_ptr()], false),
            Exit => (void(), vec![int()], false),
            Abort => (void(), vec![], false),
            Abs => (int(), vec![int()], false),
            Atoi => (int(), vec![const_char_ptr()], false),
            Rand => (int(), vec![], false),
            Srand => (void(), vec![Type::Int(IntKind::UInt)], false),
            Memset => (void_ptr(), vec![void_ptr(), int(), size_t()], false),
            Memcpy | Memmove => (
                void_ptr(),
                vec![void_ptr(), const_void_ptr(), size_t()],
                false,
            ),
            Memcmp => (
                int(),
                vec![const_void_ptr(), const_void_ptr(), size_t()],
                false,
            ),
            Strlen => (size_t(), vec![const_char_ptr()], false),
            Strcpy | Strcat => (char_ptr(), vec![char_ptr(), const_char_ptr()], false),
            Strncpy => (
                char_ptr(),
                vec![char_ptr(), const_char_ptr(), size_t()],
                false,
            ),
            Strcmp => (int(), vec![const_char_ptr(), const_char_ptr()], false),
            Strncmp => (
                int(),
                vec![const_char_ptr(), const_char_ptr(), size_t()],
                false,
            ),
            Strchr => (char_ptr(), vec![const_char_ptr(), int()], false),
            Strdup => (char_ptr(), vec![const_char_ptr()], false),
            Assert => (void(), vec![int()], false),
            PthreadCreate => {
                let start = ptr(Type::function(void_ptr(), vec![void_ptr()], false));
                (
                    int(),
                    vec![
                        ptr(types.pthread_t.clone()),
                        const_ptr(types.pthread_attr_t.clone()),
                        start,
                        void_ptr(),
                    ],
                    false,
                )
            }
            PthreadJoin => (int(), vec![types.pthread_t.clone(), ptr(void_ptr())], false),
            PthreadMutexInit => (
                int(),
                vec![
                    ptr(types.pthread_mutex_t.clone()),
                    const_ptr(types.pthread_mutexattr_t.clone()),
                ],
                false,
            ),
            PthreadMutexLock | PthreadMutexUnlock => {
                (int(), vec![ptr(types.pthread_mutex_t.clone())], false)
            }
            PthreadSelf => (types.pthread_t.clone(), vec![], false),
            Sbrk => (void_ptr(), vec![Type::Int(IntKind::Int)], false),
        };
        Type::function(ret, params, variadic)
    }
}

/// The types the library's headers define, built in the program's type table.
#[derive(Debug, Clone)]
pub struct LibraryTypes {
    pub pthread_t: Type,
    pub pthread_attr_t: Type,
    pub pthread_mutex_t: Type,
    pub pthread_mutexattr_t: Type,
}

/// Object-like macros the headers define that the subset knows, with their values.
pub fn header_constant(header: Header, name: &str) -> Option<i64> {
    match (header, name) {
        (Header::Stdlib, "EXIT_SUCCESS") => Some(0),
        (Header::Stdlib, "EXIT_FAILURE") => Some(1),
        // glibc's RAND_MAX.
        (Header::Stdlib, "RAND_MAX") => Some(2_147_483_647),
        (Header::Stdbool, "true") => Some(1),
        (Header::Stdbool, "false") => Some(0),
        _ => None,
    }
}

/// Headers that define `NULL`.
pub fn defines_null(header: Header) -> bool {
    matches!(
        header,
        Header::Stdio | Header::Stdlib | Header::String | Header::Unistd | Header::Pthread
    )
}

/// The header that defines a constant or type name, for "include it" hints.
pub fn header_constant_home(name: &str) -> Option<Header> {
    match name {
        "EXIT_SUCCESS" | "EXIT_FAILURE" | "RAND_MAX" => Some(Header::Stdlib),
        "true" | "false" | "bool" => Some(Header::Stdbool),
        "size_t" => Some(Header::Stdlib),
        _ => None,
    }
}
