/**
 * One generated sheet: the rows of a Carttrend workbook, as cell values
 * exceljs can write (strings, numbers, empties, hyperlinks, rich text).
 */
import type { WorkbookSpec } from '../catalog.ts';

export interface HyperlinkCell {
  readonly text: string;
  readonly hyperlink: string;
}

export interface RichTextCell {
  readonly richText: readonly { readonly text: string; readonly font?: { readonly bold?: boolean; readonly italic?: boolean } }[];
}

export type Cell = string | number | null | HyperlinkCell | RichTextCell;
export type SheetRow = readonly Cell[];

export interface SheetData {
  readonly spec: WorkbookSpec;
  readonly rows: readonly SheetRow[];
  /** Formatted but empty rows written after the data (xlsx only). */
  readonly trailingEmptyRows: number;
}

/** The text a cell shows (what a CSV export holds). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if ('richText' in cell) return cell.richText.map((run) => run.text).join('');
  return cell.text;
}
