/**
 * What a reader of a page with several widgets checks by eye: that the page never contradicts
 * itself. `contradictions` reads what the widgets show (not what they fetched) and lists every
 * place where two of them disagree, or where a share is shown without saying what "local" means.
 */
import type { Page } from 'playwright-core';
import { BOUNDARY_SOURCES } from '../fc-producer-map/boundary-sources.js';
import { type Lang, Localizer, loadMessages } from '../internal/i18n.js';
import { apiQuery } from './harness.js';

interface Facts {
  goals: { title: string; now: string | null; definition: string | null }[];
  charts: { series: string[]; header: string[]; rows: string[][]; goals: { series: string; title: string }[]; definition: string | null }[];
  kitchens: { figures: [string, string][]; definition: string | null }[];
  rankings: { caption: string; names: string[]; highlighted: string | null; definition: string | null }[];
  attribution: string;
  text: string;
}

/** Each country's boundary credit as the map's text shows it (BOUNDARY_SOURCES without their links' markup). */
export const BOUNDARY_CREDITS: Record<string, string> = Object.fromEntries(
  Object.entries(BOUNDARY_SOURCES).map(([country, html]) => [country, html.replace(/<[^>]*>/g, '')]),
);

/** Reads the widgets' shadow roots: goal cards, charts (their data tables), kitchen figures, rankings, map credits. */
function readFacts(page: Page, nowLabel: string): Promise<Facts> {
  return page.evaluate((now) => {
    const text = (n: Element | null | undefined) => (n ? n.textContent!.replace(/\s+/g, ' ').trim() : null);
    const roots = (tag: string) => [...document.querySelectorAll(tag)].map((e) => e.shadowRoot!);
    return {
      goals: roots('fc-goal-progress').flatMap((r) =>
        [...r.querySelectorAll('li[part="goal"]')].map((li) => {
          const dt = [...li.querySelectorAll('dt')].find((d) => text(d) === now);
          return { title: text(li.querySelector('h3'))!, now: text(dt?.nextElementSibling), definition: text(li.querySelector('.definition')) };
        }),
      ),
      charts: roots('fc-share-chart').map((r) => ({
        series: [...r.querySelectorAll('.legend .swatch:not(.dashed)')].map((s) => (s.classList.contains('local') ? 'local' : 'organic')),
        header: [...r.querySelectorAll('thead th')].map((th) => text(th)!),
        rows: [...r.querySelectorAll('tbody tr:not(.goal)')].map((tr) => [...tr.children].map((c) => text(c)!)),
        goals: [...r.querySelectorAll('tbody tr.goal')].map((tr) => ({
          series: tr.classList.contains('local') ? 'local' : 'organic',
          title: text(tr.children[1])!.replace(/: [^:]*$/, ''),
        })),
        definition: text(r.querySelector('.definition')),
      })),
      kitchens: roots('fc-kitchen-stats').map((r) => ({
        figures: [...r.querySelectorAll('dl.figures > div')].map((d): [string, string] => [text(d.querySelector('dt'))!, text(d.querySelector('dd'))!]),
        definition: text(r.querySelector('.definition')),
      })),
      rankings: roots('fc-municipality-ranking').map((r) => ({
        caption: text(r.querySelector('caption'))!,
        names: [...r.querySelectorAll('tbody th')].map((th) => text(th)!),
        highlighted: text(r.querySelector('tr[aria-current="true"] th')),
        definition: text(r.querySelector('.definition')),
      })),
      attribution: roots('fc-producer-map')
        .map((r) => text(r.querySelector('.leaflet-control-attribution')) ?? '')
        .join(' '),
      text: [...document.querySelectorAll('main *')].map((e) => e.shadowRoot?.textContent ?? '').join(' '),
    };
  }, nowLabel);
}

/** "Lokal: samme kommune", "Lokal: innen 50 km", … as patterns, whatever the distance. */
function localPatterns(l: Localizer): RegExp[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (['SAME_MUNICIPALITY', 'SAME_REGION', 'SAME_COUNTRY', 'WITHIN_KM'] as const).map(
    (d) => new RegExp(escape(l.t(`local_${d}`, { km: '\u0000' })).replace('\u0000', '[\\d\\s.,]+')),
  );
}

/**
 * Everything on the page that contradicts something else on it, as sentences (empty when none):
 * - every goal a chart draws is a goal card of the page whose current value is the chart's value for
 *   the last complete year it shows (the year before this one, or the last its data has, as in the
 *   demo places whose purchases are of 2025 only), and whose definition of local the chart names;
 * - every chart, kitchen figure and ranking that shows a local share names its definition of local;
 *   kitchen figures measured as a chart is show the chart's values;
 * - a ranking of one municipality compares it with its own region, and says which;
 * - the map credits, in the page's language, only the boundaries it draws.
 */
export async function contradictions(page: Page, api: string, lang: Lang, municipality: string): Promise<string[]> {
  const l = new Localizer(lang, await loadMessages(lang));
  const facts = await readFacts(page, l.t('current'));
  const problems: string[] = [];
  // The last complete year a chart shows: before this one, the latest its rows have.
  const lastComplete = (chart: Facts['charts'][number]) => String(Math.max(...chart.rows.map((r) => Number(r[0])).filter((y) => y < new Date().getFullYear())));
  const patterns = localPatterns(l);
  const namesLocal = (definition: string | null) => !!definition && patterns.some((p) => p.test(definition));
  const label = { organic: l.t('organicShare'), local: l.t('localShare') } as Record<string, string>;
  const valueOf = (chart: Facts['charts'][number], series: string) => {
    const row = chart.rows.find((r) => r[0] === lastComplete(chart));
    return row?.[chart.header.indexOf(label[series]!)] ?? null;
  };

  const { municipality: place, goals } = await apiQuery<{
    municipality: { name: string; region: { code: string; name: string; municipalities: { name: string }[] } };
    goals: { edges: { node: { title: string; indicator: { kind: string } } }[] };
  }>(
    api,
    `query($m: String!, $lang: String) { municipality(code: $m) { name region { code name municipalities { name } } }
       goals(filter: { municipality: [$m] }, first: 100) { edges { node { title(lang: $lang) indicator { kind } } } } }`,
    { m: municipality, lang },
  );

  for (const card of facts.goals) {
    const kind = goals.edges.find((e) => e.node.title === card.title)?.node.indicator.kind;
    if (kind === 'LOCAL_SHARE' && !namesLocal(card.definition))
      problems.push(`The goal card "${card.title}" does not name its definition of local (shows "${card.definition}").`);
  }

  for (const [i, chart] of facts.charts.entries()) {
    const name = `Chart ${i + 1}`;
    if (chart.series.includes('local') && !namesLocal(chart.definition))
      problems.push(`${name} shows a local share without naming its definition of local (shows "${chart.definition}").`);
    for (const drawn of chart.goals) {
      const card = facts.goals.find((g) => g.title === drawn.title);
      if (!card) {
        problems.push(`${name} draws the goal "${drawn.title}", which no goal card on the page shows.`);
        continue;
      }
      const year = lastComplete(chart);
      const shown = valueOf(chart, drawn.series);
      const [value, asOf] = (card.now ?? '').split(' (');
      if (shown === null || card.now === null || shown !== value || !asOf?.includes(year)) {
        problems.push(`${name} shows ${label[drawn.series]} ${year} = ${shown} under the goal "${drawn.title}", whose card shows ${card.now}.`);
      }
      if (drawn.series === 'local' && card.definition && !chart.definition?.includes(card.definition)) {
        problems.push(`${name} draws "${drawn.title}" (${card.definition}) over a local share defined as "${chart.definition}".`);
      }
    }
  }

  for (const [i, box] of facts.kitchens.entries()) {
    const local = box.figures.find(([dt]) => dt.startsWith(label.local!));
    if (local && !namesLocal(box.definition))
      problems.push(`Kitchen figures ${i + 1} show ${local.join(' ')} without naming the definition of local (shows "${box.definition}").`);
    // Measured as a chart on the page is: the same values for the same year.
    for (const chart of facts.charts.filter((c) => c.definition === box.definition)) {
      for (const [dt, dd] of box.figures) {
        const series = Object.keys(label).find((k) => dt.startsWith(label[k]!));
        const boxYear = dt.slice(-4);
        const row = chart.rows.find((r) => r[0] === boxYear);
        const cell = series && row ? row[chart.header.indexOf(label[series]!)] : undefined;
        if (series && cell !== undefined && cell !== dd) problems.push(`Kitchen figures show ${dt} = ${dd}, the chart measured the same way shows ${cell}.`);
      }
    }
  }

  for (const ranking of facts.rankings) {
    if (!ranking.caption.endsWith(`– ${place.region.name}`))
      problems.push(`The ranking "${ranking.caption}" does not say it compares ${place.name} within ${place.region.name}.`);
    const outside = ranking.names.filter((n) => !place.region.municipalities.some((m) => m.name === n));
    if (outside.length) problems.push(`The ranking compares ${place.name} with municipalities outside ${place.region.name}: ${outside.join(', ')}.`);
    if (ranking.highlighted !== place.name) problems.push(`The ranking highlights ${ranking.highlighted}, not ${place.name}.`);
    if (ranking.caption.toLowerCase().includes(label.local!.toLowerCase()) && !namesLocal(ranking.definition))
      problems.push('The ranking by local share does not name its definition of local.');
  }

  if (facts.attribution) {
    const country = municipality.slice(0, 2);
    const own = BOUNDARY_CREDITS[country];
    const credit = l.t('boundaryCredit', { sources: '' }).trim();
    if (!own) problems.push(`No boundary credit is known for ${country} (${municipality}).`);
    else if (!facts.attribution.includes(credit) || !facts.attribution.includes(own))
      problems.push(`The map credits "${facts.attribution}", not "${credit} … ${own}".`);
    for (const [other, source] of Object.entries(BOUNDARY_CREDITS)) {
      if (other !== country && facts.attribution.includes(source))
        problems.push(`The map credits ${other}'s boundaries (${source}), which it does not draw: "${facts.attribution}".`);
    }
    if (facts.attribution.includes('OpenStreetMap')) problems.push(`The map credits OpenStreetMap without showing its tiles: "${facts.attribution}".`);
  }
  if (lang !== 'en' && facts.text.includes('EU organic')) problems.push('An English certification label ("EU organic") on a page in another language.');
  return problems;
}
