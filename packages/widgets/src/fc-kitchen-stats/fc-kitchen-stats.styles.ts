import { css } from 'lit';

export const styles = css`
  dl.figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9em, 1fr));
    gap: 0.75em;
    margin: 0 0 0.75em;
  }
  dl.figures > div {
    padding: 0.6em 0.8em;
    border: 1px solid var(--fc-border, #8a8a8a);
    border-radius: var(--fc-radius, 4px);
  }
  dt {
    color: var(--fc-muted, #595959);
    font-size: 0.9em;
  }
  dd {
    margin: 0;
    font-size: 1.6em;
    font-weight: 700;
    color: var(--fc-figure, #1b1b1b);
  }
`;
