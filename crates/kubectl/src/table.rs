//! kubectl's table layout (cli-runtime's tabwriter: minwidth 6, padding 3): every column is as
//! wide as its widest cell plus three spaces, and at least six.

const PADDING: usize = 3;
const MIN_WIDTH: usize = 6;

fn cell_width(cell: &str) -> usize {
    (cell.chars().count() + PADDING).max(MIN_WIDTH)
}

/// Column widths that only grow, as a watch keeps them across rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Widths(Vec<usize>);

impl Widths {
    /// Widens the columns to fit `row`.
    pub fn fit(&mut self, row: &[String]) {
        if self.0.len() < row.len() {
            self.0.resize(row.len(), 0);
        }
        for (w, cell) in self.0.iter_mut().zip(row) {
            *w = (*w).max(cell_width(cell));
        }
    }

    /// One line for `row` padded to the current widths (the last cell is not padded).
    pub fn line(&self, row: &[String]) -> String {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let width = self.0.get(c).copied().unwrap_or(0);
                let pad = width.saturating_sub(cell.chars().count()).max(PADDING);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        let mut line = line.trim_end().to_string();
        line.push('\n');
        line
    }
}

/// Renders rows with plain tabwriter padding and no minimum width (`rollout history`).
pub fn render_padded(rows: &[Vec<String>], padding: usize) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count() + padding)
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if c + 1 < row.len() {
                out.extend(std::iter::repeat_n(' ', widths[c] - cell.chars().count()));
            }
        }
        out.push('\n');
    }
    out
}

/// Renders rows (the first is usually the header) as kubectl prints them.
pub fn render(rows: &[Vec<String>]) -> String {
    render_with(rows).0
}

/// Renders rows and returns the widths, so a watch can continue the same table.
pub fn render_with(rows: &[Vec<String>]) -> (String, Widths) {
    let mut widths = Widths::default();
    for row in rows {
        widths.fit(row);
    }
    let out = rows.iter().map(|r| widths.line(r)).collect();
    (out, widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn columns_pad_to_widest_plus_three_and_at_least_six() {
        let out = render(&[row(&["NAME", "IP", "AGE"]), row(&["web-0", "-", "5s"])]);
        assert_eq!(out, "NAME    IP    AGE\nweb-0   -     5s\n");
    }

    #[test]
    fn watch_widths_only_grow() {
        let (_, mut widths) = render_with(&[row(&["NAME", "STATUS"]), row(&["web-0", "Pending"])]);
        let long = row(&["web-0", "ContainerCreating", "0s"]);
        widths.fit(&long);
        widths.fit(&row(&["web-0", "Running", "1s"]));
        assert_eq!(
            widths.line(&row(&["web-0", "Running", "1s"])),
            "web-0   Running             1s\n"
        );
    }
}
