//! Operation lists for the allocator lab and the CLI, in the syntax of OSTEP's malloc.py
//! (`+10,+20,-0,+5`: allocate 10 and 20 bytes, free the first allocation, allocate 5), with
//! an optional `@THREAD` suffix for the allocators that keep per-thread caches.

use std::fmt;

use crate::ThreadId;

/// One operation of malloc.py's list syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `+N`: allocate N bytes.
    Alloc(u32),
    /// `-N`: free handle N.
    Free(usize),
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Alloc(size) => write!(f, "+{size}"),
            Op::Free(ptr) => write!(f, "-{ptr}"),
        }
    }
}

/// A refused operation list, naming the bad token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpsError {
    /// 1-based position of the token in the list.
    pub position: usize,
    pub token: String,
    pub message: String,
}

impl fmt::Display for OpsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ops: operation {} `{}`: {}",
            self.position, self.token, self.message
        )
    }
}

impl std::error::Error for OpsError {}

/// Parse malloc.py's `-A` syntax: `+10,+20,-0,+5` (spaces around tokens allowed).
pub fn parse_ops(text: &str) -> Result<Vec<Op>, OpsError> {
    parse_list(text, false).map(|ops| ops.into_iter().map(|(op, _)| op).collect())
}

/// Like [`parse_ops`], where each operation may name its thread: `+10@1,-0@2` (thread 0
/// when none is named).
pub fn parse_threaded_ops(text: &str) -> Result<Vec<(Op, ThreadId)>, OpsError> {
    parse_list(text, true)
}

fn parse_list(text: &str, threads: bool) -> Result<Vec<(Op, ThreadId)>, OpsError> {
    if text.trim().is_empty() {
        return Err(OpsError {
            position: 1,
            token: String::new(),
            message: "the operation list is empty (expected e.g. +10,+20,-0)".into(),
        });
    }
    text.split(',')
        .enumerate()
        .map(|(i, raw)| {
            let token = raw.trim();
            let error = |message: &str| OpsError {
                position: i + 1,
                token: token.to_string(),
                message: message.to_string(),
            };
            let (op, thread) = match token.split_once('@') {
                Some(_) if !threads => {
                    return Err(error("OSTEP's simulator has no threads (drop the @THREAD)"));
                }
                Some((op, thread)) => match thread.parse::<ThreadId>() {
                    Ok(thread) if !op.is_empty() => (op, thread),
                    _ => return Err(error("expected +SIZE@THREAD or -HANDLE@THREAD")),
                },
                None => (token, 0),
            };
            parse_op(op).map(|op| (op, thread)).map_err(error)
        })
        .collect()
}

/// One `+SIZE` or `-HANDLE`, or what is wrong with it.
fn parse_op(token: &str) -> Result<Op, &'static str> {
    let (sign, digits) = match token.split_at_checked(1) {
        Some((sign @ ("+" | "-"), digits)) => (sign, digits),
        _ => return Err("expected +SIZE or -HANDLE"),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(if sign == "+" {
            "the size must be a whole number of bytes"
        } else {
            "the handle must be a whole number"
        });
    }
    if sign == "+" {
        match digits.parse::<u32>() {
            Ok(0) => Err("the size must be at least 1"),
            Ok(size) => Ok(Op::Alloc(size)),
            Err(_) => Err("the size is too large"),
        }
    } else {
        digits
            .parse::<usize>()
            .map(Op::Free)
            .map_err(|_| "the handle is too large")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_named_after_an_at_sign() {
        assert_eq!(
            parse_threaded_ops("+10@1, -0@2,+5").unwrap(),
            vec![(Op::Alloc(10), 1), (Op::Free(0), 2), (Op::Alloc(5), 0)]
        );
        let error = parse_threaded_ops("+10@x").unwrap_err();
        assert_eq!((error.position, error.token.as_str()), (1, "+10@x"));
        let error = parse_ops("+10@1").unwrap_err();
        assert!(error.message.contains("no threads"), "{error}");
    }
}
