// herald serve: live reload. Injected into every HTML page the preview server sends (never into
// built files). Listens to the server's build events: reloads the page when the site changed,
// keeping the scroll position; swaps stylesheets when only CSS changed; shows build errors over
// the page until they are fixed; reconnects when the server restarts.
(function () {
  'use strict';
  // A preview panel inside a page reloads with that page: one event stream is enough.
  if (window.top !== window && document.documentElement.hasAttribute('data-herald-panel')) return;
  var script = document.currentScript;
  var build = script ? script.getAttribute('data-build') : '';
  var scrollKey = 'herald-scroll:' + location.pathname;
  // The state of the connection, for the curious (and for tests).
  var status = window.__herald = { build: build, connected: false };

  // Put the page back where the reader was before the reload.
  var saved = sessionStorage.getItem(scrollKey);
  if (saved) {
    sessionStorage.removeItem(scrollKey);
    try {
      var pos = JSON.parse(saved);
      if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
      var restore = function () { window.scrollTo(pos[0], pos[1]); };
      restore();
      window.addEventListener('load', restore);
    } catch (e) { /* a stale value: ignore it */ }
  }

  function reload() {
    sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set('herald-reload', String(Date.now()));
      var next = link.cloneNode(false);
      next.href = url.href;
      // Remove the old sheet only once the new one applies, so that nothing flashes.
      next.onload = next.onerror = function () { link.remove(); };
      link.after(next);
    });
  }

  var overlay = null;
  function showError(message) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'herald-error-overlay';
      overlay.setAttribute('role', 'alertdialog');
      overlay.setAttribute('aria-label', 'The site does not build');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;' +
        'background:rgba(20,20,24,.94);color:#f5f5f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;';
      var title = document.createElement('p');
      title.style.cssText = 'margin:0 0 1rem;font-size:16px;font-weight:bold;color:#ff8a80;';
      title.textContent = 'herald: the site does not build. The page shows the last good build.';
      var pre = document.createElement('pre');
      pre.style.cssText = 'margin:0;white-space:pre-wrap;';
      var note = document.createElement('p');
      note.style.cssText = 'margin:1rem 0 0;color:#bbb;';
      note.textContent = 'Fix the file and save: this page reloads by itself.';
      overlay.appendChild(title);
      overlay.appendChild(pre);
      overlay.appendChild(note);
      (document.body || document.documentElement).appendChild(overlay);
    }
    overlay.querySelector('pre').textContent = message;
  }

  function connect() {
    var source = new EventSource('/__herald/events');
    source.addEventListener('hello', function (e) {
      var d = JSON.parse(e.data);
      status.connected = true;
      if (d.error) {
        showError(d.error);
      } else if (overlay || d.build !== build) {
        // Fixed meanwhile, changed while we were away, or a restarted server: catch up.
        reload();
      }
    });
    source.addEventListener('reload', function () { reload(); });
    source.addEventListener('css', function (e) {
      build = status.build = JSON.parse(e.data).build;
      if (overlay) { reload(); } else { swapStylesheets(); }
    });
    source.addEventListener('build-error', function (e) { showError(JSON.parse(e.data).error); });
    source.onerror = function () {
      status.connected = false;
      // The browser retries by itself unless the connection failed for good; then retry here.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    };
  }
  connect();
})();
