/**
 * Small cells: a statistics cell built from fewer distinct suppliers than this threshold could reveal
 * what one supplier sold to one buyer, so the public sees that it exists but not its numbers.
 */
export const SUPPRESSION_MIN_SUPPLIERS = 3;

/** What a statistics cell knows about where its numbers come from. */
export interface CellOrigin {
  /** Distinct suppliers (a producer delivering directly, a wholesaler, a named other supplier). */
  suppliers: number;
  /** Every line of the cell comes from sources of the reader's own organization. */
  own?: boolean | null;
}

/** Who reads the cell. */
export interface CellReader {
  /** An internal aggregate (goal progress computes from every cell and publishes only shares of many). */
  unsuppressed?: boolean;
  /** The organization whose key carries `read:private`, when the reader has one. */
  privateOrganizationId?: number | null;
}

/**
 * Whether the reader may see the cell's numbers: a cell from enough suppliers is public; a smaller
 * one only for internal aggregates, or for the organization whose own sources make up the whole cell.
 */
export const cellIsVisible = (cell: CellOrigin, reader: CellReader): boolean =>
  reader.unsuppressed === true || cell.suppliers >= SUPPRESSION_MIN_SUPPLIERS || (reader.privateOrganizationId != null && cell.own === true);
