/**
 * The little XML a workbook needs, scanned by hand over text: attribute
 * values of one tag, the text of elements, entity decoding. No DOM and no
 * general parser: the parts of an .xlsx are machine-written and regular.
 *
 * @example
 * attribute('<sheet name="Ventes &amp; stock" r:id="rId1"/>', 'name') // 'Ventes & stock'
 * decodeXml('a &lt; b') // 'a < b'
 */

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces the five named entities and numeric character references. */
export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, named: string | undefined) =>
    named ? NAMED[named]! : String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec)));
}

/**
 * The decoded value of attribute `name` in `tag` (the text from `<` to `>`),
 * or undefined. `name` may be given without its prefix (`id` finds `r:id`).
 */
export function attribute(tag: string, name: string): string | undefined {
  let at = 0;
  for (;;) {
    const found = tag.indexOf(`${name}=`, at);
    if (found < 0) return undefined;
    at = found + name.length + 1;
    const before = tag.charCodeAt(found - 1);
    // A whole name: preceded by whitespace, or by the `:` of a prefix when asked unprefixed.
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13 && (before !== 58 || name.includes(':'))) continue;
    const quote = tag[at];
    if (quote !== '"' && quote !== "'") continue;
    const close = tag.indexOf(quote, at + 1);
    if (close < 0) return undefined;
    return decodeXml(tag.slice(at + 1, close));
  }
}

/** Every start tag (`<name …>` or `<name …/>`) of element `name` in `xml`, as text. */
export function* tags(xml: string, name: string): Generator<string> {
  const open = `<${name}`;
  let at = 0;
  for (;;) {
    const start = xml.indexOf(open, at);
    if (start < 0) return;
    const end = xml.indexOf('>', start);
    if (end < 0) return;
    at = end + 1;
    if (isNameEnd(xml.charCodeAt(start + open.length))) yield xml.slice(start, end + 1);
  }
}

/** True for the character that ends a tag name: whitespace, `>` or `/`. */
export function isNameEnd(code: number): boolean {
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

/** The namespace prefix (`x:`) the part's root element uses, or ''. */
export function prefixOf(xml: string, root: string): string {
  const match = new RegExp(`<([A-Za-z_][\\w.-]*:)?${root}[\\s>/]`).exec(xml);
  return match?.[1] ?? '';
}

/**
 * The text of the `<t>` elements between `start` and `end`, joined: a plain
 * string item or inline string, or the runs of rich text. Phonetic guides
 * (`<rPh>`, furigana) are not part of the value and are skipped.
 */
export function textOfRuns(xml: string, start: number, end: number, prefix: string): string {
  // Searched within the item only: a search for a phonetic guide over the whole
  // part, for each of 100,000 shared strings, made reading a workbook quadratic.
  const item = xml.slice(start, end);
  const open = `<${prefix}t`;
  const close = `</${prefix}t>`;
  const phonetic = `<${prefix}rPh`;
  const phoneticEnd = `</${prefix}rPh>`;
  let text = '';
  let at = 0;
  for (;;) {
    const t = item.indexOf(open, at);
    if (t < 0) return text;
    const tagEnd = item.indexOf('>', t);
    if (tagEnd < 0) return text;
    if (!isNameEnd(item.charCodeAt(t + open.length))) {
      at = tagEnd + 1;
      continue;
    }
    const guide = item.indexOf(phonetic, at);
    if (guide >= 0 && guide < t) {
      const guideEnd = item.indexOf(phoneticEnd, guide);
      if (guideEnd < 0) return text;
      at = guideEnd + phoneticEnd.length;
      continue;
    }
    if (item.charCodeAt(tagEnd - 1) === 47) {
      at = tagEnd + 1; // <t/>
      continue;
    }
    const stop = item.indexOf(close, tagEnd);
    text += decodeXml(item.slice(tagEnd + 1, stop < 0 ? item.length : stop));
    if (stop < 0) return text;
    at = stop + close.length;
  }
}
