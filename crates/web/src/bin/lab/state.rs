//! The lab page's state and the actions that change it (`use_reducer`). Pure: no browser
//! calls here, so it is tested on the host. The comparisons are computed from the inputs
//! by `memplay_session::lab_page`, not kept here.

use std::rc::Rc;

use memplay_session::heap_lab::{AllocatorChoice, ListOrder, Policy};
use memplay_session::lab_page::allocator::OSTEP_POLICIES;
use memplay_session::lab_page::{HeapRules, LabInputs, PagingRules};
use memplay_session::paging_lab::{OstepPolicy, PolicyKind};
use yew::Reducible;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabState {
    pub inputs: LabInputs,
    /// What could not be read from the page's address.
    pub notices: Vec<String>,
}

impl LabState {
    /// The state a page address opens: its inputs, and what was wrong with the link.
    pub fn from_query(query: &str) -> LabState {
        let (inputs, notices) = LabInputs::from_query(query);
        LabState { inputs, notices }
    }
}

/// A number field of the allocator lab; it edits the field of the rules in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeapNumber {
    Size,
    Base,
    Header,
    Align,
}

/// A text field of the paging lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingText {
    Refs,
    Frames,
    Seed,
    ClockBits,
    NumAddrs,
    MaxPage,
    Sweep,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabAction {
    HeapRules(HeapRules),
    HeapOps(String),
    HeapNumber(HeapNumber, String),
    HeapOrder(ListOrder),
    HeapCoalesce(bool),
    /// A policy's column shown or not.
    HeapPolicy(Policy, bool),
    HeapAllocator(AllocatorChoice, bool),
    PagingRules(PagingRules),
    PagingText(PagingText, String),
    OstepPolicy(OstepPolicy, bool),
    NativePolicy(PolicyKind, bool),
    DismissNotices,
}

/// Adds or removes `item`, keeping the columns in `order`'s order.
fn choose<T: Copy + PartialEq>(list: &mut Vec<T>, item: T, on: bool, order: &[T]) {
    let wanted = |x: &T| if *x == item { on } else { list.contains(x) };
    *list = order.iter().copied().filter(wanted).collect();
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let mut next = (*self).clone();
        let heap = &mut next.inputs.heap;
        let paging = &mut next.inputs.paging;
        match action {
            LabAction::HeapRules(rules) => heap.rules = rules,
            LabAction::HeapOps(ops) => heap.ops = ops,
            LabAction::HeapNumber(field, value) => {
                let target = match (heap.rules, field) {
                    (HeapRules::Ostep, HeapNumber::Size) => &mut heap.ostep.size,
                    (HeapRules::Ostep, HeapNumber::Base) => &mut heap.ostep.base,
                    (HeapRules::Ostep, HeapNumber::Header) => &mut heap.ostep.header,
                    (HeapRules::Ostep, HeapNumber::Align) => &mut heap.ostep.align,
                    (HeapRules::Memplay, HeapNumber::Size) => &mut heap.memplay.size,
                    (HeapRules::Memplay, HeapNumber::Base) => &mut heap.memplay.base,
                    (HeapRules::Memplay, HeapNumber::Align) => &mut heap.memplay.align,
                    // memplay's allocators have no header setting: their headers are theirs.
                    (HeapRules::Memplay, HeapNumber::Header) => return self,
                };
                *target = value;
            }
            LabAction::HeapOrder(order) => heap.ostep.order = order,
            LabAction::HeapCoalesce(on) => heap.ostep.coalesce = on,
            LabAction::HeapPolicy(policy, on) => {
                choose(&mut heap.ostep.policies, policy, on, &OSTEP_POLICIES);
            }
            LabAction::HeapAllocator(choice, on) => {
                choose(
                    &mut heap.memplay.allocators,
                    choice,
                    on,
                    AllocatorChoice::ALL,
                );
            }
            LabAction::PagingRules(rules) => paging.rules = rules,
            LabAction::PagingText(field, value) => {
                let target = match field {
                    PagingText::Refs => &mut paging.refs,
                    PagingText::Frames => &mut paging.frames,
                    PagingText::Seed => &mut paging.seed,
                    PagingText::ClockBits => &mut paging.clock_bits,
                    PagingText::NumAddrs => &mut paging.numaddrs,
                    PagingText::MaxPage => &mut paging.maxpage,
                    PagingText::Sweep => &mut paging.sweep,
                };
                *target = value;
            }
            LabAction::OstepPolicy(policy, on) => {
                choose(&mut paging.ostep_policies, policy, on, &OstepPolicy::ALL);
            }
            LabAction::NativePolicy(policy, on) => {
                choose(&mut paging.policies, policy, on, &PolicyKind::ALL);
            }
            LabAction::DismissNotices => next.notices.clear(),
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: LabState, actions: Vec<LabAction>) -> LabState {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    #[test]
    fn columns_keep_the_policies_order_whatever_order_they_are_ticked_in() {
        let state = reduce(
            LabState::default(),
            vec![
                LabAction::HeapPolicy(Policy::Best, false),
                LabAction::HeapPolicy(Policy::Worst, false),
                LabAction::HeapPolicy(Policy::Best, true),
                LabAction::HeapPolicy(Policy::Best, true),
                LabAction::OstepPolicy(OstepPolicy::Rand, true),
                LabAction::OstepPolicy(OstepPolicy::Fifo, false),
                LabAction::NativePolicy(PolicyKind::Wsclock, true),
            ],
        );
        assert_eq!(
            state.inputs.heap.ostep.policies,
            [Policy::Best, Policy::First]
        );
        assert_eq!(
            state.inputs.paging.ostep_policies,
            [
                OstepPolicy::Lru,
                OstepPolicy::Opt,
                OstepPolicy::Rand,
                OstepPolicy::Clock
            ]
        );
        assert_eq!(
            state.inputs.paging.policies.last(),
            Some(&PolicyKind::Wsclock)
        );
    }

    #[test]
    fn number_fields_edit_the_rules_in_force() {
        let state = reduce(
            LabState::default(),
            vec![
                LabAction::HeapNumber(HeapNumber::Size, "64".into()),
                LabAction::HeapRules(HeapRules::Memplay),
                LabAction::HeapNumber(HeapNumber::Size, "8192".into()),
                LabAction::HeapNumber(HeapNumber::Header, "8".into()),
            ],
        );
        let heap = &state.inputs.heap;
        assert_eq!(heap.ostep.size, "64");
        assert_eq!(heap.memplay.size, "8192");
        assert_eq!(heap.ostep.header, "0");
        assert_eq!(heap.rules, HeapRules::Memplay);
    }

    #[test]
    fn an_edit_is_kept_in_the_query_and_a_link_opens_it_again() {
        let state = reduce(
            LabState::default(),
            vec![
                LabAction::HeapOps("+5,-0".into()),
                LabAction::PagingText(PagingText::Frames, "4".into()),
                LabAction::PagingText(PagingText::Refs, "1,2,3,4,1,2,5,1,2,3,4,5".into()),
            ],
        );
        let query = state.inputs.to_query();
        assert_eq!(
            query,
            "?heap.ops=+5,-0&paging.refs=1,2,3,4,1,2,5,1,2,3,4,5&paging.frames=4"
        );
        assert_eq!(LabState::from_query(&query), state);
    }

    #[test]
    fn a_bad_link_opens_with_notices_that_can_be_dismissed() {
        let state = LabState::from_query("?paging.policies=fifo,belady");
        assert_eq!(state.notices.len(), 1);
        assert_eq!(state.inputs.paging.ostep_policies, [OstepPolicy::Fifo]);
        let state = reduce(state, vec![LabAction::DismissNotices]);
        assert!(state.notices.is_empty());
        let same = Rc::new(LabState::default());
        let after = same
            .clone()
            .reduce(LabAction::HeapOrder(ListOrder::AddrSort));
        assert!(Rc::ptr_eq(&same, &after), "an action that changes nothing");
    }
}
