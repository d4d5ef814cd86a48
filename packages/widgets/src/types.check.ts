/**
 * Checked by `pnpm typecheck` (never run): what TypeScript users of the elements rely on — the tag
 * map gives `querySelector`/`createElement` the element classes, and `fc-…` listeners get typed
 * `detail`s. Each `@ts-expect-error` must stay an error.
 */
import type { FcProducerList, FcProducerMap } from './index.js';

export function typedElements(root: ParentNode): void {
  const map: FcProducerMap | null = root.querySelector('fc-producer-map');
  const list: FcProducerList = document.createElement('fc-producer-list');
  list.pageSize = 20;
  // @ts-expect-error pageSize is a number
  list.pageSize = '20';
  map?.addEventListener('fc-select', (e) => console.log(e.detail.id, e.detail.name));
  // @ts-expect-error fc-select has no count
  map?.addEventListener('fc-select', (e) => e.detail.count);
  document.addEventListener('fc-error', (e) => console.log(e.detail.message));
  document.addEventListener('fc-filter-change', (e) => console.log(e.detail.category.join(',')));
  // fc-load's detail depends on the element: narrow before reading element-specific fields.
  list.addEventListener('fc-load', (e) => console.log('totalCount' in e.detail ? e.detail.totalCount : null));
}
