// herald search: searches the Pagefind index in place of the search page's round trip.
// Without this script, the search form opens the search page. Pagefind's script and index are
// loaded only when the reader starts searching, so pages cost nothing more to load.
(function () {
  "use strict";

  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-search]"));
  if (!forms.length || !("fetch" in window)) {
    return;
  }
  var pagefind = null;
  var filtersShown = null;
  var selected = { section: [], tag: [] };
  var lastTerm = "";
  var runs = 0;
  var ui = null;

  function load(bundle) {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        var base = bundle.slice(0, bundle.length - "pagefind/".length);
        return pf.options({ baseUrl: base, excerptLength: 24 }).then(function () {
          return pf;
        });
      }).catch(function (e) {
        // Not cached: the next keystroke tries again (the preview may still be indexing).
        pagefind = null;
        throw e;
      });
    }
    return pagefind;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // Where results go: the search page's own area, else a panel below the header's form.
  function panel(form) {
    if (ui) return ui;
    var root = document.querySelector("[data-search-results]");
    if (!root) {
      root = el("div", "search-panel");
      form.parentNode.insertBefore(root, form.nextSibling);
    }
    var status = el("p", "search-status");
    status.setAttribute("role", "status");
    var filters = el("div", "search-filters");
    var list = el("ol", "search-list");
    list.setAttribute("aria-label", "Search results");
    root.appendChild(status);
    root.appendChild(filters);
    root.appendChild(list);
    ui = { root: root, form: form, status: status, filters: filters, list: list };
    return ui;
  }

  // Pagefind marks the match with <mark>; keep that element and nothing else of the excerpt.
  function excerpt(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    var p = el("p", "search-excerpt");
    t.content.childNodes.forEach(function (n) {
      var keep = n.nodeName === "MARK" ? el("mark", "", n.textContent) : document.createTextNode(n.textContent);
      p.appendChild(keep);
    });
    return p;
  }

  function renderFilters(pf, form) {
    if (filtersShown) return;
    filtersShown = pf.filters().then(function (all) {
      var box = panel(form).filters;
      [["section", "Section"], ["tag", "Tag"]].forEach(function (kind) {
        var values = Object.keys(all[kind[0]] || {}).sort();
        if (!values.length) return;
        var set = el("fieldset", "search-filter");
        set.appendChild(el("legend", "", kind[1]));
        values.forEach(function (v) {
          var label = el("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.value = v;
          box.dataset.filter = kind[0];
          box.addEventListener("change", function () {
            selected[kind[0]] = Array.prototype.slice
              .call(set.querySelectorAll("input:checked"))
              .map(function (i) { return i.value; });
            run(form, lastTerm);
          });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + v));
          set.appendChild(label);
        });
        box.appendChild(set);
      });
    });
  }

  function run(form, term) {
    lastTerm = term;
    var run = ++runs;
    var view = panel(form);
    if (!term.trim()) {
      view.list.textContent = "";
      view.status.textContent = "";
      return;
    }
    load(form.dataset.bundle).then(function (pf) {
      renderFilters(pf, form);
      var filters = {};
      ["section", "tag"].forEach(function (k) {
        if (selected[k].length) filters[k] = { any: selected[k] };
      });
      return pf.search(term, { filters: filters }).then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (data) {
          if (run !== runs) return;
          show(view, term, found.results.length, data);
        });
      });
    }).catch(function () {
      view.status.textContent = "Search could not load. Try again later.";
    });
  }

  function show(view, term, count, data) {
    view.list.textContent = "";
    data.forEach(function (d) {
      var li = el("li", "search-result");
      var a = el("a", "", (d.meta && d.meta.title) || d.url);
      a.href = d.url;
      li.appendChild(a);
      if (d.meta && d.meta.section) li.appendChild(el("span", "search-section", d.meta.section));
      li.appendChild(excerpt(d.excerpt || ""));
      view.list.appendChild(li);
    });
    view.status.textContent = count === 0
      ? "No results for “" + term + "”."
      : count + (count === 1 ? " result" : " results") + " for “" + term + "”.";
  }

  function links() {
    return ui ? Array.prototype.slice.call(ui.list.querySelectorAll("a")) : [];
  }

  // Arrow keys move between the field and the results; Enter opens the focused result.
  function move(e) {
    var all = links();
    var t = e.target;
    if (!all.length || !(ui.root.contains(t) || (t.closest && t.closest("form[data-search]")))) return;
    var i = all.indexOf(document.activeElement);
    var next = e.key === "ArrowDown" ? i + 1 : i - 1;
    e.preventDefault();
    if (next < 0) ui.form.querySelector("input[type=search]").focus();
    else all[Math.min(next, all.length - 1)].focus();
  }

  forms.forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var timer = 0;
    input.addEventListener("focus", function () { load(form.dataset.bundle); }, { once: true });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(form, input.value); }, 120);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run(form, input.value);
    });
    var params = new URLSearchParams(location.search);
    if (form.closest("main") && params.get("q")) {
      input.value = params.get("q");
      run(form, input.value);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (ui && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      move(e);
      return;
    }
    var t = e.target;
    var typing = t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      var main = document.querySelector("main form[data-search] input[type=search]");
      (main || forms[0].querySelector("input[type=search]")).focus();
    }
  });
})();
