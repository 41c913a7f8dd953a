// herald serve: the share and search preview. Injected into every HTML page the preview server
// sends (never into built files). Adds a button in the bottom right corner, and the shortcut
// Alt+Shift+P, that open a panel beside the page with /__herald/preview/<this page>; the panel
// stays open across the reloads of live reload (sessionStorage), and opens by itself on an
// address ending in #herald-preview. Inside the panel itself, the
// same script makes Esc and the shortcut close it.
(function () {
  'use strict';
  var KEY = 'herald-preview-open';
  var WIDTH = 560;
  function isShortcut(e) {
    return e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyP';
  }

  if (document.documentElement.hasAttribute('data-herald-panel')) {
    document.addEventListener('keydown', function (e) {
      if ((e.key === 'Escape' || isShortcut(e)) && window.parent !== window && window.parent.__heraldPreview) {
        e.preventDefault();
        window.parent.__heraldPreview.close();
      }
    });
    // A finding's absolute path:line:col, for an editor's "open" box or a terminal.
    document.addEventListener('click', function (e) {
      var button = e.target.closest && e.target.closest('button.copy');
      var text = button && button.previousElementSibling && button.previousElementSibling.textContent;
      if (!text || !navigator.clipboard) return;
      navigator.clipboard.writeText(text).then(function () { button.textContent = 'Copied'; }, function () {});
    });
    return;
  }
  if (window.top !== window) return;

  var host = document.createElement('div');
  host.id = 'herald-preview-host';
  // Nothing of the page's styles reaches the shadow tree, and nothing of ours leaves it.
  var root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    '<style>' +
    ':host{all:initial}' +
    'button{position:fixed;right:16px;bottom:16px;z-index:2147483646;font:600 13px/1 system-ui,sans-serif;' +
    'padding:10px 14px;border-radius:20px;border:1px solid #5f6368;background:#fff;color:#1f1f1f;cursor:pointer;box-shadow:0 2px 6px rgba(0,0,0,.25)}' +
    'button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}' +
    'aside{position:fixed;top:0;right:0;bottom:0;width:' + WIDTH + 'px;max-width:100vw;z-index:2147483645;' +
    'border-left:1px solid #5f6368;background:#fff;box-shadow:-2px 0 8px rgba(0,0,0,.2)}' +
    'aside[hidden]{display:none}iframe{border:0;width:100%;height:100%;display:block}' +
    '@media (prefers-color-scheme:dark){button{background:#2a2a2a;color:#e8eaed}aside{background:#1f1f1f}}' +
    '</style>' +
    '<aside id="panel" aria-label="Share and search preview" hidden></aside>' +
    '<button type="button" id="toggle" aria-controls="panel" aria-expanded="false" aria-keyshortcuts="Alt+Shift+P"' +
    ' title="Share and search preview (Alt+Shift+P)">Share preview</button>';
  var panel = root.getElementById('panel');
  var button = root.getElementById('toggle');
  var marginBefore = null;

  function open(focus) {
    if (!panel.firstChild) {
      var frame = document.createElement('iframe');
      frame.title = 'Share and search preview of this page';
      frame.src = '/__herald/preview' + location.pathname;
      if (focus) {
        frame.addEventListener('load', function () {
          var h = frame.contentDocument && frame.contentDocument.getElementById('panel-title');
          if (h) h.focus();
        }, { once: true });
      }
      panel.appendChild(frame);
    }
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Close preview';
    sessionStorage.setItem(KEY, '1');
    // Beside the page rather than over it, where the window is wide enough for both.
    if (window.innerWidth >= 2 * WIDTH) {
      marginBefore = document.documentElement.style.marginRight;
      document.documentElement.style.marginRight = WIDTH + 'px';
    }
    // On the page's side of the panel, where it covers none of the panel's text.
    button.style.right = panel.getBoundingClientRect().width < window.innerWidth ? (WIDTH + 16) + 'px' : '';
  }

  function close() {
    panel.hidden = true;
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    button.setAttribute('aria-expanded', 'false');
    button.textContent = 'Share preview';
    button.style.right = '';
    sessionStorage.removeItem(KEY);
    if (marginBefore !== null) {
      document.documentElement.style.marginRight = marginBefore;
      marginBefore = null;
    }
    button.focus();
  }

  function toggle(focus) { if (panel.hidden) open(focus); else close(); }

  button.addEventListener('click', function () { toggle(true); });
  document.addEventListener('keydown', function (e) {
    if (isShortcut(e)) { e.preventDefault(); toggle(true); }
    else if (e.key === 'Escape' && !panel.hidden) { close(); }
  });
  window.__heraldPreview = { open: function () { open(true); }, close: close };

  function attach() {
    document.body.appendChild(host);
    // Open across reloads, or when the address asks for it (a link to a page with `#herald-preview`).
    if (sessionStorage.getItem(KEY) || location.hash === '#herald-preview') open(false);
  }
  if (document.body) attach(); else document.addEventListener('DOMContentLoaded', attach);
})();
