//! Problems: the memory errors found up to this step, as valgrind words them, each with a
//! link that shows its line in the editor, the block involved and where it was allocated
//! and freed; and, once the program has ended, the leak report by valgrind's categories.

use memplay_session::run::{ErrorBlock, LeakSummary, RunError, StackLine};
use yew::prelude::*;

use super::{bytes, hex};
use crate::components::emit_on_click;
use crate::state::Shown;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub step: Shown,
    /// Show a line in the editor.
    pub on_reveal: Callback<u32>,
}

/// A plain function rather than a component: each component costs the bundle about a
/// kilobyte, and the view panel around it already re-renders only when the step changes.
pub fn problems_view(props: &ProblemsProps) -> Html {
    let view = &props.step.0;
    let errors = view
        .errors
        .iter()
        .map(|error| error_item(error, &props.on_reveal));
    let leaks = match &view.leaks {
        Some(leaks) => leak_report(leaks, &props.on_reveal),
        None => html! {
            <p>{ "The leak report comes when the program ends." }</p>
        },
    };
    html! {
        <div class="problems-view">
            <section role="region" aria-label="Memory errors">
                <h3>{ format!("Memory errors ({})", view.errors.len()) }</h3>
                if view.errors.is_empty() {
                    <p>{ "No memory errors so far." }</p>
                }
                <ol class="problems">{ for errors }</ol>
            </section>
            <section role="region" aria-label="Leaks">
                <h3>{ "Leaks at exit" }</h3>
                { leaks }
            </section>
        </div>
    }
}

/// A button that shows `line` in the editor.
fn line_link(line: u32, on_reveal: &Callback<u32>) -> Html {
    let onclick = emit_on_click(on_reveal, line);
    html! {
        <button type="button" class="line-link" {onclick} title={format!("Show line {line} in the editor")}>
            { format!("line {line}") }
        </button>
    }
}

fn error_item(error: &RunError, on_reveal: &Callback<u32>) -> Html {
    html! {
        <li class="problem">
            <p>
                { line_link(error.line, on_reveal) }
                { format!(":{} ", error.column) }
                <strong>{ &error.kind }</strong>
                { format!(": {}", error.message) }
                if let Some(address) = error.address.filter(|&a| !error.message.contains(&hex(a))) {
                    <span class="address">{ format!(" (at {})", hex(address)) }</span>
                }
            </p>
            if let Some(block) = &error.block {
                { block_history(block, on_reveal) }
            }
        </li>
    }
}

fn block_history(block: &ErrorBlock, on_reveal: &Callback<u32>) -> Html {
    html! {
        <ul class="block-history">
            <li>
                { format!("Block of {} at {}, allocated ", bytes(u64::from(block.size)), hex(block.address)) }
                { call_stack(&block.alloc_stack, on_reveal) }
            </li>
            if let Some(free_stack) = &block.free_stack {
                <li>{ "freed " }{ call_stack(free_stack, on_reveal) }</li>
            }
        </ul>
    }
}

/// `in f (line 3), called from main (line 9)`, each line a link.
fn call_stack(stack: &[StackLine], on_reveal: &Callback<u32>) -> Html {
    let levels = stack.iter().enumerate().map(|(depth, level)| {
        html! {
            <>
                { if depth == 0 { "in " } else { ", called from " } }
                { format!("{} (", level.function) }
                { line_link(level.line, on_reveal) }
                { ")" }
            </>
        }
    });
    html! { <>{ for levels }</> }
}

fn leak_report(leaks: &LeakSummary, on_reveal: &Callback<u32>) -> Html {
    let categories = [
        ("definitely lost", &leaks.definitely_lost),
        ("indirectly lost", &leaks.indirectly_lost),
        ("still reachable", &leaks.still_reachable),
    ];
    // memcheck's loss records: the blocks lost the same way from the same call stack, as one.
    let records = leaks.loss_records.iter().map(|record| {
        let how = if record.definitely {
            "definitely lost"
        } else {
            "indirectly lost"
        };
        let what = if record.blocks == 1 {
            format!(
                "{} {how} at {}, allocated ",
                bytes(record.bytes),
                hex(record.address)
            )
        } else {
            format!(
                "{} in {} blocks {how} (the first at {}), allocated ",
                bytes(record.bytes),
                record.blocks,
                hex(record.address)
            )
        };
        html! {
            <li>
                { what }
                { call_stack(&record.alloc_stack, on_reveal) }
            </li>
        }
    });
    html! {
        <>
            <dl class="metrics leak-summary">
                { for categories.iter().map(|(name, count)| html! {
                    <>
                        <dt>{ *name }</dt>
                        <dd>{ format!("{} in {} blocks", bytes(count.bytes), count.blocks) }</dd>
                    </>
                }) }
            </dl>
            if leaks.loss_records.is_empty() {
                <p>{ "No block was lost: every byte still allocated is reachable." }</p>
            } else {
                <ol class="lost-blocks">{ for records }</ol>
            }
        </>
    }
}
