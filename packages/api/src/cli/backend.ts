import type { CreatedKeyResult, KeyList, OrganizationLine, OrganizationResult, RevokedKey, SourceResult } from '../access/operator.js';
import type { ImportKind } from '../imports/columns.js';
import type { ImportReport } from '../imports/import.js';

/**
 * Where `fc` runs its commands: on a running server over HTTP (cli/remote.ts), or on
 * the database itself (cli/direct.ts). Both give back the same plain values, so the output is the same.
 */
export interface Backend {
  addOrganization(input: { name: string; orgNumber?: string; kind?: string }): Promise<OrganizationResult>;
  listOrganizations(): Promise<OrganizationLine[]>;
  addSource(input: { organization: string; key: string; name: string; licence: string; url?: string; attribution?: string }): Promise<SourceResult>;
  addApiKey(input: { organization: string; scopes: string[]; name?: string }): Promise<CreatedKeyResult>;
  listApiKeys(organization: string): Promise<KeyList>;
  revokeKey(prefix: string): Promise<RevokedKey>;
  deliverWebhooks(): Promise<{ delivered: number; failed: number; dead: number }>;
  sealSecrets(): Promise<{ sealed: number }>;
  importFile(request: ImportRequest): Promise<ImportView>;
  close(): Promise<void>;
}

export interface ImportRequest {
  kind: ImportKind;
  /** Absolute path of the file. */
  file: string;
  source: string;
  /** A partner's API key to import with; without it the operator imports for the source's organization. */
  key?: string;
  dryRun: boolean;
  partial: boolean;
  force: boolean;
}

/** An import's report as `fc` prints it: GraphQL's `ImportReport` in JSON form (dates and positions as text). */
export type ImportView = Omit<ImportReport, 'kind' | 'fileName' | 'sha256' | 'previousImport' | 'headerProblems' | 'lastPosition'> & {
  kind: string;
  previousImport: { at: string; rows: number } | null;
  headerProblems: { message: string }[];
  lastPosition: string | null;
};

/** A failure `fc` reports on one line (exit status 1), or a usage mistake (exit status 2). */
export class FcError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'FcError';
  }
}
