/* Rollcall widget: <script src="https://ROLLCALL/widget.js" data-partner="ID" async></script>
   Options (data- attributes): data-language="en|es", data-mode="inline|button",
   data-button-text, data-source, data-tracking, data-zip, data-email. utm_* parameters of the
   host page's address are passed on. Inserts an iframe with the voter flow right after this tag,
   grows it to fit its content, and re-dispatches the flow's events on this script element and on
   document as "rollcall:started" / "rollcall:completed" (detail: {partner}). Plain JS, no framework. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-partner')) return;
  var base = new URL(script.src).origin;
  var data = script.dataset;
  var query = new URLSearchParams();
  query.set('partner', data.partner);
  if (data.language) query.set('lang', data.language);
  ['source', 'tracking', 'zip', 'email'].forEach(function (name) {
    if (data[name]) query.set(name, data[name]);
  });
  new URLSearchParams(window.location.search).forEach(function (value, name) {
    if (/^utm_(source|medium|campaign|term|content)$/.test(name)) query.set(name, value);
  });

  var iframe = document.createElement('iframe');
  iframe.src = base + '/?' + query.toString();
  iframe.title = data.language === 'es' ? 'Inscripción para votar' : 'Voter registration';
  iframe.setAttribute('data-rollcall', '');
  iframe.style.cssText = 'display:block;width:100%;max-width:100%;border:0;height:640px;';

  var seen = {};
  window.addEventListener('message', function (e) {
    if (e.origin !== base || e.source !== iframe.contentWindow || !e.data || e.data.rollcall !== 1) return;
    if (e.data.type === 'resize' && typeof e.data.height === 'number' && e.data.height > 0) {
      iframe.style.height = Math.min(e.data.height, 20000) + 'px';
    } else if (e.data.type === 'event' && (e.data.event === 'started' || e.data.event === 'completed') && !seen[e.data.event]) {
      seen[e.data.event] = true;
      var detail = { partner: data.partner };
      script.dispatchEvent(new CustomEvent('rollcall:' + e.data.event, { detail: detail, bubbles: true }));
    }
  });

  if (data.mode !== 'button') {
    script.parentNode.insertBefore(iframe, script.nextSibling);
    return;
  }

  // Button mode: a button that opens the flow in an overlay (a modal dialog; Escape or Close shuts it).
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = data.buttonText || (data.language === 'es' ? 'Inscríbase para votar' : 'Register to vote');
  var overlay = document.createElement('div');
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-modal', 'true');
  overlay.setAttribute('aria-label', iframe.title);
  overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6);overflow:auto;padding:16px;display:none;';
  var panel = document.createElement('div');
  panel.style.cssText = 'max-width:720px;margin:0 auto;background:#fff;';
  var close = document.createElement('button');
  close.type = 'button';
  close.textContent = data.language === 'es' ? 'Cerrar' : 'Close';
  close.style.cssText = 'display:block;margin-left:auto;';
  panel.appendChild(close);
  panel.appendChild(iframe);
  overlay.appendChild(panel);
  function shut() {
    overlay.style.display = 'none';
    button.focus();
  }
  button.addEventListener('click', function () {
    if (!overlay.parentNode) document.body.appendChild(overlay);
    overlay.style.display = 'block';
    close.focus();
  });
  close.addEventListener('click', shut);
  overlay.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') shut();
  });
  script.parentNode.insertBefore(button, script.nextSibling);
})();
