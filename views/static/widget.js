/* Rollcall widget: <script src="https://ROLLCALL/widget.js" data-partner="ID" async></script>
   Options (data- attributes): data-language="en|es", data-mode="inline|button",
   data-button-text, data-source, data-tracking, data-zip, data-email. utm_* parameters of the
   host page's address are passed on. Inserts an iframe with the voter flow right after this tag,
   grows it to fit its content, and re-dispatches the flow's events on this script element and on
   document as "rollcall:started" / "rollcall:completed" (detail: {partner}). After each page the
   voter moves to, it brings the iframe's top on screen. It keeps the registration's resume path
   (/r/<token>, sent by the flow) in this tab's sessionStorage, so a reload of the page resumes
   rather than starting over; the flow's done page makes it forget. Plain JS, no framework. */
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

  // The resume path: sessionStorage (ends with the tab, for a shared computer), never localStorage.
  // Only a path of exactly this shape is used, and only its token is sent, to Rollcall's own start
  // page, which resumes a registration of this partner still in progress and nothing else.
  var KEY = 'rollcall:' + data.partner;
  var RESUME = /^\/r\/([A-Za-z0-9_-]{43})$/;
  function remember(path) {
    try {
      if (RESUME.test(path)) window.sessionStorage.setItem(KEY, path);
      else window.sessionStorage.removeItem(KEY);
    } catch {
      /* storage refused: no resume */
    }
  }
  var seen = {};
  var resume = null;
  try {
    resume = RESUME.exec(window.sessionStorage.getItem(KEY) || '');
  } catch {
    /* storage refused */
  }
  if (resume) {
    query.set('resume', resume[1]);
    seen.started = true; // announced when this tab began the registration
  }

  var iframe = document.createElement('iframe');
  iframe.src = base + '/?' + query.toString();
  iframe.title = data.language === 'es' ? 'Inscripción para votar' : 'Voter registration';
  iframe.setAttribute('data-rollcall', '');
  iframe.style.cssText = 'display:block;width:100%;max-width:100%;border:0;height:640px;';

  // After "Save and continue" (a new page in the iframe) the host page would keep its scroll
  // position, leaving a phone's screen mid-page: bring the frame's top (the overlay's, with its
  // Close button) on screen when it is not. Not on the first page, nor on a reload of the same
  // page (the done page refreshing), unless it shows errors.
  var box = iframe;
  var lastPage = null;
  function bringIntoView() {
    var top = box.getBoundingClientRect().top;
    if (top < -1 || top >= window.innerHeight) box.scrollIntoView({ block: 'start' });
  }

  window.addEventListener('message', function (e) {
    if (e.origin !== base || e.source !== iframe.contentWindow || !e.data || e.data.rollcall !== 1) return;
    if (e.data.type === 'resize' && typeof e.data.height === 'number' && e.data.height > 0) {
      iframe.style.height = Math.min(e.data.height, 20000) + 'px';
    } else if (e.data.type === 'event' && (e.data.event === 'started' || e.data.event === 'completed') && !seen[e.data.event]) {
      seen[e.data.event] = true;
      var detail = { partner: data.partner };
      script.dispatchEvent(new CustomEvent('rollcall:' + e.data.event, { detail: detail, bubbles: true }));
    } else if (e.data.type === 'page' && typeof e.data.page === 'string' && typeof e.data.resume === 'string') {
      remember(e.data.resume);
      if (lastPage !== null && (e.data.page !== lastPage || e.data.errors === true)) bringIntoView();
      lastPage = e.data.page;
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
  box = panel;
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
