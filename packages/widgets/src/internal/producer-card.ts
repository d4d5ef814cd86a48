import type { FcProducerCardFieldsFragment } from '@food-commons/client';
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Localizer, MessageKey } from './i18n.js';

/**
 * Certification schemes by name: the labels' own names, the same in every language. The schemes
 * without one (EU organic, other) are texts of each language (`cert_…`).
 */
export const SCHEME_NAMES: Record<string, string> = {
  KRAV: 'KRAV',
  DEBIO: 'Debio',
  OE_MAERKET: 'Ø-mærket',
  LUOMU: 'Luomu',
  BIO_SIEGEL: 'Bio-Siegel',
  NYT_NORGE: 'Nyt Norge',
  SVENSKT_SIGILL: 'Svenskt Sigill',
  MSC: 'MSC',
  ASC: 'ASC',
};
/** A scheme's label in the language: its own name, or the language's text for it. */
export const schemeName = (l: Localizer, scheme: string) => SCHEME_NAMES[scheme] ?? (l.t(`cert_${scheme}` as MessageKey) || scheme);

const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

export const cardStyles = css`
  .card {
    display: grid;
    gap: 0.3em;
  }
  .card h3,
  .card h4 {
    margin: 0;
    font-size: 1.05em;
  }
  .card p {
    margin: 0;
  }
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em;
    padding: 0;
    margin: 0;
    list-style: none;
  }
  .badge {
    font-size: 0.85em;
    padding: 0.05em 0.5em;
    border-radius: 1em;
    border: 1px solid var(--fc-accent, #1f6f43);
    color: var(--fc-accent, #1f6f43);
    background: var(--fc-surface, #ffffff);
  }
`;

/**
 * A producer card: name, kind and place, products, certifications, tender readiness, website. Its
 * data is the client's `FcProducerCardFields` fragment, which the list and the map both query.
 */
export function producerCard(p: FcProducerCardFieldsFragment, l: Localizer, headingLevel: 3 | 4 = 3): TemplateResult {
  const kind = l.t(`kind_${p.kind}` as MessageKey) || p.kind;
  const place = [p.city, p.municipality?.name].filter((v, i, a) => v && a.indexOf(v) === i).join(', ');
  const website = safeUrl(p.website);
  const heading = headingLevel === 3 ? html`<h3 part="card-title">${p.name}</h3>` : html`<h4 part="card-title">${p.name}</h4>`;
  return html`<article class="card" part="card" aria-label=${p.name}>
    ${heading}
    <p class="muted">${kind}${place ? ` · ${place}` : ''}</p>
    ${p.description ? html`<p>${p.description}</p>` : nothing}
    ${p.categories.length ? html`<p><span class="visually-hidden">${l.t('products')}: </span>${p.categories.map((c) => c.name).join(', ')}</p>` : nothing}
    ${
      p.certifications.length || p.tenderReady
        ? html`<ul class="badges" aria-label=${l.t('certifications')}>
          ${p.certifications.map((c) => html`<li class="badge">${schemeName(l, c.scheme)}</li>`)}
          ${p.tenderReady ? html`<li class="badge">${l.t('tenderReady')}</li>` : nothing}
        </ul>`
        : nothing
    }
    ${website ? html`<p><a href=${website} target="_blank" rel="noopener">${l.t('website')}<span class="visually-hidden"> – ${p.name}</span></a></p>` : nothing}
  </article>`;
}
