// A small RFC 4180 reader for the two source files (quoted fields, doubled quotes, commas inside
// quotes; no newlines inside fields in these files, but they are handled). Only the build reads CSV.
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  return body.map((cells, index) => {
    if (cells.length !== header.length) throw new Error(`line ${index + 2}: ${cells.length} fields, the header has ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, cells[i]!.trim()]));
  });
}
