//! The Markdown of lesson texts and scenario descriptions, as plain data for the web app to
//! draw: paragraphs, bullet lists, **strong**, *emphasis* (asterisks only: underscores are
//! part of C names) and `code`. Deliberately small, and
//! with no raw HTML at all: a scenario from a crafted link can put only text on the page.

/// A block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// A bullet list (`- ` or `* ` items), each item a line of inline text.
    List(Vec<Vec<Inline>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Emphasis(String),
    Code(String),
}

/// Blocks of `text`: paragraphs end at a blank line; lines starting `- ` or `* ` are list
/// items (a following indented line continues the item).
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, items: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inline(&paragraph.join(" "))));
            paragraph.clear();
        }
        if !items.is_empty() {
            blocks.push(Block::List(items.iter().map(|i| inline(i)).collect()));
            items.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut items, &mut blocks);
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut items, &mut blocks);
            }
            items.push(item.to_string());
        } else if let (Some(last), true) = (items.last_mut(), line.starts_with(' ')) {
            last.push(' ');
            last.push_str(trimmed);
        } else {
            if !items.is_empty() {
                flush(&mut paragraph, &mut items, &mut blocks);
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, &mut items, &mut blocks);
    blocks
}

/// The spans of one line or paragraph. A marker with no closing one is plain text.
pub fn inline(text: &str) -> Vec<Inline> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        let marked = match ch {
            '`' => closed(rest, "`").map(|(inner, after)| (Inline::Code(inner.into()), after)),
            '*' if rest.starts_with("**") => {
                closed(rest, "**").map(|(inner, after)| (Inline::Strong(inner.into()), after))
            }
            // `*` only: `_` joins words in C names (sum_of_squares), not emphasis.
            '*' => closed(rest, "*")
                .filter(|(inner, _)| !inner.starts_with(' '))
                .map(|(inner, after)| (Inline::Emphasis(inner.into()), after)),
            _ => None,
        };
        match marked {
            Some((span, after)) => {
                if !plain.is_empty() {
                    spans.push(Inline::Text(std::mem::take(&mut plain)));
                }
                spans.push(span);
                rest = after;
            }
            None => {
                plain.push(ch);
                rest = &rest[ch.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        spans.push(Inline::Text(plain));
    }
    spans
}

/// `text` starts with `marker`: the text up to the next `marker`, and what follows it.
fn closed<'a>(text: &'a str, marker: &str) -> Option<(&'a str, &'a str)> {
    let body = &text[marker.len()..];
    let end = body.find(marker)?;
    (end > 0).then(|| (&body[..end], &body[end + marker.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn paragraphs_lists_and_spans() {
        let blocks = parse(
            "A **call** pushes a *frame*;\na `return` pops it.\n\n- first\n  continued\n* second\n\nEnd with 2 * 3 and a_b.",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![
                    text("A "),
                    Inline::Strong("call".into()),
                    text(" pushes a "),
                    Inline::Emphasis("frame".into()),
                    text("; a "),
                    Inline::Code("return".into()),
                    text(" pops it."),
                ]),
                Block::List(vec![vec![text("first continued")], vec![text("second")]]),
                Block::Paragraph(vec![text("End with 2 * 3 and a_b.")]),
            ]
        );
    }

    #[test]
    fn markup_is_only_ever_text() {
        assert_eq!(
            parse("sum_of_squares calls _x_"),
            vec![Block::Paragraph(vec![text("sum_of_squares calls _x_")])]
        );
        let blocks = parse("<script>alert(1)</script> <b>x</b> **<img src=x onerror=alert(1)>**");
        let Block::Paragraph(spans) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(spans[0], text("<script>alert(1)</script> <b>x</b> "));
        assert_eq!(
            spans[1],
            Inline::Strong("<img src=x onerror=alert(1)>".into())
        );
        // Unclosed markers and odd bytes never panic.
        for odd in [
            "**", "*", "`", "``", "a*", "é*è", "- ", "-", "\n\n\n", "* * *",
        ] {
            let _ = parse(odd);
        }
    }
}
