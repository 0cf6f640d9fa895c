/* Security keys and passkeys (WebAuthn) on the staff and partner pages: adding a key on the
 * account page, and "Use a security key" on the second-factor page. Without this script (or
 * without WebAuthn in the browser) the page keeps its message saying so, and the code field works.
 * For each form[data-webauthn]: POST the CSRF token to data-options for the options (JSON; the
 * server keeps the challenge in the session), run the browser's ceremony through
 * @simplewebauthn/browser (served from this site), put its answer in the hidden `response` field
 * and submit the form as usual. The server checks everything; nothing here is trusted. */
(function () {
  'use strict';
  var lib = window.SimpleWebAuthnBrowser;
  if (!lib || !lib.browserSupportsWebAuthn()) return;
  var forms = document.querySelectorAll('form[data-webauthn]');
  Array.prototype.forEach.call(forms, function (form) {
    var box = form.closest('[data-webauthn-box]') || form.parentNode;
    var unavailable = box.querySelector('[data-webauthn-unavailable]');
    var controls = form.querySelector('[data-webauthn-controls]');
    var status = box.querySelector('[data-webauthn-status]');
    var button = form.querySelector('button[type="submit"]');
    if (unavailable) unavailable.hidden = true;
    if (controls) controls.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!form.reportValidity()) return;
      button.disabled = true;
      status.textContent = form.getAttribute('data-waiting');
      var body = new URLSearchParams();
      body.set('_csrf', form.elements._csrf.value);
      fetch(form.getAttribute('data-options'), {
        method: 'POST',
        body: body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      })
        .then(function (answer) {
          if (!answer.ok) throw new Error('options: ' + answer.status);
          return answer.json();
        })
        .then(function (optionsJSON) {
          return form.getAttribute('data-webauthn') === 'register'
            ? lib.startRegistration({ optionsJSON: optionsJSON })
            : lib.startAuthentication({ optionsJSON: optionsJSON });
        })
        .then(function (result) {
          form.elements.response.value = JSON.stringify(result);
          form.submit();
        })
        .catch(function () {
          status.textContent = form.getAttribute('data-failed');
          button.disabled = false;
          button.focus();
        });
    });
  });
})();
