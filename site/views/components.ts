// Form pieces following GOV.UK Frontend's habits: an error summary at the top linking to each
// field, a label on every input, the field's own error beside it.
import type { FieldError } from '../../shared/errors.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The error summary's id: a form posts to `<path>#errors` (errorsAnchor), so without JavaScript
 * the page it gets back opens at its errors, however far down the form is (with JavaScript,
 * site.js moves the focus there too). A page shows at most one failed form.
 */
export const ERRORS_ID = 'errors';
export const errorsAnchor = (path: string) => `${path}#${ERRORS_ID}`;

export function errorSummary(errors: FieldError[], title = 'Исправьте ошибки'): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div id="${ERRORS_ID}" class="error-summary" role="alert" tabindex="-1" data-error-summary>
    <h2 class="error-summary__title">${title}</h2>
    <ul>${errors.map((e) => html`<li><a href="#${fieldId(e.field)}">${e.message}</a></li>`)}</ul>
  </div>`;
}

/** A refusal of the whole form (no field to point at) in the error summary's place. */
export function refusalSummary(message: string | SafeHtml): SafeHtml {
  return html`<div id="${ERRORS_ID}" class="error-summary" role="alert" tabindex="-1" data-error-summary><p>${message}</p></div>`;
}

export function notice(kind: 'success' | 'info' | 'warning', text: string | SafeHtml): SafeHtml {
  return html`<div class="notice notice--${kind}" role="${kind === 'warning' ? 'alert' : 'status'}">${text}</div>`;
}

export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

export interface FieldOptions {
  name: string;
  label: string;
  value?: string | null;
  type?: string;
  hint?: string;
  error?: string;
  autocomplete?: string;
  inputmode?: string;
  required?: boolean;
}

export function field(o: FieldOptions): SafeHtml {
  const id = fieldId(o.name);
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' field--error' : ''}">
    <label for="${id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="field-error" id="${id}-error">${o.error}</p>` : ''}
    <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"
      ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ''}
      ${o.inputmode ? html`inputmode="${o.inputmode}"` : ''}
      ${describedBy ? html`aria-describedby="${describedBy}"` : ''}
      ${o.error ? html`aria-invalid="true"` : ''}
      ${o.required ? html`required` : ''}>
  </div>`;
}

export const csrfInput = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

export function errorFor(errors: FieldError[], name: string): string | undefined {
  return errors.find((e) => e.field === name)?.message;
}
