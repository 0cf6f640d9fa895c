/* Rollcall, inside a partner's iframe: tells the host page this page's height, the voter's
   progress (started, completed) and, on each page, which page it is, whether it shows errors and
   the registration's resume path (so widget.js can bring the page's top on screen and resume
   after a reload), posting only to the partner's declared origins. Plain JS. */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || window.parent === window) return;
  var origins = (me.getAttribute('data-origins') || '').split(' ').filter(Boolean);
  var event = me.getAttribute('data-event') || '';
  function post(message) {
    message.rollcall = 1;
    for (var i = 0; i < origins.length; i++) {
      try {
        window.parent.postMessage(message, origins[i]);
      } catch {
        /* a malformed origin: skip it */
      }
    }
  }
  var last = 0;
  function reportHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      post({ type: 'resize', height: height });
    }
  }
  if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.documentElement);
  window.addEventListener('load', reportHeight);
  reportHeight();
  if (event) post({ type: 'event', event: event });

  // A refused step: the error summary takes the focus, so it is read first (widget.js scrolls it
  // on screen; preventScroll keeps the browser from scrolling the host page its own way).
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus({ preventScroll: true });
  post({
    type: 'page',
    // The last part of the path: '' (start), a step's name, 'stop' or 'done'. Never the answers.
    page: window.location.pathname.split('/').pop() || '',
    errors: !!summary,
    // '/r/<token>' while the registration is in progress; '' (forget it) on the start and done pages.
    resume: me.getAttribute('data-resume') || '',
  });
})();
