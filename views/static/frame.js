/* Rollcall, inside a partner's iframe: tells the host page this page's height and the voter's
   progress (started, completed), posting only to the partner's declared origins. Plain JS. */
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
})();
