//! A line chart in SVG: axes with tick labels, one line per series told apart by colour,
//! dash pattern and marker shape, a legend that shows the same dashes and markers with the
//! series' names, a `<title>` and `<desc>` for assistive technology, rings around points
//! worth noticing (Belady's anomaly), and a vertical line at the step shown.

use std::rc::Rc;

use yew::prelude::*;

use crate::chart::{Axis, DASHES, Scale, Unit, marker_indices, marker_path, path_data};
use crate::fixed::fixed;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 230.0;
const LEFT: f64 = 58.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 40.0;

/// Markers drawn along a line at most.
/// A coordinate in the chart's user units, to a tenth.
fn coord(value: f64) -> String {
    fixed(value, 1).to_string()
}

const MARKERS_PER_LINE: usize = 9;

/// One series: its name and its points (`None`: not known at that x).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLine {
    pub label: String,
    pub points: Vec<(f64, Option<f64>)>,
    /// x values of points to ring.
    pub highlights: Vec<f64>,
}

#[derive(Properties, PartialEq)]
pub struct LineChartProps {
    /// Prefix of the ids of the chart's title and description.
    pub id: AttrValue,
    pub title: AttrValue,
    pub description: AttrValue,
    pub x_label: AttrValue,
    pub y_label: AttrValue,
    pub x_unit: Unit,
    pub y_unit: Unit,
    pub lines: Rc<Vec<ChartLine>>,
    /// A vertical line at this x, with its label (the step shown).
    #[prop_or_default]
    pub marker: Option<(f64, AttrValue)>,
}

fn bounds(lines: &[ChartLine], pick: impl Fn(&(f64, Option<f64>)) -> Option<f64>) -> (f64, f64) {
    let values = lines.iter().flat_map(|l| l.points.iter().filter_map(&pick));
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), v| {
        (low.min(v), high.max(v))
    });
    if low.is_finite() {
        (low, high)
    } else {
        (0.0, 1.0)
    }
}

/// The axes that fit `lines` and the scales from their values to the chart's pixels.
struct Frame {
    x_axis: Axis,
    y_axis: Axis,
    x: Scale,
    y: Scale,
}

impl Frame {
    fn of(lines: &[ChartLine], x_unit: Unit, y_unit: Unit) -> Frame {
        let (x_low, x_high) = bounds(lines, |&(x, _)| Some(x));
        let (_, y_high) = bounds(lines, |&(_, y)| y);
        let x_axis = Axis::spanning(x_low, x_high, x_unit, 6);
        let y_axis = Axis::new(0.0, y_high, y_unit, 4);
        let x = Scale::new((x_axis.min, x_axis.max), (LEFT, WIDTH - RIGHT));
        let y = Scale::new((y_axis.min, y_axis.max), (HEIGHT - BOTTOM, TOP));
        Frame {
            x_axis,
            y_axis,
            x,
            y,
        }
    }
}

/// A plain function rather than a component (each component costs the bundle about a
/// kilobyte); the lines themselves are a component, so moving the marker redraws no path.
pub fn line_chart(props: &LineChartProps) -> Html {
    let lines = &props.lines;
    let Frame {
        x_axis,
        y_axis,
        x,
        y,
    } = Frame::of(lines, props.x_unit, props.y_unit);
    let title_id = format!("{}-title", props.id);
    let desc_id = format!("{}-desc", props.id);

    let grid = y_axis.ticks.iter().map(|&tick| {
        let at = y.map(tick);
        html! {
            <g class="tick y-tick">
                <line class="grid-line" x1={coord(LEFT)} x2={coord(WIDTH - RIGHT)} y1={coord(at)} y2={coord(at)} />
                <text x={coord(LEFT - 6.0)} y={coord(at + 4.0)} text-anchor="end">{ y_axis.label(tick) }</text>
            </g>
        }
    });
    let x_ticks = x_axis.ticks.iter().map(|&tick| {
        let at = x.map(tick);
        html! {
            <g class="tick x-tick">
                <line class="tick-mark" x1={coord(at)} x2={coord(at)} y1={coord(HEIGHT - BOTTOM)} y2={coord(HEIGHT - BOTTOM + 4.0)} />
                <text x={coord(at)} y={coord(HEIGHT - BOTTOM + 16.0)} text-anchor="middle">{ x_axis.label(tick) }</text>
            </g>
        }
    });
    let marker = props.marker.as_ref().map(|(at, label)| {
        // max then min rather than clamp, whose panic message would bring in f64's Debug.
        let at = x.map(at.max(x_axis.min).min(x_axis.max));
        let anchor = if at > WIDTH / 2.0 { "end" } else { "start" };
        let text_x = if at > WIDTH / 2.0 { at - 4.0 } else { at + 4.0 };
        html! {
            <g class="current-step">
                <line x1={coord(at)} x2={coord(at)} y1={coord(TOP)} y2={coord(HEIGHT - BOTTOM)} />
                <text x={coord(text_x)} y={coord(TOP + 10.0)} text-anchor={anchor}>{ label.clone() }</text>
            </g>
        }
    });
    let legend = lines.iter().enumerate().map(|(style, line)| {
        html! {
            <li class={classes!("legend-item", format!("series-{style}"))}>
                <svg class="legend-swatch" viewBox="0 0 40 12" width="40" height="12" aria-hidden="true">
                    <path class="series-line" d="M2 6H38" stroke-dasharray={DASHES[style % DASHES.len()]} />
                    <path class="series-markers" d={marker_path(style, 20.0, 6.0)} />
                </svg>
                { &line.label }
            </li>
        }
    });
    html! {
        <figure class="chart" id={props.id.clone()}>
            <svg
                class="line-chart"
                viewBox={format!("0 0 {} {}", coord(WIDTH), coord(HEIGHT))}
                role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}
            >
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ props.description.clone() }</desc>
                { for grid }
                <line class="axis-line" x1={coord(LEFT)} x2={coord(LEFT)} y1={coord(TOP)} y2={coord(HEIGHT - BOTTOM)} />
                <line class="axis-line" x1={coord(LEFT)} x2={coord(WIDTH - RIGHT)} y1={coord(HEIGHT - BOTTOM)} y2={coord(HEIGHT - BOTTOM)} />
                { for x_ticks }
                <text class="axis-label" x={coord((LEFT + WIDTH - RIGHT) / 2.0)} y={coord(HEIGHT - 4.0)} text-anchor="middle">{ props.x_label.clone() }</text>
                <text class="axis-label" transform={format!("translate(12 {}) rotate(-90)", coord((TOP + HEIGHT - BOTTOM) / 2.0))} text-anchor="middle">{ props.y_label.clone() }</text>
                <SeriesPaths lines={lines.clone()} x_unit={props.x_unit} y_unit={props.y_unit} />
                { marker.unwrap_or_default() }
            </svg>
            <figcaption>
                <ul class="legend" aria-label={format!("Legend of {}", props.title)}>{ for legend }</ul>
            </figcaption>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct SeriesPathsProps {
    lines: Rc<Vec<ChartLine>>,
    x_unit: Unit,
    y_unit: Unit,
}

/// The lines themselves, a component of their own: when only the step marker moves, its
/// props are unchanged and the paths (thousands of points) are not built again.
#[function_component]
fn SeriesPaths(props: &SeriesPathsProps) -> Html {
    let lines = &props.lines;
    let Frame { x, y, .. } = Frame::of(lines, props.x_unit, props.y_unit);
    let drawn = lines.iter().enumerate().map(|(style, line)| {
        let known: Vec<(f64, f64)> = line
            .points
            .iter()
            .filter_map(|&(px, py)| py.map(|py| (px, py)))
            .collect();
        let phase = style as f64 / lines.len() as f64;
        let markers = marker_indices(known.len(), MARKERS_PER_LINE, phase)
            .into_iter()
            .map(|i| marker_path(style, x.map(known[i].0), y.map(known[i].1)))
            .collect::<String>();
        let rings = line.highlights.iter().filter_map(|&hx| {
            let (px, py) = known.iter().find(|(px, _)| *px == hx)?;
            Some(html! {
                <circle class="highlight" cx={coord(x.map(*px))} cy={coord(y.map(*py))} r="8" />
            })
        });
        html! {
            <g class={classes!("series", format!("series-{style}"))} data-series={line.label.clone()}>
                <path class="series-line" d={path_data(&line.points, &x, &y)} stroke-dasharray={DASHES[style % DASHES.len()]} />
                <path class="series-markers" d={markers} />
                { for rings }
            </g>
        }
    });
    html! { <g class="series-lines">{ for drawn }</g> }
}
