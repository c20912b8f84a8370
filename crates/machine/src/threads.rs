//! Threads: each with its own stack region (a guard page below it) and its own registers
//! (operand stack, stack and frame pointers, where it is in which function), run one at a
//! time by a deterministic round-robin scheduler that switches every `quantum` statements,
//! when a thread blocks (join, a taken mutex) or when it ends. A context switch saves the
//! running thread's registers and loads the next one's, as a kernel does.

use memplay_lang::codemap::Span;
use memplay_lang::hir::FunctionId;

use crate::machine::Frame;
use crate::operands::Operands;

/// A thread's registers while it is not running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Context {
    pub operands: Operands,
    pub sp: u32,
    pub fp: u32,
    pub function: FunctionId,
    pub pc: usize,
    pub frames: Vec<Frame>,
    pub span: Span,
    /// The point (`code::Point`) the thread stopped at.
    pub point: u32,
}

/// What a blocked thread waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wait {
    /// pthread_join: the thread `id` to end; its result goes to `result_at` (if not NULL).
    Join { id: u32, result_at: u32 },
    /// pthread_mutex_lock on a mutex another thread holds.
    Mutex { addr: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ThreadState {
    Runnable,
    Blocked(Wait),
    /// Ended with this result (the thread function's return value).
    Finished(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Thread {
    /// 1 for main, then 2, 3, ... in creation order (pthread_self's value).
    pub id: u32,
    pub state: ThreadState,
    /// The saved registers; `None` while the thread runs (they are the machine's).
    pub saved: Option<Context>,
    pub stack_low: u32,
    pub stack_top: u32,
    /// Whether a pthread_join has claimed it (a second join is an error).
    pub joined: bool,
}

/// The next runnable thread after `current`, round robin; `None` when none can run.
pub(crate) fn next_runnable(threads: &[Thread], current: usize) -> Option<usize> {
    (1..=threads.len())
        .map(|step| (current + step) % threads.len())
        .find(|&i| threads[i].state == ThreadState::Runnable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thread(id: u32, state: ThreadState) -> Thread {
        Thread {
            id,
            state,
            saved: None,
            stack_low: 0,
            stack_top: 0,
            joined: false,
        }
    }

    #[test]
    fn round_robin_skips_blocked_and_finished_threads() {
        let threads = vec![
            thread(1, ThreadState::Runnable),
            thread(2, ThreadState::Blocked(Wait::Mutex { addr: 4 })),
            thread(3, ThreadState::Finished(0)),
            thread(4, ThreadState::Runnable),
        ];
        assert_eq!(next_runnable(&threads, 0), Some(3));
        assert_eq!(next_runnable(&threads, 3), Some(0));
        let stuck = vec![thread(
            1,
            ThreadState::Blocked(Wait::Join {
                id: 2,
                result_at: 0,
            }),
        )];
        assert_eq!(next_runnable(&stuck, 0), None);
    }
}
