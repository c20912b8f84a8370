//! The operand stack, where expressions leave their values: a `Vec`'s job, written out over
//! a boxed slice so that a push or a pop is a few instructions even in the size-tuned web
//! build, whose inliner leaves `Vec::push` and `Vec::pop` as calls (every op makes one).

use crate::shadow::Value;

#[derive(Debug, Clone, Default)]
pub(crate) struct Operands {
    /// Values `0..len` are on the stack; the rest is room to grow.
    slots: Box<[Value]>,
    len: usize,
}

impl Operands {
    #[inline(always)]
    pub fn push(&mut self, value: Value) {
        if self.len < self.slots.len() {
            self.slots[self.len] = value;
            self.len += 1;
        } else {
            self.grow_and_push(value);
        }
    }

    #[inline(always)]
    pub fn pop(&mut self) -> Option<Value> {
        // One comparison for both an empty stack (the index wraps) and the slice's bounds.
        let top = self.len.wrapping_sub(1);
        if top < self.slots.len() {
            self.len = top;
            Some(self.slots[top])
        } else {
            None
        }
    }

    /// Doubles the room, then pushes (kept out of line: a program's stack soon stops
    /// growing).
    #[cold]
    #[inline(never)]
    fn grow_and_push(&mut self, value: Value) {
        let room = (self.slots.len() * 2).max(16);
        let mut slots = vec![Value::defined(0); room].into_boxed_slice();
        slots[..self.len].copy_from_slice(&self.slots[..self.len]);
        slots[self.len] = value;
        self.slots = slots;
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Values the stack has room for (what a copy of it costs).
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    pub fn as_slice(&self) -> &[Value] {
        &self.slots[..self.len]
    }

    pub fn last(&self) -> Option<&Value> {
        self.as_slice().last()
    }

    /// Takes the values from `at` up, as `Vec::split_off` does.
    pub fn split_off(&mut self, at: usize) -> Vec<Value> {
        let at = at.min(self.len);
        let taken = self.slots[at..self.len].to_vec();
        self.len = at;
        taken
    }
}

/// Stacks are equal when their values are: the room beyond is not part of the state.
impl PartialEq for Operands {
    fn eq(&self, other: &Operands) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Operands {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Push(u32, bool),
        Pop,
        SplitOff(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (any::<u32>(), any::<bool>()).prop_map(|(b, d)| Op::Push(b, d)),
            3 => Just(Op::Pop),
            1 => (0usize..40).prop_map(Op::SplitOff),
        ]
    }

    proptest! {
        /// Any sequence of pushes, pops and splits leaves the stack a `Vec` would hold.
        #[test]
        fn behaves_as_a_vec(ops in proptest::collection::vec(op(), 0..200)) {
            let mut stack = Operands::default();
            let mut model: Vec<Value> = Vec::new();
            for op in ops {
                match op {
                    Op::Push(bits, defined) => {
                        stack.push(Value { bits, defined });
                        model.push(Value { bits, defined });
                    }
                    Op::Pop => prop_assert_eq!(stack.pop(), model.pop()),
                    Op::SplitOff(at) => {
                        let at = at.min(model.len());
                        prop_assert_eq!(stack.split_off(at), model.split_off(at));
                    }
                }
                prop_assert_eq!(stack.as_slice(), model.as_slice());
                prop_assert_eq!(stack.last(), model.last());
            }
        }
    }
}
