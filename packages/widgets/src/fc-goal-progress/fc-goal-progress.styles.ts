import { css } from 'lit';

export const styles = css`
  ol {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.9em;
  }
  li {
    padding: 0.7em 0.9em;
    border: 1px solid var(--fc-border, #8a8a8a);
    border-radius: var(--fc-radius, 4px);
  }
  h3 {
    margin: 0 0 0.3em;
    font-size: 1.05em;
  }
  .status {
    display: inline-block;
    font-size: 0.85em;
    font-weight: 600;
    padding: 0.05em 0.6em;
    border-radius: 1em;
    border: 1px solid currentColor;
  }
  .status.on {
    color: var(--fc-good, #1f6f43);
  }
  .status.off {
    color: var(--fc-danger, #a4262c);
  }
  .status.none {
    color: var(--fc-muted, #595959);
  }
  svg.bar {
    display: block;
    width: 100%;
    height: 14px;
    margin: 0.4em 0;
  }
  .bar .track {
    fill: var(--fc-subtle, #e6e6e6);
  }
  .bar .value {
    fill: var(--fc-accent, #1f6f43);
  }
  .bar .expected {
    stroke: var(--fc-text, #1b1b1b);
    stroke-width: 0.6;
  }
  .bar .target {
    stroke: var(--fc-danger, #a4262c);
    stroke-width: 0.6;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.1em 0.8em;
    margin: 0;
  }
  dt {
    color: var(--fc-muted, #595959);
  }
  dd {
    margin: 0;
  }
`;
