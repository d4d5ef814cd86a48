import { css } from 'lit';

export const styles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
    margin-bottom: 0.5em;
  }
  .map {
    height: var(--fc-map-height, 420px);
    border: 1px solid var(--fc-border, #8a8a8a);
    border-radius: var(--fc-radius, 4px);
    background: var(--fc-map-background, #dfe9f2);
    z-index: 0;
  }
  .map.offline .boundary {
    fill: var(--fc-land, #f3f1ea);
    stroke: var(--fc-boundary, #7a7a7a);
  }
  .fc-marker {
    width: 16px;
    height: 16px;
    margin: -8px 0 0 -8px;
    border-radius: 50%;
    background: var(--fc-accent, #1f6f43);
    border: 2px solid var(--fc-on-accent, #ffffff);
    box-shadow: 0 0 0 1px var(--fc-accent, #1f6f43);
  }
  .fc-cluster {
    display: grid;
    place-items: center;
    border-radius: 50%;
    color: var(--fc-on-accent, #ffffff);
    background: var(--fc-accent, #1f6f43);
    border: 3px solid var(--fc-cluster-ring, #bfe0cc);
    font-weight: 700;
    font-size: 13px;
  }
  .fc-cluster.small {
    width: 30px;
    height: 30px;
    margin: -15px 0 0 -15px;
  }
  .fc-cluster.medium {
    width: 38px;
    height: 38px;
    margin: -19px 0 0 -19px;
  }
  .fc-cluster.large {
    width: 46px;
    height: 46px;
    margin: -23px 0 0 -23px;
  }
  .leaflet-marker-icon:focus-visible {
    outline: 3px solid var(--fc-focus, #1a5fb4);
    outline-offset: 2px;
  }
  .leaflet-container {
    font: inherit;
  }
  .leaflet-container a {
    color: var(--fc-link, #0b5394);
  }
  .leaflet-popup-content {
    margin: 0.75em 1em;
  }
  .list {
    margin-top: 0.75em;
  }
  .list ol {
    list-style: none;
    padding: 0;
    margin: 0;
    columns: 16em auto;
  }
  .list li {
    break-inside: avoid;
    padding: 0.1em 0;
  }
  .list li button {
    color: var(--fc-link, #0b5394);
    background: none;
    border: 0;
    padding: 0.15em 0.2em;
    text-align: start;
    text-decoration: underline;
  }
  .selected {
    margin-top: 0.75em;
    padding: 0.6em 0.8em;
    border: 1px solid var(--fc-border, #8a8a8a);
    border-radius: var(--fc-radius, 4px);
  }
  nav.pager {
    display: flex;
    gap: 0.5em;
    align-items: center;
    margin-top: 0.5em;
  }
`;
