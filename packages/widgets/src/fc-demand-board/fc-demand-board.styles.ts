import { css } from 'lit';

export const styles = css`
  fieldset {
    margin-bottom: 0.75em;
  }
  .demand h3 {
    margin: 0;
    font-size: 1.05em;
  }
  .demand p {
    margin: 0.2em 0 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.15em 0.75em;
    margin: 0.5em 0 0;
  }
  dt {
    color: var(--fc-muted, #595959);
  }
  dd {
    margin: 0;
  }
  .status {
    display: inline-block;
    font-size: 0.85em;
    padding: 0.05em 0.5em;
    border-radius: 1em;
    border: 1px solid var(--fc-accent, #1f6f43);
    color: var(--fc-accent, #1f6f43);
  }
`;
