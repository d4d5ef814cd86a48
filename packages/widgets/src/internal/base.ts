import type { Task } from '@lit/task';
import { html, LitElement, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { FcEvents } from '../events.js';
import { FcLoadError, splitList } from './api.js';
import { coreLocalizer, type Lang, loadedLocalizer, loadLocalizer, type Localizer, normalizeLang } from './i18n.js';

/** The language of a municipality's country, for a page that gives none. */
const COUNTRY_LANGS: Record<string, Lang> = { NO: 'nb', SE: 'sv', FI: 'fi', DK: 'da', EE: 'et', LT: 'lt', DE: 'de' };

/**
 * What every Food Commons element shares: the common attributes (`api`, `municipality`, `lang`),
 * the language (its own `lang`, else the nearest `[lang]` ancestor, else `<html lang>`, followed
 * live; on a page without a language, that of the municipality's country, else the browser's), loading / empty / error states, `fc-…` events, and a render that never throws into the
 * host page. `E` maps the `fc-…` events the element fires to their `detail` (see events.ts).
 */
export class FcElement<E extends FcEvents = FcEvents> extends LitElement {
  static override properties: PropertyDeclarations = {
    api: { type: String },
    municipality: { type: String },
    lang: { type: String },
  };

  /** Base URL of the Food Commons API; defaults to the origin the script was loaded from. */
  declare api: string;
  /** One municipality code or a comma list ("NO-3901" or "SE-0181,SE-0180"). */
  declare municipality: string;
  /**
   * Interface language (nb, nn, sv, en, fi, da, de, et, lv, lt, pl); defaults to the page's, or on a
   * page without one to the municipality's country's (FI fi, DK da, EE et, LT lt, DE de, NO nb, SE sv).
   */
  declare lang: string;

  private static langObserver: MutationObserver | undefined;
  private static readonly instances = new Set<FcElement<FcEvents>>();

  constructor() {
    super();
    this.api = '';
    this.municipality = '';
    this.lang = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    FcElement.instances.add(this);
    if (!FcElement.langObserver && typeof MutationObserver !== 'undefined') {
      FcElement.langObserver = new MutationObserver(() => FcElement.instances.forEach((el) => el.requestUpdate()));
      FcElement.langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    FcElement.instances.delete(this);
  }

  /** The language in use. */
  get language(): Lang {
    const own = this.getAttribute('lang');
    if (own) return normalizeLang(own);
    const ancestor = this.parentElement?.closest('[lang]')?.getAttribute('lang');
    // A page that says no language: the country of the (first) municipality, then the browser's.
    return normalizeLang(
      ancestor || document.documentElement.lang || COUNTRY_LANGS[this.municipalities[0]?.slice(0, 2).toUpperCase() ?? ''] || navigator.language,
    );
  }

  /** Texts and formatters in the element's language (only the built-in ones until its chunk is in). */
  get l10n(): Localizer {
    const lang = this.language;
    return loadedLocalizer(lang) ?? coreLocalizer(lang);
  }

  /** The language whose texts are being loaded for this element, and the one that failed to load. */
  private languageLoading: Lang | undefined;
  private languageFailed: { lang: Lang; error: unknown } | undefined;

  /** Starts loading the language's texts; renders again when they are in (or failed). */
  private requestLanguage(lang: Lang): void {
    if (this.languageLoading === lang) return;
    this.languageLoading = lang;
    loadLocalizer(lang).then(
      () => {
        this.languageLoading = undefined;
        this.requestUpdate();
      },
      (error: unknown) => {
        this.languageLoading = undefined;
        this.languageFailed = { lang, error };
        this.requestUpdate();
      },
    );
  }

  /** Municipality codes from the `municipality` attribute. */
  get municipalities(): string[] {
    return splitList(this.municipality);
  }

  /** Dispatches an `fc-…` event that bubbles out of the shadow root. */
  protected emit<K extends keyof E & `fc-${string}`>(name: K, detail: E[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** The element's content; subclasses implement this instead of `render`. */
  protected renderContent(): unknown {
    return null;
  }

  protected override render(): unknown {
    const lang = this.language;
    if (!loadedLocalizer(lang)) {
      const failed = this.languageFailed?.lang === lang ? this.languageFailed.error : undefined;
      if (failed === undefined) this.requestLanguage(lang);
      return html`<div part="base" class="base" lang=${lang}>${
        failed === undefined
          ? this.renderLoading()
          : this.failed(failed, () => {
              this.languageFailed = undefined;
              this.requestUpdate();
            })
      }</div>`;
    }
    try {
      return html`<div part="base" class="base" lang=${lang}>${this.renderContent()}</div>`;
    } catch (error) {
      console.error(`<${this.localName}>:`, error);
      return html`<div part="base" class="base" lang=${this.language}>${this.renderError(error)}</div>`;
    }
  }

  /**
   * A task's states: loading (or `pending`, which may keep the last results on screen), the error
   * state with a retry that runs the task again, and `complete` with its value.
   */
  protected renderTask<T>(task: Task<never, T>, complete: (value: T) => unknown, pending = () => this.renderLoading()): unknown {
    return task.render({ initial: () => this.renderLoading(), pending, error: (e) => this.failed(e, () => void task.run()), complete });
  }

  protected renderLoading(): TemplateResult {
    return html`<div class="state loading" part="state loading" role="status" aria-live="polite">${this.l10n.t('loading')}</div>`;
  }

  protected renderEmpty(text = this.l10n.t('empty')): TemplateResult {
    return html`<div class="state empty" part="state empty" role="status">${text}</div>`;
  }

  /** The error state: what failed (the API's own message when it gave one) and a retry button. */
  protected renderError(error: unknown, retry?: () => void): TemplateResult {
    const detail = error instanceof FcLoadError && error.kind !== 'network' ? error.message : '';
    return html`<div class="state error" part="state error" role="alert">
      <p>${this.l10n.t('error')}${detail ? html` <span class="detail">(${detail})</span>` : ''}</p>
      ${retry ? html`<button type="button" @click=${retry}>${this.l10n.t('retry')}</button>` : ''}
    </div>`;
  }

  /** Reports a failed load as an `fc-error` event (once per failure) and renders the error state. */
  protected failed(error: unknown, retry: () => void): TemplateResult {
    if (this.reportedError !== error) {
      this.reportedError = error;
      queueMicrotask(() => this.emit('fc-error', { message: error instanceof Error ? error.message : String(error) }));
    }
    return this.renderError(error, retry);
  }
  private reportedError: unknown;
}
