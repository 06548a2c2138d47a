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
})();
