//! Row numbers of a CSV file as a spreadsheet user counts them (the header is row 1), for
//! LF, CRLF and lone-CR line ends, with quoted line breaks staying in their row.

pub(super) fn byte_offset(p: &csv::Position) -> usize {
    usize::try_from(p.byte()).unwrap_or(usize::MAX)
}

/// Where each row of a CSV text starts, to number rows as a spreadsheet does (the header
/// is row 1): a line ends at CRLF, LF or a lone CR (Excel on Windows and macOS, old Mac
/// files), except inside a quoted field, whose line breaks stay in the same row.
pub(super) struct Rows<'a> {
    bytes: &'a [u8],
    starts: Vec<usize>,
}

impl<'a> Rows<'a> {
    pub(super) fn of(bytes: &'a [u8], delimiter: u8) -> Self {
        let mut starts = vec![0];
        let mut quoted = false;
        let mut field_start = true;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if quoted {
                if b == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        quoted = false;
                    }
                }
            } else if b == b'"' && field_start {
                quoted = true;
            } else if b == b'\r' || b == b'\n' {
                if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                starts.push(i + 1);
                field_start = true;
                i += 1;
                continue;
            }
            field_start = !quoted && b == delimiter;
            i += 1;
        }
        Self { bytes, starts }
    }

    /// The row (from 1) of the record that the CSV reader says starts at `offset`: the
    /// reader's offset may point at the line breaks and blank lines it skipped first.
    pub(super) fn line_at(&self, offset: usize) -> usize {
        let skipped = self.bytes.get(offset..).map_or(0, |rest| {
            rest.iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count()
        });
        let offset = offset + skipped;
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}
