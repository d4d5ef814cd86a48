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
`;
