import { css, html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from './i18n.js';

/** Filter chips and paging, shared by the lists (producers, demand). */

/** A filter chip: a toggle button whose state is `aria-pressed`. */
export const chip = (label: string, pressed: boolean, onClick: () => void): TemplateResult =>
  html`<button type="button" class="chip" part="chip" aria-pressed=${pressed ? 'true' : 'false'} @click=${onClick}>${label}</button>`;

/** Previous / "Page n of m" / Next, or nothing when everything fits on one page. */
export function pager(l: Localizer, page: number, pages: number, hasNext: boolean, go: (step: -1 | 1) => void) {
  if (pages <= 1) return nothing;
  const label = l.t('pageOf', { page, pages });
  return html`<nav class="pager" part="pager" aria-label=${label}>
    <button type="button" class="secondary" ?disabled=${page <= 1} @click=${() => go(-1)}>${l.t('previous')}</button>
    <span>${label}</span>
    <button type="button" class="secondary" ?disabled=${!hasNext} @click=${() => go(1)}>${l.t('next')}</button>
  </nav>`;
}

export const listStyles = css`
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.35em;
    align-items: center;
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 0.25em;
  }
  .chip {
    border-radius: 1.2em;
    font-size: 0.9em;
  }
  ol.results {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.6em;
  }
  ol.results > li {
    padding: 0.6em 0.8em;
    border: 1px solid var(--fc-border, #8a8a8a);
    border-radius: var(--fc-radius, 4px);
    background: var(--fc-surface, #ffffff);
  }
  nav.pager {
    display: flex;
    gap: 0.5em;
    align-items: center;
    margin-top: 0.75em;
  }
`;
