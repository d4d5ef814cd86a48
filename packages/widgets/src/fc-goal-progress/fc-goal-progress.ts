import { FcGoalsDocument, type FcGoalsQuery } from '@food-commons/client';
import { Task } from '@lit/task';
import { html, nothing, svg, type PropertyDeclarations } from 'lit';
import { graphql, sameArgs, splitList } from '../internal/api.js';
import type { FcGoalProgressEvents } from '../events.js';
import { FcElement } from '../internal/base.js';
import { definitionLine } from '../internal/stats.js';
import { baseStyles } from '../internal/styles.js';
import { styles } from './fc-goal-progress.styles.js';

type Goal = FcGoalsQuery['goals']['edges'][number]['node'];

/**
 * Strategy goals of a municipality (or of the indicators named) with current value, the value a
 * straight path from baseline to target would have reached, and whether the goal is on track. A
 * local-share goal names its definition of local, as the charts do.
 *
 * @tagname fc-goal-progress
 * @summary Goals with progress, trajectory and status.
 * @fires fc-load - Goals loaded; `detail.count` is how many.
 * @fires fc-error - Loading failed; `detail.message` says why.
 * @csspart base - The wrapper of everything.
 * @csspart goal - One goal.
 * @csspart status - A goal's status badge.
 * @csspart definition - A local-share goal's definition of local (and "by weight").
 * @csspart bar - A goal's progress bar (SVG).
 * @csspart state - Loading, empty and error messages.
 * @cssprop --fc-accent - Progress bar (default #1f6f43).
 * @cssprop --fc-good - "On track" (default #1f6f43).
 * @cssprop --fc-danger - "Behind" and the target mark (default #a4262c).
 * @cssprop --fc-subtle - Bar track (default #e6e6e6).
 * @cssprop --fc-border - Borders (default #8a8a8a).
 */
export class FcGoalProgress extends FcElement<FcGoalProgressEvents> {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    indicator: { type: String },
  };

  /** Indicator keys (comma list) to limit the goals to, e.g. "organic_share_value". */
  declare indicator: string;

  constructor() {
    super();
    this.indicator = '';
  }

  private readonly goals = new Task(this, {
    // Arguments are arrays and objects built per render: compare them by value, not identity.
    argsEqual: sameArgs,
    task: async ([api, municipality, indicator, lang], { signal }) => {
      const filter = {
        ...(municipality.length ? { municipality } : {}),
        ...(indicator.length ? { indicator } : {}),
      };
      const data = await graphql(api, FcGoalsDocument, { filter, lang }, signal);
      const goals = data.goals.edges.map((e) => e.node);
      this.emit('fc-load', { count: goals.length });
      return goals;
    },
    args: () => [this.api, this.municipalities, splitList(this.indicator), this.language] as const,
  });

  protected override renderContent() {
    return this.renderTask(this.goals, (goals) => (goals.length === 0 ? this.renderEmpty() : html`<ol>${goals.map((g) => this.renderGoal(g))}</ol>`));
  }

  private renderGoal(g: Goal) {
    const l = this.l10n;
    const i = g.indicator;
    const unit = i.unit;
    const p = g.progress;
    const target = Number(g.targetValue);
    const fmt = (v: number) => l.formatValue(v, unit);
    const status = p.onTrack === null ? 'none' : p.onTrack ? 'on' : 'off';
    const statusText = p.onTrack === null ? l.t('noData') : p.onTrack ? l.t('onTrack') : l.t('offTrack');
    const scaleMax = Math.max(target, p.currentValue ?? 0, p.expectedToday ?? 0, unit === 'percent' || unit === '%' ? 0 : 1) || 1;
    const x = (v: number) => Math.max(0, Math.min(100, (v / scaleMax) * 100));
    return html`<li part="goal">
      <h3>${g.title}</h3>
      <span class="status ${status}" part="status">${statusText}</span>
      ${definitionLine(l, i.kind === 'LOCAL_SHARE' ? { definition: i.localDefinition ?? 'SAME_MUNICIPALITY', km: i.localKm } : null, i.measure ?? 'VALUE')}
      ${
        p.currentValue !== null
          ? html`<svg class="bar" part="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
            <rect class="track" x="0" y="0" width="100" height="6"></rect>
            <rect class="value" x="0" y="0" width=${x(p.currentValue)} height="6"></rect>
            ${p.expectedToday !== null ? svg`<line class="expected" x1=${x(p.expectedToday)} x2=${x(p.expectedToday)} y1="0" y2="6"></line>` : nothing}
            <line class="target" x1=${x(target)} x2=${x(target)} y1="0" y2="6"></line>
          </svg>`
          : nothing
      }
      <dl>
        ${
          p.currentValue !== null
            ? html`<dt>${l.t('current')}</dt>
              <dd>${fmt(p.currentValue)}${p.asOf ? ` (${l.formatDate(p.asOf)})` : ''}</dd>`
            : nothing
        }
        ${p.expectedToday !== null ? html`<dt>${l.t('expected')}</dt><dd>${fmt(p.expectedToday)}</dd>` : nothing}
        <dt>${l.t('goalLine')}</dt>
        <dd>${l.t('target', { value: fmt(target), year: String(g.targetYear) })}</dd>
        ${
          g.baselineValue !== null && g.baselineYear !== null
            ? html`<dt>${l.t('baseline')}</dt><dd>${fmt(Number(g.baselineValue))} (${g.baselineYear})</dd>`
            : nothing
        }
        ${p.coverage !== null ? html`<dt>${l.t('coverage')}</dt><dd>${l.formatPercent(p.coverage)}</dd>` : nothing}
      </dl>
      ${p.currentValue === null && p.note ? html`<p class="muted">${p.note}</p>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fc-goal-progress': FcGoalProgress;
  }
}
