/* Rollcall's password fields (views/macros/password.njk): staff and partner sign-in and set-password
   pages. Progressive enhancement only: without this script the fields are plain password inputs
   and the server still judges a new password (and explains a refusal).
   1. "Show password" (ASVS 2.1.12): the hidden toggle buttons are shown; each switches its field
      between type=password and type=text and says which with aria-pressed. A native <button>, so
      Enter and Space work and it sits in the tab order after its field.
   2. The strength meter (ASVS 2.1.8): once typing pauses, the password is posted (with the page's
      CSRF token) to the meter's scoring endpoint on this server, which answers the level and
      zxcvbn's feedback in the page's language (auth/password-strength-route.ts says why the server
      scores, not this script). The words go in a polite live region; the bar only repeats them.
   Plain ES5, no library. */
(function () {
  'use strict';
  var i;
  var toggles = document.querySelectorAll('button[data-password-toggle]');
  for (i = 0; i < toggles.length; i++) enhanceToggle(toggles[i]);
  var meters = document.querySelectorAll('[data-meter-for]');
  for (i = 0; i < meters.length; i++) enhanceMeter(meters[i]);

  function enhanceToggle(button) {
    var field = document.getElementById(button.getAttribute('data-password-toggle'));
    if (!field) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var show = field.type === 'password';
      field.type = show ? 'text' : 'password';
      button.setAttribute('aria-pressed', show ? 'true' : 'false');
    });
    // Never submitted as visible text (a browser may otherwise store it as a plain form value).
    if (field.form)
      field.form.addEventListener('submit', function () {
        field.type = 'password';
        button.setAttribute('aria-pressed', 'false');
      });
  }

  function enhanceMeter(meter) {
    var field = document.getElementById(meter.getAttribute('data-meter-for'));
    var url = meter.getAttribute('data-meter-url');
    var text = meter.querySelector('.rc-meter__text');
    var fill = meter.querySelector('.rc-meter__fill');
    if (!field || !url || !text || !fill || !field.form || !window.fetch || !window.URLSearchParams) return;
    var csrf = field.form.elements._csrf;
    var token = field.form.elements.token;
    if (!csrf) return;
    meter.hidden = false;
    var described = field.getAttribute('aria-describedby');
    field.setAttribute('aria-describedby', (described ? described + ' ' : '') + text.id);
    var timer = null;
    var asked = 0;

    function show(answer) {
      while (text.firstChild) text.removeChild(text.firstChild);
      if (!answer) {
        fill.setAttribute('data-score', 'none');
        return;
      }
      fill.setAttribute('data-score', answer.acceptable ? String(answer.score) : String(Math.min(answer.score, 1)));
      var level = document.createElement('p');
      level.className = 'margin-0';
      level.textContent = answer.level;
      text.appendChild(level);
      var lines = (answer.warning ? [answer.warning] : []).concat(answer.suggestions || []);
      if (lines.length) {
        var list = document.createElement('ul');
        for (var k = 0; k < lines.length; k++) {
          var item = document.createElement('li');
          item.textContent = lines[k];
          list.appendChild(item);
        }
        text.appendChild(list);
      }
    }

    function ask() {
      var mine = ++asked;
      if (!field.value) return show(null);
      var body = new URLSearchParams();
      body.set('_csrf', csrf.value);
      body.set('password', field.value);
      if (token) body.set('token', token.value);
      window
        .fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
        })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(
          function (answer) {
            // An older answer arriving after a newer question is dropped; a refusal (limit, expired page) leaves the last words.
            if (mine === asked && answer) show(answer);
          },
          function () {},
        );
    }

    field.addEventListener('input', function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(ask, 400);
    });
  }
})();
