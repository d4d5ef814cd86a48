import { css } from 'lit';

export const styles = css`
  .controls {
    display: grid;
    gap: 0.5em;
    margin-bottom: 0.75em;
  }
  input[type='search'] {
    font: inherit;
    padding: 0.35em 0.5em;
    border: 1px solid var(--fc-border, #8a8a8a);
    border-radius: var(--fc-radius, 4px);
    width: 100%;
    max-width: 28em;
  }
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
