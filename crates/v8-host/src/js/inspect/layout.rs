//! Line breaking and array grouping (Node's `reduceToSingleString`, `groupArrayElements`).

use super::*;

pub(super) fn more_items(remaining: usize) -> String {
    format!(
        "... {remaining} more item{}",
        if remaining > 1 { "s" } else { "" }
    )
}

pub(super) fn empty_items(count: u64) -> String {
    format!("<{count} empty item{}>", if count > 1 { "s" } else { "" })
}

pub(super) fn reduce_to_single_string(
    ctx: &Ctx,
    output: &[String],
    base: &str,
    open: &str,
    close: &str,
    recurse: usize,
) -> String {
    if ctx.current_depth.saturating_sub(recurse) < COMPACT {
        let start = output.len() + ctx.indentation + open.len() + base.len() + 10;
        if is_below_break_length(ctx, output, start, base) {
            let joined = output.join(", ");
            if !joined.contains('\n') {
                let base = if base.is_empty() {
                    String::new()
                } else {
                    format!("{base} ")
                };
                return format!("{base}{open} {joined} {close}");
            }
        }
    }
    multi_line(ctx, output, base, open, close)
}

pub(super) fn multi_line(
    ctx: &Ctx,
    output: &[String],
    base: &str,
    open: &str,
    close: &str,
) -> String {
    let indentation = format!("\n{}", " ".repeat(ctx.indentation));
    let base = if base.is_empty() {
        String::new()
    } else {
        format!("{base} ")
    };
    let joined = output.join(&format!(",{indentation}  "));
    format!("{base}{open}{indentation}  {joined}{indentation}{close}")
}

pub(super) fn is_below_break_length(
    ctx: &Ctx,
    output: &[String],
    start: usize,
    base: &str,
) -> bool {
    let mut total = output.len() + start;
    if total + output.len() > BREAK_LENGTH {
        return false;
    }
    for entry in output {
        total += entry.chars().count();
        if total > BREAK_LENGTH {
            return false;
        }
    }
    let _ = ctx;
    base.is_empty() || !base.contains('\n')
}

/// Node's `groupArrayElements` (compact mode 3): arrays of more than six
/// short entries are laid out in aligned columns.
pub(super) fn group_array_elements(
    ctx: &Ctx,
    output: Vec<String>,
    scope: &mut v8::PinScope<'_, '_>,
    values: &[v8::Local<v8::Value>],
) -> Vec<String> {
    let mut output_len = output.len();
    if output
        .last()
        .is_some_and(|s| s.starts_with("... ") && s.contains(" more item"))
    {
        output_len -= 1;
    }
    let separator = 2usize;
    let data_len: Vec<usize> = output[..output_len]
        .iter()
        .map(|s| s.chars().count())
        .collect();
    let total: usize = data_len.iter().map(|l| l + separator).sum();
    let max_len = data_len.iter().copied().max().unwrap_or(0);
    let actual_max = max_len + separator;
    if !(actual_max * 3 + ctx.indentation < BREAK_LENGTH
        && (total as f64 / actual_max as f64 > 5.0 || max_len <= 6))
    {
        return output;
    }
    let average_bias = (actual_max as f64 - total as f64 / output.len() as f64).sqrt();
    let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
    let columns = ((2.5 * biased_max * output_len as f64).sqrt() / biased_max)
        .round()
        .min(((BREAK_LENGTH - ctx.indentation) / actual_max) as f64)
        .min((COMPACT * 4) as f64)
        .min(15.0) as usize;
    if columns <= 1 {
        return output;
    }
    let max_line: Vec<usize> = (0..columns)
        .map(|i| {
            (i..output_len)
                .step_by(columns)
                .map(|j| data_len[j])
                .max()
                .unwrap_or(0)
                + separator
        })
        .collect();
    let numeric = values.iter().all(|v| v.is_number() || v.is_big_int());
    let _ = scope;
    let mut grouped = Vec::new();
    let mut i = 0;
    while i < output_len {
        let max = (i + columns).min(output_len);
        let mut line = String::new();
        let mut j = i;
        while j < max - 1 {
            let cell = format!("{}, ", output[j]);
            line.push_str(&pad(&cell, max_line[j - i], numeric));
            j += 1;
        }
        if numeric {
            line.push_str(&pad(&output[j], max_line[j - i] - separator, true));
        } else {
            line.push_str(&output[j]);
        }
        grouped.push(line);
        i += columns;
    }
    if output_len < output.len() {
        grouped.push(output[output_len].clone());
    }
    grouped
}

pub(super) fn pad(text: &str, width: usize, start: bool) -> String {
    let len = text.chars().count();
    if len >= width {
        return text.to_string();
    }
    let fill = " ".repeat(width - len);
    if start {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}
