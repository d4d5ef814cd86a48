import { css } from 'lit';

export const styles = css`
  td.bar {
    width: 40%;
  }
  td.bar svg {
    display: block;
    width: 100%;
    height: 0.9em;
  }
  .bar rect {
    fill: var(--fc-accent, #1f6f43);
  }
  tr.highlight {
    background: var(--fc-highlight, #fff4c2);
    font-weight: 700;
  }
`;
