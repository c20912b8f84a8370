//! Superinstructions: common runs of ops joined into one, after linking, so that the
//! interpreter dispatches once where it dispatched two or three times. `i < n`, `p->next`
//! and `x = y;` each compile to several ops, and dispatching them was a fifth of the
//! machine's time. A joined op does exactly what its run did (the same checks, reports,
//! accesses and results), and no run that a jump lands inside is joined.

use crate::code::{BinOp, Op};

/// Joins the runs in one function's ops until none is left, remapping jump targets.
pub fn fuse(ops: &mut Vec<Op>) {
    while let Some(joined) = fuse_once(ops) {
        *ops = joined;
    }
}

/// One pass left to right; None when it joined nothing.
fn fuse_once(ops: &[Op]) -> Option<Vec<Op>> {
    let mut targets = vec![false; ops.len() + 1];
    for op in ops {
        for target in jump_targets(op).into_iter().flatten() {
            targets[target.min(ops.len())] = true;
        }
    }
    let mut joined = Vec::with_capacity(ops.len());
    // Where each old op went: a run's later ops are never targets, so theirs is unused.
    let mut moved_to = vec![0; ops.len() + 1];
    let mut at = 0;
    let mut changed = false;
    while at < ops.len() {
        moved_to[at] = joined.len();
        // A run may start at a jump target, but no later op of it may be one.
        let free = |len: usize| at + len <= ops.len() && !targets[at + 1..at + len].contains(&true);
        if let Some((value, store)) = store_to_local(&ops[at..]).filter(|_| free(3)) {
            joined.extend([value, store]);
            changed = true;
            at += 3;
            continue;
        }
        let (op, len) = match run(ops, at) {
            Some((op, len)) if free(len) => (op, len),
            _ => (ops[at].clone(), 1),
        };
        changed |= len > 1;
        joined.push(op);
        at += len;
    }
    moved_to[ops.len()] = joined.len();
    if !changed {
        return None;
    }
    for op in &mut joined {
        for target in jump_targets_mut(op).into_iter().flatten() {
            *target = moved_to[(*target).min(ops.len())];
        }
    }
    Some(joined)
}

/// The joined op for the run that starts at `all[at]`, and how many ops it replaces.
fn run(all: &[Op], at: usize) -> Option<(Op, usize)> {
    use Op::*;
    let ops = &all[at..];
    Some(match ops {
        [
            Const(offset),
            Binary(BinOp::Add, kind),
            Load { size, signed },
            ..,
        ] if !kind.is_signed() => {
            let (offset, size, signed) = (*offset, *size, *signed);
            (
                LoadMember {
                    offset,
                    size,
                    signed,
                },
                3,
            )
        }
        // `x != 0` and `x == 0` decide a jump as `x` itself does.
        [
            Const(0),
            Binary(op @ (BinOp::Ne | BinOp::Eq), _),
            jump @ (JumpIfZero(_) | JumpIfNotZero(_)),
            ..,
        ] => {
            let (target, if_zero) = match *jump {
                JumpIfZero(target) => (target, true),
                JumpIfNotZero(target) => (target, false),
                _ => return None,
            };
            let jump_if_zero = if_zero == (*op == BinOp::Ne);
            let op = if jump_if_zero {
                JumpIfZero(target)
            } else {
                JumpIfNotZero(target)
            };
            (op, 3)
        }
        // A comparison is 0 or 1 already: `!!` of it is itself.
        [Binary(op, kind), LogicalNot, LogicalNot, ..] if is_comparison(*op) => {
            (Binary(*op, *kind), 3)
        }
        // A pointer in a local, and a member through it (the commonest load of a list or
        // tree walk). The pointer's 4 bytes need no extension, signed or not.
        [
            LoadLocal {
                offset: local,
                size: 4,
                ..
            },
            LoadMember {
                offset: member,
                size,
                signed,
            },
            ..,
        ] => {
            let (local, member, size, signed) = (*local, *member, *size, *signed);
            let op = LoadThroughLocal {
                local,
                member,
                size,
                signed,
            };
            (op, 2)
        }
        [
            LoadLocal {
                offset: local,
                size: 4,
                ..
            },
            Load { size, signed },
            ..,
        ] => {
            let (local, size, signed) = (*local, *size, *signed);
            let op = LoadThroughLocal {
                local,
                member: 0,
                size,
                signed,
            };
            (op, 2)
        }
        // And a member through the pointer that loaded: `p->next->key`.
        [
            LoadThroughLocal {
                local,
                member: first,
                size: 4,
                ..
            },
            second @ (LoadMember { .. } | Load { .. }),
            ..,
        ] => {
            let (second, size, signed) = match *second {
                LoadMember {
                    offset,
                    size,
                    signed,
                } => (offset, size, signed),
                Load { size, signed } => (0, size, signed),
                _ => return None,
            };
            let op = LoadThroughLocalTwice {
                local: *local,
                first: *first,
                second,
                size,
                signed,
            };
            (op, 2)
        }
        [FrameAddr(offset), Load { size, signed }, ..] => {
            let (offset, size, signed) = (*offset, *size, *signed);
            (
                LoadLocal {
                    offset,
                    size,
                    signed,
                },
                2,
            )
        }
        [Const(addr), Load { size, signed }, ..] => {
            let (addr, size, signed) = (*addr, *size, *signed);
            (LoadFixed { addr, size, signed }, 2)
        }
        [BinaryConst(op, kind, value), LogicalNot, LogicalNot, ..] if is_comparison(*op) => {
            (BinaryConst(*op, *kind, *value), 3)
        }
        [Binary(op, kind), jump, ..] if is_comparison(*op) => {
            let (if_true, if_false) = branches(all, at + 2, jump)?;
            let (op, kind) = (*op, *kind);
            let branch = CompareBranch {
                op,
                kind,
                if_true,
                if_false,
            };
            (branch, 2)
        }
        [BinaryConst(op, kind, value), jump, ..] if is_comparison(*op) => {
            let (if_true, if_false) = branches(all, at + 2, jump)?;
            let (op, kind, value) = (*op, *kind, *value);
            let branch = CompareConstBranch {
                op,
                kind,
                value,
                if_true,
                if_false,
            };
            (branch, 2)
        }
        [Const(value), Binary(op, kind), ..] => (BinaryConst(*op, *kind, *value), 2),
        [Store { size }, Drop, ..] => (StoreDrop { size: *size }, 2),
        _ => return None,
    })
}

/// `FrameAddr`, a value that one op pushes without popping anything, `StoreDrop`: an
/// assignment to a local, `x = y;` or `p = p->next;`. It becomes the value's op, then a
/// store to the local: the frame address, which has no effect and cannot be undefined, is
/// not pushed and popped.
fn store_to_local(ops: &[Op]) -> Option<(Op, Op)> {
    use Op::*;
    match ops {
        [FrameAddr(offset), value, StoreDrop { size }, ..]
            if matches!(
                value,
                Const(_) | LoadLocal { .. } | LoadThroughLocal { .. } | LoadFixed { .. }
            ) =>
        {
            let store = StoreLocal {
                offset: *offset,
                size: *size,
            };
            Some((value.clone(), store))
        }
        _ => None,
    }
}

/// Where a comparison followed by `jump` goes on true and on false (`next` is the op after
/// the two); None if `jump` does not decide on the comparison.
fn branches(all: &[Op], next: usize, jump: &Op) -> Option<(usize, usize)> {
    Some(match *jump {
        Op::JumpIfZero(target) => (next, target),
        Op::JumpIfNotZero(target) => (target, next),
        // The end of `a && b` or `a || b`: a jump to the test of the whole.
        Op::Jump(test) => match *all.get(test)? {
            Op::JumpIfZero(target) => (test + 1, target),
            Op::JumpIfNotZero(target) => (target, test + 1),
            _ => return None,
        },
        _ => return None,
    })
}

fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}

/// Where an op may jump (read through a copy: the one match is `jump_targets_mut`'s).
fn jump_targets(op: &Op) -> [Option<usize>; 2] {
    let mut op = op.clone();
    jump_targets_mut(&mut op).map(|target| target.copied())
}

/// Where an op may jump, to be remapped.
fn jump_targets_mut(op: &mut Op) -> [Option<&mut usize>; 2] {
    match op {
        Op::Jump(target) | Op::JumpIfZero(target) | Op::JumpIfNotZero(target) => {
            [Some(target), None]
        }
        Op::CompareBranch {
            if_true, if_false, ..
        }
        | Op::CompareConstBranch {
            if_true, if_false, ..
        } => [Some(if_true), Some(if_false)],
        _ => [None, None],
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::compile::compile_program;
    use crate::trace::trace_machine;
    use crate::{Machine, Settings};

    fn load(source: &str) -> Machine {
        let checked = memplay_lang::check(source);
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        // Enough steps for every program's interesting part; the budget's stop is compared
        // too, and a debug build hashing every step of the longest programs takes minutes.
        let settings = Settings {
            max_steps: 20_000,
            ..Settings::default()
        };
        Machine::new(&checked.program, source, "t.c", settings).expect("loads")
    }

    /// The machine of `source` with its code as compiled and linked, not joined.
    fn load_unjoined(source: &str) -> Machine {
        let mut machine = load(source);
        let mut code = compile_program(&machine.program).functions;
        for op in code.iter_mut().flatten().flat_map(|c| c.ops.iter_mut()) {
            if let Op::Address(symbol) = *op {
                *op = Op::Const(machine.layout.address(symbol));
            }
        }
        machine.code = Rc::new(code);
        machine
    }

    /// Every program of the corpora runs the same, step by step, joined and not: the same
    /// trace (positions, output, every error with its message and place, the paging and
    /// heap state at each step).
    #[test]
    fn joined_ops_run_as_the_runs_they_replace() {
        let mut compared = 0;
        for dir in ["test_data/programs", "test_data/errors"] {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .expect("the corpus")
                .map(|entry| entry.expect("an entry").path())
                .filter(|path| path.extension().is_some_and(|e| e == "c"))
                .collect();
            paths.sort();
            for path in paths {
                let source = std::fs::read_to_string(&path).expect("reads");
                if memplay_lang::check(&source).has_errors() {
                    continue;
                }
                let joined = trace_machine(&mut load(&source));
                let unjoined = trace_machine(&mut load_unjoined(&source));
                assert_eq!(joined, unjoined, "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared > 60, "only {compared} programs compared");
    }

    /// The runs the interpreter spends most of its time on are joined, and jumps still
    /// land where they did.
    #[test]
    fn a_list_walk_is_joined() {
        let source = "struct node { int key; struct node *next; };\n\
            int count(struct node *at) {\n\
                int n = 0;\n\
                while (at != 0 && at->key < 100) { n++; at = at->next; }\n\
                if (at != 0 && at->next != 0 && at->next->next == 0) { at->key = n; }\n\
                return n;\n\
            }\n\
            int main(void) { return count(0); }\n";
        let machine = load(source);
        let before: usize = load_unjoined(source)
            .code
            .iter()
            .flatten()
            .map(|c| c.ops.len())
            .sum();
        let ops: Vec<&Op> = machine.code.iter().flatten().flat_map(|c| &c.ops).collect();
        assert!(ops.len() < before, "{} ops of {before}", ops.len());
        for expected in [
            "LoadLocal",
            "LoadThroughLocal",
            "LoadThroughLocalTwice",
            "StoreLocal",
            "StoreDrop",
            "CompareConstBranch",
        ] {
            assert!(
                ops.iter().any(|op| format!("{op:?}").starts_with(expected)),
                "no {expected} in {ops:?}"
            );
        }
        for code in machine.code.iter().flatten() {
            for op in &code.ops {
                for target in jump_targets(op).into_iter().flatten() {
                    assert!(
                        target <= code.ops.len(),
                        "{op:?} jumps out of {}",
                        code.ops.len()
                    );
                }
            }
        }
    }
}
