import { css } from 'lit';

export const styles = css`
  figure {
    margin: 0;
  }
  svg.chart {
    display: block;
    width: 100%;
    height: auto;
    max-height: var(--fc-chart-height, 320px);
    overflow: visible;
  }
  .axis text {
    fill: var(--fc-muted, #595959);
    font-size: 11px;
  }
  .axis line,
  .grid line {
    stroke: var(--fc-grid, #d0d0d0);
    stroke-width: 1;
  }
  /* Each series' colour, for its line, points, goal line and swatch. */
  .organic {
    --c: var(--fc-organic, #1f6f43);
  }
  .local {
    --c: var(--fc-local, #0b5394);
  }
  .series path {
    fill: none;
    stroke-width: 2.5;
  }
  .series path,
  .series circle,
  .target path {
    stroke: var(--c);
  }
  .series circle {
    fill: var(--fc-surface, #ffffff);
    stroke-width: 2;
  }
  .target path {
    fill: none;
    stroke-width: 1.5;
    stroke-dasharray: 5 4;
  }
  .target text {
    font-size: 11px;
    fill: var(--fc-text, #1b1b1b);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 1em;
    padding: 0;
    margin: 0.25em 0;
    list-style: none;
    font-size: 0.9em;
  }
  .swatch {
    display: inline-block;
    width: 1.2em;
    height: 0.25em;
    vertical-align: middle;
    margin-inline-end: 0.35em;
    background: var(--c);
  }
  .swatch.dashed {
    background: none;
    border-top: 2px dashed var(--fc-text, #1b1b1b);
    height: 0;
  }
  details {
    margin-top: 0.5em;
  }
  summary {
    cursor: pointer;
    color: var(--fc-link, #0b5394);
  }
`;
