/**
 * Registers an element unless a tag of that name exists: a page that loads the bundle twice (two
 * CMS blocks, two versions) keeps the first definition instead of throwing.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  try {
    customElements.define(tag, element);
  } catch {
    // Another copy won a race between get and define: its definition serves the page.
  }
}
