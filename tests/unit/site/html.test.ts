import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { html, raw } from '../../../site/views/html.ts';

describe('html template', () => {
  it('escapes interpolated text, including attribute quotes', () => {
    const evil = `"><script>alert('x')</script>&`;
    assert.equal(html`<input value="${evil}">`.value, '<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">');
  });

  it('keeps nested templates and trusted markup, joins arrays, drops empty values', () => {
    const items = ['a', '<b>'].map((x) => html`<li>${x}</li>`);
    assert.equal(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<hr>')}${0}`.value, '<ul><li>a</li><li>&lt;b&gt;</li></ul><hr>0');
  });
});
