// Small enhancements only: every page works without this script.
(function () {
  'use strict';
  // A select marked data-autosubmit submits its form on change; its button stays for no-JS use.
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { if (select.form) select.form.requestSubmit(); });
  });
  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
  // A button marked data-requires-check is enabled only while the named checkbox is ticked.
  document.querySelectorAll('[data-requires-check]').forEach(function (button) {
    var box = document.getElementById(button.getAttribute('data-requires-check'));
    if (!box) return;
    var sync = function () { button.disabled = !box.checked; };
    box.addEventListener('change', sync);
    sync();
  });
  // «Показать пароль» beside every password field: on a small keyboard one wants to see what was
  // typed. The name stays; aria-pressed says whether the password is shown.
  document.querySelectorAll('input[type="password"]').forEach(function (input) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary password-toggle';
    button.textContent = 'Показать пароль';
    button.setAttribute('aria-pressed', 'false');
    if (input.id) button.setAttribute('aria-controls', input.id);
    button.addEventListener('click', function () {
      var show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      button.setAttribute('aria-pressed', show ? 'true' : 'false');
    });
    input.insertAdjacentElement('afterend', button);
  });
  // The several-accounts pay form: its total follows the amounts as they are typed (the server
  // adds them up again; an amount that does not read as one counts as nothing, as there).
  document.querySelectorAll('[data-parts-total]').forEach(function (total) {
    var form = total.closest('form');
    if (!form) return;
    var inputs = form.querySelectorAll('input[name^="part-"]');
    var kopecks = function (text) {
      var m = /^(\d{1,9})(?:[.,](\d{1,2}))?(?:₽|руб\.?)?$/.exec(text.replace(/[\s\u00a0]/g, ''));
      return m ? Number(m[1]) * 100 + Number((m[2] || '0').padEnd(2, '0')) : 0;
    };
    var rubles = function (k) {
      var whole = String(Math.floor(k / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
      var fraction = k % 100;
      return whole + ',' + (fraction < 10 ? '0' : '') + fraction + '\u00a0₽';
    };
    var sync = function () {
      var sum = 0;
      inputs.forEach(function (input) { sum += kopecks(input.value); });
      total.textContent = rubles(sum);
    };
    inputs.forEach(function (input) { input.addEventListener('input', sync); });
  });
})();
