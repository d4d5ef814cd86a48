import { expect, it } from 'vitest';
import { apiQuery, axeViolations, browserDescribe, closePage, screenshot, useBrowser } from '../test/harness.js';

interface Goal {
  title: string;
  targetYear: number;
  indicator: { unit: string };
  progress: { currentValue: number | null; onTrack: boolean | null };
}

browserDescribe('<fc-goal-progress> in Chromium', () => {
  const { api, open: openPage } = useBrowser();
  const open = (body: string, lang: string) => openPage(body, { lang, settle: 'fc-goal-progress', timeout: 120_000 });

  it('shows Horten’s goals with titles in Norwegian, current values and status from the API, without axe violations', async () => {
    const { goals } = await apiQuery<{ goals: { edges: { node: Goal }[] } }>(
      api,
      `{ goals(filter: { municipality: ["NO-3901"] }, first: 100) { edges { node { title(lang: "nb") targetYear indicator { unit } progress { currentValue onTrack } } } } }`,
    );
    expect(goals.edges.length).toBeGreaterThan(0);
    const page = await open(`<fc-goal-progress municipality="NO-3901"></fc-goal-progress>`, 'nb');
    const items = page.locator('fc-goal-progress li[part="goal"]');
    expect(await items.count()).toBe(goals.edges.length);
    const percent = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 1 });
    const number = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 1 });
    for (const [i, { node }] of goals.edges.entries()) {
      const item = items.nth(i);
      expect(await item.locator('h3').textContent()).toBe(node.title);
      expect(await item.locator('.status').textContent()).toBe(
        node.progress.onTrack === null ? 'Ikke nok data' : node.progress.onTrack ? 'I rute' : 'Etter skjema',
      );
      if (node.progress.currentValue !== null) {
        const v = node.progress.currentValue;
        const shown = node.indicator.unit === 'percent' ? percent.format(v / 100) : number.format(v);
        expect(await item.locator('dd').first().textContent()).toContain(shown);
      }
      expect(await item.textContent()).toContain(`innen ${node.targetYear}`);
    }
    await screenshot(page, 'fc-goal-progress-nb', 'fc-goal-progress');
    expect(await axeViolations(page)).toEqual([]);
    await closePage(page);
  });
});
