/**
 * A small RFC 4180 CSV parser: the tests' own reader of the CSVs demo-data
 * writes, independent of the warehouse's. Quoted fields (with doubled quotes,
 * commas and line breaks inside), LF or CRLF line ends, an optional UTF-8
 * byte-order mark.
 *
 * @example
 * parseCsv('id,favoris\nC00001,"P020,P903"\n') // [['id','favoris'], ['C00001','P020,P903']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // Quoted field: runs to the next quote that is not doubled.
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, close);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      // Plain run up to the next separator, copied in one slice.
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
