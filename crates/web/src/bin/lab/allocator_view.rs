//! The allocator lab: the operation list and the rules' settings, then a column per policy
//! (or allocator) and a row per operation, and each column's totals.

use std::rc::Rc;

use memplay_session::heap_lab::{AllocatorChoice, ListOrder};
use memplay_session::lab_page::allocator::{LIST_ORDERS, OSTEP_POLICIES};
use memplay_session::lab_page::{AllocatorComparison, AllocatorLabForm, HeapRules};
use yew::prelude::*;

use super::fields::{
    TextField, check_box, compare_table, error_message, lab_form, names_field, select_field,
    text_field,
};
use super::state::{HeapNumber, LabAction};

const ERROR_ID: &str = "heap-error";

pub fn allocator_lab(
    form: &AllocatorLabForm,
    result: Rc<Result<AllocatorComparison, String>>,
    dispatch: &Callback<LabAction>,
) -> Html {
    let error = result.as_ref().as_ref().err().map(String::as_str);
    let error_for = |key: &str| names_field(error, key).then_some(ERROR_ID);
    let number = |field: HeapNumber,
                  key: &'static str,
                  label: &'static str,
                  hint: &'static str,
                  value: &str| {
        text_field(TextField {
            id: &format!("heap-{key}"),
            label,
            hint,
            value,
            error_id: error_for(key),
            wide: false,
            onchange: dispatch.reform(move |v| LabAction::HeapNumber(field, v)),
        })
    };
    let rules_menu = select_field(
        "heap-rules",
        "Rules",
        &[
            ("ostep", "OSTEP malloc.py"),
            ("memplay", "memplay's allocators"),
        ],
        form.rules.name(),
        dispatch.reform(|v: String| {
            LabAction::HeapRules(HeapRules::parse(&v).unwrap_or(HeapRules::Ostep))
        }),
    );
    let ops = text_field(TextField {
        id: "heap-ops",
        label: "Operations (-A)",
        hint: match form.rules {
            HeapRules::Ostep => {
                "+N allocates N bytes, -K frees the K-th allocation (from 0): +20,+30,-0,+10"
            }
            HeapRules::Memplay => {
                "+N allocates, -K frees the K-th allocation; @T names a thread: +16,+32@1,-0"
            }
        },
        value: &form.ops,
        error_id: error_for("ops"),
        wide: true,
        onchange: dispatch.reform(LabAction::HeapOps),
    });
    let settings = match form.rules {
        HeapRules::Ostep => {
            let f = &form.ostep;
            let orders: Vec<(&str, &str)> =
                LIST_ORDERS.iter().map(|o| (o.name(), o.name())).collect();
            html! {
                <>
                    { number(HeapNumber::Size, "size", "Heap size (-S)", "bytes", &f.size) }
                    { number(HeapNumber::Base, "base", "Base address (-b)", "decimal or 0x hex", &f.base) }
                    { number(HeapNumber::Header, "header", "Header size (-H)", "bytes added to each block", &f.header) }
                    { number(HeapNumber::Align, "align", "Alignment (-a)", "-1 for none", &f.align) }
                    { select_field("heap-order", "Free list order (-l)", &orders, f.order.name(),
                        dispatch.reform(|v: String| LabAction::HeapOrder(v.parse().unwrap_or(ListOrder::AddrSort)))) }
                    { check_box("heap-coalesce", "Coalesce free chunks (-C)", f.coalesce, dispatch.reform(LabAction::HeapCoalesce)) }
                    { choices("heap-policies", "Policies compared (-p)", error_for("policies"),
                        OSTEP_POLICIES.iter().map(|&p| (p.name().to_string(), f.policies.contains(&p),
                            dispatch.reform(move |on| LabAction::HeapPolicy(p, on))))) }
                </>
            }
        }
        HeapRules::Memplay => {
            let f = &form.memplay;
            html! {
                <>
                    { number(HeapNumber::Size, "size", "Heap may grow to", "bytes", &f.size) }
                    { number(HeapNumber::Base, "base", "Heap start", "decimal or 0x hex", &f.base) }
                    { number(HeapNumber::Align, "align", "Alignment", "4, 8 or 16", &f.align) }
                    { choices("heap-allocators", "Allocators compared", error_for("allocators"),
                        AllocatorChoice::ALL.iter().map(|&a| (a.name().to_string(), f.allocators.contains(&a),
                            dispatch.reform(move |on| LabAction::HeapAllocator(a, on))))) }
                </>
            }
        }
    };
    let body = match result.as_ref() {
        Ok(comparison) => comparison_tables(comparison),
        Err(_) => html! {},
    };
    html! {
        <section class="lab" id="allocator" aria-labelledby="allocator-title">
            <h2 id="allocator-title">{ "Allocator lab" }</h2>
            { lab_form("allocator-title", html! {
                <>
                    <div class="field-row">{ rules_menu }{ ops }</div>
                    <div class="field-row">{ settings }</div>
                </>
            }) }
            { error_message(ERROR_ID, error) }
            { body }
        </section>
    }
}

/// A group of check boxes, one per policy or allocator.
pub fn choices(
    id: &str,
    legend: &str,
    error_id: Option<&str>,
    items: impl Iterator<Item = (String, bool, Callback<bool>)>,
) -> Html {
    html! {
        <fieldset class="choices" id={id.to_string()} aria-describedby={error_id.map(str::to_string)}>
            <legend>{ legend }</legend>
            { for items.map(|(name, on, onchange)| check_box(&format!("{id}-{name}"), &name, on, onchange)) }
        </fieldset>
    }
}

fn comparison_tables(comparison: &AllocatorComparison) -> Html {
    let names: Vec<&str> = comparison.columns.iter().map(|c| c.name.as_str()).collect();
    let rows = comparison.rows.iter().map(|row| {
        let cells = row.cells.iter().zip(&comparison.columns).map(|(cell, column)| {
            html! {
                <>
                    <td class={classes!("result", cell.failed.then_some("failed"))} data-policy={column.name.clone()}>{ &cell.result }</td>
                    <td class="num">{ cell.searched.map_or("–".to_string(), |n| n.to_string()) }</td>
                    <td class="list">{ &cell.free_list }</td>
                </>
            }
        });
        (row.op.clone(), html! { <>{ for cells }</> })
    });
    let totals = comparison.columns.iter().map(|c| {
        html! {
            <tr data-policy={c.name.clone()}>
                <th scope="row">{ &c.name }</th>
                <td class="num">{ c.failed }</td>
                <td class="num">{ c.searched }</td>
                <td class="num">{ c.free_chunks }</td>
            </tr>
        }
    });
    html! {
        <>
            { compare_table("heap", &comparison.caption, "operation", &names, &["result", "searched", "free list after"], rows) }
            <table class="totals" id="heap-totals">
                <caption>{ "Totals" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "policy" }</th>
                        <th scope="col">{ "failed allocations" }</th>
                        <th scope="col">{ "elements searched" }</th>
                        <th scope="col">{ "free chunks at the end" }</th>
                    </tr>
                </thead>
                <tbody>{ for totals }</tbody>
            </table>
        </>
    }
}
