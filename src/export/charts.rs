//! Charts drawn on the server as SVG: no JavaScript, sharp when printed,
//! each one titled and described in words for screen readers.
//!
//! Callers give labels already in the reader's language; the charts only
//! lay them out. Every chart is a standalone `<svg>` element with its
//! colours inline, so it reads the same in a page, a print and a file.

use std::fmt::Write;

/// Width of every chart in SVG units; the element scales to its box.
const WIDTH: f64 = 640.0;
const ROW: f64 = 26.0;
const LABEL_WIDTH: f64 = 230.0;
const VALUE_WIDTH: f64 = 70.0;
const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"13\"";

/// Colours with a contrast of at least 4.5:1 against white, for the
/// series people read most: for, against, mixed, and anything else.
pub const GREEN: &str = "#1a7f37";
pub const RED: &str = "#b42318";
pub const AMBER: &str = "#8a5a00";
pub const BLUE: &str = "#1f4e9c";
pub const GREY: &str = "#5f6368";

/// One labelled value.
pub struct Bar {
    pub label: String,
    pub value: u64,
}

/// One series of a stacked chart: its name in the legend and its colour.
pub struct Series {
    pub name: String,
    pub colour: &'static str,
}

/// One row of a stacked chart: a label and one value per series.
pub struct StackedRow {
    pub label: String,
    pub values: Vec<u64>,
}

/// What every chart carries: an id unique on its page (for the title and
/// description references), a title, and the sentence a screen reader
/// says instead of the picture.
pub struct Caption<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

fn escape(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// Labels are cut at a word, with "…".
fn shorten(label: &str, max: usize) -> String {
    crate::text::excerpt::at_word(label, max)
}

fn open(svg: &mut String, caption: &Caption, height: f64) {
    let id = escape(caption.id);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(caption.title),
        escape(caption.description),
    );
}

/// Horizontal bars, one row per value, the value written at its end.
pub fn horizontal_bars(caption: &Caption, bars: &[Bar], colour: &str) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let height = ROW * bars.len().max(1) as f64 + 8.0;
    let track = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut svg = String::new();
    open(&mut svg, caption, height);
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let length = track * bar.value as f64 / max;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1b1b1b\" {FONT}>{}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{}\" width=\"{length:.1}\" height=\"{}\" fill=\"{colour}\"/>\
             <text x=\"{:.1}\" y=\"{}\" fill=\"#1b1b1b\" {FONT}>{}</text>",
            LABEL_WIDTH - 8.0,
            y + 17.0,
            escape(&shorten(&bar.label, 32)),
            y + 4.0,
            ROW - 8.0,
            LABEL_WIDTH + length + 6.0,
            y + 17.0,
            bar.value,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Stacked horizontal bars (one row per label, one segment per series)
/// with a legend on top. Rows are scaled to the largest row total, so a
/// row's length says how much, its segments say how it splits.
pub fn stacked_bars(caption: &Caption, series: &[Series], rows: &[StackedRow]) -> String {
    let max = rows
        .iter()
        .map(|r| r.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let legend = ROW;
    let height = legend + ROW * rows.len().max(1) as f64 + 8.0;
    let track = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut svg = String::new();
    open(&mut svg, caption, height);
    let mut x = LABEL_WIDTH;
    for s in series {
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"17\" fill=\"#1b1b1b\" {FONT}>{}</text>",
            s.colour,
            x + 16.0,
            escape(&s.name),
        );
        x += 24.0 + 7.5 * s.name.chars().count() as f64;
    }
    for (i, row) in rows.iter().enumerate() {
        let y = legend + 4.0 + ROW * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1b1b1b\" {FONT}>{}</text>",
            LABEL_WIDTH - 8.0,
            y + 17.0,
            escape(&shorten(&row.label, 32)),
        );
        let mut x = LABEL_WIDTH;
        for (value, s) in row.values.iter().zip(series) {
            let length = track * *value as f64 / max;
            if length > 0.0 {
                let _ = write!(
                    svg,
                    "<rect x=\"{x:.1}\" y=\"{}\" width=\"{length:.1}\" height=\"{}\" fill=\"{}\"/>",
                    y + 4.0,
                    ROW - 8.0,
                    s.colour,
                );
            }
            x += length;
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" fill=\"#1b1b1b\" {FONT}>{}</text>",
            x + 6.0,
            y + 17.0,
            row.values.iter().sum::<u64>(),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Vertical columns along a sequence (days, for instance), with the first,
/// the last and the highest column labelled underneath or above.
pub fn columns(caption: &Caption, bars: &[Bar], colour: &str) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let plot = 180.0;
    let top = 20.0;
    let height = top + plot + 30.0;
    let n = bars.len().max(1) as f64;
    let step = (WIDTH - 20.0) / n;
    // A few days do not make columns as wide as the chart.
    let width = (step * 0.8).clamp(1.0, 48.0);
    let peak = bars
        .iter()
        .enumerate()
        .max_by_key(|(i, b)| (b.value, std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    let mut svg = String::new();
    open(&mut svg, caption, height);
    let _ = write!(
        svg,
        "<line x1=\"10\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#5f6368\"/>",
        top + plot,
        WIDTH - 10.0
    );
    for (i, bar) in bars.iter().enumerate() {
        let x = 10.0 + step * i as f64 + (step - width) / 2.0;
        let h = plot * bar.value as f64 / max;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{h:.1}\" fill=\"{colour}\"/>",
            top + plot - h,
        );
        let centre = x + width / 2.0;
        if Some(i) == peak {
            let _ = write!(
                svg,
                "<text x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1b1b1b\" {FONT}>{}</text>",
                (top + plot - h - 5.0).max(13.0),
                bar.value,
            );
        }
        if i == 0 || i + 1 == bars.len() {
            let anchor = if i == 0 { "start" } else { "end" };
            let x = if i == 0 { 10.0 } else { WIDTH - 10.0 };
            let _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"#1b1b1b\" {FONT}>{}</text>",
                top + plot + 20.0,
                escape(&shorten(&bar.label, 24)),
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caption<'a>() -> Caption<'a> {
        Caption {
            id: "votes",
            title: "Votes <par> article",
            description: "Article 1 : 3 pour, 1 contre",
        }
    }

    fn widths(svg: &str, fill: &str) -> Vec<f64> {
        let doc = roxmltree::Document::parse(svg).expect("a chart is well-formed XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(fill))
            .filter(|n| n.attribute("width") != Some("12"))
            .map(|n| n.attribute("width").unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn bars_are_proportional_to_their_values_and_escaped() {
        let bars = [
            Bar {
                label: "Article 1 — « données » & accès".into(),
                value: 30,
            },
            Bar {
                label: "Article 2".into(),
                value: 10,
            },
        ];
        let svg = horizontal_bars(&caption(), &bars, BLUE);
        let w = widths(&svg, BLUE);
        assert_eq!(w.len(), 2);
        assert!((w[0] / w[1] - 3.0).abs() < 0.01, "{w:?}");
        assert!(svg.contains("&amp; accès"));
        assert!(svg.contains("<title id=\"votes-title\">Votes &lt;par&gt; article</title>"));
        assert!(svg.contains("aria-labelledby=\"votes-title votes-desc\""));
    }

    #[test]
    fn stacked_rows_split_by_series_and_scale_to_the_largest_total() {
        let series = [
            Series {
                name: "Pour".into(),
                colour: GREEN,
            },
            Series {
                name: "Contre".into(),
                colour: RED,
            },
        ];
        let rows = [
            StackedRow {
                label: "Article 1".into(),
                values: vec![30, 10],
            },
            StackedRow {
                label: "Article 2".into(),
                values: vec![0, 20],
            },
        ];
        let svg = stacked_bars(&caption(), &series, &rows);
        let green = widths(&svg, GREEN);
        let red = widths(&svg, RED);
        // A zero segment is not drawn.
        assert_eq!(green.len(), 1);
        assert_eq!(red.len(), 2);
        assert!((green[0] / red[0] - 3.0).abs() < 0.01);
        assert!((red[1] / (green[0] + red[0]) - 0.5).abs() < 0.01);
        assert!(svg.contains(">40</text>") && svg.contains(">20</text>"));
    }

    #[test]
    fn columns_label_the_ends_and_the_peak_and_survive_no_data() {
        let days = [
            Bar {
                label: "1er oct.".into(),
                value: 5,
            },
            Bar {
                label: "2 oct.".into(),
                value: 50,
            },
            Bar {
                label: "3 oct.".into(),
                value: 0,
            },
        ];
        let svg = columns(&caption(), &days, BLUE);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(texts, ["1er oct.", "50", "3 oct."]);
        for empty in [
            columns(&caption(), &[], BLUE),
            horizontal_bars(&caption(), &[], BLUE),
        ] {
            roxmltree::Document::parse(&empty).expect("an empty chart is still well-formed");
        }
    }

    #[test]
    fn long_labels_are_cut_at_a_word() {
        assert_eq!(
            shorten("Neutralité de l'internet et loyauté des plateformes", 32),
            "Neutralité de l'internet et…"
        );
        assert_eq!(shorten("Court", 32), "Court");
    }
}
