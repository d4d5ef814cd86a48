/**
 * The scopes an API key can carry and what each allows. Kept apart from the checks (policy.ts) so
 * that the command line can list them without loading the GraphQL error classes.
 */
export const SCOPES = {
  write: 'create, update and delete records in the sources its organization owns',
  'read:private': "read delivery lines and unsuppressed statistics of its organization's sources",
  admin: "manage its organization's API keys, sources and webhooks",
  curate: 'merge duplicate producers and organizations, and erase personal data, in any source (granted by the operator only)',
  operate:
    "act for every organization as the operator of this server: create organizations, manage any organization's sources and keys, write to any organization's sources, deliver webhooks (the key `fc` uses; granted by the operator only)",
} as const;
export type Scope = keyof typeof SCOPES;

/** Own keys only: `in` would also accept what every object inherits ("toString", "__proto__", "constructor"). */
const SCOPE_NAMES: ReadonlySet<string> = new Set(Object.keys(SCOPES));
export const isScope = (scope: string): scope is Scope => SCOPE_NAMES.has(scope);
