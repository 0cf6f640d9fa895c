/* Rollcall's end page: the resume link (views/voter/_resume-link.njk) gets a copy button. Without
   JavaScript the link is a read-only field the voter selects and copies; with it, the button copies
   the link and the page's live region says so (screen readers announce it). Plain JS. */
(function () {
  'use strict';
  var buttons = document.querySelectorAll('button[data-copy]');
  for (var i = 0; i < buttons.length; i++) enhance(buttons[i]);

  function enhance(button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.getElementById(button.getAttribute('data-status'));
    if (!field || !status) return;
    button.hidden = false;
    function say(text) {
      // Emptied first, so the same words said twice are announced twice.
      status.textContent = '';
      window.setTimeout(function () {
        status.textContent = text;
      }, 50);
    }
    function byHand() {
      field.focus();
      field.select();
      var copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      say(button.getAttribute(copied ? 'data-copied' : 'data-select'));
    }
    button.addEventListener('click', function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          say(button.getAttribute('data-copied'));
        }, byHand);
      } else byHand();
    });
  }
})();
