import { css } from 'lit';

/**
 * Styles every element shares. Colours are `--fc-*` custom properties with fallbacks that meet
 * WCAG 2.1 AA contrast on white; motion stops when the user asks for reduced motion.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--fc-font, inherit);
    color: var(--fc-text, #1b1b1b);
    background: var(--fc-surface, transparent);
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--fc-focus, #1a5fb4);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: var(--fc-on-accent, #ffffff);
    background: var(--fc-accent, #1f6f43);
    border: 1px solid var(--fc-accent, #1f6f43);
    border-radius: var(--fc-radius, 4px);
    padding: 0.35em 0.8em;
    cursor: pointer;
  }
  button[disabled] {
    color: var(--fc-muted, #595959);
    background: var(--fc-subtle, #eeeeee);
    border-color: var(--fc-border, #8a8a8a);
    cursor: default;
  }
  button.secondary,
  .chip {
    color: var(--fc-accent, #1f6f43);
    background: var(--fc-surface, #ffffff);
  }
  .chip[aria-pressed='true'] {
    color: var(--fc-on-accent, #ffffff);
    background: var(--fc-accent, #1f6f43);
  }
  a {
    color: var(--fc-link, #0b5394);
  }
  .state {
    padding: 1em;
    border: 1px solid var(--fc-border, #8a8a8a);
    border-radius: var(--fc-radius, 4px);
    background: var(--fc-subtle, #f4f4f4);
  }
  .state.error {
    border-color: var(--fc-danger, #a4262c);
    color: var(--fc-danger, #a4262c);
    background: var(--fc-surface, #ffffff);
  }
  .muted {
    color: var(--fc-muted, #595959);
  }
  .definition {
    margin: 0.3em 0;
    font-size: 0.9em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: 0.25em 0.5em;
    border-bottom: 1px solid var(--fc-border, #8a8a8a);
  }
  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: 0.25em 0;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
